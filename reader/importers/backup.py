"""Reading a full backup (see reader.exporters.backup) back, a record at a time.

A backup is recognised by its content (a JSON object whose ``"format"`` is
``"reader-backup"``), never by its name. It is read as a stream: the header, then one
article at a time, so a backup of 100,000 articles never sits in memory whole. The
keys may come in any order (a file re-indented or key-sorted by a tool still reads; it
then costs a second pass).

A bad article record is a RecordFailure next to the good ones; a file that is not a
backup, from a newer Reader, damaged or cut short raises BackupError, with a message
that says where (the articles before that point have been given already).
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from reader.core.backup import (
    FORMAT_NAME,
    FORMAT_VERSION,
    ArticleBackup,
    ArticleRow,
    BackupHeader,
    Correction,
    EntityRun,
    RuleRecord,
)
from reader.core.colours import COLOUR_NAMES
from reader.core.model import EntitySource, EntitySpan, Highlight
from reader.importers.base import ImportFailure, RecordFailure
from reader.importers.files import check_file, os_failure, read_head

SNIFF_BYTES = 65536
_SIGNATURE = re.compile(rb'"format"\s*:\s*"reader-backup"')
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_CHUNK = 1 << 16
_MARGIN = 16  # longer than any JSON literal, number start or escape sequence
_HEADER_KEYS = ("format", "version", "tags", "entity_rules")


class BackupError(ImportFailure):
    """The backup as a whole cannot be read (any further); the message is for the user."""


class NotABackup(BackupError):
    """The file is JSON but not a Reader backup: import it as ordinary articles."""


def looks_like_backup(path: Path) -> bool:
    """A cheap look at the start of the file: a JSON object naming the backup format.
    Only regular files are opened (a FIFO would block the import)."""
    try:
        check_file(path)
        head = read_head(path, SNIFF_BYTES)
    except ImportFailure:
        return False
    head = head.removeprefix(codecs.BOM_UTF8).lstrip()
    return head.startswith(b"{") and _SIGNATURE.search(head) is not None


class _Damaged(Exception):
    def __init__(self, message: str, *, truncated: bool) -> None:
        super().__init__(message)
        self.truncated = truncated


class _JsonStream:
    """Top-level JSON read piece by piece with raw_decode over a growing buffer."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._buffer = ""
        self._pos = 0
        self._eof = False
        self._line = 1  # line number of the buffer's first character
        self._decoder = json.JSONDecoder()

    def where(self) -> str:
        line = self._line + self._buffer.count("\n", 0, self._pos)
        return f"line {line:,}"

    def _more(self, size: int = _CHUNK) -> bool:
        if self._eof:
            return False
        if self._pos:
            self._line += self._buffer.count("\n", 0, self._pos)
            self._buffer = self._buffer[self._pos :]
            self._pos = 0
        chunk = self._stream.read(size)
        if not chunk:
            self._eof = True
            return False
        self._buffer += chunk
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end of the file)."""
        while True:
            match = _WHITESPACE.match(self._buffer, self._pos)
            self._pos = match.end() if match else self._pos
            if self._pos < len(self._buffer):
                return self._buffer[self._pos]
            if not self._more():
                return ""

    def expect(self, allowed: str) -> str:
        found = self.peek()
        if not found:
            raise _Damaged("the file ends too early", truncated=True)
        if found not in allowed:
            wanted = " or ".join(f"“{c}”" for c in allowed)
            raise _Damaged(f"expected {wanted} at {self.where()}", truncated=False)
        self._pos += 1
        return found

    def value(self) -> Any:
        if not self.peek():
            raise _Damaged("the file ends too early", truncated=True)
        size = _CHUNK
        while True:
            try:
                value, end = self._decoder.raw_decode(self._buffer, self._pos)
            except RecursionError:
                raise _Damaged(f"nested too deeply at {self.where()}", truncated=False) from None
            except json.JSONDecodeError as exc:
                # Cut off by the buffer's end: inside a string, or within a few characters
                # of the end (a literal such as "fals", an escape such as "\u00").
                short = exc.pos >= len(self._buffer) - _MARGIN or exc.msg.startswith("Unterminated")
                if short and self._more(size):
                    size *= 2  # a long value: read ever larger pieces
                    continue
                if short:
                    raise _Damaged("the file ends too early", truncated=True) from None
                self._pos = exc.pos
                raise _Damaged(f"{exc.msg} at {self.where()}", truncated=False) from None
            if end == len(self._buffer) and self._more(size):
                continue  # a number at the end of the buffer may go on
            self._pos = end
            return value

    def skip_array(self) -> None:
        self.expect("[")
        if self.peek() == "]":
            self._pos += 1
            return
        while True:
            self.value()
            if self.expect(",]") == "]":
                return


class BackupReader:
    """An open backup file: its header at once, its articles on demand (once)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        check_file(self.path)
        self._file = self._open()
        self._json = _JsonStream(self._file)
        self._at_articles = False  # the stream is at the articles' "["
        self._articles_later = False  # articles before the header: a second pass
        try:
            self.header = self._read_header()
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> BackupReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._file.close()

    def articles(self) -> Iterator[ArticleBackup | RecordFailure]:
        """Each article record, parsed and checked; raises BackupError when the file is
        damaged or cut short (after yielding everything before that point)."""
        if self._articles_later:
            self._file.close()
            self._file = self._open()
            self._json = _JsonStream(self._file)
            self._guarded(self._seek_articles)
        elif not self._at_articles:
            return
        count = 0
        stream = self._json
        try:
            stream.expect("[")
            if stream.peek() == "]":
                return
            while True:
                data = stream.value()
                count += 1
                yield parse_article(data, count)
                if stream.expect(",]") == "]":
                    break
            if not self._articles_later:
                self._skip_rest()
        except _Damaged as exc:
            raise self._damaged(exc, count) from None
        except UnicodeDecodeError as exc:
            raise _undecodable(exc, count) from None
        except OSError as exc:
            raise os_failure(exc) from exc

    # --- reading the structure -----------------------------------------------------------

    def _open(self) -> TextIO:
        try:
            return self.path.open(encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise os_failure(exc) from exc

    def _guarded(self, step: Any) -> Any:
        try:
            return step()
        except _Damaged as exc:
            raise self._damaged(exc, 0) from None
        except UnicodeDecodeError as exc:
            raise _undecodable(exc, 0) from None
        except OSError as exc:
            raise os_failure(exc) from exc

    def _read_header(self) -> BackupHeader:
        fields: dict[str, Any] = self._guarded(self._header_fields)
        if fields.get("format") != FORMAT_NAME:
            raise NotABackup("not a Reader backup")
        return parse_header(fields)

    def _header_fields(self) -> dict[str, Any]:
        stream = self._json
        fields: dict[str, Any] = {}
        if stream.peek() != "{":
            raise NotABackup("not a Reader backup")
        stream.expect("{")
        if stream.peek() == "}":
            return fields
        while True:
            key = stream.value()
            if not isinstance(key, str):
                raise _Damaged(f"expected a key at {stream.where()}", truncated=False)
            stream.expect(":")
            if key == "articles":
                if all(k in fields for k in _HEADER_KEYS):
                    self._at_articles = True
                    return fields
                stream.skip_array()
                self._articles_later = True
            else:
                fields[key] = stream.value()
            if stream.expect(",}") == "}":
                return fields

    def _seek_articles(self) -> None:
        stream = self._json
        stream.expect("{")
        while True:
            key = stream.value()
            stream.expect(":")
            if key == "articles":
                return
            stream.value()
            stream.expect(",")

    def _skip_rest(self) -> None:
        """After the articles: any further keys, then the end of the object."""
        stream = self._json
        while stream.expect(",}") == ",":
            stream.value()
            stream.expect(":")
            stream.value()

    def _damaged(self, exc: _Damaged, articles: int) -> BackupError:
        read = f" after {articles:,} article(s)" if articles else ""
        if exc.truncated:
            return BackupError(f"the backup is cut short{read}: the rest of it is missing")
        return BackupError(f"the backup is damaged{read} ({exc}): the rest was not read")


def _undecodable(exc: UnicodeDecodeError, articles: int) -> BackupError:
    read = f" after {articles:,} article(s)" if articles else ""
    if exc.reason == "unexpected end of data":
        return BackupError(f"the backup is cut short{read}: the rest of it is missing")
    return BackupError(f"the backup is not UTF-8 text{read}: the rest was not read")


# --- records -------------------------------------------------------------------------------


class _Bad(ValueError):
    """A field with the wrong type or value."""


def parse_header(fields: dict[str, Any]) -> BackupHeader:
    version = fields.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BackupError("the backup has no valid version number")
    if version > FORMAT_VERSION:
        raise BackupError(
            f"the backup was written by a newer Reader (backup version {version}; this"
            f" Reader reads up to version {FORMAT_VERSION}): update Reader to restore it"
        )
    try:
        tags = tuple(_strings(fields, "tags"))
        rules = tuple(
            RuleRecord(_str(r, "text", required=True), _str(r, "label"), _str(r, "created"))
            for r in _objects(fields, "entity_rules")
        )
        count = fields.get("article_count")
        return BackupHeader(
            version=version,
            exported=_str(fields, "exported"),
            reader_version=_str(fields, "reader_version"),
            article_count=count if isinstance(count, int) and count >= 0 else None,
            tags=tags,
            rules=rules,
        )
    except _Bad as exc:
        raise BackupError(f"the backup's header is damaged: {exc}") from None


def parse_article(data: Any, index: int) -> ArticleBackup | RecordFailure:
    """One article record, checked field by field."""
    try:
        if not isinstance(data, dict):
            raise _Bad("not an article (expected a JSON object)")
        return _article(data)
    except _Bad as exc:
        title = data.get("title") if isinstance(data, dict) else None
        label = f" (“{title[:80]}”)" if isinstance(title, str) and title else ""
        return RecordFailure(index, f"article {index}{label}: {exc}")


def _article(data: dict[str, Any]) -> ArticleBackup:
    text = _str(data, "text", required=True)
    if not text.strip():
        raise _Bad("the text is empty")
    row = ArticleRow(
        id=_int(data, "id"),
        title=_str(data, "title").strip() or "Untitled",
        text=text,
        section=_str(data, "section"),
        byline=_str(data, "byline"),
        source_url=_str(data, "source_url"),
        site=_str(data, "site"),
        published=_str(data, "published"),
        imported_at=_str(data, "imported_at"),
        modified=_str(data, "modified"),
        text_sha256=_str(data, "text_sha256"),
        word_count=_int(data, "word_count", default=len(text.split())),
        read_position=_int(data, "read_position"),
        is_read=_bool(data, "is_read"),
        note=_str(data, "note"),
    )
    run_data = data.get("entity_run")
    if run_data is not None and not isinstance(run_data, dict):
        raise _Bad("“entity_run” must be an object or null")
    run = (
        None
        if run_data is None
        else EntityRun(
            _str(run_data, "model_version", required=True),
            _str(run_data, "text_sha256"),
            _str(run_data, "analysed_at"),
        )
    )
    return ArticleBackup(
        article=row,
        tags=tuple(_strings(data, "tags")),
        highlights=tuple(_highlight(h, row.id) for h in _objects(data, "highlights")),
        run=run,
        model_spans=tuple(
            _span(s, EntitySource.MODEL, "model_entities") for s in _objects(data, "model_entities")
        ),
        entities=tuple(_span(s, None, "entities") for s in _objects(data, "entities")),
        corrections=tuple(_correction(c, orphaned=False) for c in _objects(data, "corrections"))
        + tuple(_correction(c, orphaned=True) for c in _objects(data, "orphaned_corrections")),
    )


def _correction(data: dict[str, Any], *, orphaned: bool) -> Correction:
    """A correction (backups before correction context have no prefix and suffix)."""
    return Correction(
        _span(data, EntitySource.USER, "corrections"),
        _str(data, "created"),
        prefix=_str(data, "prefix"),
        suffix=_str(data, "suffix"),
        orphaned=orphaned,
    )


def _highlight(data: dict[str, Any], article_id: int) -> Highlight:
    highlight_id = _str(data, "id", required=True).strip()
    if not highlight_id:
        raise _Bad("a highlight has no id")
    start, end = _int(data, "start", required=True), _int(data, "end", required=True)
    if not 0 <= start <= end:
        raise _Bad(f"highlight {highlight_id} has offsets {start}-{end}")
    color = _str(data, "color", default="yellow")
    if color not in COLOUR_NAMES:
        raise _Bad(f"highlight {highlight_id} has an unknown colour “{color}”")
    return Highlight(
        id=highlight_id,
        article_id=article_id,
        start=start,
        end=end,
        exact=_str(data, "exact", required=True),
        prefix=_str(data, "prefix"),
        suffix=_str(data, "suffix"),
        color=color,
        note=_str(data, "note"),
        created=_str(data, "created"),
        modified=_str(data, "modified"),
        tags=tuple(_strings(data, "tags")),
        orphaned=_bool(data, "orphaned"),
    )


def _span(data: dict[str, Any], source: EntitySource | None, where: str) -> EntitySpan:
    start, end = _int(data, "start", required=True), _int(data, "end", required=True)
    if not 0 <= start < end:
        raise _Bad(f"an entry of “{where}” has offsets {start}-{end}")
    if source is None:
        name = _str(data, "source", default="model")
        try:
            source = EntitySource(name)
        except ValueError:
            raise _Bad(f"an entity has an unknown source “{name}”") from None
    return EntitySpan(
        start, end, _str(data, "label", required=where != "corrections"), _str(data, "text"), source
    )


def _str(data: dict[str, Any], key: str, *, required: bool = False, default: str = "") -> str:
    value = data.get(key)
    if value is None:
        if required:
            raise _Bad(f"“{key}” is missing")
        return default
    if not isinstance(value, str):
        raise _Bad(f"“{key}” must be text")
    return value


def _int(data: dict[str, Any], key: str, *, required: bool = False, default: int = 0) -> int:
    value = data.get(key)
    if value is None:
        if required:
            raise _Bad(f"“{key}” is missing")
        return default
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _Bad(f"“{key}” must be a whole number, 0 or more")
    return value


def _bool(data: dict[str, Any], key: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise _Bad(f"“{key}” must be true or false")
    return value


def _strings(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _Bad(f"“{key}” must be a list of text")
    return value


def _objects(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise _Bad(f"“{key}” must be a list of objects")
    return value
