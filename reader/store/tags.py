"""Tags on articles (and, later, on highlights): names are unique regardless of case."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from reader.store.db import transaction


def clean_tag(name: str) -> str:
    """Tags are single-line, trimmed, with inner runs of spaces folded."""
    return " ".join(name.split())


class TagStore:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

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
        result: dict[int, list[str]] = {}
        for index in range(0, len(article_ids), 500):
            chunk = list(article_ids[index : index + 500])
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"""SELECT at.article_id, t.name FROM article_tags at
                    JOIN tags t ON t.id = at.tag_id
                    WHERE at.article_id IN ({marks}) ORDER BY t.name COLLATE NOCASE""",
                chunk,
            )
            for article_id, name in rows:
                result.setdefault(article_id, []).append(name)
        return result

    def counts(self) -> list[tuple[str, int]]:
        """Every tag with the number of articles carrying it, by name."""
        rows = self.conn.execute(
            """SELECT t.name, count(at.article_id) FROM tags t
               LEFT JOIN article_tags at ON at.tag_id = t.id
               GROUP BY t.id ORDER BY t.name COLLATE NOCASE"""
        )
        return [(name, count) for name, count in rows]
