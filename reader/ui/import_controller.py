"""Importing from the GUI: the file dialog, dropped files and the clipboard, run as
background jobs with progress and Cancel in the status bar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from reader.core.model import ArticleDraft, ImportOutcome
from reader.services.importing import import_drafts_job, import_files_job
from reader.services.jobs import JobHandle, JobRunner
from reader.settings import Settings
from reader.ui.import_report import show_failures, summarise
from reader.ui.status import StatusBar

FILE_FILTER = (
    "Articles (*.txt *.text *.md *.markdown *.html *.htm *.xhtml *.json *.jsonl *.ndjson);;"
    "All files (*)"
)


class ImportController(QObject):
    finished = Signal(object, bool)  # list[ImportOutcome], cancelled

    def __init__(
        self,
        library_path: Path,
        jobs: JobRunner,
        status: StatusBar,
        settings: Settings,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._path = library_path
        self._jobs = jobs
        self._status = status
        self._settings = settings
        self._window = window

    def choose_and_import(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self._window, "Import Articles", self._settings.last_import_dir, FILE_FILTER
        )
        if paths:
            self._settings.last_import_dir = str(Path(paths[0]).parent)
            self.import_paths([Path(p) for p in paths])

    def import_paths(self, paths: list[Path]) -> JobHandle:
        handle = self._jobs.submit("import", import_files_job(self._path, paths))
        self._status.track(handle, f"Importing {len(paths):,} file(s)…")
        self._follow(handle)
        return handle

    def import_clipboard(self) -> JobHandle | None:
        make = draft_maker(QGuiApplication.clipboard().mimeData())
        if make is None:
            QMessageBox.information(
                self._window,
                "Nothing to import",
                "The clipboard holds no text or web page to import.",
            )
            return None
        handle = self._jobs.submit("clipboard", import_drafts_job(self._path, make, "clipboard"))
        self._status.track(handle, "Importing from the clipboard…")
        self._follow(handle)
        return handle

    def _follow(self, handle: JobHandle) -> None:
        handle.succeeded.connect(lambda outcomes: self._done(outcomes, False))
        handle.cancelled.connect(lambda outcomes: self._done(outcomes or [], True))
        handle.failed.connect(
            lambda error: QMessageBox.warning(
                self._window, "Import failed", f"The import stopped: {error}"
            )
        )

    def _done(self, outcomes: list[ImportOutcome], cancelled: bool) -> None:
        self._status.showMessage(summarise(outcomes, cancelled), 8000)
        show_failures(self._window, outcomes)
        self.finished.emit(outcomes, cancelled)


def local_paths(mime: QMimeData | None) -> list[Path]:
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def draft_maker(mime: QMimeData | None) -> Callable[[], ArticleDraft] | None:
    """A function building the article from the clipboard's HTML or text, or None."""
    if mime is None:
        return None
    if mime.hasHtml() and mime.html().strip():
        html_text = mime.html()
        url = mime.urls()[0].toString() if mime.hasUrls() else ""

        def from_html() -> ArticleDraft:
            from reader.importers import from_html as parse_html

            return parse_html(html_text, url=url)

        return from_html
    if mime.hasText() and mime.text().strip():
        text = mime.text()

        def from_text() -> ArticleDraft:
            from reader.importers import from_text as parse_text

            return parse_text(text, source_name="clipboard")

        return from_text
    return None
