"""Exact copies of rows for full backups: read every column, write them back as they were.

The other stores set stamps, fingerprints and ids themselves (as a user's edit should);
a restore must keep the ones it was given. Highlights and tags go through their own
stores (HighlightStore.restore keeps everything already).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence

from reader.core.backup import ArticleRow, Correction, EntityRun, RuleRecord
from reader.core.model import EntitySource, EntitySpan
from reader.store.db import transaction
from reader.store.entities import rule_key

_ARTICLE_COLUMNS = (
    "id",
    "title",
    "text",
    "section",
    "byline",
    "source_url",
    "site",
    "published",
    "imported_at",
    "modified",
    "text_sha256",
    "word_count",
    "read_position",
    "is_read",
    "note",
)


class BackupStore:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # --- reading -------------------------------------------------------------------------

    def article_ids(self) -> list[int]:
        return [row[0] for row in self.conn.execute("SELECT id FROM articles ORDER BY id")]

    def article(self, article_id: int) -> ArticleRow | None:
        row = self.conn.execute(
            f"SELECT {', '.join(_ARTICLE_COLUMNS)} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        values = dict(zip(_ARTICLE_COLUMNS, tuple(row), strict=True))
        values["is_read"] = bool(values["is_read"])
        return ArticleRow(**values)

    def entity_run(self, article_id: int) -> EntityRun | None:
        row = self.conn.execute(
            "SELECT model_version, text_sha256, analysed_at FROM entity_runs WHERE article_id = ?",
            (article_id,),
        ).fetchone()
        return None if row is None else EntityRun(row[0], row[1], row[2])

    def effective_spans(self, article_id: int) -> list[EntitySpan]:
        """The entities table as stored, in its stored order (rowid)."""
        rows = self.conn.execute(
            'SELECT start, "end", label, text, source FROM entities WHERE article_id = ?'
            " ORDER BY rowid",
            (article_id,),
        )
        return [EntitySpan(r[0], r[1], r[2], r[3], EntitySource(r[4])) for r in rows]

    def model_spans(self, article_id: int) -> list[EntitySpan]:
        rows = self.conn.execute(
            'SELECT start, "end", label, text FROM model_entities WHERE article_id = ?'
            " ORDER BY rowid",
            (article_id,),
        )
        return [EntitySpan(r[0], r[1], r[2], r[3]) for r in rows]

    def corrections(self, article_id: int) -> list[Correction]:
        rows = self.conn.execute(
            'SELECT start, "end", label, text, created, prefix, suffix, orphaned'
            # Orphans last, as a backup lists them (in a list of their own).
            " FROM entity_corrections WHERE article_id = ? ORDER BY orphaned, id",
            (article_id,),
        )
        return [
            Correction(
                EntitySpan(r[0], r[1], r[2], r[3], EntitySource.USER),
                r[4],
                prefix=r[5],
                suffix=r[6],
                orphaned=bool(r[7]),
            )
            for r in rows
        ]

    def rules(self) -> list[RuleRecord]:
        rows = self.conn.execute("SELECT text, label, created FROM entity_rules ORDER BY id")
        return [RuleRecord(r[0], r[1], r[2]) for r in rows]

    def tag_names(self, article_ids: Sequence[int] | None = None) -> list[str]:
        """Every tag, used or not, by name; or those on these articles or their highlights."""
        rows = self.conn.execute(
            "SELECT id, name FROM tags ORDER BY name COLLATE NOCASE, name"
        ).fetchall()
        if article_ids is None:
            return [row[1] for row in rows]
        used: set[int] = set()
        for index in range(0, len(article_ids), 500):
            chunk = list(article_ids[index : index + 500])
            marks = ",".join("?" * len(chunk))
            used.update(
                row[0]
                for row in self.conn.execute(
                    f"SELECT tag_id FROM article_tags WHERE article_id IN ({marks})"
                    " UNION SELECT ht.tag_id FROM highlight_tags ht"
                    f" JOIN highlights h ON h.id = ht.highlight_id WHERE h.article_id IN ({marks})",
                    chunk + chunk,
                )
            )
        return [row[1] for row in rows if row[0] in used]

    def iter_articles(self, ids: Sequence[int]) -> Iterator[ArticleRow]:
        for article_id in ids:
            row = self.article(article_id)
            if row is not None:
                yield row

    # --- writing (callers hold the transaction) ------------------------------------------

    def insert_article(self, row: ArticleRow, *, keep_id: bool) -> int:
        """Insert the row as given; under its own id when `keep_id` and that id is free."""
        article_id: int | None = row.id if keep_id else None
        if article_id is not None and self._article_exists(article_id):
            article_id = None
        values = [getattr(row, column) for column in _ARTICLE_COLUMNS]
        values[0] = article_id
        values[_ARTICLE_COLUMNS.index("is_read")] = int(row.is_read)
        marks = ", ".join("?" * len(_ARTICLE_COLUMNS))
        with transaction(self.conn):
            cursor = self.conn.execute(
                f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}) VALUES ({marks})", values
            )
        return int(cursor.lastrowid or 0)

    def update_article_state(
        self, article_id: int, *, note: str, is_read: bool, read_position: int
    ) -> None:
        """A merge's changes to an article that was here already (its stamp is left)."""
        self.conn.execute(
            "UPDATE articles SET note = ?, is_read = ?, read_position = ? WHERE id = ?",
            (note, int(is_read), read_position, article_id),
        )

    def write_entities(
        self,
        article_id: int,
        run: EntityRun | None,
        model_spans: Sequence[EntitySpan],
        effective: Sequence[EntitySpan],
    ) -> None:
        """An article's model run (None: never analysed), model spans and effective
        spans, replacing any."""
        with transaction(self.conn):
            for table in ("entity_runs", "model_entities", "entities"):
                self.conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
            if run is not None:
                self.conn.execute(
                    "INSERT INTO entity_runs (article_id, model_version, text_sha256,"
                    " analysed_at) VALUES (?, ?, ?, ?)",
                    (article_id, run.model_version, run.text_sha256, run.analysed_at),
                )
            self.conn.executemany(
                'INSERT INTO model_entities (article_id, start, "end", label, text)'
                " VALUES (?, ?, ?, ?, ?)",
                [(article_id, s.start, s.end, s.label, s.text) for s in model_spans],
            )
            self.conn.executemany(
                'INSERT INTO entities (article_id, start, "end", label, text, source)'
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(article_id, s.start, s.end, s.label, s.text, str(s.source)) for s in effective],
            )

    def add_corrections(self, article_id: int, corrections: Sequence[Correction]) -> int:
        """Add the corrections this article does not have yet (same range, label and
        state: applying or orphaned); returns how many were added."""
        existing = {
            (r[0], r[1], r[2], bool(r[3]))
            for r in self.conn.execute(
                'SELECT start, "end", label, orphaned FROM entity_corrections WHERE article_id = ?',
                (article_id,),
            )
        }
        added = 0
        with transaction(self.conn):
            for c in corrections:
                key = (c.span.start, c.span.end, c.span.label, c.orphaned)
                if key in existing:
                    continue
                existing.add(key)
                self.conn.execute(
                    'INSERT INTO entity_corrections (article_id, start, "end", label, text,'
                    " prefix, suffix, orphaned, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        article_id,
                        c.span.start,
                        c.span.end,
                        c.span.label,
                        c.span.text,
                        c.prefix,
                        c.suffix,
                        int(c.orphaned),
                        c.created,
                    ),
                )
                added += 1
        return added

    def add_rule(self, rule: RuleRecord) -> bool:
        """Add a rule as it was (text, label, stamp) unless one for the same text (any
        case) is here already; True when added."""
        key = rule_key(rule.text)
        if any(
            rule_key(row[0]) == key for row in self.conn.execute("SELECT text FROM entity_rules")
        ):
            return False
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO entity_rules (text, label, created) VALUES (?, ?, ?)",
                (rule.text, rule.label, rule.created),
            )
        return True

    def _article_exists(self, article_id: int) -> bool:
        row = self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,))
        return row.fetchone() is not None
