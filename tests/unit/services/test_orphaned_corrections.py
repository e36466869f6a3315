"""Corrections that no longer apply, without Qt: listed, described, deleted and put back
exactly (real SQLite; no model run is needed, corrections apply without one)."""

from __future__ import annotations

from reader.core.model import ArticleDraft
from reader.services.annotations import AnnotationService
from reader.services.correction_text import context, describe
from reader.services.entities import EntityService
from reader.services.library import Library

TEXT = (
    "Talks in Geneva went on late. Russian foreign minister Sergei Lavrov, speaking to"
    " reporters after the meeting, said Reuters had misquoted him. Geneva police closed"
    " the old town."
)
EDITED = TEXT.replace("Sergei Lavrov", "the minister").replace(
    "said Reuters had", "said a paper had"
)


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def orphaned_article(library: Library) -> tuple[EntityService, int]:
    article_id, _ = library.articles.add(ArticleDraft("Talks", TEXT))
    entities = EntityService(library)
    entities.correct(article_id, *span(TEXT, "Lavrov"), "PERSON")
    entities.correct(article_id, *span(TEXT, "Reuters"), "")
    entities.correct(article_id, *span(TEXT, "Geneva police"), "ORG")
    AnnotationService(library).edit_text(article_id, EDITED)
    return entities, article_id


def test_orphans_are_listed_and_described(library: Library) -> None:
    entities, article_id = orphaned_article(library)
    orphans = entities.orphans(article_id)
    assert [describe(c) for c in orphans] == ["“Lavrov” marked Person", "“Reuters” not an entity"]
    assert context(orphans[0]) == "…foreign minister Sergei Lavrov, speaking to reporters…"
    assert context(orphans[1]) == "…after the meeting, said Reuters had misquoted him. …"
    # The one whose words stayed still applies and is not listed.
    assert [c.span.text for c in entities.store.corrections(article_id)] == ["Geneva police"]


def test_delete_and_restore_orphans_exactly(library: Library) -> None:
    entities, article_id = orphaned_article(library)
    before = entities.store.corrections(article_id, orphaned=True)
    spans = entities.spans(article_id)
    lavrov, reuters = entities.orphans(article_id)
    deleted = entities.delete_corrections(article_id, [lavrov.id, 9999])
    assert deleted == [lavrov]
    assert entities.orphans(article_id) == [reuters]
    assert entities.spans(article_id) == spans  # orphans never applied
    entities.restore_corrections(article_id, deleted)
    assert entities.store.corrections(article_id, orphaned=True) == before

    everything = entities.delete_corrections(
        article_id, [c.id for c in entities.orphans(article_id)]
    )
    assert entities.orphans(article_id) == []
    entities.restore_corrections(article_id, everything)
    assert entities.store.corrections(article_id, orphaned=True) == before


def test_a_restored_orphan_applies_again_when_its_words_return(library: Library) -> None:
    entities, article_id = orphaned_article(library)
    lavrov = entities.orphans(article_id)[0]
    entities.restore_corrections(article_id, entities.delete_corrections(article_id, [lavrov.id]))
    AnnotationService(library).edit_text(article_id, TEXT)
    assert entities.orphans(article_id) == []
    assert ("Lavrov", "PERSON") in {(s.text, s.label) for s in entities.spans(article_id)}


def test_delete_only_touches_the_named_article(library: Library) -> None:
    entities, article_id = orphaned_article(library)
    other, _ = library.articles.add(ArticleDraft("Other", "Lavrov met Reuters in Geneva."))
    entities.correct(other, 0, 6, "PERSON")
    [theirs] = entities.store.corrections(other)
    assert entities.delete_corrections(article_id, [theirs.id]) == []
    assert entities.store.corrections(other) == [theirs]
