"""The entity panel beside the article: a legend that shows or hides each type, the
article's distinct entities grouped by type with mention counts, and the corrections
that no longer apply (reader/ui/orphan_section.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.model import EntitySpan
from reader.nlp.labels import LEGEND, display_name, info
from reader.ui.orphan_section import OrphanSection

TextRole = Qt.ItemDataRole.UserRole + 1
LabelRole = Qt.ItemDataRole.UserRole + 2


def swatch(colour: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def entity_key(span: EntitySpan) -> tuple[str, str]:
    """Mentions are grouped by their words, ignoring case and spacing, and their label."""
    return " ".join(span.text.split()).casefold(), span.label


class EntityPanel(QWidget):
    visibleLabelsChanged = Signal(object)  # set[str] of visible labels
    entityActivated = Signal(str, str)  # text, label: select its first mention
    navigateRequested = Signal(int)  # +1 next mention, -1 previous
    filterRequested = Signal(str)  # show the articles mentioning this text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entityPanel")
        self._dark = False
        self._boxes: dict[str, QCheckBox] = {}

        self.legend_toggle = QToolButton()
        self.legend_toggle.setObjectName("legendToggle")
        self.legend_toggle.setText("Entity types")
        self.legend_toggle.setCheckable(True)
        self.legend_toggle.setChecked(True)
        self.legend_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.legend_toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.legend_toggle.setAutoRaise(True)
        legend = QGroupBox()
        legend.setObjectName("entityLegend")
        self.legend = legend
        self.legend_toggle.toggled.connect(self._toggle_legend)
        grid = QGridLayout(legend)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.setVerticalSpacing(2)
        for index, (name, labels) in enumerate(LEGEND):
            box = QCheckBox(name)
            box.setObjectName(f"legend_{name.replace(' ', '_')}")
            box.setIcon(swatch(info(labels[0]).light))
            box.setChecked(True)
            box.setToolTip(" / ".join(info(label).detail for label in labels))
            box.toggled.connect(self._emit_visible)
            self._boxes[name] = box
            grid.addWidget(box, index // 2, index % 2)

        self.status = QLabel()
        self.status.setObjectName("entityStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.hide()

        self.tree = QTreeWidget()
        self.tree.setObjectName("entityTree")
        self.tree.setHeaderLabels(["Entity", "Mentions"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemActivated.connect(self._on_activated)
        self.tree.itemClicked.connect(self._on_activated)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)

        self.previous_button = QPushButton("Previous")
        self.next_button = QPushButton("Next")
        self.previous_button.setToolTip("Previous mention (Shift+F3)")
        self.next_button.setToolTip("Next mention (F3)")
        self.previous_button.clicked.connect(lambda: self.navigateRequested.emit(-1))
        self.next_button.clicked.connect(lambda: self.navigateRequested.emit(1))
        self.filter_button = QPushButton("Articles Mentioning It")
        self.filter_button.setObjectName("entityFilterButton")
        self.filter_button.clicked.connect(self._filter_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous_button)
        buttons.addWidget(self.next_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 6, 0)
        layout.addWidget(self.legend_toggle)
        layout.addWidget(legend)
        layout.addWidget(self.status)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.filter_button)
        # The open article's corrections that no longer apply (hidden when it has none).
        self.orphans = OrphanSection()
        layout.addWidget(self.orphans)
        self._update_buttons()
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())

    # --- legend --------------------------------------------------------------------------

    def visible_labels(self) -> set[str]:
        labels: set[str] = set()
        for name, group in LEGEND:
            if self._boxes[name].isChecked():
                labels.update(group)
        return labels

    def set_hidden_labels(self, hidden: set[str]) -> None:
        for name, group in LEGEND:
            box = self._boxes[name]
            box.blockSignals(True)
            box.setChecked(not set(group) <= hidden)
            box.blockSignals(False)

    def hidden_labels(self) -> set[str]:
        hidden: set[str] = set()
        for name, group in LEGEND:
            if not self._boxes[name].isChecked():
                hidden.update(group)
        return hidden

    def _toggle_legend(self, shown: bool) -> None:
        self.legend.setVisible(shown)
        self.legend_toggle.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )

    def legend_box(self, name: str) -> QCheckBox:
        return self._boxes[name]

    def _emit_visible(self) -> None:
        self.visibleLabelsChanged.emit(self.visible_labels())

    # --- entities ------------------------------------------------------------------------

    def set_dark(self, dark: bool) -> None:
        """Swatches in the dark-theme colours of the labels (what the marks use)."""
        if dark == self._dark:
            return
        self._dark = dark
        for name, labels in LEGEND:
            self._boxes[name].setIcon(swatch(self._colour(labels[0])))
        for index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(index)
            first = group.child(0) if group is not None else None
            if group is not None and first is not None:
                group.setIcon(0, swatch(self._colour(str(first.data(0, LabelRole)))))

    def _colour(self, label: str) -> str:
        details = info(label)
        return details.dark if self._dark else details.light

    def show_message(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def set_entities(self, spans: Sequence[EntitySpan]) -> None:
        """Distinct entities by type, most-mentioned first; types ordered as the legend."""
        current = self.current_entity()
        self.tree.clear()
        counts: Counter[tuple[str, str]] = Counter(entity_key(s) for s in spans)
        shown_text: dict[tuple[str, str], str] = {}
        for span in spans:
            shown_text.setdefault(entity_key(span), " ".join(span.text.split()))
        groups: dict[str, list[tuple[tuple[str, str], int]]] = {}
        for key, count in counts.items():
            groups.setdefault(display_name(key[1]), []).append((key, count))
        order = [name for name, _ in LEGEND] + sorted(set(groups) - {n for n, _ in LEGEND})
        restore: QTreeWidgetItem | None = None
        for name in order:
            members = groups.get(name)
            if not members:
                continue
            members.sort(key=lambda item: (-item[1], item[0][0]))
            total = sum(count for _, count in members)
            parent = QTreeWidgetItem([f"{name} ({len(members)})", str(total)])
            parent.setIcon(0, swatch(self._colour(members[0][0][1])))
            parent.setFlags(parent.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.tree.addTopLevelItem(parent)
            for key, count in members:
                child = QTreeWidgetItem([shown_text[key], str(count)])
                child.setData(0, TextRole, shown_text[key])
                child.setData(0, LabelRole, key[1])
                child.setToolTip(0, f"{shown_text[key]} — {info(key[1]).detail}")
                child.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
                parent.addChild(child)
                if current and current == (shown_text[key], key[1]):
                    restore = child
            parent.setExpanded(True)
        if restore is not None:
            self.tree.setCurrentItem(restore)
        # isHidden(), not isVisible(): that is False too while the panel itself is hidden.
        if not counts and self.status.isHidden():
            self.tree.addTopLevelItem(QTreeWidgetItem(["No entities found", ""]))
        self._update_buttons()

    def current_entity(self) -> tuple[str, str] | None:
        item = self.tree.currentItem()
        if item is None or item.data(0, TextRole) is None:
            return None
        return str(item.data(0, TextRole)), str(item.data(0, LabelRole))

    def _on_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        text = item.data(0, TextRole)
        if text is not None:
            self.entityActivated.emit(str(text), str(item.data(0, LabelRole)))

    def _filter_current(self) -> None:
        entity = self.current_entity()
        if entity is not None:
            self.filterRequested.emit(entity[0])

    def _update_buttons(self) -> None:
        has = self.current_entity() is not None
        for button in (self.previous_button, self.next_button, self.filter_button):
            button.setEnabled(has)

    def _menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        if item is None or item.data(0, TextRole) is None:
            return
        text = str(item.data(0, TextRole))
        menu = QMenu(self)
        menu.addAction(f"Articles Mentioning “{text}”", lambda: self.filterRequested.emit(text))
        menu.addAction("Next Mention", lambda: self.navigateRequested.emit(1))
        menu.addAction("Previous Mention", lambda: self.navigateRequested.emit(-1))
        menu.popup(self.tree.viewport().mapToGlobal(pos))
