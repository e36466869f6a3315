"""The tag counts kept by schema v5's triggers (tag_usage) always equal the counts made
from the links themselves (tag_reference), whatever the edits: tags on articles and on
highlights, on both, on neither; highlights deleted, moved back by an undo, articles
deleted; tags renamed, merged, deleted and restored; names differing in case or accents."""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.model import ArticleDraft, Highlight
from reader.services.library import Library
from reader.store.annotations import HighlightStore
from reader.store.tags import TagStats, TagStore
from tests.unit.store import tag_reference

# Case and accents: SQLite's NOCASE makes "Trade" and "TRADE" one tag, but "été", "Été"
# and "ete" three, and "naïve" / "NAÏVE" two.
NAMES = ["trade", "Trade", "TRADE", "été", "Été", "ete", "naïve", "NAÏVE", "x  y", "100%_"]
PREFIXES = ["", "t", "TR", "é", "É", "e", "na", "x y", "100%", "zzz"]
ARTICLES = 4
HIGHLIGHTS = [f"h{index}" for index in range(6)]

tag_names = st.lists(st.sampled_from(NAMES), max_size=3)
article = st.integers(0, ARTICLES - 1)
highlight = st.sampled_from(HIGHLIGHTS)
edit = st.one_of(
    st.tuples(st.just("tag article"), article, tag_names),
    st.tuples(st.just("set article tags"), article, tag_names),
    st.tuples(st.just("untag article"), article, tag_names),
    st.tuples(st.just("put highlight"), highlight, article, tag_names),
    st.tuples(st.just("set highlight tags"), highlight, tag_names),
    st.tuples(st.just("delete highlight"), highlight),
    st.tuples(st.just("delete article"), article),
    st.tuples(st.just("rename"), st.sampled_from(NAMES), st.sampled_from(NAMES)),
    st.tuples(st.just("delete tag"), st.sampled_from(NAMES)),
    st.tuples(st.just("delete tag and undo"), st.sampled_from(NAMES)),
    st.tuples(st.just("unused tag"), st.sampled_from(NAMES)),
    st.tuples(st.just("move article link"), article, article),
    st.tuples(st.just("move highlight link"), highlight, highlight),
)


class Edits:
    """Applies one generated edit through the stores, as the app does (raw SQL only for
    the updates of a link, which Reader never makes but the schema allows)."""

    def __init__(self, library: Library) -> None:
        self.conn = library.conn
        self.library = library
        self.tags = TagStore(self.conn)
        self.highlights = HighlightStore(self.conn)
        self.ids = [
            library.articles.add(ArticleDraft(f"Article {i}", f"Words of article {i}."))[0]
            for i in range(ARTICLES)
        ]

    def exists(self, index: int) -> bool:
        row = self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (self.ids[index],))
        return row.fetchone() is not None

    def apply(self, step: tuple[object, ...]) -> None:
        kind, *args = step
        if kind in ("tag article", "set article tags", "untag article"):
            index, names = args
            assert isinstance(index, int) and isinstance(names, list)
            if not self.exists(index):
                return
            if kind == "tag article":
                self.tags.add_to_article(self.ids[index], names)
            elif kind == "set article tags":
                self.tags.set_for_article(self.ids[index], names)
            else:
                self.tags.remove_from_article(self.ids[index], names)
        elif kind == "put highlight":  # a new one, or an undo putting one back as it was
            hid, index, names = args
            assert isinstance(hid, str) and isinstance(index, int) and isinstance(names, list)
            if self.exists(index):
                self.highlights.restore(
                    Highlight(hid, self.ids[index], 0, 5, "Words", tags=tuple(names))
                )
        elif kind == "set highlight tags":
            hid, names = args
            assert isinstance(hid, str) and isinstance(names, list)
            self.highlights.set_tags(hid, names)
        elif kind == "delete highlight":
            self.highlights.delete(str(args[0]))
        elif kind == "delete article":
            assert isinstance(args[0], int)
            self.library.articles.delete(self.ids[args[0]])
        elif kind == "rename":
            with contextlib.suppress(KeyError):  # no such tag
                self.tags.rename(str(args[0]), str(args[1]))
        elif kind == "delete tag":
            self.tags.delete(str(args[0]))
        elif kind == "delete tag and undo":
            links = self.tags.links(str(args[0]))
            self.tags.delete(str(args[0]))
            if links is not None:
                self.tags.restore_links(links)
        elif kind == "unused tag":
            self.tags.ensure(str(args[0]))
        elif kind == "move article link":
            source, target = args
            assert isinstance(source, int) and isinstance(target, int)
            with self.conn:
                self.conn.execute(
                    "UPDATE OR IGNORE article_tags SET article_id = ? WHERE article_id = ?"
                    " AND tag_id = (SELECT min(tag_id) FROM article_tags WHERE article_id = ?)"
                    " AND EXISTS (SELECT 1 FROM articles WHERE id = ?)",
                    (self.ids[target], self.ids[source], self.ids[source], self.ids[target]),
                )
        elif kind == "move highlight link":
            source, target = args
            with self.conn:
                self.conn.execute(
                    "UPDATE OR IGNORE highlight_tags SET highlight_id = ? WHERE highlight_id = ?"
                    " AND tag_id = (SELECT min(tag_id) FROM highlight_tags WHERE highlight_id = ?)"
                    " AND EXISTS (SELECT 1 FROM highlights WHERE id = ?)",
                    (target, source, source, target),
                )
        else:  # pragma: no cover - every kind is listed above
            raise AssertionError(kind)


