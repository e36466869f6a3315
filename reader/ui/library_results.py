"""The library list's rows: its query runs on the query thread (QueryService), and each
result is shown keeping the open article selected, then the article waiting to be opened
is opened once the list holds it."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from reader.services.queries import QueryService
from reader.store.query import LibraryQuery
from reader.ui.article_view import ArticleView
from reader.ui.library_model import LibraryModel
from reader.ui.library_view import LibraryView
from reader.ui.reading_controller import ReadingController
from reader.ui.status import StatusBar

EMPTY_READING = "Nothing to read yet: import articles, and they appear here."


class LibraryResults(QObject):
    shown = Signal()  # a result is on screen
    message = Signal(str, int)  # status-bar text, milliseconds

    def __init__(
        self,
        queries: QueryService,
        library_view: LibraryView,
        model: LibraryModel,
        reading: ReadingController,
        view: ArticleView,
        status: StatusBar,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._queries = queries
        self._library_view = library_view
        self._model = model
        self._reading = reading
        self._view = view
        self._status = status
        self._opened_once = False
        queries.resultsReady.connect(self.show)
        queries.queryFailed.connect(
            lambda _gen, error: self.message.emit(f"Search failed: {error}", 8000)
        )
        library_view.queryChanged.connect(queries.request)

    def refresh(self) -> None:
        """Re-run the current query (after imports, deletes or changes elsewhere)."""
        self._queries.request(self._library_view.query())

    def show(self, _generation: int, ids: list[int], _query: LibraryQuery, total: int) -> None:
        """An answer of the query thread (or the window's first page, handed over once the
        panels are built): the list, the counts, and the article waiting to be opened."""
        current = self._reading.current
        keep = self._reading.pending or (current.id if current else None)
        self._library_view.show_results(ids, library_empty=total == 0, keep_id=keep)
        if total == 0 and current is None:
            self._view.show_article(None, EMPTY_READING)
        self._status.show_counts(len(ids), total)
        pending = self._reading.take_pending()
        if pending is not None:
            if self._model.row_of(pending) >= 0:
                self._reading.open(pending)
                self._library_view.select_article(pending, emit=False)
        elif self._reading.current is None and ids and not self._opened_once:
            self._library_view.select_article(ids[0])  # a first start shows something to read
        self._opened_once = True
        self.shown.emit()
