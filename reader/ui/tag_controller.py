"""The tag list beside the library: its counts, filtering the library by a tag, and
renaming or deleting a tag on every article and highlight as one undoable step."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from reader.services.annotations import AnnotationService
from reader.ui.annotation_commands import DeleteTagCommand, RenameTagCommand
from reader.ui.library_view import LibraryView
from reader.ui.tag_list import TagList


class TagController(QObject):
    # A rename or delete (or its undo) changed tags on articles: the library's rows and
    # the open article's tags need showing again.
    edited = Signal()

    def __init__(
        self,
        service: AnnotationService,
        tag_list: TagList,
        library_view: LibraryView,
        undo_stack: QUndoStack,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._list = tag_list
        self._undo_stack = undo_stack
        tag_list.tagSelected.connect(library_view.set_tag_filter)
        tag_list.renameRequested.connect(self.rename)
        tag_list.deleteRequested.connect(self.delete)
        library_view.tag_chip.removed.connect(lambda: tag_list.set_current(""))

    def refresh(self) -> None:
        """Show the tags in use and how many articles carry each."""
        tags = [(t.name, t.articles) for t in self._service.tag_counts()]
        if tags != self._list.tags() or not tags:  # unchanged: keep the list's scroll
            self._list.set_tags(tags)

    def rename(self, old: str, new: str) -> None:
        self._undo_stack.push(RenameTagCommand(self._service, old, new, self._edited))

    def delete(self, name: str) -> None:
        self._undo_stack.push(DeleteTagCommand(self._service, name, self._edited))

    def _edited(self) -> None:
        self.refresh()
        self.edited.emit()