def assert_counts_match(conn: sqlite3.Connection) -> None:
    tags = TagStore(conn)
    assert tags.usage() == tag_reference.usage(conn)
    assert tags.counts() == tag_reference.counts(conn)
    for prefix in PREFIXES:
        assert tags.names(prefix) == tag_reference.names(conn, prefix), prefix
    assert tags.names("t", limit=1) == tag_reference.names(conn, "t")[:1]


@pytest.fixture
def edits(library: Library) -> Iterator[Edits]:
    yield Edits(library)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(edit, max_size=25))
def test_counts_match_the_links_after_any_edits(steps: list[tuple[object, ...]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        library = Library.open(Path(folder) / "library.sqlite")
        try:
            edits = Edits(library)
            for step in steps:
                edits.apply(step)
                assert_counts_match(library.conn)
        finally:
            library.close()


def test_highlight_only_both_and_unused_tags(edits: Edits) -> None:
    one, two, three = edits.ids[:3]
    edits.tags.add_to_article(one, ["Été", "trade"])
    edits.highlights.add(Highlight("h1", one, 0, 5, "Words", tags=("été", "TRADE")))
    edits.highlights.add(Highlight("h2", one, 0, 5, "Words", tags=("Été",)))
    edits.highlights.add(Highlight("h3", two, 0, 5, "Words", tags=("ete", "NAÏVE")))
    edits.tags.add_to_article(three, ["naïve"])
    edits.tags.ensure("unused")
    # By name as SQLite's NOCASE sorts: ASCII letters folded, "É" and "Ï" after them all.
    assert edits.tags.usage() == [
        TagStats("ete", articles=0, highlights=1, listed=1),  # on a highlight only
        TagStats("NAÏVE", articles=0, highlights=1, listed=1),
        TagStats("naïve", articles=1, highlights=0, listed=1),  # another tag: "Ï" is not ASCII
        TagStats("trade", articles=1, highlights=1, listed=1),  # "TRADE" is "trade"
        TagStats("unused", articles=0, highlights=0, listed=0),
        # On the article and one of its highlights: listed once.
        TagStats("Été", articles=1, highlights=1, listed=1),
        TagStats("été", articles=0, highlights=1, listed=1),
    ]
    assert_counts_match(edits.conn)
    edits.highlights.delete("h2")
    edits.highlights.delete("h1")
    assert_counts_match(edits.conn)
    edits.library.articles.delete(two)
    assert [s for s in edits.tags.usage() if s.name == "ete"] == [TagStats("ete", 0, 0, 0)]
    assert_counts_match(edits.conn)


def test_an_undo_moving_a_highlight_back_moves_its_count(edits: Edits) -> None:
    one, two = edits.ids[:2]
    edits.tags.add_to_article(two, ["trade"])
    edits.highlights.add(Highlight("h", one, 0, 5, "Words", tags=("trade",)))
    assert edits.tags.usage() == [TagStats("trade", 1, 1, 2)]
    edits.highlights.restore(Highlight("h", two, 0, 5, "Words", tags=("trade",)))
    assert edits.tags.usage() == [TagStats("trade", 1, 1, 1)]
    assert_counts_match(edits.conn)


def test_deleting_the_article_of_tagged_highlights(edits: Edits) -> None:
    one = edits.ids[0]
    edits.tags.add_to_article(one, ["trade"])
    for hid in ("h1", "h2"):
        edits.highlights.add(Highlight(hid, one, 0, 5, "Words", tags=("trade", "été")))
    assert edits.library.articles.delete(one)
    assert edits.tags.usage() == [TagStats("trade", 0, 0, 0), TagStats("été", 0, 0, 0)]


def test_reading_the_counts_counts_nothing(edits: Edits) -> None:
    """The point of tag_usage: the tag list reads one row a tag, whatever the library's
    size (no scan of the link tables, no join with highlights)."""
    conn = edits.conn
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        edits.tags.usage()
        edits.tags.counts()
        edits.tags.names("t")
    finally:
        conn.set_trace_callback(None)
    for sql in statements:
        plan = " ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
        for table in ("article_tags", "highlight_tags", "highlights"):
            assert table not in plan, (sql, plan)


def test_a_link_changed_in_place_is_counted_again(edits: Edits) -> None:
    """Reader never updates a link row, but another tool may: the counts follow."""
    one, two = edits.ids[:2]
    edits.tags.add_to_article(one, ["trade"])
    edits.highlights.add(Highlight("h1", one, 0, 5, "Words", tags=("été",)))
    edits.highlights.add(Highlight("h2", two, 0, 5, "Words"))
    edits.apply(("move article link", 0, 1))
    edits.apply(("move highlight link", "h1", "h2"))
    assert edits.tags.for_article(two) == ["trade"] and edits.tags.for_highlight("h2") == ["été"]
    assert_counts_match(edits.conn)
    with edits.conn:
        edits.conn.execute(
            "UPDATE article_tags SET tag_id = (SELECT id FROM tags WHERE name = 'été')"
        )
    assert edits.tags.usage() == [TagStats("trade", 0, 0, 0), TagStats("été", 1, 1, 1)]
    assert_counts_match(edits.conn)
