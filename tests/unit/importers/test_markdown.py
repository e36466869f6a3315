"""Markdown: title from the first heading or front matter, markup removed, paragraphs kept."""

from __future__ import annotations

import time

import pytest

from reader.core.model import ArticleDraft
from reader.importers.markdown import parse_markdown
from tests.unit.importers.helpers import DATA, WriteFile, only_draft


def test_markdown_article_file() -> None:
    draft = only_draft(DATA / "article.md")
    assert draft == ArticleDraft(
        title="Glass recycling plant opens in Aarhus",
        text=(
            "AARHUS, Denmark - A glass recycling plant built by the Jutland Materials Company "
            "opened on Tuesday, promising to process 90,000 tonnes a year.\n\n"
            "What it costs\n\n"
            "The plant cost 420 million crowns and employs 140 people, according to the "
            "company's chief executive, Lars Holm.\n\n"
            '"We used to ship our bottles to Germany," Holm said. "Now they stay here."\n\n'
            "• bottles and jars\n• window glass from demolition sites\n1. sorting\n2. melting\n\n"
            "Year | Tonnes\n2025 | 90,000\n\n"
            "Visit https://example.dk or read the old new report."
        ),
        section="Environment",
        byline="Mette Kjær, Ole Dahl",
        source_url="https://news.example.dk/aarhus-glass",
        published="2025-01-21",
        tags=("recycling", "Denmark"),
    )


def test_title_from_first_heading_without_front_matter(write: WriteFile) -> None:
    draft = only_draft(write("a.md", "\n# Ferry *strike* ends #\n\nBody text."))
    assert (draft.title, draft.text) == ("Ferry strike ends", "Body text.")


def test_setext_heading() -> None:
    draft = parse_markdown(
        "Ferry strike ends\n=================\n\nBody.\n\nPart two\n--------\n\nMore."
    )
    assert draft.title == "Ferry strike ends"
    assert draft.text == "Body.\n\nPart two\n\nMore."


def test_front_matter_title_differing_from_heading_keeps_the_heading() -> None:
    draft = parse_markdown("---\ntitle: Short title\n---\n# Long heading\n\nBody.")
    assert draft.title == "Short title"
    assert draft.text == "Long heading\n\nBody."


def test_no_heading_title_from_first_line() -> None:
    draft = parse_markdown("Plain *first* paragraph.\n\nSecond.")
    assert draft.title == "Plain first paragraph."
    assert draft.text == "Plain first paragraph.\n\nSecond."


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("**bold** and __strong__ and *em* and _em_", "bold and strong and em and em"),
        ("***both*** and ~~gone~~", "both and gone"),
        ("snake_case_name and 2 * 3 * 4 stay", "snake_case_name and 2 * 3 * 4 stay"),
        ("[link text](https://example.org/a_(b)) here", "link text here"),
        ("[ref link][1] and [other][]", "ref link and other"),
        ("an ![image](x.png) gone", "an gone"),
        ("`code *not* emphasis` kept", "code *not* emphasis kept"),
        (r"escaped \*stars\* and \_under\_", "escaped *stars* and _under_"),
        ("<span class='x'>tag</span> &amp; &eacute;", "tag & é"),
        ("a < b and c > d", "a < b and c > d"),
        ("mail <jane@example.org>", "mail jane@example.org"),
        ("line one  \nline two", "line one\nline two"),
        ("soft\nbreak", "soft break"),
    ],
)
def test_inline_markup_removed(markdown: str, text: str) -> None:
    assert parse_markdown(f"# T\n\n{markdown}").text == text


def test_code_block_is_kept_verbatim() -> None:
    draft = parse_markdown("# T\n\n```python\nx  =  1\n\n\n\n  indented\n```\n\nAfter.")
    assert draft.text == "x  =  1\n\n  indented\n\nAfter."


def test_nested_quotes_and_rules() -> None:
    draft = parse_markdown("# T\n\n> > deep quote\n> back\n\n---\n\n* * *\n\nEnd.")
    assert draft.text == "deep quote back\n\nEnd."


def test_html_block_and_comments_are_dropped() -> None:
    draft = parse_markdown("# T\n\n<div class='ad'>\n\nText.\n\n</div>\n<!--\nhidden\n-->\n")
    assert draft.text == "Text."


def test_front_matter_variants() -> None:
    draft = parse_markdown(
        "---\n"
        "title: 'Quoted: with colon'\n"
        "authors:\n  - Ana Silva\n  - Rui Costa\n"
        "published: March 3, 2025\n"
        "source: https://example.pt/a\n"
        "categories: [Economy, Europe]\n"
        "keywords: ports, strikes\n"
        "# a comment\n"
        "site_name: Exemplo\n"
        "---\n"
        "Body."
    )
    assert draft.title == "Quoted: with colon"
    assert draft.byline == "Ana Silva, Rui Costa"
    assert draft.published == "2025-03-03"
    assert draft.source_url == "https://example.pt/a"
    assert draft.section == "Economy"
    assert draft.tags == ("ports", "strikes")
    assert draft.site == "Exemplo"
    assert draft.text == "Body."


def test_a_rule_at_the_top_is_not_front_matter() -> None:
    draft = parse_markdown("---\n\nNot front matter, a paragraph.\n\n---\n")
    assert draft.text == "Not front matter, a paragraph."


def test_heading_only_document() -> None:
    draft = parse_markdown("# Only a heading")
    assert (draft.title, draft.text) == ("Only a heading", "Only a heading")


@pytest.mark.parametrize("unit", ["*a ", "_a ", "~~a ", "[", "![x](", "`a ``b "])
def test_pathological_lines_take_linear_time(unit: str) -> None:
    started = time.perf_counter()
    parse_markdown("# T\n\n" + unit * 20_000)
    assert time.perf_counter() - started < 3
