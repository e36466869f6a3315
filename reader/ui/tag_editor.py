"""Tags as removable chips plus a field that adds new ones, with completion from the
tags already in the library.

Enter or a comma adds what was typed (trimmed, inner spaces folded, a leading "#"
dropped); a tag already present in another (ASCII) case is not added twice, and a tag that
exists in the library in another case takes the library's spelling. Backspace in the
empty field removes the last tag; each chip's × button (or Delete/Backspace on it)
removes that one. `tagsChanged` reports every change the user makes, never `set_tags`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from reader.store.tags import clean_tag
from reader.store.tags import tag_key as store_tag_key


def normalise_tag(text: str) -> str:
    """A tag the user typed, as it is stored: trimmed, inner whitespace folded to one
    space, no leading "#" (typing "#tag" means the tag "tag"). Tags read from the library
    are shown as they are (see `set_tags`): one named "#tag" elsewhere stays so."""
    return clean_tag(" ".join(text.split()).lstrip("#"))


def tag_key(tag: str) -> str:
    """Tags are the same when the library says so: they differ only in the case of ASCII
    letters (SQLite's NOCASE). "Ärger" and "ärger" are two tags there, so two here."""
    return store_tag_key(tag)


class FlowLayout(QLayout):
    """Lays its items out left to right, wrapping to the next line: the chips."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def insertWidget(self, index: int, widget: QWidget) -> None:
        self.addWidget(widget)  # appended by addItem; move it into place
        item = self._items.pop()
        self._items.insert(index, item)
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, apply: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line_height = area.x(), area.y(), 0
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line_height > 0:
                x = area.x()
                y += line_height + self._spacing
                line_height = 0
            width = hint.width()
            if isinstance(widget, QLineEdit):  # the field takes the rest of its line
                width = max(width, area.right() + 1 - x)
            if apply:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += width + self._spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + margins.bottom()


class TagChip(QWidget):
    """One tag: its name and a × button that removes it."""

    removeRequested = Signal(str)

    def __init__(self, tag: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tag = tag
        self.setObjectName("tagChip")
        self.setAccessibleName(f"Tag {tag}")
        self.label = QLabel(tag)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setForegroundRole(QPalette.ColorRole.ButtonText)
        self.remove_button = QToolButton()
        self.remove_button.setObjectName("tagChipRemove")
        self.remove_button.setText("×")
        self.remove_button.setAutoRaise(True)
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.remove_button.setToolTip("Remove this tag (Delete)")
        self.remove_button.setAccessibleName(f"Remove tag {tag}")
        self.remove_button.clicked.connect(lambda: self.removeRequested.emit(self.tag))
        self.remove_button.installEventFilter(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 1, 2, 1)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.remove_button)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def eventFilter(self, watched: object, event: object) -> bool:
        if (
            watched is self.remove_button
            and isinstance(event, QEvent)
            and event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut)
        ):
            self.update()  # the outline shows where the keyboard is
        if (
            watched is self.remove_button
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        ):
            self.removeRequested.emit(self.tag)
            return True
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        focused = self.remove_button.hasFocus()
        painter.setPen(
            palette.color(QPalette.ColorRole.Highlight if focused else QPalette.ColorRole.Mid)
        )
        painter.setBrush(palette.color(QPalette.ColorRole.Button))
        rect = self.rect().adjusted(0, 0, -1, -1)
        radius = rect.height() / 2
        painter.drawRoundedRect(rect, radius, radius)
        painter.end()


class _TagField(QLineEdit):
    """The field: Enter and comma commit, Backspace when empty removes the last tag."""

    commitRequested = Signal()
    removeLastRequested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        completer = self.completer()
        popup = completer.popup() if completer is not None else None
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if popup is not None and popup.isVisible() and popup.currentIndex().isValid():
                super().keyPressEvent(event)  # the completer puts in the chosen tag
                return
            if popup is not None:
                popup.hide()
            if self.text().strip():
                self.commitRequested.emit()
                event.accept()
            else:
                event.ignore()  # let a dialog's default button have it
            return
        if key == Qt.Key.Key_Comma:
            self.commitRequested.emit()
            event.accept()
            return
        if key == Qt.Key.Key_Backspace and not self.text() and not self.hasSelectedText():
            self.removeLastRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class TagEditor(QWidget):
    """Edits a list of tags. Emits `tagsChanged(list[str])` on every user change."""

    tagsChanged = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagEditor")
        self.setAccessibleName("Tags")
        self._tags: list[str] = []
        self._completions: list[str] = []
        self._chips: list[TagChip] = []

        self.field = _TagField()
        self.field.setObjectName("tagField")
        self.field.setPlaceholderText("Add tag…")
        self.field.setAccessibleName("Add tag")
        self.field.setToolTip("Type a tag, then Enter or comma; Backspace removes the last")
        self.field.setMinimumWidth(80)
        self.field.setClearButtonEnabled(False)
        self._model = QStringListModel(self)
        self.completer = QCompleter(self._model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setMaxVisibleItems(10)
        self.field.setCompleter(self.completer)
        self.completer.activated[str].connect(self._completion_chosen)  # type: ignore[index]
        self.field.commitRequested.connect(self._commit_typed)
        self.field.removeLastRequested.connect(self._remove_last)
        self.field.textEdited.connect(self._on_text_edited)

        self._flow = FlowLayout(self)
        self._flow.addWidget(self.field)
        self.setFocusProxy(self.field)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        size_policy = self.sizePolicy()
        size_policy.setHeightForWidth(True)
        self.setSizePolicy(size_policy)

    # --- public ----------------------------------------------------------------------------

    def focus_field(self) -> None:
        self.field.setFocus()

    def tags(self) -> list[str]:
        return list(self._tags)

    def set_tags(self, tags: Iterable[str]) -> None:
        """Show `tags` (deduplicated, in order); emits nothing."""
        cleaned: list[str] = []
        seen: set[str] = set()
        for tag in tags:
            name = clean_tag(tag)
            if name and tag_key(name) not in seen:
                seen.add(tag_key(name))
                cleaned.append(name)
        if cleaned == self._tags:
            return
        self._tags = cleaned
        self._rebuild_chips()

    def set_completions(self, names: Sequence[str]) -> None:
        """Every tag in the library, offered as the user types."""
        unique: dict[str, str] = {}
        for name in names:
            cleaned = clean_tag(name)
            if cleaned:
                unique.setdefault(tag_key(cleaned), cleaned)
        self._completions = sorted(unique.values(), key=tag_key)
        self._update_completions()

    def completions(self) -> list[str]:
        """What the completer offers now: the library's tags minus the ones shown."""
        return list(self._model.stringList())

    def chips(self) -> list[TagChip]:
        return list(self._chips)

    def clear_field(self) -> None:
        self.field.clear()

    # --- editing ---------------------------------------------------------------------------

    def add_tag(self, text: str) -> bool:
        """Add `text` as a tag as if the user typed it; False if empty or a duplicate."""
        name = normalise_tag(text.replace(",", " "))
        if not name:
            return False
        key = tag_key(name)
        if any(tag_key(tag) == key for tag in self._tags):
            return False
        for known in self._completions:  # the library's spelling wins
            if tag_key(known) == key:
                name = known
                break
        self._tags.append(name)
        self._rebuild_chips()
        self.tagsChanged.emit(self.tags())
        return True

    def remove_tag(self, tag: str) -> None:
        key = tag_key(tag)
        index = next((i for i, t in enumerate(self._tags) if tag_key(t) == key), None)
        if index is None:
            return
        had_focus = any(chip.remove_button.hasFocus() for chip in self._chips)
        del self._tags[index]
        self._rebuild_chips()
        if had_focus:  # keep keyboard users in the row of chips
            if self._chips:
                self._chips[min(index, len(self._chips) - 1)].remove_button.setFocus()
            else:
                self.field.setFocus()
        self.tagsChanged.emit(self.tags())

    def _commit_typed(self) -> None:
        text = self.field.text()
        self.field.clear()
        self.add_tag(text)

    def _completion_chosen(self, text: str) -> None:
        self.field.clear()
        self.add_tag(text)

    def _remove_last(self) -> None:
        if self._tags:
            self.remove_tag(self._tags[-1])

    def _on_text_edited(self, text: str) -> None:
        """A pasted "a, b, c" adds a and b, and leaves c in the field."""
        if "," not in text:
            return
        *done, rest = text.split(",")
        self.field.setText(rest.lstrip())
        for part in done:
            self.add_tag(part)

    # --- presentation ----------------------------------------------------------------------

    def _rebuild_chips(self) -> None:
        for chip in self._chips:
            self._flow.removeWidget(chip)
            chip.hide()
            chip.deleteLater()
        self._chips = []
        for index, tag in enumerate(self._tags):
            chip = TagChip(tag, self)
            chip.removeRequested.connect(self.remove_tag)
            self._flow.insertWidget(index, chip)
            chip.show()
            self._chips.append(chip)
        # Tab order: chips' × buttons in order, then the field.
        previous: QWidget | None = None
        for chip in self._chips:
            if previous is not None:
                QWidget.setTabOrder(previous, chip.remove_button)
            previous = chip.remove_button
        if previous is not None:
            QWidget.setTabOrder(previous, self.field)
        self._update_completions()
        self.updateGeometry()

    def _update_completions(self) -> None:
        present = {tag_key(tag) for tag in self._tags}
        self._model.setStringList([n for n in self._completions if tag_key(n) not in present])

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._flow.heightForWidth(width)

    def sizeHint(self) -> QSize:
        hint = self.field.sizeHint()
        width = max(hint.width() * 2, 200)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.field.minimumWidth(), self.field.sizeHint().height())
