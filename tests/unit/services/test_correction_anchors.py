"""The user's entity corrections through a change of the article's text: Edit Text and
re-importing a newer version move them with their words, orphan (keep, never apply)
those whose words are gone, and an undo puts every one back exactly.

Real SQLite files; no model: corrections apply without one (the article shows the
user's spans until it is analysed), which is all these tests need.
"""

from __future__ import annotations

import random
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.model import ArticleDraft, EntitySource, EntitySpan
from reader.services.annotations import AnnotationService
from reader.services.correction_anchors import CorrectionSnapshot
from reader.services.entities import EntityService
from reader.services.library import Library
from reader.store.entities import StoredCorrection
from tests.unit.services.steel_article import TEXT, URL, span

OPENING = "UPDATE 2 — talks went on late into the night.\n\n"


@pytest.fixture
def annotations(library: Library) -> AnnotationService:
    return AnnotationService(library)


@pytest.fixture
def entities(library: Library) -> EntityService:
    return EntityService(library)  # the model is never needed here


def random_article(library: Library, rng: random.Random) -> tuple[int, str, list[tuple[int, int]]]:
    """An article of 20 to 90 random WORDS: its id, its text and the range of each word."""
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 90))) + "."
    article_id, _ = library.articles.add(ArticleDraft("Random", text))
    return article_id, [m.span() for m in re.finditer(r"\w+", text)]


def every(entities: EntityService, article_id: int) -> list[StoredCorrection]:
    return entities.store.corrections(article_id, orphaned=True)


def by_text(entities: EntityService, article_id: int) -> dict[str, StoredCorrection]:
    return {c.span.text: c for c in every(entities, article_id)}


def text_of(library: Library, article_id: int) -> str:
    article = library.get(article_id)
    assert article is not None
    return article.text


def assert_on_their_words(library: Library, entities: EntityService, article_id: int) -> None:
    """Every correction that applies is on its words; the effective spans are exactly
    the labelled ones among them (the article is not analysed in these tests)."""
    text = text_of(library, article_id)
    applying = entities.store.corrections(article_id)
    for c in applying:
        assert not c.orphaned
        assert text[c.span.start : c.span.end] == c.span.text
        assert c.prefix == text[max(0, c.span.start - 32) : c.span.start]
        assert c.suffix == text[c.span.end : c.span.end + 32]
    assert entities.spans(article_id) == sorted(
        (c.span for c in applying if c.span.label), key=lambda s: (s.start, s.end)
    )


# --- moving, orphaning, summary ----------------------------------------------------------


def test_corrections_follow_their_words_and_orphans_never_apply(
    library: Library, annotations: AnnotationService, entities: EntityService, article_id: int
) -> None:
    entities.correct(article_id, *span("Castellanos", 2), "PERSON")  # relabel
    entities.correct(article_id, *span("Zürich"), "")  # a removal
    entities.correct(article_id, *span("within weeks"), "DATE")  # an added span
    entities.correct(article_id, *span("GENEVA"), "GPE")  # before the edit: stays
    new_text = TEXT.replace("GENEVA (Wire) —", "GENEVA (Wire) — " + OPENING).replace(
        " “within weeks”,", ""
    )

    report = annotations.edit_text(article_id, new_text)

    fixes = report.corrections
    assert (fixes.moved, fixes.orphaned, fixes.newly_orphaned, fixes.recovered) == (2, 1, 1, 0)
    assert report.summary().endswith("; entity corrections: 2 moved, 1 no longer applies (kept).")
    after = by_text(entities, article_id)
    assert (after["Castellanos"].span.start, after["Castellanos"].span.end) == span(
        "Castellanos", 2, new_text
    )
    assert after["Castellanos"].span.label == "PERSON"
    assert (after["Zürich"].span.start, after["Zürich"].span.label) == (
        span("Zürich", text=new_text)[0],
        "",
    )
    assert (after["GENEVA"].span.start, after["GENEVA"].orphaned) == (0, False)
    gone = after["within weeks"]
    assert gone.orphaned and gone.span.label == "DATE"
    assert (gone.span.start, gone.span.end) == span("within weeks")  # as it was
    assert (gone.prefix, gone.suffix) == (
        TEXT[span("within weeks")[0] - 32 : span("within weeks")[0]],
        TEXT[span("within weeks")[1] : span("within weeks")[1] + 32],
    )
    assert "within weeks" not in [s.text for s in entities.spans(article_id)]
    assert_on_their_words(library, entities, article_id)
    # Re-applying corrections (as after a model run) leaves the orphan out too.
    assert "within weeks" not in [c.span.text for c in entities.store.corrections(article_id)]


