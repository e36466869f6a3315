from __future__ import annotations

from reader.core.model import EntitySpan
from reader.nlp.casing import restore_case
from reader.nlp.consistency import make_consistent
from reader.nlp.pipeline import postprocess

from .helpers import labelled, span


def test_surname_inherits_person_from_full_name() -> None:
    text = "Sergei Lavrov arrived in Ankara. Lavrov said talks went well."
    spans = [
        span(text, "Sergei Lavrov", "PERSON"),
        span(text, "Ankara", "GPE"),
        span(text, "Lavrov", "ORG", 1),
    ]
    assert labelled(make_consistent(text, spans)) == [
        ("Sergei Lavrov", "PERSON"),
        ("Ankara", "GPE"),
        ("Lavrov", "PERSON"),
    ]


def test_head_of_organisation_name_inherits_org_but_places_stay_places() -> None:
    text = "Goldman Sachs Group rose. Goldman Sachs said the Bank of England and England agree."
    spans = [
        span(text, "Goldman Sachs Group", "ORG"),
        span(text, "Goldman Sachs", "PERSON", 1),
        span(text, "Bank of England", "ORG"),
        span(text, "England", "GPE", 1),
    ]
    assert labelled(make_consistent(text, spans)) == [
        ("Goldman Sachs Group", "ORG"),
        ("Goldman Sachs", "ORG"),
        ("Bank of England", "ORG"),
        ("England", "GPE"),
    ]


def test_one_label_per_surface_string_by_majority() -> None:
    text = "Jordan won. Jordan lost. Jordan drew. Amman is in Jordan."
    spans = [
        span(text, "Jordan", "PERSON", 0),
        span(text, "Jordan", "GPE", 1),
        span(text, "Jordan", "GPE", 2),
        span(text, "Amman", "GPE"),
        span(text, "Jordan", "GPE", 3),
    ]
    result = make_consistent(text, spans)
    assert [label for surface, label in labelled(result) if surface == "Jordan"] == ["GPE"] * 4


def test_tie_goes_to_the_earliest_mention() -> None:
    text = "Apple sued. Apple won."
    spans = [span(text, "Apple", "ORG", 0), span(text, "Apple", "PERSON", 1)]
    assert labelled(make_consistent(text, spans)) == [("Apple", "ORG"), ("Apple", "ORG")]


def test_unlabelled_repeats_are_added() -> None:
    text = "Joe Biden met Olaf Scholz in Berlin. Later Biden flew home from Berlin, Scholz said."
    spans = [
        span(text, "Joe Biden", "PERSON"),
        span(text, "Olaf Scholz", "PERSON"),
        span(text, "Berlin", "GPE"),
    ]
    assert labelled(make_consistent(text, spans)) == [
        ("Joe Biden", "PERSON"),
        ("Olaf Scholz", "PERSON"),
        ("Berlin", "GPE"),
        ("Biden", "PERSON"),
        ("Berlin", "GPE"),
        ("Scholz", "PERSON"),
    ]


def test_repeats_skip_common_words_short_strings_and_other_names() -> None:
    text = (
        "In Will Smith's film, Smith stars. Will it work? I will see. "
        "They lost to Aston Villa at Villa Park. A met B. Smith Barney agreed."
    )
    spans = [
        span(text, "Will Smith", "PERSON"),
        span(text, "Smith", "PERSON", 1),
        span(text, "Villa", "ORG", 1),
        span(text, "A", "ORG"),
    ]
    result = labelled(make_consistent(text, spans))
    assert ("Will", "PERSON") not in result  # "will" is also a lower-case word here
    assert result.count(("A", "ORG")) == 1  # single letters are not copied
    assert result.count(("Villa", "ORG")) == 1  # "Aston Villa" is another name
    assert result.count(("Smith", "PERSON")) == 1  # "Smith Barney" is another name


def test_repeats_do_not_overlap_existing_spans_and_may_complete_shorter_ones() -> None:
    text = "Hassan Abbas scored. Later Hassan Abbas left, Abbas said."
    spans = [span(text, "Hassan Abbas", "PERSON"), span(text, "Abbas", "PERSON", 1)]
    assert labelled(make_consistent(text, spans)) == [
        ("Hassan Abbas", "PERSON"),
        ("Hassan Abbas", "PERSON"),
        ("Abbas", "PERSON"),
    ]


def test_leading_role_word_is_trimmed_from_a_person() -> None:
    text = "The defender played well.\nDefender Hassan Abbas rose to head it. Mr Abbas smiled."
    spans = [span(text, "Defender Hassan Abbas", "PERSON"), span(text, "Mr Abbas", "PERSON")]
    assert labelled(make_consistent(text, spans))[:2] == [
        ("Hassan Abbas", "PERSON"),
        ("Abbas", "PERSON"),
    ]


def test_headline_mentions_match_body_mentions_through_restored_case() -> None:
    text = "LAVROV MEETS TURKISH LEADERS\nSergei Lavrov arrived. Lavrov said so."
    view = restore_case(text)
    assert view.startswith("Lavrov meets turkish leaders\n")  # unknown words: lower case
    spans = [span(text, "LAVROV", "ORG"), span(text, "Sergei Lavrov", "PERSON")]
    result = labelled(make_consistent(text, spans, view))
    assert result == [("LAVROV", "PERSON"), ("Sergei Lavrov", "PERSON"), ("Lavrov", "PERSON")]


def test_postprocess_cleans_then_makes_consistent() -> None:
    text = "The Bank of England's governor, Helen Marsh, spoke. Marsh's words mattered."
    spans = [
        EntitySpan(0, 22, "ORG", "The Bank of England's"),
        span(text, "Helen Marsh", "PERSON"),
        span(text, "Marsh's", "ORG"),
    ]
    assert labelled(postprocess(text, spans)) == [
        ("Bank of England", "ORG"),
        ("Helen Marsh", "PERSON"),
        ("Marsh", "PERSON"),
    ]
