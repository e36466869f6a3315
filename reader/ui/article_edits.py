"""Edits to the open article from the Edit and Article menus: replacing its text, deleting
the chosen highlight, and going to the highlight's note, the article's note or its tags
in the Notes tab."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QTabWidget, QWidget

from reader.ui.actions import Actions
from reader.ui.annotation_commands import EditArticleTextCommand
from reader.ui.annotation_controller import AnnotationController, NotesTab
from reader.ui.reading_controller import ReadingController


class ArticleEdits(QObject):
    message = Signal(str, int)  # status-bar text, milliseconds

    def __init__(
        self,
        act: Actions,
        reading: ReadingController,
        annotations: AnnotationController,
        undo_stack: QUndoStack,
        side_tabs: QTabWidget,
        notes_tab: NotesTab,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._reading = reading
        self._annotations = annotations
        self._undo_stack = undo_stack
        self._side_tabs = side_tabs
        self._notes = notes_tab
        self._window = window
        act.edit_text.triggered.connect(self.edit_text)
        act.delete_highlight.triggered.connect(self.delete_highlight)
        act.edit_note.triggered.connect(self.edit_highlight_note)
        act.article_note.triggered.connect(self.edit_article_note)
        act.edit_tags.triggered.connect(self.edit_article_tags)
        annotations.highlightChosen.connect(self.show_notes)

    def edit_text(self) -> None:
        """Replace the article's text in a dialog: one undoable step that moves the
        highlights with the text (see EditArticleTextCommand)."""
        article = self._reading.current
        if article is None:
            return
        from reader.ui.edit_text_dialog import EditTextDialog  # only needed here

        self._annotations.flush()
        dialog = EditTextDialog(article.title, article.text, self._window)
        if dialog.exec() != EditTextDialog.DialogCode.Accepted:
            return
        new_text = dialog.text()
        if new_text == article.text:
            return
        if not new_text.strip():
            QMessageBox.warning(
                self._window, "Edit Text", "An article needs some text; nothing changed."
            )
            return
        self._undo_stack.push(
            EditArticleTextCommand(
                self._annotations.service,
                article.id,
                article.text,
                new_text,
                self._reading.text_edited,
            )
        )

    def delete_highlight(self) -> None:
        if not self._annotations.delete_current():
            self.message.emit("Click a highlight first to delete it", 3000)

    def edit_highlight_note(self) -> None:
        """N: the chosen highlight's note (highlighting the selection first if none is
        chosen)."""
        if self._annotations.current is None:
            self._annotations.highlight_selection()
        if self._annotations.current is not None:
            self.show_notes()
            self._notes.editor.focus_note()

    def edit_article_note(self) -> None:
        self.show_notes()
        self._notes.article_note.focus_editor()

    def edit_article_tags(self) -> None:
        self.show_notes()
        self._notes.article_tags.focus_field()

    def show_notes(self) -> None:
        self._side_tabs.setCurrentWidget(self._notes)
