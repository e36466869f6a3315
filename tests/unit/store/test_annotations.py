"""HighlightStore and ArticleAnnotations on a real library file."""

from __future__ import annotations

import sqlite3

import pytest

from reader.core.anchoring import make_selector
from reader.core.model import ArticleDraft, Highlight
from reader.services.library import Library
from reader.store.annotations import (
    ArticleAnnotations,
    DuplicateTextError,
    HighlightStore,
    Placement,
)
from reader.store.articles import text_fingerprint
from reader.store.query import LibraryQuery, SortKey

TEXT = (
    "Ministers from Turkey and Ukraine agreed on Tuesday to reopen the grain corridor.\n\n"
    "The United Nations would monitor shipments, officials said."
)


@pytest.fixture
def article_id(library: Library) -> int:
    article_id, _ = library.articles.add(ArticleDraft("Grain corridor", TEXT))
    return article_id


@pytest.fixture
def store(library: Library) -> HighlightStore:
    return HighlightStore(library.conn)


def make(
    article_id: int, quote: str, hid: str, *, color: str = "yellow", note: str = "", **kw: object
) -> Highlight:
    start = TEXT.index(quote)
    exact, prefix, suffix = make_selector(TEXT, start, start + len(quote))
    return Highlight(
        id=hid,
        article_id=article_id,
        start=start,
        end=start + len(quote),
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        color=color,
        note=note,
        **kw,  # type: ignore[arg-type]
    )


def test_add_get_round_trip_with_tags(store: HighlightStore, article_id: int) -> None:
    added = store.add(
        make(
            article_id, "grain corridor", "h1", note="Ask: *which* ports?", tags=("trade", "Trade")
        )
    )
    assert added.created and added.modified == added.created
    assert added.tags == ("trade",)  # one tag per name, whatever the case
    again = store.get("h1")
    assert again == added
    assert again is not None and TEXT[again.start : again.end] == "grain corridor"
    assert store.get("missing") is None
    assert store.count() == 1 and store.count(article_id) == 1 and store.count(999) == 0


def test_list_in_reading_order_orphans_last(store: HighlightStore, article_id: int) -> None:
    store.add(make(article_id, "monitor shipments", "late"))
    store.add(make(article_id, "Ministers from Turkey", "early", tags=("b", "a")))
    store.add(make(article_id, "Ministers", "nested"))  # same start, shorter: first
    store.add(make(article_id, "Tuesday", "orphan", orphaned=True))
    ids = [h.id for h in store.for_article(article_id)]
    assert ids == ["nested", "early", "late", "orphan"]
    early = store.for_article(article_id)[1]
    assert early.tags == ("a", "b")
    assert store.for_article(article_id)[-1].orphaned


