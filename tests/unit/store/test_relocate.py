"""Moving the library file: a verified copy through SQLite's backup API, nothing lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.paths import library_path
from reader.services.library import Library
from reader.store.relocate import (
    RelocationError,
    check_target,
    copy_library,
    move_backups,
    remove_library_files,
)


def make_library(path: Path) -> int:
    """A real library with its samples; returns the article count. The connection stays
    open while copying in some tests, as the app's would be (WAL content not yet in the
    main file)."""
    library = Library.open(path, seed_samples=True)
    count = len(library.list())
    library.close()
    return count


def test_copy_holds_everything_and_the_source_is_untouched(tmp_path: Path) -> None:
    source = tmp_path / "a" / "library.sqlite"
    source.parent.mkdir()
    count = make_library(source)
    writer = sqlite3.connect(source)  # a write still in the WAL when the copy starts
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("UPDATE articles SET title = 'Changed' WHERE id = 1")
    writer.commit()
    target = tmp_path / "b" / "library.sqlite"
    target.parent.mkdir()
    seen: list[tuple[int, int]] = []
    copy_library(source, target, progress=lambda done, total: seen.append((done, total)))
    writer.close()
    assert source.exists()
    assert seen and seen[-1][0] == seen[-1][1]
    assert not target.with_name("library.sqlite.moving").exists()
    moved = Library.open(target)
    try:
        assert len(moved.list()) == count
        article = moved.get(1)
        assert article is not None and article.title == "Changed"
    finally:
        moved.close()


def test_target_checks(tmp_path: Path) -> None:
    source = tmp_path / "library.sqlite"
    make_library(source)
    with pytest.raises(RelocationError, match="already in that folder"):
        check_target(source, tmp_path)
    other = tmp_path / "other"
    with pytest.raises(RelocationError, match="does not exist"):
        check_target(source, other)
    other.mkdir()
    assert check_target(source, other) == other / "library.sqlite"
    (other / "library.sqlite").write_text("someone else's file")
    with pytest.raises(RelocationError, match="already a file"):
        check_target(source, other)


def test_a_failed_copy_leaves_nothing_behind(tmp_path: Path) -> None:
    source = tmp_path / "library.sqlite"
    source.write_bytes(b"this is not a database at all" * 100)
    target = tmp_path / "new" / "library.sqlite"
    target.parent.mkdir()
    with pytest.raises(RelocationError):
        copy_library(source, target)
    assert not target.exists()
    assert list(target.parent.iterdir()) == []
    assert source.read_bytes().startswith(b"this is not")


def test_remove_takes_the_side_files_too(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    for name in ("library.sqlite", "library.sqlite-wal", "library.sqlite-shm"):
        (tmp_path / name).write_bytes(b"x")
    remove_library_files(path)
    assert list(tmp_path.iterdir()) == []


def test_library_path_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    moved = str(tmp_path / "moved.sqlite")
    assert library_path(None, moved) == Path(moved)
    monkeypatch.setenv("READER_DB", str(tmp_path / "env.sqlite"))
    assert library_path(None, moved) == tmp_path / "env.sqlite"
    assert library_path(str(tmp_path / "cli.sqlite"), moved) == tmp_path / "cli.sqlite"


def test_backups_follow_the_library_and_never_overwrite(tmp_path: Path) -> None:
    from reader.store.backup import create_backup

    source = tmp_path / "old" / "library.sqlite"
    source.parent.mkdir()
    make_library(source)
    daily = create_backup(source, reason="daily")
    manual = create_backup(source, reason="manual")
    target = tmp_path / "new" / "library.sqlite"
    target.parent.mkdir()
    copy_library(source, target)
    (target.parent / "backups").mkdir()
    taken = target.parent / "backups" / manual.name
    taken.write_bytes(b"a file of the user's with that name")

    assert move_backups(source, target) == 1
    assert sorted(p.name for p in (target.parent / "backups").iterdir()) == sorted(
        [daily.name, manual.name]
    )
    assert taken.read_bytes() == b"a file of the user's with that name"  # not overwritten
    assert manual.is_file() and not daily.exists()  # the clashing one stays behind
    assert move_backups(target, target) == 0
