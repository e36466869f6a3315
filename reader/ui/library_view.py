"""The library pane: search field, filter chips and the article table."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QStackedLayout,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.store.query import LibraryQuery, SortKey
from reader.ui.library_model import (
    COLUMN_TOOLTIPS,
    COLUMNS,
    IMPORTED,
    TITLE,
    LibraryModel,
    column_for,
)

SEARCH_DEBOUNCE_MS = 180
DEFAULT_HIDDEN_COLUMNS = (IMPORTED,)  # shown again from the header's context menu

EMPTY_LIBRARY_TEXT = (
    "<h3>Your library is empty</h3>"
    "<p>Drag article files (.txt, .md, .html, .json) onto this window,<br>"
    '<a href="import">import them</a> (<b>File › Import Articles…</b>, {import_key}),<br>'
    'or copy an article and <a href="clipboard">paste it as a new article</a><br>'
    "(<b>File › New Article from Clipboard</b>, {clipboard_key}).</p>"
)
"""The links ask the window to import (`importRequested` with "import" or "clipboard")."""


class FilterChip(QWidget):
    """A removable filter, shown as "Tag: sanctions ×" beside the search field."""

    removed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterChip")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 1, 2, 1)
        layout.setSpacing(2)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Remove this filter")
        self.close_button.clicked.connect(self.removed)
        layout.addWidget(self.label)
        layout.addWidget(self.close_button)
        self.setStyleSheet(
            "#filterChip { border: 1px solid palette(mid); border-radius: 10px;"
            " background: palette(alternate-base); }"
        )
        self.hide()

    def show_text(self, text: str) -> None:
        self.label.setText(text)
        self.close_button.setAccessibleName(f"Remove filter {text}")
        self.setVisible(bool(text))


class LibraryTable(QTableView):
    """The table, with J/K to move like in mail and feed readers."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.modifiers() == Qt.KeyboardModifier.NoModifier and event.key() in (
            Qt.Key.Key_J,
            Qt.Key.Key_K,
        ):
            step = 1 if event.key() == Qt.Key.Key_J else -1
            row = max(0, min(self.model().rowCount() - 1, self.currentIndex().row() + step))
            self.setCurrentIndex(self.model().index(row, TITLE))
            return
        super().keyPressEvent(event)


