"""Snapshots of the library file: make, list, prune, restore, and set a damaged file aside.

A snapshot goes through SQLite's online backup API, so it is consistent even while the GUI
or reader-cli writes. It is written under a temporary name and renamed only once complete
and `PRAGMA quick_check` says ok: a snapshot that exists under its real name is usable.
Backups sit in ``backups/`` next to the library, named
``<library stem>-YYYYmmdd-HHMMSS[-reason].sqlite`` so that names sort by time. No Qt here.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from reader.paths import backups_dir
from reader.store.db import LibraryError

DEFAULT_KEEP = 10
DAILY = timedelta(hours=24)
_PARTIAL_SUFFIX = ".partial"
_STAMP = "%Y%m%d-%H%M%S"
_SIDE_FILES = ("-wal", "-shm", "-journal")

Progress = Callable[[int, int], None]  # (pages copied, pages total)


class BackupError(LibraryError):
    """A snapshot or a restore that could not be made; the message is meant for the user."""


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    created: datetime
    reason: str
    size: int
    articles: int | None  # None: the file could not be read

    @property
    def usable(self) -> bool:
        return self.articles is not None


def _pattern(library: Path) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(library.stem)}-(\d{{8}}-\d{{6}})(?:-([a-z0-9-]+))?\.sqlite$")


def _slug(reason: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-")


def backup_name(library: Path, when: datetime, reason: str = "") -> str:
    slug = _slug(reason)
    return f"{library.stem}-{when.strftime(_STAMP)}{'-' + slug if slug else ''}.sqlite"


def _copy(source: sqlite3.Connection, target: Path, progress: Progress | None = None) -> None:
    """Copy `source` into a new file at `target`, self-contained (rollback journal, so one
    file and no -wal to carry along) and checked."""
    with contextlib.suppress(FileNotFoundError):
        target.unlink()
    dest = sqlite3.connect(str(target), isolation_level=None)
    try:
        if progress is not None:
            progress(0, 1)  # the last chance to cancel: the copy itself is one step
        # One step, so one read transaction: copying in steps restarts from the first page
        # whenever another connection writes between two steps, and with the analysis
        # thread or reader-cli writing every second a big library might never finish.
        source.backup(dest, pages=-1)
        dest.execute("PRAGMA journal_mode = DELETE")
        result = dest.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise BackupError(f"The copy of the library failed its check ({result}).")
    finally:
        dest.close()
    with open(target, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def create_backup(
    library: Path,
    *,
    reason: str = "",
    keep: int | None = DEFAULT_KEEP,
    conn: sqlite3.Connection | None = None,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> Path:
    """Snapshot the library into its backups folder and prune to the newest `keep`
    (None: prune nothing, for callers that do not know the user's setting).

    `conn` is an open connection to the library (a migration passes its own); without one
    a read-only connection is opened for the copy. `progress` is called before the copy
    and may raise to cancel it. Raises BackupError."""
    folder = backups_dir(library)
    when = now or datetime.now()
    final = folder / backup_name(library, when, reason)
    partial = final.with_name(final.name + _PARTIAL_SUFFIX)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        source = conn or _open_readonly(library)
        try:
            _copy(source, partial, progress)
        finally:
            if conn is None:
                source.close()
        os.replace(partial, final)
        _fsync_dir(folder)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise BackupError(f"Could not back up the library to {folder}: {exc}") from exc
    except BaseException:  # BackupError, or `progress` raised to cancel: no half copy left
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    if keep is not None:
        prune(library, keep)
    return final


def _open_readonly(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


def _created(library: Path, path: Path) -> tuple[datetime, str] | None:
    match = _pattern(library).match(path.name)
    if match is None:
        return None
    try:
        when = datetime.strptime(match.group(1), _STAMP)
    except ValueError:
        return None
    return when, match.group(2) or ""


def backup_paths(library: Path) -> list[Path]:
    """The library's backups, newest first."""
    folder = backups_dir(library)
    try:
        candidates = list(folder.iterdir())
    except OSError:
        return []
    dated = [(info[0], p) for p in candidates if (info := _created(library, p)) is not None]
    return [p for _, p in sorted(dated, key=lambda item: (item[0], item[1].name), reverse=True)]


def article_count(path: Path) -> int | None:
    """Articles in a backup, read without writing anything; None if it cannot be read."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def list_backups(library: Path) -> list[BackupInfo]:
    """Newest first, with date, reason, size and article count."""
    infos: list[BackupInfo] = []
    for path in backup_paths(library):
        created = _created(library, path)
        if created is None:
            continue
        try:
            size = path.stat().st_size
        except OSError:
            continue
        infos.append(BackupInfo(path, created[0], created[1], size, article_count(path)))
    return infos


def prune(library: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups (at least one is always kept), and any
    partial copy left by an interrupted backup more than an hour ago."""
    removed: list[Path] = []
    for old in backup_paths(library)[max(1, keep) :]:
        with contextlib.suppress(OSError):
            old.unlink()
            removed.append(old)
    folder = backups_dir(library)
    with contextlib.suppress(OSError):
        for partial in folder.glob(f"{library.stem}-*{_PARTIAL_SUFFIX}"):
            if time.time() - partial.stat().st_mtime > 3600:
                partial.unlink()
    return removed


def backup_due(library: Path, now: datetime | None = None) -> bool:
    """True when the newest backup is older than a day (or there is none)."""
    paths = backup_paths(library)
    if not paths:
        return True
    created = _created(library, paths[0])
    return created is None or (now or datetime.now()) - created[0] >= DAILY


def latest_good_backup(library: Path) -> Path | None:
    for path in backup_paths(library):
        if article_count(path) is not None and _check(path):
            return path
    return None


def damaged_hint(library: Path) -> str:
    """A sentence for the one-line message about a damaged library: its newest backup."""
    latest = latest_good_backup(library)
    return f" The newest backup is {latest}: start Reader to restore it." if latest else ""


def _check(path: Path) -> bool:
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return bool(conn.execute("PRAGMA quick_check").fetchone()[0] == "ok")
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def set_aside(library: Path, now: datetime | None = None) -> Path:
    """Rename a damaged library (with its -wal/-shm) to `<stem>.damaged-<stamp>.sqlite`
    next to it: kept for rescue, never overwritten or deleted. Returns the new name."""
    stamp = (now or datetime.now()).strftime(_STAMP)
    target = library.with_name(f"{library.stem}.damaged-{stamp}{library.suffix}")
    counter = 1
    while target.exists():
        counter += 1
        target = library.with_name(f"{library.stem}.damaged-{stamp}-{counter}{library.suffix}")
    try:
        os.replace(library, target)
        for side in _SIDE_FILES:
            extra = Path(str(library) + side)
            if extra.exists():
                os.replace(extra, Path(str(target) + side))
    except OSError as exc:
        raise BackupError(f"Could not move the damaged library {library} aside: {exc}") from exc
    return target


def restore_into(backup: Path, library: Path) -> None:
    """Replace the library's content with the backup's, brought up to the current schema.

    The backup is copied to a temporary file and migrated there, then copied into the
    library through the backup API, so that other connections (threads, reader-cli) see
    the change instead of a file swapped under them. The caller takes a safety backup
    first. Raises BackupError (NewerSchemaError for a backup from a newer Reader)."""
    from reader.store.migrations import migrate

    if not _check(backup):
        raise BackupError(f"The backup {backup.name} is damaged; the library was not changed.")
    staging = library.with_name(library.name + ".restore" + _PARTIAL_SUFFIX)
    try:
        source = _open_readonly(backup)
        try:
            _copy(source, staging)
        finally:
            source.close()
        staged = sqlite3.connect(str(staging), isolation_level=None)
        try:
            migrate(staged, str(backup))
            staged.execute("PRAGMA journal_mode = DELETE")
            dest = sqlite3.connect(str(library), isolation_level=None, timeout=10)
            try:
                dest.execute("PRAGMA busy_timeout = 10000")
                staged.backup(dest, pages=-1)
            finally:
                dest.close()
        finally:
            staged.close()
    except sqlite3.Error as exc:
        raise BackupError(f"Could not restore {backup.name}: {exc}") from exc
    finally:
        for leftover in (staging, *(Path(str(staging) + side) for side in _SIDE_FILES)):
            with contextlib.suppress(OSError):
                leftover.unlink()


def restore_file(backup: Path, library: Path) -> None:
    """Put a copy of the backup where the library file was (which must be gone: set
    aside first). Written under a temporary name, checked, then renamed."""
    partial = library.with_name(library.name + _PARTIAL_SUFFIX)
    try:
        source = _open_readonly(backup)
        try:
            _copy(source, partial)
        finally:
            source.close()
        if library.exists():
            raise BackupError(f"{library} exists: it was not overwritten.")
        os.replace(partial, library)
        _fsync_dir(library.parent)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise BackupError(f"Could not restore {backup.name}: {exc}") from exc
