"""Noticing changes made by others: reader-cli, a second window, this app's own workers.

`PRAGMA data_version` on the window's connection changes whenever another connection
commits; reading it costs no disk access, so it is polled on the UI thread every couple of
seconds and whenever the window is activated (a user coming back from a terminal).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

INTERVAL_MS = 2000


class ChangeWatcher(QObject):
    changed = Signal()

    def __init__(
        self, data_version: Callable[[], int], parent: QObject, interval_ms: int = INTERVAL_MS
    ) -> None:
        super().__init__(parent)
        self._data_version = data_version
        self._seen = self._read()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        parent.installEventFilter(self)

    def _read(self) -> int | None:
        try:
            return self._data_version()
        except sqlite3.Error:  # the file is busy or gone for a moment: try again later
            return None

    def check(self) -> bool:
        """Emit `changed` if another connection committed since the last check."""
        version = self._read()
        if version is None or version == self._seen:
            return False
        first = self._seen is None
        self._seen = version
        if not first:
            self.changed.emit()
        return not first

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate:
            QTimer.singleShot(0, self.check)
        return False

    def stop(self) -> None:
        self.timer.stop()
