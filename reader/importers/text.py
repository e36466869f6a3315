"""Plain text articles: headline, section, byline and date from the first lines.

Text files saved from news sites or wire feeds tend to start the same way::

    World / Europe                  <- section or breadcrumb (optional)
    Trade talks stall in Geneva     <- headline
    By Jane Smith and Tom Lee | AP  <- byline (optional)
    March 3, 2025                   <- date (optional)

    GENEVA, March 3 (Reader Wire) - Body text ...

Each rule is conservative: a line that is not clearly a section, byline or date
stays in the text, where nothing is lost.
"""

from __future__ import annotations

import re

from reader.core.model import ArticleDraft
from reader.importers.base import ImportFailure
from reader.importers.cleanup import (
    MAX_HEADLINE,
    clean_line,
    clean_text,
    joins,
    paragraphs,
    short_title,
    word_set,
    wrap_width,
)
from reader.importers.dates import find_date, parse_date

NO_TEXT = "no text found"
_HEADER_LINES = 3  # byline and date lines looked for under the headline

_CRUMB_SEPARATOR = re.compile(r"\s+(?:/|\||>|»|›|·|::|→)\s+|\s*(?:»|›|→)\s*|(?<=\w)>(?=\w)")
_SECTION_PREFIX = re.compile(r"^(?:section|category|filed under|rubrique)\s*:\s*", re.IGNORECASE)
_SECTION_WORDS = word_set(
    """news world politics business economy markets money finance sport sports science
    technology tech health environment climate culture arts opinion analysis lifestyle
    travel education entertainment europe asia africa americas uk us national local
    international breaking"""
)
_BY = re.compile(r"^(?:by|from|words by|written by)\s+(?=[^\W\d_])", re.IGNORECASE)
_ORG_SEPARATOR = re.compile(r"\s*(?:,|\||/|·|•)\s*|\s+[-–—]\s+")
_PEOPLE_SEPARATOR = re.compile(r"\s*(?:,|&|\band\b)\s*")
_PARTICLES = word_set(
    """van von de der den da di du la le al el bin ibn dos das del della ter ten mac st"""
)
_NOT_NAMES = word_set(
    """the of in to for on at a an as with is are was were be after over under new says say
    said will how why what when who this that from into than more less about"""
)
_DATELINE = re.compile(r"^[^\W\d_][^\W\d_ .'’-]*(?:[ .'’-]+[^\W\d_]+){0,3},?\s+")


def parse_text(text: str, *, source_name: str = "") -> ArticleDraft:
    """An article from plain text; ``source_name`` titles text with no usable first line."""
    lines = [line.rstrip() for line in clean_text(text).split("\n")]
    index = _next_filled(lines, 0)
    if index is None:
        raise ImportFailure(NO_TEXT)
    width = wrap_width(lines)

    section = ""
    following = _next_filled(lines, index + 1)
    if following is not None and _is_section(lines[index]) and _is_headline(lines[following]):
        section = _section_name(lines[index])
        index = following

    first = lines[index]
    standalone = index + 1 >= len(lines) or not joins(first, lines[index + 1], width)
    if not (standalone and len(clean_line(first)) <= MAX_HEADLINE):
        body = paragraphs(lines[index:], width)
        title = short_title(body[0]) or source_name
        return ArticleDraft(title=title, text="\n\n".join(body), section=section)

    title = clean_line(first)
    byline, published, index = _read_header(lines, index + 1)
    body = paragraphs(lines[index:], width)
    if not published and body:
        published = dateline_date(body[0])
    return ArticleDraft(
        title=title or source_name,
        text="\n\n".join(body) or title,
        section=section,
        byline=byline,
        published=published,
    )


def dateline_date(paragraph: str) -> str:
    """The date of a wire dateline such as ``GENEVA, March 3, 2025 (Reader Wire) -``.

    Only a date with a year counts; ``GENEVA, March 3 -`` leaves the date unknown.
    """
    head = paragraph[:80]
    match = _DATELINE.match(head)
    if not match:
        return ""
    iso, start, _ = find_date(head)
    return iso if start == match.end() else ""


