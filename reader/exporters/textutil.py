"""Small text helpers shared by the exporters: safe links, text-fragment links, YAML
scalars and dates. Pure functions, no Qt."""

from __future__ import annotations

import json
import re
from datetime import datetime
from urllib.parse import quote, urlsplit

from reader.core.model import Highlight

_WEB_SCHEMES = frozenset({"http", "https"})
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def web_url(url: str) -> str:
    """`url` if it is an http(s) address that can be linked to, else "" (a
    "javascript:" or "data:" source never becomes a link)."""
    url = url.strip()
    if not url or any(c.isspace() or ord(c) < 32 for c in url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in _WEB_SCHEMES or not parts.netloc:
        return ""
    return url


def _fragment_text(text: str) -> str:
    # Text directives percent-encode "-", "," and "&" as well (they are its syntax).
    return quote(text, safe="").replace("-", "%2D")


def text_fragment_link(url: str, highlight: Highlight, words: int = 5) -> str:
    """A link that opens `url` scrolled to the highlighted words (a URL text fragment,
    as browsers and Readwise make them); "" without a web address. Long quotes are
    given by their first and last words."""
    base = web_url(url)
    if not base:
        return ""
    base = base.split("#", 1)[0]
    parts = highlight.exact.split()
    if not parts:
        return base
    if len(parts) <= 2 * words:
        directive = _fragment_text(" ".join(parts))
    else:
        directive = (
            _fragment_text(" ".join(parts[:words])) + "," + _fragment_text(" ".join(parts[-words:]))
        )
    return f"{base}#:~:text={directive}"


def yaml_string(value: str) -> str:
    """`value` as a double-quoted YAML scalar that reads back as exactly `value`: JSON's
    escaping (a JSON string is a YAML double-quoted scalar) plus escapes for what YAML
    does not allow raw or would fold (C1 controls, line and paragraph separators)."""
    dumped = json.dumps(value, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def day(stamp: str) -> str:
    """The date part of an ISO stamp ("2025-03-03T10:00:00+00:00" -> "2025-03-03")."""
    return stamp[:10] if len(stamp) >= 10 and stamp[4:5] == "-" else stamp


def readable_date(stamp: str) -> str:
    """ "3 March 2025" for an ISO date or date-time; the text itself otherwise."""
    try:
        when = datetime.fromisoformat(stamp.strip())
    except ValueError:
        return stamp.strip()
    return f"{when.day} {when:%B %Y}"


def utc_stamp(stamp: str) -> str:
    """An ISO date-time as xsd:dateTime in UTC with "Z" ("" if it is not one)."""
    from datetime import UTC

    try:
        when = datetime.fromisoformat(stamp.strip())
    except ValueError:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
