"""Tags on articles and on highlights: names are unique regardless of (ASCII) case.

Renaming a tag to the name of another one merges them; deleting a tag removes it from
every article and highlight. `links` and `restore_links` give the undo of both.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from reader.store.db import transaction

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def clean_tag(name: str) -> str:
    """Tags are single-line, trimmed, with inner runs of spaces folded."""
    return " ".join(name.split())


def tag_key(name: str) -> str:
    """What makes two tag names the same tag: SQLite's NOCASE folds ASCII letters only."""
    return clean_tag(name).translate(_ASCII_LOWER)


def unique_tags(names: Iterable[str]) -> list[str]:
    """Cleaned, non-empty names, each tag once (its first spelling), in the order given."""
    seen: dict[str, str] = {}
    for name in names:
        cleaned = clean_tag(name)
        if cleaned:
            seen.setdefault(tag_key(cleaned), cleaned)
    return list(seen.values())


class TagCount(NamedTuple):
    """A tag and how many articles filtering the library by it lists."""

    name: str
    articles: int


@dataclass(frozen=True, slots=True)
class TagStats:
    """A tag's use: articles tagged, highlights tagged, and the articles the library
    lists for it (tagged themselves or through one of their highlights)."""

    name: str
    articles: int
    highlights: int
    listed: int


@dataclass(frozen=True, slots=True)
class TagLinks:
    """Everything a tag is on, as it was: what `restore_links` puts back (undo)."""

    name: str
    article_ids: tuple[int, ...]
    highlight_ids: tuple[str, ...]


OwnerId = TypeVar("OwnerId", int, str)


