"""Help › Keyboard Shortcuts: every action with its menu, and its keys as the platform
writes them (⌘ on macOS), in a table that a search field filters; below it, the chosen
command's keys can be changed (reader.ui.shortcut_editor)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import (
    QAction,
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMenu,
    QMenuBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reader.ui.shortcut_editor import ShortcutEditor, keys_text
from reader.ui.shortcut_keys import ShortcutKeys

NAME_ROLE = Qt.ItemDataRole.UserRole + 1  # the action's objectName, on the Command cell
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
    """Read-only without `keys`; with them, the chosen command's keys can be changed."""

    def __init__(
        self,
        actions: Sequence[QAction],
        menu_bar: QMenuBar,
        parent: QWidget | None = None,
        keys: ShortcutKeys | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Keyboard Shortcuts")
        self.resize(720, 640 if keys else 560)
        self.keys = keys
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        paths = menu_paths(menu_bar)
        listed = set(actions)
        in_menus = [action for action in paths if action in listed]  # in menu order
        for action in in_menus + [a for a in actions if a not in paths]:
            self._add_row(
                plain_text(action),
                native_keys(action),
                paths.get(action, ""),
                where(action),
                action.objectName(),
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
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the editor
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
        self.editor: ShortcutEditor | None = None
        if keys is not None:
            layout.addWidget(self._add_editor(keys, buttons))
        layout.addWidget(buttons)
        self.search.setFocus()

    def _add_editor(self, keys: ShortcutKeys, buttons: QDialogButtonBox) -> ShortcutEditor:
        editor = self.editor = ShortcutEditor(keys, self)
        self.undo_button = buttons.addButton("&Undo", QDialogButtonBox.ButtonRole.ActionRole)
        self.undo_button.setObjectName("undoShortcut")
        self.undo_button.setToolTip("Take back the last change made here (Ctrl+Z)")
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(editor.undo)
        editor.undoAvailable.connect(self.undo_button.setEnabled)
        undo = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self)
        undo.activated.connect(editor.undo)
        reset_all = buttons.addButton("&Reset All", QDialogButtonBox.ButtonRole.ResetRole)
        reset_all.setObjectName("resetAllShortcuts")
        reset_all.setToolTip("Every command back to Reader's own keys")
        reset_all.clicked.connect(editor.reset_all)
        for button in buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self.search.setFocus)
        keys.changed.connect(self._refresh_keys)
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(lambda *_: self._show_current())
        self.table.activated.connect(lambda _index: editor.recorders[0].start())
        self.search.returnPressed.connect(self._to_table)
        self.search.textChanged.connect(lambda _text: self._keep_current())
        self.search.installEventFilter(self)
        self._refresh_keys()
        self.table.setCurrentIndex(self.proxy.index(0, 0))
        return editor

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
        ):
            self._to_table()
            return True
        return super().eventFilter(watched, event)

    def _to_table(self) -> None:
        self._keep_current()
        self.table.setFocus(Qt.FocusReason.TabFocusReason)

    def _keep_current(self) -> None:
        """A row stays chosen while the filter changes, the first one shown if need be."""
        if not self.table.currentIndex().isValid() and self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))

    def _show_current(self) -> None:
        if self.editor is None:
            return
        index = self.table.currentIndex()
        name = index.siblingAtColumn(0).data(NAME_ROLE) if index.isValid() else None
        place = index.siblingAtColumn(3).data() if index.isValid() else ""
        note = f"Built into the {str(place).lower()}: cannot be changed" if place else ""
        self.editor.show_command(name or None, note)

    def _refresh_keys(self) -> None:
        """The Shortcut column after a change; changed commands in bold."""
        if self.keys is None:
            return
        for row in range(self.model.rowCount()):
            command = self.model.item(row, 0)
            name = command.data(NAME_ROLE)
            action = self.keys.action(name) if name else None
            if action is None:
                continue
            self.model.item(row, 1).setText(native_keys(action))
            changed = self.keys.is_changed(name)
            for column in range(len(COLUMNS)):
                item = self.model.item(row, column)
                font = item.font()
                font.setBold(changed)
                item.setFont(font)
            command.setToolTip(
                f"Changed (Reader's keys: {keys_text(self.keys.defaults(name))})" if changed else ""
            )

    def select_command(self, name: str) -> bool:
        """Choose the row of the action with this objectName (False: not shown)."""
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(NAME_ROLE) == name:
                self.table.setCurrentIndex(index)
                return True
        return False

    def _add_row(self, text: str, keys: str, menu: str, place: str, name: str = "") -> None:
        items = [QStandardItem(value) for value in (text, keys, menu, place)]
        items[0].setData(name, NAME_ROLE)
        self.model.appendRow(items)

    def rows(self) -> list[tuple[str, str, str, str]]:
        """What the table shows now, filtered (for tests and for reading aloud)."""
        return [
            tuple(  # type: ignore[misc]
                str(self.proxy.index(row, column).data()) for column in range(len(COLUMNS))
            )
            for row in range(self.proxy.rowCount())
        ]
