"""The two backup dialogs: File › Restore from Backup…, and the one shown at start when the
library file is damaged (restore the newest backup, open another file, or start anew)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.store.backup import BackupInfo

_REASONS = {
    "": "Backup",
    "daily": "Daily backup",
    "manual": "Made with reader-cli",
    "before-restore": "Before a restore",
}


def describe_reason(reason: str) -> str:
    if reason.startswith("before-upgrade-v"):
        return f"Before upgrading from schema {reason.removeprefix('before-upgrade-')}"
    return _REASONS.get(reason, reason.replace("-", " ").capitalize())


def describe_size(size: int) -> str:
    if size >= 1 << 30:
        return f"{size / (1 << 30):.1f} GB"
    if size >= 1 << 20:
        return f"{size / (1 << 20):.1f} MB"
    return f"{max(1, size // 1024)} KB"


def describe_articles(info: BackupInfo) -> str:
    if info.articles is None:
        return "unreadable"
    return f"{info.articles:,} article{'s' if info.articles != 1 else ''}"


class RestoreBackupDialog(QDialog):
    """Lists the library's backups, newest first; Restore gives back the chosen one."""

    def __init__(self, backups: Sequence[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreBackupDialog")
        self.setWindowTitle("Restore from Backup")
        self.resize(620, 360)
        self._backups = list(backups)
        intro = QLabel(
            "Choose the backup to go back to. The library as it is now is backed up first,"
            " so a restore can itself be undone by restoring that backup."
        )
        intro.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setObjectName("backupList")
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels(["Date", "Made", "Articles", "Size"])
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for info in self._backups:
            item = QTreeWidgetItem(
                [
                    f"{info.created:%Y-%m-%d  %H:%M}",
                    describe_reason(info.reason),
                    describe_articles(info),
                    describe_size(info.size),
                ]
            )
            item.setToolTip(0, str(info.path))
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if not info.usable:
                item.setDisabled(True)
            self.list.addTopLevelItem(item)
        for column in range(4):
            self.list.resizeColumnToContents(column)
        self.empty = QLabel("There are no backups of this library yet.")
        self.empty.setVisible(not self._backups)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            "&Restore", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setObjectName("restoreButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.itemSelectionChanged.connect(self._update)
        self.list.itemDoubleClicked.connect(lambda *_: self._accept_if_chosen())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        first = next((i for i, b in enumerate(self._backups) if b.usable), None)
        first_item = None if first is None else self.list.topLevelItem(first)
        if first_item is not None:
            self.list.setCurrentItem(first_item)
        self.list.setFocus()
        self._update()

    def chosen(self) -> BackupInfo | None:
        item = self.list.currentItem()
        if item is None or not item.isSelected():
            return None
        info = self._backups[self.list.indexOfTopLevelItem(item)]
        return info if info.usable else None

    def _update(self) -> None:
        self.restore_button.setEnabled(self.chosen() is not None)

    def _accept_if_chosen(self) -> None:
        if self.chosen() is not None:
            self.accept()


class Rescue(Enum):
    RESTORE = "restore"
    OPEN_OTHER = "open"
    NEW_LIBRARY = "new"
    QUIT = "quit"


class DamagedLibraryDialog(QDialog):
    """The library file cannot be read. Three ways on, and a promise: the damaged file is
    kept (moved aside), never overwritten."""

    def __init__(
        self,
        path: Path,
        error: str,
        latest: BackupInfo | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("damagedLibraryDialog")
        self.setWindowTitle("The library cannot be opened")
        self.choice = Rescue.QUIT
        self.setMinimumWidth(520)
        heading = QLabel("<b>Reader cannot read your library.</b>")
        details = QLabel(
            f"{error}\n\nThe damaged file is never changed or deleted. Restoring a backup"
            " or starting a new library first moves it aside, as"
            f" {path.stem}.damaged-<date>{path.suffix} in the same folder."
        )
        details.setWordWrap(True)
        details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.restore_button = QPushButton()
        self.restore_button.setObjectName("restoreLatest")
        if latest is not None:
            self.restore_button.setText(
                f"&Restore the backup of {latest.created:%Y-%m-%d %H:%M}"
                f" ({describe_articles(latest)})"
            )
        else:
            self.restore_button.setText("&Restore a backup (there is none)")
            self.restore_button.setEnabled(False)
        self.open_button = QPushButton("&Open Another Library File…")
        self.open_button.setObjectName("openOther")
        self.new_button = QPushButton("Start a &New Library")
        self.new_button.setObjectName("newLibrary")
        self.quit_button = QPushButton("&Quit")
        self.quit_button.setObjectName("quit")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(details)
        for button, choice in (
            (self.restore_button, Rescue.RESTORE),
            (self.open_button, Rescue.OPEN_OTHER),
            (self.new_button, Rescue.NEW_LIBRARY),
            (self.quit_button, Rescue.QUIT),
        ):
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, c=choice: self._choose(c))
            layout.addWidget(button)
        default = self.restore_button if latest is not None else self.open_button
        default.setDefault(True)
        default.setFocus()

    def _choose(self, choice: Rescue) -> None:
        self.choice = choice
        if choice is Rescue.QUIT:
            self.reject()
        else:
            self.accept()
