"""Keeping the window in step with the library when its content changes: an import,
deleting articles (after asking), renaming or deleting a tag, a restored backup or a
change made elsewhere (reader-cli, another window), and a write that could not be saved.

Each brings the library list, the tag counts and the open article up to date."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from reader.core.model import ImportOutcome, ImportStatus
from reader.services.library import Library
from reader.ui.library_model import LibraryModel
from reader.ui.library_view import LibraryView
from reader.ui.reading_controller import ReadingController
from reader.ui.side_panels import SidePanels


class LibraryChanges(QObject):
    imported = Signal(object)  # list[ImportOutcome], once the list is being refreshed
    message = Signal(str, int)  # status-bar text, milliseconds

    def __init__(
        self,
        library: Library,
        model: LibraryModel,
        library_view: LibraryView,
        reading: ReadingController,
        side: SidePanels,
        undo_stack: QUndoStack,
        refresh: Callable[[], None],
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._library = library
        self._model = model
        self._library_view = library_view
        self._reading = reading
        self._side = side
        self._undo_stack = undo_stack
        self._refresh = refresh
        self._window = window

    # --- deleting ------------------------------------------------------------------------

    def delete_selected(self) -> None:
        """Delete the articles selected in the list (else the open one), after asking."""
        current = self._reading.current
        ids = self._library_view.selected_ids() or ([current.id] if current else [])
        if not ids:
            return
        if len(ids) == 1:
            article = self._library.get(ids[0])
            title = article.title if article else "this article"
            question = f"Delete “{title}” with its highlights, notes and tags?"
        else:
            question = f"Delete {len(ids):,} articles with their highlights, notes and tags?"
        answer = QMessageBox.question(
            self._window,
            "Delete",
            question + "\n\nThis cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.delete(ids)

    def delete(self, ids: list[int]) -> None:
        """Delete these articles; if the open one goes, open its neighbour in the list."""
        row = self._model.row_of(ids[0])
        for article_id in ids:
            self._library.delete(article_id)
        current = self._reading.current
        if current is not None and current.id in ids:
            self._reading.close()
            remaining = [i for i in self._model.ids() if i not in set(ids)]
            if remaining:
                self._reading.open_later(remaining[min(max(row, 0), len(remaining) - 1)])
        self._reading.update_actions()
        self.message.emit(f"Deleted {len(ids):,} article(s)", 4000)
        self._refresh()

    # --- other changes -------------------------------------------------------------------

    def import_done(self, outcomes: list[ImportOutcome], _cancelled: bool) -> None:
        """Analyse what is new, open the first article imported, and show the new text of
        an open article that a newer version replaced."""
        if any(o.status is ImportStatus.IMPORTED for o in outcomes):
            self._side.analysis.scan()
        new_ids = [
            o.id for o in outcomes if o.id is not None and o.status is not ImportStatus.ERROR
        ]
        if new_ids:
            self._reading.open_later(new_ids[0])
        updated = {o.id for o in outcomes if o.updated}
        current = self._reading.current
        if current is not None and current.id in updated:
            self._reading.reopen_later()  # show the new text
        if new_ids:  # imported tags, and a restored backup's tags and highlights
            self._side.tags.refresh()
        self._refresh()
        self.imported.emit(outcomes)

    def reload(self, forget_undo: bool = False) -> None:
        """The file changed under us (reader-cli, another window, a restore): show what it
        holds now, keeping the selection, the scroll position and the open article."""
        self._side.annotations.flush()
        if forget_undo:  # the history refers to content that is gone
            self._undo_stack.clear()
        self._reading.reload()
        self._side.orphans.reload()  # corrections deleted or orphaned elsewhere
        self._model.invalidate()
        self._refresh()
        self._side.tags.refresh()
        if forget_undo:  # new content to analyse (not on every check: a new round)
            self._side.analysis.scan()

    def tags_edited(self) -> None:
        """A tag was renamed or deleted everywhere (or that was undone)."""
        self._model.invalidate()
        self._refresh_annotations()
        self._refresh()

    def write_failed(self, text: str) -> None:
        self.message.emit(text, 10000)
        box = QMessageBox(QMessageBox.Icon.Warning, "Not saved", text, parent=self._window)
        box.setObjectName("writeFailed")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # window-modal, not blocking: the edit that failed is already undone
        self._refresh_annotations()  # show what is saved

    def _refresh_annotations(self) -> None:
        current = self._reading.current
        if current is not None:
            self._side.annotations.refresh(current.id, None)
