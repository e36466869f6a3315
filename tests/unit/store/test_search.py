from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.model import ArticleDraft
from reader.services.library import Library
from reader.store.query import LibraryQuery, SortKey
from reader.store.search import to_fts_query

NASTY = [
    '"',
    '""',
    '"unbalanced phrase',
    "(",
    ")",
    "NEAR(",
    "NEAR(a b",
    "*",
    "^",
    "-",
    "--",
    "AND",
    "OR",
    "NOT",
    "a AND",
    "OR b",
    "title:",
    "title:x",
    "{a b}",
    "a + b",
    "😀",
    "x" * 10_000,
    "\x00",
    "' OR 1=1 --",
    "\\",
    "ñandú*",
]


@pytest.fixture
def searchable(library: Library) -> Library:
    library.articles.add(ArticleDraft("Climate talks in Geneva", "Delegates argued about coal."))
    library.articles.add(ArticleDraft("Port strike", "Dockers in Rotterdam stopped work over pay."))
    library.articles.add(ArticleDraft("Election night", "Voters elected a new council."))
    library.articles.add(
        ArticleDraft("Sport", "Climate of the match was tense; coal miners cheered.")
    )
    return library


def titles(library: Library, text: str) -> list[str]:
    return [s.title for s in library.search(text)]


def test_plain_words_match_all_terms(searchable: Library) -> None:
    assert titles(searchable, "coal delegates") == ["Climate talks in Geneva"]


def test_phrase(searchable: Library) -> None:
    assert titles(searchable, '"stopped work"') == ["Port strike"]
    assert titles(searchable, '"work stopped"') == []


def test_prefix(searchable: Library) -> None:
    assert titles(searchable, "elect*") == ["Election night"]


def test_exclusion(searchable: Library) -> None:
    assert titles(searchable, "coal -match") == ["Climate talks in Geneva"]


def test_or(searchable: Library) -> None:
    assert set(titles(searchable, "Rotterdam OR Geneva")) == {
        "Port strike",
        "Climate talks in Geneva",
    }


def test_title_matches_rank_first(searchable: Library) -> None:
    assert titles(searchable, "climate")[0] == "Climate talks in Geneva"


def test_diacritics_folded(searchable: Library) -> None:
    searchable.articles.add(ArticleDraft("Café society", "A story about a café in Zürich."))
    assert "Café society" in titles(searchable, "zurich")


@pytest.mark.parametrize("query", NASTY)
def test_strange_queries_never_raise(searchable: Library, query: str) -> None:
    searchable.search(query)  # results or none, never an error


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_a_valid_fts_query(query: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    conn.execute("INSERT INTO t VALUES ('some words here')")
    expression = to_fts_query(query)
    if expression is not None:
        conn.execute("SELECT * FROM t WHERE t MATCH ?", (expression,)).fetchall()


def test_punctuation_only_shows_everything(searchable: Library) -> None:
    assert len(searchable.list(LibraryQuery(search="^ * (", sort=SortKey.RELEVANCE))) == 4


# --- any string, through the whole query path ------------------------------------------

query_text = st.one_of(
    st.text(max_size=300),
    st.lists(
        st.sampled_from([*NASTY[:-3], "coal", "Geneva", "-", "OR", "*", '"', "NEAR(", "^"])
    ).map(" ".join),
    st.text(alphabet=st.sampled_from('"*^()-:+{}ORNEA \u200b\u202e😀'), max_size=60),
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=query_text, sort=st.sampled_from(list(SortKey)), descending=st.booleans())
def test_any_search_lists_results_or_none(
    searchable: Library, query: str, sort: SortKey, descending: bool
) -> None:
    for tag, entity in (("", ""), ("x", ""), ("", "Geneva")):
        found = searchable.list(
            LibraryQuery(search=query, tag=tag, entity=entity, sort=sort, descending=descending)
        )
        assert len(found) <= 4


def test_ten_thousand_characters(searchable: Library) -> None:
    assert titles(searchable, "coal " + "x" * 10_000) == []
    assert titles(searchable, "coal " * 2_000) != []
    assert set(titles(searchable, "😀 coal 😀")) == {"Climate talks in Geneva", "Sport"}
