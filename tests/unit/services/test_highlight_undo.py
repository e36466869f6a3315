"""Undoing a change of an article's text puts every highlight back exactly as it was.

Re-anchoring on the old text again is not enough (a quote can land on another of its
occurrences, a fuzzy match keep a shifted range); the edit's report holds the highlights
as they were (`highlights_before`), and an undo passes it back to edit_text. Highlights
made or deleted since the edit are not part of it. Real SQLite files.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.model import ArticleDraft, Highlight
from reader.services.annotations import AnnotationError, AnnotationService, TextEditReport
from reader.services.entities import EntityService
from reader.services.highlight_anchors import HighlightSnapshot
from reader.services.library import Library
from reader.store.entities import StoredCorrection
from tests.unit.services.steel_article import TEXT, URL
from tests.unit.services.steel_article import span as steel_span
from tests.unit.services.test_correction_anchors import (
    OPENING,
    _random_edit,
    every,
    random_article,
)

# The text when the edit is made: an earlier edit took "€4.2 billion" away.
BEFORE = TEXT.replace("€4.2 billion", "$4.6 bn")
# An edit that re-anchoring cannot simply reverse: the first "Castellanos" goes (its
# highlight lands on the second), "officials said" becomes "officials added" (its
# highlight keeps a fuzzy range), "United States" goes (orphaned), a paragraph is added.
EDITED = OPENING + BEFORE.replace("said Maria Castellanos, who leads the", "said the").replace(
    "officials said", "officials added"
).replace("the United States", "Washington")


def span(quote: str, occurrence: int = 1, text: str = BEFORE) -> tuple[int, int]:
    return steel_span(quote, occurrence, text)


@pytest.fixture
def ids(service: AnnotationService, article_id: int) -> dict[str, str]:
    """Highlights on BEFORE that EDITED puts where re-anchoring back would not find them
    as they were, and an orphan from the earlier edit; their ids by name."""
    older = service.add_highlight(article_id, *span("€4.2 billion", text=TEXT), note="how?")
    service.edit_text(article_id, BEFORE)
    return {
        "older orphan": older.id,
        "other occurrence": service.add_highlight(
            article_id, *span("Castellanos"), "green", "who?", ["people"]
        ).id,
        "fuzzy": service.add_highlight(article_id, *span("officials said"), "blue").id,
        "orphaned": service.add_highlight(article_id, *span("United States"), note="who?").id,
        "moved": service.add_highlight(article_id, *span("steel tariffs"), tags=["trade"]).id,
    }


def by_id(service: AnnotationService, article_id: int) -> dict[str, Highlight]:
    return {h.id: h for h in service.highlights(article_id)}


def text_of(library: Library, article_id: int) -> str:
    article = library.get(article_id)
    assert article is not None
    return article.text


def assert_on_their_words(service: AnnotationService, text: str, article_id: int) -> None:
    for h in service.highlights(article_id):
        if not h.orphaned:
            assert (h.exact, h.prefix, h.suffix) == (
                text[h.start : h.end],
                text[max(0, h.start - 32) : h.start],
                text[h.end : h.end + 32],
            )


# --- undo ----------------------------------------------------------------------------------


def test_the_edit_moves_them_where_reanchoring_back_would_not_find_them(
    service: AnnotationService, article_id: int, ids: dict[str, str]
) -> None:
    """Why the edit records them: going back by re-anchoring alone misplaces two."""
    before = by_id(service, article_id)
    report = service.edit_text(article_id, EDITED)
    after = by_id(service, article_id)
    assert (report.moved, report.orphaned, report.newly_orphaned) == (3, 2, 1)
    other = after[ids["other occurrence"]]
    assert (other.start, other.end) == span("Castellanos", text=EDITED)  # the second one
    assert after[ids["fuzzy"]].exact == "officials ad"
    assert after[ids["orphaned"]].orphaned and after[ids["older orphan"]].orphaned
    service.edit_text(article_id, BEFORE)  # no snapshot: re-anchored again
    again = by_id(service, article_id)
    assert again[ids["other occurrence"]].start != before[ids["other occurrence"]].start
    assert again[ids["fuzzy"]].end != before[ids["fuzzy"]].end


def test_undo_puts_every_highlight_back_exactly(
    library: Library, service: AnnotationService, article_id: int, ids: dict[str, str]
) -> None:
    before = service.highlights(article_id)
    report = service.edit_text(article_id, EDITED)
    assert report.highlights_before == HighlightSnapshot(BEFORE, tuple(before))

    # Notes, colours, tags and stamps are not the edit's business.
    def kept(highlights: Sequence[Highlight]) -> dict[str, tuple[object, ...]]:
        return {h.id: (h.color, h.note, h.tags, h.created, h.modified) for h in highlights}

    assert kept(report.highlights) == kept(before)

    undo = service.edit_text(article_id, BEFORE, highlights=report.highlights_before)

    assert text_of(library, article_id) == BEFORE
    assert service.highlights(article_id) == before  # offsets, quotes, orphans, all of it
    assert list(undo.highlights) == before
    assert (undo.unchanged, undo.moved, undo.recovered, undo.orphaned) == (0, 4, 1, 1)
    assert undo.newly_orphaned == 0
    assert undo.highlights_before == HighlightSnapshot(EDITED, report.highlights)
    assert undo.summary() == (
        "4 highlight(s) placed, 4 moved, 1 found again, 1 could not be placed (kept as orphans)."
    )


def test_redo_after_undo_places_them_as_the_edit_did(
    service: AnnotationService, article_id: int, ids: dict[str, str]
) -> None:
    first = service.edit_text(article_id, EDITED)
    service.edit_text(article_id, BEFORE, highlights=first.highlights_before)
    redo = service.edit_text(article_id, EDITED)
    assert redo.highlights == first.highlights
    assert redo.summary() == first.summary()
    assert redo.highlights_before == first.highlights_before


def test_undo_leaves_what_changed_since_the_edit(
    library: Library, service: AnnotationService, article_id: int, ids: dict[str, str]
) -> None:
    """Made since the edit (reader-cli, another window): a new highlight is re-anchored,
    a deleted one stays deleted, a new note stays; one deleted and restored meanwhile is
    one the snapshot knows, and goes back exactly."""
    before = by_id(service, article_id)
    report = service.edit_text(article_id, EDITED)
    added = service.add_highlight(article_id, *span("Thursday", text=EDITED), "pink")
    service.delete_highlight(ids["moved"])
    service.update_highlight(ids["fuzzy"], note="a new note")
    deleted = service.delete_highlight(ids["other occurrence"])
    service.restore_highlight(deleted)

    service.edit_text(article_id, BEFORE, highlights=report.highlights_before)

    after = by_id(service, article_id)
    assert ids["moved"] not in after
    assert (after[added.id].start, after[added.id].end) == span("Thursday")
    assert after[added.id].color == "pink"
    fuzzy = after[ids["fuzzy"]]
    assert fuzzy.note == "a new note"
    assert (fuzzy.start, fuzzy.end, fuzzy.exact) == (
        before[ids["fuzzy"]].start,
        before[ids["fuzzy"]].end,
        "officials said",
    )
    for name in ("older orphan", "other occurrence", "orphaned"):
        assert after[ids[name]] == before[ids[name]]
    assert_on_their_words(service, BEFORE, article_id)


def test_a_highlight_restored_from_before_the_edit_is_reanchored(
    service: AnnotationService, article_id: int, ids: dict[str, str]
) -> None:
    """Deleted before the edit, put back while the edit is on the stack (another window's
    undo): the snapshot does not know it; it is re-anchored."""
    deleted = service.delete_highlight(ids["moved"])
    report = service.edit_text(article_id, EDITED)
    service.restore_highlight(deleted)  # its offsets are into BEFORE, the text is EDITED
    service.edit_text(article_id, BEFORE, highlights=report.highlights_before)
    back = service.highlight(deleted.id)
    assert back is not None and not back.orphaned
    assert back.exact == "steel tariffs"


def test_a_snapshot_of_another_text_is_not_applied(
    service: AnnotationService, article_id: int, ids: dict[str, str]
) -> None:
    report = service.edit_text(article_id, EDITED)
    third = "Something else first.\n\n" + BEFORE
    service.edit_text(article_id, third, highlights=report.highlights_before)
    assert_on_their_words(service, third, article_id)
    other = service.highlight(ids["other occurrence"])
    assert other is not None and other.start != span("Castellanos", text=third)[0]


def test_a_failed_undo_changes_nothing(
    library: Library, service: AnnotationService, article_id: int, ids: dict[str, str]
) -> None:
    report = service.edit_text(article_id, EDITED)
    after = service.highlights(article_id)
    library.articles.add(ArticleDraft("Same text elsewhere", BEFORE))
    with pytest.raises(AnnotationError, match="already has this text"):
        service.edit_text(article_id, BEFORE, highlights=report.highlights_before)
    assert text_of(library, article_id) == EDITED
    assert service.highlights(article_id) == after


def test_reimport_is_not_undone_and_reanchors_as_before(
    library: Library, service: AnnotationService, article_id: int, ids: dict[str, str]
) -> None:
    newer = EDITED
    [outcome] = library.import_drafts(
        [ArticleDraft("Steel talks, updated", newer, source_url=URL)], "feed.jsonl"
    )
    assert outcome.id == article_id
    assert text_of(library, article_id) == newer
    after = by_id(service, article_id)
    assert (after[ids["other occurrence"]].start, after[ids["orphaned"]].orphaned) == (
        span("Castellanos", text=newer)[0],
        True,
    )


# --- properties ----------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False), st.integers(1, 4))
def test_random_edits_undone_put_highlights_and_corrections_back_exactly(
    rng: random.Random, edits: int
) -> None:
    """Random text (repeated words: quotes with many occurrences), random highlights and
    corrections, a chain of random edits; undoing them one by one gives back every
    highlight and correction exactly, and a redo between gives what the edit gave."""
    with tempfile.TemporaryDirectory() as folder:
        library = Library.open(Path(folder) / "library.sqlite")
        try:
            annotations, entities = AnnotationService(library), EntityService(library)
            article_id, words = random_article(library, rng)

            def a_range() -> tuple[int, int]:
                first = rng.randrange(len(words))
                return words[first][0], words[min(len(words) - 1, first + rng.randint(0, 2))][1]

            for n in range(rng.randint(1, 8)):
                annotations.add_highlight(
                    article_id, *a_range(), rng.choice(("yellow", "green")), f"note {n}", [f"t{n}"]
                )
            for _ in range(rng.randint(0, 4)):
                entities.correct(article_id, *a_range(), rng.choice(("PERSON", "ORG", "")))

            def state() -> tuple[list[Highlight], list[StoredCorrection]]:
                return annotations.highlights(article_id), every(entities, article_id)

            def undo(report: TextEditReport, before_text: str) -> None:
                annotations.edit_text(
                    article_id,
                    before_text,
                    corrections=report.corrections_before,
                    highlights=report.highlights_before,
                )

            history = []
            for _ in range(edits):
                before_text, before = text_of(library, article_id), state()
                new_text = _random_edit(rng, before_text)
                if new_text == before_text:
                    continue
                report = annotations.edit_text(article_id, new_text)
                history.append((before_text, before, new_text, state(), report))
            # Undo them one by one; each time redo and undo again (Ctrl+Shift+Z, Ctrl+Z).
            for before_text, before, new_text, after, report in reversed(history):
                undo(report, before_text)
                assert state() == before
                redo = annotations.edit_text(article_id, new_text)
                assert state() == after
                assert redo.summary() == report.summary()
                undo(redo, before_text)
                assert state() == before
        finally:
            library.close()
