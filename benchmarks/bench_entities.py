"""Entities: analysis throughput and UI responsiveness through Reader's queue, and the cost
of opening a long, densely marked article.

(a) Throughput. 500 articles of a few hundred words go into a fresh library file; Reader's
    ``AnalysisQueue`` (its worker thread, database reads, the model in its own child
    process as in the app -- case restoration and the model in batches of
    ``analysis.BATCH`` there, texts and spans as JSON lines -- then post-processing and
    storing) analyses them all: the time from ``scan()`` to ``idle``, with the model
    process already started and loaded (as after the first batch). Baseline (named
    "spaCy nlp.pipe"): ``nlp.pipe(texts)`` with its default batch size, on the same
    texts, with the same model (tok2vec + ner) loaded in the benchmark, in the same run.
    Figure: words/s of Reader / words/s of spaCy. Target: >= 0.8x.
(b) Responsiveness. While (a) runs, a 10 ms precise QTimer on the UI thread records how
    late each tick comes (gap - 10 ms). Baseline (named "idle loop"): the same timer for
    2 s with nothing analysed. Target: no stall over 100 ms; max and p99 are printed.
(c) Rendering. A 20,000-word article with 2,000 entity mentions (spans found by the model,
    thinned evenly to 2,000) is opened in Reader's ``ArticleView``, fully marked (colours
    as the entity controller sets them), against the same text set in a plain, unmarked
    ``QTextEdit`` of the same size, in the same run: time from setting the text to the end
    of the first paint (``viewport().repaint()``), runs alternating, medians.
    Target: <= 1.5x.

Texts: CoNLL++ test documents (../shared/benchmarks-data/conllpp_test.txt, read in place,
or READER_CONLL; parsed as in ner_accuracy.py) lightly detokenised and joined into articles
of at least 300 words, for a real news density of names; the three sample articles from
resources/samples are among the 500. Without CoNLL++, synthetic.py's articles (capitalised
made-up names) with the samples' paragraphs mixed in.

    uv run python benchmarks/bench_entities.py [--articles 500] [--runs 2] [--render-runs 7]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import synthetic
from ner_accuracy import data_path, parse_conll

from reader.core.model import Article, ArticleDraft, EntitySpan
from reader.nlp.recognizer import ModelUnavailable, Recognizer
from reader.services.library import Library

THROUGHPUT_TARGET = 0.8  # Reader words/s >= 0.8x spaCy's
STALL_TARGET_MS = 100.0
RENDER_TARGET = 1.5
TICK_MS = 10
MIN_ARTICLE_WORDS = 300
RENDER_WORDS = 20_000
RENDER_MENTIONS = 2_000
SEED = 20261127

_SPACE_BEFORE = re.compile(r" ([.,:;!?%)\]}]|'s\b|n't\b)")
_SPACE_AFTER = re.compile(r"([(\[{$]) ")


# --- texts -------------------------------------------------------------------------------


def detokenise(line: str) -> str:
    """CoNLL's "Germany 's exports rose 2.1 % ( Reuters ) ." as it would be printed."""
    return _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", line))


def conll_documents() -> list[str] | None:
    path = data_path()
    if path is None:
        return None
    documents = []
    for document in parse_conll(path):
        lines = [detokenise(line) for line in document.text.splitlines() if line.strip()]
        # Sentences become paragraphs of up to three, as an importer would give them.
        paragraphs = [" ".join(lines[i : i + 3]) for i in range(0, len(lines), 3)]
        documents.append("\n\n".join(paragraphs))
    return documents


def sample_texts() -> list[str]:
    from reader.importers import iter_path
    from reader.paths import resource

    texts = []
    for path in sorted(resource("samples").glob("*.txt")):
        for item in iter_path(path):
            if isinstance(item, ArticleDraft):
                texts.append(item.text)
    return texts


def words(text: str) -> int:
    return len(text.split())


