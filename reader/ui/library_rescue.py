"""At start, a library file that cannot be read: ask what to do, keep the damaged file.

Restoring a backup or starting a new library first moves the damaged file (and its -wal
and -shm) aside as ``<name>.damaged-<date>.sqlite``; opening another file leaves it where
it is. Nothing here overwrites or deletes it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from reader.services.library import Library
from reader.store.backup import BackupInfo, list_backups, restore_file, set_aside
from reader.store.db import CorruptLibraryError, LibraryError
from reader.ui.backup_dialog import DamagedLibraryDialog, Rescue

Chooser = Callable[[Path, str, BackupInfo | None], Rescue]
FilePicker = Callable[[Path], Path | None]
Report = Callable[[str, str], None]  # title, text


def latest_usable(path: Path) -> BackupInfo | None:
    return next((info for info in list_backups(path) if info.usable), None)


def apply_rescue(choice: Rescue, path: Path, latest: BackupInfo | None) -> str:
    """Do what was chosen for the damaged `path` (RESTORE or NEW_LIBRARY); returns the
    sentence telling the user where the damaged file went. Raises LibraryError."""
    if choice is Rescue.RESTORE and latest is None:
        raise LibraryError("There is no backup to restore.")
    kept = ""
    if path.exists():  # not after a restore that failed half-way: it is aside already
        kept = f" The damaged library was kept as {set_aside(path)}."
    if choice is Rescue.RESTORE:
        assert latest is not None
        restore_file(latest.path, path)
        return f"The backup of {latest.created:%Y-%m-%d %H:%M} was restored.{kept}"
    return f"A new library was started.{kept}"


def _ask(path: Path, error: str, latest: BackupInfo | None) -> Rescue:
    dialog = DamagedLibraryDialog(path, error, latest)
    dialog.exec()
    return dialog.choice


def _pick_file(start: Path) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        None, "Open Library", str(start.parent), "Reader libraries (*.sqlite *.db);;All files (*)"
    )
    return Path(name) if name else None


def _report(title: str, text: str) -> None:
    QMessageBox.information(None, title, text)


def rescue(
    path: Path,
    error: CorruptLibraryError,
    *,
    backup_keep: int | None = None,
    ask: Chooser = _ask,
    pick_file: FilePicker = _pick_file,
    report: Report = _report,
) -> Library | None:
    """Ask until a library opens or the user quits (None). `ask`, `pick_file` and `report`
    are the dialogs; tests pass their own."""
    message = str(error)
    while True:
        latest = latest_usable(path)
        choice = ask(path, message, latest)
        if choice is Rescue.QUIT:
            return None
        target = path
        note = ""
        try:
            if choice is Rescue.OPEN_OTHER:
                picked = pick_file(path)
                if picked is None:
                    continue
                target = picked
            else:
                note = apply_rescue(choice, path, latest)
            library = Library.open(
                target, seed_samples=choice is Rescue.NEW_LIBRARY, backup_keep=backup_keep
            )
        except CorruptLibraryError as exc:
            if target != path:
                report("Cannot open the library", str(exc))
            message = str(exc) if target == path else message
            continue
        except LibraryError as exc:
            report("Cannot open the library", str(exc))
            continue
        if note:
            report("Library restored" if choice is Rescue.RESTORE else "New library", note.strip())
        return library
