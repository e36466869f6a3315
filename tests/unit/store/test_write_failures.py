"""A library that cannot be written (read-only file or folder, full disk): reading still
works, every change is refused with a message the user can read, nothing is half-written."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from reader.core.model import ArticleDraft
from reader.services.annotations import AnnotationService
from reader.services.library import Library
from reader.store import db
from reader.store.db import READ_ONLY_MESSAGE, LibraryError, WriteError


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_library(path: Path) -> int:
    library = Library.open(path)
    (outcome,) = library.import_drafts(
        [ArticleDraft(title="Grain", text="The grain corridor reopened on Monday.")], "test"
    )
    library.close()
    assert outcome.id is not None
    return outcome.id


def test_writable_follows_file_and_folder_permissions(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    assert db.writable(path)  # not there yet: the folder decides
    path.write_bytes(b"")
    assert db.writable(path)


def test_read_only_library_opens_for_reading_and_refuses_changes(
    library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article_id = make_library(library_path)
    before = digest(library_path)
    monkeypatch.setattr(db, "writable", lambda _path: False)  # as chmod 444 would, not root
    library = Library.open(library_path)
    assert library.readonly
    assert [a.title for a in library.list()] == ["Grain"]
    service = AnnotationService(library)
    with pytest.raises(WriteError, match="read-only"):
        service.add_highlight(article_id, 4, 9)
    with pytest.raises(WriteError, match="read-only"):
        service.set_article_note(article_id, "lost?")
    with pytest.raises(LibraryError, match="read-only"):
        library.import_drafts([ArticleDraft(title="New", text="Another text.")], "test")
    other = library.reconnect()  # every connection of this library is read-only
    assert other.readonly
    with pytest.raises(WriteError):
        AnnotationService(other).set_read(article_id, True)
    other.close()
    library.close()
    assert digest(library_path) == before
    assert str(READ_ONLY_MESSAGE).startswith("This library is read-only")


def test_read_only_library_of_an_older_schema_is_not_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.data.schemas import make_fixtures

    path = tmp_path / "library.sqlite"
    path.write_bytes(make_fixtures.fixture_path(1).read_bytes())
    monkeypatch.setattr(db, "writable", lambda _path: False)
    with pytest.raises(LibraryError, match=r"read-only.*upgrade"):
        Library.open(path)
    assert path.read_bytes() == make_fixtures.fixture_path(1).read_bytes()


def test_full_disk_refuses_the_change_and_keeps_the_rest(library_path: Path) -> None:
    article_id = make_library(library_path)
    library = Library.open(library_path)
    service = AnnotationService(library)
    service.set_article_note(article_id, "kept")
    pages = library.conn.execute("PRAGMA page_count").fetchone()[0]
    library.conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full now
    big = "A long note that will not fit. " * 20_000
    with pytest.raises(WriteError, match="disk is full"):
        service.set_article_note(article_id, big)
    with pytest.raises(WriteError, match="disk is full"):
        library.import_drafts([ArticleDraft(title="Big", text=big)], "test")
    assert not library.conn.in_transaction
    library.conn.execute("PRAGMA max_page_count = 1073741823")
    assert service.highlights(article_id) == []
    assert library.get(article_id).note == "kept"  # type: ignore[union-attr]
    assert [a.title for a in library.list()] == ["Grain"]
    assert library.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    service.set_article_note(article_id, "room again")  # usable once there is room
    library.close()
