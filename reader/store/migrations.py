"""Schema versions, one function each, keyed by ``PRAGMA user_version``.

Each migration runs inside one transaction together with the version bump, so a crash
mid-way leaves the previous version intact. Never edit a released migration: add one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from reader.store.db import NewerSchemaError, enable_wal, transaction, user_version

Migration = Callable[[sqlite3.Connection], None]


def _v1_library(conn: sqlite3.Connection) -> None:
    statements = [
        """CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
        """CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            section TEXT NOT NULL DEFAULT '',
            byline TEXT NOT NULL DEFAULT '',
            source_url TEXT NOT NULL DEFAULT '',
            site TEXT NOT NULL DEFAULT '',
            published TEXT NOT NULL DEFAULT '',
            imported_at TEXT NOT NULL,
            modified TEXT NOT NULL,
            text TEXT NOT NULL,
            text_sha256 TEXT NOT NULL,
            word_count INTEGER NOT NULL DEFAULT 0,
            read_position INTEGER NOT NULL DEFAULT 0,
            is_read INTEGER NOT NULL DEFAULT 0,
            note TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE UNIQUE INDEX articles_text_sha256 ON articles(text_sha256)",
        "CREATE INDEX articles_title ON articles(title COLLATE NOCASE, id)",
        "CREATE INDEX articles_site ON articles(site COLLATE NOCASE, id)",
        "CREATE INDEX articles_published ON articles(published, id)",
        "CREATE INDEX articles_imported_at ON articles(imported_at, id)",
        "CREATE INDEX articles_source_url ON articles(source_url) WHERE source_url != ''",
        """CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE
        )""",
        """CREATE TABLE article_tags (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            PRIMARY KEY (article_id, tag_id)
        ) WITHOUT ROWID""",
        "CREATE INDEX article_tags_tag ON article_tags(tag_id, article_id)",
        """CREATE TABLE highlights (
            id TEXT PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            exact TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            color TEXT NOT NULL DEFAULT 'yellow',
            note TEXT NOT NULL DEFAULT '',
            orphaned INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL,
            modified TEXT NOT NULL
        )""",
        "CREATE INDEX highlights_article ON highlights(article_id, start)",
        """CREATE TABLE highlight_tags (
            highlight_id TEXT NOT NULL REFERENCES highlights(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            PRIMARY KEY (highlight_id, tag_id)
        ) WITHOUT ROWID""",
        "CREATE INDEX highlight_tags_tag ON highlight_tags(tag_id)",
        # External-content FTS over the article table, kept in step by triggers.
        """CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'
        )""",
        """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END""",
        """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
        END""",
        """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END""",
    ]
    for statement in statements:
        conn.execute(statement)


def _v2_entities(conn: sqlite3.Connection) -> None:
    """Named entities: the model's output, the user's corrections and rules, and the
    effective spans (model + rules + corrections) that the views show and filter on."""
    statements = [
        """CREATE TABLE entity_runs (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            model_version TEXT NOT NULL,
            text_sha256 TEXT NOT NULL,
            analysed_at TEXT NOT NULL
        )""",
        """CREATE TABLE model_entities (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            label TEXT NOT NULL,
            text TEXT NOT NULL
        )""",
        "CREATE INDEX model_entities_article ON model_entities(article_id, start)",
        """CREATE TABLE entities (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            label TEXT NOT NULL,
            text TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT 'model'
        )""",
        "CREATE INDEX entities_article ON entities(article_id, start)",
        "CREATE INDEX entities_text ON entities(text COLLATE NOCASE, article_id)",
        """CREATE TABLE entity_corrections (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            label TEXT NOT NULL,
            text TEXT NOT NULL,
            created TEXT NOT NULL
        )""",
        "CREATE INDEX entity_corrections_article ON entity_corrections(article_id, start)",
        """CREATE TABLE entity_rules (
            id INTEGER PRIMARY KEY,
            text TEXT NOT NULL UNIQUE COLLATE NOCASE,
            label TEXT NOT NULL,
            created TEXT NOT NULL
        )""",
    ]
    for statement in statements:
        conn.execute(statement)


def _annotations_refresh(article: str) -> str:
    """SQL (for a trigger body) that rebuilds one article's row of annotations_fts: the
    article's note with its highlights' notes, and its highlights' quotes; no row for an
    article without either. `article` is the SQL expression of the article's id.

    Part of schema v3: never change it. A later version that needs other triggers drops
    and re-creates them in its own migration."""
    return f"""
        DELETE FROM annotations_fts WHERE rowid = {article};
        INSERT INTO annotations_fts (rowid, notes, quotes)
        SELECT a.id,
               a.note || char(10) || coalesce((SELECT group_concat(h.note, char(10))
                   FROM highlights h WHERE h.article_id = a.id AND h.note != ''), ''),
               coalesce((SELECT group_concat(h.exact, char(10))
                   FROM highlights h WHERE h.article_id = a.id), '')
        FROM articles a
        WHERE a.id = {article}
          AND (a.note != '' OR EXISTS (SELECT 1 FROM highlights h WHERE h.article_id = a.id));
    """


def _v3_annotation_search(conn: sqlite3.Connection) -> None:
    """Search over what the user wrote and marked: one FTS row per annotated article
    (rowid = article id) with its note and its highlights' notes (`notes`) and the
    highlighted text (`quotes`), so that a search finds an article by its annotations
    with one FTS lookup and no GROUP BY. Triggers keep it in step; existing annotations
    are indexed here."""
    statements = [
        """CREATE VIRTUAL TABLE annotations_fts USING fts5(
            notes, quotes, tokenize='unicode61 remove_diacritics 2'
        )""",
        f"""CREATE TRIGGER highlights_annotations_insert AFTER INSERT ON highlights BEGIN
            {_annotations_refresh("new.article_id")}
        END""",
        f"""CREATE TRIGGER highlights_annotations_delete AFTER DELETE ON highlights BEGIN
            {_annotations_refresh("old.article_id")}
        END""",
        f"""CREATE TRIGGER highlights_annotations_update
            AFTER UPDATE OF exact, note, article_id ON highlights
            WHEN old.exact IS NOT new.exact OR old.note IS NOT new.note
              OR old.article_id IS NOT new.article_id
        BEGIN
            {_annotations_refresh("old.article_id")}
            {_annotations_refresh("new.article_id")}
        END""",
        f"""CREATE TRIGGER articles_annotations_insert AFTER INSERT ON articles
            WHEN new.note != ''
        BEGIN
            {_annotations_refresh("new.id")}
        END""",
        f"""CREATE TRIGGER articles_annotations_note AFTER UPDATE OF note ON articles
            WHEN old.note IS NOT new.note
        BEGIN
            {_annotations_refresh("new.id")}
        END""",
        """CREATE TRIGGER articles_annotations_delete AFTER DELETE ON articles BEGIN
            DELETE FROM annotations_fts WHERE rowid = old.id;
        END""",
        # The annotations written before this version.
        """INSERT INTO annotations_fts (rowid, notes, quotes)
        SELECT a.id,
               a.note || char(10) || coalesce((SELECT group_concat(h.note, char(10))
                   FROM highlights h WHERE h.article_id = a.id AND h.note != ''), ''),
               coalesce((SELECT group_concat(h.exact, char(10))
                   FROM highlights h WHERE h.article_id = a.id), '')
        FROM articles a
        WHERE a.note != '' OR EXISTS (SELECT 1 FROM highlights h WHERE h.article_id = a.id)""",
    ]
    for statement in statements:
        conn.execute(statement)


def _v4_correction_anchors(conn: sqlite3.Connection) -> None:
    """The user's entity corrections follow their words when the article's text changes,
    as highlights do: each keeps a quote's context (`prefix`, `suffix`: up to 32
    characters either side) and an `orphaned` flag for one whose words are gone (kept,
    tried again at every later change, never applied). A correction whose words are no
    longer at its offsets (the text was edited before this version, when corrections
    stayed put) is orphaned here rather than left applying to other words; the others
    get their context from the text. SQLite's substr counts characters, as Python's
    str offsets do."""
    statements = [
        "ALTER TABLE entity_corrections ADD COLUMN prefix TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE entity_corrections ADD COLUMN suffix TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE entity_corrections ADD COLUMN orphaned INTEGER NOT NULL DEFAULT 0",
        """UPDATE entity_corrections SET orphaned = 1
        WHERE text = '' OR text IS NOT (
            SELECT substr(a.text, entity_corrections.start + 1,
                          entity_corrections."end" - entity_corrections.start)
            FROM articles a WHERE a.id = entity_corrections.article_id)""",
        """UPDATE entity_corrections SET
            prefix = (SELECT substr(a.text, max(1, entity_corrections.start - 31),
                                    min(32, entity_corrections.start))
                      FROM articles a WHERE a.id = entity_corrections.article_id),
            suffix = (SELECT substr(a.text, entity_corrections."end" + 1, 32)
                      FROM articles a WHERE a.id = entity_corrections.article_id)
        WHERE orphaned = 0""",
    ]
    for statement in statements:
        conn.execute(statement)


def _tagged(article: str, tag: str) -> str:
    """SQL: the article itself carries the tag. Part of schema v5: never change it."""
    return f"EXISTS (SELECT 1 FROM article_tags WHERE article_id = {article} AND tag_id = {tag})"


def _highlighted(article: str, tag: str, other_than: str = "") -> str:
    """SQL: one of the article's highlights (other than `other_than`) carries the tag.
    CROSS JOIN keeps the plan: the article's highlights (a few, at most some hundreds),
    each looked up in highlight_tags' primary key; never the tag's highlights (thousands).
    Part of schema v5: never change it."""
    skip = f" AND h.id != {other_than}" if other_than else ""
    return (
        "EXISTS (SELECT 1 FROM highlights h CROSS JOIN highlight_tags ht"
        f" ON ht.highlight_id = h.id AND ht.tag_id = {tag} WHERE h.article_id = {article}{skip})"
    )


def _article_of(highlight: str) -> str:
    return f"(SELECT article_id FROM highlights WHERE id = {highlight})"


def _recount(tags: str) -> str:
    """SQL: count the use of `tags` (a list of ids or a SELECT of them) from scratch.
    Part of schema v5: never change it."""
    return f"""
        UPDATE tag_usage SET
            articles = (SELECT count(*) FROM article_tags at WHERE at.tag_id = tag_usage.tag_id),
            highlights = (SELECT count(*) FROM highlight_tags ht
                          WHERE ht.tag_id = tag_usage.tag_id),
            listed = (SELECT count(*) FROM (
                SELECT at.article_id FROM article_tags at WHERE at.tag_id = tag_usage.tag_id
                UNION
                SELECT h.article_id FROM highlight_tags ht
                JOIN highlights h ON h.id = ht.highlight_id WHERE ht.tag_id = tag_usage.tag_id))
        WHERE tag_id IN ({tags});
    """


def _v5_tag_usage(conn: sqlite3.Connection) -> None:
    """Each tag's counts, kept by triggers, so the tag list reads ~300 rows instead of
    counting ~100,000 links (and joining every tagged highlight to its article) on the
    UI thread: 58 ms -> well under 2 ms on 100,000 articles (benchmarks/bench_tags.py).

    `articles`: article_tags rows; `highlights`: highlight_tags rows; `listed`: the
    articles a filter by the tag lists, tagged themselves or through a highlight, each
    once. Every change of a link adjusts the tag's row, checking the article's other
    links for `listed`. A highlight's tags are unlinked before the highlight goes (a
    BEFORE DELETE trigger), because the cascade runs after the highlight's row, and with
    it its article id, is gone."""
    t_ins, t_del = "new.tag_id", "old.tag_id"
    h_new, h_old = _article_of("new.highlight_id"), _article_of("old.highlight_id")
    statements = [
        """CREATE TABLE tag_usage (
            tag_id INTEGER PRIMARY KEY REFERENCES tags(id) ON DELETE CASCADE,
            articles INTEGER NOT NULL DEFAULT 0,
            highlights INTEGER NOT NULL DEFAULT 0,
            listed INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TRIGGER tags_usage_insert AFTER INSERT ON tags BEGIN
            INSERT OR REPLACE INTO tag_usage (tag_id) VALUES (new.id);
        END""",
        f"""CREATE TRIGGER article_tags_usage_insert AFTER INSERT ON article_tags BEGIN
            UPDATE tag_usage SET articles = articles + 1,
                listed = listed + NOT {_highlighted("new.article_id", t_ins)}
            WHERE tag_id = new.tag_id;
        END""",
        f"""CREATE TRIGGER article_tags_usage_delete AFTER DELETE ON article_tags BEGIN
            UPDATE tag_usage SET articles = articles - 1,
                listed = listed - NOT {_highlighted("old.article_id", t_del)}
            WHERE tag_id = old.tag_id;
        END""",
        f"""CREATE TRIGGER highlight_tags_usage_insert AFTER INSERT ON highlight_tags BEGIN
            UPDATE tag_usage SET highlights = highlights + 1,
                listed = listed + NOT ({_tagged(h_new, t_ins)}
                                       OR {_highlighted(h_new, t_ins, "new.highlight_id")})
            WHERE tag_id = new.tag_id;
        END""",
        f"""CREATE TRIGGER highlight_tags_usage_delete AFTER DELETE ON highlight_tags BEGIN
            UPDATE tag_usage SET highlights = highlights - 1,
                listed = listed - NOT ({_tagged(h_old, t_del)} OR {_highlighted(h_old, t_del)})
            WHERE tag_id = old.tag_id;
        END""",
        """CREATE TRIGGER highlights_usage_delete BEFORE DELETE ON highlights BEGIN
            DELETE FROM highlight_tags WHERE highlight_id = old.id;
        END""",
        # Reader never updates a link, and moves a highlight only when an undo puts it
        # back on another article (HighlightStore.restore): count those tags again.
        f"""CREATE TRIGGER article_tags_usage_update AFTER UPDATE ON article_tags BEGIN
            {_recount("old.tag_id, new.tag_id")}
        END""",
        f"""CREATE TRIGGER highlight_tags_usage_update AFTER UPDATE ON highlight_tags BEGIN
            {_recount("old.tag_id, new.tag_id")}
        END""",
        f"""CREATE TRIGGER highlights_usage_move AFTER UPDATE OF article_id ON highlights
            WHEN old.article_id IS NOT new.article_id
        BEGIN
            {_recount("SELECT tag_id FROM highlight_tags WHERE highlight_id = new.id")}
        END""",
        # The tags there are now.
        "INSERT INTO tag_usage (tag_id) SELECT id FROM tags",
        _recount("SELECT id FROM tags"),
    ]
    for statement in statements:
        conn.execute(statement)


MIGRATIONS: list[Migration] = [
    _v1_library,
    _v2_entities,
    _v3_annotation_search,
    _v4_correction_anchors,
    _v5_tag_usage,
]
CURRENT_VERSION = len(MIGRATIONS)


def check_version(conn: sqlite3.Connection, path: str) -> int:
    """Refuse a library from a newer Reader before anything writes to it."""
    version = user_version(conn)
    if version > CURRENT_VERSION:
        raise NewerSchemaError(
            f"The library {path} was written by a newer version of Reader "
            f"(schema {version}; this version knows up to {CURRENT_VERSION}). "
            "It has been left untouched: update Reader to open it."
        )
    return version


def migrate(conn: sqlite3.Connection, path: str = "") -> list[int]:
    """Bring the schema up to date; returns the versions applied."""
    start = check_version(conn, path)
    enable_wal(conn)
    applied: list[int] = []
    for version in range(start + 1, CURRENT_VERSION + 1):
        with transaction(conn):
            # Re-check inside the write lock: another process may have migrated meanwhile.
            if user_version(conn) >= version:
                continue
            MIGRATIONS[version - 1](conn)
            conn.execute(f"PRAGMA user_version = {version}")
        applied.append(version)
    return applied


def needs_migration(conn: sqlite3.Connection, path: str = "") -> bool:
    return check_version(conn, path) < CURRENT_VERSION
