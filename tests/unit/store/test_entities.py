"""EntityStore: analysis runs, model and effective spans, corrections, rules, statistics."""

from __future__ import annotations

import pytest

from reader.core.model import ArticleDraft, EntitySource, EntitySpan
from reader.services.library import Library
from reader.store.articles import text_fingerprint
from reader.store.entities import EntityStore, StoredRule
from reader.store.query import LibraryQuery

TEXT = "Sergei Lavrov met Antony Blinken in Geneva. Lavrov said Geneva was calm."
V1 = "model-1+reader.1"
V2 = "model-2+reader.1"


def span(text: str, surface: str, label: str, nth: int = 0, source: str = "model") -> EntitySpan:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return EntitySpan(start, start + len(surface), label, surface, EntitySource(source))


MODEL = [
    span(TEXT, "Sergei Lavrov", "PERSON"),
    span(TEXT, "Antony Blinken", "PERSON"),
    span(TEXT, "Geneva", "GPE"),
    span(TEXT, "Lavrov", "ORG", nth=1),  # the model's mistake, fixed by consistency
]


@pytest.fixture
def store(library: Library) -> EntityStore:
    return EntityStore(library.conn)


def add(library: Library, text: str = TEXT, title: str = "Talks") -> int:
    article_id, created = library.articles.add(ArticleDraft(title, text))
    assert created
    return article_id


def sha(library: Library, article_id: int) -> str:
    article = library.get(article_id)
    assert article is not None
    return article.text_sha256


def change_text(library: Library, article_id: int, text: str) -> None:
    """What an edit of the article's text would do (no API changes text yet)."""
    library.conn.execute(
        "UPDATE articles SET text = ?, text_sha256 = ? WHERE id = ?",
        (text, text_fingerprint(text), article_id),
    )


def test_save_analysis_round_trip(library: Library, store: EntityStore) -> None:
    article_id = add(library)
    effective = [*MODEL[:3], EntitySpan(44, 50, "PERSON", "Lavrov", EntitySource.MODEL)]
    assert store.save_analysis(article_id, sha(library, article_id), V1, MODEL, effective)
    assert store.model_spans(article_id) == sorted(MODEL, key=lambda s: s.start)
    assert store.spans(article_id) == sorted(effective, key=lambda s: (s.start, s.end))
    assert store.is_analysed(article_id)
    assert not store.needs_analysis(article_id, V1)
    assert store.analysed_ids() == [article_id]


def test_effective_spans_keep_their_source_and_drop_empty_labels(
    library: Library, store: EntityStore
) -> None:
    article_id = add(library)
    effective = [
        EntitySpan(0, 13, "PERSON", "Sergei Lavrov", EntitySource.USER),
        EntitySpan(18, 32, "ORG", "Antony Blinken", EntitySource.RULE),
        EntitySpan(36, 42, "", "Geneva", EntitySource.USER),  # "no entity here"
    ]
    store.save_analysis(article_id, sha(library, article_id), V1, MODEL, effective)
    assert [(s.text, s.label, s.source) for s in store.spans(article_id)] == [
        ("Sergei Lavrov", "PERSON", EntitySource.USER),
        ("Antony Blinken", "ORG", EntitySource.RULE),
    ]


def test_save_analysis_rejects_a_stale_text_hash(library: Library, store: EntityStore) -> None:
    article_id = add(library)
    old = sha(library, article_id)
    change_text(library, article_id, TEXT + " More text.")
    assert not store.save_analysis(article_id, old, V1, MODEL, MODEL)
    assert store.spans(article_id) == []
    assert store.model_spans(article_id) == []
    assert not store.is_analysed(article_id)
    assert store.pending(V1) == [article_id]


def test_save_analysis_of_a_deleted_article_is_dropped(
    library: Library, store: EntityStore
) -> None:
    article_id = add(library)
    digest = sha(library, article_id)
    library.delete(article_id)
    assert not store.save_analysis(article_id, digest, V1, MODEL, MODEL)
    assert store.analysed_ids() == []


