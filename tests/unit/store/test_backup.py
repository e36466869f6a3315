"""Backups: made through the backup API, checked, named by time, pruned, listed, restored."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from reader.core.model import ArticleDraft
from reader.paths import backups_dir
from reader.services.annotations import AnnotationService
from reader.services.library import Library
from reader.store import backup as backups
from reader.store.backup import (
    BackupError,
    backup_due,
    create_backup,
    latest_good_backup,
    list_backups,
    restore_into,
    set_aside,
)
from reader.store.db import LibraryError, NewerSchemaError
from reader.store.migrations import CURRENT_VERSION
from tests.data.schemas import make_fixtures

T0 = datetime(2026, 3, 1, 9, 30, 0)


def add_articles(library: Library, count: int, start: int = 0) -> list[int]:
    drafts = [
        ArticleDraft(title=f"Article {i}", text=f"Body number {i} about grain and ports.")
        for i in range(start, start + count)
    ]
    return [o.id for o in library.import_drafts(drafts, "test") if o.id is not None]


def titles(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT title FROM articles ORDER BY id")]
    finally:
        conn.close()


def test_backup_is_a_checked_self_contained_copy(library: Library) -> None:
    add_articles(library, 3)
    path = create_backup(library.path, reason="manual", now=T0)
    assert path == backups_dir(library.path) / "library-20260301-093000-manual.sqlite"
    assert titles(path) == ["Article 0", "Article 1", "Article 2"]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert [p.name for p in backups_dir(library.path).iterdir()] == [path.name]


def test_backup_sees_committed_writes_of_an_open_connection(library: Library) -> None:
    add_articles(library, 2)
    other = Library.open(library.path)
    add_articles(other, 1, start=10)  # committed by another connection, still in the WAL
    path = create_backup(library.path, now=T0)
    other.close()
    assert titles(path) == ["Article 0", "Article 1", "Article 10"]


def test_prune_keeps_the_newest(library: Library) -> None:
    add_articles(library, 1)
    made = [create_backup(library.path, keep=3, now=T0 + timedelta(hours=i)) for i in range(5)]
    kept = backups.backup_paths(library.path)
    assert kept == list(reversed(made[2:]))
    assert all(not p.exists() for p in made[:2])


def test_list_backups_gives_date_reason_size_and_articles(library: Library) -> None:
    add_articles(library, 2)
    create_backup(library.path, now=T0)
    add_articles(library, 3, start=5)
    create_backup(library.path, reason="Before restore!", now=T0 + timedelta(days=1))
    (backups_dir(library.path) / "notes.txt").write_text("not a backup")
    (backups_dir(library.path) / "library-20260101-000000.sqlite").write_bytes(b"garbage" * 99)
    infos = list_backups(library.path)
    assert [(i.created, i.reason, i.articles) for i in infos] == [
        (T0 + timedelta(days=1), "before-restore", 5),
        (T0, "", 2),
        (datetime(2026, 1, 1), "", None),  # listed, but marked unreadable
    ]
    assert infos[0].size == infos[0].path.stat().st_size > 0
    assert latest_good_backup(library.path) == infos[0].path


def test_backup_of_another_library_in_the_same_folder_is_not_listed(tmp_path: Path) -> None:
    a = Library.open(tmp_path / "library.sqlite")
    b = Library.open(tmp_path / "library-work.sqlite")
    create_backup(a.path, now=T0)
    create_backup(b.path, now=T0)
    assert [p.name for p in backups.backup_paths(a.path)] == ["library-20260301-093000.sqlite"]
    assert [p.name for p in backups.backup_paths(b.path)] == ["library-work-20260301-093000.sqlite"]
    a.close()
    b.close()


def test_a_failed_copy_leaves_no_backup(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    add_articles(library, 1)

    def broken_check(source: sqlite3.Connection, target: Path, progress: object = None) -> None:
        target.write_bytes(b"half")
        raise BackupError("The copy of the library failed its check (simulated).")

    monkeypatch.setattr(backups, "_copy", broken_check)
    with pytest.raises(BackupError, match="simulated"):
        create_backup(library.path, now=T0)
    assert list(backups_dir(library.path).iterdir()) == []


def test_backup_due_once_a_day(library: Library) -> None:
    assert backup_due(library.path, now=T0)
    create_backup(library.path, now=T0)
    assert not backup_due(library.path, now=T0 + timedelta(hours=23))
    assert backup_due(library.path, now=T0 + timedelta(hours=24))


# --- before a migration ----------------------------------------------------------------


@pytest.mark.parametrize("version", range(1, CURRENT_VERSION), ids=lambda v: f"v{v}")
def test_upgrade_is_preceded_by_a_backup_of_the_old_file(version: int, tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    shutil.copyfile(make_fixtures.fixture_path(version), path)
    before = titles(path)
    Library.open(path).close()
    infos = list_backups(path)
    assert [i.reason for i in infos] == [f"before-upgrade-v{version}"]
    conn = sqlite3.connect(infos[0].path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == version
    conn.close()
    assert titles(infos[0].path) == before
    Library.open(path).close()  # already current: no second backup
    assert len(list_backups(path)) == 1


def test_no_backup_of_a_new_or_current_library(library_path: Path) -> None:
    Library.open(library_path).close()
    Library.open(library_path).close()
    assert list_backups(library_path) == []


def test_upgrade_refused_when_no_backup_can_be_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "library.sqlite"
    shutil.copyfile(make_fixtures.fixture_path(1), path)
    original = path.read_bytes()

    def fail(*_args: object, **_kwargs: object) -> Path:
        raise BackupError("Could not back up the library: no space (simulated)")

    monkeypatch.setattr(backups, "create_backup", fail)
    with pytest.raises(LibraryError, match="left untouched"):
        Library.open(path)
    assert path.read_bytes() == original


# --- restore and setting aside -------------------------------------------------------------


def test_restore_replaces_the_content_and_open_connections_see_it(library: Library) -> None:
    add_articles(library, 2)
    snapshot = create_backup(library.path, now=T0)
    add_articles(library, 2, start=7)
    library.delete(1)
    restore_into(snapshot, library.path)
    assert [a.title for a in library.list()] == ["Article 1", "Article 0"]  # newest first
    assert library.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert library.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_restoring_an_old_schema_backup_upgrades_it(library: Library) -> None:
    restore_into(make_fixtures.fixture_path(1), library.path)
    assert library.conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
    assert titles(library.path) == titles(make_fixtures.fixture_path(1))
    assert not list(library.path.parent.glob("*.partial*"))


def test_restoring_a_newer_or_damaged_backup_changes_nothing(library: Library) -> None:
    add_articles(library, 2)
    newer = library.path.parent / "newer.sqlite"
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    conn.execute("CREATE TABLE x (y)")
    conn.close()
    with pytest.raises(NewerSchemaError):
        restore_into(newer, library.path)
    damaged = library.path.parent / "damaged.sqlite"
    damaged.write_bytes(b"SQLite format 3\0" + b"\xff" * 5000)
    with pytest.raises(BackupError, match="damaged"):
        restore_into(damaged, library.path)
    assert titles(library.path) == ["Article 0", "Article 1"]


def test_set_aside_moves_the_file_with_its_wal(library: Library, tmp_path: Path) -> None:
    service = AnnotationService(library)
    (article_id,) = add_articles(library, 1)
    service.set_article_note(article_id, "still here")
    # What a crash leaves: the main file and a WAL holding the last commits.
    crashed = tmp_path / "crashed" / "library.sqlite"
    crashed.parent.mkdir()
    for suffix in ("", "-wal"):
        shutil.copyfile(str(library.path) + suffix, str(crashed) + suffix)
    moved = set_aside(crashed, now=T0)
    assert moved.name == "library.damaged-20260301-093000.sqlite"
    assert not crashed.exists() and not Path(str(crashed) + "-wal").exists()
    assert Path(str(moved) + "-wal").exists()
    Library.open(crashed).close()  # a new, empty library where the old one was
    second = set_aside(crashed, now=T0)  # same second: a new name, nothing overwritten
    assert second != moved and moved.exists()
    conn = sqlite3.connect(moved)
    assert conn.execute("SELECT note FROM articles").fetchone()[0] == "still here"
    conn.close()


def test_restore_file_puts_a_copy_where_the_library_was(library: Library) -> None:
    add_articles(library, 2)
    snapshot = create_backup(library.path, now=T0)
    library.close()
    set_aside(library.path)
    backups.restore_file(snapshot, library.path)
    reopened = Library.open(library.path)
    assert [a.title for a in reopened.list()] == ["Article 1", "Article 0"]
    reopened.close()
    with pytest.raises(BackupError, match="not overwritten"):
        backups.restore_file(snapshot, library.path)


def test_a_cancelled_backup_leaves_nothing(library: Library) -> None:
    add_articles(library, 50)

    class Stop(Exception):
        pass

    def cancel(done: int, total: int) -> None:
        raise Stop

    with pytest.raises(Stop):
        create_backup(library.path, now=T0, progress=cancel)
    assert list(backups_dir(library.path).iterdir()) == []


def test_backup_finishes_while_another_process_keeps_writing(library: Library) -> None:
    """reader-cli or a second window writing all the time: the backup still ends, whole,
    and the writer is never blocked by it (WAL: a reader does not stop a writer)."""
    import subprocess
    import sys
    import time

    filler = " ".join(f"word{n}" for n in range(4000))
    library.import_drafts(
        [ArticleDraft(title=f"Big {i}", text=f"{i} {filler}") for i in range(200)], "test"
    )
    assert library.conn.execute("PRAGMA page_count").fetchone()[0] > 3000
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from reader.services.annotations import AnnotationService\n"
        "from reader.services.library import Library\n"
        "service = AnnotationService(Library.open(Path(sys.argv[1])))\n"
        "print('ready', flush=True)\n"
        "n = 0\n"
        "while True:\n"
        "    n += 1\n"
        "    service.set_read_position(1, n)\n"
        "    time.sleep(0.002)\n"
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", script, str(library.path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        started = time.monotonic()
        path = create_backup(library.path, now=T0)
        elapsed = time.monotonic() - started
        assert writer.poll() is None  # it was still writing all along
    finally:
        writer.kill()
        writer.wait()
    assert elapsed < 10
    (info,) = list_backups(library.path)
    assert info.path == path and info.articles == 200
    assert library.get(1).read_position > 0  # type: ignore[union-attr]
