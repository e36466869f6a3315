"""Wires highlights, notes and tags between the reading pane, the notes tab, the undo
stack and AnnotationService."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from reader.core.model import Article, Highlight
from reader.services.annotations import AnnotationService
from reader.store.tags import tag_key
from reader.ui.annotation_commands import (
    AddHighlightCommand,
    DeleteHighlightCommand,
    edit_article_note,
    edit_highlight_note,
    recolour_highlight,
    set_article_tags,
    set_highlight_tags,
)
from reader.ui.article_note import ArticleNoteEditor
from reader.ui.article_view import ArticleView
from reader.ui.highlight_colours import (
    DEFAULT_HIGHLIGHT_COLOUR,
    HIGHLIGHT_COLOUR_NAMES,
    highlight_colour,
    is_dark_palette,
)
from reader.ui.highlight_editor import HighlightEditor
from reader.ui.notes_panel import NotesPanel
from reader.ui.tag_editor import TagEditor


class NotesTab(QWidget):
    """The right pane's Notes tab: the article's note and tags, the chosen highlight, and
    every highlight of the article with its note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notesTab")
        self.article_note = ArticleNoteEditor()
        self.article_tags = TagEditor()
        self.article_tags.setObjectName("articleTags")
        self.editor = HighlightEditor()
        self.editor.setObjectName("highlightEditor")
        self.panel = NotesPanel()
        self.panel.setObjectName("notesPanel")
        tags_label = QLabel("Article tags")
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.article_note)
        top_layout.addWidget(tags_label)
        top_layout.addWidget(self.article_tags)
        # The list of highlights gets the room; the editors can be dragged taller.
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("notesSplitter")
        self.splitter.setChildrenCollapsible(False)
        for widget in (top, self.panel, self.editor):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([150, 400, 260])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 6, 0)
        layout.addWidget(self.splitter)


