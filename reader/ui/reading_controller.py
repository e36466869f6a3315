"""The article on screen: opening it into the reading pane and the side panels, marking it
read, remembering how far the reader got, taking it off screen when it is deleted or
changed elsewhere, and greying out the actions that need an article. Also the article to
open next, once the library list shows it (the last one read, the first one imported, a
deleted one's neighbour)."""

from __future__ import annotations

from contextlib import suppress

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from reader.core.model import Article
from reader.services.annotations import AnnotationError, TextEditReport
from reader.services.library import Library
from reader.store.db import WriteError
from reader.ui.actions import Actions
from reader.ui.annotation_controller import AnnotationController
from reader.ui.article_view import ArticleView
from reader.ui.entity_controller import EntityController
from reader.ui.library_model import LibraryModel
from reader.ui.library_view import LibraryView


class ReadingController(QObject):
    opened = Signal(int)  # article id, once it is on screen
    missing = Signal()  # the article asked for is gone (deleted elsewhere): list again
    message = Signal(str, int)  # status-bar text, milliseconds

    def __init__(
        self,
        library: Library,
        view: ArticleView,
        entities: EntityController,
        annotations: AnnotationController,
        model: LibraryModel,
        library_view: LibraryView,
        act: Actions,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._library = library
        self._view = view
        self._entities = entities
        self._annotations = annotations
        self._model = model
        self._library_view = library_view
        self._act = act
        self._window = window
        self.current: Article | None = None
        self.pending: int | None = None  # open once the library list shows it
        view.readingPositionChanged.connect(self._save_position)
        act.open_source.triggered.connect(self.open_source)
        act.toggle_read.triggered.connect(self.toggle_read)
        act.copy.triggered.connect(view.copy_selection)
        act.select_all.triggered.connect(view.select_all)
        act.find_in_article.triggered.connect(view.show_find)
        act.focus_article.triggered.connect(view.focus_text)

    # --- showing -------------------------------------------------------------------------

    def open(self, article_id: int) -> None:
        if self.current is not None and self.current.id == article_id:
            return
        article = self._library.get(article_id)
        if article is None:
            self.missing.emit()
            return
        self._view.flush_reading_position()
        self.current = article
        spans = self._entities.show_article(article)
        marks = self._annotations.show_article(article)
        self._view.show_article(article, entities=spans, highlights=marks)
        if article.read_position:
            self._view.restore_scroll_position(article.read_position)
        if not article.is_read:
            self._set_read(article.id, True)
            self._model.invalidate([article.id])
        self._window.setWindowTitle(f"{article.title} — Reader")
        self.update_actions()
        self.opened.emit(article.id)

    def close(self) -> None:
        """Show no article (the open one was deleted)."""
        self._clear()

    def _clear(self) -> None:
        self.current = None
        self._view.show_article(None)
        self._entities.show_article(None)
        self._annotations.show_article(None)
        self._window.setWindowTitle("Reader")  # not the name of an article no longer shown
        self.update_actions()

    def open_later(self, article_id: int | None) -> None:
        self.pending = article_id

    def take_pending(self) -> int | None:
        pending, self.pending = self.pending, None
        return pending

    def reopen_later(self) -> None:
        """The open article's text was replaced (a newer version imported): show the new
        text once the library list has it."""
        if self.current is not None:
            self.open_later(self.current.id)
            self.current = None

    def reload(self) -> None:
        """The file changed elsewhere (reader-cli, another window, a restore): take the
        article off screen if it was deleted or its text changed (and open it again once
        listed, if it is still there), else show its annotations as they are now."""
        if self.current is None:
            return
        article = self._library.get(self.current.id)
        if article is None or article.text != self.current.text:
            self._view.flush_reading_position()
            self._clear()  # deleted, or new text: reopen (or show none)
            self.open_later(article.id if article else None)
        elif self._annotations.changed_elsewhere(article):
            self.current = article
            self._annotations.refresh(article.id, None)

    def text_edited(self, report: TextEditReport) -> None:
        """After Edit Text (or its undo): new text, new entities (analysed again first),
        highlights where they moved to."""
        self.message.emit(report.summary(), 8000)
        article_id = report.article_id
        self.current = None
        self.open(article_id)
        self._entities.queue.prioritize(article_id)
        self._model.invalidate([article_id])

    def update_actions(self) -> None:
        has_article = self.current is not None
        self._act.enable_for_article(
            has_article,
            bool(self.current and self.current.source_url),
            has_article or bool(self._library_view.selected_ids()),
        )

    # --- actions on it -------------------------------------------------------------------

    def open_source(self) -> None:
        if self.current and self.current.source_url:
            QDesktopServices.openUrl(QUrl(self.current.source_url))

    def toggle_read(self) -> None:
        if self.current is None:
            return
        article = self._library.get(self.current.id)
        if article is None:
            return
        self._set_read(article.id, not article.is_read)
        self._model.invalidate([article.id])
        self.message.emit("Marked as unread" if article.is_read else "Marked as read", 3000)

    def _set_read(self, article_id: int, is_read: bool) -> None:
        with suppress(AnnotationError, WriteError):
            self._annotations.service.set_read(article_id, is_read)

    def _save_position(self, position: int) -> None:
        if self.current is not None:
            with suppress(AnnotationError, WriteError):  # gone (reader-cli delete), read-only
                self._annotations.service.set_read_position(self.current.id, position)
