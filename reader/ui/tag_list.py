"""The library's tags with their counts, for filtering: "All articles" on top, then one
row per tag. The current row is the filter: choosing a row (click or arrow keys) emits
`tagSelected(name)`, and clicking the chosen tag again, or "All articles", emits
`tagSelected("")`. Rename… (F2) and Delete… (Del) ask first, then emit requests; the
dialogs are methods (`ask_new_name`, `confirm_merge`, `confirm_delete`) that tests and
other front ends can replace.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from reader.ui.tag_editor import normalise_tag, tag_key

TagRole = Qt.ItemDataRole.UserRole + 1
CountRole = Qt.ItemDataRole.UserRole + 2
ALL_ARTICLES = "All articles"


def row_text(name: str, count: int) -> str:
    return f"{name}  ({count:,})"


class _TagListView(QListWidget):
    """Claims F2 and Del before the window's shortcuts, and tells whether a click hit the
    row that was already current (the filter toggles off)."""

    renameKey = Signal()
    deleteKey = Signal()
    currentClicked = Signal(QListWidgetItem)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pressed_current: QListWidgetItem | None = None

    def _is_ours(self, event: QKeyEvent) -> bool:
        if event.modifiers() not in (Qt.KeyboardModifier.NoModifier,):
            return False
        if event.key() not in (Qt.Key.Key_F2, Qt.Key.Key_Delete):
            return False
        item = self.currentItem()
        return item is not None and bool(item.data(TagRole))

    def event(self, e: QEvent) -> bool:
        if (
            e.type() == QEvent.Type.ShortcutOverride
            and isinstance(e, QKeyEvent)
            and self._is_ours(e)
        ):
            e.accept()
            return True
        return super().event(e)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._is_ours(event):
            (self.renameKey if event.key() == Qt.Key.Key_F2 else self.deleteKey).emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        item = self.itemAt(event.position().toPoint())
        current = self.currentItem()
        self._pressed_current = item if item is not None and item is current else None
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        pressed, self._pressed_current = self._pressed_current, None
        super().mouseReleaseEvent(event)
        if (
            event.button() == Qt.MouseButton.LeftButton
            and pressed is not None
            and self.itemAt(event.position().toPoint()) is pressed
        ):
            self.currentClicked.emit(pressed)


class TagList(QWidget):
    """Tag filter list. Signals: tagSelected(name or ""), renameRequested(old, new),
    deleteRequested(name)."""

    tagSelected = Signal(str)
    renameRequested = Signal(str, str)
    deleteRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagList")
        self._current = ""
        self._counts: dict[str, int] = {}
        self._updating = False

        self.header = QLabel("Tags")
        self.header.setObjectName("tagListHeader")
        font = self.header.font()
        font.setBold(True)
        self.header.setFont(font)

        self.list = _TagListView()
        self.list.setObjectName("tagListView")
        self.list.setAccessibleName("Tags")
        self.list.setAccessibleDescription(
            "Choose a tag to show only the articles with it; F2 renames, Delete removes"
        )
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setUniformItemSizes(True)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.list.currentItemChanged.connect(self._current_changed)
        self.list.currentClicked.connect(self._clicked_again)
        self.list.renameKey.connect(self._rename_current)
        self.list.deleteKey.connect(self._delete_current)
        self.header.setBuddy(self.list)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addWidget(self.list, 1)
        self.setFocusProxy(self.list)
        self.set_tags([])

    # --- public ----------------------------------------------------------------------------

    def set_tags(self, tags: Sequence[tuple[str, int]]) -> None:
        """Rows for `tags` (name, count), in the order given; the filter row stays current
        if its tag is still there, else "All articles" does. Emits nothing."""
        self._counts = {}
        self._updating = True
        try:
            self.list.clear()
            everything = QListWidgetItem(ALL_ARTICLES)
            everything.setData(TagRole, "")
            everything.setToolTip("Show all articles")
            self.list.addItem(everything)
            for name, count in tags:
                self._counts[name] = count
                item = QListWidgetItem(row_text(name, count))
                item.setData(TagRole, name)
                item.setData(CountRole, count)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{name}, {count}")
                self.list.addItem(item)
            if self._current and self._current not in self._counts:
                self._current = ""
            self._select(self._current)
        finally:
            self._updating = False

    def tags(self) -> list[tuple[str, int]]:
        return list(self._counts.items())

    def current(self) -> str:
        """The tag filtered on; "" for all articles."""
        return self._current

    def set_current(self, name: str) -> None:
        """Make `name` ("" for all articles) the current row; emits nothing."""
        self._current = name if name in self._counts else ""
        self._updating = True
        try:
            self._select(self._current)
        finally:
            self._updating = False

    def item_for(self, name: str) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(TagRole) == name:
                return item
        return None

    def rename(self, name: str) -> None:
        """Ask for a new name for `name` (merging into an existing tag after a
        confirmation) and emit renameRequested(old, new)."""
        if name not in self._counts:
            return
        answer = self.ask_new_name(name)
        if answer is None:
            return
        new = normalise_tag(answer)
        if not new or new == name:
            return
        existing = next(
            (t for t in self._counts if tag_key(t) == tag_key(new) and t != name),
            None,
        )
        if existing is not None:
            if not self.confirm_merge(name, existing):
                return
            new = existing
        self.renameRequested.emit(name, new)

    def delete(self, name: str) -> None:
        """Ask to confirm, then emit deleteRequested(name)."""
        if name not in self._counts:
            return
        if self.confirm_delete(name, self._counts[name]):
            self.deleteRequested.emit(name)

    # --- dialogs (overridable) -------------------------------------------------------------

    def ask_new_name(self, old: str) -> str | None:
        """The new name the user typed for tag `old`, or None when cancelled."""
        text, ok = QInputDialog.getText(
            self,
            f"Rename Tag “{old}”",
            "New name (an existing tag's name merges the two):",
            QLineEdit.EchoMode.Normal,
            old,
        )
        return text if ok else None

    def confirm_merge(self, old: str, existing: str) -> bool:
        return self._ask(
            "Merge Tags",
            f"A tag “{existing}” already exists. Merge “{old}” into it?\n\n"
            f"Everything tagged “{old}” will be tagged “{existing}”.",
            "Merge",
        )

    def confirm_delete(self, name: str, count: int) -> bool:
        things = "article/highlight" if count == 1 else "articles/highlights"
        return self._ask(
            "Delete Tag",
            f"Remove tag “{name}” from {count:,} {things}?",
            "Remove Tag",
        )

    def _ask(self, title: str, text: str, accept: str) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(title)
        box.setTextFormat(Qt.TextFormat.PlainText)  # tag names are user data
        box.setText(text)
        yes = box.addButton(accept, QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is yes

    # --- internals -------------------------------------------------------------------------

    def _select(self, name: str) -> None:
        item = self.item_for(name) or self.list.item(0)
        if item is not None:
            self.list.setCurrentItem(item)

    def _current_changed(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if self._updating or item is None:
            return
        name = str(item.data(TagRole) or "")
        if name != self._current:
            self._current = name
            self.tagSelected.emit(name)

    def _clicked_again(self, item: QListWidgetItem) -> None:
        """A click on the tag already chosen turns the filter off."""
        if item.data(TagRole):
            self._current = ""
            self._updating = True
            try:
                self._select("")
            finally:
                self._updating = False
            self.tagSelected.emit("")

    def _current_tag(self) -> str:
        item = self.list.currentItem()
        return str(item.data(TagRole) or "") if item is not None else ""

    def _rename_current(self) -> None:
        if name := self._current_tag():
            self.rename(name)

    def _delete_current(self) -> None:
        if name := self._current_tag():
            self.delete(name)

    def _menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        name = str(item.data(TagRole) or "") if item is not None else ""
        if not name:
            return
        menu = QMenu(self)
        menu.addAction("Rename…\tF2", lambda: self.rename(name))
        menu.addAction("Delete…\tDel", lambda: self.delete(name))
        menu.popup(self.list.viewport().mapToGlobal(pos))
