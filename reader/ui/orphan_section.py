"""The Entities panel's "N corrections no longer apply" section: the open article's entity
corrections whose words an edit of its text removed. They are kept and applied again if
the words come back; here the user sees what each was and can delete it. Collapsed by
default (a toggle like the panel's "Entity types"), hidden when there are none."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.ui.formatting import plural

IdRole = Qt.ItemDataRole.UserRole + 1
ContextRole = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
VISIBLE_ROWS = 4


@dataclass(frozen=True, slots=True)
class OrphanEntry:
    """One correction as listed: its id, what it said, a stretch of the old text."""

    id: int
    description: str  # “Lavrov” marked Person
    context: str  # …foreign minister Sergei Lavrov, speaking to…


def toggle_text(count: int) -> str:
    verb = "applies" if count == 1 else "apply"
    return f"{plural(count, 'correction')} no longer {verb}"


class _TwoLines(QStyledItemDelegate):
    """A row as two lines cut to the list's width: what the correction was, and below it,
    dimmer, the old text around it (the tooltip has both whole)."""

    PAD = 4

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        line = QFontMetrics(self._view.font()).lineSpacing()
        return QSize(self._view.viewport().width(), 2 * line + 2 * self.PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        option.text = ""  # the panel (selection, focus) only: the lines come below
        style = self._view.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, self._view)
        palette: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        metrics = QFontMetrics(self._view.font())
        rect = option.rect.adjusted(self.PAD + 2, self.PAD, -self.PAD, -self.PAD)
        first = rect.adjusted(0, 0, 0, -metrics.lineSpacing())
        second = rect.adjusted(0, metrics.lineSpacing(), 0, 0)
        painter.save()
        painter.setFont(self._view.font())
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(palette.color(role))
        lines = (
            (first, str(index.data(Qt.ItemDataRole.DisplayRole) or "")),
            (second, str(index.data(ContextRole) or "")),
        )
        for place, text in lines:
            if place is second and not selected:
                painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, place.width())
            flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
            painter.drawText(place, int(flags), elided)
        painter.restore()


class OrphanSection(QWidget):
    deleteRequested = Signal(int)  # a correction's id
    deleteAllRequested = Signal()
    chosenChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orphanSection")
        self.toggle = QToolButton()
        self.toggle.setObjectName("orphanToggle")
        self.toggle.setCheckable(True)
        self.toggle.setChecked(False)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setAutoRaise(True)
        self.toggle.setToolTip(
            "Your entity corrections whose words are no longer in the text. They are kept"
            " and apply again if an edit brings the words back."
        )
        self.toggle.toggled.connect(self._expand)

        self.list = QListWidget()
        self.list.setObjectName("orphanList")
        self.list.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setItemDelegate(_TwoLines(self.list))
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.list.currentItemChanged.connect(lambda *_: self._chosen_changed())

        self.delete_button = QPushButton("Delete")
        self.delete_button.setObjectName("orphanDelete")
        self.delete_button.setToolTip("Delete the chosen correction (Del)")
        self.delete_button.clicked.connect(self._delete_chosen)
        self.delete_all_button = QPushButton("Delete All")
        self.delete_all_button.setObjectName("orphanDeleteAll")
        self.delete_all_button.setToolTip("Delete every correction of this article listed here")
        self.delete_all_button.clicked.connect(self.deleteAllRequested)

        self.body = QWidget()
        self.body.setObjectName("orphanBody")
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.delete_all_button)
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.list)
        body.addLayout(buttons)
        self.body.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toggle)
        layout.addWidget(self.body)
        self.set_entries([])

    # --- contents ------------------------------------------------------------------------

    def set_entries(self, entries: Sequence[OrphanEntry]) -> None:
        """List these (the section hides when there are none); the chosen one stays chosen,
        or its neighbour when it went."""
        chosen, row = self.chosen(), max(self.list.currentRow(), 0)
        had_focus = self.list.hasFocus()
        self.list.blockSignals(True)
        self.list.clear()
        for entry in entries:
            item = QListWidgetItem(entry.description)
            item.setData(IdRole, entry.id)
            item.setData(ContextRole, entry.context)
            item.setToolTip(f"{entry.description}\nIn the text it was made on: {entry.context}")
            self.list.addItem(item)
        ids = [entry.id for entry in entries]
        if ids:
            self.list.setCurrentRow(ids.index(chosen) if chosen in ids else min(row, len(ids) - 1))
        self.list.blockSignals(False)
        self._fit_height()
        self.toggle.setText(toggle_text(len(entries)))
        self.setHidden(not entries)
        self.delete_all_button.setEnabled(bool(entries))
        self.delete_button.setEnabled(bool(entries))
        if had_focus and not entries:
            self.focusNextChild()
        self._chosen_changed()

    def rows(self) -> list[tuple[str, str]]:
        """(what it was, its context) of each listed correction, in order."""
        return [
            (item.text(), str(item.data(ContextRole)))
            for item in (self.list.item(row) for row in range(self.list.count()))
        ]

    def count(self) -> int:
        return self.list.count()

    def ids(self) -> list[int]:
        return [int(self.list.item(row).data(IdRole)) for row in range(self.list.count())]

    def chosen(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(IdRole))

    def is_expanded(self) -> bool:
        return self.toggle.isChecked()

    def reveal(self) -> None:
        """Open the section and put the keyboard focus on the list."""
        self.toggle.setChecked(True)
        self.list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- internals -----------------------------------------------------------------------

    def _fit_height(self) -> None:
        """As tall as its rows, up to VISIBLE_ROWS (then it scrolls): the entity list
        above keeps the room."""
        rows = min(max(self.list.count(), 1), VISIBLE_ROWS)
        row = self.list.sizeHintForRow(0) if self.list.count() else 0
        self.list.setFixedHeight(rows * row + 2 * self.list.frameWidth())

    def _expand(self, shown: bool) -> None:
        self.body.setVisible(shown)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self._chosen_changed()

    def _chosen_changed(self) -> None:
        self.chosenChanged.emit()

    def _delete_chosen(self) -> None:
        chosen = self.chosen()
        if chosen is not None:
            self.deleteRequested.emit(chosen)

    def _menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        menu = QMenu(self)
        if item is not None:
            correction_id = int(item.data(IdRole))
            menu.addAction("Delete", lambda: self.deleteRequested.emit(correction_id))
        menu.addAction("Delete All", self.deleteAllRequested.emit)
        menu.popup(self.list.viewport().mapToGlobal(pos))
