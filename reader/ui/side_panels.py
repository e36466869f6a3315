"""The panels around the article, built after the first paint: the Entities tab with the
entity queue that fills it, the Notes tab, and the tag list under the library, with the
controllers behind them and the highlight and entity actions wired to those."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QWidget

from reader.services.analysis import AnalysisQueue
from reader.services.annotations import AnnotationService
from reader.services.entities import EntityService
from reader.services.library import Library
from reader.settings import Settings
from reader.ui.actions import Actions
from reader.ui.annotation_controller import AnnotationController, NotesTab
from reader.ui.article_view import ArticleView
from reader.ui.entity_controller import EntityController
from reader.ui.entity_panel import EntityPanel
from reader.ui.library_view import LibraryView
from reader.ui.orphan_controller import OrphanController
from reader.ui.tag_controller import TagController
from reader.ui.tag_list import TagList


class SidePanels(QObject):
    def __init__(
        self,
        library: Library,
        settings: Settings,
        act: Actions,
        view: ArticleView,
        undo_stack: QUndoStack,
        tabs: QTabWidget,
        library_splitter: QSplitter,
        library_view: LibraryView,
        progress: QLabel,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.entity_panel = EntityPanel()
        self.notes_tab = NotesTab()
        tabs.addTab(self.entity_panel, "Entities")
        tabs.addTab(self.notes_tab, "Notes")
        self.tag_list = TagList()
        self.tag_list.setObjectName("tagList")
        library_splitter.addWidget(self.tag_list)
        library_splitter.setStretchFactor(0, 4)
        library_splitter.setStretchFactor(1, 1)
        if settings.library_splitter_state is not None:
            library_splitter.restoreState(settings.library_splitter_state)
        else:
            library_splitter.setSizes([600, 160])
        self.analysis = AnalysisQueue(library.path, window)
        self.entities = EntityController(
            EntityService(library), self.analysis, view, self.entity_panel, undo_stack,
            settings, window,
        )  # fmt: skip
        self.annotations = AnnotationController(
            AnnotationService(library), view, self.notes_tab, undo_stack, window
        )
        self.annotations.default_colour = settings.default_highlight_colour
        self.tags = TagController(
            self.annotations.service, self.tag_list, library_view, undo_stack, window
        )
        self.orphans = OrphanController(
            self.entities, self.entity_panel.orphans, act, undo_stack,
            lambda: tabs.setCurrentWidget(self.entity_panel), window,
        )  # fmt: skip
        self._progress = progress
        self._window = window
        self._connect(act, library_view)

    def _connect(self, a: Actions, library_view: LibraryView) -> None:
        a.show_entities.toggled.connect(self.entities.set_marks_visible)
        a.next_mention.triggered.connect(lambda: self.entities.navigate(1))
        a.previous_mention.triggered.connect(lambda: self.entities.navigate(-1))
        a.entity_filter.triggered.connect(self.entities.filter_by_chosen)
        a.entity_rules.triggered.connect(lambda: self.entities.show_rules(self._window))
        a.reanalyse.triggered.connect(self.entities.reanalyse)
        a.pause_analysis.toggled.connect(self.entities.set_paused)
        a.highlight.triggered.connect(lambda: self.annotations.highlight_selection())
        for action in a.highlight_colours:
            colour = str(action.data())
            action.triggered.connect(
                lambda _checked=False, c=colour: self.annotations.highlight_selection(c)
            )
        a.undo.triggered.connect(self.annotations.flush)
        self.annotations.tagsChanged.connect(self.tags.refresh)
        self.entities.filterRequested.connect(library_view.set_entity_filter)
        self.analysis.progressed.connect(self._show_progress)
        self.analysis.idle.connect(lambda: self._progress.setText(""))
        self.analysis.unavailable.connect(
            lambda reason: self._progress.setText("Entities unavailable")
        )

    def _show_progress(self, done: int, total: int) -> None:
        self._progress.setText(f"Finding entities: {done:,} / {total:,}" if total else "")
