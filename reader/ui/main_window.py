"""The main window: layout and wiring only. Work happens in services and views."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QSplitter, QTabWidget, QWidget

from reader.services.jobs import JobHandle, JobRunner
from reader.services.library import Library
from reader.services.queries import QueryService
from reader.settings import Settings
from reader.store.db import READ_ONLY_MESSAGE
from reader.store.query import SortKey
from reader.ui.actions import Actions
from reader.ui.library_model import LibraryModel
from reader.ui.library_view import LibraryView
from reader.ui.menus import build_menu_bar, build_toolbar, library_menu
from reader.ui.reading_pane import ReadingPane
from reader.ui.saving_undo_stack import SavingUndoStack
from reader.ui.status import StatusBar
from reader.ui.theme import ThemeManager

if TYPE_CHECKING:
    from reader.core.model import Article
    from reader.services.analysis import AnalysisQueue
    from reader.store.query import LibraryQuery
    from reader.ui.annotation_controller import AnnotationController, NotesTab
    from reader.ui.article_edits import ArticleEdits
    from reader.ui.article_menu import ArticleMenu
    from reader.ui.article_view import ArticleView
    from reader.ui.backup_controller import BackupController
    from reader.ui.change_watcher import ChangeWatcher
    from reader.ui.desktop_menu import DesktopMenu
    from reader.ui.entity_controller import EntityController
    from reader.ui.entity_panel import EntityPanel
    from reader.ui.export_controller import ExportController
    from reader.ui.import_controller import ImportController
    from reader.ui.library_changes import LibraryChanges
    from reader.ui.library_location import LibraryMover
    from reader.ui.library_results import LibraryResults
    from reader.ui.reading_controller import ReadingController
    from reader.ui.shortcut_keys import ShortcutKeys
    from reader.ui.tag_controller import TagController
    from reader.ui.tag_list import TagList
    from reader.ui.view_controller import ViewController

ANALYSIS_START_DELAY_MS = 1500
FIRST_PAINT_FALLBACK_MS = 500


class MainWindow(QMainWindow):
    articleOpened = Signal(int)
    importFinished = Signal(object)  # list[ImportOutcome]
    resultsShown = Signal()
    firstShown = Signal()  # the window has been painted once and its panels are built

    # Built just after the first paint (see _ensure_panels): the reading pane, the side
    # panels, their controllers and the entity queue are most of the window's code, and
    # the window should be on screen before any of it is imported. The first frame has
    # nothing to read yet anyway: the library's rows and the last article arrive after it.
    article_view: ArticleView
    view_control: ViewController
    importer: ImportController
    backups: BackupController
    mover: LibraryMover
    desktop_menu: DesktopMenu
    watcher: ChangeWatcher
    analysis: AnalysisQueue
    entities: EntityController
    annotations: AnnotationController
    entity_panel: EntityPanel
    notes_tab: NotesTab
    tag_list: TagList
    tags: TagController
    reading: ReadingController
    article_menu: ArticleMenu
    edits: ArticleEdits
    changes: LibraryChanges
    results: LibraryResults

    def __init__(self, library: Library, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.settings = settings
        self.setWindowTitle("Reader")
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.resize(1280, 820)
        self._panels_built = False

        self.jobs = JobRunner(parent=self)
        self.queries = QueryService(library.path, parent=self)  # results: LibraryResults

        self.undo_stack = SavingUndoStack(self)
        self.model = LibraryModel(lambda ids: self.library.articles.summaries(ids), self)
        self.library_view = LibraryView(self.model)
        self.reading_pane = ReadingPane()  # the article view moves in after the first paint
        self.side_tabs = QTabWidget()  # Entities and Notes arrive with the panels
        self.side_tabs.setObjectName("sideTabs")
        self.left = QSplitter(Qt.Orientation.Vertical)  # the tag list arrives with them too
        self.left.setObjectName("librarySplitter")
        self.left.addWidget(self.library_view)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.reading_pane)
        self.splitter.addWidget(self.side_tabs)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setStretchFactor(2, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.status = StatusBar(self)
        self.setStatusBar(self.status)
        self.analysis_label = QLabel()
        self.analysis_label.setObjectName("analysisProgress")
        self.status.insertPermanentWidget(0, self.analysis_label)
        self._exporter: ExportController | None = None
        self.act = Actions(self, self.undo_stack)
        # Plain-key shortcuts act where they make sense: Del on articles in the library
        # list here; the reading pane's own once it is built.
        self.act.scope(self.act.delete_article, [self.library_view])
        self._help_menu = build_menu_bar(self.menuBar(), self.act)
        self._shortcut_keys: ShortcutKeys | None = None
        if settings.shortcut_overrides():  # the user's own keys, before any key is pressed
            self._shortcut_keys = self._make_shortcut_keys()
        self.toolbar = build_toolbar(self, self.act)
        self._connect()
        self.after_close: list[Callable[[], None]] = []  # app.run calls these after exit
        self.theme = ThemeManager(settings.theme, self)
        self.theme.changed.connect(lambda _dark: self.act.set_icon_palette(QApplication.palette()))

        self._restore_state()
        # The panels, the library query and the tag counts come once the window is on
        # screen (see showEvent): the query thread's Python work would otherwise compete
        # with building it.
        self._first_paint_done = False
        self._closed = False  # timers armed at start-up must not build or start anything after
        # Entity analysis waits until the window is up and settled: starting the model's
        # process is the heaviest work the app does.
        QTimer.singleShot(ANALYSIS_START_DELAY_MS, self, self._start_analysis)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        handle = self.windowHandle()
        if not self._first_paint_done and handle is not None:
            # Expose is when the window is painted; zero timers armed now could run
            # before it, so the rest waits for that event.
            handle.installEventFilter(self)
        # In case no expose ever comes (a platform that does not send one).
        QTimer.singleShot(FIRST_PAINT_FALLBACK_MS, self, self._after_first_paint)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Expose and watched is self.windowHandle():
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._after_first_paint)  # once this expose is painted
        return super().eventFilter(watched, event)

    def _after_first_paint(self) -> None:
        """The list's first page next: its query runs on the query thread while this one
        waits, and the rows are on screen before the panels are built (some 60 ms here);
        the panels then open the last article."""
        if self._first_paint_done or self._closed:
            return
        self._first_paint_done = True
        self.queries.resultsReady.connect(self._show_first_page)
        self.queries.queryFailed.connect(self._show_first_page_failed)
        self.queries.request(self.library_view.query())

    def _show_first_page(
        self, generation: int, ids: list[int], query: LibraryQuery, total: int
    ) -> None:
        self._first_page_answered()
        if self._closed:
            return
        keep = self.settings.last_article_id or None
        self.library_view.show_results(ids, library_empty=total == 0, keep_id=keep)
        self.status.show_counts(len(ids), total)
        self.resultsShown.emit()
        # On screen now: building the panels keeps this thread busy for a while.
        self.library_view.repaint()
        self.status.repaint()
        self._finish_start((generation, ids, query, total))

    def _show_first_page_failed(self, _generation: int, _error: str) -> None:
        self._first_page_answered()
        self._finish_start(None)  # LibraryResults' query reports the failure

    def _first_page_answered(self) -> None:
        self.queries.resultsReady.disconnect(self._show_first_page)
        self.queries.queryFailed.disconnect(self._show_first_page_failed)

    def _finish_start(self, first_page: tuple[int, list[int], LibraryQuery, int] | None) -> None:
        """The panels, then the first page handed to them (the last article opens)."""
        if self._closed:
            return
        self._ensure_panels()
        if first_page is None:
            self.refresh()
        else:
            self.results.show(*first_page)
        self.tags.refresh()
        self.firstShown.emit()

    def _start_analysis(self) -> None:
        if self._closed:
            return
        self._ensure_panels()
        self.analysis.start()

    @property
    def panels_ready(self) -> bool:
        return self._panels_built

    @property
    def current(self) -> Article | None:
        """The article on screen (none before the panels are built)."""
        return self.reading.current if self._panels_built else None

    def _ensure_panels(self) -> None:
        """Build the reading pane, the side panels, their controllers and the entity queue
        (once)."""
        if self._panels_built:
            return
        self._panels_built = True
        from reader.ui.article_edits import ArticleEdits
        from reader.ui.article_menu import ArticleMenu
        from reader.ui.library_changes import LibraryChanges
        from reader.ui.library_results import LibraryResults
        from reader.ui.reading_controller import ReadingController
        from reader.ui.side_panels import SidePanels

        self._build_reading_pane()
        self._build_controllers()
        side = SidePanels(
            self.library, self.settings, self.act, self.article_view, self.undo_stack,
            self.side_tabs, self.left, self.library_view, self.analysis_label, self,
        )  # fmt: skip
        self.entity_panel, self.notes_tab, self.tag_list = (
            side.entity_panel, side.notes_tab, side.tag_list
        )  # fmt: skip
        self.analysis, self.entities, self.annotations, self.tags = (
            side.analysis, side.entities, side.annotations, side.tags
        )  # fmt: skip
        self.reading = ReadingController(
            self.library, self.article_view, self.entities, self.annotations, self.model,
            self.library_view, self.act, self,
        )  # fmt: skip
        self.reading.open_later(self.settings.last_article_id or None)
        self.results = LibraryResults(
            self.queries, self.library_view, self.model, self.reading, self.article_view,
            self.status, self,
        )  # fmt: skip
        self.article_menu = ArticleMenu(
            self.act, self.article_view, self.annotations, self.entities, self
        )
        self.edits = ArticleEdits(
            self.act, self.reading, self.annotations, self.undo_stack, self.side_tabs,
            self.notes_tab, self,
        )  # fmt: skip
        self.changes = LibraryChanges(
            self.library, self.model, self.library_view, self.reading, side, self.undo_stack,
            self.results.refresh, self,
        )  # fmt: skip
        self._scope_panel_shortcuts()
        self._connect_panels()

    def _build_reading_pane(self) -> None:
        from reader.ui.article_view import ArticleView
        from reader.ui.view_controller import ViewController

        self.article_view = ArticleView()
        self.article_view.setObjectName("articleView")
        self.reading_pane.set_view(self.article_view)
        chrome = [self.left, self.side_tabs, self.toolbar, self.status, self.menuBar()]
        self.view_control = ViewController(
            self, self.article_view, self.settings, self.act.reading_mode, chrome
        )

    def _build_controllers(self) -> None:
        """Import, backups, moving the library, the menu entry and noticing changes made
        elsewhere: none is needed to show the window."""
        from reader.ui.backup_controller import BackupController
        from reader.ui.change_watcher import ChangeWatcher
        from reader.ui.desktop_menu import DesktopMenu
        from reader.ui.import_controller import ImportController
        from reader.ui.library_location import LibraryMover

        path, settings, a = self.library.path, self.settings, self.act
        self.importer = ImportController(path, self.jobs, self.status, settings, self)
        self.backups = BackupController(
            path, self.jobs, settings, lambda: self.jobs.pool.activeThreadCount() > 0, self
        )
        self.mover = LibraryMover(path, settings, self, self.after_close)
        self.desktop_menu = DesktopMenu(a.install_desktop, a.uninstall_desktop, self.jobs, self)
        self._help_menu.aboutToShow.connect(self.desktop_menu.refresh)
        self.watcher = ChangeWatcher(self.library.data_version, self)  # before the first query
        self.watcher.changed.connect(self.reload_library)

    # --- wiring --------------------------------------------------------------------------

    def _scope_panel_shortcuts(self) -> None:
        """H, 1-5 and N in the reading pane; Del on a highlight there and in the notes list."""
        a = self.act
        for action in (a.highlight, a.edit_note, *a.highlight_colours):
            a.scope(action, [self.article_view])
        a.scope(a.delete_highlight, [self.article_view, self.notes_tab.panel])
        a.scope(a.delete_orphan, [self.entity_panel.orphans.list])  # Del on a correction

    def _connect(self) -> None:
        a = self.act
        a.quit.triggered.connect(self.close)
        a.export_article.triggered.connect(lambda: self.exporter.export_current())
        a.export_selected.triggered.connect(lambda: self.exporter.export_selected())
        a.copy_markdown.triggered.connect(lambda: self.exporter.copy_markdown())
        a.search_library.triggered.connect(self.library_view.focus_search)
        a.next_article.triggered.connect(lambda: self.library_view.move_current(1))
        a.previous_article.triggered.connect(lambda: self.library_view.move_current(-1))
        a.zoom_in.triggered.connect(lambda: self.zoom(1))
        a.zoom_out.triggered.connect(lambda: self.zoom(-1))
        a.zoom_reset.triggered.connect(lambda: self.zoom(0))
        a.focus_library.triggered.connect(self.library_view.table.setFocus)
        a.about.triggered.connect(self.show_about)
        a.preferences.triggered.connect(self.show_preferences)
        a.shortcuts.triggered.connect(self.show_shortcuts)
        self.library_view.articleSelected.connect(self.open_article)
        self.library_view.contextMenuRequested.connect(self._library_menu)
        self.library_view.importRequested.connect(
            lambda kind: (a.import_clipboard if kind == "clipboard" else a.import_files).trigger()
        )
        if self.library.readonly:
            self.status.show_read_only(READ_ONLY_MESSAGE)
        self.act.enable_for_article(False, False, False)  # nothing open or selected yet

    def _connect_panels(self) -> None:
        a = self.act
        self.reading.opened.connect(self.articleOpened)
        self.reading.missing.connect(self.results.refresh)
        self.results.shown.connect(self.resultsShown)
        self.undo_stack.indexChanged.connect(lambda _i: self.reading.update_actions())
        a.import_files.triggered.connect(self.importer.choose_and_import)
        a.import_clipboard.triggered.connect(self.importer.import_clipboard)
        a.delete_article.triggered.connect(self.changes.delete_selected)
        self.undo_stack.writeFailed.connect(self.changes.write_failed)
        self.tags.edited.connect(self.changes.tags_edited)
        self.importer.finished.connect(self.changes.import_done)
        self.changes.imported.connect(self.importFinished)
        a.restore_backup.triggered.connect(self.backups.choose_and_restore)
        self.backups.aboutToRestore.connect(self.annotations.flush)
        self.backups.restored.connect(lambda _info: self.reload_library(forget_undo=True))
        self.annotations.articleChanged.connect(lambda i: self.model.invalidate([i]))
        for message in (
            self.reading.message, self.edits.message, self.changes.message,
            self.results.message, self.backups.message, self.annotations.message,
            self.entities.message,
        ):  # fmt: skip
            message.connect(self.statusBar().showMessage)

    # --- window state --------------------------------------------------------------------

    def _restore_state(self) -> None:
        s = self.settings
        if s.window_geometry is not None:
            self.restoreGeometry(s.window_geometry)
        if s.window_state is not None:
            self.restoreState(s.window_state)
        if s.splitter_state is not None:
            self.splitter.restoreState(s.splitter_state)
        else:
            self.splitter.setSizes([520, 540, 220])
        if s.library_header_state is not None:
            self.library_view.table.horizontalHeader().restoreState(s.library_header_state)
        try:
            key = SortKey(s.sort_key)
        except ValueError:
            key = SortKey.IMPORTED
        self.library_view.set_sort(key, s.sort_descending)
        self.act.show_entities.setChecked(s.entities_visible)
        self.act.pause_analysis.setChecked(s.analysis_paused)

    def _save_state(self) -> None:
        s = self.settings
        s.window_geometry = self.saveGeometry()
        s.window_state = self.saveState()
        s.splitter_state = self.splitter.saveState()
        if self._panels_built:  # else the tag list was never there to be sized
            s.library_splitter_state = self.left.saveState()
        s.library_header_state = self.library_view.table.horizontalHeader().saveState()
        key, descending = self.library_view.sort_state()
        s.sort_key = str(key)
        s.sort_descending = descending
        s.last_article_id = self.current.id if self.current else 0
        s.sync()

    # --- entry points: each builds the panels first if they are not built yet ------------

    def refresh(self) -> None:
        """Re-run the current query (after imports, deletes or changes elsewhere)."""
        self._ensure_panels()
        self.results.refresh()

    def reload_library(self, forget_undo: bool = False) -> None:
        """The file changed under us: show what it holds now (see LibraryChanges)."""
        self._ensure_panels()
        self.changes.reload(forget_undo)

    def open_article(self, article_id: int) -> None:
        self._ensure_panels()
        self.reading.open(article_id)

    def delete_articles(self, ids: list[int]) -> None:
        self._ensure_panels()
        self.changes.delete(ids)

    def import_paths(self, paths: list[Path]) -> JobHandle:
        self._ensure_panels()
        return self.importer.import_paths(paths)

    def zoom(self, step: int) -> None:
        self._ensure_panels()
        self.view_control.zoom(step)

    @property
    def exporter(self) -> ExportController:
        """Made on first use: the exporters are not needed to show the window."""
        if self._exporter is None:
            from reader.ui.export_controller import ExportController

            self._ensure_panels()
            self._exporter = ExportController(
                self.library, self.jobs, self.status, self.settings, self,
                current_article=lambda: self.current.id if self.current else None,
                selected_articles=self.library_view.selected_ids,
                selection=self.article_view.selected_range,
                current_highlight=lambda: self.annotations.current,
            )  # fmt: skip
        return self._exporter

    def show_about(self) -> None:
        from reader.ui.about_dialog import show_about

        show_about(self.library.path, self)

    @property
    def shortcut_keys(self) -> ShortcutKeys:
        """Made at start when the user changed keys, else when the dialog first needs it
        (it takes the actions' keys then as their defaults: none has been changed)."""
        if self._shortcut_keys is None:
            self._shortcut_keys = self._make_shortcut_keys()
        return self._shortcut_keys

    def _make_shortcut_keys(self) -> ShortcutKeys:
        from reader.ui.shortcut_keys import ShortcutKeys

        return ShortcutKeys(self.act.all, self.settings, self)

    def show_shortcuts(self) -> None:
        from reader.ui.shortcuts_dialog import ShortcutsDialog

        self._ensure_panels()  # the reading pane's own keys are scoped to it there
        ShortcutsDialog(self.act.all, self.menuBar(), self, self.shortcut_keys).open()

    def show_preferences(self) -> None:
        from reader.ui.preferences import PreferencesDialog, PreferenceTargets

        self._ensure_panels()
        targets = PreferenceTargets(
            self.settings, self.view_control, self.theme, self.entities, self.annotations,
            self.act, self.mover,
        )  # fmt: skip
        PreferencesDialog(targets, self).open()

    # --- events --------------------------------------------------------------------------

    def _library_menu(self, global_pos: object) -> None:
        library_menu(self, self.act).popup(global_pos)  # type: ignore[arg-type]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        from reader.ui.import_controller import local_paths

        if local_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        from reader.ui.import_controller import local_paths

        paths = local_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._panels_built:
            self.annotations.flush()
            self.article_view.flush_reading_position()
        self._save_state()
        self.jobs.shutdown()
        self.queries.shutdown()
        if self._panels_built:
            self.watcher.stop()
            self.analysis.stop()
        self._closed = True
        super().closeEvent(event)
