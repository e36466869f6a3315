"""Saved web pages: trafilatura's main text and metadata, without the page's chrome."""

from __future__ import annotations

import pytest

from reader.importers import ImportFailure, from_html
from tests.unit.importers.helpers import DATA, WriteFile, only_draft

CHROME = [
    "Skip to main content",
    "Subscribe",
    "ADVERTISEMENT",
    "Win a cruise",
    "Cheap flights",
    "Share on Facebook",
    "Share on X",
    "Email this story",
    "Share this article",
    "Tweet",
    "Related stories",
    "Shetland bridge",
    "Morning Briefing",
    "Sign up",
    "All rights reserved",
    "Cookie settings",
    "dataLayer",
    "min-height",
]


@pytest.fixture(scope="module")
def page_text() -> str:
    return (DATA / "saved_page.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("suffix", [".html", ".htm", ".xhtml"])
def test_saved_news_page(write: WriteFile, page_text: str, suffix: str) -> None:
    draft = only_draft(write(f"page{suffix}", page_text))
    assert draft.title == "Lighthouse keepers return to Orkney as ferry link reopens"
    assert draft.byline == "Fiona Strachan"
    assert draft.published == "2024-05-14"
    assert (
        draft.source_url == "https://ledger.example.org/scotland/2024/05/14/orkney-lighthouse-ferry"
    )
    assert draft.site == "The Northern Ledger"
    assert draft.section == "Scotland"
    assert draft.tags == ("Orkney", "Transport")
    paragraphs = draft.text.split("\n\n")
    assert paragraphs[0].startswith("KIRKWALL, May 14 - The first ferry")
    assert paragraphs[-1].startswith("The Norwegian shipyard")
    assert "A slow return" in paragraphs
    assert len(paragraphs) == 7
    assert not draft.text.startswith(draft.title)
    for chrome in CHROME:
        assert chrome not in draft.text, chrome


def test_title_falls_back_to_the_title_element(write: WriteFile) -> None:
    body = "<p>" + "The harbour reopened on Monday after repairs to the sea wall. " * 6 + "</p>"
    page = (
        f"<html><head><title>Harbour reopens | Coast News</title></head><body>{body}</body></html>"
    )
    draft = only_draft(write("a.html", page))
    assert draft.title == "Harbour reopens"
    assert draft.text.startswith("The harbour reopened on Monday")


def test_title_falls_back_to_the_first_line(write: WriteFile) -> None:
    draft = only_draft(
        write("a.html", "<html><body><p>Only a sentence here. And more.</p></body></html>")
    )
    assert draft.title == "Only a sentence here."


def test_short_page_keeps_its_paragraphs(write: WriteFile) -> None:
    page = "<html><body><h1>Short</h1><p>One para.</p><p>Two para.</p></body></html>"
    draft = only_draft(write("a.html", page))
    assert (draft.title, draft.text) == ("Short", "One para.\n\nTwo para.")


def test_declared_legacy_charset(write: WriteFile) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        "<title>Café “Zürich”</title></head><body><p>Crème brûlée – 12 €.</p></body></html>"
    )
    draft = only_draft(write("a.htm", page.encode("cp1252")))
    assert draft.title == "Café “Zürich”"
    assert draft.text == "Crème brûlée – 12 €."


def test_xhtml_with_xml_declaration(write: WriteFile) -> None:
    paragraph = "<p>" + "Le café était plein à Genève ce matin-là, dit-elle. " * 10 + "</p>"
    page = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Genève</title></head>'
        f"<body><article><h1>Genève</h1>{paragraph}{paragraph}</article></body></html>"
    )
    draft = only_draft(write("a.xhtml", page))
    assert draft.title == "Genève"
    assert draft.text.startswith("Le café était plein")


@pytest.mark.parametrize(
    "page",
    ["<html><body></body></html>", "<html><head><script>x=1</script></head></html>", "<br><hr>"],
)
def test_page_without_text(write: WriteFile, page: str) -> None:
    with pytest.raises(ImportFailure, match="no article text found"):
        only_draft(write("a.html", page))


def test_from_html_uses_the_given_url_when_the_page_has_none() -> None:
    draft = from_html("<p>Copied text.</p>", url="https://example.org/x")
    assert draft.source_url == "https://example.org/x"


def test_from_html_whole_page(page_text: str) -> None:
    draft = from_html(page_text, url="https://elsewhere.example/copy")
    assert draft.title == "Lighthouse keepers return to Orkney as ferry link reopens"
    # The page's canonical address is where the article lives; it wins.
    assert draft.source_url.startswith("https://ledger.example.org/")
    assert "Share on Facebook" not in draft.text


def test_html5_page_without_html_and_body_tags_still_loses_its_chrome(
    write: WriteFile, page_text: str
) -> None:
    start = page_text.index("<header")
    end = page_text.index("</body>")
    page = "<!DOCTYPE html><title>Orkney</title>\n" + page_text[start:end]
    draft = only_draft(write("bare.html", page))
    assert draft.text.startswith("KIRKWALL, May 14")
    for chrome in CHROME:
        assert chrome not in draft.text, chrome
