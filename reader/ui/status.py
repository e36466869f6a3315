"""The status bar: article counts, and the progress of a background job with Cancel."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar, QWidget

from reader.services.jobs import JobHandle
from reader.ui.formatting import plural


class StatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts = QLabel()
        self.counts.setObjectName("articleCounts")
        self.job_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelJob")
        self.cancel_button.setToolTip("Stop this job (what is done so far is kept)")
        for widget in (self.job_label, self.progress, self.cancel_button):
            self.addPermanentWidget(widget)
            widget.hide()
        self.addPermanentWidget(self.counts)
        self._job: JobHandle | None = None
        self.cancel_button.clicked.connect(self._cancel)

    def show_counts(self, shown: int, total: int) -> None:
        if shown == total:
            self.counts.setText(plural(total, "article"))
        else:
            self.counts.setText(f"{shown:,} of {plural(total, 'article')}")

    def track(self, handle: JobHandle, label: str) -> None:
        """Show a job's progress until it ends; the Cancel button cancels it."""
        self._job = handle
        self.job_label.setText(label)
        self.progress.setRange(0, 0)
        for widget in (self.job_label, self.progress, self.cancel_button):
            widget.show()
        self.cancel_button.setEnabled(True)
        handle.progressed.connect(self._on_progress)
        handle.finished.connect(lambda: self._end(handle))

    def _on_progress(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress.setFormat(f"{done:,} / {total:,}")
        if text:
            self.job_label.setText(text)

    def _cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.cancel_button.setEnabled(False)
            self.job_label.setText("Cancelling…")

    def _end(self, handle: JobHandle) -> None:
        if self._job is handle:
            self._job = None
            for widget in (self.job_label, self.progress, self.cancel_button):
                widget.hide()

    def show_read_only(self, text: str) -> None:
        """A lasting mark that nothing can be saved, with the reason at first."""
        label = QLabel("Read-only")
        label.setObjectName("readOnlyMark")
        label.setToolTip(text)
        label.setStyleSheet(
            "QLabel { color: palette(bright-text); background: #b35c00;"
            " padding: 1px 6px; border-radius: 3px; }"
        )
        self.insertPermanentWidget(0, label)
        self.showMessage(text)
