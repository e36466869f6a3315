"""Library list queries on their own thread, newest request wins.

Typing in the search field fires a request per pause; only the latest request's result is
delivered, and a request superseded before it starts is skipped entirely.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal

from reader.store.db import connect
from reader.store.query import LibraryQuery

if TYPE_CHECKING:
    from reader.store.articles import ArticleStore


def _unfiltered(query: LibraryQuery) -> bool:
    return not (query.search.strip() or query.tag or query.entity)


class _QueryRunnable(QRunnable):
    def __init__(self, service: QueryService, generation: int, query: LibraryQuery) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._service = service
        self._generation = generation
        self._query = query

    def run(self) -> None:
        service = self._service
        if self._generation != service.latest_generation:
            return  # superseded while waiting
        try:
            store = service.store()
            ids = store.query_ids(self._query)
            total = len(ids) if _unfiltered(self._query) else service.total(store)
        except sqlite3.Error as exc:
            with suppress(RuntimeError):  # the service went while the query ran (quitting)
                service._failed.emit(self._generation, str(exc))
            return
        if self._generation == service.latest_generation:
            with suppress(RuntimeError):
                service._answered.emit(self._generation, ids, self._query, total)


class QueryService(QObject):
    """Runs the library list's queries on one worker thread.

    Answers reach `resultsReady`/`queryFailed` on the UI thread, through the service's own
    queued connection: made when the service is, so an answer is never lost for want of a
    listener (the window connects its list just after asking for the first page), and
    checked there once more, so a request made meanwhile drops it.
    """

    resultsReady = Signal(int, object, object, int)  # generation, ids, LibraryQuery, total
    queryFailed = Signal(int, str)
    _answered = Signal(int, object, object, int)  # from the worker
    _failed = Signal(int, str)

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = path
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one connection, one thread, requests in order
        self._store: ArticleStore | None = None
        self._total: tuple[int, int] | None = None  # (PRAGMA data_version, article count)
        self._lock = threading.Lock()
        self._generation = 0
        self._connections: list[sqlite3.Connection] = []
        self._answered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._failed.connect(self.queryFailed, Qt.ConnectionType.QueuedConnection)

    def _deliver(self, generation: int, ids: object, query: object, total: int) -> None:
        if generation == self.latest_generation:
            self.resultsReady.emit(generation, ids, query, total)

    @property
    def latest_generation(self) -> int:
        with self._lock:
            return self._generation

    def store(self) -> ArticleStore:
        """The worker's connection, opened on first use and kept for every later request.

        Not threading.local: a QThreadPool thread is not a Python thread, so its Python
        thread state (and every threading.local value) is dropped after each run, which
        opened, and kept open, one new connection per request. One pool thread means one
        user at a time; connect() allows another thread when the pool replaces an idle one.
        """
        from reader.store.articles import ArticleStore  # on the worker: not before the window

        with self._lock:
            if self._store is None:
                conn = connect(self._path)
                self._connections.append(conn)
                self._store = ArticleStore(conn)
            return self._store

    def total(self, store: ArticleStore) -> int:
        """Articles in the library, counted again only after another connection wrote."""
        version = int(store.conn.execute("PRAGMA data_version").fetchone()[0])
        if self._total is None or self._total[0] != version:
            self._total = (version, store.count())
        return self._total[1]

    def request(self, query: LibraryQuery) -> int:
        with self._lock:
            self._generation += 1
            generation = self._generation
        self._pool.start(_QueryRunnable(self, generation, query))
        return generation

    def shutdown(self) -> None:
        with self._lock:
            self._generation += 1  # anything still queued becomes stale
        self._pool.waitForDone(5000)
        for conn in self._connections:
            conn.close()
        self._connections.clear()