def test_a_new_analysis_replaces_the_previous_one(library: Library, store: EntityStore) -> None:
    article_id = add(library)
    digest = sha(library, article_id)
    store.save_analysis(article_id, digest, V1, MODEL, MODEL)
    store.save_analysis(article_id, digest, V2, MODEL[:1], MODEL[:1])
    assert store.model_spans(article_id) == MODEL[:1]
    assert store.spans(article_id) == MODEL[:1]
    assert store.analysed_ids() == [article_id]


def test_pending_and_needs_analysis_follow_model_version_and_text(
    library: Library, store: EntityStore
) -> None:
    first = add(library, TEXT, "First")
    second = add(library, "Angela Merkel visited Paris.", "Second")
    assert set(store.pending(V1)) == {first, second}
    assert len(store.pending(V1, limit=1)) == 1
    assert store.needs_analysis(first, V1)

    store.save_analysis(first, sha(library, first), V1, MODEL, MODEL)
    assert store.pending(V1) == [second]
    assert not store.needs_analysis(first, V1)
    # A new model (or post-processing) version: everything is redone.
    assert set(store.pending(V2)) == {first, second}
    assert store.needs_analysis(first, V2)
    assert store.is_analysed(first)  # the old spans are still there to show meanwhile

    # The text changed: analysed by this version, but of another text.
    change_text(library, first, TEXT + " Then they left.")
    assert not store.is_analysed(first)
    assert store.needs_analysis(first, V1)
    assert set(store.pending(V1)) == {first, second}


def test_forget_run_keeps_spans_and_corrections(library: Library, store: EntityStore) -> None:
    article_id = add(library)
    store.save_analysis(article_id, sha(library, article_id), V1, MODEL, MODEL)
    store.add_correction(article_id, span(TEXT, "Geneva", "", source="user"))
    store.forget_run(article_id)
    assert store.needs_analysis(article_id, V1)
    assert store.pending(V1) == [article_id]
    assert not store.is_analysed(article_id)
    assert len(store.spans(article_id)) == len(MODEL)  # still shown until the new run
    assert len(store.corrections(article_id)) == 1


def test_corrections_replace_an_earlier_one_on_the_same_range(
    library: Library, store: EntityStore
) -> None:
    article_id = add(library)
    geneva = span(TEXT, "Geneva", "LOC", source="user")
    first = store.add_correction(article_id, geneva)
    other = store.add_correction(article_id, span(TEXT, "Lavrov", "PERSON", 1, "user"))
    second = store.add_correction(
        article_id, EntitySpan(geneva.start, geneva.end, "ORG", "Geneva", EntitySource.USER)
    )
    assert second != first
    corrections = store.corrections(article_id)
    assert [c.id for c in corrections] == [other, second]
    assert [(c.span.text, c.span.label) for c in corrections] == [
        ("Lavrov", "PERSON"),
        ("Geneva", "ORG"),
    ]
    assert all(c.span.source is EntitySource.USER for c in corrections)
    # An overlapping but different range is another correction.
    store.add_correction(article_id, EntitySpan(36, 41, "", "Genev", EntitySource.USER))
    assert len(store.corrections(article_id)) == 3

    store.delete_correction(second)
    assert [c.id for c in store.corrections(article_id)][:1] == [other]
    assert len(store.corrections(article_id)) == 2


def test_corrections_go_with_their_article(library: Library, store: EntityStore) -> None:
    article_id = add(library)
    store.save_analysis(article_id, sha(library, article_id), V1, MODEL, MODEL)
    store.add_correction(article_id, span(TEXT, "Geneva", "LOC", source="user"))
    library.delete(article_id)
    assert store.corrections(article_id) == []
    assert store.spans(article_id) == []
    assert store.model_spans(article_id) == []
    assert store.analysed_ids() == []


