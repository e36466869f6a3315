"""EntityService with the real spaCy model: analysis, corrections, rules, the entity filter.

The model is loaded once for the module (about a second) and shared by every test.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

import pytest

from reader.core.model import ArticleDraft, EntitySource, EntitySpan
from reader.nlp.recognizer import ModelUnavailable, Recognizer
from reader.services.entities import AnalysisResult, EntityService
from reader.services.library import Library
from reader.store.query import LibraryQuery

BERLIN = """BERLIN, May 4 (Reader Wire) - Chancellor Olaf Brandt met executives from Siemens \
and Volkswagen on Monday to discuss energy prices.

Brandt said the government would present a plan to the Bundestag in June. Volkswagen \
declined to comment.

Analysts at Helvetia Capital said the talks were a first step."""

NAIROBI = """Officials in Nairobi said on Tuesday that Kenya Airways would add flights to Lagos. \
Helvetia Capital, which advises the airline, welcomed the decision.

Grace Wanjiru, the airline's chief executive, said Nairobi would become a hub for West Africa."""

LATER = """Helvetia Capital opened an office in Nairobi on Friday. Its founder, Marta Quispe, \
said Kenya was growing fast. Quispe plans to hire 40 people in Nairobi."""


@pytest.fixture(scope="module")
def recognizer() -> Iterator[Recognizer]:
    model = Recognizer()
    try:
        model.load()
    except ModelUnavailable as exc:  # pragma: no cover - the model is a dependency
        pytest.skip(str(exc))
    yield model


@pytest.fixture
def service(library: Library, recognizer: Recognizer) -> EntityService:
    return EntityService(library, recognizer)


def add(library: Library, title: str, text: str) -> int:
    article_id, created = library.articles.add(ArticleDraft(title, text))
    assert created
    return article_id


def found(service: EntityService, article_id: int) -> dict[str, set[str]]:
    """Surface text -> labels of the article's effective spans."""
    result: dict[str, set[str]] = {}
    for span in service.spans(article_id):
        result.setdefault(span.text, set()).add(span.label)
    return result


def mentions(service: EntityService, article_id: int, surface: str) -> list[EntitySpan]:
    return [s for s in service.spans(article_id) if s.text == surface]


