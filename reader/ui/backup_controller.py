"""Backups from the GUI: the daily one in the background, and File › Restore from Backup….

A restore writes the backup into the open library file through SQLite's backup API (see
reader/store/backup.py), under SQLite's own locks, exactly as another process writing the
file would. Every connection of this app (the window's, the query and analysis threads')
stays valid and reads the restored content next; the window then drops what referred to
the old content (undo history, the open article) and reloads. So no connection is closed
and no process restarted, and nothing can hold on to a replaced file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from reader.services.jobs import JobContext, JobHandle, JobRunner
from reader.settings import Settings

if TYPE_CHECKING:
    from reader.store.backup import BackupInfo

Busy = Callable[[], bool]


class BackupController(QObject):
    aboutToRestore = Signal()  # save pending edits now: the content is about to change
    restored = Signal(object)  # BackupInfo: the library now holds this backup's content
    message = Signal(str, int)  # status-bar text, milliseconds

    def __init__(
        self,
        library_path: Path,
        jobs: JobRunner,
        settings: Settings,
        busy: Busy,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._path = library_path
        self._jobs = jobs
        self._settings = settings
        self._busy = busy
        self._parent = parent
        self._progress: QProgressDialog | None = None
        self.last_job: JobHandle | None = None

    # --- daily backup -----------------------------------------------------------------------

    def backup_if_due(self) -> JobHandle:
        """At most one backup a day, made on a worker thread (a big library takes seconds)."""
        path, keep = self._path, self._settings.backup_count

        def work(ctx: JobContext) -> Path | None:
            # Imported here, not at start-up: the window is on screen before this runs.
            from reader.store.backup import backup_due, create_backup

            if not backup_due(path):
                return None
            # Quitting cancels the job: a copy not begun yet is skipped, nothing is left.
            return create_backup(
                path, reason="daily", keep=keep, progress=lambda _done, _total: ctx.check()
            )

        handle = self._jobs.submit("daily backup", work)
        handle.succeeded.connect(self._backed_up)
        handle.failed.connect(lambda error: self.message.emit(f"Backup failed: {error}", 10000))
        self.last_job = handle
        return handle

    def _backed_up(self, made: Path | None) -> None:
        if made is not None:
            self.message.emit(f"Library backed up ({made.name})", 4000)

    # --- restore ------------------------------------------------------------------------------

    def choose_and_restore(self) -> None:
        """List the backups on a worker (each is opened to count its articles: a second
        or more for big libraries on a cold disk), then let the user choose."""
        if self._busy():
            QMessageBox.information(
                self._parent,
                "Restore from Backup",
                "An import or a backup is running: restore once it has finished.",
            )
            return
        path = self._path

        def work(_ctx: JobContext) -> list[BackupInfo]:
            from reader.store.backup import list_backups

            return list_backups(path)

        handle = self._jobs.submit("list backups", work)
        handle.succeeded.connect(self._choose)
        handle.failed.connect(lambda error: self.message.emit(f"No backups listed: {error}", 8000))
        self.last_job = handle

    def _choose(self, backups: list[BackupInfo]) -> None:
        from reader.ui.backup_dialog import RestoreBackupDialog, describe_articles

        dialog = RestoreBackupDialog(backups, self._parent)
        if dialog.exec() != RestoreBackupDialog.DialogCode.Accepted:
            return
        chosen = dialog.chosen()
        if chosen is None:
            return
        answer = QMessageBox.question(
            self._parent,
            "Restore from Backup",
            f"Replace the library with the backup of {chosen.created:%Y-%m-%d %H:%M}"
            f" ({describe_articles(chosen)})?\n\nChanges made since then are not in it."
            " The library as it is now is backed up first.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.restore(chosen)

    def restore(self, chosen: BackupInfo) -> JobHandle:
        """Safety backup, then the chosen backup's content into the library, on a worker;
        the window waits behind a modal progress dialog."""
        self.aboutToRestore.emit()
        path, keep = self._path, self._settings.backup_count

        from reader.store.backup import create_backup, prune, restore_into

        def work(_ctx: JobContext) -> BackupInfo:
            # Not pruned yet: pruning could delete the very backup being restored.
            create_backup(path, reason="before-restore", keep=None)
            restore_into(chosen.path, path)
            prune(path, keep)
            return chosen

        progress = QProgressDialog("Restoring the library…", "", 0, 0, self._parent)
        progress.setObjectName("restoreProgress")
        progress.setWindowTitle("Restore from Backup")
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        self._progress = progress
        handle = self._jobs.submit("restore", work)
        handle.succeeded.connect(self._restored)
        handle.failed.connect(self._failed)
        handle.finished.connect(self._close_progress)
        self.last_job = handle
        return handle

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None

    def _restored(self, chosen: BackupInfo) -> None:
        self.restored.emit(chosen)
        self.message.emit(
            f"Restored the backup of {chosen.created:%Y-%m-%d %H:%M}"
            " (the library as it was is in the backups too)",
            10000,
        )

    def _failed(self, error: str) -> None:
        self._close_progress()
        QMessageBox.warning(
            self._parent,
            "Restore from Backup",
            f"The backup was not restored; the library was not changed.\n\n{error}",
        )
