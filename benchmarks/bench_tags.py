"""Tag counts: the tag list and autocompletion on a heavy user's library.

The window refreshes its tag list (``TagStore.usage()``: articles, highlights and the
articles a filter by the tag lists) on the UI thread after it appears and after every tag
edit, and the tag editors complete from ``TagStore.names(prefix)``. Measured on a copy of
the annotated library (benchmarks/annotated.py: 100,000 articles, 200,000 highlights, ~300
tags on ~69,000 article links and ~15,000 highlight links), opened with the current Reader
(so migrated; the migration's time is printed). Paths alternate, medians, ms:

- **tags alone**: ``SELECT id, name FROM tags ORDER BY name``: the floor of any tag list.
- **schema 3 SQL**: the query ``usage()`` ran up to schema 3 (three correlated subqueries
  per tag, one of them a UNION of article ids), kept here as the named baseline.
- **GROUP BY once SQL**: the best query found that still counts when read (each link
  table aggregated once; highlights joined to their articles only where the article is
  not tagged itself), and ``article_tags GROUP BY alone``: what any such query costs at
  least. Both miss the 2 ms budget: hence schema v5's ``tag_usage``, kept by triggers.
- Reader's ``usage()``, ``counts()``, ``names()``, ``names(prefix)`` (limit 10).

Target: ``usage()`` under 2 ms. Edits pay for what the counts cost: adding and removing
one tag on the article with the most highlights, and on one of its highlights, and
deleting the most used tag and undoing that (``links``/``delete``/``restore_links``) are
timed too, for comparison across versions. At the end ``usage()`` is checked against the
schema 3 SQL (exit status 1 when they differ).

``--library`` takes an annotated library of any schema (it is copied and migrated), e.g.
one built before a schema change, which spares rebuilding the 100,000 articles.

    uv run python benchmarks/bench_tags.py [--small] [--n 100000] [--highlights 200000]
        [--runs 21] [--library ANNOTATED.sqlite]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import annotated
import synthetic
from timing import alternate, median_ms

from reader.services.library import Library
from reader.store.annotations import HighlightStore
from reader.store.db import connect
from reader.store.migrations import migrate
from reader.store.tags import TagStats, TagStore

USAGE_BUDGET_MS = 2.0
SCHEMA3_USAGE_SQL = """SELECT t.name,
      (SELECT count(*) FROM article_tags at WHERE at.tag_id = t.id),
      (SELECT count(*) FROM highlight_tags ht WHERE ht.tag_id = t.id),
      (SELECT count(*) FROM (
          SELECT at.article_id FROM article_tags at WHERE at.tag_id = t.id
          UNION
          SELECT h.article_id FROM highlight_tags ht
          JOIN highlights h ON h.id = ht.highlight_id WHERE ht.tag_id = t.id))
FROM tags t ORDER BY t.name COLLATE NOCASE, t.name"""
# The best query found that counts at read time: each table aggregated once, and the
# highlights joined only where their article does not carry the tag itself.
GROUP_BY_USAGE_SQL = """
WITH a AS (SELECT tag_id, count(*) AS n FROM article_tags GROUP BY tag_id),
     h AS (SELECT tag_id, count(*) AS n FROM highlight_tags GROUP BY tag_id),
     x AS (SELECT ht.tag_id, count(DISTINCT hl.article_id) AS n
           FROM highlight_tags ht JOIN highlights hl ON hl.id = ht.highlight_id
           WHERE NOT EXISTS (SELECT 1 FROM article_tags at
                             WHERE at.article_id = hl.article_id AND at.tag_id = ht.tag_id)
           GROUP BY ht.tag_id)
SELECT t.name, coalesce(a.n, 0), coalesce(h.n, 0), coalesce(a.n, 0) + coalesce(x.n, 0)
FROM tags t LEFT JOIN a ON a.tag_id = t.id LEFT JOIN h ON h.tag_id = t.id
LEFT JOIN x ON x.tag_id = t.id ORDER BY t.name COLLATE NOCASE, t.name"""
TAGS_ONLY_SQL = "SELECT id, name FROM tags ORDER BY name COLLATE NOCASE, name"


def timed(call: Callable[[], object]) -> Callable[[], float]:
    def run() -> float:
        started = time.perf_counter()
        call()
        return time.perf_counter() - started

    return run


def medians(paths: dict[str, Callable[[], float]], runs: int) -> dict[str, float]:
    """Each path's median, ms (timing.alternate: warmed up, alternating order)."""
    return {name: median_ms(times) for name, times in alternate(paths, runs).items()}


