"""Checks before a file is read: it exists, is a file, is not empty or too large."""

from __future__ import annotations

import stat
from pathlib import Path

from reader.importers.base import MAX_FILE_BYTES, ImportFailure

_MB = 1024 * 1024


def check_file(path: Path) -> int:
    """The file's size; ImportFailure if it cannot be a readable, non-empty file."""
    try:
        status = path.stat()
    except (OSError, ValueError) as exc:
        raise os_failure(exc) from exc
    if stat.S_ISDIR(status.st_mode):
        raise ImportFailure("it is a folder, not a file")
    if not stat.S_ISREG(status.st_mode):
        raise ImportFailure("not a regular file (a device, pipe or socket)")
    if status.st_size == 0:
        raise ImportFailure("the file is empty")
    return status.st_size


def check_size(size: int) -> None:
    """Refuse files too large to read whole, before reading a byte of them."""
    if size > MAX_FILE_BYTES:
        raise ImportFailure(
            f"the file is too large ({size / _MB:.1f} MB; the limit is {MAX_FILE_BYTES // _MB} MB)"
        )


def read_file(path: Path) -> bytes:
    """The whole file, at most MAX_FILE_BYTES of it, checked first."""
    check_size(check_file(path))
    data = read_head(path, MAX_FILE_BYTES + 1)
    check_size(len(data))  # it grew after the check
    if not data:
        raise ImportFailure("the file is empty")
    return data


def read_head(path: Path, size: int) -> bytes:
    """The first ``size`` bytes (for sniffing big streamed files)."""
    try:
        with path.open("rb") as stream:
            return stream.read(size)
    except (OSError, ValueError) as exc:
        raise os_failure(exc) from exc


def os_failure(exc: BaseException) -> ImportFailure:
    """A system error as a message a user can act on."""
    if isinstance(exc, FileNotFoundError):
        return ImportFailure("the file does not exist")
    if isinstance(exc, PermissionError):
        return ImportFailure("permission denied: the file cannot be read")
    if isinstance(exc, IsADirectoryError):
        return ImportFailure("it is a folder, not a file")
    if isinstance(exc, ValueError):
        return ImportFailure("not a valid file name")
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return ImportFailure(f"the file cannot be read ({reason})")
