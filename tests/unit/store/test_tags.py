"""TagStore: article and highlight tags, counts, rename/merge, delete, undo data."""

from __future__ import annotations

import pytest

from reader.core.model import ArticleDraft, Highlight
from reader.services.library import Library
from reader.store.annotations import HighlightStore
from reader.store.query import LibraryQuery
from reader.store.tags import TagCount, TagStats, TagStore, clean_tag, tag_key, unique_tags


@pytest.fixture
def tags(library: Library) -> TagStore:
    return library.tags


def add_article(library: Library, title: str, tags: tuple[str, ...] = ()) -> int:
    article_id, _ = library.articles.add(ArticleDraft(title, f"Text of {title}.", tags=tags))
    return article_id


def add_highlight(library: Library, article_id: int, hid: str, tags: tuple[str, ...]) -> None:
    HighlightStore(library.conn).add(Highlight(hid, article_id, 0, 4, "Text", tags=tags))


def test_names_are_cleaned_and_unique_by_ascii_case() -> None:
    assert clean_tag("  climate\n change ") == "climate change"
    assert tag_key("Trade") == tag_key("TRADE") == "trade"
    assert tag_key("Ελλάδα") != tag_key("ελλάδα")  # SQLite's NOCASE folds ASCII only
    assert unique_tags(["b", "B", " a ", "", "b  c", "b c"]) == ["b", "a", "b c"]


def test_set_for_article_is_the_exact_set(library: Library, tags: TagStore) -> None:
    article = add_article(library, "One", ("old", "keep"))
    assert tags.set_for_article(article, ["keep", "New", "new"]) == ["keep", "New"]
    assert tags.set_for_article(article, []) == []
    assert tags.for_article(article) == []


def test_highlight_tags(library: Library, tags: TagStore) -> None:
    article = add_article(library, "One")
    add_highlight(library, article, "h1", ("b", "a"))
    add_highlight(library, article, "h2", ("a",))
    assert tags.for_highlight("h1") == ["a", "b"]
    assert tags.for_highlights(["h1", "h2", "none"]) == {"h1": ["a", "b"], "h2": ["a"]}


def test_usage_counts_articles_and_highlights(library: Library, tags: TagStore) -> None:
    one = add_article(library, "One", ("trade",))
    two = add_article(library, "Two")
    add_highlight(library, one, "h1", ("trade", "quote"))
    add_highlight(library, two, "h2", ("trade",))
    add_highlight(library, two, "h3", ("trade",))
    tags.ensure("unused")
    assert tags.usage() == [
        TagStats("quote", articles=0, highlights=1, listed=1),
        TagStats("trade", articles=1, highlights=3, listed=2),
        TagStats("unused", articles=0, highlights=0, listed=0),
    ]
    assert tags.counts() == [("quote", 0), ("trade", 1), ("unused", 0)]
    # Filtering by a tag lists the articles tagged, and those with a tagged highlight.
    assert sorted(library.articles.query_ids(LibraryQuery(tag="trade"))) == [one, two]
    assert library.articles.query_ids(LibraryQuery(tag="quote")) == [one]
    assert TagCount("trade", 2) == ("trade", 2)


def test_names_for_autocompletion(library: Library, tags: TagStore) -> None:
    one = add_article(library, "One", ("trade", "travel"))
    two = add_article(library, "Two", ("travel",))
    add_highlight(library, two, "h", ("tariffs",))
    tags.ensure("100%_sure")
    tags.ensure("100 sure")
    assert tags.names() == ["travel", "tariffs", "trade", "100 sure", "100%_sure"]
    assert tags.names("TR") == ["travel", "trade"]
    assert tags.names("tr", limit=1) == ["travel"]
    assert tags.names("100%") == ["100%_sure"]  # % and _ are not wildcards
    assert tags.names("100_") == []
    assert one


def test_rename_to_a_new_name(library: Library, tags: TagStore) -> None:
    article = add_article(library, "One", ("trade",))
    add_highlight(library, article, "h", ("trade",))
    assert tags.rename("Trade", "Commerce") == "Commerce"
    assert tags.for_article(article) == ["Commerce"]
    assert tags.for_highlight("h") == ["Commerce"]
    assert tags.rename("commerce", "COMMERCE") == "COMMERCE"  # a change of case only
    assert [s.name for s in tags.usage()] == ["COMMERCE"]


def test_rename_to_an_existing_name_merges(library: Library, tags: TagStore) -> None:
    one = add_article(library, "One", ("EU", "europe"))
    two = add_article(library, "Two", ("EU",))
    add_highlight(library, two, "h", ("EU", "Europe"))
    assert tags.rename("EU", "Europe") == "europe"  # the existing tag keeps its spelling
    assert tags.for_article(one) == ["europe"]
    assert tags.for_article(two) == ["europe"]
    assert tags.for_highlight("h") == ["europe"]
    assert tags.id_of("EU") is None


def test_rename_errors(tags: TagStore) -> None:
    tags.ensure("a")
    with pytest.raises(KeyError):
        tags.rename("missing", "b")
    with pytest.raises(ValueError, match="name"):
        tags.rename("a", "   ")


def test_delete_removes_it_everywhere(library: Library, tags: TagStore) -> None:
    article = add_article(library, "One", ("gone", "kept"))
    add_highlight(library, article, "h", ("gone",))
    assert tags.delete("GONE")
    assert not tags.delete("gone")
    assert tags.for_article(article) == ["kept"]
    assert tags.for_highlight("h") == []


def test_links_and_restore_undo_a_merge(library: Library, tags: TagStore) -> None:
    one = add_article(library, "One", ("EU",))
    two = add_article(library, "Two", ("Europe",))
    add_highlight(library, one, "h", ("EU",))
    before = (tags.links("EU"), tags.links("europe"))
    assert before[0] is not None and before[0].article_ids == (one,)
    assert before[0].highlight_ids == ("h",)
    assert before[1] is not None and before[1].name == "Europe"
    tags.rename("EU", "Europe")
    tags.restore_links(before[1])
    tags.restore_links(before[0])
    assert tags.for_article(one) == ["EU"] and tags.for_article(two) == ["Europe"]
    assert tags.for_highlight("h") == ["EU"]
    assert tags.links("nothing") is None


def test_restore_skips_what_no_longer_exists(library: Library, tags: TagStore) -> None:
    one = add_article(library, "One", ("t",))
    two = add_article(library, "Two", ("t",))
    links = tags.links("t")
    assert links is not None
    tags.delete("t")
    library.delete(two)
    tags.restore_links(links)
    assert tags.for_article(one) == ["t"]
    assert tags.usage() == [TagStats("t", 1, 0, 1)]
