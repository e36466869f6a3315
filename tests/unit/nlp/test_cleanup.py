from __future__ import annotations

from reader.core.model import EntitySpan
from reader.nlp.cleanup import clean_span, clean_spans

from .helpers import labelled, span


def test_punctuation_only_spans_are_dropped() -> None:
    text = 'He said " and then - left.'
    spans = [span(text, '"', "ORG"), EntitySpan(14, 15, "PERSON", "-")]
    assert clean_spans(text, spans) == []


def test_leading_lower_case_the_is_trimmed() -> None:
    text = "Rates were held by the Bank of England on Thursday."
    result = clean_spans(text, [span(text, "the Bank of England", "ORG")])
    assert labelled(result) == [("Bank of England", "ORG")]
    assert text[result[0].start : result[0].end] == "Bank of England"


def test_sentence_initial_the_is_trimmed_but_not_inside_a_name() -> None:
    text = "The Bank of England met. Reporters flew to The Hague."
    result = clean_spans(
        text, [span(text, "The Bank of England", "ORG"), span(text, "The Hague", "GPE")]
    )
    assert labelled(result) == [("Bank of England", "ORG"), ("The Hague", "GPE")]


def test_possessive_is_trimmed() -> None:
    text = "Merkel's visit and Merkel’s reply and the Davies' house"
    davies = text.index("Davies'")
    spans = [
        span(text, "Merkel's", "PERSON"),
        span(text, "Merkel’s", "PERSON"),
        EntitySpan(davies, davies + 7, "PERSON", "Davies'"),
    ]
    assert labelled(clean_spans(text, spans)) == [
        ("Merkel", "PERSON"),
        ("Merkel", "PERSON"),
        ("Davies", "PERSON"),
    ]


def test_quotes_and_unbalanced_brackets_are_stripped() -> None:
    text = 'the "Lavrov" plan (Sergei Lavrov)'
    spans = [
        EntitySpan(4, 12, "PERSON", '"Lavrov"'),
        EntitySpan(18, 32, "PERSON", "(Sergei Lavrov"),
    ]
    assert labelled(clean_spans(text, spans)) == [("Lavrov", "PERSON"), ("Sergei Lavrov", "PERSON")]


def test_names_are_split_at_line_breaks_dashes_and_scores() -> None:
    text = "SOCCER - JAPAN\nLONDON 1996-08-30\nAstle 2"
    assert labelled(clean_span(text, EntitySpan(0, 14, "ORG", text[:14]))) == [
        ("SOCCER", "ORG"),
        ("JAPAN", "ORG"),
    ]
    dateline = EntitySpan(15, 32, "GPE", "LONDON 1996-08-30")
    assert labelled(clean_span(text, dateline)) == [("LONDON", "GPE")]
    assert labelled(clean_span(text, EntitySpan(33, 40, "PERSON", "Astle 2"))) == [
        ("Astle", "PERSON")
    ]


def test_person_split_at_lower_case_words_but_not_particles() -> None:
    text = "Younis st Germon and Schalk van der Merwe"
    spans = [
        EntitySpan(0, 16, "PERSON", "Younis st Germon"),
        span(text, "Schalk van der Merwe", "PERSON"),
    ]
    assert labelled(clean_spans(text, spans)) == [
        ("Younis", "PERSON"),
        ("Germon", "PERSON"),
        ("Schalk van der Merwe", "PERSON"),
    ]


def test_dates_keep_their_article_and_organisations_their_numbers() -> None:
    text = "In the 1990s Channel 4 grew."
    spans = [span(text, "the 1990s", "DATE"), span(text, "Channel 4", "ORG")]
    assert labelled(clean_spans(text, spans)) == [("the 1990s", "DATE"), ("Channel 4", "ORG")]
