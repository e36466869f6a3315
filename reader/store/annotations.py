"""Highlights and the article-level annotations: notes, read state, reading position.

Every write is one transaction (joining the caller's, if one is open). Highlights carry
their tags; a highlight that re-anchoring could not place is kept, flagged ``orphaned``,
with its old offsets and quote.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from reader.core.model import Highlight
from reader.store.articles import now_iso, text_fingerprint
from reader.store.db import transaction
from reader.store.tags import TagStore, tag_key, unique_tags

_COLUMNS = (
    'id, article_id, start, "end", exact, prefix, suffix, color, note, orphaned, created, modified'
)


_METADATA_COLUMNS = ("title", "section", "byline", "published")


class DuplicateTextError(ValueError):
    """Another article already has this text (the library keeps one copy of a text)."""

    def __init__(self, article_id: int, other_id: int) -> None:
        super().__init__(
            f"article {other_id} already has this text; article {article_id} was not changed"
        )
        self.article_id = article_id
        self.other_id = other_id


@dataclass(frozen=True, slots=True)
class Placement:
    """Where re-anchoring put one highlight in its article's new text."""

    highlight_id: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    orphaned: bool = False


def _highlight(row: sqlite3.Row, tags: Sequence[str] = ()) -> Highlight:
    return Highlight(
        id=str(row[0]),
        article_id=int(row[1]),
        start=int(row[2]),
        end=int(row[3]),
        exact=str(row[4]),
        prefix=str(row[5]),
        suffix=str(row[6]),
        color=str(row[7]),
        note=str(row[8]),
        orphaned=bool(row[9]),
        created=str(row[10]),
        modified=str(row[11]),
        tags=tuple(tags),
    )


