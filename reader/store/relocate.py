"""Moving the library file to another folder without losing anything.

The copy goes through SQLite's online backup API (a consistent snapshot, WAL content
included, whatever state the -wal file is in), into a temporary name beside the target,
is checked (integrity check, schema version, row counts of every table), and only then
takes its real name. The old file is removed by the caller once the app has switched to
the new one; until then both exist.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import closing, suppress
from pathlib import Path

PAGES_PER_STEP = 256
SIDE_FILES = ("-wal", "-shm")


class RelocationError(Exception):
    """The library could not be moved; the message is meant for the user."""


def check_target(source: Path, folder: Path) -> Path:
    """The new path of `source` in `folder`, or a RelocationError saying why not."""
    target = folder / source.name
    if not folder.is_dir():
        raise RelocationError(f"The folder {folder} does not exist.")
    if target.resolve() == source.resolve():
        raise RelocationError("The library is already in that folder.")
    if target.exists():
        raise RelocationError(
            f"There is already a file named {source.name} in {folder}. Choose another folder."
        )
    if not os.access(folder, os.W_OK):
        raise RelocationError(f"Reader may not write in {folder}.")
    return target


def _table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def copy_library(
    source: Path, target: Path, progress: Callable[[int, int], None] | None = None
) -> None:
    """Copy `source` to `target` (which must not exist) and verify the copy.

    On any failure the partial copy is removed, `source` is untouched, and a
    RelocationError explains what went wrong.
    """
    if target.exists():
        raise RelocationError(f"{target} already exists.")
    partial = target.with_name(target.name + ".moving")
    try:
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(partial)) as dst:

            def step(_status: int, remaining: int, total: int) -> None:
                if progress is not None:
                    progress(total - remaining, total)

            src.backup(dst, pages=PAGES_PER_STEP, progress=step)
            dst.execute("PRAGMA journal_mode = WAL")
            ok = dst.execute("PRAGMA integrity_check").fetchone()[0]
            if ok != "ok":
                raise RelocationError(f"The copy failed its integrity check ({ok}).")
            versions = [c.execute("PRAGMA user_version").fetchone()[0] for c in (src, dst)]
            if versions[0] != versions[1]:
                raise RelocationError("The copy has another schema version than the library.")
            if _table_counts(src) != _table_counts(dst):
                raise RelocationError("The copy does not hold the same rows as the library.")
            dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as exc:
        _remove(partial)
        raise RelocationError(f"The library could not be copied to {target}: {exc}") from exc
    except RelocationError:
        _remove(partial)
        raise


def remove_library_files(path: Path) -> None:
    """Remove a library file with its -wal and -shm files (after a verified move)."""
    path.unlink(missing_ok=True)
    for suffix in SIDE_FILES:
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _remove(path: Path) -> None:
    with suppress(OSError):
        remove_library_files(path)


def move_backups(source: Path, target: Path) -> int:
    """Take the automatic backups along to the library's new folder; how many moved.

    A backup already at the destination is kept and the old one beside it left where it
    was. Raises OSError when the folder cannot be moved (the library itself has moved by
    then; the backups stay readable where they were)."""
    from reader.paths import backups_dir

    old, new = backups_dir(source), backups_dir(target)
    if not old.is_dir() or old.resolve() == new.resolve():
        return 0
    import shutil

    new.mkdir(parents=True, exist_ok=True)
    moved = 0
    for item in sorted(old.iterdir()):
        if item.is_file() and not (new / item.name).exists():
            shutil.move(str(item), str(new / item.name))  # copies across file systems
            moved += 1
    with suppress(OSError):
        old.rmdir()  # only when nothing is left in it
    return moved
