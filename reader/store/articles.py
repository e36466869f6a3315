"""The articles table: adding, reading, listing and deleting articles."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from reader.core.model import Article, ArticleDraft, ArticleSummary
from reader.store.db import transaction
from reader.store.query import LibraryQuery, SortKey
from reader.store.search import to_fts_query
from reader.store.tags import TagStore

# Weight title matches above body matches when ranking search results.
RANK_EXPRESSION = "bm25(articles_fts, 10.0, 1.0)"
# Annotations: the user's own words (notes) above the words they marked (quotes).
ANNOTATION_RANK_EXPRESSION = "bm25(annotations_fts, 4.0, 2.0)"


_ORDER_COLUMNS: dict[SortKey, str] = {
    SortKey.TITLE: "a.title COLLATE NOCASE",
    SortKey.SOURCE: "a.site COLLATE NOCASE",
    SortKey.PUBLISHED: "a.published",
    SortKey.IMPORTED: "a.imported_at",
    SortKey.WORDS: "a.word_count",
    SortKey.TAGS: (
        "(SELECT group_concat(t.name) FROM article_tags at2 JOIN tags t ON t.id = at2.tag_id"
        " WHERE at2.article_id = a.id) COLLATE NOCASE"
    ),
    SortKey.HIGHLIGHTS: "(SELECT count(*) FROM highlights h WHERE h.article_id = a.id)",
}


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def text_fingerprint(text: str) -> str:
    """Same words in the same order = same article, whatever the line breaks."""
    import hashlib  # here, not at import: it loads OpenSSL, ms before the window shows

    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def site_of(url: str) -> str:
    from urllib.parse import urlsplit  # not on the start-up path

    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


_SUMMARY_SQL = """
SELECT a.id, a.title, a.site, a.source_url, a.published, a.imported_at, a.word_count,
       a.is_read,
       (SELECT count(*) FROM highlights h WHERE h.article_id = a.id) AS highlight_count