def reads(library: Library, runs: int) -> dict[str, float]:
    conn = library.conn
    tags = TagStore(conn)
    prefix = tags.names(limit=1)[0][:1]
    paths = {
        "tags alone": timed(lambda: conn.execute(TAGS_ONLY_SQL).fetchall()),
        "schema 3 SQL": timed(lambda: conn.execute(SCHEMA3_USAGE_SQL).fetchall()),
        "GROUP BY once SQL": timed(lambda: conn.execute(GROUP_BY_USAGE_SQL).fetchall()),
        "article_tags GROUP BY alone": timed(
            lambda: conn.execute(
                "SELECT tag_id, count(*) FROM article_tags GROUP BY tag_id"
            ).fetchall()
        ),
        "usage()": timed(tags.usage),
        "counts()": timed(tags.counts),
        "names()": timed(tags.names),
        f"names({prefix!r}, limit=10)": timed(lambda: tags.names(prefix, limit=10)),
    }
    return medians(paths, runs)


def edits(library: Library, heaviest: int, runs: int) -> dict[str, float]:
    """Each edit is undone in the same timed call, so every run starts from the same state."""
    conn = library.conn
    tags = TagStore(conn)
    highlight_id = conn.execute(
        "SELECT id FROM highlights WHERE article_id = ? ORDER BY start LIMIT 1", (heaviest,)
    ).fetchone()[0]
    most_used = conn.execute(
        "SELECT t.name FROM tags t JOIN article_tags at ON at.tag_id = t.id"
        " GROUP BY t.id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    on_article = tags.for_article(heaviest)
    on_highlight = tags.for_highlight(highlight_id)
    store = HighlightStore(conn)

    def article_tag() -> None:
        tags.add_to_article(heaviest, ["bench-tag"])
        tags.set_for_article(heaviest, on_article)

    def highlight_tag() -> None:
        store.set_tags(highlight_id, [*on_highlight, "bench-tag"])
        store.set_tags(highlight_id, on_highlight)

    def delete_and_undo() -> None:
        links = tags.links(most_used)
        assert links is not None
        tags.delete(most_used)
        tags.restore_links(links)

    times = medians(
        {
            "tag on + off the heaviest article": timed(article_tag),
            "tag on + off one of its highlights": timed(highlight_tag),
        },
        runs,
    )
    times[f"delete + restore {most_used!r}"] = medians(
        {"delete": timed(delete_and_undo)}, max(3, runs // 5)
    )["delete"]
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description="Tag counts on 100,000 articles.")
    parser.add_argument("--small", action="store_true", help="5,000 articles, 10,000 highlights")
    parser.add_argument("--n", type=int, help="articles (default 100,000)")
    parser.add_argument("--highlights", type=int, help="highlights (default 2 per article)")
    parser.add_argument("--runs", type=int, help="timed runs per measure (default 21; 7 small)")
    parser.add_argument("--seed", type=int, default=synthetic.DEFAULT_SEED)
    parser.add_argument(
        "--library", type=Path, help="an annotated library to copy (default: build or reuse one)"
    )
    args = parser.parse_args()
    n = args.n or (5_000 if args.small else 100_000)
    runs = args.runs or (7 if args.small else 21)
    source = args.library or annotated.build(n, args.highlights or 2 * n, seed=args.seed).path
    with tempfile.TemporaryDirectory(dir=synthetic.DATA_DIR, prefix="bench-tags-") as folder:
        copy = Path(folder) / source.name
        shutil.copyfile(source, copy)
        conn = connect(copy)
        started = time.perf_counter()
        migrate(conn, str(copy))  # what Library.open does, without its backup first
        migrated = (time.perf_counter() - started) * 1000
        library = Library(copy, conn)
        stats = conn.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM highlights),"
            " (SELECT count(*) FROM tags), (SELECT count(*) FROM article_tags),"
            " (SELECT count(*) FROM highlight_tags), (SELECT article_id FROM highlights"
            " GROUP BY article_id ORDER BY count(*) DESC LIMIT 1),"
            " (SELECT user_version FROM pragma_user_version)"
        ).fetchone()
        print(
            f"Library: copy of {source.name} (migrated to schema {stats[6]} in {migrated:.0f} ms)"
            f"\n{stats[0]:,} articles, {stats[1]:,} highlights, {stats[2]:,} tags,"
            f" {stats[3]:,} article tags, {stats[4]:,} highlight tags"
        )
        figures = reads(library, runs)
        base = figures["schema 3 SQL"]
        floor = figures["tags alone"]
        title = f"Reads, median of {runs}, ms"
        print(f"\n{title:<34} {'ms':>8} {'/schema 3':>10} {'/tags':>8}")
        for name, value in figures.items():
            print(f"  {name:<32} {value:8.2f} {value / base:9.2f}x {value / floor:7.1f}x")
        print("\nEdits (each undone in the same call), median, ms")
        for name, value in edits(library, int(stats[5]), runs).items():
            print(f"  {name:<40} {value:8.2f}")
        # The counts kept through those edits are still those counted from the links.
        counted = [TagStats(*row) for row in conn.execute(SCHEMA3_USAGE_SQL)]
        same = TagStore(conn).usage() == counted
        print(f"\nusage() after the edits equals the schema 3 SQL's counts: {same}")
        library.close()
    usage = figures["usage()"]
    met = usage < USAGE_BUDGET_MS
    print(f"\nTarget: usage() {usage:.2f} ms (< {USAGE_BUDGET_MS} ms) {'met' if met else 'MISSED'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