def split_byline(line: str) -> tuple[str, str]:
    """(byline, ISO date) if ``line`` is a recognisable byline, else ("", "")."""
    text = clean_line(line)
    if not text or len(text) > 150:
        return "", ""
    published, start, end = find_date(text)
    if published:
        text = (text[:start] + " " + text[end:]).strip()
        text = re.sub(r"\s+(?:on|,|\||·|•|[-–—])?\s*$", "", text).strip(" ,|·•-–—")
        text = re.sub(r"\s*(?:\||·|•)\s*(?=\||·|•|$)", "", text)
    by = _BY.match(text)
    if by:
        name = text[by.end() :].strip()
        if name[:1].isupper() and not name.endswith((".", "?", "!", ":")) and ":" not in name:
            return name, published
        return "", ""
    return (text, published) if _is_credit(text) else ("", "")


def _read_header(lines: list[str], index: int) -> tuple[str, str, int]:
    """Byline and date lines just under the headline; returns where the body starts."""
    byline = published = ""
    for _ in range(_HEADER_LINES):
        found = _next_filled(lines, index)
        if found is None:
            break
        line = lines[found]
        if not byline:
            name, date = split_byline(line)
            if name:
                byline, published = name, published or date
                index = found + 1
                continue
        if not published:
            date = parse_date(line)
            if date:
                published = date
                index = found + 1
                continue
        break
    return byline, published, index


def _next_filled(lines: list[str], index: int) -> int | None:
    for position in range(index, len(lines)):
        if lines[position].strip():
            return position
    return None


def _is_section(line: str) -> bool:
    """A breadcrumb (``News / World``, ``Home > Politics``) or a bare section name."""
    text = clean_line(line)
    if _SECTION_PREFIX.match(text):
        return len(text) <= 80
    if not text or len(text) > 60 or text[-1] in ".,;:!?\"'”’":
        return False
    parts = [part for part in _CRUMB_SEPARATOR.split(text) if part]
    if len(parts) >= 2:
        return all(_is_section_part(part) for part in parts)
    words = text.split()
    if len(words) <= 3 and text.isupper() and all(w.isalpha() or w == "&" for w in words):
        return True
    return all(word.lower().strip("&") in _SECTION_WORDS or word == "&" for word in words) and (
        len(words) <= 2
    )


def _is_section_part(part: str) -> bool:
    words = part.split()
    return 1 <= len(words) <= 3 and len(part) <= 25 and not any(c.isdigit() for c in part)


def _section_name(line: str) -> str:
    return _SECTION_PREFIX.sub("", clean_line(line))


def _is_headline(line: str) -> bool:
    """Whether the line after a would-be section can be the headline."""
    text = clean_line(line)
    return (
        2 <= len(text) <= MAX_HEADLINE
        and not (_BY.match(text) and split_byline(text)[0])
        and not parse_date(text)
        and not _is_section(text)
    )


def _is_credit(text: str) -> bool:
    """``Jane Smith``, ``Jane Smith and Tom Lee``, ``Jane Smith, Reuters``, ``J. Smith | AP``."""
    if _people(text):
        return True
    pieces = _ORG_SEPARATOR.split(text)
    return len(pieces) >= 2 and _people(", ".join(pieces[:-1])) and _is_org(pieces[-1])


def _people(text: str) -> bool:
    names = [name for name in _PEOPLE_SEPARATOR.split(text) if name]
    return bool(names) and len(names) <= 4 and all(_is_name(name) for name in names)


def _is_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 4:
        return False
    capitalised = 0
    for word in words:
        bare = word.strip(".'’-")
        if word.lower() in _NOT_NAMES:
            return False
        if word.lower() in _PARTICLES:
            continue
        if not bare or not bare[0].isupper() or not all(c.isalpha() or c in ".'’-" for c in word):
            return False
        capitalised += 1
    return capitalised >= 2


def _is_org(text: str) -> bool:
    words = text.split()
    return (
        1 <= len(words) <= 4
        and len(text) <= 40
        and all(w[0].isupper() or w.lower() in {"of", "the", "and", "de"} for w in words)
        and words[0][0].isupper()
    )
