"""Help › Add to / Remove from Applications Menu: reader/desktop.py's work, run off the UI
thread (it copies files and runs the desktop's cache tools), with the outcome in the status
bar or, when it failed, a message box."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMessageBox

from reader.services.jobs import JobContext, JobHandle, JobRunner


class DesktopMenu(QObject):
    done = Signal(str)  # the message shown, once install or removal finished

    def __init__(
        self, install: QAction, uninstall: QAction, jobs: JobRunner, window: QMainWindow
    ) -> None:
        super().__init__(window)
        self._install = install
        self._uninstall = uninstall
        self._jobs = jobs
        self._window = window
        install.triggered.connect(lambda: self.run(removed=False))
        uninstall.triggered.connect(lambda: self.run(removed=True))

    def refresh(self) -> None:
        """Before the Help menu opens: shown on freedesktop systems only; Remove only when
        there is an entry. (reader.desktop is imported here, not during start-up.)"""
        from reader import desktop

        supported = desktop.supported()
        self._install.setVisible(supported)
        self._uninstall.setVisible(supported)
        self._uninstall.setEnabled(supported and desktop.installed())

    def run(self, *, removed: bool) -> JobHandle:
        def work(_context: JobContext) -> str:
            from reader import desktop

            if not desktop.supported():
                raise desktop.DesktopError("Menu entries are for Linux desktops.")
            report = desktop.uninstall() if removed else desktop.install()
            return desktop.describe(report, removed=removed)

        handle = self._jobs.submit("desktop", work)
        handle.succeeded.connect(self._succeeded)
        handle.failed.connect(self._failed)
        return handle

    def _succeeded(self, message: str) -> None:
        self._window.statusBar().showMessage(message.replace("\n", " "), 10_000)
        self.done.emit(message)

    def _failed(self, error: str) -> None:
        QMessageBox.warning(self._window, "Applications Menu", error)
        self.done.emit(error)