def make_articles(count: int) -> tuple[list[str], str]:
    """`count` distinct article texts of at least MIN_ARTICLE_WORDS words, and their source."""
    samples = sample_texts()
    documents = conll_documents()
    rng = random.Random(SEED)
    texts: list[str] = list(samples[:count])
    seen = {" ".join(t.split()) for t in texts}
    if documents:
        source = f"CoNLL++ test ({len(documents)} documents) + {len(samples)} samples"
        pool: list[str] = []
        while len(texts) < count:
            parts: list[str] = []
            while sum(words(p) for p in parts) < MIN_ARTICLE_WORDS:
                if not pool:
                    pool = documents[:]
                    rng.shuffle(pool)
                parts.append(pool.pop())
            text = "\n\n".join(parts)
            if " ".join(text.split()) not in seen:
                seen.add(" ".join(text.split()))
                texts.append(text)
    else:
        source = f"synthetic.py articles + {len(samples)} samples (CoNLL++ not found)"
        generator = synthetic.generator()
        paragraphs = [p for s in samples for p in s.split("\n\n") if words(p) > 20]
        index = 0
        while len(texts) < count:
            body = generator.article(index).text
            index += 1
            text = body + "\n\n" + rng.choice(paragraphs)
            if words(text) >= MIN_ARTICLE_WORDS and " ".join(text.split()) not in seen:
                seen.add(" ".join(text.split()))
                texts.append(text)
    return texts, source


def long_text(texts: list[str], target_words: int) -> str:
    """Paragraphs of `texts`, in order, up to exactly `target_words` words."""
    kept: list[str] = []
    count = 0
    for paragraph in (p for text in texts for p in text.split("\n\n")):
        paragraph = " ".join(paragraph.split()[: target_words - count])
        kept.append(paragraph)
        count += words(paragraph)
        if count >= target_words:
            break
    return "\n\n".join(kept)


# --- (a) + (b): the queue ------------------------------------------------------------------


@dataclass
class QueueRun:
    seconds: float
    stored: int
    stalls_ms: list[float]


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class TickRecorder:
    """A precise 10 ms QTimer on the UI thread; each tick's lateness (gap - interval)."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.stalls_ms: list[float] = []
        self._last = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.stalls_ms.append(max(0.0, (now - self._last) * 1000 - TICK_MS))
        self._last = now

    def start(self) -> None:
        self.stalls_ms = []
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> list[float]:
        self.timer.stop()
        return self.stalls_ms


def idle_loop(seconds: float) -> list[float]:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    ticks = TickRecorder()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    ticks.start()
    loop.exec()
    return ticks.stop()


def reset_analysis(path: Path) -> None:
    library = Library.open(path)
    for table in ("entity_runs", "entities", "model_entities"):
        library.conn.execute(f"DELETE FROM {table}")
    library.close()


def run_queue(path: Path, expected: int) -> QueueRun:
    """Reader's queue over every article of the library: scan() -> idle."""
    from PySide6.QtCore import QEventLoop, QTimer

    from reader.nlp.remote import RemoteRecognizer
    from reader.services.analysis import AnalysisQueue

    reset_analysis(path)
    model_process = RemoteRecognizer()
    list(model_process.analyze_model(["Warm-up text from Geneva."]))  # started and loaded
    queue = AnalysisQueue(path, recognizer=model_process)
    stored: list[int] = []
    queue.articleAnalysed.connect(stored.append)
    loop = QEventLoop()
    queue.idle.connect(loop.quit)

    def failed(reason: str) -> None:
        print(f"  queue failed: {reason}")
        loop.quit()

    queue.unavailable.connect(failed)
    queue.set_paused(True)
    queue.start()  # the worker opens its connection and waits
    time.sleep(0.2)
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)
    ticks = TickRecorder()
    ticks.start()
    started = time.perf_counter()
    queue.scan()
    queue.set_paused(False)
    guard.start(30 * 60 * 1000)
    loop.exec()
    elapsed = time.perf_counter() - started
    stalls = ticks.stop()
    queue.stop()
    if len(set(stored)) != expected:
        print(f"  warning: {len(set(stored))} of {expected} articles reported analysed")
    return QueueRun(elapsed, len(set(stored)), stalls)


def run_pipe(nlp: Any, texts: list[str], batch_size: int | None) -> float:
    """spaCy's own: nlp.pipe over the texts (its default batch size unless given)."""
    started = time.perf_counter()
    kwargs = {} if batch_size is None else {"batch_size": batch_size}
    for doc in nlp.pipe(texts, **kwargs):
        _ = doc.ents
    return time.perf_counter() - started