def test_the_old_entity_spans_are_not_shown_at_their_old_offsets(
    library: Library, annotations: AnnotationService, entities: EntityService, article_id: int
) -> None:
    store = entities.store
    article = library.get(article_id)
    assert article is not None
    model = [EntitySpan(*span("Maria Castellanos"), "PERSON", "Maria Castellanos")]
    store.save_analysis(article_id, article.text_sha256, "test-model", model, model)
    entities.correct(article_id, *span("Zürich"), "GPE")
    new_text = OPENING + TEXT
    annotations.edit_text(article_id, new_text)
    # Until the model runs again: the user's spans, where their words are now.
    [shown] = entities.spans(article_id)
    assert (shown.text, shown.label, shown.source) == ("Zürich", "GPE", EntitySource.USER)
    assert new_text[shown.start : shown.end] == "Zürich"
    assert not store.is_analysed(article_id)
    assert article_id in store.pending("test-model")


def test_a_fuzzy_match_is_not_their_words(
    annotations: AnnotationService, entities: EntityService, article_id: int
) -> None:
    """Highlights take an approximate match; a correction does not (a label on other
    words, or a removal hiding another entity, would be a guess)."""
    entities.correct(article_id, *span("Maria Castellanos"), "PERSON")
    report = annotations.edit_text(
        article_id, TEXT.replace("Maria Castellanos", "Mario Castellano")
    )
    assert report.corrections.orphaned == 1
    [c] = every(entities, article_id)
    assert c.orphaned and c.span.text == "Maria Castellanos"
    assert entities.spans(article_id) == []


def test_metadata_only_reimport_leaves_corrections_alone(
    annotations: AnnotationService, entities: EntityService, article_id: int
) -> None:
    entities.correct(article_id, *span("Zürich"), "GPE")
    before = every(entities, article_id)
    report = annotations.replace_text_from_import(
        article_id, ArticleDraft("A new title", TEXT, source_url=URL)
    )
    assert report.changed and report.corrections.moved == 0
    assert every(entities, article_id) == before


# --- undo and later edits ----------------------------------------------------------------


def test_undo_puts_every_correction_back_exactly(
    library: Library, annotations: AnnotationService, entities: EntityService, article_id: int
) -> None:
    entities.correct(article_id, *span("Castellanos", 2), "PERSON")
    entities.correct(article_id, *span("within weeks"), "DATE")
    entities.correct(article_id, *span("€4.2 billion"), "")
    before = every(entities, article_id)
    effective = entities.spans(article_id)
    new_text = (OPENING + TEXT).replace(" “within weeks”,", "").replace("€4.2", "$4.6")

    report = annotations.edit_text(article_id, new_text)
    assert report.corrections.orphaned == 2
    assert report.corrections_before == CorrectionSnapshot(TEXT, tuple(before))

    undo = annotations.edit_text(article_id, TEXT, corrections=report.corrections_before)
    assert every(entities, article_id) == before
    assert entities.spans(article_id) == effective
    assert (undo.corrections.recovered, undo.corrections.orphaned) == (2, 0)
    assert "2 found again" in undo.summary()
    # Redo gives the same result as the edit did.
    annotations.edit_text(article_id, new_text)
    assert {c.id: c.orphaned for c in every(entities, article_id)} == {
        c.id: c.span.text != "Castellanos" for c in before
    }
    assert_on_their_words(library, entities, article_id)


def test_undo_keeps_a_correction_made_meanwhile_elsewhere(
    library: Library, annotations: AnnotationService, entities: EntityService, article_id: int
) -> None:
    """Only the snapshot's corrections are put back as they were: one added after the edit
    (say by reader-cli, so not on the window's undo stack) follows its words back."""
    entities.correct(article_id, *span("Zürich"), "GPE")
    new_text = OPENING + TEXT
    report = annotations.edit_text(article_id, new_text)
    entities.correct(article_id, *span("Thursday", text=new_text), "DATE")
    annotations.edit_text(article_id, TEXT, corrections=report.corrections_before)
    after = by_text(entities, article_id)
    assert (after["Thursday"].span.start, after["Thursday"].span.end) == span("Thursday")
    assert (after["Zürich"].span.start, after["Zürich"].orphaned) == (span("Zürich")[0], False)
    assert_on_their_words(library, entities, article_id)