class TagStore:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def id_of(self, name: str) -> int | None:
        row = self.conn.execute("SELECT id FROM tags WHERE name = ?", (clean_tag(name),))
        found = row.fetchone()
        return None if found is None else int(found[0])

    def ensure(self, name: str) -> int:
        name = clean_tag(name)
        row = self.conn.execute("SELECT id FROM tags WHERE name = ?", (name,)).fetchone()
        if row is not None:
            return int(row[0])
        cursor = self.conn.execute("INSERT INTO tags (name) VALUES (?)", (name,))
        return int(cursor.lastrowid or 0)

    def add_to_article(self, article_id: int, names: Iterable[str]) -> list[str]:
        """Adds tags (existing ones kept); returns the names actually added."""
        added: list[str] = []
        with transaction(self.conn):
            for name in names:
                if not clean_tag(name):
                    continue
                tag_id = self.ensure(name)
                cursor = self.conn.execute(
                    "INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)",
                    (article_id, tag_id),
                )
                if cursor.rowcount:
                    added.append(clean_tag(name))
        return added

    def remove_from_article(self, article_id: int, names: Iterable[str]) -> None:
        with transaction(self.conn):
            for name in names:
                self.conn.execute(
                    "DELETE FROM article_tags WHERE article_id = ? AND tag_id ="
                    " (SELECT id FROM tags WHERE name = ?)",
                    (article_id, clean_tag(name)),
                )

    def for_article(self, article_id: int) -> list[str]:
        return self.for_articles([article_id]).get(article_id, [])

    def for_articles(self, article_ids: Sequence[int]) -> dict[int, list[str]]:
        return self._names_by_owner("article_tags", "article_id", article_ids)

    def counts(self) -> list[tuple[str, int]]:
        """Every tag with the number of articles carrying it, by name."""
        rows = self.conn.execute(
            """SELECT t.name, coalesce(u.articles, 0) FROM tags t
               LEFT JOIN tag_usage u ON u.tag_id = t.id ORDER BY t.name COLLATE NOCASE"""
        )
        return [(name, count) for name, count in rows]

    def usage(self) -> list[TagStats]:
        """Every tag with its use, by name (the tag list). The counts are kept by the
        schema's triggers (migrations._v5_tag_usage): one row a tag, nothing counted here."""
        rows = self.conn.execute(
            """SELECT t.name, coalesce(u.articles, 0), coalesce(u.highlights, 0),
                      coalesce(u.listed, 0)
               FROM tags t LEFT JOIN tag_usage u ON u.tag_id = t.id
               ORDER BY t.name COLLATE NOCASE, t.name"""
        )
        return [TagStats(*row) for row in rows]

    def names(self, prefix: str = "", limit: int | None = None) -> list[str]:
        """Tag names for autocompletion: those starting with `prefix` (any case), the most
        used (articles + highlights) first, then by name."""
        sql = (
            "SELECT t.name FROM tags t LEFT JOIN tag_usage u ON u.tag_id = t.id"
            " WHERE t.name LIKE ? ESCAPE '\\'"
            " ORDER BY coalesce(u.articles + u.highlights, 0) DESC, t.name COLLATE NOCASE"
        )
        escaped = clean_tag(prefix).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params: list[object] = [escaped + "%"]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [row[0] for row in self.conn.execute(sql, params)]

    def set_for_article(self, article_id: int, names: Iterable[str]) -> list[str]:
        """Give the article exactly these tags; returns its tags afterwards."""
        wanted = unique_tags(names)
        with transaction(self.conn):
            ids = [self.ensure(name) for name in wanted]
            marks = ",".join("?" * len(ids))
            self.conn.execute(
                f"DELETE FROM article_tags WHERE article_id = ? AND tag_id NOT IN ({marks})",
                [article_id, *ids],
            )
            self.conn.executemany(
                "INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)",
                [(article_id, tag_id) for tag_id in ids],
            )
        return self.for_article(article_id)

    def for_highlight(self, highlight_id: str) -> list[str]:
        return self.for_highlights([highlight_id]).get(highlight_id, [])

    def for_highlights(self, highlight_ids: Sequence[str]) -> dict[str, list[str]]:
        return self._names_by_owner("highlight_tags", "highlight_id", highlight_ids)

    def _names_by_owner(
        self, link_table: str, owner_column: str, owners: Sequence[OwnerId]
    ) -> dict[OwnerId, list[str]]:
        """Tag names per article or highlight, alphabetical, in chunks of 500 ids."""
        result: dict[OwnerId, list[str]] = {}
        for index in range(0, len(owners), 500):
            chunk = list(owners[index : index + 500])
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"""SELECT l.{owner_column}, t.name FROM {link_table} l
                    JOIN tags t ON t.id = l.tag_id
                    WHERE l.{owner_column} IN ({marks}) ORDER BY t.name COLLATE NOCASE""",
                chunk,
            )
            for owner, name in rows:
                result.setdefault(owner, []).append(name)
        return result

    def rename(self, old: str, new: str) -> str:
        """Rename tag `old` to `new`; when a tag `new` exists already, `old` is merged into
        it (its articles and highlights get `new`, `old` is deleted). Returns the name the
        tag has afterwards. KeyError when there is no tag `old`, ValueError for an empty
        new name."""
        target = clean_tag(new)
        if not target:
            raise ValueError("a tag needs a name")
        with transaction(self.conn):
            old_id = self.id_of(old)
            if old_id is None:
                raise KeyError(old)
            new_id = self.id_of(target)
            if new_id is None or new_id == old_id:  # a new name, or a change of case only
                self.conn.execute("UPDATE tags SET name = ? WHERE id = ?", (target, old_id))
                return target
            self.conn.execute(
                "INSERT OR IGNORE INTO article_tags (article_id, tag_id)"
                " SELECT article_id, ? FROM article_tags WHERE tag_id = ?",
                (new_id, old_id),
            )
            self.conn.execute(
                "INSERT OR IGNORE INTO highlight_tags (highlight_id, tag_id)"
                " SELECT highlight_id, ? FROM highlight_tags WHERE tag_id = ?",
                (new_id, old_id),
            )
            self.conn.execute("DELETE FROM tags WHERE id = ?", (old_id,))
            row = self.conn.execute("SELECT name FROM tags WHERE id = ?", (new_id,)).fetchone()
        return str(row[0])

    def delete(self, name: str) -> bool:
        """Delete a tag from every article and highlight; False when there is none."""
        with transaction(self.conn):
            cursor = self.conn.execute("DELETE FROM tags WHERE name = ?", (clean_tag(name),))
        return cursor.rowcount > 0

    def links(self, name: str) -> TagLinks | None:
        """What the tag is on now (for an undo), None when there is no such tag."""
        tag_id = self.id_of(name)
        if tag_id is None:
            return None
        row = self.conn.execute("SELECT name FROM tags WHERE id = ?", (tag_id,)).fetchone()
        articles = self.conn.execute(
            "SELECT article_id FROM article_tags WHERE tag_id = ? ORDER BY article_id", (tag_id,)
        )
        highlights = self.conn.execute(
            "SELECT highlight_id FROM highlight_tags WHERE tag_id = ? ORDER BY highlight_id",
            (tag_id,),
        )
        return TagLinks(str(row[0]), tuple(r[0] for r in articles), tuple(r[0] for r in highlights))

    def restore_links(self, links: TagLinks) -> None:
        """Make the tag exist, spelt as it was, on exactly the articles and highlights it
        was on (those that no longer exist are skipped)."""
        with transaction(self.conn):
            tag_id = self.ensure(links.name)
            self.conn.execute("UPDATE tags SET name = ? WHERE id = ?", (links.name, tag_id))
            self.conn.execute("DELETE FROM article_tags WHERE tag_id = ?", (tag_id,))
            self.conn.execute("DELETE FROM highlight_tags WHERE tag_id = ?", (tag_id,))
            self.conn.executemany(
                "INSERT OR IGNORE INTO article_tags (article_id, tag_id)"
                " SELECT id, ? FROM articles WHERE id = ?",
                [(tag_id, article_id) for article_id in links.article_ids],
            )
            self.conn.executemany(
                "INSERT OR IGNORE INTO highlight_tags (highlight_id, tag_id)"
                " SELECT id, ? FROM highlights WHERE id = ?",
                [(tag_id, highlight_id) for highlight_id in links.highlight_ids],
            )
