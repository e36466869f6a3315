"""Preferences › Library › Move…: the library file to another folder, then a restart.

Switching a running window to another file would mean reopening every connection
(the window's, the search thread's, the analysis worker's) while they may be busy; a
restart is simpler and safer. So the move happens after the window has closed and every
connection to the old file is gone: copy through SQLite's backup API, verify, remember
the new path, remove the old file, start Reader again. Any failure leaves the old file
where it was and says so; Reader then starts again on it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QProcess
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from reader.paths import DB_ENV, library_path
from reader.settings import Settings
from reader.store.relocate import (
    RelocationError,
    check_target,
    copy_library,
    move_backups,
    remove_library_files,
)


def restart_reader() -> bool:
    """Start Reader again, as it was started (without --db or files: the settings say
    which library to open)."""
    script = sys.argv[0] if sys.argv else ""
    arguments: list[str]
    if getattr(sys, "frozen", False):  # a PyInstaller build: the executable is the app
        program, arguments = sys.executable, []
    elif script.lower().endswith(".exe"):  # pip's launcher on Windows
        program, arguments = script, []
    elif os.path.isfile(script):
        program, arguments = sys.executable, [script]
    else:
        program, arguments = sys.executable, ["-m", "reader"]
    started, _pid = QProcess.startDetached(program, arguments)
    return bool(started)


class LibraryMover(QObject):
    """Asks where to, checks, and schedules the move for when the window has closed."""

    def __init__(
        self,
        current: Path,
        settings: Settings,
        window: QWidget,
        after_close: list[Callable[[], None]],
        restart: Callable[[], bool] = restart_reader,
    ) -> None:
        super().__init__(window)
        self.current = current
        self.settings = settings
        self.window = window
        self.after_close = after_close
        self.restart = restart
        self.target: Path | None = None

    def why_not(self) -> str:
        """Why this library cannot be moved from the app ("" when it can)."""
        if (
            os.environ.get(DB_ENV, "").strip()
            or library_path(None, self.settings.library_file).resolve() != self.current.resolve()
        ):
            return (
                "This library was opened with --db or READER_DB: move its file yourself "
                "while Reader is closed."
            )
        return ""

    def choose_and_move(self, parent: QWidget) -> bool:
        """Ask for a folder and confirm; True when the move is scheduled (the window then
        closes)."""
        reason = self.why_not()
        if reason:
            QMessageBox.information(parent, "Move Library", reason)
            return False
        folder = QFileDialog.getExistingDirectory(
            parent, "Move the Library to Folder", str(self.current.parent)
        )
        if not folder:
            return False
        try:
            target = check_target(self.current, Path(folder))
        except RelocationError as exc:
            QMessageBox.warning(parent, "Move Library", f"{exc}\n\nNothing was changed.")
            return False
        answer = QMessageBox.question(
            parent,
            "Move Library",
            f"Reader will close, copy your library to\n{target}\ncheck the copy, and start "
            "again using it. The old file is removed only once the copy is verified.\n\n"
            "Move it now?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.schedule(target)
        return True

    def schedule(self, target: Path) -> None:
        """Move to `target` once the window has closed, then restart."""
        self.target = target
        source, settings, restart = self.current, self.settings, self.restart

        def task() -> None:
            finish_move(source, target, settings, restart)

        self.after_close.append(task)
        self.window.close()


def finish_move(
    source: Path, target: Path, settings: Settings, restart: Callable[[], bool]
) -> bool:
    """Copy, verify, switch the settings to the new file, remove the old one, restart.
    Runs after every connection to `source` has closed. True when the library moved."""
    try:
        copy_library(source, target)
    except RelocationError as exc:
        _tell(
            "The library was not moved",
            f"{exc}\n\nYour library is still at {source}; nothing was lost.",
        )
        restart()
        return False
    settings.library_file = str(target)
    settings.sync()
    try:
        move_backups(source, target)
    except OSError as exc:
        _tell(
            "Library moved",
            f"The library now lives at {target}, but its backups stayed in "
            f"{source.parent / 'backups'} ({exc}); File › Restore from Backup lists only "
            "those beside the library.",
        )
    try:
        remove_library_files(source)
    except OSError as exc:
        _tell(
            "Library moved",
            f"The library now lives at {target}, but the old file could not be removed "
            f"({exc}). You may delete {source} yourself.",
        )
    restart()
    return True


def _tell(title: str, text: str) -> None:
    """A message box when someone can answer it; stderr otherwise."""
    from PySide6.QtGui import QGuiApplication

    print(f"reader: {title}: {text}", file=sys.stderr)
    if QGuiApplication.platformName() not in ("offscreen", "minimal") and not os.environ.get(
        "READER_NO_DIALOGS"
    ):
        QMessageBox.warning(None, title, text)
