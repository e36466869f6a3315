"""Load: a heavy user's library (100,000 articles, 200,000 highlights) against the targets.

The annotated library is a copy of the synthetic 100,000-article library with highlights,
notes and tags stored through the real stores (benchmarks/annotated.py; cached in
benchmarks/_data/). Each figure is measured against its baseline in the same run:

- start-up and peak RSS of the window process (gui_process, as bench_startup.py and
  bench_memory.py): Reader on the annotated library against the bare window; Reader on the
  plain library for scale. Targets: <= 1.5x; < 250 MB.
- search (bench_search.py's paths): query -> first page, Reader on the annotated library
  against raw FTS5 over articles_fts (for a word found only in highlight notes: over
  annotations_fts, the index that holds it). Target: <= 1.5x.
- open: the article with the most highlights (~500), as MainWindow.open_article shows it:
  library.get, entity spans, AnnotationController.show_article (highlights, notes list,
  tags), ArticleView.show_article, first paint; switching from a short article. Against a
  plain QTextEdit given the same text (bench_entities.py (c)), target <= 1.5x; and against
  the same steps on the plain library (what 500 highlights add).
- annotate: one highlight with a note and a tag through AnnotationService.add_highlight,
  and as the UI does it (three undoable commands through AnnotationController, each with
  its refresh), on the heavy article, annotated against plain library. Target: <= 1.5x,
  and well under 50 ms. Each added highlight is removed again (not timed).
- export: the heavy article to Markdown, HTML and W3C JSON, and the 1,000 articles of a
  tag to one Markdown and one JSON file (ExportService), annotated against plain library.
  Target for the tag's Markdown: <= 1.5x. Where the plain library has nothing to export
  (one article: 500 highlights against none; W3C JSON holds only annotations) the ratio is
  printed but a budget is checked: one article under 250 ms, 1,000 under 5 s.

    uv run python benchmarks/bench_load.py [--small] [--n 100000] [--highlights 200000]
        [--runs 7] [--gui-runs 7] [--no-gui]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import annotated
import bench_search
import gui_process
import synthetic
from timing import alternate, median_ms

from reader.exporters.document import ExportFormat
from reader.services.annotations import AnnotationService
from reader.services.export import ExportRequest, ExportService
from reader.services.library import Library
from reader.store.entities import EntityStore

TARGET_RATIO = 1.5
TARGET_MB = 250.0
EDIT_BUDGET_MS = 50.0
SINGLE_EXPORT_BUDGET_MS = 250.0  # exporting one article should feel immediate
TAG_EXPORT_BUDGET_MS = 5_000.0  # 1,000 articles: a background job with a progress bar
NOTES_SQL = (
    "SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH ?"
    " ORDER BY bm25(annotations_fts, 4.0, 2.0)"
)
NOTE_ONLY_LABEL = "word in notes only"


@dataclass
class Verdicts:
    """Every target checked, for the summary at the end."""

    lines: list[str] = field(default_factory=list)
    missed: int = 0

    def ratio(self, what: str, ours: float, base: float, unit: str = "ms") -> None:
        ratio = ours / base if base else float("inf")
        met = ratio <= TARGET_RATIO
        self.missed += not met
        self.lines.append(
            f"{what:<44} {ours:>9.1f} {unit} vs {base:>9.1f} {unit}: {ratio:5.2f}x"
            f" (<= {TARGET_RATIO}x) {'met' if met else 'MISSED'}"
        )

    def limit(self, what: str, value: float, limit: float, unit: str) -> None:
        met = value < limit
        self.missed += not met
        self.lines.append(
            f"{what:<44} {value:>9.1f} {unit} (< {limit:.0f} {unit}) {'met' if met else 'MISSED'}"
        )


# --- search ------------------------------------------------------------------------------


def search(loaded: Library, plain: Library, runs: int, seed: int, verdicts: Verdicts) -> None:
    conn = loaded.conn
    store = loaded.articles
    total = store.count()
    queries = [
        q
        for q in bench_search.choose_queries(conn, total, seed)
        if q.label != "prefix, broad"  # all articles: 1 s a run, says nothing more here
    ]
    note_only = bench_search.Query(NOTE_ONLY_LABEL, annotated.NOTE_ONLY_WORD)
    note_only.fts = f'"{annotated.NOTE_ONLY_WORD}"'
    queries.append(note_only)

    def raw(q: bench_search.Query) -> float:
        if q is note_only:
            return bench_search.timed(lambda: list(conn.execute(NOTES_SQL, (q.fts,))))
        return bench_search.timed(lambda: bench_search.raw_fts(conn, q.fts))

    def both(q: bench_search.Query) -> float:
        def read() -> None:
            bench_search.raw_fts(conn, q.fts)
            list(conn.execute(NOTES_SQL, (q.fts,)))

        return bench_search.timed(read)

    paths: dict[str, Callable[[bench_search.Query], float]] = {
        "raw": raw,
        "raw both": both,
        "reader": lambda q: bench_search.timed(
            lambda: bench_search.reader_first_page(store, q.text)
        ),
        "plain": lambda q: bench_search.timed(
            lambda: bench_search.reader_first_page(plain.articles, q.text)
        ),
    }
    bench_search.measure(queries, paths, runs)
    print(
        f"\nSearch: query -> first page of {bench_search.PAGE}; median of {runs} runs, ms."
        "\nraw = raw FTS5 over articles_fts (over annotations_fts for the notes-only word);"
        " raw both = over both indexes;\nplain = Reader on the library without annotations"
    )
    print(
        f"{'query':<20} {'typed':<18} {'notes':>6} {'raw':>7} {'raw both':>9} {'Reader':>8}"
        f" {'ratio':>6} {'plain':>7}"
    )
    for q in queries:
        annotated_matches = conn.execute(
            "SELECT count(*) FROM annotations_fts WHERE annotations_fts MATCH ?", (q.fts,)
        ).fetchone()[0]
        base, ours = q.median("raw"), q.median("reader")
        print(
            f"{q.label:<20} {q.text:<18} {annotated_matches:>6} {base:>7.1f}"
            f" {q.median('raw both'):>9.1f} {ours:>8.1f} {ours / base:>5.2f}x"
            f" {q.median('plain'):>7.1f}"
        )
        verdicts.ratio(f"search {q.label} ({q.text})", ours, base)
    print("(notes = annotated articles whose notes or quotes match)")


# --- open --------------------------------------------------------------------------------


class Reading:
    """The reading pane and notes tab of the window, for one library."""

    def __init__(self, library: Library) -> None:
        from PySide6.QtGui import QUndoStack

        from reader.nlp.labels import LABELS, color
        from reader.ui.annotation_controller import AnnotationController, NotesTab
        from reader.ui.article_view import ArticleView

        self.library = library
        self.service = AnnotationService(library)
        self.entities = EntityStore(library.conn)
        self.view = ArticleView()
        self.view.set_entity_colours({label: color(label) for label in LABELS})
        self.tab = NotesTab()
        self.undo = QUndoStack()
        self.controller = AnnotationController(self.service, self.view, self.tab, self.undo)
        self.view.resize(900, 800)
        self.tab.resize(360, 800)
        self.view.show()
        self.tab.show()

    def open(self, article_id: int) -> None:
        """What MainWindow.open_article does for the reading pane and the notes tab."""
        article = self.library.get(article_id)
        assert article is not None
        spans = [] if self.entities.is_stale(article_id) else self.entities.spans(article_id)
        marks = self.controller.show_article(article)
        self.view.show_article(article, entities=spans, highlights=marks)
        self.view.body.viewport().repaint()
        self.tab.panel.repaint()

    def open_pane(self, article_id: int) -> None:
        """The reading pane alone (what bench_entities.py (c) measures): the article, its
        highlights' marks and entity spans, shown and painted; no notes tab."""
        from reader.ui.highlight_colours import highlight_colour_hex

        article = self.library.get(article_id)
        assert article is not None
        spans = [] if self.entities.is_stale(article_id) else self.entities.spans(article_id)
        marks = [
            (h.start, h.end, highlight_colour_hex(h.color, False))
            for h in self.service.highlights(article_id)
            if not h.orphaned
        ]
        self.view.show_article(article, entities=spans, highlights=marks)
        self.view.body.viewport().repaint()

    def close(self) -> None:
        self.controller.show_article(None)
        self.view.close()
        self.tab.close()


