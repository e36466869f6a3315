"""Synthetic news articles for the benchmarks: realistic sizes, a Zipf-distributed vocabulary.

The vocabulary is ~150 real English function words at the top ranks followed by made-up
words (syllable soup) down to 30,000 ranks, drawn with a Zipf law (exponent 1.07, about
what English news shows). Sentences get capitalised names (people, places, organisations,
themselves Zipf-distributed), common news collocations ("prime minister", ...) and commas;
articles are 300-900 words in paragraphs, with a title and, for some, a section, byline,
source URL, published date and tags.

Article ``i`` depends only on ``(seed, i)``: a library of 5,000 is the first 5,000 of a
library of 100,000, and batches can be generated in other processes.

Usage::

    uv run python benchmarks/synthetic.py library --n 100000    # build (or reuse) the cache
    uv run python benchmarks/synthetic.py txt --n 1000 --out /tmp/txt
    uv run python benchmarks/synthetic.py jsonl --n 1000 --out /tmp/a.jsonl
    uv run python benchmarks/synthetic.py sample                # print one article
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script without an editable install
    sys.path.insert(0, str(ROOT))

from reader.core.model import ArticleDraft  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
DATA_DIR = BENCH_DIR / "_data"

# Bump when the generated text changes, so cached libraries are rebuilt.
GENERATOR_VERSION = 1
DEFAULT_SEED = 20240601
VOCAB_SIZE = 30_000
ZIPF_EXPONENT = 1.07
MIN_WORDS, MAX_WORDS = 300, 900

# Real English function/common words, roughly by frequency: they take the top ranks.
FUNCTION_WORDS = """
the of and to a in that is was he for it with as his on be at by this had not are but
from or have an they which one you were her all she there would their we him been has
when who will more no if out so said what up its about into than them can only other new
some could time these two may then do first any my now such like our over man me even most
made after also did many before must through back years where much your way well down
should because each just those people how too little state good very make world still own
see men work long get here between both life being under never day same another know while
last might us great old year off come since against go came right used take three
""".split()  # noqa: SIM905 (easier to read and edit as text)

SYLLABLE_ONSETS = [
    "b",
    "c",
    "d",
    "f",
    "g",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "w",
    "z",
    "br",
    "cr",
    "dr",
    "fr",
    "gr",
    "pr",
    "tr",
    "bl",
    "cl",
    "fl",
    "gl",
    "pl",
    "sl",
    "st",
    "sp",
    "sk",
    "sh",
    "ch",
    "th",
    "qu",
    "",
]
SYLLABLE_VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "io", "y", "ee", "oa"]
SYLLABLE_CODAS = ["", "", "", "n", "r", "s", "t", "l", "m", "nd", "st", "rk", "ng", "x", "ck"]

FIRST_NAMES = """
James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara
Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony
Betty Mark Sandra Donald Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle
Sergei Olga Ahmed Fatima Wei Mei Hiroshi Yuki Carlos Lucia Pierre Amelie Klaus Ingrid
Raj Priya Kwame Ama Ivan Elena Mohammed Aisha Juan Sofia
""".split()  # noqa: SIM905 (easier to read and edit as text)

COLLOCATIONS = [
    "prime minister",
    "foreign minister",
    "central bank",
    "police said",
    "interest rates",
    "last week",
    "human rights",
    "climate change",
    "supreme court",
    "stock market",
    "chief executive",
    "press conference",
    "told reporters",
    "security forces",
    "peace talks",
    "trade deal",
    "election campaign",
    "finance minister",
    "health care",
    "news agency",
    "armed forces",
    "opposition leader",
    "state media",
    "oil prices",
    "per cent",
    "the government",
    "the president",
    "the company",
    "the ministry",
    "the agency",
    "according to",
    "on monday",
    "on tuesday",
    "on wednesday",
    "on thursday",
    "on friday",
    "in a statement",
    "said on",
    "a spokesman for",
    "officials said",
]

SECTIONS = [
    "News / World",
    "News / Politics",
    "Business",
    "Home > Economy",
    "Science",
    "News / Europe",
    "Sport",
    "Home > Technology",
    "Culture",
    "News / Asia",
]
TAGS = [
    "politics",
    "economy",
    "europe",
    "asia",
    "energy",
    "courts",
    "health",
    "tech",
    "climate",
    "sport",
    "to-read",
    "follow-up",
]


@dataclass(frozen=True, slots=True)
class SyntheticArticle:
    title: str
    text: str
    section: str
    byline: str
    source_url: str
    published: str
    tags: tuple[str, ...]

    def draft(self) -> ArticleDraft:
        return ArticleDraft(
            title=self.title,
            text=self.text,
            section=self.section,
            byline=self.byline,
            source_url=self.source_url,
            published=self.published,
            tags=self.tags,
        )

    def as_txt(self) -> str:
        """A plain-text file as a user would save it: [section] title, [byline], paragraphs."""
        head = [self.section] if self.section else []
        head.append(self.title)
        lines = ["\n".join(head), ""]
        if self.byline:
            lines += [self.byline, ""]
        lines.append(self.text)
        return "\n".join(lines) + "\n"

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {"title": self.title, "text": self.text}
        if self.source_url:
            data["url"] = self.source_url
        if self.published:
            data["published"] = self.published
        if self.byline:
            data["author"] = self.byline.removeprefix("By ")
        if self.section:
            data["section"] = self.section
        if self.tags:
            data["tags"] = list(self.tags)
        return data


def _zipf_cum_weights(size: int, exponent: float) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank**exponent) for rank in range(1, size + 1)))


def _made_up_word(rng: random.Random, syllables: int) -> str:
    parts = []
    for _ in range(syllables):
        parts.append(rng.choice(SYLLABLE_ONSETS) + rng.choice(SYLLABLE_VOWELS))
    parts.append(rng.choice(SYLLABLE_CODAS))
    return "".join(parts)


def _unique_words(rng: random.Random, count: int, taken: set[str], lengths: list[int]) -> list[str]:
    words: list[str] = []
    while len(words) < count:
        # Frequent words are short, rare ones longer (as in real language).
        syllables = lengths[min(len(words) * len(lengths) // count, len(lengths) - 1)]
        word = _made_up_word(rng, rng.choice((syllables, syllables, syllables + 1)))
        if len(word) < 2 or word in taken:
            continue
        taken.add(word)
        words.append(word)
    return words


class ArticleGenerator:
    """Deterministic: the same seed gives the same vocabulary and the same articles."""

    def __init__(
        self,
        seed: int = DEFAULT_SEED,
        vocab_size: int = VOCAB_SIZE,
        exponent: float = ZIPF_EXPONENT,
    ) -> None:
        self.seed = seed
        self.exponent = exponent
        rng = random.Random(f"vocabulary-{seed}")
        taken = set(FUNCTION_WORDS) | {w for c in COLLOCATIONS for w in c.split()}
        made_up = _unique_words(rng, vocab_size - len(FUNCTION_WORDS), taken, [1, 2, 2, 3, 3, 4])
        self.vocabulary: list[str] = FUNCTION_WORDS + made_up
        self.cum_weights = _zipf_cum_weights(len(self.vocabulary), exponent)
        # Names: surnames and places are capitalised made-up words, Zipf-distributed too.
        self.surnames = [w.capitalize() for w in _unique_words(rng, 3000, taken, [2, 3])]
        self.places = [w.capitalize() for w in _unique_words(rng, 1500, taken, [2, 3, 4])]
        self.organisations = [
            f"{rng.choice(['National', 'United', 'Federal', 'Royal', 'Global'])} "
            f"{w.capitalize()} {rng.choice(['Bank', 'Party', 'Council', 'Group', 'Agency'])}"
            for w in _unique_words(rng, 400, taken, [2, 3])
        ]
        self.sites = [f"{w}.example.com" for w in _unique_words(rng, 60, taken, [2])]
        self.name_weights = _zipf_cum_weights(len(self.surnames), 1.0)
        self.place_weights = _zipf_cum_weights(len(self.places), 1.0)
        self.org_weights = _zipf_cum_weights(len(self.organisations), 1.0)
        self.colloc_weights = _zipf_cum_weights(len(COLLOCATIONS), 1.0)
        self.site_weights = _zipf_cum_weights(len(self.sites), 1.0)

    # --- one article ---------------------------------------------------------------------

    def article(self, index: int) -> SyntheticArticle:
        rng = random.Random(self.seed * 1_000_003 + index)
        length = rng.randint(MIN_WORDS, MAX_WORDS)
        text = self._body(rng, length)
        title = self._title(rng)
        section = rng.choice(SECTIONS) if rng.random() < 0.3 else ""
        byline = f"By {self._person(rng)}" if rng.random() < 0.5 else ""
        url = ""
        if rng.random() < 0.7:
            site = rng.choices(self.sites, cum_weights=self.site_weights)[0]
            slug = "-".join(title.lower().split()[:6])
            url = f"https://www.{site}/{2015 + index % 10}/{slug}-{index}"
        published = ""
        if rng.random() < 0.8:
            day = rng.randrange(0, 3650)
            published = time.strftime("%Y-%m-%d", time.gmtime(1_420_070_400 + day * 86_400))
        tags: tuple[str, ...] = ()
        if rng.random() < 0.3:
            tags = tuple(sorted(set(rng.sample(TAGS, rng.randint(1, 3)))))
        return SyntheticArticle(title, text, section, byline, url, published, tags)

    def articles(self, start: int, stop: int) -> list[SyntheticArticle]:
        return [self.article(i) for i in range(start, stop)]

    def drafts(self, start: int, stop: int) -> list[ArticleDraft]:
        return [self.article(i).draft() for i in range(start, stop)]

    def _person(self, rng: random.Random) -> str:
        surname = rng.choices(self.surnames, cum_weights=self.name_weights)[0]
        return f"{rng.choice(FIRST_NAMES)} {surname}"

    def _name(self, rng: random.Random) -> str:
        kind = rng.random()
        if kind < 0.45:
            return self._person(rng)
        if kind < 0.6:  # a surname alone, as in "Lavrov said"
            return rng.choices(self.surnames, cum_weights=self.name_weights)[0]
        if kind < 0.85:
            return rng.choices(self.places, cum_weights=self.place_weights)[0]
        return rng.choices(self.organisations, cum_weights=self.org_weights)[0]

    def _title(self, rng: random.Random) -> str:
        words = rng.choices(self.vocabulary[40:], k=rng.randint(4, 10))
        words.insert(rng.randrange(len(words)), self._name(rng))
        title = " ".join(words)
        return title[0].upper() + title[1:]

    def _body(self, rng: random.Random, length: int) -> str:
        words = rng.choices(self.vocabulary, cum_weights=self.cum_weights, k=length)
        sentences: list[str] = []
        position = 0
        while position < length:
            size = rng.randint(6, 30)
            sentence = words[position : position + size]
            position += size
            if rng.random() < 0.4:
                sentence.insert(rng.randrange(len(sentence) + 1), self._name(rng))
            if rng.random() < 0.06:
                colloc = rng.choices(COLLOCATIONS, cum_weights=self.colloc_weights)[0]
                sentence.insert(rng.randrange(len(sentence) + 1), colloc)
            if len(sentence) > 8 and rng.random() < 0.4:
                comma = rng.randrange(2, len(sentence) - 2)
                sentence[comma] += ","
            first = sentence[0]
            sentence[0] = first[0].upper() + first[1:]
            sentences.append(" ".join(sentence) + ".")
        paragraphs: list[str] = []
        position = 0
        while position < len(sentences):
            size = rng.randint(1, 5)
            paragraphs.append(" ".join(sentences[position : position + size]))
            position += size
        return "\n\n".join(paragraphs)

    # --- picking query words ----------------------------------------------------------------

    def expected_doc_fraction(self, rank: int) -> float:
        """Expected share of articles whose body contains the word at this 0-based rank."""
        total = self.cum_weights[-1]
        probability = (1.0 / ((rank + 1) ** self.exponent)) / total
        lengths = range(MIN_WORDS, MAX_WORDS + 1, 10)
        return sum(1.0 - (1.0 - probability) ** n for n in lengths) / len(lengths)

    def words_near_doc_fraction(self, target: float, count: int = 5) -> list[str]:
        """Vocabulary words whose expected document fraction is closest to ``target``."""
        ranks = sorted(
            range(len(self.vocabulary)),
            key=lambda r: abs(math.log(self.expected_doc_fraction(r) / target)),
        )
        return [self.vocabulary[r] for r in ranks[:count]]


@cache
def generator(seed: int = DEFAULT_SEED) -> ArticleGenerator:
    return ArticleGenerator(seed)


def _generate_drafts(args: tuple[int, int, int]) -> list[ArticleDraft]:
    seed, start, stop = args
    return generator(seed).drafts(start, stop)


def _generate_articles(args: tuple[int, int, int]) -> list[SyntheticArticle]:
    seed, start, stop = args
    return generator(seed).articles(start, stop)


def iter_batches(
    n: int, seed: int = DEFAULT_SEED, batch: int = 1000, workers: int | None = None
) -> Iterator[list[SyntheticArticle]]:
    """Articles 0..n-1 in order, in batches, generated in worker processes when worthwhile."""
    ranges = [(seed, start, min(start + batch, n)) for start in range(0, n, batch)]
    workers = (os.cpu_count() or 1) if workers is None else workers
    if workers <= 1 or len(ranges) <= 2:
        for args in ranges:
            yield _generate_articles(args)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        # map() keeps order; it submits everything up front, so bound memory by chunks.
        window = workers * 3
        for offset in range(0, len(ranges), window):
            yield from pool.map(_generate_articles, ranges[offset : offset + window])


def _iter_draft_batches(
    n: int, seed: int, batch: int, workers: int
) -> Iterator[list[ArticleDraft]]:
    ranges = [(seed, start, min(start + batch, n)) for start in range(0, n, batch)]
    if workers <= 1 or len(ranges) <= 2:
        for args in ranges:
            yield _generate_drafts(args)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        window = workers * 3
        for offset in range(0, len(ranges), window):
            yield from pool.map(_generate_drafts, ranges[offset : offset + window])


# --- outputs ---------------------------------------------------------------------------------


def library_cache_path(n: int, seed: int = DEFAULT_SEED) -> Path:
    from reader.store.migrations import CURRENT_VERSION

    return DATA_DIR / f"library-n{n}-schema{CURRENT_VERSION}-gen{GENERATOR_VERSION}-s{seed}.sqlite"


def build_library(
    n: int,
    path: Path | None = None,
    *,
    seed: int = DEFAULT_SEED,
    batch: int = 1000,
    workers: int | None = None,
    rebuild: bool = False,
    quiet: bool = False,
) -> Path:
    """A Reader library of ``n`` synthetic articles, built through ``ArticleStore.add_many``.

    Without ``path`` the file is cached in benchmarks/_data/ keyed by n, schema version,
    generator version and seed, and reused on the next run. The file is built under a
    temporary name and renamed when complete, so an interrupted build is never reused.
    """
    from reader.store.articles import ArticleStore
    from reader.store.db import connect
    from reader.store.migrations import migrate

    target = path or library_cache_path(n, seed)
    if target.exists() and not rebuild:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    if workers is None:
        workers = max(1, (os.cpu_count() or 1))
    started = time.perf_counter()
    conn = connect(partial)
    migrate(conn, str(partial))
    # The file format does not depend on this; it only spares fsyncs during the build.
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -65536")
    store = ArticleStore(conn)
    done = 0
    for drafts in _iter_draft_batches(n, seed, batch, workers):
        store.add_many(drafts)
        done += len(drafts)
        if not quiet and (done % 10_000 == 0 or done == n):
            rate = done / (time.perf_counter() - started)
            print(f"  built {done:,}/{n:,} articles ({rate:,.0f}/s)", file=sys.stderr)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA optimize")
    conn.close()
    if rebuild:
        for old in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
            old.unlink(missing_ok=True)
    partial.rename(target)
    if not quiet:
        size = target.stat().st_size / 1e6
        elapsed = time.perf_counter() - started
        print(
            f"  library {target.name}: {n:,} articles, {size:,.0f} MB, {elapsed:.1f} s",
            file=sys.stderr,
        )
    return target


def write_txt_folder(n: int, folder: Path, *, seed: int = DEFAULT_SEED) -> list[Path]:
    """``n`` .txt files, one article each (section line, title, byline, paragraphs)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for batch in iter_batches(n, seed):
        for article in batch:
            path = folder / f"article-{len(paths):06d}.txt"
            path.write_text(article.as_txt(), encoding="utf-8")
            paths.append(path)
    return paths


