"""Search: query -> first page of results, Reader's path against raw SQLite FTS5.

Baseline (named "raw FTS5"): the same MATCH expression Reader builds, run directly on the
FTS table with the same ordering and all ids fetched::

    SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 10.0, 1.0)

Measured against it, in the same process on the same connection, alternating run by run:

- "Reader": ``ArticleStore.query_ids(LibraryQuery(search=q, sort=SortKey.RELEVANCE))``
  plus ``ArticleStore.summaries()`` of the first page (100 rows): what the list shows.
- "no-JOIN": the same with the ids taken from the FTS table alone (the proposed fix in
  reader/store/articles.py, see benchmarks/README.md), to show what the fix would give.
- "model" (when reader/ui/library_model.py and reader/services/queries.py exist): the GUI's
  own path, offscreen: QueryService.request() on its worker thread -> resultsReady ->
  LibraryModel.set_ids() -> data() of the first 40 visible rows (which loads the first page).

Target: Reader <= 1.5x raw FTS5 for each query. Library: 100,000 synthetic articles of
300-900 words (built once, cached in benchmarks/_data/).

    uv run python benchmarks/bench_search.py [--n 100000] [--runs 7] [--explain]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import synthetic

from reader.store.articles import RANK_EXPRESSION, ArticleStore
from reader.store.db import connect
from reader.store.query import LibraryQuery, SortKey
from reader.store.search import to_fts_query

PAGE = 100
TARGET_RATIO = 1.5
RAW_SQL = (
    "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
    " ORDER BY bm25(articles_fts, 10.0, 1.0)"
)
NO_JOIN_SQL = (
    f"SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY {RANK_EXPRESSION}"
)


@dataclass
class Query:
    label: str
    text: str  # what the user types
    fraction: float = 0.0  # share of articles matching
    fts: str = ""
    times: dict[str, list[float]] = field(default_factory=dict)

    def median(self, path: str) -> float:
        return statistics.median(self.times[path]) * 1000


def choose_queries(conn: sqlite3.Connection, total: int, seed: int) -> list[Query]:
    """Rare (~1%), common (~40%) words picked by measured document fraction; a phrase; prefixes."""
    rare, _ = synthetic.pick_word(conn, 0.01, total, seed=seed)
    common, _ = synthetic.pick_word(conn, 0.40, total, seed=seed)
    queries = [
        Query("rare word (~1%)", rare),
        Query("common word (~40%)", common),
        Query("phrase", '"prime minister"'),
        Query("prefix", "minist*"),
        Query("prefix, broad", "th*"),
    ]
    for query in queries:
        fts = to_fts_query(query.text)
        assert fts is not None
        query.fts = fts
        query.fraction = synthetic.doc_fraction(conn, fts, total)
    return queries


def timed(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def reader_first_page(store: ArticleStore, text: str) -> None:
    """Reader's path: ranked ids, then the rows of the first page."""
    ids = store.query_ids(LibraryQuery(search=text, sort=SortKey.RELEVANCE))
    store.summaries(ids[:PAGE])


def raw_fts(conn: sqlite3.Connection, fts: str) -> None:
    """The baseline: every id from raw FTS5, ranked."""
    [row[0] for row in conn.execute(RAW_SQL, (fts,))]  # fetch every id


def measure(queries: list[Query], paths: dict[str, Callable[[Query], float]], runs: int) -> None:
    """Each path once per query to warm up, then ``runs`` times, alternating the order;
    the seconds go to ``query.times[path]``."""
    for query in queries:
        for name, run in paths.items():
            run(query)  # warm-up, not counted
            query.times[name] = []
        for index in range(runs):
            order = list(paths.items())
            if index % 2:
                order.reverse()
            for name, run in order:
                query.times[name].append(run(query))


class ModelPath:
    """The GUI's path, offscreen: QueryService worker -> LibraryModel -> first page loaded."""

    def __init__(self, path: Path, store: ArticleStore) -> None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtCore import QEventLoop, QObject, QTimer, Slot
        from PySide6.QtGui import QGuiApplication

        from reader.services.queries import QueryService
        from reader.ui.library_model import COLUMNS, LibraryModel

        self.app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
        self.service = QueryService(path)
        self.model = LibraryModel(store.summaries)
        self.loop = QEventLoop()
        self.timeout = QTimer()
        self.timeout.setSingleShot(True)
        self.timeout.timeout.connect(self.loop.quit)
        self.requests = 0
        self.first_page_at = 0.0
        self.rows_at = 0.0
        columns = len(COLUMNS)
        model = self.model
        outer = self

        class Receiver(QObject):
            @Slot(int, object, object, int)
            def on_results(self, _generation: int, ids: list[int], _query: object, _n: int) -> None:
                model.set_ids(ids)
                model.data(model.index(0, 0))  # row 0 loads the first page of summaries
                outer.first_page_at = time.perf_counter()
                for row in range(min(40, len(ids))):  # what a table view paints first
                    for column in range(columns):
                        model.data(model.index(row, column))
                outer.rows_at = time.perf_counter()
                outer.loop.quit()

        self.receiver = Receiver()
        self.service.resultsReady.connect(self.receiver.on_results)

    def run(self, text: str) -> tuple[float, float]:
        """Seconds to the first page in the model, and then to 40 rows formatted."""
        self.first_page_at = self.rows_at = 0.0
        self.requests += 1
        started = time.perf_counter()
        self.service.request(LibraryQuery(search=text, sort=SortKey.RELEVANCE))
        self.timeout.start(60_000)
        self.loop.exec()
        self.timeout.stop()
        if not self.rows_at:
            raise RuntimeError("no results from QueryService within 60 s")
        return self.first_page_at - started, self.rows_at - self.first_page_at

    def connections(self) -> int:
        return len(getattr(self.service, "_connections", []))

    def close(self) -> None:
        self.service.shutdown()


