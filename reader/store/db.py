"""Opening the library file: connection settings, schema checks, transactions.

Reads go through plain ``sqlite3`` connections so that start-up does not pay for importing
sqlite-utils (and numpy behind it); sqlite-utils is imported where writes and schema work
need it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 10_000


class LibraryError(Exception):
    """A library that cannot be used; the message is meant for the user."""


class NewerSchemaError(LibraryError):
    """The file was written by a newer Reader: we must not touch it."""


class CorruptLibraryError(LibraryError):
    """The file is not a readable SQLite database."""


class WriteError(LibraryError, sqlite3.OperationalError):
    """A change that could not be saved (read-only file, full disk): nothing of it was
    written. Also an sqlite3.OperationalError, so handlers of database errors see it."""


READ_ONLY_MESSAGE = "This library is read-only: changes cannot be saved."


def writable(path: Path | str) -> bool:
    """Can this process change the library? The file and its folder (WAL mode writes
    -wal and -shm files next to it) must both be writable. Checked with os.access, so a
    test can replace this function (tests run as root, which access() lets through)."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.exists() and not os.access(target, os.W_OK):
        return False
    return os.access(folder, os.W_OK)


def write_failure(exc: sqlite3.Error) -> WriteError | None:
    """The user's message for a write that failed for want of room or permission."""
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return WriteError(READ_ONLY_MESSAGE)
    if "disk is full" in text or "database or disk is full" in text:
        return WriteError(f"The disk is full: the change was not saved ({exc}).")
    if "disk i/o error" in text:
        return WriteError(f"The library file could not be written: not saved ({exc}).")
    return None


def connect(path: Path | str, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode; callers group writes with :func:`transaction`.

    A library this process cannot write is opened read-only (``mode=ro``), whatever
    `readonly` says, so that reading still works and every write fails cleanly."""
    target = str(path)
    readonly = readonly or (Path(target).exists() and not writable(target))
    if not readonly:
        return _checked(_open(target, target, uri=False), target)
    uri = Path(target).resolve().as_uri()
    try:
        return _checked(_open(target, uri + "?mode=ro", uri=True), target)
    except CorruptLibraryError:
        raise
    except LibraryError:
        # A WAL library in a folder that cannot be written has no -shm to share: read it
        # as an unchanging file (nobody can write it there either).
        return _checked(_open(target, uri + "?immutable=1", uri=True), target)


def _open(target: str, name: str, *, uri: bool) -> sqlite3.Connection:
    try:
        return sqlite3.connect(
            name,
            uri=uri,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
        )
    except sqlite3.Error as exc:
        raise LibraryError(f"Cannot open the library file {target}: {exc}") from exc


def _checked(conn: sqlite3.Connection, target: str) -> sqlite3.Connection:
    """Settings every connection has; garbage is found here, before anything writes."""
    conn.row_factory = sqlite3.Row
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        # Fails with "file is not a database" on garbage.
        conn.execute("PRAGMA user_version").fetchone()
    except sqlite3.OperationalError as exc:  # cannot open, locked: not a damaged file
        conn.close()
        raise LibraryError(f"Cannot open the library file {target}: {exc}") from exc
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise CorruptLibraryError(
            f"The library file {target} is damaged or is not a Reader library ({exc})."
        ) from exc
    return conn


def enable_wal(conn: sqlite3.Connection) -> None:
    """WAL lets the GUI read while reader-cli writes; NORMAL sync is safe in WAL mode."""
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One user action = one transaction: all of it is saved, or none of it."""
    if conn.in_transaction:  # nested: join the outer transaction
        yield conn
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise (write_failure(exc) or exc) from exc
    try:
        yield conn
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        failure = write_failure(exc) if not isinstance(exc, WriteError) else None
        if failure is not None:
            raise failure from exc
        raise
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def utils_db(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """A sqlite-utils view of an existing connection (imported on first use, not at start-up)."""
    import sqlite_utils

    return sqlite_utils.Database(conn)
