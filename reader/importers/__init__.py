"""Importers: article files and clipboard content to ArticleDraft. No Qt, no SQL.

Public API:

- ``iter_path(path)`` yields an ``ArticleDraft`` per article in the file and a
  ``RecordFailure`` per bad record in a many-article file (JSON, JSONL), so the
  caller can stream, show progress and cancel. A file that cannot be imported at all
  raises ``ImportFailure``: at the call for most problems, or while iterating if a
  streamed JSONL file turns out unreadable or empty of articles.
- ``load_path(path)`` is ``list(iter_path(path))``.
- ``from_text`` / ``from_html`` build one draft from clipboard text or markup.

Failure messages are short lower-case reasons ("the file is empty"); the caller
adds the file name.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from reader.core.model import ArticleDraft
from reader.importers.base import (
    MAX_FILE_BYTES,
    ImportFailure,
    ImportItem,
    RecordFailure,
)
from reader.importers.cleanup import MAX_HEADLINE, clean_line, drop_junk, short_title
from reader.importers.decoding import check_stream_head, decode_bytes
from reader.importers.files import check_file, check_size, os_failure, read_file, read_head
from reader.importers.html import declared_charset, parse_html
from reader.importers.htmltext import looks_like_html
from reader.importers.jsonfile import BackupOutOfOrder, iter_json, iter_jsonl_file
from reader.importers.markdown import parse_markdown
from reader.importers.text import parse_text

__all__ = [
    "MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "ImportFailure",
    "ImportItem",
    "RecordFailure",
    "from_html",
    "from_text",
    "iter_path",
    "load_path",
]

_KINDS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(_KINDS)
"""Suffixes with a dedicated importer, for file dialogs; others are sniffed."""

_SNIFF_BYTES = 8192


def load_path(path: Path) -> list[ImportItem]:
    """Every article in a file (see iter_path); raises ImportFailure for the whole file."""
    return list(iter_path(path))


def iter_path(path: Path) -> Iterator[ImportItem]:
    """Articles in a file, one at a time: ArticleDraft or RecordFailure per record.

    JSON Lines is streamed from disk with no whole-file size limit (each line is
    limited to MAX_FILE_BYTES instead); every other file is refused above
    MAX_FILE_BYTES before it is read.
    """
    path = Path(path)
    kind = _KINDS.get(path.suffix.lower(), "")
    size = check_file(path)
    if kind == "jsonl":
        check_stream_head(read_head(path, _SNIFF_BYTES))
        return _finished_stream(iter_jsonl_file(path))
    check_size(size)
    data = read_file(path)
    text = decode_bytes(data, declared=declared_charset(data) if kind in ("html", "") else "")
    return (_finished(item) for item in _parse(text, kind))


def from_text(text: str, *, source_name: str = "") -> ArticleDraft:
    """An article from plain text (the clipboard); ``source_name`` titles untitled text."""
    return _finished_draft(parse_text(text, source_name=source_name))


def from_html(html: str, *, url: str = "") -> ArticleDraft:
    """An article from HTML (the clipboard, a saved page); ``url`` where it came from."""
    return _finished_draft(parse_html(html, url=url))


def _parse(text: str, kind: str) -> Iterator[ImportItem]:
    if kind == "text":
        return iter([parse_text(text)])
    if kind == "markdown":
        return iter([parse_markdown(text)])
    if kind == "html":
        return iter([parse_html(text)])
    if kind == "json":
        return iter_json(text)
    return _sniffed(text)


def _sniffed(text: str) -> Iterator[ImportItem]:
    """A file with an unknown suffix: HTML, then JSON, then plain text."""
    if looks_like_html(text):
        return iter([parse_html(text)])
    if text.lstrip()[:1] in ("{", "["):
        try:
            return iter_json(text)
        except BackupOutOfOrder:
            raise
        except ImportFailure:
            pass  # "[Updated] ..." is text that merely starts like JSON
    return iter([parse_text(text)])


def _finished_stream(items: Iterator[ImportItem]) -> Iterator[ImportItem]:
    """A streamed file's items; an OS error mid-file becomes an ImportFailure."""
    try:
        for item in items:
            yield _finished(item)
    except OSError as exc:
        raise os_failure(exc) from exc


def _finished(item: ImportItem) -> ImportItem:
    return item if isinstance(item, RecordFailure) else _finished_draft(item)


_METADATA = ("title", "section", "byline", "source_url", "published", "site")


def _finished_draft(item: ArticleDraft) -> ArticleDraft:
    """What every draft promises: a one-line title of sensible length, non-empty text,
    no invisible control characters (a NUL from a JSON "\u0000") in any field."""
    if any(drop_junk(getattr(item, name)) != getattr(item, name) for name in _METADATA) or any(
        drop_junk(tag) != tag for tag in item.tags
    ):
        cleaned = {name: drop_junk(getattr(item, name)) for name in _METADATA}
        tags = tuple(dict.fromkeys(t for t in (clean_line(drop_junk(t)) for t in item.tags) if t))
        item = replace(item, text=drop_junk(item.text), tags=tags, **cleaned)
    title = item.title
    if len(title) > MAX_HEADLINE or "\n" in title or not title.strip():
        title = short_title(clean_line(title.replace("\n", " ")) or item.text)
    text = item.text if item.text.strip() else title
    if title is item.title and text is item.text:
        return item
    return replace(item, title=title, text=text)