def test_update_colour_and_note_stamps_modified(
    store: HighlightStore, article_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add(make(article_id, "Tuesday", "h", created="2026-01-01T00:00:00+00:00"))
    monkeypatch.setattr("reader.store.annotations.now_iso", lambda: "2026-02-02T00:00:00+00:00")
    updated = store.update("h", color="green")
    assert updated is not None and updated.color == "green"
    assert updated.modified == "2026-02-02T00:00:00+00:00"
    assert updated.created == "2026-01-01T00:00:00+00:00"
    updated = store.update("h", note="Line one\nLine two")
    assert updated is not None and updated.note == "Line one\nLine two"
    assert store.update("missing", note="x") is None


def test_unchanged_update_keeps_the_stamp(store: HighlightStore, article_id: int) -> None:
    added = store.add(make(article_id, "Tuesday", "h", color="blue"))
    assert store.update("h", color="blue", note="") == added


def test_set_tags_is_the_exact_set(store: HighlightStore, article_id: int) -> None:
    store.add(make(article_id, "Tuesday", "h", tags=("a", "b")))
    updated = store.set_tags("h", ["b", " c  d ", ""])
    assert updated is not None and updated.tags == ("b", "c d")
    assert store.set_tags("h", []) is not None
    assert store.get("h").tags == ()  # type: ignore[union-attr]
    assert store.set_tags("missing", ["a"]) is None


def test_delete_then_restore_is_identical(
    library: Library, store: HighlightStore, article_id: int
) -> None:
    added = store.add(make(article_id, "grain corridor", "h", note="keep me", tags=("x", "y")))
    deleted = store.delete("h")
    assert deleted == added
    assert store.get("h") is None and store.delete("h") is None
    assert library.tags.for_highlight("h") == []
    restored = store.restore(deleted)
    assert restored == added  # same id, stamps, tags


def test_restore_also_undoes_an_edit(store: HighlightStore, article_id: int) -> None:
    before = store.add(make(article_id, "Tuesday", "h", note="first", tags=("a",)))
    store.update("h", color="pink", note="second")
    store.set_tags("h", ["b"])
    assert store.restore(before) == before


def test_highlights_go_with_their_article(
    library: Library, store: HighlightStore, article_id: int
) -> None:
    store.add(make(article_id, "Tuesday", "h", tags=("x",)))
    library.delete(article_id)
    assert store.count() == 0
    assert library.conn.execute("SELECT count(*) FROM highlight_tags").fetchone()[0] == 0


def test_every_write_is_one_transaction(
    library: Library, store: HighlightStore, article_id: int
) -> None:
    """A failure half-way (a duplicate id) leaves nothing behind, tags included."""
    store.add(make(article_id, "Tuesday", "h"))
    with pytest.raises(sqlite3.IntegrityError):
        store.add(make(article_id, "grain", "h", tags=("new-tag",)))
    assert library.tags.id_of("new-tag") is None
    assert store.count() == 1


def test_place_moves_and_orphans(store: HighlightStore, article_id: int) -> None:
    store.add(make(article_id, "Tuesday", "h", note="n", color="pink"))
    store.place([Placement("h", 1, 8, "Tuesday", "p", "s", orphaned=True)])
    placed = store.get("h")
    assert placed is not None
    assert (placed.start, placed.end, placed.prefix, placed.suffix) == (1, 8, "p", "s")
    assert placed.orphaned and placed.note == "n" and placed.color == "pink"


# --- article-level ------------------------------------------------------------------------


def test_article_note_read_state_and_position(library: Library, article_id: int) -> None:
    state = ArticleAnnotations(library.conn)
    assert state.note(article_id) == ""
    assert state.set_note(article_id, "Follow up\nwith the **UN**")
    assert state.set_note(article_id, "Follow up\nwith the **UN**")  # unchanged: still ok
    assert library.get(article_id).note == "Follow up\nwith the **UN**"  # type: ignore[union-attr]
    assert not state.set_note(999, "x") and state.note(999) is None
    assert state.is_read(article_id) is False
    assert state.set_read(article_id, True) and state.is_read(article_id) is True
    assert not state.set_read(999, True)
    assert state.set_read_position(article_id, 42) and state.read_position(article_id) == 42
    assert state.set_read_position(article_id, -5) and state.read_position(article_id) == 0


def test_replace_text_updates_fingerprint_count_and_search(
    library: Library, store: HighlightStore, article_id: int
) -> None:
    state = ArticleAnnotations(library.conn)
    store.add(make(article_id, "Tuesday", "h"))
    new_text = "Breaking: " + TEXT.replace("grain", "wheat")
    start = new_text.index("Tuesday")
    assert state.replace_text(
        article_id,
        new_text,
        [
            Placement(
                "h", start, start + 7, "Tuesday", *make_selector(new_text, start, start + 7)[1:]
            )
        ],
        metadata={"title": "Wheat corridor", "site": "ignored.example"},
    )
    article = library.get(article_id)
    assert article is not None
    assert article.text == new_text and article.title == "Wheat corridor"
    assert article.text_sha256 == text_fingerprint(new_text)
    assert article.word_count == len(new_text.split())
    assert store.get("h").start == start  # type: ignore[union-attr]
    assert [s.id for s in library.search("wheat")] == [article_id]
    assert library.search("grain") == []
    assert not state.replace_text(999, "other text", [])


def test_replace_text_refuses_another_articles_text(library: Library, article_id: int) -> None:
    other, _ = library.articles.add(ArticleDraft("Other", "Completely other words."))
    state = ArticleAnnotations(library.conn)
    with pytest.raises(DuplicateTextError) as error:
        state.replace_text(article_id, "Completely  other words.\n", [])
    assert error.value.other_id == other
    assert library.get(article_id).text == TEXT  # type: ignore[union-attr]


# --- search through annotations -----------------------------------------------------------


def _ids(library: Library, text: str, sort: SortKey = SortKey.RELEVANCE) -> list[int]:
    return library.articles.query_ids(LibraryQuery(search=text, sort=sort))


def test_search_finds_articles_by_notes_and_highlights(
    library: Library, store: HighlightStore
) -> None:
    first, _ = library.articles.add(ArticleDraft("Alpha", "Nothing special here at all."))
    second, _ = library.articles.add(ArticleDraft("Beta", "Ports and shipping lanes."))
    third, _ = library.articles.add(ArticleDraft("Gamma", "The harbour was busy today."))
    state = ArticleAnnotations(library.conn)
    state.set_note(first, "Remember the harbour strike")
    quote = "Ports and shipping"
    exact, prefix, suffix = make_selector("Ports and shipping lanes.", 0, len(quote))
    store.add(Highlight("h", second, 0, len(quote), exact, prefix, suffix, note="harbour fees"))
    # Text match, note match, highlight-note match: all three, by any order.
    assert sorted(_ids(library, "harbour")) == sorted([first, second, third])
    by_title = LibraryQuery(search="harbour", sort=SortKey.TITLE, descending=False)
    assert library.articles.query_ids(by_title) == [first, second, third]
    assert [s.id for s in library.search("strike")] == [first]
    assert _ids(library, '"shipping lanes"') == [second]
    # A highlight's quote matches too; its deletion takes it out of the index.
    state.set_note(first, "")
    assert _ids(library, "strike") == []
    store.delete("h")
    assert sorted(_ids(library, "harbour")) == [third]


def test_annotation_matches_merge_into_the_ranking(library: Library) -> None:
    ids = [
        library.articles.add(ArticleDraft(f"Article {n}", f"Words {n} " + "filler " * n))[0]
        for n in range(6)
    ]
    state = ArticleAnnotations(library.conn)
    strong, _ = library.articles.add(ArticleDraft("Sanctions", "Sanctions sanctions."))
    state.set_note(ids[3], "sanctions")
    state.set_note(strong, "sanctions again")
    ranked = _ids(library, "sanctions")
    assert set(ranked) == {ids[3], strong}
    assert ranked[0] == strong  # matches in title, text and note: the best
    assert _ids(library, "filler") == library.articles.query_ids(
        LibraryQuery(search="filler", sort=SortKey.RELEVANCE)
    )
    state.set_note(ids[5], "filler filler filler")
    with_note = _ids(library, "filler")
    assert sorted(with_note) == sorted(ids[1:])
    assert len(with_note) == len(set(with_note))
    assert library.articles.query_ids(LibraryQuery(search="filler", sort=SortKey.RELEVANCE), 2)
    assert len(library.articles.query_ids(LibraryQuery(search="filler"), limit=2)) == 2


def test_annotation_search_respects_the_tag_filter(library: Library) -> None:
    a, _ = library.articles.add(ArticleDraft("A", "First text."))
    b, _ = library.articles.add(ArticleDraft("B", "Second text."))
    state = ArticleAnnotations(library.conn)
    state.set_note(a, "tariffs")
    state.set_note(b, "tariffs")
    library.tags.add_to_article(b, ["trade"])
    query = LibraryQuery(search="tariffs", tag="trade", sort=SortKey.RELEVANCE)
    assert library.articles.query_ids(query) == [b]
    assert library.articles.query_ids(LibraryQuery(search="tariffs", tag="trade")) == [b]