def explain(store: ArticleStore, queries: list[Query]) -> None:
    query = queries[0]
    sql, params = store._ids_sql(LibraryQuery(search=query.text, sort=SortKey.RELEVANCE))
    print(f"\nReader's SQL: {sql}")
    for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql, params):
        print(f"  {row[3]}")
    print(f"raw FTS5 SQL: {RAW_SQL}")
    for row in store.conn.execute("EXPLAIN QUERY PLAN " + RAW_SQL, (query.fts,)):
        print(f"  {row[3]}")


def main() -> int:
    parser = argparse.ArgumentParser(description="Search: Reader vs raw SQLite FTS5.")
    parser.add_argument("--n", type=int, default=100_000, help="articles in the library")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per path and query")
    parser.add_argument("--seed", type=int, default=synthetic.DEFAULT_SEED)
    parser.add_argument("--library", type=Path, help="use this library instead of building one")
    parser.add_argument("--no-model", action="store_true", help="skip the GUI model path")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN QUERY PLAN")
    args = parser.parse_args()

    path = args.library or synthetic.build_library(args.n, seed=args.seed)
    conn = connect(path)
    store = ArticleStore(conn)
    total = store.count()
    print(f"Library: {path.name}, {total:,} articles")
    queries = choose_queries(conn, total, args.seed)

    def no_join_path(text: str) -> None:
        fts = to_fts_query(text)
        ids = [row[0] for row in conn.execute(NO_JOIN_SQL, (fts,))]
        store.summaries(ids[:PAGE])

    model: ModelPath | None = None
    model_note = ""
    if not args.no_model:
        try:
            model = ModelPath(path, store)
        except ImportError as exc:
            model_note = f"model path skipped: {exc}"

    # Same ordering in both (ties in bm25 may come out in either order).
    for query in queries:
        reader_ids = store.query_ids(LibraryQuery(search=query.text, sort=SortKey.RELEVANCE))
        raw_ids = [row[0] for row in conn.execute(RAW_SQL, (query.fts,))]
        if sorted(reader_ids) != sorted(raw_ids):
            print(f"WARNING: {query.label}: Reader and raw FTS5 return different ids")

    paths: dict[str, Callable[[Query], float]] = {
        "raw": lambda q: timed(lambda: raw_fts(conn, q.fts)),
        "reader": lambda q: timed(lambda: reader_first_page(store, q.text)),
        "no-join": lambda q: timed(lambda: no_join_path(q.text)),
    }
    row_times: list[float] = []
    if model is not None:

        def model_run(q: Query) -> float:
            assert model is not None
            first_page, rows = model.run(q.text)
            row_times.append(rows)
            return first_page

        paths["model"] = model_run

    measure(queries, paths, args.runs)
    connections = 0
    if model is not None:
        connections = model.connections()
        model.close()

    print(f"\nQuery -> first page of {PAGE} results; median of {args.runs} runs, ms")
    header = f"{'query':<20} {'typed':<18} {'match':>6} {'raw FTS5':>9} {'Reader':>9} {'ratio':>6}"
    header += f" {'no-JOIN':>9} {'ratio':>6}"
    if model is not None:
        header += f" {'model':>9} {'ratio':>6}"
    print(header)
    failures = 0
    for query in queries:
        raw = query.median("raw")
        reader = query.median("reader")
        ratio = reader / raw
        failures += ratio > TARGET_RATIO
        line = (
            f"{query.label:<20} {query.text:<18} {query.fraction:>6.1%} {raw:>9.1f}"
            f" {reader:>9.1f} {ratio:>5.2f}x"
        )
        no_join = query.median("no-join")
        line += f" {no_join:>9.1f} {no_join / raw:>5.2f}x"
        if model is not None:
            gui = query.median("model")
            line += f" {gui:>9.1f} {gui / raw:>5.2f}x"
        print(line + ("" if ratio <= TARGET_RATIO else "  <- over target"))
    if model_note:
        print(model_note)
    if model is not None:
        print(
            "model = QueryService.request() -> resultsReady -> LibraryModel.set_ids() -> first"
            " page loaded.\nFormatting the first 40 rows x all columns in LibraryModel.data()"
            f" (what the view paints next) adds {statistics.median(row_times) * 1000:.1f} ms"
            " (median, not included)."
        )
        if connections > 1:
            print(
                f"WARNING: QueryService opened {connections} connections for"
                f" {model.requests} requests (one per request, all kept open)."
            )
    print(
        f"\nTarget: Reader <= {TARGET_RATIO}x raw FTS5 for each query: "
        + ("met" if not failures else f"missed for {failures} of {len(queries)}")
    )
    if args.explain or failures:
        explain(store, queries)
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
