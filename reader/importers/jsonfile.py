"""JSON and JSON Lines files: many articles at once, one bad record never costing the rest.

Accepted shapes: a list of article objects, a single object, an object with an
``articles`` (or ``items``/``data``/``entries``) list, or JSON Lines with one object
(or a list of them) per line. JSON Lines is streamed so that a file of 100,000
articles never needs to be in memory at once.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from reader.core.model import ArticleDraft
from reader.importers.base import MAX_FILE_BYTES, ImportFailure, ImportItem, RecordFailure
from reader.importers.cleanup import body_text, clean_line, split_headline
from reader.importers.dates import parse_date, timestamp_date
from reader.importers.htmltext import html_to_text, looks_like_html

NO_ARTICLES = "no articles found in the file"
_TEXT_KEYS = ("text", "body", "content", "article", "full_text", "fulltext")
_LIST_KEYS = ("articles", "items", "data", "entries", "records", "posts")
_NEED_TEXT = 'no text (expected a "text", "body" or "content" field)'


class BackupOutOfOrder(ImportFailure):
    """A full backup that was not recognised as one: refused, not imported as articles."""


def iter_json(text: str) -> Iterator[ImportItem]:
    """Articles from a whole JSON document (or JSON Lines saved as .json).

    The document is parsed at once, so a file that is not JSON at all raises here
    rather than during iteration.
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text.lstrip()[:1] in ("{", "["):
            return iter_json_lines(text.split("\n"))  # JSON Lines under a .json name
        raise ImportFailure(f"not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    except RecursionError as exc:
        raise ImportFailure("not valid JSON (nested too deeply)") from exc
    if isinstance(document, dict) and document.get("format") == "reader-backup":
        # Backups are recognised by the start of the file (reader.importers.backup); this
        # one had its "format" key far down (re-ordered keys): never import it as plain
        # articles, which would drop its annotations without a word.
        raise BackupOutOfOrder(
            "a Reader backup whose “format” key is not at the start of the file: put the"
            " “format” and “version” keys first to restore it"
        )
    records = _records(document)
    if not records:
        raise ImportFailure(NO_ARTICLES)
    return (
        record_draft(record, f"article {index}", index)
        for index, record in enumerate(records, start=1)
    )


def iter_jsonl_file(path: Path) -> Iterator[ImportItem]:
    """Articles from a JSON Lines file, read a line at a time."""
    with path.open("rb") as stream:
        head = stream.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # Rare enough to read whole; UTF-16 lines cannot be split as bytes.
            data = head + stream.read(MAX_FILE_BYTES)
            yield from iter_json_lines(data.decode("utf-16").split("\n"))
            return
        stream.seek(len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0)
        yield from iter_json_lines(_bounded_lines(stream), path=path)


def iter_json_lines(
    lines: Iterable[str | bytes | None], *, path: Path | None = None
) -> Iterator[ImportItem]:
    """One record per line; blank lines are skipped, a broken line is a RecordFailure."""
    found = False
    for number, line in enumerate(lines, start=1):
        where = f"line {number}"
        if line is None:
            yield RecordFailure(number, f"{where}: the line is too long (over 50 MB)")
            found = True
            continue
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except RecursionError:
            yield RecordFailure(number, f"{where}: not valid JSON (nested too deeply)")
        except json.JSONDecodeError as exc:
            if not found and path is not None and line.strip() in ("[", b"[", "{", b"{"):
                yield from _pretty_printed(path)  # a JSON document named .jsonl
                return
            yield RecordFailure(number, f"{where}: not valid JSON ({exc.msg})")
        except ValueError:  # bytes that are not UTF-8 (or UTF-16/32, which json sniffs)
            yield RecordFailure(number, f"{where}: not UTF-8 text")
        else:
            if isinstance(value, list):
                for index, record in enumerate(value, start=1):
                    yield record_draft(record, f"{where}, item {index}", number)
            else:
                yield record_draft(value, where, number)
        found = True
    if not found:
        raise ImportFailure(NO_ARTICLES)


def record_draft(record: Any, where: str, position: int) -> ImportItem:
    """One article object as a draft, or a RecordFailure saying what is wrong with it."""
    if not isinstance(record, dict):
        return RecordFailure(position, f"{where}: not an article (expected a JSON object)")
    raw = next((record[key] for key in _TEXT_KEYS if isinstance(record.get(key), str)), None)
    if raw is None:
        return RecordFailure(position, f"{where}: {_NEED_TEXT}")
    paragraphs = _paragraphs(raw)
    title = clean_line(_string(record, "title", "headline", "name"))
    if not paragraphs:
        label = f' ("{title}")' if title else ""
        return RecordFailure(position, f"{where}{label}: the text is empty")
    if not title:
        title, paragraphs = split_headline(paragraphs)
    return ArticleDraft(
        title=title,
        text="\n\n".join(paragraphs) or title,
        section=clean_line(_string(record, "section", "category", "categories")),
        byline=clean_line(_string(record, "author", "byline", "authors", "creator")),
        source_url=_string(record, "url", "source_url", "link", "canonical_url").strip(),
        published=_published(record),
        site=clean_line(_string(record, "site", "source", "publisher", "site_name")),
        tags=_tags(record.get("tags", record.get("keywords"))),
    )


def _bounded_lines(stream: Any) -> Iterator[bytes | None]:
    """Lines of at most MAX_FILE_BYTES; a longer one is skipped and given as None."""
    while True:
        line = stream.readline(MAX_FILE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_FILE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(MAX_FILE_BYTES)
            yield None
            continue
        yield line


def _pretty_printed(path: Path) -> Iterator[ImportItem]:
    from reader.importers.decoding import decode_bytes

    with path.open("rb") as stream:
        data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ImportFailure("not valid JSON Lines (a JSON document over 50 MB)")
    yield from iter_json(decode_bytes(data))


def _records(document: Any) -> list[Any] | None:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        for key in _LIST_KEYS:
            if isinstance(document.get(key), list):
                return list(document[key])
        return [document]
    return None


def _paragraphs(raw: str) -> list[str]:
    if "<" in raw and looks_like_html(raw):
        return html_to_text(raw).paragraphs
    text = body_text(raw)
    return text.split("\n\n") if text else []


def _string(record: dict[str, Any], *keys: str) -> str:
    """The first of ``keys`` with a usable value: strings, numbers, lists of names."""
    for key in keys:
        value = record.get(key)
        if isinstance(value, dict):
            value = value.get("name") or value.get("title")
        if isinstance(value, list):
            names = [_scalar(item) for item in value]
            value = ", ".join(name for name in names if name)
        text = _scalar(value)
        if text:
            return text
    return ""


def _scalar(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("name") or value.get("title")
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _published(record: dict[str, Any]) -> str:
    for key in ("published", "date", "published_at", "publishedAt", "pubDate", "datePublished"):
        value = record.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return timestamp_date(float(value))
        if isinstance(value, str) and value.strip():
            return parse_date(value)
    return ""


def _tags(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return ()
    cleaned = (clean_line(_scalar(item)) for item in value)
    return tuple(dict.fromkeys(tag for tag in cleaned if tag))
