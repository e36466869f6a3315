"""Exporting from the GUI: File › Export Current Article / Export Selected Articles (the
dialog, then a background job with progress and Cancel in the status bar) and
Edit › Copy as Markdown.

The window hands in small functions for what it shows (the open article, the selected
articles, the selected text, the chosen highlight), so this never reaches into it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from reader.core.model import Highlight
from reader.services.export import ExportReport, ExportRequest, ExportService, export_job
from reader.services.jobs import JobContext, JobHandle, JobRunner
from reader.services.library import Library
from reader.settings import Settings
from reader.ui.export_dialog import ExportDialog
from reader.ui.status import StatusBar


class ExportController(QObject):
    finished = Signal(object, bool)  # ExportReport | None, cancelled

    def __init__(
        self,
        library: Library,
        jobs: JobRunner,
        status: StatusBar,
        settings: Settings,
        window: QWidget,
        *,
        current_article: Callable[[], int | None],
        selected_articles: Callable[[], list[int]],
        selection: Callable[[], tuple[int, int] | None],
        current_highlight: Callable[[], Highlight | None],
    ) -> None:
        super().__init__(window)
        self._library = library
        self._jobs = jobs
        self._status = status
        self._settings = settings
        self._window = window
        self._current_article = current_article
        self._selected_articles = selected_articles
        self._selection = selection
        self._current_highlight = current_highlight
        self.dialog: ExportDialog | None = None

    # --- export --------------------------------------------------------------------------

    def export_current(self) -> None:
        article_id = self._current_article()
        if article_id is None:
            self._say("Nothing to export", "Open an article first.")
            return
        self.open_dialog([article_id])

    def export_selected(self) -> None:
        ids = self._selected_articles()
        if not ids:
            current = self._current_article()
            ids = [current] if current is not None else []
        if not ids:
            self._say("Nothing to export", "Select articles in the list first.")
            return
        self.open_dialog(ids)

    def open_dialog(self, ids: list[int]) -> ExportDialog:
        """Show the dialog (window-modal); the export starts when it is accepted."""
        article = self._library.get(ids[0])
        title = article.title if article is not None else "article"
        dialog = ExportDialog(ids, title, self._settings, self._window)
        dialog.finished.connect(lambda result: self._dialog_done(dialog, result))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_done(self, dialog: ExportDialog, result: int) -> None:
        self.dialog = None
        dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted:
            return
        dialog.remember()
        request = dialog.request()
        if not request.destination.name:
            self._say("Export", "Choose where to save the export.")
            return
        target = request.destination
        if request.single_file and target.exists() and not target.is_dir():
            answer = QMessageBox.question(
                self._window,
                "Replace File?",
                f"{target.name} already exists in {target.parent}. Replace it?",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            request = dialog.request(overwrite=True)
        self.run(request)

    def run(self, request: ExportRequest) -> JobHandle:
        # The job waits until its signals are connected: a small export can end before
        # submit() returns, and a signal emitted before connect() reaches no one.
        connected = threading.Event()
        job = export_job(self._library.path, request)

        def work(context: JobContext) -> ExportReport:
            connected.wait(10)
            return job(context)

        handle = self._jobs.submit("export", work)
        count = len(request.article_ids)
        self._status.track(handle, f"Exporting {count:,} article(s)…")
        handle.succeeded.connect(lambda report: self._done(report, False))
        handle.cancelled.connect(lambda report: self._done(report, True))
        handle.failed.connect(
            lambda error: QMessageBox.warning(
                self._window, "Export failed", f"Nothing more was written: {error}"
            )
        )
        connected.set()
        return handle

    def _done(self, report: ExportReport | None, cancelled: bool) -> None:
        if report is None:
            self._status.showMessage("Export cancelled.", 8000)
        else:
            written = report.written
            where = f": {written[0]}" if len(written) == 1 else ""
            self._status.showMessage(report.summary().rstrip(".") + where, 10000)
            if report.skipped:
                lines = "\n".join(f"Article {i}: {why}" for i, why in report.skipped[:20])
                QMessageBox.information(self._window, "Some articles were not exported", lines)
        self.finished.emit(report, cancelled)

    # --- clipboard -----------------------------------------------------------------------

    def copy_markdown(self) -> str:
        """The selected text (highlights marked), or else the chosen highlight with its
        note, to the clipboard as Markdown. Returns what was copied ("" if nothing)."""
        from reader.exporters import markdown

        article_id = self._current_article()
        document = (
            ExportService(self._library).document(article_id) if article_id is not None else None
        )
        if document is None:
            return ""
        selection = self._selection()
        highlight = self._current_highlight()
        if selection is not None:
            text = markdown.excerpt(document, *selection)
        elif highlight is not None:
            chosen = next((h for h in document.highlights if h.id == highlight.id), highlight)
            text = markdown.highlight_markdown(document, chosen)
        else:
            self._status.showMessage("Select text or choose a highlight to copy.", 5000)
            return ""
        QGuiApplication.clipboard().setText(text)
        self._status.showMessage("Copied as Markdown.", 4000)
        return text

    def _say(self, title: str, text: str) -> None:
        QMessageBox.information(self._window, title, text)