def test_a_snapshot_of_another_text_is_not_applied(
    library: Library, annotations: AnnotationService, entities: EntityService, article_id: int
) -> None:
    entities.correct(article_id, *span("Zürich"), "GPE")
    report = annotations.edit_text(article_id, OPENING + TEXT)
    assert report.corrections_before is not None
    third = "Something else first.\n\n" + TEXT
    annotations.edit_text(article_id, third, corrections=report.corrections_before)
    [c] = every(entities, article_id)
    assert (c.span.start, c.span.end) == span("Zürich", text=third)
    assert_on_their_words(library, entities, article_id)


def test_an_orphan_applies_again_when_a_later_edit_brings_its_words_back(
    library: Library, annotations: AnnotationService, entities: EntityService, article_id: int
) -> None:
    entities.correct(article_id, *span("within weeks"), "DATE")
    without = TEXT.replace(" “within weeks”,", "")
    assert annotations.edit_text(article_id, without).corrections.orphaned == 1
    # Another edit elsewhere: still an orphan, still kept.
    elsewhere = OPENING + without
    report = annotations.edit_text(article_id, elsewhere)
    assert (report.corrections.orphaned, report.corrections.newly_orphaned) == (1, 0)
    assert "1 no longer applies" in report.summary()
    # The words return (typed again, not undone), after other changes.
    back = OPENING + TEXT
    report = annotations.edit_text(article_id, back)
    assert (report.corrections.recovered, report.corrections.orphaned) == (1, 0)
    [c] = every(entities, article_id)
    assert not c.orphaned and (c.span.start, c.span.end) == span("within weeks", text=back)
    assert [(s.text, s.label) for s in entities.spans(article_id)] == [("within weeks", "DATE")]
    assert_on_their_words(library, entities, article_id)


def test_a_correction_in_a_changed_sentence_is_found_by_its_context(
    library: Library, annotations: AnnotationService, entities: EntityService, article_id: int
) -> None:
    """Two "Castellanos": the corrected second one is found again by its context after
    the text around both changed."""
    entities.correct(article_id, *span("Castellanos", 2), "ORG")
    new_text = TEXT.replace("said Maria Castellanos, who leads", "said Ms Castellanos, leading")
    annotations.edit_text(article_id, new_text)
    [c] = every(entities, article_id)
    assert (c.span.start, c.span.end) == span("Castellanos", 2, new_text)
    assert_on_their_words(library, entities, article_id)


def test_two_corrections_never_land_on_one_range(
    library: Library, annotations: AnnotationService, entities: EntityService, article_id: int
) -> None:
    entities.correct(article_id, *span("Zürich"), "GPE")
    without = TEXT.replace("Zürich", "Basel")
    annotations.edit_text(article_id, without)
    entities.correct(article_id, *span("Basel", text=without), "LOC")
    # "Zürich" comes back where "Basel" is now corrected: both have their place.
    annotations.edit_text(article_id, TEXT.replace("Zürich", "Basel, not Zürich"))
    after = by_text(entities, article_id)
    assert not after["Zürich"].orphaned and not after["Basel"].orphaned
    assert after["Zürich"].span.start != after["Basel"].span.start
    assert_on_their_words(library, entities, article_id)


def test_an_orphan_without_context_is_never_placed(
    library: Library, annotations: AnnotationService, entities: EntityService, article_id: int
) -> None:
    """An orphan from a library older than corrections' context (schema v4): any
    occurrence of its words would be a guess."""
    library.conn.execute(
        'INSERT INTO entity_corrections (article_id, start, "end", label, text, orphaned,'
        " created) VALUES (?, 0, 6, 'ORG', 'Geneva', 1, 'then')",
        (article_id,),
    )
    report = annotations.edit_text(article_id, OPENING + TEXT)
    assert report.corrections.orphaned == 1
    [c] = every(entities, article_id)
    assert c.orphaned and (c.span.start, c.prefix, c.suffix) == (0, "", "")


# --- re-import of a newer version ----------------------------------------------------------


