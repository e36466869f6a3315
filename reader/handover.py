"""The second launch's side of the single-instance hand-over, without Qt.

It runs before anything else at start-up, so on POSIX it talks to the running window's
QLocalServer (a Unix domain socket) with the standard library: no QtNetwork import and
no event loop for the common case, where nobody listens and the connect fails at once.
Elsewhere (Windows named pipes) it falls back on QLocalSocket. The listening side is
reader.ui.single_instance.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

CONNECT_TIMEOUT_S = 0.2
ANSWER_TIMEOUT_S = 5.0
"""How long a second launch waits for the running window to take the files. A window
that does not answer (hung) gets a new window opened beside it instead."""
MAX_SOCKET_PATH = 100  # sun_path holds 108 bytes on Linux, 104 on macOS
OK = b"ok"


def _fnv1a_64(data: bytes) -> int:
    """FNV-1a, 64 bits: a name for the library's path, not a secret. hashlib would load
    OpenSSL (~3 ms) on every start, before anything is on screen."""
    value = 0xCBF29CE484222325
    for byte in data:
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return value


def server_name(library: Path) -> str:
    """Per user and per library file. In $XDG_RUNTIME_DIR (private to the user) when it
    exists, else a plain name Qt puts in the temp folder."""
    resolved = str(Path(library).expanduser().resolve())
    digest = f"{_fnv1a_64(resolved.encode('utf-8', 'surrogatepass')):016x}"
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    name = f"reader-{user}-{digest}"
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if sys.platform != "win32" and runtime and os.path.isdir(runtime):
        full = os.path.join(runtime, name)
        if len(full.encode()) <= MAX_SOCKET_PATH:
            return full
    return name


def socket_path(name: str) -> str:
    """Where QLocalServer puts a server of this name on POSIX (QDir::tempPath() for a
    plain name: $TMPDIR, else /tmp)."""
    if os.path.isabs(name):
        return name
    temp = os.environ.get("TMPDIR", "").rstrip("/") or "/tmp"
    return os.path.join(temp, name)


def message(files: Sequence[str]) -> bytes:
    import json  # only when a window is there to talk to

    return json.dumps({"files": [os.path.abspath(f) for f in files]}).encode() + b"\n"


def hand_over(library: Path, files: Sequence[str]) -> bool:
    """True when a running Reader on `library` took `files` (possibly none: then it only
    comes to the front), so this process has nothing left to do."""
    name = server_name(library)
    if sys.platform == "win32":
        from reader.ui.single_instance import hand_over_qt

        return hand_over_qt(name, message(files))
    path = socket_path(name)
    if not os.path.exists(path):
        return False  # the usual case: no window on this library
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(CONNECT_TIMEOUT_S)
        try:
            client.connect(path)
        except OSError:
            return False  # a socket file left by a crash, or a window going away
        client.settimeout(ANSWER_TIMEOUT_S)
        answer = b""
        try:
            client.sendall(message(files))
            while not answer.endswith(b"\n") and len(answer) < 64:
                chunk = client.recv(64)
                if not chunk:
                    break
                answer += chunk
        except OSError:
            return False
    return answer.strip() == OK
