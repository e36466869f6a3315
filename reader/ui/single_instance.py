"""One window per library: `reader FILE...` while Reader runs on the same library hands
the files to that window and brings it to the front, instead of opening a second window.

The running window listens on a local socket named after the user and the library file
(a hash of its resolved path), so `--db other.sqlite` gets a window of its own. A new
process first tries to connect (reader.handover, before Qt is imported); on success it
sends one JSON line with the files and waits for "ok". The server is made once the window
is on screen. A socket file left by a crash is
removed when the next window starts listening. A launch in the moment before the first
window listens opens a window of its own (the first one keeps serving).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from reader.handover import (
    ANSWER_TIMEOUT_S,
    CONNECT_TIMEOUT_S,
    OK,
    server_name,
)

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow


CONNECT_TIMEOUT_MS = round(CONNECT_TIMEOUT_S * 1000)
ANSWER_TIMEOUT_MS = round(ANSWER_TIMEOUT_S * 1000)
MAX_MESSAGE = 1 << 20

log = logging.getLogger(__name__)


def hand_over_qt(name: str, message: bytes) -> bool:
    """reader.handover's client through QLocalSocket, where Python's socket module cannot
    reach a QLocalServer (Windows named pipes)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(message)
    # The answer may come (and the server hang up) while the bytes are being written;
    # whatever arrived stays readable, so only the line matters, not these calls' results.
    socket.waitForBytesWritten(ANSWER_TIMEOUT_MS)
    while not socket.canReadLine():
        connected = socket.state() == QLocalSocket.LocalSocketState.ConnectedState
        if not connected or not socket.waitForReadyRead(ANSWER_TIMEOUT_MS):
            break
    answer = bytes(socket.readLine().data()).strip() if socket.canReadLine() else b""
    socket.abort()
    return answer == OK


class InstanceServer(QObject):
    """Listens for later launches on the same library and passes on what they send."""

    filesReceived = Signal(list)  # list[Path]; empty: just come to the front

    def __init__(self, library: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(library)
        self._server = QLocalServer(self)
        # No access option: with one, Qt binds elsewhere and renames the socket into place,
        # silently replacing a live window's. The runtime folder is private to the user, and
        # a socket elsewhere gets the umask's permissions (others need write to connect).
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Start listening; False (logged) when another live window already does."""
        if self._server.listen(self.name):
            return True
        if self._server.serverError() == QAbstractSocket.SocketError.AddressInUseError:
            if _someone_listens(self.name):
                log.info("another Reader window serves %s; not listening", self.name)
                return False
            QLocalServer.removeServer(self.name)  # left behind by a crash
            if self._server.listen(self.name):
                return True
        log.warning("cannot listen on %s: %s", self.name, self._server.errorString())
        return False

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            if socket.bytesAvailable() > MAX_MESSAGE:
                socket.abort()
            return
        line = bytes(socket.readLine().data())
        files = _parse(line)
        if files is None:
            log.warning("ignored a malformed message on %s", self.name)
            socket.write(b"error\n")
        else:
            socket.write(OK + b"\n")
        socket.flush()
        socket.disconnectFromServer()
        if files is not None:
            self.filesReceived.emit(files)


def _parse(line: bytes) -> list[Path] | None:
    import json

    try:
        data = json.loads(line)
    except ValueError:
        return None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return None
    return [Path(f) for f in files]


def _someone_listens(name: str) -> bool:
    probe = QLocalSocket()
    probe.connectToServer(name)
    alive = probe.waitForConnected(CONNECT_TIMEOUT_MS)
    probe.abort()
    return alive


def open_files(window: MainWindow, files: list[Path]) -> None:
    """Import files through the window's import path and open the first one (imported or
    already there), even when the list's filter would hide it."""
    if not files:
        return
    handle = window.import_paths(files)

    def opened(outcomes: list[object]) -> None:
        from reader.core.model import ImportOutcome, ImportStatus

        for outcome in outcomes:
            if (
                isinstance(outcome, ImportOutcome)
                and outcome.id is not None
                and outcome.status is not ImportStatus.ERROR
            ):
                window.open_article(outcome.id)
                return

    handle.succeeded.connect(opened)


def bring_to_front(window: MainWindow) -> None:
    """Un-minimise, raise and activate; a window manager that refuses focus stealing at
    least flashes the taskbar entry."""
    from PySide6.QtWidgets import QApplication  # not on the hand-over path: start-up

    if window.isMinimized():
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
    QApplication.alert(window)


def serve(window: MainWindow, library: Path) -> InstanceServer:
    """Listen on the window's library; handed-over files are imported and shown."""
    server = InstanceServer(library, window)

    def received(files: list[Path]) -> None:
        bring_to_front(window)
        open_files(window, files)

    server.filesReceived.connect(received)
    server.listen()
    return server