class HighlightStore:
    """The highlights table (with highlight_tags)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.tags = TagStore(conn)

    # --- reading -------------------------------------------------------------------------

    def get(self, highlight_id: str) -> Highlight | None:
        row = self.conn.execute(
            f"SELECT {_COLUMNS} FROM highlights WHERE id = ?", (highlight_id,)
        ).fetchone()
        if row is None:
            return None
        return _highlight(row, self.tags.for_highlight(highlight_id))

    def for_article(self, article_id: int) -> list[Highlight]:
        """The article's highlights in reading order (start, then end, then creation);
        orphans, whose offsets no longer mean anything, last, oldest first."""
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM highlights WHERE article_id = ?"
            " ORDER BY orphaned, CASE WHEN orphaned THEN 0 ELSE start END,"
            ' CASE WHEN orphaned THEN 0 ELSE "end" END, created, id',
            (article_id,),
        ).fetchall()
        tags = self.tags.for_highlights([str(row[0]) for row in rows])
        return [_highlight(row, tags.get(str(row[0]), ())) for row in rows]

    def count(self, article_id: int | None = None) -> int:
        if article_id is None:
            row = self.conn.execute("SELECT count(*) FROM highlights").fetchone()
        else:
            row = self.conn.execute(
                "SELECT count(*) FROM highlights WHERE article_id = ?", (article_id,)
            ).fetchone()
        return int(row[0])

    def exists(self, highlight_id: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM highlights WHERE id = ?", (highlight_id,))
        return row.fetchone() is not None

    # --- writing -------------------------------------------------------------------------

    def add(self, highlight: Highlight) -> Highlight:
        """Store a new highlight as given (id, offsets, quote, colour, note, tags);
        empty created/modified stamps are set to now. Returns it as stored."""
        stamp = now_iso()
        created = highlight.created or stamp
        stored = replace(
            highlight,
            created=created,
            modified=highlight.modified or created,
            tags=tuple(unique_tags(highlight.tags)),
        )
        with transaction(self.conn):
            self.conn.execute(
                f"INSERT INTO highlights ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                _values(stored),
            )
            self._write_tags(stored.id, stored.tags)
        return self.get(stored.id) or stored

    def restore(self, highlight: Highlight) -> Highlight:
        """Put a highlight back exactly as it was: same id, offsets, quote, colour, note,
        stamps and tags (undo of a delete, or of an edit). Replaces a highlight that has
        that id."""
        with transaction(self.conn):
            self.conn.execute(
                f"INSERT INTO highlights ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET article_id = excluded.article_id,"
                ' start = excluded.start, "end" = excluded."end", exact = excluded.exact,'
                " prefix = excluded.prefix, suffix = excluded.suffix, color = excluded.color,"
                " note = excluded.note, orphaned = excluded.orphaned,"
                " created = excluded.created, modified = excluded.modified",
                _values(highlight),
            )
            self.conn.execute("DELETE FROM highlight_tags WHERE highlight_id = ?", (highlight.id,))
            self._write_tags(highlight.id, unique_tags(highlight.tags))
        restored = self.get(highlight.id)
        assert restored is not None
        return restored

    def update(
        self, highlight_id: str, *, color: str | None = None, note: str | None = None
    ) -> Highlight | None:
        """Change the colour and/or the note; the modified stamp is set when anything
        changed. None when there is no such highlight."""
        with transaction(self.conn):
            current = self.get(highlight_id)
            if current is None:
                return None
            changes: dict[str, str] = {}
            if color is not None and color != current.color:
                changes["color"] = color
            if note is not None and note != current.note:
                changes["note"] = note
            if not changes:
                return current
            stamp = now_iso()
            assignments = ", ".join(f"{column} = ?" for column in changes)
            self.conn.execute(
                f"UPDATE highlights SET {assignments}, modified = ? WHERE id = ?",
                [*changes.values(), stamp, highlight_id],
            )
        return self.get(highlight_id)

    def set_tags(self, highlight_id: str, names: Iterable[str]) -> Highlight | None:
        """Give the highlight exactly these tags (new names create tags); the modified
        stamp is set when they changed. None when there is no such highlight."""
        wanted = unique_tags(names)
        with transaction(self.conn):
            current = self.get(highlight_id)
            if current is None:
                return None
            if {tag_key(t) for t in current.tags} == {tag_key(t) for t in wanted}:
                return current
            self.conn.execute("DELETE FROM highlight_tags WHERE highlight_id = ?", (highlight_id,))
            self._write_tags(highlight_id, wanted)
            self.conn.execute(
                "UPDATE highlights SET modified = ? WHERE id = ?", (now_iso(), highlight_id)
            )
        return self.get(highlight_id)

    def delete(self, highlight_id: str) -> Highlight | None:
        """Delete a highlight; returns it as it was (with its tags), for an undo."""
        with transaction(self.conn):
            current = self.get(highlight_id)
            if current is None:
                return None
            self.conn.execute("DELETE FROM highlights WHERE id = ?", (highlight_id,))
        return current

    def place(self, placements: Iterable[Placement]) -> None:
        """Store where re-anchoring put highlights (offsets, quote, orphaned); notes,
        colours, stamps and tags are left as they are."""
        with transaction(self.conn):
            self.conn.executemany(
                'UPDATE highlights SET start = ?, "end" = ?, exact = ?, prefix = ?,'
                " suffix = ?, orphaned = ? WHERE id = ?",
                [
                    (p.start, p.end, p.exact, p.prefix, p.suffix, int(p.orphaned), p.highlight_id)
                    for p in placements
                ],
            )

    def _write_tags(self, highlight_id: str, names: Iterable[str]) -> None:
        for name in names:
            tag_id = self.tags.ensure(name)
            self.conn.execute(
                "INSERT OR IGNORE INTO highlight_tags (highlight_id, tag_id) VALUES (?, ?)",
                (highlight_id, tag_id),
            )


class ArticleAnnotations:
    """Article-level annotations: the note, the read state and the reading position, and
    replacing an article's text together with its highlights' new places."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.highlights = HighlightStore(conn)

    def note(self, article_id: int) -> str | None:
        row = self.conn.execute("SELECT note FROM articles WHERE id = ?", (article_id,))
        found = row.fetchone()
        return None if found is None else str(found[0])

    def set_note(self, article_id: int, note: str) -> bool:
        """Set the article's note ("" clears it); False when there is no such article."""
        with transaction(self.conn):
            cursor = self.conn.execute(
                "UPDATE articles SET note = ?, modified = ? WHERE id = ? AND note IS NOT ?",
                (note, now_iso(), article_id, note),
            )
            if cursor.rowcount:
                return True
            return self._exists(article_id)

    def is_read(self, article_id: int) -> bool | None:
        row = self.conn.execute("SELECT is_read FROM articles WHERE id = ?", (article_id,))
        found = row.fetchone()
        return None if found is None else bool(found[0])

    def set_read(self, article_id: int, is_read: bool) -> bool:
        with transaction(self.conn):
            cursor = self.conn.execute(
                "UPDATE articles SET is_read = ? WHERE id = ?", (int(is_read), article_id)
            )
        return cursor.rowcount > 0

    def read_position(self, article_id: int) -> int | None:
        row = self.conn.execute("SELECT read_position FROM articles WHERE id = ?", (article_id,))
        found = row.fetchone()
        return None if found is None else int(found[0])

    def set_read_position(self, article_id: int, position: int) -> bool:
        with transaction(self.conn):
            cursor = self.conn.execute(
                "UPDATE articles SET read_position = ? WHERE id = ?",
                (max(0, position), article_id),
            )
        return cursor.rowcount > 0

    def replace_text(
        self,
        article_id: int,
        text: str,
        placements: Iterable[Placement],
        metadata: Mapping[str, str] | None = None,
    ) -> bool:
        """Store the article's new text (fingerprint, word count, modified stamp; the FTS
        index follows by trigger), its highlights' new places and, optionally, new
        values for `metadata` (title, section, byline, published), in one transaction.
        False when there is no such article; DuplicateTextError when another article
        has the same text."""
        fingerprint = text_fingerprint(text)
        fields = {k: v for k, v in (metadata or {}).items() if k in _METADATA_COLUMNS}
        with transaction(self.conn):
            other = self.conn.execute(
                "SELECT id FROM articles WHERE text_sha256 = ? AND id != ?",
                (fingerprint, article_id),
            ).fetchone()
            if other is not None:
                raise DuplicateTextError(article_id, int(other[0]))
            assignments = "".join(f", {column} = ?" for column in fields)
            cursor = self.conn.execute(
                "UPDATE articles SET text = ?, text_sha256 = ?, word_count = ?, modified = ?"
                f"{assignments} WHERE id = ?",
                (text, fingerprint, len(text.split()), now_iso(), *fields.values(), article_id),
            )
            if not cursor.rowcount:
                return False
            self.highlights.place(placements)
        return True

    def _exists(self, article_id: int) -> bool:
        row = self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,))
        return row.fetchone() is not None


def _values(h: Highlight) -> tuple[object, ...]:
    return (
        h.id,
        h.article_id,
        h.start,
        h.end,
        h.exact,
        h.prefix,
        h.suffix,
        h.color,
        h.note,
        int(h.orphaned),
        h.created,
        h.modified,
    )