class AnnotationController(QObject):
    articleChanged = Signal(int)  # tags, note or highlight count of this article changed
    tagsChanged = Signal()  # the library's tag list may have changed
    highlightChosen = Signal()  # a highlight was chosen: show the Notes tab
    message = Signal(str, int)

    def __init__(
        self,
        service: AnnotationService,
        view: ArticleView,
        tab: NotesTab,
        undo_stack: QUndoStack,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.view = view
        self.tab = tab
        self.undo_stack = undo_stack
        self.article: Article | None = None
        self.highlights: list[Highlight] = []
        self.current: Highlight | None = None
        self.default_colour = DEFAULT_HIGHLIGHT_COLOUR

        view.clicked.connect(self._on_clicked)
        tab.panel.highlightActivated.connect(self.go_to)
        tab.editor.colourChosen.connect(self._on_colour)
        tab.editor.noteChanged.connect(self._on_note)
        tab.editor.tagsChanged.connect(self._on_tags)
        tab.editor.deleteRequested.connect(self.delete_current)
        tab.article_note.noteChanged.connect(self._on_article_note)
        tab.article_tags.tagsChanged.connect(self._on_article_tags)
        view.themeChanged.connect(self._apply_theme)

    @property
    def dark(self) -> bool:
        return is_dark_palette(self.view.palette())

    def _apply_theme(self, dark: bool) -> None:
        """Highlights in their light- or dark-theme colours."""
        self.view.set_highlights(self._marks())
        self.tab.panel.set_dark(dark)

    # --- showing -------------------------------------------------------------------------

    def flush(self) -> None:
        """Send note edits still in progress (before switching article, undo, closing)."""
        self.tab.editor.flush()
        self.tab.article_note.flush()

    def show_article(self, article: Article | None) -> list[tuple[int, int, str]]:
        """Marks to show with the article (highlight backgrounds)."""
        self.flush()
        self.article = article
        self.current = None
        completions = self.service.tag_names()
        self.tab.editor.show_highlight(None, completions)
        if article is None:
            self.highlights = []
            self.tab.panel.set_highlights([], self.dark)
            self.tab.article_note.set_note("")
            self.tab.article_tags.set_tags([])
            self.tab.setEnabled(False)
            return []
        self.tab.setEnabled(True)
        self.highlights = self.service.highlights(article.id)
        self.tab.panel.set_highlights(self.highlights, self.dark)
        self.tab.article_note.set_note(article.note)
        self.tab.article_tags.set_completions(completions)
        self.tab.article_tags.set_tags(list(article.tags))
        return self._marks()

    def _marks(self) -> list[tuple[int, int, str]]:
        dark = self.dark
        return [
            (h.start, h.end, highlight_colour(h.color, dark).name())
            for h in self.highlights
            if not h.orphaned
        ]

    def refresh(self, article_id: int, focus_id: str | None) -> None:
        """After a command: re-read this article's highlights and show `focus_id` (or keep
        the current highlight while it exists)."""
        self.articleChanged.emit(article_id)
        if self.article is None or self.article.id != article_id:
            self.tagsChanged.emit()  # another article: its tags may have changed
            return
        uses_before = self._tag_uses()
        self.highlights = self.service.highlights(article_id)
        self.view.set_highlights(self._marks())
        self.tab.panel.set_highlights(self.highlights, self.dark)
        wanted = focus_id or (self.current.id if self.current else None)
        self.current = next((h for h in self.highlights if h.id == wanted), None)
        self.tab.editor.show_highlight(self.current, self.service.tag_names())
        self.tab.panel.select_highlight(self.current.id if self.current else None)
        article = self.service.library.get(article_id)
        if article is not None:
            self.article = article
            self.tab.article_note.set_note(article.note)
            self.tab.article_tags.set_tags(list(article.tags))
        if self._tag_uses() != uses_before:  # recounting tags is a query over the library
            self.tagsChanged.emit()

    def changed_elsewhere(self, article: Article) -> bool:
        """Did someone else change this open article's note, tags or highlights?"""
        if self.article is None or self.article.id != article.id:
            return False
        return (
            article.note != self.article.note
            or article.tags != self.article.tags
            or self.service.highlights(article.id) != self.highlights
        )

    def _tag_uses(self) -> list[str]:
        """Every use of a tag in the open article (article and highlights), sorted."""
        tags = list(self.article.tags) if self.article else []
        for highlight in self.highlights:
            tags.extend(highlight.tags)
        return sorted(tag_key(tag) for tag in tags)

    def highlight_at(self, offset: int) -> Highlight | None:
        """The innermost (then newest) highlight covering `offset`."""
        found = [h for h in self.highlights if not h.orphaned and h.start <= offset < h.end]
        return min(found, key=lambda h: (h.end - h.start, h.created), default=None)

    def _on_clicked(self, offset: int) -> None:
        highlight = self.highlight_at(offset)
        if highlight is not None:
            self.choose(highlight)

    def choose(self, highlight: Highlight | None) -> None:
        self.tab.editor.flush()
        self.current = highlight
        self.tab.editor.show_highlight(highlight, self.service.tag_names())
        self.tab.panel.select_highlight(highlight.id if highlight else None)
        if highlight is not None:
            self.highlightChosen.emit()

    def go_to(self, highlight_id: str) -> None:
        """From the notes list: scroll to the highlight and select its text."""
        highlight = next((h for h in self.highlights if h.id == highlight_id), None)
        if highlight is None:
            return
        self.choose(highlight)
        if not highlight.orphaned:
            self.view.select_range(highlight.start, highlight.end)

    # --- editing -------------------------------------------------------------------------

    def _push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)

    def highlight_selection(self, colour: str | None = None) -> Highlight | None:
        """H or 1-5 with text selected: a new highlight, undoable."""
        if self.article is None:
            return None
        selection = self.view.selected_range()
        if selection is None or not self.article.text[selection[0] : selection[1]].strip():
            self.message.emit("Select some text to highlight first", 3000)
            return None
        colour = colour if colour in HIGHLIGHT_COLOUR_NAMES else self.default_colour
        command = AddHighlightCommand(
            self.service, self.article.id, selection[0], selection[1], colour, self.refresh
        )
        self._push(command)
        return command.highlight

    def delete_current(self) -> bool:
        if self.current is None:
            return False
        self._push(DeleteHighlightCommand(self.service, self.current, self.refresh))
        return True

    def recolour_current(self, colour: str) -> None:
        if self.current is not None and colour != self.current.color:
            self._push(recolour_highlight(self.service, self.current, colour, self.refresh))

    def _edited(self) -> Highlight | None:
        """The highlight the editor is showing (it may report edits of the previous one)."""
        wanted = self.tab.editor.highlight_id()
        return next((h for h in self.highlights if h.id == wanted), None)

    def _on_colour(self, colour: str) -> None:
        highlight = self._edited()
        if highlight is not None and colour != highlight.color:
            self._push(recolour_highlight(self.service, highlight, colour, self.refresh))

    def _on_note(self, note: str) -> None:
        highlight = self._edited()
        if highlight is not None and note != highlight.note:
            self._push(edit_highlight_note(self.service, highlight, note, self.refresh))

    def _on_tags(self, tags: Sequence[str]) -> None:
        highlight = self._edited()
        if highlight is not None and list(tags) != list(highlight.tags):
            self._push(set_highlight_tags(self.service, highlight, tags, self.refresh))

    def _on_article_note(self, note: str) -> None:
        if self.article is not None and note != self.article.note:
            self._push(
                edit_article_note(
                    self.service, self.article.id, self.article.note, note, self.refresh
                )
            )

    def _on_article_tags(self, tags: Sequence[str]) -> None:
        if self.article is not None and list(tags) != list(self.article.tags):
            self._push(
                set_article_tags(
                    self.service, self.article.id, self.article.tags, tags, self.refresh
                )
            )
