"""reader-cli backup: make one, list them; a damaged library points at the newest backup."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from reader.cli import run
from reader.paths import backups_dir
from reader.services.library import Library
from reader.settings import Settings
from reader.store.backup import list_backups


def cli(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = run(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_backup_then_list(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite"
    Library.open(db, seed_samples=True).close()
    code, out, err = cli(capsys, db, "backup")
    assert code == 0, err
    (made,) = backups_dir(db).glob("lib-*-manual.sqlite")
    assert str(made) in err
    code, out, _ = cli(capsys, db, "backup", "--list", "--json")
    assert code == 0
    (entry,) = json.loads(out)
    assert entry["path"] == str(made) and entry["articles"] == 3 and entry["reason"] == "manual"
    code, out, err = cli(capsys, db, "backup", "--list")
    assert "3 articles" in out and "manual" in out and "1 backup(s)" in err


def test_backup_prunes_to_the_users_setting(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "lib.sqlite"
    Library.open(db).close()
    Settings().backup_count = 2
    stamps = iter(range(10))
    from reader.store import backup

    real = backup.backup_name
    monkeypatch.setattr(
        backup, "backup_name", lambda lib, when, reason="": real(lib, when, f"{next(stamps)}")
    )
    for _ in range(4):
        assert cli(capsys, db, "backup")[0] == 0
    assert sorted(i.reason for i in list_backups(db)) == ["2", "3"]


def test_damaged_library_names_the_newest_backup(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "lib.sqlite"
    Library.open(db, seed_samples=True).close()
    assert cli(capsys, db, "backup")[0] == 0
    (made,) = list_backups(db)
    db.write_bytes(b"this is not a database at all" * 100)
    code, out, err = cli(capsys, db, "list")
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "damaged" in err and str(made.path) in err
    assert db.read_bytes().startswith(b"this is not")  # left as it was


def test_backup_of_a_read_only_library_still_works(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.store import db as store_db

    db = tmp_path / "lib.sqlite"
    Library.open(db, seed_samples=True).close()
    monkeypatch.setattr(store_db, "writable", lambda path: Path(path) != db)
    code, _, err = cli(capsys, db, "backup")
    assert code == 0, err
    code, _, err = cli(capsys, db, "note", "1", "changed?")
    assert code == 1 and "read-only" in err
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT note FROM articles WHERE id = 1").fetchone()[0] == ""
    conn.close()


def test_restore_a_backup_from_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "lib.sqlite"
    Library.open(db, seed_samples=True).close()
    assert cli(capsys, db, "backup")[0] == 0
    (made,) = list_backups(db)
    assert cli(capsys, db, "delete", "1", "2")[0] == 0
    code, _, err = cli(capsys, db, "backup", "--restore", str(made.path))
    assert code == 0, err
    code, out, _ = cli(capsys, db, "list", "--json")
    assert len(json.loads(out)) == 3
    reasons = sorted(i.reason for i in list_backups(db))
    assert reasons == ["before-restore", "manual"]
    before = next(i for i in list_backups(db) if i.reason == "before-restore")
    assert before.articles == 1
    code, _, err = cli(capsys, db, "backup", "--restore", str(tmp_path / "nothing.sqlite"))
    assert code == 1 and "no backup file" in err
