"""What TagStore's counts must be, computed the plain way: in Python, from the link tables.

The reference for the counts that schema v4 keeps in `tag_usage` by triggers.
"""

from __future__ import annotations

import sqlite3

from reader.store.tags import TagStats, clean_tag, tag_key


def _nocase(name: str) -> str:
    """SQLite's NOCASE: ASCII letters folded, everything else compared as is."""
    return tag_key(name)


def usage(conn: sqlite3.Connection) -> list[TagStats]:
    """Every tag, by name (NOCASE, then exact): links to articles, links to highlights,
    and the articles tagged themselves or through a highlight, each article once."""
    names = {row[0]: row[1] for row in conn.execute("SELECT id, name FROM tags")}
    article_of = dict(conn.execute("SELECT id, article_id FROM highlights").fetchall())
    articles: dict[int, list[int]] = {tag: [] for tag in names}
    highlights: dict[int, list[str]] = {tag: [] for tag in names}
    for article_id, tag_id in conn.execute("SELECT article_id, tag_id FROM article_tags"):
        articles[tag_id].append(article_id)
    for highlight_id, tag_id in conn.execute("SELECT highlight_id, tag_id FROM highlight_tags"):
        highlights[tag_id].append(highlight_id)
    stats = [
        TagStats(
            name,
            len(articles[tag]),
            len(highlights[tag]),
            len(set(articles[tag]) | {article_of[h] for h in highlights[tag]}),
        )
        for tag, name in names.items()
    ]
    return sorted(stats, key=lambda s: (_nocase(s.name), s.name))


def counts(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    return [(s.name, s.articles) for s in usage(conn)]


def names(conn: sqlite3.Connection, prefix: str = "") -> list[str]:
    """Names starting with `prefix` (ASCII case folded), most links first, then by name."""
    start = tag_key(clean_tag(prefix))
    found = [s for s in usage(conn) if _nocase(s.name).startswith(start)]
    found.sort(key=lambda s: (-(s.articles + s.highlights), _nocase(s.name)))
    return [s.name for s in found]
