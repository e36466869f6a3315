"""An annotated copy of a synthetic library: highlights, notes and tags, as a heavy user has.

Highlights are spread over articles Zipf-like (rank r gets about ``HEAVIEST / sqrt(r)``):
one article with ~500 (the "open" case), a few dozen with a hundred or more, and a long
tail of articles with two or three. Each highlight covers 1-12 whole words at a random
place and is added through ``AnnotationService.add_highlight``, as the UI adds one (its
selector from ``reader.core.anchoring.make_selector``; the schema v3 triggers fill
``annotations_fts`` exactly as in the app), in large transactions. About 15% carry a
note (words of the article, and in a few ``NOTE_ONLY_WORD``, a word found in no
article's text), 5% one or two tags out of ``TAG_COUNT``. Some articles get a note and
tags of their own; ``EXPORT_TAG`` is put on ``EXPORT_ARTICLES`` articles for the tag
export.

The copy is cached beside the plain library, keyed by its name plus the highlight count
and ``ANNOTATION_VERSION``, and built under a temporary name (renamed when complete).

    uv run python benchmarks/annotated.py --n 100000 --highlights 200000 [--rebuild]
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import synthetic

from reader.core.colours import HIGHLIGHT_COLOURS
from reader.services.annotations import AnnotationService
from reader.services.library import Library
from reader.store.db import connect, transaction

# Bump when what is generated changes, so cached copies are rebuilt.
ANNOTATION_VERSION = 2
HEAVIEST = 500  # highlights on the most annotated article
NOTE_SHARE = 0.15
TAG_SHARE = 0.05
TAG_COUNT = 300
NOTE_ONLY_WORD = "quillwortian"  # made up; never in the generated texts
NOTE_ONLY_SHARE = 0.01  # of the notes
ARTICLE_NOTE_SHARE = 0.10  # of the annotated articles
ARTICLE_TAG_SHARE = 0.10
EXPORT_TAG = "load-export"
EXPORT_ARTICLES = 1_000
BATCH = 2_000  # articles per transaction
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class AnnotatedLibrary:
    path: Path
    plain: Path
    heaviest_id: int  # the article with the most highlights
    heaviest_count: int


def cache_path(plain: Path, highlights: int) -> Path:
    return plain.with_name(f"{plain.stem}-h{highlights}-ann{ANNOTATION_VERSION}.sqlite")


def zipf_counts(total: int, articles: int) -> list[int]:
    """Highlights per article, most first: ``HEAVIEST / sqrt(rank)`` (at least 1) until
    ``total`` is reached, over at most ``articles`` articles."""
    counts: list[int] = []
    left = total
    rank = 1
    while left > 0 and rank <= articles:
        count = min(left, max(1, round(HEAVIEST / rank**0.5)))
        counts.append(count)
        left -= count
        rank += 1
    index = 1
    while left > 0:  # more highlights than the curve gives over every article
        counts[index % len(counts)] += 1
        left -= 1
        index += 1
    return counts


def build(
    n: int,
    highlights: int,
    *,
    seed: int = synthetic.DEFAULT_SEED,
    rebuild: bool = False,
    quiet: bool = False,
) -> AnnotatedLibrary:
    """The annotated copy of ``synthetic.build_library(n)`` (built once, then reused)."""
    plain = synthetic.build_library(n, seed=seed, quiet=quiet)
    target = cache_path(plain, highlights)
    if rebuild or not target.exists():
        _build(plain, target, highlights, seed, quiet)
    conn = connect(target, readonly=True)
    row = conn.execute(
        "SELECT article_id, count(*) FROM highlights GROUP BY article_id"
        " ORDER BY count(*) DESC, article_id LIMIT 1"
    ).fetchone()
    conn.close()
    return AnnotatedLibrary(target, plain, int(row[0]), int(row[1]))


def _build(plain: Path, target: Path, highlights: int, seed: int, quiet: bool) -> None:
    started = time.perf_counter()
    partial = target.with_name(target.name + ".partial")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    source = sqlite3.connect(plain)
    copy = sqlite3.connect(partial)
    source.backup(copy)  # whole, even if the plain library has a WAL
    copy.close()
    source.close()

    conn = connect(partial)
    conn.execute("PRAGMA synchronous = OFF")  # the file format does not depend on this
    conn.execute("PRAGMA cache_size = -65536")
    rng = random.Random(f"annotated-{seed}-{highlights}")
    ids = [row[0] for row in conn.execute("SELECT id FROM articles ORDER BY id")]
    counts = zipf_counts(highlights, len(ids))
    chosen = rng.sample(ids, len(counts))
    # The heaviest goes on a long article, so its highlights are not all on top of each other.
    sample = rng.sample(ids, min(200, len(ids)))
    longest = max(
        sample,
        key=lambda i: conn.execute("SELECT word_count FROM articles WHERE id = ?", (i,)).fetchone()[
            0
        ],
    )
    if longest in chosen:
        chosen.remove(longest)
    else:
        chosen.pop()
    chosen.insert(0, longest)
    vocabulary = synthetic.generator(seed).vocabulary
    tags = [f"{word}-{index}" for index, word in enumerate(vocabulary[2000 : 2000 + TAG_COUNT])]
    tag_weights = [1 / (rank + 1) for rank in range(len(tags))]

    service = AnnotationService(Library(partial, conn))
    articles = service.article_state
    done = 0
    plan = list(zip(chosen, counts, strict=True))
    for offset in range(0, len(plan), BATCH):
        part = plan[offset : offset + BATCH]
        with transaction(conn):
            for article_id, count in part:
                text = conn.execute(
                    "SELECT text FROM articles WHERE id = ?", (article_id,)
                ).fetchone()[0]
                words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
                for _ in range(count):
                    _add_highlight(service, rng, article_id, text, words, tags, tag_weights)
                if rng.random() < ARTICLE_NOTE_SHARE:
                    articles.set_note(article_id, _words(rng, text, words, 5, 30))
                if rng.random() < ARTICLE_TAG_SHARE:
                    chosen_tags = rng.choices(tags, tag_weights, k=rng.randint(1, 3))
                    articles.highlights.tags.add_to_article(article_id, chosen_tags)
                done += count
        if not quiet:
            rate = done / (time.perf_counter() - started)
            print(
                f"  annotated: {done:,}/{highlights:,} highlights ({rate:,.0f}/s)", file=sys.stderr
            )
    with transaction(conn):
        for article_id in rng.sample(ids, min(EXPORT_ARTICLES, len(ids))):
            articles.highlights.tags.add_to_article(article_id, [EXPORT_TAG])
    in_text = conn.execute(
        "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (NOTE_ONLY_WORD,)
    ).fetchone()[0]
    if in_text:
        raise RuntimeError(f"{NOTE_ONLY_WORD!r} occurs in article texts: choose another word")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA optimize")
    conn.close()
    partial.rename(target)
    if not quiet:
        size = target.stat().st_size / 1e6
        print(
            f"  library {target.name}: {highlights:,} highlights on {len(plan):,} articles,"
            f" {size:,.0f} MB, {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )


def _words(rng: random.Random, text: str, words: list[tuple[int, int]], low: int, high: int) -> str:
    first = rng.randrange(len(words))
    picked = words[first : first + rng.randint(low, high)]
    return " ".join(text[start:end] for start, end in picked)


def _add_highlight(
    service: AnnotationService,
    rng: random.Random,
    article_id: int,
    text: str,
    words: list[tuple[int, int]],
    tags: list[str],
    tag_weights: list[float],
) -> None:
    """One highlight of 1-12 whole words, as the UI adds it (the service reads the text
    and makes the selector), maybe with a note and tags."""
    first = rng.randrange(len(words))
    last = min(len(words) - 1, first + rng.randint(0, 11))
    note = ""
    if rng.random() < NOTE_SHARE:
        note = _words(rng, text, words, 3, 20)
        if rng.random() < NOTE_ONLY_SHARE:
            note += f" {NOTE_ONLY_WORD}"
    chosen: list[str] = []
    if rng.random() < TAG_SHARE:
        chosen = rng.choices(tags, tag_weights, k=rng.randint(1, 2))
    colour = rng.choice(HIGHLIGHT_COLOURS).name
    service.add_highlight(
        article_id, words[first][0], words[last][1], colour, note=note, tags=chosen
    )


def _main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles")
    parser.add_argument("--highlights", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=synthetic.DEFAULT_SEED)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    library = build(args.n, args.highlights, seed=args.seed, rebuild=args.rebuild)
    print(f"{library.path}\nheaviest: article {library.heaviest_id}, {library.heaviest_count}")


if __name__ == "__main__":
    _main()