def write_jsonl(n: int, path: Path, *, seed: int = DEFAULT_SEED) -> Path:
    """One JSON object per line: title, text, url, published, author, section, tags."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for batch in iter_batches(n, seed):
            out.writelines(json.dumps(a.as_json(), ensure_ascii=False) + "\n" for a in batch)
    return path


def doc_fraction(conn: sqlite3.Connection, fts_query: str, total: int) -> float:
    row = conn.execute(
        "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (fts_query,)
    ).fetchone()
    return int(row[0]) / max(total, 1)


def pick_word(
    conn: sqlite3.Connection, target: float, total: int, *, seed: int = DEFAULT_SEED
) -> tuple[str, float]:
    """The word whose measured document fraction in the library is closest to ``target``."""
    candidates = generator(seed).words_near_doc_fraction(target, count=7)
    measured = [(word, doc_fraction(conn, f'"{word}"', total)) for word in candidates]
    return min(measured, key=lambda item: abs(math.log(max(item[1], 1e-9) / target)))


def _main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["library", "txt", "jsonl", "sample"])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, help="output file or folder (txt/jsonl/library)")
    parser.add_argument("--rebuild", action="store_true", help="ignore a cached library")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.what == "library":
        path = build_library(args.n, args.out, seed=args.seed, rebuild=args.rebuild)
        print(path)
    elif args.what == "txt":
        out = args.out or DATA_DIR / f"txt-{args.n}"
        write_txt_folder(args.n, out, seed=args.seed)
        print(out)
    elif args.what == "jsonl":
        out = args.out or DATA_DIR / f"articles-{args.n}.jsonl"
        write_jsonl(args.n, out, seed=args.seed)
        print(out)
    else:
        print(generator(args.seed).article(0).as_txt())
    print(f"{time.perf_counter() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    _main()
