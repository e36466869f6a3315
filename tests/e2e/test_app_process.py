"""The real app in its own process: it starts, shows its window and quits cleanly, and a
library it cannot open ends it with status 1 and a message, not a traceback."""

from __future__ import annotations

import shutil
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.services.library import Library
from reader.store.migrations import CURRENT_VERSION
from tests.e2e.conftest import app_env, describe, run

pytestmark = pytest.mark.e2e

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "schemas"
BLOCKED_TIMEOUT = 10
"""A refused library should end the process within a second or two; a process still
running after this is waiting for someone to close a dialog."""


def test_app_shows_its_window_and_exits_cleanly(app_root: Path) -> None:
    db = app_root / "library.sqlite"
    env = app_env(app_root, {"READER_BENCH_EXIT_ON_SHOWN": "1"})
    result = run([sys.executable, "-m", "reader", "--db", db], env=env, cwd=app_root)
    assert result.returncode == 0, describe(result)
    assert result.stdout.startswith("shown "), describe(result)
    seconds = float(result.stdout.split()[1])
    assert 0 < seconds < 60
    assert "Traceback" not in result.stderr, describe(result)
    library = Library.open(db)
    try:
        assert len(library.list()) == 3  # the sample articles, on first start
    finally:
        library.close()


def _corrupt(path: Path) -> None:
    path.write_bytes(b"SQLite format 2\x00 but not really; " * 200)


def _newer(path: Path) -> None:
    shutil.copyfile(SCHEMAS / f"v{CURRENT_VERSION}.sqlite", path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("make", "message"),
    [(_corrupt, "damaged"), (_newer, "newer version of Reader")],
    ids=["corrupt", "newer-schema"],
)
def test_unusable_library_exits_1_with_a_message(
    app_root: Path, make: Callable[[Path], None], message: str
) -> None:
    db = app_root / "library.sqlite"
    make(db)
    before = db.read_bytes()
    # Offscreen (or with READER_NO_DIALOGS) no one can answer the error dialog, so the
    # app prints the message and exits instead of waiting on a modal QMessageBox.
    env = app_env(app_root, {"READER_NO_DIALOGS": "1"})
    result = run(
        [sys.executable, "-m", "reader", "--db", db],
        env=env,
        cwd=app_root,
        timeout=BLOCKED_TIMEOUT,
    )
    assert result.returncode == 1, describe(result)
    assert "Traceback" not in result.stderr, describe(result)
    assert message in result.stderr, describe(result)
    assert db.read_bytes() == before, "a library Reader cannot use must be left untouched"