def test_rules_are_unique_per_text_ignoring_case(store: EntityStore) -> None:
    first = store.add_rule("Apple", "ORG")
    store.add_rule("Geneva", "")
    replacement = store.add_rule("APPLE", "PRODUCT")
    rules = store.rules()
    assert [(r.text, r.label) for r in rules] == [("Geneva", ""), ("APPLE", "PRODUCT")]
    assert first not in {r.id for r in rules} or replacement == first
    assert all(r.created for r in rules)


def test_rules_are_unique_per_text_ignoring_case_beyond_ascii(store: EntityStore) -> None:
    """SQLite's NOCASE folds ASCII only: "Österreich" and "ÖSTERREICH" are one rule too."""
    store.add_rule("Österreich", "GPE")
    store.add_rule("ÖSTERREICH", "")
    store.add_rule("European  Union", "ORG")
    store.add_rule("european union", "GPE")
    assert [(r.text, r.label) for r in store.rules()] == [
        ("ÖSTERREICH", ""),
        ("european union", "GPE"),
    ]


def test_delete_and_restore_rule(store: EntityStore) -> None:
    store.add_rule("Geneva", "")
    rule_id = store.add_rule("Apple", "ORG")
    [rule] = [r for r in store.rules() if r.id == rule_id]
    store.delete_rule(rule_id)
    assert [r.text for r in store.rules()] == ["Geneva"]
    assert store.restore_rule(rule) == rule_id
    assert rule in store.rules()  # same id, text, label and date


def test_restore_rule_replaces_a_rule_added_for_the_same_text(store: EntityStore) -> None:
    rule_id = store.add_rule("Apple", "ORG")
    [old] = store.rules()
    store.delete_rule(rule_id)
    store.add_rule("apple", "")
    store.restore_rule(old)
    assert store.rules() == [old]


def test_restore_rule_whose_id_was_taken_meanwhile(store: EntityStore) -> None:
    """Another window (or reader-cli) may reuse a deleted rule's id."""
    store.add_rule("Apple", "ORG")
    [old] = store.rules()
    store.delete_rule(old.id)
    other = store.add_rule("Geneva", "")
    assert other == old.id  # SQLite reuses the highest id
    restored = store.restore_rule(old)
    assert restored != old.id
    assert sorted((r.text, r.label) for r in store.rules()) == [("Apple", "ORG"), ("Geneva", "")]


def test_stored_rule_is_plain_data() -> None:
    rule = StoredRule(1, "Apple", "ORG", "2026-01-01T00:00:00+00:00")
    assert rule == StoredRule(1, "Apple", "ORG", "2026-01-01T00:00:00+00:00")


def test_library_mentions_and_the_entity_filter(library: Library, store: EntityStore) -> None:
    first = add(library, TEXT, "First")
    second_text = "In GENEVA, Blinken said little. Geneva talks end."
    second = add(library, second_text, "Second")
    third = add(library, "Nothing named here at all.", "Third")
    store.save_analysis(first, sha(library, first), V1, MODEL, MODEL)
    store.save_analysis(
        second,
        sha(library, second),
        V1,
        [],
        [
            span(second_text, "GENEVA", "GPE"),
            span(second_text, "Blinken", "PERSON"),
            span(second_text, "Geneva", "GPE"),
        ],
    )
    store.save_analysis(third, sha(library, third), V1, [], [])
    assert store.library_mentions("Geneva") == (2, 3)
    assert store.library_mentions("geneva") == (2, 3)
    assert store.library_mentions("Blinken") == (1, 1)
    assert store.library_mentions("Paris") == (0, 0)
    assert store.top_entities(1) == [("Geneva", "GPE", 2)]

    def titles(entity: str) -> list[str]:
        return sorted(a.title for a in library.list(LibraryQuery(entity=entity)))

    assert titles("geneva") == ["First", "Second"]
    assert titles("BLINKEN") == ["Second"]
    assert titles("Antony Blinken") == ["First"]
    assert titles("Paris") == []
