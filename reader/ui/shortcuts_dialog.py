"""Help › Keyboard Shortcuts: every action with its menu, and its keys as the platform
writes them (⌘ on macOS), in a table that a search field filters."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMenu,
    QMenuBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

COLUMNS = ("Command", "Shortcut", "Menu", "Where")
OTHER_KEYS: tuple[tuple[str, str, str], ...] = (
    # Keys handled by a widget rather than an action: listed so that the table is complete.
    ("Next Article", "J", "Library list"),
    ("Previous Article", "K", "Library list"),
    ("Leave Reading Mode", "Esc", "Reading mode"),
)
_PLACES = {"articleView": "Reading pane", "libraryView": "Library list", "notesPanel": "Notes"}


def plain_text(action: QAction) -> str:
    """The action's text without mnemonics (a literal && stays a single &)."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")


def native_keys(action: QAction) -> str:
    return ", ".join(
        key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts()
    )


def menu_paths(menu_bar: QMenuBar) -> dict[QAction, str]:
    """Each action in the menu bar, with the menus leading to it ("Edit › Find…")."""
    paths: dict[QAction, str] = {}

    def walk(menu: QMenu, trail: str) -> None:
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub, f"{trail} › {plain_text(action)}")
            elif not action.isSeparator():
                paths.setdefault(action, trail)

    for top in menu_bar.actions():
        sub = top.menu()
        if isinstance(sub, QMenu):
            walk(sub, plain_text(top))
    return paths


def where(action: QAction) -> str:
    """Where the shortcut works: everywhere in the window, or in some panes only."""
    if action.shortcutContext() != Qt.ShortcutContext.WidgetWithChildrenShortcut:
        return "Anywhere"
    places = [
        _PLACES.get(obj.objectName(), obj.objectName())
        for obj in action.associatedObjects()
        if isinstance(obj, QWidget)
        and not isinstance(obj, QMenu | QMenuBar)
        and obj.objectName() in _PLACES
    ]
    return ", ".join(dict.fromkeys(places)) or "Anywhere"


class ShortcutsDialog(QDialog):
    def __init__(
        self, actions: Sequence[QAction], menu_bar: QMenuBar, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Keyboard Shortcuts")
        self.resize(680, 560)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        paths = menu_paths(menu_bar)
        listed = set(actions)
        in_menus = [action for action in paths if action in listed]  # in menu order
        for action in in_menus + [a for a in actions if a not in paths]:
            self._add_row(
                plain_text(action), native_keys(action), paths.get(action, ""), where(action)
            )
        for text, key, place in OTHER_KEYS:
            native = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
            self._add_row(text, native, "", place)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search = QLineEdit()
        self.search.setObjectName("shortcutSearch")
        self.search.setPlaceholderText("Search commands, keys or menus")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setObjectName("shortcutTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # menu order until asked
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.search.setFocus()

    def _add_row(self, text: str, keys: str, menu: str, place: str) -> None:
        items = [QStandardItem(value) for value in (text, keys, menu, place)]
        self.model.appendRow(items)

    def rows(self) -> list[tuple[str, str, str, str]]:
        """What the table shows now, filtered (for tests and for reading aloud)."""
        return [
            tuple(  # type: ignore[misc]
                str(self.proxy.index(row, column).data()) for column in range(len(COLUMNS))
            )
            for row in range(self.proxy.rowCount())
        ]
