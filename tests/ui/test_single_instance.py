"""The single-instance hand-over in one process: the real window serves its library, a
second "launch" (hand_over, run on another thread as a new process would) sends files."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from reader.handover import _fnv1a_64, hand_over, server_name
from reader.ui.main_window import MainWindow
from reader.ui.single_instance import InstanceServer, serve
from tests.conftest import REPO
from tests.ui.conftest import close_window, make_window

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="socket files are POSIX's")

ARTICLE = "Harbour cranes stand idle\n\nDock workers in Antwerp stopped work on Monday.\n"


@pytest.fixture(autouse=True)
def runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A short private runtime folder (socket paths are limited to ~100 bytes)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="rt-", dir="/tmp"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    for leftover in folder.iterdir():
        leftover.unlink()
    folder.rmdir()


@pytest.fixture
def served(qtbot: QtBot, library_path: Path) -> Iterator[tuple[MainWindow, InstanceServer]]:
    window = make_window(qtbot, library_path, seed=True)
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=5000)
    server = serve(window, library_path)
    yield window, server
    server.close()
    close_window(window)


def _launch(qtbot: QtBot, library: Path, files: list[str], cwd: Path | None = None) -> bool:
    """What a second `reader --db LIBRARY FILES` does before making a window, in a process
    of its own (a thread would hold the GIL in Qt's blocking socket waits)."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from reader.handover import hand_over\n"
        "sys.exit(0 if hand_over(Path(sys.argv[1]), sys.argv[2:]) else 3)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(library), *files], cwd=cwd or REPO, env=env
    )
    try:
        qtbot.waitUntil(lambda: process.poll() is not None, timeout=20_000)
    finally:
        if process.poll() is None:
            process.kill()
    return process.wait() == 0


def test_name_is_per_user_and_per_library(tmp_path: Path, runtime_dir: Path) -> None:
    a = server_name(tmp_path / "a.sqlite")
    assert a == server_name(tmp_path / "sub" / ".." / "a.sqlite")  # the resolved path
    assert a != server_name(tmp_path / "b.sqlite")
    assert Path(a).parent == runtime_dir
    assert f"-{os.getuid()}-" in Path(a).name


def test_the_name_hash_is_fnv1a_64() -> None:
    """Published FNV-1a test vectors: the name of a library's socket must not change
    between versions, or a new launch would miss a running window."""
    assert _fnv1a_64(b"") == 0xCBF29CE484222325
    assert _fnv1a_64(b"a") == 0xAF63DC4C8601EC8C
    assert _fnv1a_64(b"foobar") == 0x85944171F73967E8


def test_long_runtime_folder_falls_back_to_a_plain_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = tmp_path / ("x" * 90)
    deep.mkdir()
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(deep))
    name = server_name(tmp_path / "a.sqlite")
    assert "/" not in name and name.startswith("reader-")


def test_second_launch_hands_its_file_to_the_running_window(
    qtbot: QtBot, served: tuple[MainWindow, InstanceServer], library_path: Path, tmp_path: Path
) -> None:
    window, _server = served
    article = tmp_path / "harbour.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    window.showMinimized()
    with qtbot.waitSignal(window.articleOpened, timeout=10_000) as opened:
        # A relative path, as typed in a shell: the sender makes it absolute.
        assert _launch(qtbot, library_path, ["harbour.txt"], cwd=tmp_path)
    assert window.current is not None
    assert window.current.id == opened.args[0]
    assert window.current.title == "Harbour cranes stand idle"
    assert len(window.library.list()) == 4
    assert not window.isMinimized()  # brought back to the front

    # The same file again: a duplicate, which is opened, not imported twice.
    other = next(a.id for a in window.library.list() if a.id != opened.args[0])
    window.open_article(other)
    with qtbot.waitSignal(window.articleOpened, timeout=10_000) as again:
        assert _launch(qtbot, library_path, [str(article)])
    assert again.args[0] == opened.args[0]
    assert len(window.library.list()) == 4


def test_launch_without_files_only_raises_the_window(
    qtbot: QtBot, served: tuple[MainWindow, InstanceServer], library_path: Path
) -> None:
    window, _server = served
    window.showMinimized()
    assert _launch(qtbot, library_path, [])
    qtbot.waitUntil(lambda: not window.isMinimized())
    assert len(window.library.list()) == 3


def test_other_library_is_not_handed_over(
    qtbot: QtBot, served: tuple[MainWindow, InstanceServer], tmp_path: Path
) -> None:
    assert not _launch(qtbot, tmp_path / "other.sqlite", [])


def test_nobody_listening_costs_little(tmp_path: Path) -> None:
    import time

    started = time.perf_counter()
    assert not hand_over(tmp_path / "library.sqlite", ["a.txt"])
    assert time.perf_counter() - started < 0.1


def test_stale_socket_from_a_crash_is_replaced(
    qtbot: QtBot, library_path: Path, runtime_dir: Path
) -> None:
    path = server_name(library_path)
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(path)  # bound, never listening, closed: what a killed process leaves
    stale.close()
    assert Path(path).exists()
    assert not hand_over(library_path, [])
    server = InstanceServer(library_path)
    assert server.listen()
    received: list[list[Path]] = []
    server.filesReceived.connect(received.append)
    assert _launch(qtbot, library_path, [])
    qtbot.waitUntil(lambda: received == [[]])
    server.close()


def test_a_live_server_is_not_taken_over(qtbot: QtBot, library_path: Path) -> None:
    first = InstanceServer(library_path)
    assert first.listen()
    second = InstanceServer(library_path)
    assert not second.listen()  # two windows started at once: the first one keeps serving
    received: list[list[Path]] = []
    first.filesReceived.connect(received.append)
    assert _launch(qtbot, library_path, ["/x/a.txt"])
    qtbot.waitUntil(lambda: received == [[Path("/x/a.txt")]])
    first.close()
    second.close()


def test_malformed_message_is_refused(qtbot: QtBot, library_path: Path) -> None:
    server = InstanceServer(library_path)
    assert server.listen()
    received: list[list[Path]] = []
    server.filesReceived.connect(received.append)

    def send() -> bytes:
        with socket.socket(socket.AF_UNIX) as client:
            client.connect(server.name)
            client.sendall(b'{"files": 3}\n')
            return client.recv(100)

    with ThreadPoolExecutor(1) as pool:
        answer = pool.submit(send)
        qtbot.waitUntil(answer.done, timeout=5000)
    assert answer.result() == b"error\n"
    assert received == []
    server.close()