def open_article(
    loaded: Reading, plain: Reading, article_id: int, short_id: int, runs: int, v: Verdicts
) -> None:
    from PySide6.QtWidgets import QApplication, QTextEdit

    app = QApplication.instance()
    assert app is not None
    article = loaded.library.get(article_id)
    short = loaded.library.get(short_id)
    assert article is not None and short is not None
    text_edit = QTextEdit()
    text_edit.setReadOnly(True)
    text_edit.setFont(loaded.view.reading_font())
    text_edit.resize(900, 800)
    text_edit.show()

    def reader(reading: Reading, pane_only: bool = False) -> Callable[[], float]:
        def run() -> float:
            reading.open(short_id)  # switching from another article, as a click does
            app.processEvents()
            started = time.perf_counter()
            if pane_only:
                reading.open_pane(article_id)
            else:
                reading.open(article_id)
            return time.perf_counter() - started

        return run

    def plain_text() -> float:
        text_edit.setPlainText(short.text)
        app.processEvents()
        started = time.perf_counter()
        text_edit.setPlainText(article.text)
        text_edit.viewport().repaint()
        return time.perf_counter() - started

    times = alternate(
        {
            "text edit": plain_text,
            "annotated": reader(loaded),
            "plain": reader(plain),
            "pane annotated": reader(loaded, pane_only=True),
            "pane plain": reader(plain, pane_only=True),
        },
        runs,
    )
    text_edit.close()
    stored = loaded.service.highlights(article_id)
    marks = len(stored)
    base = median_ms(times["text edit"])
    ours = median_ms(times["annotated"])
    unmarked = median_ms(times["plain"])
    print(
        f"\nOpen article {article_id} ({len(article.text.split()):,} words, {marks} highlights,"
        f" {sum(1 for h in stored if h.note)} with notes), switching"
        f" from a short one; median of {runs}, ms"
    )
    rows = [
        ("plain QTextEdit, same text", base),
        ("Reader: reading pane + notes tab, annotated", ours),
        ("Reader: reading pane + notes tab, plain library", unmarked),
        ("Reader: reading pane alone, annotated", median_ms(times["pane annotated"])),
        ("Reader: reading pane alone, plain library", median_ms(times["pane plain"])),
    ]
    for label, value in rows:
        print(f"  {label:<48} {value:7.1f}  {value / base:5.2f}x")
    v.ratio("open (pane + notes): annotated / QTextEdit", ours, base)
    v.ratio("open (pane alone): annotated / QTextEdit", rows[3][1], base)
    v.ratio("open (pane + notes): annotated / plain lib", ours, unmarked)


