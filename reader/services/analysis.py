"""The background entity-analysis queue for the GUI.

One worker thread owns its own database connection and talks to the model, which runs in
a child process (`reader.nlp.remote`): spaCy never loads into the window's process, and
the child ends after a minute without work, giving its ~200 MB back. The thread analyses
articles that are new, changed or analysed by an older model, newest first; the article on
screen jumps the queue. It can be paused, and stops when the window closes.
"""

from __future__ import annotations

import threading
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from reader.nlp.recognizer import ModelUnavailable, Recognizer
from reader.nlp.remote import AnalysisProcessError, RemoteRecognizer
from reader.services.entities import AnalysisResult, EntityService
from reader.services.library import Library

if TYPE_CHECKING:
    import logging

# Small batches: the article on screen jumps the queue sooner, and nlp.pipe's peak memory
# grows with the batch (measured: 4 articles ~176 MB, 16 ~306 MB) for little throughput.
BATCH = 4
IDLE_RELEASE_SECONDS = 60.0
"""Without work for this long (idle or paused), the model process ends to free memory."""


class AnalysisQueue(QObject):
    articleAnalysed = Signal(int)  # article id; its spans are in the database
    progressed = Signal(int, int)  # done in this round, total in this round
    idle = Signal()
    unavailable = Signal(str)  # why entity recognition cannot run
    rulesApplied = Signal()

    def __init__(
        self,
        library_path: Path,
        parent: QObject | None = None,
        *,
        recognizer: Recognizer | None = None,
    ) -> None:
        """`recognizer` shares a model loaded elsewhere (benchmarks, tests); by default the
        model runs in a child process started on first use."""
        super().__init__(parent)
        self._path = library_path
        self._recognizer: Recognizer = recognizer if recognizer is not None else RemoteRecognizer()
        self._wake = threading.Condition()
        self._priority: list[int] = []
        self._scan_requested = True
        self._reapply_requested = False
        self._paused = False
        self._stopping = False
        self._error: str | None = None
        self._thread: threading.Thread | None = None

    @property
    def model_version(self) -> str:
        return self._recognizer.model_version

    @property
    def error(self) -> str | None:
        return self._error

    @property
    def paused(self) -> bool:
        return self._paused

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="entity-analysis", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        self._recognizer.terminate()  # a request in progress ends now, not after its batch
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._recognizer.release()

    def set_paused(self, paused: bool) -> None:
        with self._wake:
            self._paused = paused
            self._wake.notify_all()

    def prioritize(self, article_id: int) -> None:
        """The article on screen goes first (if it needs analysis at all)."""
        with self._wake:
            if article_id in self._priority:
                self._priority.remove(article_id)
            self._priority.insert(0, article_id)
            self._wake.notify_all()

    def scan(self) -> None:
        """Look for articles needing analysis (after an import, or a model change)."""
        with self._wake:
            self._scan_requested = True
            self._wake.notify_all()

    def reapply_rules(self) -> None:
        """Re-run rules over every analysed article (after a rule was added or removed)."""
        with self._wake:
            self._reapply_requested = True
            self._wake.notify_all()

    # --- worker thread -------------------------------------------------------------------

    def _run(self) -> None:
        try:
            library = Library.open(self._path)
        except Exception as exc:
            _log().exception("analysis thread cannot open the library")
            self._fail(f"Entity analysis cannot open the library: {exc}")
            return
        service = EntityService(library, self._recognizer)
        try:
            self._loop(service)
        except ModelUnavailable as exc:
            self._fail(str(exc))
        except AnalysisProcessError as exc:
            if not self._stopping:
                _log().error("entity analysis stopped: %s", exc)
                self._fail(str(exc))
        except Exception as exc:
            _log().exception("entity analysis stopped")
            self._fail(f"Entity analysis stopped: {exc}")
        finally:
            library.close()

    def _fail(self, message: str) -> None:
        _log().warning("entity analysis unavailable: %s", message)  # for the log file too
        self._error = message
        self.unavailable.emit(message)

    def _loop(self, service: EntityService) -> None:
        queue: deque[int] = deque()
        finished: set[int] = set()  # analysed in this round: skip when met again
        done = total = 0
        while True:
            if not self._wait_for_work(queue):
                return
            with self._wake:
                scan, self._scan_requested = self._scan_requested, False
                reapply, self._reapply_requested = self._reapply_requested, False
                first = self._priority[:]
                self._priority.clear()
            if reapply:
                service.recompute_all(cancelled=lambda: self._stopping)
                self.rulesApplied.emit()
            if scan:
                queue = deque(service.pending())
                finished.clear()
                done, total = 0, len(queue)
            # Not filtered by `finished`: "Find Entities Again" forgets an article's run and
            # asks for it again, even if it was analysed earlier in this round.
            batch = [
                i for i in dict.fromkeys(first) if service.store.needs_analysis(i, service.version)
            ]
            while queue and len(batch) < BATCH:
                article_id = queue.popleft()
                if article_id not in finished and article_id not in batch:
                    batch.append(article_id)
            if batch:
                self._analyze(service, batch)
                finished.update(batch)
                done += len(batch)
                # Articles asked for outside a round ("Find Entities Again" after the scan
                # finished) join it, so that the count ends and idle() clears it.
                total = max(total, done)
                self.progressed.emit(done, total)
            if not queue and total:
                self.idle.emit()
                done = total = 0

    def _analyze(self, service: EntityService, batch: list[int]) -> None:
        """One batch; if the model process dies under it, a fresh one gets one more try
        (a second failure stops the queue with the reason)."""
        for attempt in (1, 2):
            try:
                service.analyze(
                    batch,
                    cancelled=lambda: self._stopping,
                    on_result=self._emit_result,
                    batch_size=len(batch),
                )
                return
            except AnalysisProcessError:
                if self._stopping or attempt == 2:
                    raise
                _log().warning("entity model process failed; starting it again", exc_info=True)

    def _wait_for_work(self, queue: deque[int]) -> bool:
        """Block until there is work (True) or the queue stops (False). After a quiet
        minute the model process is let go; the next batch starts it again."""
        released = False
        while True:
            with self._wake:
                if self._stopping:
                    return False
                if self._has_work(queue):
                    return True
                if self._wake.wait(None if released else IDLE_RELEASE_SECONDS):
                    continue
            if not released:  # outside the lock: the UI thread must never wait on it
                self._recognizer.release()
                released = True

    def _has_work(self, queue: deque[int]) -> bool:
        if self._paused:
            return False
        return bool(self._priority or self._scan_requested or self._reapply_requested or queue)

    def _emit_result(self, result: AnalysisResult) -> None:
        self.articleAnalysed.emit(result.article_id)


def _log() -> logging.Logger:
    import logging

    return logging.getLogger(__name__)