def throughput(args: argparse.Namespace, workdir: Path) -> tuple[bool, Recognizer]:
    texts, source = make_articles(args.articles)
    total_words = sum(words(t) for t in texts)
    print(
        f"\n(a) throughput, (b) responsiveness: {len(texts)} articles, {total_words:,} words "
        f"({total_words / len(texts):.0f} per article) from {source}"
    )
    recognizer = Recognizer()
    started = time.perf_counter()
    nlp = recognizer.load()
    print(
        f"model: {recognizer.model_version} ({', '.join(nlp.pipe_names)}), loaded in "
        f"{time.perf_counter() - started:.1f} s; spaCy batch_size {nlp.batch_size}"
    )
    path = workdir / "entities.sqlite"
    library = Library.open(path)
    library.articles.add_many(
        [ArticleDraft(f"Article {i + 1}", text) for i, text in enumerate(texts)]
    )
    stored_texts = [a.text for a in (library.get(i) for i in range(1, len(texts) + 1)) if a]
    library.close()
    assert stored_texts == texts, "the library changed the texts"

    run_pipe(nlp, texts[:32], None)  # warm-up
    idle = idle_loop(2.0)
    pipe_times: list[float] = []
    queue_runs: list[QueueRun] = []
    for run in range(args.runs):
        pipe_times.append(run_pipe(nlp, texts, None))
        queue_runs.append(run_queue(path, len(texts)))
        print(
            f"  run {run + 1}: spaCy nlp.pipe {pipe_times[-1]:.1f} s, "
            f"Reader's queue {queue_runs[-1].seconds:.1f} s"
        )
    from reader.services.analysis import BATCH

    scale = {size: run_pipe(nlp, texts, size) for size in sorted({BATCH, 16, 64})}
    best_pipe = min(pipe_times)
    best = min(queue_runs, key=lambda r: r.seconds)
    spacy_wps = total_words / best_pipe
    reader_wps = total_words / best.seconds
    ratio = reader_wps / spacy_wps
    fastest = min(best_pipe, *scale.values())
    ok_throughput = ratio >= THROUGHPUT_TARGET
    print(
        f"{f'baseline: spaCy nlp.pipe (batch {nlp.batch_size})':<38} {best_pipe:6.1f} s  "
        f"{spacy_wps:8,.0f} words/s"
    )
    print(
        f"{'Reader: AnalysisQueue scan -> idle':<38} {best.seconds:6.1f} s  "
        f"{reader_wps:8,.0f} words/s  ({best.stored} articles stored)"
    )
    for size, seconds in scale.items():
        print(
            f"{f'(for scale: nlp.pipe batch {size})':<38} {seconds:6.1f} s  "
            f"{total_words / seconds:8,.0f} words/s"
        )
    print(
        f"ratio Reader / spaCy: {ratio:.2f}x (best of {args.runs}; target >= "
        f"{THROUGHPUT_TARGET}x){'' if ok_throughput else '  <- MISSED'}; "
        f"against spaCy's fastest batch size above: {fastest / best.seconds:.2f}x"
    )

    all_stalls = [s for r in queue_runs for s in r.stalls_ms]
    worst = max(all_stalls, default=0.0)
    ok_stalls = worst <= STALL_TARGET_MS
    print(
        f"{'baseline: idle loop, 2 s':<38} ticks {len(idle):6,}  max {max(idle, default=0):6.1f} ms"
        f"  p99 {percentile(idle, 0.99):5.1f} ms"
    )
    print(
        f"{'UI timer while analysing':<38} ticks {len(all_stalls):6,}  max {worst:6.1f} ms  "
        f"p99 {percentile(all_stalls, 0.99):5.1f} ms  "
        f"over 100 ms: {sum(s > STALL_TARGET_MS for s in all_stalls)}"
    )
    print(
        f"max stall {worst:.1f} ms (target <= {STALL_TARGET_MS:.0f} ms)"
        f"{'' if ok_stalls else '  <- MISSED'}"
    )
    return ok_throughput and ok_stalls, recognizer


