"""Full backups: export the library (or some articles) to one JSON file, and restore it.

No Qt: reader-cli calls these directly, the GUI in a worker (progress and cancel through
the callbacks).

Restoring into an empty library recreates everything exactly: article ids (when free),
every article field and stamp, tags (used or not), highlights with their UUIDs, entity
runs and spans, corrections and rules. Into a library that has articles already, it
merges without duplicates:

- an article whose text is here (the duplicate-detection fingerprint) is *matched*; it
  keeps its own fields, and gains the backup's highlights it does not have (by UUID,
  re-anchored if the text differs in white space), its tags, its note (appended after
  a blank line when the backup's note is not already part of it), the read state,
  and, if the text is the same and it was never analysed, its entities and corrections;
- tags are matched by name (any case), rules by their text (any case and spacing); a
  rule here already keeps its label.

Each article is one transaction: a bad record is reported and the others go in. The
outcome per article is ``imported``, ``duplicate`` (matched; nothing new) or
``duplicate`` with ``merged`` counts of what it gained, or ``error``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from reader import __version__
from reader.core.anchoring import Selector, make_selector, reanchor_all
from reader.core.backup import (
    FORMAT_VERSION,
    ArticleBackup,
    ArticleRow,
    BackupHeader,
    Correction,
)
from reader.core.model import Highlight, ImportOutcome, ImportStatus
from reader.importers.backup import BackupReader, NotABackup, looks_like_backup
from reader.importers.base import ImportFailure, RecordFailure
from reader.services.library import Library
from reader.store.annotations import HighlightStore
from reader.store.articles import now_iso, text_fingerprint
from reader.store.db import transaction
from reader.store.rows import BackupStore

ProgressCallback = Callable[[int, int], None]  # (articles done, articles total)
_WHAT = {
    "highlights": "highlight(s)",
    "tags": "tag(s)",
    "note": "note",
    "entities": "entity span(s)",
    "corrections": "entity correction(s)",
}
CancelCheck = Callable[[], bool]


class BackupWriteError(Exception):
    """The backup file could not be written; the message is meant for the user."""


@dataclass(frozen=True, slots=True)
class ExportReport:
    path: Path
    articles: int
    cancelled: bool = False  # nothing was written (an earlier file there is untouched)


# --- export --------------------------------------------------------------------------------


def export_backup(
    library: Library,
    article_ids: Sequence[int] | None,
    path: Path,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> ExportReport:
    """Write a backup of these articles (None: the whole library) to `path`.

    It is written to a temporary file beside `path` and moved into place at the end, so a
    failed or cancelled export never leaves half a file. The articles are read in one
    read transaction: a consistent snapshot even while the app or reader-cli writes.
    Raises BackupWriteError when the file cannot be written."""
    from reader.exporters.backup import write_backup

    path = Path(path)
    store = BackupStore(library.conn)
    highlights = HighlightStore(library.conn)
    stopped = False
    snapshot = not library.conn.in_transaction
    if snapshot:
        library.conn.execute("BEGIN")
    try:
        if article_ids is None:
            ids = store.article_ids()
        else:  # each once, and only those that exist: the header counts them
            ids = [i for i in dict.fromkeys(article_ids) if library.articles.exists(i)]
        header = BackupHeader(
            version=FORMAT_VERSION,
            exported=now_iso(),
            reader_version=__version__,
            article_count=len(ids),
            tags=tuple(store.tag_names(None if article_ids is None else ids)),
            rules=tuple(store.rules()),
        )

        def articles() -> Iterator[ArticleBackup]:
            nonlocal stopped
            for index, row in enumerate(store.iter_articles(ids), start=1):
                if cancelled is not None and cancelled():
                    stopped = True
                    return
                yield ArticleBackup(
                    article=row,
                    tags=tuple(library.tags.for_article(row.id)),
                    highlights=tuple(highlights.for_article(row.id)),
                    run=store.entity_run(row.id),
                    model_spans=tuple(store.model_spans(row.id)),
                    entities=tuple(store.effective_spans(row.id)),
                    corrections=tuple(store.corrections(row.id)),
                )
                if progress is not None:
                    progress(index, len(ids))

        try:
            count, temporary = _write_atomically(
                path, lambda stream: write_backup(stream, header, articles())
            )
            if stopped:
                temporary.unlink(missing_ok=True)
                return ExportReport(path, 0, cancelled=True)
            os.replace(temporary, path)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise BackupWriteError(f"cannot write the backup {path}: {reason}") from exc
        return ExportReport(path, count)
    finally:
        if snapshot:
            library.conn.execute("COMMIT")


def _write_atomically(path: Path, write: Callable[..., int]) -> tuple[int, Path]:
    """Write to a new temporary file in `path`'s folder; returns (result, its path)."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            result = write(stream)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return result, temporary


