from __future__ import annotations

import pytest

from reader.core.model import ArticleDraft
from reader.services.library import Library
from reader.store.articles import site_of, text_fingerprint
from reader.store.query import LibraryQuery, SortKey


def test_add_and_get_round_trip(library: Library) -> None:
    draft = ArticleDraft(
        title="Ministers meet",
        text="First paragraph.\n\nSecond paragraph with ünïcödé and 😀.",
        section="World",
        byline="By Ana Ruiz",
        source_url="https://www.example.org/news/1",
        published="2026-03-04",
        tags=("trade", "Europe"),
    )
    article_id, created = library.articles.add(draft)
    assert created
    article = library.get(article_id)
    assert article is not None
    assert article.text == draft.text
    assert (article.title, article.section, article.byline) == (
        "Ministers meet",
        "World",
        "By Ana Ruiz",
    )
    assert article.site == "example.org"
    assert article.tags == ("Europe", "trade")
    assert article.word_count == 8


def test_same_text_is_a_duplicate_whatever_the_whitespace(library: Library) -> None:
    first, created = library.articles.add(ArticleDraft("A", "Same words\nhere."))
    second, created_again = library.articles.add(ArticleDraft("B", "Same  words here.\n"))
    assert created and not created_again
    assert first == second
    assert library.articles.count() == 1


def test_fingerprint_and_site() -> None:
    assert text_fingerprint("a  b\nc") == text_fingerprint("a b c")
    assert site_of("https://www.bbc.co.uk/x") == "bbc.co.uk"
    assert site_of("not a url") == ""
    assert site_of("http://[broken") == ""


@pytest.mark.parametrize(
    ("key", "descending", "expected"),
    [
        (SortKey.TITLE, False, ["Alpha", "beta", "Gamma"]),
        (SortKey.TITLE, True, ["Gamma", "beta", "Alpha"]),
        (SortKey.PUBLISHED, False, ["beta", "Gamma", "Alpha"]),
        (SortKey.SOURCE, False, ["Gamma", "Alpha", "beta"]),
    ],
)
def test_sorting(library: Library, key: SortKey, descending: bool, expected: list[str]) -> None:
    library.articles.add(
        ArticleDraft("Alpha", "one", published="2026-03-01", source_url="https://b.org/")
    )
    library.articles.add(
        ArticleDraft("beta", "two", published="2025-01-01", source_url="https://c.org/")
    )
    library.articles.add(
        ArticleDraft("Gamma", "three", published="2026-01-01", source_url="https://a.org/")
    )
    titles = [s.title for s in library.list(LibraryQuery(sort=key, descending=descending))]
    assert titles == expected


def test_tag_filter_is_case_insensitive(library: Library) -> None:
    library.articles.add(ArticleDraft("Tagged", "one", tags=("Sanctions",)))
    library.articles.add(ArticleDraft("Untagged", "two"))
    assert [s.title for s in library.list(LibraryQuery(tag="sanctions"))] == ["Tagged"]


def test_summaries_keep_the_requested_order(library: Library) -> None:
    ids = [library.articles.add(ArticleDraft(f"T{i}", f"text {i}"))[0] for i in range(5)]
    order = [ids[3], ids[0], 9999, ids[4]]
    assert [s.id for s in library.articles.summaries(order)] == [ids[3], ids[0], ids[4]]


def test_samples_seeded_once(library_path: object, tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "seeded.sqlite"
    lib = Library.open(path, seed_samples=True)
    summaries = lib.list()
    assert len(summaries) == 3
    for summary in summaries:
        lib.delete(summary.id)
    lib.close()
    again = Library.open(path, seed_samples=True)
    assert again.list() == []
    again.close()
