"""The library table: holds only article ids and fetches the rows it shows, a page at a time.

A 100,000-article library costs 100,000 ints here; titles and the rest are read from the
database when a row is first painted, in pages of :data:`PAGE` rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from reader.store.query import SortKey
from reader.ui.formatting import local_datetime, short_date

if TYPE_CHECKING:
    from reader.core.model import ArticleSummary

PAGE = 100
CACHE_LIMIT = 5000

SummaryFetcher = Callable[[Sequence[int]], "list[ArticleSummary]"]
AnyIndex = QModelIndex | QPersistentModelIndex

COLUMNS: list[tuple[str, SortKey]] = [
    ("Title", SortKey.TITLE),
    ("Source", SortKey.SOURCE),
    ("Published", SortKey.PUBLISHED),
    ("Imported", SortKey.IMPORTED),
    ("Tags", SortKey.TAGS),
    ("✎", SortKey.HIGHLIGHTS),
]
COLUMN_TOOLTIPS = {5: "Highlights"}
TITLE, SOURCE, PUBLISHED, IMPORTED, TAGS, HIGHLIGHTS = range(len(COLUMNS))
ArticleIdRole = Qt.ItemDataRole.UserRole + 1


def column_for(key: SortKey) -> int:
    for index, (_, column_key) in enumerate(COLUMNS):
        if column_key is key:
            return index
    return -1


class LibraryModel(QAbstractTableModel):
    sortRequested = Signal(object, bool)  # SortKey, descending

    def __init__(self, fetch: SummaryFetcher, parent: Any = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._ids: list[int] = []
        self._row_of: dict[int, int] | None = None
        self._cache: dict[int, ArticleSummary] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    # --- content -------------------------------------------------------------------------

    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self._ids = ids
        self._row_of = None
        self._cache.clear()
        self.endResetModel()

    def ids(self) -> list[int]:
        return self._ids

    def article_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, article_id: int) -> int:
        if self._row_of is None:
            self._row_of = {value: row for row, value in enumerate(self._ids)}
        return self._row_of.get(article_id, -1)

    def invalidate(self, article_ids: Sequence[int] | None = None) -> None:
        """Re-read rows whose data changed (tags, highlights) without a reset."""
        if article_ids is None:
            self._cache.clear()
            if self._ids:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1)
                )
            return
        for article_id in article_ids:
            self._cache.pop(article_id, None)
            row = self.row_of(article_id)
            if row >= 0:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def summary(self, row: int) -> ArticleSummary | None:
        article_id = self.article_id(row)
        if article_id is None:
            return None
        cached = self._cache.get(article_id)
        if cached is None:
            self._load_page(row)
            cached = self._cache.get(article_id)
        return cached

    def _load_page(self, row: int) -> None:
        if len(self._cache) > CACHE_LIMIT:
            self._cache.clear()
        first = row - row % PAGE
        ids = self._ids[first : first + PAGE]
        for summary in self._fetch(ids):
            self._cache[summary.id] = summary

    # --- Qt model API --------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMN_TOOLTIPS.get(section, COLUMNS[section][0])
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        if role == ArticleIdRole:
            return self._ids[index.row()]
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.FontRole,
            Qt.ItemDataRole.TextAlignmentRole,
        ):
            return None
        summary = self.summary(index.row())
        if summary is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.FontRole:
            return None if summary.is_read or column != TITLE else self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == HIGHLIGHTS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == TITLE:
                return summary.title
            if column == SOURCE:
                return summary.source_url or summary.source
            if column == TAGS:
                return ", ".join(summary.tags)
            return None
        return self._display(summary, column)

    @staticmethod
    def _display(summary: ArticleSummary, column: int) -> str:
        if column == TITLE:
            return summary.title
        if column == SOURCE:
            return summary.source
        if column == PUBLISHED:
            return short_date(summary.published)
        if column == IMPORTED:
            return local_datetime(summary.imported_at)
        if column == TAGS:
            return ", ".join(summary.tags)
        if column == HIGHLIGHTS:
            return str(summary.highlight_count) if summary.highlight_count else ""
        return ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is done by the database; the model only passes the request on."""
        if 0 <= column < len(COLUMNS):
            self.sortRequested.emit(COLUMNS[column][1], order == Qt.SortOrder.DescendingOrder)