def at(text: str, surface: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return start, start + len(surface)


def titles(library: Library, entity: str) -> list[str]:
    return sorted(a.title for a in library.list(LibraryQuery(entity=entity)))


def test_analyze_stores_model_and_effective_spans(library: Library, service: EntityService) -> None:
    berlin = add(library, "Berlin", BERLIN)
    nairobi = add(library, "Nairobi", NAIROBI)
    assert set(service.pending()) == {berlin, nairobi}
    results: list[AnalysisResult] = []
    assert service.analyze([berlin, nairobi], on_result=results.append) == 2
    assert sorted(r.article_id for r in results) == sorted([berlin, nairobi])
    assert service.pending() == []

    for article_id, text in ((berlin, BERLIN), (nairobi, NAIROBI)):
        spans = service.spans(article_id)
        assert spans, "the model found nothing"
        assert all(text[s.start : s.end] == s.text for s in spans)
        assert spans == sorted(spans, key=lambda s: (s.start, s.end))
        assert all(a.end <= b.start for a, b in pairwise(spans))
        assert service.store.model_spans(article_id)
        assert service.store.is_analysed(article_id)
    berlin_found = found(service, berlin)
    assert berlin_found["Olaf Brandt"] == {"PERSON"}
    assert berlin_found["Brandt"] == {"PERSON"}  # surname after the full name
    assert "ORG" in berlin_found["Volkswagen"]
    # The stored results are what the callback reported.
    by_id = {r.article_id: r.spans for r in results}
    assert by_id[berlin] == service.spans(berlin)


def test_analyze_skips_deleted_articles_and_stops_when_cancelled(
    library: Library, service: EntityService
) -> None:
    berlin = add(library, "Berlin", BERLIN)
    gone = add(library, "Nairobi", NAIROBI)
    library.delete(gone)
    assert service.analyze([gone, berlin]) == 1
    later = add(library, "Later", LATER)
    assert service.analyze([later], cancelled=lambda: True) == 0
    assert service.pending() == [later]


def test_a_correction_survives_reanalysis(library: Library, service: EntityService) -> None:
    berlin = add(library, "Berlin", BERLIN)
    service.analyze([berlin])
    assert found(service, berlin)["Brandt"] == {"PERSON"}
    second_brandt = at(BERLIN, "Brandt", 1)
    service.correct(berlin, *second_brandt, "")  # not an entity here
    bundestag = at(BERLIN, "Bundestag")
    service.correct(berlin, *bundestag, "FAC")
    step = at(BERLIN, "first step")
    service.correct(berlin, *step, "EVENT")  # a new span where the model had none

    def check() -> None:
        spans = service.spans(berlin)
        assert not [s for s in spans if (s.start, s.end) == second_brandt]
        assert [(s.label, s.source) for s in spans if (s.start, s.end) == bundestag] == [
            ("FAC", EntitySource.USER)
        ]
        assert [s.label for s in spans if (s.start, s.end) == step] == ["EVENT"]
        assert not [s for s in spans if s.text == "first"]  # the model's ORDINAL gave way

    check()
    service.store.forget_run(berlin)
    assert service.pending() == [berlin]
    assert service.analyze(service.pending()) == 1
    check()
    assert service.analyze([berlin]) == 1  # and again, without forgetting
    check()


def test_undo_correction_brings_the_model_span_back(
    library: Library, service: EntityService
) -> None:
    berlin = add(library, "Berlin", BERLIN)
    service.analyze([berlin])
    before = service.spans(berlin)
    siemens = at(BERLIN, "Siemens")
    correction = service.correct(berlin, *siemens, "")
    assert not mentions(service, berlin, "Siemens")
    service.undo_correction(berlin, correction)
    assert service.spans(berlin) == before


def test_a_correction_before_the_first_analysis_shows_and_survives_it(
    library: Library, service: EntityService
) -> None:
    berlin = add(library, "Berlin", BERLIN)
    bundestag = at(BERLIN, "Bundestag")
    service.correct(berlin, *bundestag, "FAC")
    assert [(s.text, s.label) for s in service.spans(berlin)] == [("Bundestag", "FAC")]
    service.analyze([berlin])
    assert found(service, berlin)["Bundestag"] == {"FAC"}
    assert "Olaf Brandt" in found(service, berlin)


def test_a_correction_made_while_the_article_is_analysed_is_not_lost(
    library: Library, service: EntityService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The UI thread may save a correction between the worker's reading of the
    corrections and its saving of the analysis: the saved spans must include it."""
    berlin = add(library, "Berlin", BERLIN)
    ui = EntityService(library.reconnect(), service.recognizer)
    store = service.store
    original = store.corrections
    calls = 0

    def corrections_then_user_edit(article_id: int):  # type: ignore[no-untyped-def]
        nonlocal calls
        result = original(article_id)
        calls += 1
        if calls == 1:  # the user corrects right after the worker read the corrections
            ui.correct(berlin, *at(BERLIN, "Siemens"), "")
        return result

    monkeypatch.setattr(store, "corrections", corrections_then_user_edit)
    service.analyze([berlin])
    ui.library.close()
    assert not mentions(service, berlin, "Siemens")
    assert "Olaf Brandt" in found(service, berlin)


def test_rules_apply_to_existing_and_future_articles(
    library: Library, service: EntityService
) -> None:
    berlin = add(library, "Berlin", BERLIN)
    nairobi = add(library, "Nairobi", NAIROBI)
    service.analyze([berlin, nairobi])
    # The model calls Helvetia Capital a person in one article: the user says always ORG.
    assert "PERSON" in found(service, nairobi)["Helvetia Capital"]
    assert "Nairobi" in found(service, nairobi)
    model_nairobi = [s for s in service.store.model_spans(nairobi) if s.text == "Nairobi"]
    assert model_nairobi

    always = service.add_rule("helvetia capital", "ORG")  # any case
    never = service.add_rule("Nairobi", "")
    assert service.recompute_all() == 2
    for article_id in (berlin, nairobi):
        helvetia = mentions(service, article_id, "Helvetia Capital")
        assert helvetia and {s.label for s in helvetia} == {"ORG"}
    assert {s.source for s in mentions(service, nairobi, "Helvetia Capital")} == {EntitySource.RULE}
    assert not mentions(service, nairobi, "Nairobi")
    assert titles(library, "nairobi") == []
    assert titles(library, "Helvetia capital") == ["Berlin", "Nairobi"]

    # A future article: analysed after the rules were made, it follows them at once.
    later = add(library, "Later", LATER)
    assert service.pending() == [later]
    service.analyze([later])
    assert {s.label for s in mentions(service, later, "Helvetia Capital")} == {"ORG"}
    assert not mentions(service, later, "Nairobi")

    # Deleting a rule brings the model's spans back, without running the model.
    service.delete_rule(never)
    service.recompute_all()
    assert [s.label for s in mentions(service, nairobi, "Nairobi")] == ["GPE", "GPE"]
    assert mentions(service, later, "Nairobi")
    assert titles(library, "NAIROBI") == ["Later", "Nairobi"]
    service.delete_rule(always)
    service.recompute_all()
    assert "PERSON" in found(service, nairobi)["Helvetia Capital"]


def test_a_rule_does_not_override_a_users_correction(
    library: Library, service: EntityService
) -> None:
    nairobi = add(library, "Nairobi", NAIROBI)
    service.analyze([nairobi])
    first = at(NAIROBI, "Nairobi")
    service.correct(nairobi, *first, "LOC")
    service.add_rule("Nairobi", "")
    service.recompute_all()
    assert [(s.start, s.end, s.label) for s in mentions(service, nairobi, "Nairobi")] == [
        (*first, "LOC")
    ]


def test_recompute_of_an_unanalysed_article_changes_nothing(
    library: Library, service: EntityService
) -> None:
    berlin = add(library, "Berlin", BERLIN)
    assert service.recompute(berlin) == []
    assert service.recompute_all() == 0
    assert service.spans(berlin) == []


def test_entity_filter_finds_articles_mentioning_it_ignoring_case(
    library: Library, service: EntityService
) -> None:
    berlin = add(library, "Berlin", BERLIN)
    nairobi = add(library, "Nairobi", NAIROBI)
    later = add(library, "Later", LATER)
    add(library, "Nothing", "The weather was mild and nobody said anything at all.")
    service.analyze([berlin, nairobi, later])
    assert titles(library, "Volkswagen") == ["Berlin"]
    assert titles(library, "VOLKSWAGEN") == ["Berlin"]
    assert titles(library, "helvetia capital") == ["Berlin", "Later", "Nairobi"]
    assert titles(library, "Grace Wanjiru") == ["Nairobi"]
    assert titles(library, "Wanjiru Grace") == []
    # Combined with a search, the filter narrows it.
    both = library.list(LibraryQuery(entity="Helvetia Capital", search="airline"))
    assert [a.title for a in both] == ["Nairobi"]


def test_unavailable_model_raises_model_unavailable(library: Library) -> None:
    add(library, "Berlin", BERLIN)
    service = EntityService(library, Recognizer("no_such_model_pkg_for_reader_tests"))
    with pytest.raises(ModelUnavailable):
        service.analyze(service.pending())
    assert service.store.analysed_ids() == []
