"""Notes and tags hold any text: stored and read back exactly (tags: only the documented
trimming and folding of white space), and searchable without errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.model import ArticleDraft
from reader.services.annotations import AnnotationService
from reader.services.library import Library
from reader.store.tags import clean_tag

PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SPECIAL = st.sampled_from(
    [
        "\u200b\u200c\u200d\u2060\ufeff",
        "\u202e\u202d\u200f\u200e\u061c",
        "שלום عربي 中文 한국어",
        "👩‍👩‍👧🏳️‍🌈👍🏽🇫🇷",
        "\r\n\r\u2028\u2029\x85\x0b\x0c",
        "\u00a0\u3000\u2003",
        "\x07\x1b\x7f",
        "\\n %s {} ' \" ; -- DROP TABLE",
    ]
)
ANY_TEXT = st.lists(st.one_of(st.text(max_size=200), SPECIAL), max_size=8).map("".join)


@pytest.fixture
def article(library: Library) -> Iterator[tuple[AnnotationService, int]]:
    article_id, _ = library.articles.add(ArticleDraft("Title", "Some words to highlight here."))
    yield AnnotationService(library), article_id


@PROPERTY
@given(note=ANY_TEXT)
def test_notes_round_trip_exactly(article: tuple[AnnotationService, int], note: str) -> None:
    service, article_id = article
    service.set_article_note(article_id, note)
    assert service.article_note(article_id) == note
    highlight = service.add_highlight(article_id, 5, 10, note=note)
    assert service.highlight(highlight.id).note == note  # type: ignore[union-attr]
    service.update_highlight(highlight.id, note=note + "!")
    assert service.highlight(highlight.id).note == note + "!"  # type: ignore[union-attr]
    service.delete_highlight(highlight.id)
    service.library.search(note)  # any note is searchable without an error


def test_a_note_of_a_million_characters(article: tuple[AnnotationService, int]) -> None:
    service, article_id = article
    note = "All work and no play. 👍\n" * 40_000
    service.set_article_note(article_id, note)
    assert service.article_note(article_id) == note
    assert [a.id for a in service.library.search("play")] == [article_id]


@PROPERTY
@given(names=st.lists(ANY_TEXT, max_size=4))
def test_tags_change_only_in_white_space(
    article: tuple[AnnotationService, int], names: list[str]
) -> None:
    service, article_id = article
    stored = service.set_article_tags(article_id, names)
    for name in stored:
        assert name == clean_tag(name)  # trimmed, inner white space folded, one line
    # Only the case of ASCII letters makes two names one tag (the first spelling the
    # library met wins); nothing else is altered.
    wanted = sorted({ascii_lower(clean_tag(n)) for n in names if clean_tag(n)})
    assert sorted(ascii_lower(n) for n in stored) == wanted
    highlight = service.add_highlight(article_id, 0, 4, tags=names)
    assert sorted(ascii_lower(n) for n in highlight.tags) == wanted
    service.delete_highlight(highlight.id)


def ascii_lower(name: str) -> str:
    return "".join(c.lower() if c.isascii() else c for c in name)
