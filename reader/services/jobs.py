"""Running slow work off the UI thread and reporting back by signal.

A job is a plain function taking a :class:`JobContext`. It runs on a QThreadPool thread;
its progress, result or error arrive on the UI thread through the handle's signals. Each
handle has an id so a view can drop results it no longer wants.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

_ids = itertools.count(1)


class JobCancelled(Exception):
    """Raised inside a job when the user cancelled it."""


class JobContext:
    """What a running job can see: whether it was cancelled, and a way to report progress."""

    def __init__(self, handle: JobHandle) -> None:
        self._handle = handle

    @property
    def cancelled(self) -> bool:
        return self._handle.cancel_event.is_set()

    def check(self) -> None:
        if self.cancelled:
            raise JobCancelled

    def progress(self, done: int, total: int, text: str = "") -> None:
        self._handle.progressed.emit(done, total, text)

    def report(self, item: object) -> None:
        """Intermediate results (e.g. one imported article) for views that update live."""
        self._handle.reported.emit(item)


class JobHandle(QObject):
    progressed = Signal(int, int, str)
    reported = Signal(object)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal(object)  # what the job had done when it stopped (None if unknown)
    finished = Signal()

    def __init__(self, name: str) -> None:
        super().__init__()
        self.id = next(_ids)
        self.name = name
        self.cancel_event = threading.Event()

    def cancel(self) -> None:
        self.cancel_event.set()


class _Runnable(QRunnable):
    def __init__(self, handle: JobHandle, work: Callable[[JobContext], Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._handle = handle
        self._work = work

    def run(self) -> None:
        handle = self._handle
        try:
            result = self._work(JobContext(handle))
        except JobCancelled:
            handle.cancelled.emit(None)
        except Exception as exc:  # reported to the UI as a message, never a traceback dialog
            import logging

            logging.getLogger(__name__).exception("job %s failed", handle.name)
            handle.failed.emit(str(exc) or exc.__class__.__name__)
        else:
            if handle.cancel_event.is_set():
                handle.cancelled.emit(result)
            else:
                handle.succeeded.emit(result)
        handle.finished.emit()


class JobRunner(QObject):
    """Owns a thread pool and keeps handles alive until their jobs end."""

    def __init__(self, max_threads: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._live: set[JobHandle] = set()
        self._closed = False

    def submit(self, name: str, work: Callable[[JobContext], Any]) -> JobHandle:
        handle = JobHandle(name)
        self._live.add(handle)
        handle.finished.connect(lambda: self._live.discard(handle))
        runnable = _Runnable(handle, work)
        # Started from the event loop: a signal emitted by the worker before anyone is
        # connected is lost, and callers connect right after submit() returns.
        QTimer.singleShot(0, self, lambda: self._start(handle, runnable))
        return handle

    def _start(self, handle: JobHandle, runnable: _Runnable) -> None:
        if self._closed or handle.cancel_event.is_set():
            handle.cancelled.emit(None)  # never started: nothing was done
            handle.finished.emit()
            return
        self.pool.start(runnable)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel everything and wait: called when the window closes."""
        self._closed = True
        for handle in list(self._live):
            handle.cancel()
        return self.pool.waitForDone(timeout_ms)