def test_reimporting_a_newer_version_moves_the_corrections(
    library: Library, entities: EntityService, article_id: int
) -> None:
    entities.correct(article_id, *span("Maria Castellanos"), "PERSON")
    entities.correct(article_id, *span("within weeks"), "")
    newer = OPENING + TEXT.replace(" “within weeks”,", "")
    [outcome] = library.import_drafts(
        [ArticleDraft("Steel talks, updated", newer, source_url=URL)], "feed.jsonl"
    )
    assert outcome.id == article_id and "entity corrections: 1 moved" in outcome.updated
    assert "1 no longer applies" in outcome.updated
    assert text_of(library, article_id) == newer
    after = by_text(entities, article_id)
    assert (after["Maria Castellanos"].span.start, after["Maria Castellanos"].span.end) == span(
        "Maria Castellanos", text=newer
    )
    assert after["within weeks"].orphaned
    assert_on_their_words(library, entities, article_id)


# --- undo of a correction that replaced one ------------------------------------------------


def test_undoing_a_correction_restores_the_one_it_replaced_under_its_id(
    annotations: AnnotationService, entities: EntityService, article_id: int
) -> None:
    first = entities.correct(article_id, *span("Zürich"), "GPE")
    [before] = entities.store.corrections(article_id)
    second = entities.correct(article_id, *span("Zürich"), "LOC")
    assert [c.id for c in entities.store.corrections(article_id)] == [second]
    entities.undo_correction(article_id, second)
    entities.restore_corrections(article_id, [before])
    assert entities.store.corrections(article_id) == [before]
    assert before.id == first


# --- properties ----------------------------------------------------------------------------

_WORD_TEXT = (
    "the talks on steel and trade resumed in Geneva where officials from Brussels met "
    "Maria Castellanos to discuss tariffs quotas ports grain prices markets banks"
)
WORDS = _WORD_TEXT.split()


def _random_edit(rng: random.Random, text: str) -> str:
    """Insert, delete or replace a few words anywhere (corrections' words included)."""
    words = text.split(" ")
    for _ in range(rng.randint(1, 5)):
        at = rng.randrange(len(words) + 1)
        kind = rng.choice(("insert", "delete", "replace", "swap"))
        if kind == "insert" or len(words) < 3:
            words[at:at] = [rng.choice(WORDS) for _ in range(rng.randint(1, 4))]
        elif kind == "delete":
            del words[at : at + rng.randint(1, 3)]
        elif kind == "replace":
            words[at : at + 1] = [rng.choice(WORDS)]
        else:
            other = rng.randrange(len(words))
            at = min(at, len(words) - 1)
            words[at], words[other] = words[other], words[at]
    return " ".join(words) or "empty"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False), st.integers(1, 4))
def test_random_edits_never_misplace_a_correction_and_undo_restores_all(
    rng: random.Random, edits: int
) -> None:
    """Random text, random corrections, a chain of random edits: nothing raises, every
    correction that applies is on its own words (effective spans included), none is
    lost, and undoing the edits one by one gives back every correction exactly."""
    with tempfile.TemporaryDirectory() as folder:
        library = Library.open(Path(folder) / "library.sqlite")
        try:
            annotations, entities = AnnotationService(library), EntityService(library)
            article_id, words = random_article(library, rng)
            for _ in range(rng.randint(1, 6)):
                first = rng.randrange(len(words))
                last = min(len(words) - 1, first + rng.randint(0, 2))
                label = rng.choice(("PERSON", "ORG", "GPE", ""))
                entities.correct(article_id, words[first][0], words[last][1], label)
            history: list[tuple[str, list[StoredCorrection], CorrectionSnapshot | None]] = []
            ids = {c.id for c in every(entities, article_id)}
            for _ in range(edits):
                before_text = text_of(library, article_id)
                before = every(entities, article_id)
                new_text = _random_edit(rng, before_text)
                if new_text == before_text:
                    continue
                report = annotations.edit_text(article_id, new_text)
                history.append((before_text, before, report.corrections_before))
                assert {c.id for c in every(entities, article_id)} == ids  # none lost
                assert_on_their_words(library, entities, article_id)
            for before_text, before, snapshot in reversed(history):
                annotations.edit_text(article_id, before_text, corrections=snapshot)
                assert every(entities, article_id) == before
                assert_on_their_words(library, entities, article_id)
        finally:
            library.close()