# --- annotate ----------------------------------------------------------------------------


def annotate(
    loaded: Reading, plain: Reading, article_id: int, runs: int, verdicts: Verdicts
) -> None:
    article = loaded.library.get(article_id)
    assert article is not None
    words = [m.span() for m in re.finditer(r"\w+", article.text)]
    step = max(1, (len(words) - 3) // (runs + 2))
    ranges = [(words[i][0], words[i + 2][1]) for i in range(0, len(words) - 3, step)]
    note = " ".join(article.text[a:b] for a, b in words[10:22])
    tag = "load-bench"
    counter = iter(range(10**6))

    def service(reading: Reading) -> Callable[[], float]:
        def run() -> float:
            start, end = ranges[next(counter) % len(ranges)]
            started = time.perf_counter()
            added = reading.service.add_highlight(
                article_id, start, end, "green", note=note, tags=[tag]
            )
            elapsed = time.perf_counter() - started
            reading.service.delete_highlight(added.id)
            return elapsed

        return run

    def ui(reading: Reading) -> Callable[[], float]:
        def run() -> float:
            reading.open(article_id)
            start, end = ranges[next(counter) % len(ranges)]
            reading.view.select_range(start, end)
            started = time.perf_counter()
            added = reading.controller.highlight_selection("green")
            assert added is not None and reading.controller.current is not None
            reading.tab.editor.noteChanged.emit(note)
            reading.tab.editor.tagsChanged.emit([tag])
            elapsed = time.perf_counter() - started
            assert reading.undo.count() >= 3 and reading.service.highlight(added.id) is not None
            for _ in range(3):
                reading.undo.undo()
            reading.undo.clear()
            return elapsed

        return run

    before = (loaded.service.store.count(), plain.service.store.count())
    times = alternate(
        {
            "service annotated": service(loaded),
            "service plain": service(plain),
            "ui annotated": ui(loaded),
            "ui plain": ui(plain),
        },
        runs,
    )
    after = (loaded.service.store.count(), plain.service.store.count())
    if before != after:
        print(f"WARNING: highlights before {before}, after {after}: not all removed")
    print(f"\nAnnotate article {article_id}: one highlight with a note and a tag; median, ms")
    for kind, label in (
        ("service", "AnnotationService.add_highlight"),
        ("ui", "UI: highlight, note, tag + refreshes"),
    ):
        ours = median_ms(times[f"{kind} annotated"])
        base = median_ms(times[f"{kind} plain"])
        print(f"  {label:<40} annotated {ours:7.2f}  plain {base:7.2f}  {ours / base:5.2f}x")
        verdicts.ratio(f"annotate ({kind}): annotated / plain library", ours, base)
        verdicts.limit(f"annotate ({kind}), annotated library", ours, EDIT_BUDGET_MS, "ms")


# --- export ------------------------------------------------------------------------------


def export(loaded: Library, plain: Library, article_id: int, runs: int, verdicts: Verdicts) -> None:
    folder = Path(tempfile.mkdtemp(prefix="load-export-", dir=synthetic.DATA_DIR))
    tagged_started = time.perf_counter()
    tagged = tuple(ExportService(loaded).ids_with_tag(annotated.EXPORT_TAG))
    tag_lookup = time.perf_counter() - tagged_started
    highlights = loaded.conn.execute(
        f"SELECT count(*) FROM highlights WHERE article_id IN ({','.join('?' * len(tagged))})",
        tagged,
    ).fetchone()[0]
    cases: list[tuple[str, tuple[int, ...], ExportFormat, int]] = [
        ("heaviest article, Markdown", (article_id,), ExportFormat.MARKDOWN, runs),
        ("heaviest article, HTML", (article_id,), ExportFormat.HTML, runs),
        ("heaviest article, W3C JSON", (article_id,), ExportFormat.JSON, runs),
        (f"{len(tagged):,} tagged articles, Markdown", tagged, ExportFormat.MARKDOWN, 3),
        (f"{len(tagged):,} tagged articles, W3C JSON", tagged, ExportFormat.JSON, 3),
    ]
    print(
        f"\nExport (one file each), median, s; the tag '{annotated.EXPORT_TAG}': {len(tagged):,}"
        f" articles with {highlights:,} highlights, listed in {tag_lookup * 1000:.1f} ms"
    )
    try:
        for label, ids, kind, count in cases:
            sizes: dict[str, int] = {}
            times = alternate(
                {
                    "annotated": _export_run(loaded, ids, kind, folder, sizes),
                    "plain": _export_run(plain, ids, kind, folder, sizes),
                },
                count,
            )
            ours = statistics.median(times["annotated"])
            base = statistics.median(times["plain"])
            print(
                f"  {label:<36} annotated {ours:8.3f} ({sizes[str(loaded.path)] / 1e6:6.2f} MB)"
                f"  plain {base:8.3f} ({sizes[str(plain.path)] / 1e6:6.2f} MB)"
                f"  {ours / base:6.2f}x"
            )
            if len(ids) > 1 and kind is not ExportFormat.JSON:
                # the same articles' text, with their annotations added
                verdicts.ratio(f"export {label}", ours * 1000, base * 1000)
            else:  # (next to) nothing to export from the plain library: a budget instead
                budget = SINGLE_EXPORT_BUDGET_MS if len(ids) == 1 else TAG_EXPORT_BUDGET_MS
                verdicts.limit(f"export {label}", ours * 1000, budget, "ms")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _export_run(
    library: Library,
    ids: tuple[int, ...],
    kind: ExportFormat,
    folder: Path,
    sizes: dict[str, int],
) -> Callable[[], float]:
    """One export into one file, timed; the file's size goes to ``sizes[library path]``."""

    def run() -> float:
        target = folder / f"export{kind.extension}"
        request = ExportRequest(ids, kind, target, combined=True, overwrite=True)
        started = time.perf_counter()
        report = ExportService(library).export(request)
        elapsed = time.perf_counter() - started
        assert report.written == [target] and not report.skipped
        sizes[str(library.path)] = target.stat().st_size
        return elapsed

    return run


# --- start-up and memory -----------------------------------------------------------------


def gui(
    data: annotated.AnnotatedLibrary, n: int, runs: int, memory_runs: int, verdicts: Verdicts
) -> None:
    env = gui_process.GuiEnvironment()
    loaded_name = f"Reader, annotated {n:,}"
    variants = {
        "bare window": gui_process.bare_command(),
        f"Reader, plain {n:,}": gui_process.reader_command(data.plain),
        loaded_name: gui_process.reader_command(data.path),
    }
    try:
        startup = gui_process.run_variants(variants, env, runs, warm_up=True)
        memory = gui_process.run_variants(variants, env, memory_runs, exit_after_ms=3000)
    finally:
        env.cleanup()
    print(f"\nStart-up (process start -> window shown), {runs} runs, offscreen")
    gui_process.print_startup_table(startup, "bare window")
    print(f"\nMemory: open 3,000 ms after shown, {memory_runs} runs")
    gui_process.print_memory_table(memory, "bare window")
    base = gui_process.median([r.shown_s for r in startup["bare window"]]) * 1000
    ours = gui_process.median([r.shown_s for r in startup[loaded_name]]) * 1000
    verdicts.ratio("start-up: annotated / bare window", ours, base)
    verdicts.limit(
        "window process peak RSS, annotated (worst)",
        gui_process.worst_window_mb(memory[loaded_name]),
        TARGET_MB,
        "MB",
    )


# --- main --------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description="Load: 100,000 articles, 200,000 highlights.")
    parser.add_argument("--small", action="store_true", help="5,000 articles, 10,000 highlights")
    parser.add_argument("--n", type=int, help="articles (default 100,000)")
    parser.add_argument("--highlights", type=int, help="highlights (default 2 per article)")
    parser.add_argument("--runs", type=int, help="timed runs per measure (default 7; 3 small)")
    parser.add_argument("--gui-runs", type=int, help="start-up runs (default 7; 3 small)")
    parser.add_argument("--seed", type=int, default=synthetic.DEFAULT_SEED)
    parser.add_argument("--no-gui", action="store_true", help="skip start-up and memory")
    args = parser.parse_args()
    n = args.n or (5_000 if args.small else 100_000)
    count = args.highlights or 2 * n
    runs = args.runs or (3 if args.small else 7)
    gui_runs = args.gui_runs or (3 if args.small else 7)

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    data = annotated.build(n, count, seed=args.seed)
    loaded = Library.open(data.path)
    plain = Library.open(data.plain)
    stats = loaded.conn.execute(
        "SELECT (SELECT count(*) FROM highlights), (SELECT count(*) FROM highlights"
        " WHERE note != ''), (SELECT count(DISTINCT article_id) FROM highlights),"
        " (SELECT count(*) FROM tags), (SELECT count(*) FROM annotations_fts)"
    ).fetchone()
    print(
        f"Library: {data.path.name}\n{loaded.articles.count():,} articles, {stats[0]:,}"
        f" highlights ({stats[1]:,} with notes) on {stats[2]:,} articles, {stats[3]:,} tags,"
        f" {stats[4]:,} rows in annotations_fts; heaviest: article {data.heaviest_id}"
        f" ({data.heaviest_count} highlights)"
    )
    verdicts = Verdicts()
    short_id = min(
        (
            row[0]
            for row in loaded.conn.execute("SELECT id FROM articles ORDER BY word_count LIMIT 1")
        ),
    )
    search(loaded, plain, runs, args.seed, verdicts)
    reading_loaded, reading_plain = Reading(loaded), Reading(plain)
    open_article(reading_loaded, reading_plain, data.heaviest_id, short_id, runs, verdicts)
    annotate(reading_loaded, reading_plain, data.heaviest_id, runs, verdicts)
    reading_loaded.close()
    reading_plain.close()
    export(loaded, plain, data.heaviest_id, runs, verdicts)
    loaded.close()
    plain.close()
    if not args.no_gui:
        gui(data, n, gui_runs, 1 if args.small else 3, verdicts)
    del app
    print("\nTargets")
    for line in verdicts.lines:
        print(f"  {line}")
    print(
        "All targets met"
        if not verdicts.missed
        else f"{verdicts.missed} of {len(verdicts.lines)} MISSED"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
