"""Opening the library file: connection settings, schema checks, transactions.

Reads go through plain ``sqlite3`` connections so that start-up does not pay for importing
sqlite-utils (and numpy behind it); sqlite-utils is imported where writes and schema work
need it.
"""

from __future__ import annotations

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


def connect(path: Path | str, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode; callers group writes with :func:`transaction`."""
    target = str(path)
    try:
        if readonly:
            uri = Path(target).resolve().as_uri() + "?mode=ro"
            conn = sqlite3.connect(
                uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
            )
        else:
            conn = sqlite3.connect(
                target,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
    except sqlite3.Error as exc:
        raise LibraryError(f"Cannot open the library file {target}: {exc}") from exc
    conn.row_factory = sqlite3.Row
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        # Fails with "file is not a database" on garbage: check before anything writes.
        conn.execute("PRAGMA user_version").fetchone()
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
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def utils_db(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """A sqlite-utils view of an existing connection (imported on first use, not at start-up)."""
    import sqlite_utils

    return sqlite_utils.Database(conn)
