from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.core.model import ArticleDraft
from reader.services.library import Library
from reader.store.db import CorruptLibraryError, LibraryError, NewerSchemaError, connect
from reader.store.migrations import CURRENT_VERSION, migrate


def test_new_library_is_wal_with_foreign_keys(library: Library) -> None:
    conn = library.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION


def test_migrations_are_idempotent(library_path: Path) -> None:
    conn = connect(library_path)
    assert migrate(conn) == list(range(1, CURRENT_VERSION + 1))
    assert migrate(conn) == []
    conn.close()


def test_newer_library_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE future_things (x)")
    raw.execute(f"PRAGMA user_version = {CURRENT_VERSION + 5}")
    raw.commit()
    raw.close()
    before = path.read_bytes()
    with pytest.raises(NewerSchemaError, match="newer version of Reader"):
        Library.open(path)
    assert path.read_bytes() == before
    assert not Path(str(path) + "-wal").exists()


def test_garbage_file_is_reported_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite"
    path.write_bytes(b"this is not a database at all" * 100)
    before = path.read_bytes()
    with pytest.raises(CorruptLibraryError, match="damaged"):
        Library.open(path)
    assert path.read_bytes() == before


def test_folder_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(LibraryError):
        Library.open(tmp_path)


def test_two_connections_see_each_other(library: Library) -> None:
    other = library.reconnect()
    try:
        article_id, created = other.articles.add(ArticleDraft("Title", "Body text here."))
        assert created
        assert library.get(article_id) is not None
    finally:
        other.close()


def test_deleting_an_article_cascades(library: Library) -> None:
    article_id, _ = library.articles.add(ArticleDraft("T", "Body.", tags=("x",)))
    library.conn.execute(
        'INSERT INTO highlights (id, article_id, start, "end", exact, created, modified)'
        " VALUES ('h1', ?, 0, 4, 'Body', 'now', 'now')",
        (article_id,),
    )
    assert library.delete(article_id)
    assert library.conn.execute("SELECT count(*) FROM highlights").fetchone()[0] == 0
    assert library.conn.execute("SELECT count(*) FROM article_tags").fetchone()[0] == 0
