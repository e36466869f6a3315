"""Named entities in the library.

Three layers are stored per article: the model's raw spans (so rules can be re-applied
without running the model again), the user's single-span corrections, and the effective
spans (model + consistency + rules + corrections) that the views show and filter on.
Rules ("this text is always X / never an entity") live in their own table.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reader.core.model import EntitySource, EntitySpan
from reader.store.articles import now_iso
from reader.store.db import transaction


@dataclass(frozen=True, slots=True)
class StoredRule:
    id: int
    text: str
    label: str  # "" = never an entity
    created: str


@dataclass(frozen=True, slots=True)
class StoredCorrection:
    """A user's correction of one span, with the quote's context it is found again by
    when the text changes. An orphaned one was not found in the current text: it is kept
    (offsets and context into the text it was made on) but never applied."""

    id: int
    span: EntitySpan  # label "" = "no entity here"
    prefix: str = ""
    suffix: str = ""
    orphaned: bool = False
    created: str = ""


@dataclass(frozen=True, slots=True)
class CorrectionPlacement:
    """Where a correction is after the article's text changed (orphaned: not placed;
    offsets and context are then the ones it had)."""

    id: int
    start: int
    end: int
    text: str
    prefix: str
    suffix: str
    orphaned: bool = False


def rule_key(text: str) -> str:
    """Rule texts are one rule whatever their case and spacing (as nlp.rules compares them)."""
    return " ".join(text.split()).casefold()


_rule_key = rule_key


def _span(row: sqlite3.Row | tuple[Any, ...], source: EntitySource | None = None) -> EntitySpan:
    start, end, label, text = int(row[0]), int(row[1]), str(row[2]), str(row[3])
    if source is None:
        source = EntitySource(str(row[4]))
    return EntitySpan(start, end, label, text, source)


def _correction(row: sqlite3.Row | tuple[Any, ...]) -> StoredCorrection:
    values = tuple(row)
    return StoredCorrection(
        int(values[0]),
        _span(values[1:5], EntitySource.USER),
        prefix=str(values[5]),
        suffix=str(values[6]),
        orphaned=bool(values[7]),
        created=str(values[8]),
    )


class EntityStore:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # --- analysis results ----------------------------------------------------------------

    def save_analysis(
        self,
        article_id: int,
        text_sha256: str,
        model_version: str,
        model_spans: Sequence[EntitySpan],
        effective: Sequence[EntitySpan],
    ) -> bool:
        """Store one article's analysis; False when the article changed or went meanwhile."""
        with transaction(self.conn):
            row = self.conn.execute(
                "SELECT text_sha256 FROM articles WHERE id = ?", (article_id,)
            ).fetchone()
            if row is None or row[0] != text_sha256:
                return False  # stale: the text changed (or the article was deleted)
            self.conn.execute("DELETE FROM model_entities WHERE article_id = ?", (article_id,))
            self.conn.executemany(
                'INSERT INTO model_entities (article_id, start, "end", label, text)'
                " VALUES (?, ?, ?, ?, ?)",
                [(article_id, s.start, s.end, s.label, s.text) for s in model_spans],
            )
            self._write_effective(article_id, effective)
            self.conn.execute(
                "INSERT INTO entity_runs (article_id, model_version, text_sha256, analysed_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT(article_id) DO UPDATE SET"
                " model_version = excluded.model_version, text_sha256 = excluded.text_sha256,"
                " analysed_at = excluded.analysed_at",
                (article_id, model_version, text_sha256, now_iso()),
            )
        return True

    def set_effective(self, article_id: int, spans: Sequence[EntitySpan]) -> None:
        with transaction(self.conn):
            self._write_effective(article_id, spans)

    def _write_effective(self, article_id: int, spans: Sequence[EntitySpan]) -> None:
        self.conn.execute("DELETE FROM entities WHERE article_id = ?", (article_id,))
        self.conn.executemany(
            'INSERT INTO entities (article_id, start, "end", label, text, source)'
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (article_id, s.start, s.end, s.label, s.text, str(s.source))
                for s in spans
                if s.label
            ],
        )

    def is_analysed(self, article_id: int) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM entity_runs r JOIN articles a ON a.id = r.article_id"
            " WHERE r.article_id = ? AND r.text_sha256 = a.text_sha256",
            (article_id,),
        ).fetchone()
        return row is not None

    def is_stale(self, article_id: int) -> bool:
        """Analysed, but the text has changed since: the stored offsets no longer fit."""
        row = self.conn.execute(
            "SELECT 1 FROM entity_runs r JOIN articles a ON a.id = r.article_id"
            " WHERE r.article_id = ? AND r.text_sha256 != a.text_sha256",
            (article_id,),
        ).fetchone()
        return row is not None

    def needs_analysis(self, article_id: int, model_version: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM entity_runs r JOIN articles a ON a.id = r.article_id"
            " WHERE r.article_id = ? AND r.text_sha256 = a.text_sha256 AND r.model_version = ?",
            (article_id, model_version),
        ).fetchone()
        return row is None

    def pending(self, model_version: str, limit: int | None = None) -> list[int]:
        """Articles never analysed, analysed by another model version, or whose text changed."""
        sql = (
            "SELECT a.id FROM articles a LEFT JOIN entity_runs r ON r.article_id = a.id"
            " WHERE r.article_id IS NULL OR r.model_version != ? OR r.text_sha256 != a.text_sha256"
            " ORDER BY a.imported_at DESC, a.id DESC"
        )
        params: list[object] = [model_version]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [row[0] for row in self.conn.execute(sql, params)]

    def forget_run(self, article_id: int) -> None:
        """Mark an article for a fresh model run (its corrections are kept)."""
        with transaction(self.conn):  # a failed write is reported as WriteError
            self.conn.execute("DELETE FROM entity_runs WHERE article_id = ?", (article_id,))

    def analysed_ids(self) -> list[int]:
        return [row[0] for row in self.conn.execute("SELECT article_id FROM entity_runs")]

    def model_spans(self, article_id: int) -> list[EntitySpan]:
        rows = self.conn.execute(
            'SELECT start, "end", label, text FROM model_entities WHERE article_id = ?'
            " ORDER BY start",
            (article_id,),
        )
        return [_span(row, EntitySource.MODEL) for row in rows]

    def spans(self, article_id: int) -> list[EntitySpan]:
        rows = self.conn.execute(
            'SELECT start, "end", label, text, source FROM entities WHERE article_id = ?'
            ' ORDER BY start, "end"',
            (article_id,),
        )
        return [_span(row) for row in rows]

    # --- corrections ---------------------------------------------------------------------

    def corrections(self, article_id: int, *, orphaned: bool = False) -> list[StoredCorrection]:
        """The corrections that apply to the article's text; with `orphaned`, also those
        whose words an edit removed (kept, not applied), after the others."""
        sql = (
            'SELECT id, start, "end", label, text, prefix, suffix, orphaned, created'
            " FROM entity_corrections WHERE article_id = ?"
        )
        sql += " ORDER BY orphaned, id" if orphaned else " AND orphaned = 0 ORDER BY id"
        return [_correction(row) for row in self.conn.execute(sql, (article_id,))]

    def add_correction(
        self, article_id: int, span: EntitySpan, prefix: str = "", suffix: str = ""
    ) -> int:
        """A user's correction replaces any earlier one on exactly the same range (an
        orphan's offsets are into another text: it stays)."""
        with transaction(self.conn):
            self.conn.execute(
                "DELETE FROM entity_corrections"
                ' WHERE article_id = ? AND start = ? AND "end" = ? AND orphaned = 0',
                (article_id, span.start, span.end),
            )
            cursor = self.conn.execute(
                'INSERT INTO entity_corrections (article_id, start, "end", label, text,'
                " prefix, suffix, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article_id,
                    span.start,
                    span.end,
                    span.label,
                    span.text,
                    prefix,
                    suffix,
                    now_iso(),
                ),
            )
        return int(cursor.lastrowid or 0)

    def restore_correction(self, article_id: int, correction: StoredCorrection) -> None:
        """Put a correction back exactly as it was (undo): same id, offsets, context,
        state and stamp, replacing the row with that id if there is one."""
        span = correction.span
        with transaction(self.conn):
            self.conn.execute(
                'INSERT OR REPLACE INTO entity_corrections (id, article_id, start, "end",'
                " label, text, prefix, suffix, orphaned, created)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    correction.id,
                    article_id,
                    span.start,
                    span.end,
                    span.label,
                    span.text,
                    correction.prefix,
                    correction.suffix,
                    int(correction.orphaned),
                    correction.created or now_iso(),
                ),
            )

    def place_corrections(self, placements: Sequence[CorrectionPlacement]) -> None:
        """Move corrections to their places in a new text (the caller holds the
        transaction that writes the text)."""
        with transaction(self.conn):
            self.conn.executemany(
                'UPDATE entity_corrections SET start = ?, "end" = ?, text = ?, prefix = ?,'
                " suffix = ?, orphaned = ? WHERE id = ?",
                [
                    (p.start, p.end, p.text, p.prefix, p.suffix, int(p.orphaned), p.id)
                    for p in placements
                ],
            )

    def delete_correction(self, correction_id: int) -> None:
        with transaction(self.conn):  # a failed write is reported as WriteError
            self.conn.execute("DELETE FROM entity_corrections WHERE id = ?", (correction_id,))

    def delete_corrections(
        self, article_id: int, correction_ids: Sequence[int]
    ) -> list[StoredCorrection]:
        """Delete these corrections of the article in one transaction; returns them as they
        were (what an undo puts back). Ids of other articles or already gone are skipped."""
        wanted = set(correction_ids)
        with transaction(self.conn):
            gone = [c for c in self.corrections(article_id, orphaned=True) if c.id in wanted]
            self.conn.executemany(
                "DELETE FROM entity_corrections WHERE id = ?", [(c.id,) for c in gone]
            )
        return gone

    def restore_corrections(self, article_id: int, corrections: Sequence[StoredCorrection]) -> None:
        """Put several corrections back exactly as they were, in one transaction."""
        with transaction(self.conn):
            for correction in corrections:
                self.restore_correction(article_id, correction)

    # --- rules ---------------------------------------------------------------------------

    def rules(self) -> list[StoredRule]:
        rows = self.conn.execute("SELECT id, text, label, created FROM entity_rules ORDER BY id")
        return [StoredRule(row[0], row[1], row[2], row[3]) for row in rows]

    def add_rule(self, text: str, label: str) -> int:
        """One rule per text (case- and spacing-insensitive): a new rule for the same text
        replaces it."""
        with transaction(self.conn):
            self._delete_rules_for(text)
            cursor = self.conn.execute(
                "INSERT INTO entity_rules (text, label, created) VALUES (?, ?, ?)",
                (text, label, now_iso()),
            )
        return int(cursor.lastrowid or 0)

    def restore_rule(self, rule: StoredRule) -> int:
        """Put a deleted rule back (undo), under its old id unless another rule took that
        id meanwhile; returns the id it has now."""
        with transaction(self.conn):
            self._delete_rules_for(rule.text)
            taken = self.conn.execute(
                "SELECT 1 FROM entity_rules WHERE id = ?", (rule.id,)
            ).fetchone()
            cursor = self.conn.execute(
                "INSERT INTO entity_rules (id, text, label, created) VALUES (?, ?, ?, ?)",
                (None if taken else rule.id, rule.text, rule.label, rule.created),
            )
        return int(cursor.lastrowid or rule.id)

    def _delete_rules_for(self, text: str) -> None:
        """SQLite's NOCASE folds ASCII letters only: compare as rules.normalise does."""
        key = _rule_key(text)
        same = [
            (row[0],)
            for row in self.conn.execute("SELECT id, text FROM entity_rules")
            if _rule_key(row[1]) == key
        ]
        self.conn.executemany("DELETE FROM entity_rules WHERE id = ?", same)

    def delete_rule(self, rule_id: int) -> None:
        with transaction(self.conn):  # a failed write is reported as WriteError
            self.conn.execute("DELETE FROM entity_rules WHERE id = ?", (rule_id,))

    # --- statistics ----------------------------------------------------------------------

    def library_mentions(self, text: str) -> tuple[int, int]:
        """(articles mentioning it, mentions in all) for a surface string, ignoring case."""
        row = self.conn.execute(
            "SELECT count(DISTINCT article_id), count(*) FROM entities"
            " WHERE text = ? COLLATE NOCASE",
            (text,),
        ).fetchone()
        return int(row[0]), int(row[1])

    def top_entities(self, limit: int = 50) -> list[tuple[str, str, int]]:
        """The most-mentioned entities across the library: (text, label, articles)."""
        rows = self.conn.execute(
            "SELECT text, label, count(DISTINCT article_id) AS n FROM entities"
            " GROUP BY text COLLATE NOCASE, label ORDER BY n DESC LIMIT ?",
            (limit,),
        )
        return [(row[0], row[1], row[2]) for row in rows]
