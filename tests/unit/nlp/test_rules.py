from __future__ import annotations

from reader.core.model import EntitySource, EntitySpan
from reader.nlp.pipeline import postprocess
from reader.nlp.rules import SUPPRESSED, EntityRule, apply_rules, apply_user_spans

from .helpers import labelled, span

USER = EntitySource.USER


def test_never_rule_removes_matching_spans_case_insensitively() -> None:
    text = "REUTERS REPORTS\nReuters said Brexit mattered to Reuters."
    spans = [
        span(text, "REUTERS", "ORG"),
        span(text, "Reuters", "ORG"),
        span(text, "Brexit", "EVENT"),
        span(text, "Reuters", "ORG", 1),
    ]
    assert labelled(apply_rules(text, spans, [EntityRule("reuters", None)])) == [
        ("Brexit", "EVENT")
    ]


def test_label_rule_relabels_and_adds_missing_occurrences() -> None:
    text = "Acme Corp grew. Analysts like Acme. ACME SHARES RISE. An acme of design."
    spans = [span(text, "Acme", "PERSON", 1)]
    result = apply_rules(text, spans, [EntityRule("Acme", "ORG")])
    assert labelled(result) == [("Acme", "ORG"), ("Acme", "ORG"), ("ACME", "ORG")]
    assert all(s.source is EntitySource.RULE for s in result)
    assert "acme" not in [s.text for s in result]  # lower-case common word left alone


def test_rule_occurrence_replaces_contained_and_shrinks_crossing_spans() -> None:
    text = "The New York Times Company said. Times Company New York fell."
    spans = [
        span(text, "New York", "GPE"),  # inside the rule text: replaced
        span(text, "Times Company New", "ORG"),  # crosses the second occurrence: shrunk
    ]
    rules = [EntityRule("New York Times Company", "ORG"), EntityRule("New York", "GPE")]
    result = apply_rules(text, spans, rules)
    assert labelled(result) == [
        ("New York Times Company", "ORG"),
        ("Times Company", "ORG"),
        ("New York", "GPE"),
    ]


def test_rule_text_inside_a_longer_name_is_left_to_that_name() -> None:
    text = "The Bank of England and England."
    spans = [span(text, "Bank of England", "ORG")]
    result = apply_rules(text, spans, [EntityRule("England", "GPE")])
    assert labelled(result) == [("Bank of England", "ORG"), ("England", "GPE")]


def test_later_rule_for_the_same_text_wins() -> None:
    text = "Jordan spoke."
    spans = [span(text, "Jordan", "GPE")]
    rules = [EntityRule("Jordan", "GPE"), EntityRule("jordan", "PERSON")]
    assert labelled(apply_rules(text, spans, rules)) == [("Jordan", "PERSON")]
    assert apply_rules(text, spans, [*rules, EntityRule("JORDAN", None)]) == []


def test_user_spans_override_overlapping_model_spans() -> None:
    text = "Paris Hilton visited Paris and London."
    spans = [
        span(text, "Paris", "GPE", 0),
        span(text, "Paris", "GPE", 1),
        span(text, "London", "GPE"),
    ]
    user = [
        span(text, "Paris Hilton", "PERSON", source=USER),
        EntitySpan(spans[2].start, spans[2].end, SUPPRESSED, "London", USER),
    ]
    result = apply_user_spans(spans, user)
    assert labelled(result) == [("Paris Hilton", "PERSON"), ("Paris", "GPE")]
    assert result[0].source is USER


def test_later_user_span_wins_over_an_earlier_overlapping_one() -> None:
    text = "Paris Hilton visited."
    first = span(text, "Paris", "GPE", source=USER)
    second = span(text, "Paris Hilton", "PERSON", source=USER)
    assert labelled(apply_user_spans([], [first, second])) == [("Paris Hilton", "PERSON")]
    assert labelled(apply_user_spans([], [second, first])) == [("Paris", "GPE")]


def test_rules_do_not_override_user_spans_and_postprocess_applies_both() -> None:
    text = "Apple fell. Apple rose."
    model = [span(text, "Apple", "ORG", 0), span(text, "Apple", "ORG", 1)]
    user = [span(text, "Apple", "PRODUCT", 1, source=USER)]
    result = postprocess(text, model, [EntityRule("apple", None)], user)
    assert labelled(result) == [("Apple", "PRODUCT")]
    result = postprocess(text, model, [EntityRule("Apple", "PERSON")], user)
    assert labelled(result) == [("Apple", "PERSON"), ("Apple", "PRODUCT")]
