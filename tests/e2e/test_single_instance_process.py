"""Launching Reader while it runs, as a user would: `reader --db LIB FILE` hands the file
to the running window and exits; another library, or --new-instance, opens a window; a
socket left by a killed process does not stop the next start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.handover import server_name
from reader.services.library import Library
from tests.e2e.conftest import app_env, describe, run

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(sys.platform == "win32", reason="socket files are POSIX's"),
]


@pytest.fixture
def runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="rt-", dir="/tmp"))  # socket paths must be short
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    for leftover in folder.iterdir():
        leftover.unlink()
    folder.rmdir()


def _wait_for(condition: object, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def _count(db: Path) -> int:
    library = Library.open(db)
    try:
        return len(library.list())
    finally:
        library.close()


def test_second_launch_hands_over_and_others_open_their_own_window(
    app_root: Path, runtime: Path
) -> None:
    db = app_root / "library.sqlite"
    env = app_env(app_root, {"XDG_RUNTIME_DIR": str(runtime)})
    command = [sys.executable, "-m", "reader"]
    first = subprocess.Popen(
        [*command, "--db", str(db)],
        env={**env, "READER_BENCH_EXIT_AFTER_MS": "90000"},
        cwd=app_root,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    socket_path = Path(server_name(db))
    try:
        _wait_for(lambda: socket_path.exists() or first.poll() is not None)
        assert first.poll() is None, first.communicate()
        article = app_root / "quay.txt"
        article.write_text("Quay extended\n\nThe port of Gdansk opened a new quay.\n")
        shown = {"READER_BENCH_EXIT_ON_SHOWN": "1"}  # a window of its own would say "shown"

        second = run([*command, "--db", db, "quay.txt"], env={**env, **shown}, cwd=app_root)
        assert second.returncode == 0, describe(second)
        assert "shown" not in second.stdout, describe(second)
        _wait_for(lambda: _count(db) == 4)

        other = run(
            [*command, "--db", app_root / "other.sqlite"], env={**env, **shown}, cwd=app_root
        )
        assert other.returncode == 0 and other.stdout.startswith("shown"), describe(other)

        forced = run([*command, "--db", db, "--new-instance"], env={**env, **shown}, cwd=app_root)
        assert forced.returncode == 0 and forced.stdout.startswith("shown"), describe(forced)
    finally:
        first.send_signal(signal.SIGKILL)  # a crash: the socket file stays behind
        first.communicate(timeout=30)
    assert socket_path.exists()

    after_crash = run(
        [*command, "--db", db],
        env={**env, "READER_BENCH_EXIT_AFTER_MS": "1500"},
        cwd=app_root,
    )
    assert after_crash.returncode == 0, describe(after_crash)
    assert "Traceback" not in after_crash.stderr, describe(after_crash)
    assert not os.path.exists(socket_path)  # replaced, then removed on a clean exit