# --- (c): rendering ------------------------------------------------------------------------


def thin(spans: list[EntitySpan], count: int) -> list[EntitySpan]:
    if len(spans) <= count:
        return spans
    step = len(spans) / count
    return [spans[int(i * step)] for i in range(count)]


def rendering(args: argparse.Namespace, recognizer: Recognizer) -> bool:
    from PySide6.QtWidgets import QApplication, QTextEdit

    from reader.nlp.labels import LABELS, color
    from reader.ui.article_view import ArticleView

    texts, _source = make_articles(max(args.articles, 80))
    text = long_text(texts, RENDER_WORDS)
    [found] = list(recognizer.analyze([text]))
    spans = thin(found, RENDER_MENTIONS)
    article = Article(id=1, title="A long article", text=text, section="Benchmarks")
    print(
        f"\n(c) rendering: {words(text):,} words, {len(spans):,} entity mentions "
        f"(of {len(found):,} found), {text.count(chr(10) * 2) + 1} paragraphs"
    )
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    view = ArticleView()
    view.set_entity_colours({label: color(label) for label in LABELS})
    plain = QTextEdit()
    plain.setReadOnly(True)
    plain.setFont(view.reading_font())  # the same glyphs to lay out
    for widget in (view, plain):
        widget.resize(900, 800)
        widget.show()
    app.processEvents()

    short = Article(id=2, title="A short article", text=texts[0], section="Benchmarks")

    def reader_open(before: Article | None, marks: list[EntitySpan] = spans) -> float:
        view.show_article(before)
        app.processEvents()
        started = time.perf_counter()
        view.show_article(article, entities=marks)
        view.body.viewport().repaint()
        elapsed = time.perf_counter() - started
        assert len(view.highlighter.entity_marks()) == len(marks)
        return elapsed

    def plain_open(before: Article | None) -> float:
        plain.setPlainText(before.text if before else "")
        app.processEvents()
        started = time.perf_counter()
        plain.setPlainText(text)
        plain.viewport().repaint()
        return time.perf_counter() - started

    ok = True
    for name, before in (("from the empty view", None), ("switching from another", short)):
        reader_open(before), plain_open(before), reader_open(before, [])  # warm-up
        reader_times: list[float] = []
        plain_times: list[float] = []
        unmarked_times: list[float] = []
        for _ in range(args.render_runs):
            plain_times.append(plain_open(before))
            reader_times.append(reader_open(before))
            unmarked_times.append(reader_open(before, []))
        base = statistics.median(plain_times)
        ours = statistics.median(reader_times)
        ratio = ours / base
        ok = ok and ratio <= RENDER_TARGET
        print(f"  {name}:")
        print(f"  {'baseline: plain QTextEdit, unmarked':<36} {base * 1000:7.1f} ms (median)")
        print(f"  {'Reader: ArticleView, fully marked':<36} {ours * 1000:7.1f} ms (median)")
        print(
            f"  {'(for scale: ArticleView, no marks)':<36} "
            f"{statistics.median(unmarked_times) * 1000:7.1f} ms (median)"
        )
        print(
            f"  ratio Reader / plain: {ratio:.2f}x (median of {args.render_runs}; target <= "
            f"{RENDER_TARGET}x){'' if ratio <= RENDER_TARGET else '  <- MISSED'}"
        )
    view.close()
    plain.close()
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description="Entity analysis and rendering benchmarks.")
    parser.add_argument("--articles", type=int, default=500, help="articles to analyse")
    parser.add_argument("--runs", type=int, default=2, help="throughput runs (best of)")
    parser.add_argument("--render-runs", type=int, default=7, help="rendering runs (median)")
    parser.add_argument("--no-render", action="store_true", help="skip (c)")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    synthetic.DATA_DIR.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="entities-", dir=synthetic.DATA_DIR))
    try:
        ok, recognizer = throughput(args, workdir)
        if not args.no_render:
            ok = rendering(args, recognizer) and ok
    except ModelUnavailable as exc:
        print(f"{exc} Skipped.")
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    del app
    print("\nTargets: " + ("met" if ok else "MISSED (see above)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