FROM articles a WHERE a.id IN ({marks})
"""


class ArticleStore:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.tags = TagStore(conn)

    # --- writing -------------------------------------------------------------------------

    def add(self, draft: ArticleDraft, *, imported_at: str | None = None) -> tuple[int, bool]:
        """Store a draft; returns (id, True) or the existing (id, False) for a duplicate."""
        with transaction(self.conn):
            return self._add(draft, imported_at or now_iso())

    def add_many(self, drafts: Sequence[ArticleDraft]) -> list[tuple[int, bool]]:
        """A batch in one transaction: bulk import commits per batch, not per article."""
        stamp = now_iso()
        with transaction(self.conn):
            return [self._add(draft, stamp) for draft in drafts]

    def _add(self, draft: ArticleDraft, stamp: str) -> tuple[int, bool]:
        fingerprint = text_fingerprint(draft.text)
        row = self.conn.execute(
            "SELECT id FROM articles WHERE text_sha256 = ?", (fingerprint,)
        ).fetchone()
        if row is not None:
            return int(row[0]), False
        cursor = self.conn.execute(
            """INSERT INTO articles (title, section, byline, source_url, site, published,
                   imported_at, modified, text, text_sha256, word_count)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                draft.title.strip() or "Untitled",
                draft.section,
                draft.byline,
                draft.source_url,
                draft.site or site_of(draft.source_url),
                draft.published,
                stamp,
                stamp,
                draft.text,
                fingerprint,
                len(draft.text.split()),
            ),
        )
        article_id = int(cursor.lastrowid or 0)
        if draft.tags:
            self.tags.add_to_article(article_id, draft.tags)
        return article_id, True

    def delete(self, article_id: int) -> bool:
        with transaction(self.conn):
            cursor = self.conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        return cursor.rowcount > 0

    # --- reading -------------------------------------------------------------------------

    def get(self, article_id: int) -> Article | None:
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        return Article(
            id=row["id"],
            title=row["title"],
            text=row["text"],
            section=row["section"],
            byline=row["byline"],
            source_url=row["source_url"],
            published=row["published"],
            site=row["site"],
            imported_at=row["imported_at"],
            text_sha256=row["text_sha256"],
            word_count=row["word_count"],
            read_position=row["read_position"],
            is_read=bool(row["is_read"]),
            note=row["note"],
            tags=tuple(self.tags.for_article(article_id)),
        )

    def exists(self, article_id: int) -> bool:
        row = self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def query_ids(self, query: LibraryQuery, limit: int | None = None) -> list[int]:
        """Ids in display order; the list view fetches the rows it shows on demand.

        A search matches an article by its title and text (articles_fts) or by its
        annotations: its note and its highlights' notes and quotes (annotations_fts, one
        row per annotated article, schema v3)."""
        fts = to_fts_query(query.search) if query.search.strip() else None
        if fts is not None and query.sort is SortKey.RELEVANCE:
            ids = self._ranked_ids(query, fts)
            return ids if limit is None else ids[:limit]
        sql, params = self._ids_sql(query)
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [row[0] for row in self.conn.execute(sql, params)]

    def _ranked_ids(self, query: LibraryQuery, fts: str) -> list[int]:
        """Best match first, over the text and the annotations.

        The text's matches come from the FTS index alone, as fast as raw FTS5 (see
        _ids_sql). When annotations match too (one cheap look-up: one row per annotated
        article), both indexes are read in one statement, SQLite sorts everything by
        score (bm25: lower is better), and an article found twice keeps its better place.
        """
        text_filters, text_params = self._filters(query, "+articles_fts.rowid")
        note_filters, note_params = self._filters(query, "+annotations_fts.rowid")
        any_note = (
            "SELECT 1 FROM annotations_fts WHERE annotations_fts MATCH ?"
            + "".join(f" AND {condition}" for condition in note_filters)
            + " LIMIT 1"
        )
        if self.conn.execute(any_note, [fts, *note_params]).fetchone() is None:
            sql, params = self._ids_sql(query)
            return [row[0] for row in self.conn.execute(sql, params)]
        sql = (
            f"SELECT id FROM (SELECT articles_fts.rowid AS id, {RANK_EXPRESSION} AS score"
            " FROM articles_fts WHERE articles_fts MATCH ?"
            + "".join(f" AND {condition}" for condition in text_filters)
            + f" UNION ALL SELECT annotations_fts.rowid, {ANNOTATION_RANK_EXPRESSION}"
            " FROM annotations_fts WHERE annotations_fts MATCH ?"
            + "".join(f" AND {condition}" for condition in note_filters)
            + ") ORDER BY score"
        )
        params = [fts, *text_params, fts, *note_params]
        return list(dict.fromkeys([row[0] for row in self.conn.execute(sql, params)]))

    def _filters(self, query: LibraryQuery, id_column: str) -> tuple[list[str], list[object]]:
        """Tag and entity conditions on `id_column`."""
        where: list[str] = []
        params: list[object] = []
        if query.tag:  # on the article, or on one of its highlights
            where.append(
                f"{id_column} IN (SELECT at1.article_id FROM article_tags at1"
                " JOIN tags t1 ON t1.id = at1.tag_id WHERE t1.name = ?"
                " UNION SELECT h1.article_id FROM highlight_tags ht1"
                " JOIN tags t2 ON t2.id = ht1.tag_id"
                " JOIN highlights h1 ON h1.id = ht1.highlight_id WHERE t2.name = ?)"
            )
            params += [query.tag, query.tag]
        if query.entity:
            where.append(self._entity_condition(id_column))
            params.append(query.entity)
        return where, params

    def _ids_sql(self, query: LibraryQuery) -> tuple[str, list[object]]:
        """The list's SQL. For a ranked search, the part over title and text only (the
        annotations are merged in by _ranked_ids); for a search in another order, the
        union of both."""
        params: list[object] = []
        where: list[str] = []
        fts = to_fts_query(query.search) if query.search.strip() else None
        # Ranked search takes the ids from the FTS index alone: the triggers keep it in step
        # with articles, and a JOIN costs one articles b-tree seek per match (about 2x raw
        # FTS5 for a word in 40% of 100,000 articles; see benchmarks/bench_search.py).
        ranked = fts is not None and query.sort is SortKey.RELEVANCE
        # The unary + keeps "rowid IN (...)" away from FTS5's xBestIndex: offered to it, FTS5
        # re-runs the MATCH once per listed id (200x slower for a tag with 3,000 articles).
        id_column = "+articles_fts.rowid" if ranked else "a.id"
        if fts is not None:
            if ranked:
                where.append("articles_fts MATCH ?")
                params.append(fts)
            else:
                where.append(
                    "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
                    " UNION ALL SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH ?)"
                )
                params += [fts, fts]
        filters, filter_params = self._filters(query, id_column)
        where += filters
        params += filter_params
        if ranked:
            sql = "SELECT articles_fts.rowid FROM articles_fts"
        else:
            sql = "SELECT a.id FROM articles a"
        if where:
            sql += " WHERE " + " AND ".join(where)
        direction = "DESC" if query.descending else "ASC"
        if ranked:
            sql += f" ORDER BY {RANK_EXPRESSION}"
        elif query.sort is SortKey.RELEVANCE:
            sql += " ORDER BY a.imported_at DESC, a.id DESC"
        else:
            column = _ORDER_COLUMNS[query.sort]
            sql += f" ORDER BY {column} {direction}, a.id {direction}"
        return sql, params

    def _entity_condition(self, id_column: str = "a.id") -> str:
        return (
            f"{id_column} IN (SELECT e.article_id FROM entities e"
            " WHERE e.text = ? COLLATE NOCASE AND e.label != '')"
        )

    def summaries(self, ids: Sequence[int]) -> list[ArticleSummary]:
        """Rows for the given ids, in the same order (missing ids are skipped)."""
        if not ids:
            return []
        # Plain tuples, read by position: a page of search results costs about half of
        # what sqlite3.Row and keyword arguments did (a third of a rare word's search).
        cursor = self.conn.cursor()
        cursor.row_factory = None
        rows: dict[int, tuple[Any, ...]] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for row in cursor.execute(_SUMMARY_SQL.format(marks=marks), list(chunk)):
                rows[row[0]] = row
        tags = self.tags.for_articles(list(rows))
        result: list[ArticleSummary] = []
        for article_id in ids:
            row = rows.get(article_id)
            if row is None:
                continue
            # id, title, site, source_url, published, imported_at, word_count, is_read, count
            result.append(
                ArticleSummary(
                    row[0],
                    row[1],
                    row[2],
                    row[3],
                    row[4],
                    row[5],
                    row[6],
                    tuple(tags.get(article_id, ())),
                    row[8],
                    bool(row[7]),
                )
            )
        return result


def _chunks(items: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for index in range(0, len(items), size):
        yield items[index : index + size]
