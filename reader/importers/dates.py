"""Recognising the dates news text is full of, without guessing at unclear ones."""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_TIME = (
    r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*(?:[a-z]{2,5}|[+-]\d{2}:?\d{2}))?)?"
)
_ISO = (
    r"(?P<iso>(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?)"
)
_FORMS = (
    _ISO,
    rf"{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+{_YEAR}{_TIME}",
    rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}{_TIME}",
    r"(?P<ymd_y>\d{4})/(?P<ymd_m>\d{1,2})/(?P<ymd_d>\d{1,2})",
    r"(?P<dot_d>\d{1,2})\.(?P<dot_m>\d{1,2})\.(?P<dot_y>\d{4})" + _TIME,
    r"(?P<sl_a>\d{1,2})/(?P<sl_b>\d{1,2})/(?P<sl_y>\d{4})" + _TIME,
)
_PREFIX = (
    r"(?:(?:first\s+|last\s+)?(?:published|updated|posted|modified|date|dated)"
    r"(?:\s+on)?\s*:?\s*)?"
)


@functools.cache
def _patterns(anywhere: bool) -> tuple[re.Pattern[str], ...]:
    """Compiled on first use: a dozen case-insensitive patterns cost start-up time."""
    if anywhere:
        return tuple(re.compile(rf"(?<!\w){_PREFIX}{form}(?!\w)", re.IGNORECASE) for form in _FORMS)
    return tuple(re.compile(rf"^{_PREFIX}{form}\s*$", re.IGNORECASE) for form in _FORMS)


def parse_date(value: str) -> str:
    """An ISO date for text that is only a date (with optional time and prefix), else ""."""
    value = value.strip()
    if not value or len(value) > 80:
        return ""
    for pattern in _patterns(anywhere=False):
        match = pattern.match(value)
        if match:
            return _to_iso(match)
    return ""


def find_date(text: str) -> tuple[str, int, int]:
    """The first clear date inside ``text``: (ISO date, start, end), or ("", -1, -1)."""
    found: tuple[str, int, int] = ("", -1, -1)
    for pattern in _patterns(anywhere=True):
        for match in pattern.finditer(text):
            iso = _to_iso(match)
            if iso and (found[1] < 0 or match.start() < found[1]):
                found = (iso, match.start(), match.end())
            if iso:
                break
    return found


def timestamp_date(value: float) -> str:
    """A Unix timestamp (seconds, or milliseconds as JSON exports often use) as ISO."""
    if value > 1e11:
        value /= 1000
    try:
        return datetime.fromtimestamp(value, tz=UTC).isoformat()
    except (OverflowError, OSError, ValueError):
        return ""


def _to_iso(match: re.Match[str]) -> str:
    groups: dict[str, str] = {name: value or "" for name, value in match.groupdict().items()}
    number = {name: int(value) for name, value in groups.items() if value.isdigit()}
    if groups.get("iso"):
        return _iso_as_found(groups["iso"])
    if groups.get("month"):
        return _valid(number["year"], _MONTHS[groups["month"].lower()], number["day"])
    if groups.get("ymd_y"):
        return _valid(number["ymd_y"], number["ymd_m"], number["ymd_d"])
    if groups.get("dot_y"):
        return _valid(number["dot_y"], number["dot_m"], number["dot_d"])
    first, second = number["sl_a"], number["sl_b"]
    if first > 12 >= second:
        return _valid(number["sl_y"], second, first)
    if second > 12 >= first:
        return _valid(number["sl_y"], first, second)
    return ""  # 03/04/2024: April or March? Not a clear date.


def _iso_as_found(value: str) -> str:
    """An ISO date or date-time, validated and written the standard way."""
    try:
        parsed = datetime.fromisoformat(value.upper().replace(" ", "T"))
    except ValueError:
        return ""
    if not 1800 <= parsed.year <= 2200:
        return ""
    return parsed.date().isoformat() if len(value) == 10 else parsed.isoformat()


def _valid(year: int, month: int, day: int) -> str:
    if not 1800 <= year <= 2200:
        return ""
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return ""