class LibraryView(QWidget):
    queryChanged = Signal(object)  # LibraryQuery
    articleSelected = Signal(int)
    contextMenuRequested = Signal(object)  # global QPoint
    importRequested = Signal(str)  # "import" (files) or "clipboard", from the empty state

    def __init__(self, model: LibraryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryView")
        self.model = model
        self._sort = SortKey.IMPORTED
        self._descending = True
        self._tag = ""
        self._entity = ""

        self.search_field = QLineEdit()
        self.search_field.setObjectName("librarySearch")
        self.search_field.setPlaceholderText("Search titles and text")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setToolTip(
            'Words, "exact phrases", prefix* and -excluded words. Ctrl+K to jump here.'
        )
        self.tag_chip = FilterChip()
        self.entity_chip = FilterChip()
        self.tag_chip.removed.connect(lambda: self.set_tag_filter(""))
        self.entity_chip.removed.connect(lambda: self.set_entity_filter(""))

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search_field, 1)
        top.addWidget(self.tag_chip)
        top.addWidget(self.entity_chip)

        self.table = LibraryTable()
        self.table.setObjectName("libraryTable")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(
            lambda pos: self.contextMenuRequested.emit(self.table.viewport().mapToGlobal(pos))
        )
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(column_for(self._sort), Qt.SortOrder.DescendingOrder)
        for column, width in ((1, 100), (2, 86), (3, 116), (4, 80), (5, 34)):
            if column < len(COLUMNS):
                self.table.setColumnWidth(column, width)
        header.setMinimumSectionSize(36)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        for column in DEFAULT_HIDDEN_COLUMNS:
            self.table.setColumnHidden(column, True)
        model.sortRequested.connect(self._on_sort_requested)

        self._empty_label: QLabel | None = None  # made when the library is empty
        self.stack = QStackedLayout()
        self.stack.addWidget(self.table)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.addLayout(top)
        layout.addLayout(self.stack, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._emit_query)
        self.search_field.textChanged.connect(lambda _text: self._debounce.start())
        self.search_field.returnPressed.connect(self._search_now)

        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)

    def _header_menu(self, pos: QPoint) -> None:
        """Right-click on the header: choose which columns show (Title always does)."""
        menu = QMenu(self)
        for column, (name, _key) in enumerate(COLUMNS):
            if column == TITLE:
                continue
            action = menu.addAction(COLUMN_TOOLTIPS.get(column, name))
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(column))
            action.toggled.connect(lambda shown, c=column: self.table.setColumnHidden(c, not shown))
        menu.popup(self.table.horizontalHeader().mapToGlobal(pos))

    # --- query ---------------------------------------------------------------------------

    def query(self) -> LibraryQuery:
        search = self.search_field.text()
        sort = self._sort
        return LibraryQuery(
            search=search,
            tag=self._tag,
            entity=self._entity,
            sort=sort,
            descending=self._descending,
        )

    def set_sort(self, key: SortKey, descending: bool) -> None:
        self._sort = key
        self._descending = descending
        column = column_for(key)
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        if column >= 0:
            header.setSortIndicator(column, order)
        else:
            header.setSortIndicator(-1, order)
        header.blockSignals(False)

    def sort_state(self) -> tuple[SortKey, bool]:
        return self._sort, self._descending

    def set_tag_filter(self, tag: str) -> None:
        self._tag = tag
        self.tag_chip.show_text(f"Tag: {tag}" if tag else "")
        self._emit_query()

    def set_entity_filter(self, entity: str) -> None:
        self._entity = entity
        self.entity_chip.show_text(f"Mentions: {entity}" if entity else "")
        self._emit_query()

    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def _search_now(self) -> None:
        self._debounce.stop()
        self._emit_query()
        if self.model.rowCount():
            self.table.setFocus()

    def _emit_query(self) -> None:
        self._debounce.stop()
        self.queryChanged.emit(self.query())

    def _on_sort_requested(self, key: SortKey, descending: bool) -> None:
        if key is self._sort and descending == self._descending:
            return
        self._sort = key
        self._descending = descending
        self._emit_query()

    # --- results and selection -----------------------------------------------------------

    @property
    def empty_label(self) -> QLabel:
        """What an empty library shows instead of the list: how to add articles. Made on
        first need: its rich text costs ms a library with articles need not spend before
        the window appears."""
        if self._empty_label is None:
            native = QKeySequence.SequenceFormat.NativeText
            label = QLabel(
                EMPTY_LIBRARY_TEXT.format(
                    import_key=QKeySequence(QKeySequence.StandardKey.Open).toString(native),
                    clipboard_key=QKeySequence("Ctrl+Shift+V").toString(native),
                )
            )
            label.linkActivated.connect(self.importRequested)
            label.setObjectName("libraryEmpty")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setMargin(24)
            self.stack.addWidget(label)
            self._empty_label = label
        return self._empty_label

    def show_results(self, ids: list[int], library_empty: bool, keep_id: int | None) -> None:
        """New ids from a query; keeps the current article selected when it is still listed.
        The same ids again (a refresh after a change elsewhere) keep the selection and the
        scroll position: only the rows' data is read again."""
        if ids == self.model.ids() and ids:
            self.model.invalidate()
            self.stack.setCurrentWidget(self.table)
            return
        self.model.set_ids(ids)
        self.stack.setCurrentWidget(self.empty_label if library_empty else self.table)
        if keep_id is not None:
            self.select_article(keep_id, emit=False)

    def select_article(self, article_id: int, *, emit: bool = True) -> bool:
        row = self.model.row_of(article_id)
        if row < 0:
            return False
        index = self.model.index(row, TITLE)
        selection = self.table.selectionModel()
        if not emit:
            selection.blockSignals(True)
        selection.setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        if not emit:
            selection.blockSignals(False)
            self.table.viewport().update()
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        ids = [self.model.article_id(row) for row in rows]
        return [article_id for article_id in ids if article_id is not None]

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.article_id(index.row()) if index.isValid() else None

    def move_current(self, step: int) -> None:
        """Next/previous article in the list, from the keyboard or the menu."""
        count = self.model.rowCount()
        if not count:
            return
        row = self.table.currentIndex().row()
        row = 0 if row < 0 else max(0, min(count - 1, row + step))
        self.select_article(self.model.ids()[row])

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        article_id = self.model.article_id(current.row()) if current.isValid() else None
        if article_id is not None:
            self.articleSelected.emit(article_id)
