"""The sample articles shipped for new users import with their section, title and byline."""

from __future__ import annotations

import re

import pytest

from tests.unit.importers.helpers import SAMPLES, only_draft

EXPECTED = {
    "01-geneva-steel-talks.txt": (
        "World / Europe",
        "Steel tariff talks in Geneva stall as Friday deadline nears",
        "Amara Okafor and Lukas Brenner | Reader Wire",
        "2025-03-03",
        "GENEVA, March 3 (Reader Wire) - ",
    ),
    "02-rotterdam-port-strike.txt": (
        "Business > Shipping",
        "Rotterdam dockers extend strike, ships queue in the North Sea",
        "Pieter de Vries, Reader Wire",
        "2025-06-18",
        "ROTTERDAM, June 18 (Reader Wire) - ",
    ),
    "03-arctic-seabed-carbon.txt": (
        "SCIENCE",
        "Arctic seabed stores more carbon than expected, Norwegian study finds",
        "Sigrid Halvorsen",
        "2025-09-09",
        "TROMSO, Norway, Sept 9 (Reader Wire) - ",
    ),
}


def test_there_are_three_samples() -> None:
    assert sorted(path.name for path in SAMPLES.glob("*.txt")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_imports(name: str) -> None:
    section, title, byline, published, dateline = EXPECTED[name]
    draft = only_draft(SAMPLES / name)
    assert (draft.section, draft.title, draft.byline, draft.published) == (
        section,
        title,
        byline,
        published,
    )
    assert draft.text.startswith(dateline)
    paragraphs = draft.text.split("\n\n")
    assert len(paragraphs) >= 6
    assert all(paragraph and "\n" not in paragraph for paragraph in paragraphs)
    assert 250 <= len(draft.text.split()) <= 400
    assert title not in draft.text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_is_rich_in_entities(name: str) -> None:
    """Full names later shortened to surnames, money, and an organisation named for a place."""
    text = only_draft(SAMPLES / name).text
    full_names = re.findall(r"\b([A-Z][a-z]+) ((?:de )?[A-Z][a-z]+)\b", text)
    assert any(text.count(surname) >= 2 for _, surname in full_names)
    assert re.search(r"(\$[\d.]+ billion|\d[\d.]* (million|billion) \w+)", text)
    assert re.search(r"\b(of|Bank of) [A-Z][a-z]+\b", text)
