"""Entity accuracy and throughput: raw spaCy against Reader's pipeline on CoNLL++ test.

Run from the repository root: `uv run python benchmarks/ner_accuracy.py`.

The data (../shared/benchmarks-data/conllpp_test.txt beside the repository, or the file
named by READER_CONLL) is read in place and never copied into the repository. Each
-DOCSTART- document becomes one text: tokens joined by spaces, sentences by newlines.
Predictions are scored by exact character span and type, after mapping OntoNotes labels
to CoNLL's four types (numeric labels are dropped). Lines without lower-case letters
(headlines, datelines) are scored apart, since the model finds few entities there.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.core.model import EntitySpan
from reader.nlp.casing import is_all_caps_line
from reader.nlp.recognizer import ModelUnavailable, Recognizer

TO_CONLL: dict[str, str] = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}

Span = tuple[int, int, str]


@dataclass
class Document:
    """One CoNLL document as Reader would see it: a text with gold spans."""

    text: str
    gold: list[Span]
    words: int
    caps_lines: list[tuple[int, int]] = field(default_factory=list)

    def in_caps_line(self, start: int) -> bool:
        return any(lo <= start < hi for lo, hi in self.caps_lines)


def data_path() -> Path | None:
    """The CoNLL++ test file, or None when it is not on this machine."""
    env = os.environ.get("READER_CONLL")
    candidates = [Path(env)] if env else []
    root_parent = Path(__file__).resolve().parents[2]
    candidates.append(root_parent / "shared" / "benchmarks-data" / "conllpp_test.txt")
    return next((p for p in candidates if p.is_file()), None)


def _build(sentences: list[list[tuple[str, str]]]) -> Document:
    lines: list[str] = []
    gold: list[Span] = []
    caps: list[tuple[int, int]] = []
    offset = 0
    words = 0
    for sentence in sentences:
        pieces: list[str] = []
        open_span: list[int | str] | None = None
        pos = offset
        for token, tag in sentence:
            start, end = pos, pos + len(token)
            if open_span is not None and (
                tag == "O" or tag.startswith("B-") or tag[2:] != open_span[2]
            ):
                gold.append((int(open_span[0]), int(open_span[1]), str(open_span[2])))
                open_span = None
            if tag != "O":
                if open_span is None:
                    open_span = [start, end, tag[2:]]
                else:
                    open_span[1] = end
            pieces.append(token)
            pos = end + 1
            words += 1
        if open_span is not None:
            gold.append((int(open_span[0]), int(open_span[1]), str(open_span[2])))
        line = " ".join(pieces)
        if is_all_caps_line(line):
            caps.append((offset, offset + len(line)))
        lines.append(line)
        offset += len(line) + 1
    return Document("\n".join(lines), gold, words, caps)


def parse_conll(path: Path) -> list[Document]:
    """Documents of a CoNLL-2003-style file (token POS chunk NER per line, IOB tags)."""
    documents: list[Document] = []
    sentences: list[list[tuple[str, str]]] = []
    sentence: list[tuple[str, str]] = []
    for raw in [*path.read_text(encoding="utf-8").splitlines(), "-DOCSTART- -X- -X- O"]:
        columns = raw.split()
        if not columns or columns[0] == "-DOCSTART-":
            if sentence:
                sentences.append(sentence)
                sentence = []
            if columns and sentences:
                documents.append(_build(sentences))
                sentences = []
            continue
        sentence.append((columns[0], columns[-1]))
    return documents


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def to_conll(spans: Iterable[EntitySpan]) -> list[Span]:
    return [(s.start, s.end, TO_CONLL[s.label]) for s in spans if s.label in TO_CONLL]


def score(documents: Sequence[Document], predictions: Sequence[list[Span]]) -> dict[str, Score]:
    """Exact-span scores overall, on all-caps lines and on the other lines."""
    scores = {"all": Score(), "caps": Score(), "other": Score()}
    for doc, predicted in zip(documents, predictions, strict=True):
        gold, pred = set(doc.gold), set(predicted)
        for items, attr in ((gold & pred, "tp"), (pred - gold, "fp"), (gold - pred, "fn")):
            for span in items:
                part = "caps" if doc.in_caps_line(span[0]) else "other"
                for name in ("all", part):
                    setattr(scores[name], attr, getattr(scores[name], attr) + 1)
    return scores


def report(name: str, scores: dict[str, Score], base: dict[str, Score] | None) -> None:
    for part, s in scores.items():
        line = f"{name:<8} {part:<6} P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}"
        if base is not None and base[part].f1:
            line += f"  (F1 x{s.f1 / base[part].f1:.3f} of raw)"
        print(line)


def timed(run: Callable[[], list[list[Span]]]) -> tuple[list[list[Span]], float]:
    start = time.perf_counter()
    result = run()
    return result, time.perf_counter() - start


def main() -> int:
    path = data_path()
    if path is None:
        print("CoNLL++ test data not found (set READER_CONLL): skipped.")
        return 0
    documents = parse_conll(path)
    texts = [d.text for d in documents]
    words = sum(d.words for d in documents)
    caps_gold = sum(doc.in_caps_line(s[0]) for doc in documents for s in doc.gold)
    total_gold = sum(len(d.gold) for d in documents)
    print(f"{path.name}: {len(documents)} documents, {words} words, {total_gold} entities")
    print(f"entities on all-caps lines: {caps_gold} ({caps_gold / total_gold:.1%})")
    recognizer = Recognizer()
    try:
        nlp = recognizer.load()
    except ModelUnavailable as exc:
        print(f"{exc} Skipped.")
        return 0
    print(f"model: {recognizer.model_version} ({', '.join(nlp.pipe_names)})")

    def raw() -> list[list[Span]]:
        return [
            [
                (e.start_char, e.end_char, TO_CONLL[e.label_])
                for e in doc.ents
                if e.label_ in TO_CONLL
            ]
            for doc in nlp.pipe(texts, batch_size=64)
        ]

    def reader() -> list[list[Span]]:
        return [to_conll(spans) for spans in recognizer.analyze(texts, batch_size=64)]

    raw(), reader()  # warm-up
    raw_times: list[float] = []
    reader_times: list[float] = []
    for _ in range(3):
        raw_pred, t = timed(raw)
        raw_times.append(t)
        reader_pred, t = timed(reader)
        reader_times.append(t)
    plain = Recognizer(case_restoration=False, nlp=nlp)  # same model, input as written
    plain_pred = [to_conll(spans) for spans in plain.analyze(texts, batch_size=64)]
    base = score(documents, raw_pred)
    report("raw sm", base, None)
    report("Reader", score(documents, reader_pred), base)
    print("Reader without case restoration (model sees headlines as written):")
    report("no-case", score(documents, plain_pred), base)
    raw_wps, reader_wps = words / min(raw_times), words / min(reader_times)
    print(
        f"throughput: raw nlp.pipe {raw_wps:,.0f} words/s, Reader {reader_wps:,.0f} words/s "
        f"(x{reader_wps / raw_wps:.2f}; best of 3)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