# --- restore -------------------------------------------------------------------------------


def restore_path(
    library: Library,
    path: Path,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> Iterator[ImportOutcome] | None:
    """The outcomes of restoring `path`, or None when it is not a backup (recognised by
    its content, whatever its name): then it is an ordinary file to import."""
    if not looks_like_backup(path):
        return None
    try:
        reader = BackupReader(path)
    except NotABackup:
        return None
    except ImportFailure as exc:
        return iter([ImportOutcome(str(path), ImportStatus.ERROR, error=str(exc))])
    return _restore(library, reader, progress, cancelled)


def _restore(
    library: Library,
    reader: BackupReader,
    progress: ProgressCallback | None,
    cancelled: CancelCheck | None,
) -> Iterator[ImportOutcome]:
    origin = str(reader.path)
    restorer = _Restorer(library, origin)
    total = reader.header.article_count or 0
    with reader:
        restorer.restore_header(reader.header)
        done = 0
        try:
            for item in reader.articles():
                if cancelled is not None and cancelled():
                    break
                done += 1
                if isinstance(item, RecordFailure):
                    yield ImportOutcome(origin, ImportStatus.ERROR, error=str(item))
                else:
                    yield restorer.restore(item)
                if progress is not None:
                    progress(done, max(total, done))
        except ImportFailure as exc:  # damaged, cut short, or unreadable from the disk
            yield ImportOutcome(origin, ImportStatus.ERROR, error=str(exc))
        finally:
            restorer.finish()


class _Restorer:
    def __init__(self, library: Library, origin: str) -> None:
        self.library = library
        self.conn = library.conn
        self.origin = origin
        self.store = BackupStore(library.conn)
        self.highlights = HighlightStore(library.conn)
        self.had_articles = library.articles.count() > 0
        self.rules_added = 0
        self.rules_kept = 0  # rules here that the backup does not have
        self.imported: list[int] = []  # the articles restored as new
        self.corrected: set[int] = set()  # matched articles that gained corrections

    def restore_header(self, header: BackupHeader) -> None:
        """The tag list and the rules, in one transaction."""
        backup_rules = {" ".join(r.text.split()).casefold() for r in header.rules}
        self.rules_kept = sum(
            1
            for rule in self.store.rules()
            if " ".join(rule.text.split()).casefold() not in backup_rules
        )
        with transaction(self.conn):
            for name in header.tags:
                if name.strip():
                    self.library.tags.ensure(name)
            for rule in header.rules:
                self.rules_added += self.store.add_rule(rule)

    def restore(self, backup: ArticleBackup) -> ImportOutcome:
        row = backup.article
        try:
            with transaction(self.conn):
                fingerprint = text_fingerprint(row.text)
                found = self.conn.execute(
                    "SELECT id FROM articles WHERE text_sha256 = ?", (fingerprint,)
                ).fetchone()
                if found is None:
                    article_id = self._insert(backup, fingerprint)
                    self.imported.append(article_id)
                    return ImportOutcome(
                        self.origin, ImportStatus.IMPORTED, id=article_id, title=row.title
                    )
                article_id = int(found[0])
                merged = self._merge(article_id, backup)
        except (ValueError, OverflowError) as exc:
            return ImportOutcome(
                self.origin, ImportStatus.ERROR, title=row.title, error=f"“{row.title}”: {exc}"
            )
        summary = ", ".join(f"{count} {_WHAT[what]}" for what, count in merged)
        return ImportOutcome(
            self.origin,
            ImportStatus.DUPLICATE,
            id=article_id,
            title=row.title,
            updated=f"merged from the backup: {summary}" if merged else "",
            merged=tuple(merged),
        )

    def finish(self) -> None:
        """Entity spans follow the merged rules and corrections (no model run needed):
        every analysed article when the backup brought rules the library's articles did
        not follow (as when the user adds a rule), else only the restored articles when
        the library has rules the backup did not, and the articles that gained
        corrections."""
        affected = set(self.corrected)
        if self.rules_kept:
            affected.update(self.imported)
        if not affected and not (self.rules_added and self.had_articles):
            return
        from reader.services.entities import EntityService

        service = EntityService(self.library)
        if self.rules_added and self.had_articles:
            service.recompute_all()
            return
        for article_id in sorted(affected):
            service.recompute(article_id)

    # --- one article ---------------------------------------------------------------------

    def _insert(self, backup: ArticleBackup, fingerprint: str) -> int:
        row = backup.article
        stamp = now_iso()
        article_id = self.store.insert_article(
            replace(
                row,
                text_sha256=fingerprint,
                imported_at=row.imported_at or stamp,
                modified=row.modified or row.imported_at or stamp,
                read_position=min(row.read_position, len(row.text)),
            ),
            keep_id=row.id > 0,
        )
        self.library.tags.add_to_article(article_id, backup.tags)
        for highlight in _placed(backup.highlights, row.text, row.text):
            if not self.highlights.exists(highlight.id):
                self.highlights.restore(replace(highlight, article_id=article_id))
        spans = [s for s in (*backup.model_spans, *backup.entities) if s.end > len(row.text)]
        if spans:
            raise ValueError(f"an entity span ends past the text ({spans[0].end})")
        if backup.run is not None or backup.entities:
            self.store.write_entities(article_id, backup.run, backup.model_spans, backup.entities)
        self.store.add_corrections(article_id, _fitting(backup, row.text))
        return article_id

    def _merge(self, article_id: int, backup: ArticleBackup) -> list[tuple[str, int]]:
        """What the matched article gained, as (what, how many) pairs."""
        existing = self.store.article(article_id)
        assert existing is not None
        row = backup.article
        merged: list[tuple[str, int]] = []
        new_highlights = [h for h in backup.highlights if not self.highlights.exists(h.id)]
        for highlight in _placed(new_highlights, row.text, existing.text):
            self.highlights.restore(replace(highlight, article_id=article_id))
        if new_highlights:
            merged.append(("highlights", len(new_highlights)))
        added_tags = self.library.tags.add_to_article(article_id, backup.tags)
        if added_tags:
            merged.append(("tags", len(added_tags)))
        note = _merged_note(existing.note, row.note)
        same_text = existing.text == row.text
        is_read = existing.is_read or row.is_read
        position = existing.read_position or (row.read_position if same_text else 0)
        if (note, is_read, position) != (existing.note, existing.is_read, existing.read_position):
            self.store.update_article_state(
                article_id, note=note, is_read=is_read, read_position=position
            )
            if note != existing.note:
                merged.append(("note", 1))
        if same_text:
            merged += self._merge_entities(article_id, existing, backup)
        return merged

    def _merge_entities(
        self, article_id: int, existing: ArticleRow, backup: ArticleBackup
    ) -> list[tuple[str, int]]:
        merged: list[tuple[str, int]] = []
        if self.store.entity_run(article_id) is None and backup.run is not None:
            self.store.write_entities(article_id, backup.run, backup.model_spans, backup.entities)
            merged.append(("entities", len(backup.entities)))
        added = self.store.add_corrections(article_id, _fitting(backup, existing.text))
        if added:
            merged.append(("corrections", added))
            self.corrected.add(article_id)
        return merged


def _fitting(backup: ArticleBackup, text: str) -> list[Correction]:
    """The backup's corrections as they belong on `text`: one that applies keeps applying
    where its words are at its offsets (with its context in the text); one whose words
    are not there (a backup of a library whose corrections stayed put when the text was
    edited) is kept orphaned, never applied at the wrong words. Orphans stay orphans."""
    result: list[Correction] = []
    for c in backup.corrections:
        span = c.span
        if c.orphaned:
            result.append(c)
            continue
        words = text[span.start : span.end] if span.end <= len(text) else ""
        if not words or (span.text and span.text != words):
            result.append(replace(c, orphaned=True))
            continue
        _exact, prefix, suffix = make_selector(text, span.start, span.end)
        result.append(replace(c, span=replace(span, text=words), prefix=prefix, suffix=suffix))
    return result


def _merged_note(mine: str, theirs: str) -> str:
    if not theirs.strip() or theirs in mine:
        return mine
    if not mine.strip():
        return theirs
    return f"{mine}\n\n{theirs}"


def _placed(highlights: Iterable[Highlight], old_text: str, text: str) -> list[Highlight]:
    """The highlights where they belong in `text`: as they are when their quote is at their
    offsets, else re-anchored (from `old_text`, the text they were made on), else kept as
    orphans. Orphans stay orphans (their offsets mean nothing)."""
    result: list[Highlight] = []
    moving: list[Highlight] = []
    for h in highlights:
        if h.orphaned or (h.end <= len(text) and text[h.start : h.end] == h.exact and h.exact):
            result.append(h)
        else:
            moving.append(h)
    selectors = [Selector(h.start, h.end, h.exact, h.prefix, h.suffix) for h in moving]
    where = reanchor_all(text, selectors, old_text=old_text if old_text != text else None)
    for h, found in zip(moving, where, strict=True):
        if found is None:
            result.append(replace(h, orphaned=True))
            continue
        exact, prefix, suffix = make_selector(text, *found)
        result.append(
            replace(h, start=found[0], end=found[1], exact=exact, prefix=prefix, suffix=suffix)
        )
    return result
