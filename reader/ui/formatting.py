"""Turning stored values into what people read: dates, counts."""

from __future__ import annotations

from datetime import datetime


def short_date(value: str) -> str:
    """ISO dates as 2026-11-27; anything else shown as stored (trimmed)."""
    if not value:
        return ""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value.strip()[:32]
    return parsed.date().isoformat()


def local_datetime(value: str) -> str:
    """A stored UTC time stamp in the user's time zone, to the minute."""
    if not value:
        return ""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone()
    return parsed.strftime("%Y-%m-%d %H:%M")


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (plural_word or word + 's')}"
