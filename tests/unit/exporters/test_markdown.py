"""Markdown export: parses with markdown-it-py, carries every highlight and note, keeps
the article's characters, and front matter that any title cannot break."""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from reader.core.model import Article, Highlight
from reader.exporters import markdown
from reader.exporters.document import ExportDocument, ExportOptions, HighlightStyle, NoteStyle
from tests.unit.exporters.conftest import (
    ARTICLE_NOTE,
    BREAKOUT_NOTE,
    MULTILINE_NOTE,
    SCRIPT_NOTE,
    SOURCE_URL,
    TITLE,
    Annotated,
)


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").use(front_matter_plugin).use(footnote_plugin)


def front(text: str) -> dict[str, object]:
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert match, text[:200]
    data = yaml.safe_load(match.group(1))
    assert isinstance(data, dict)
    return data


def marked_texts(html: str) -> list[str]:
    """==text== is an extension (Obsidian and others): CommonMark keeps the delimiters
    as text, so the rendered text shows each highlight between them."""
    return re.findall(r"==(.+?)==", plain(html), re.S)


def plain(html_fragment: str) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", html_fragment))


def test_front_matter_and_every_highlight_marked(annotated: Annotated) -> None:
    document = annotated.document()
    text = markdown.render(document)
    data = front(text)
    assert data["title"] == TITLE
    assert data["source"] == SOURCE_URL
    assert data["published"] == "2025-03-03"
    assert data["tags"] == ["netherlands", "sea level"]
    assert data["imported"] == document.article.imported_at
    html = parser().render(text)
    marks = [" ".join(m.split()) for m in marked_texts(html)]
    for h in document.placed:
        quote = " ".join(h.exact.split())
        assert any(quote in m for m in marks), (quote, marks)
    # no raw HTML reaches the rendered page: notes and text are escaped
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html


def test_notes_follow_their_paragraph_as_blockquotes(annotated: Annotated) -> None:
    text = markdown.render(annotated.document())
    html = parser().render(text)
    quotes = re.findall(r"<blockquote>(.*?)</blockquote>", html, re.S)
    joined = plain("".join(quotes))
    assert 'Check this figure <script>alert("x")</script>' in joined
    assert BREAKOUT_NOTE in joined
    assert "second line with 🌊" in joined
    # the multi-line note keeps its list
    assert "<li>a point</li>" in html
    # the note is placed after its paragraph, before the next one
    paragraph = text.index("==twice the rate of the 1990s, the Delta==")
    assert paragraph < text.index("Check *this* figure") < text.index("1996\\.")
    # the article note and the orphan are there too
    assert "Overall a **good** piece." in text
    assert "Talks resume on Tuesday" in text and "Orphan note" in text


def test_footnotes_option(annotated: Annotated) -> None:
    options = ExportOptions(notes=NoteStyle.NUMBERED)
    text = markdown.render(annotated.document(), options)
    html = parser().render(text)
    assert html.count('class="footnote-ref"') == 4  # the four placed highlights with notes/tags
    items = plain(
        "".join(re.findall(r'<li id="fn\d+" class="footnote-item">(.*?)</li>\n</ol>', html, re.S))
        or html
    )
    for note in (SCRIPT_NOTE.replace("*", ""), BREAKOUT_NOTE, "First line of the note"):
        assert note in items
    assert "> **Note**" not in text


def test_article_text_reads_back_unchanged(annotated: Annotated) -> None:
    """Markdown-significant characters in the article come out as the same characters."""
    document = annotated.document()
    bold = ExportOptions(highlight_style=HighlightStyle.BOLD)  # no == in the shown text
    html = parser().render(markdown.render(document, bold))
    shown = " ".join(plain(html).split())
    for line in document.article.text.split("\n"):
        if line.strip():
            assert " ".join(line.split()) in shown, line
    assert "<h1>" in html and html.count("<h1>") == 1  # "# not a heading" stays text
    assert "<li>not a list item" not in html
    assert "<ol" not in html.split("footnote")[0]  # "1996." is not a list


def test_bold_and_html_styles(annotated: Annotated) -> None:
    document = annotated.document()
    bold = markdown.render(document, ExportOptions(highlight_style=HighlightStyle.BOLD))
    assert "==" not in bold.replace("\\==", "")
    html = parser().render(bold)
    assert "<strong>twice the rate of the 1990s, the Delta</strong>" in html
    marks = markdown.render(document, ExportOptions(highlight_style=HighlightStyle.HTML))
    assert '<mark style="background-color: #ffe14d">twice the rate of</mark>' in marks
    assert '<mark style="background-color: #daadff">the 1990s, the Delta</mark>' in marks
    assert "<mark" not in markdown.render(document)


def test_highlights_only(annotated: Annotated) -> None:
    document = annotated.document()
    text = markdown.render(document, ExportOptions(highlights_only=True))
    html = parser().render(text)
    assert "Tide gauges along" not in text
    quotes = [plain(q) for q in re.findall(r"<blockquote>(.*?)</blockquote>", html, re.S)]
    assert len(quotes) == len(document.highlights) == 6
    for h, quote in zip(document.highlights, quotes, strict=True):
        assert " ".join(h.exact.split()) == " ".join(quote.split())
    for colour in ("Yellow", "Green", "Blue", "Pink", "Purple"):
        assert f"<strong>{colour}</strong>" in html
    assert "#:~:text=twice%20the%20rate%20of%20the%201990s" in text
    assert "not found in the current text" in text  # the orphan, still listed
    assert "#climate #to-check" in text and "Orphan note" in text


@pytest.mark.parametrize(
    "title",
    [
        'He said: "no" -- and left',
        "- starts like a list: with colon",
        "multi\nline\ttitle",
        "'single' & #hash & {brace} [list] *star* | pipe > gt % pct @at `tick`",
        "null",
        "yes",
        "123",
        "\u2028separator\x85next\x7fdel",
        "🌍 مرحبا עברית",
        "",
    ],
)
def test_front_matter_is_valid_yaml_for_any_title(title: str) -> None:
    article = Article(id=1, title=title, text="Body.", byline=title, source_url=title)
    text = markdown.render(ExportDocument(article, ()))
    data = front(text)
    assert data["title"] == title
    assert data["author"] == title if title else "author" not in data


def test_combined_file_keeps_footnotes_apart(annotated: Annotated) -> None:
    document = annotated.document()
    options = ExportOptions(notes=NoteStyle.NUMBERED)
    text = markdown.render_many([document, document], options)
    html = parser().render(text)
    assert html.count('class="footnote-ref"') == 8
    assert "[^a1-1]" in text and "[^a2-1]" in text
    assert text.count("## Sea levels") == 2  # each article's title one level down


def test_orphan_only_article_and_no_highlights() -> None:
    article = Article(id=1, title="T", text="One.\n\nTwo.")
    orphan = Highlight("x", 1, 50, 60, "gone words", color="pink", orphaned=True, note="n")
    text = markdown.render(ExportDocument(article, (orphan,)))
    assert "gone words" in text and "Not found in the text" in text
    empty = markdown.render(ExportDocument(article, ()), ExportOptions(highlights_only=True))
    assert "No highlights" in empty


def test_note_html_escaped_outside_code_only() -> None:
    note = "a <b>bold</b> and `<code>` here\n```\n<pre>\n```"
    escaped = markdown.escape_note_html(note)
    assert escaped == "a \\<b>bold\\</b> and `<code>` here\n```\n<pre>\n```"
    assert ARTICLE_NOTE and MULTILINE_NOTE  # used by the fixture


_ALPHABET = st.sampled_from(
    [*"ab c-d.*_=!#>[]()`\\<&~|:1+)9\t\n\n", "  ", "«", "»", "—", "é", "🌊", "\u00a0"]
)


@st.composite
def texts_with_highlights(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    text = "".join(draw(st.lists(_ALPHABET, min_size=1, max_size=60)))
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=6))))
    pairs = [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False) if b > a]
    return text, pairs


@settings(max_examples=300, deadline=None)
@given(texts_with_highlights())
def test_any_text_and_highlights_read_back(case: tuple[str, list[tuple[int, int]]]) -> None:
    """Whatever the characters and wherever the highlights fall, CommonMark shows the
    article's words as they are, and each highlight's words (less edge punctuation)
    in bold."""
    text, pairs = case
    article = Article(id=1, title="T", text=text)
    highlights = tuple(
        Highlight(f"h{n}", 1, a, b, text[a:b], note="") for n, (a, b) in enumerate(pairs)
    )
    document = ExportDocument(article, highlights)
    options = ExportOptions(highlight_style=HighlightStyle.BOLD)
    html = MarkdownIt("commonmark").render("\n\n".join(markdown.full_text(document, options)))
    shown = "".join(plain(html).split())
    assert shown == "".join(text.split())
    strong = "".join(
        "".join(plain(m).split()) for m in re.findall(r"<strong>(.*?)</strong>", html, re.S)
    )
    wanted = "".join("".join(text[a:b].split()) for a, b in pairs)
    assert set(strong) <= set(wanted)
    assert "".join(c for c in wanted if c.isalnum()) == "".join(c for c in strong if c.isalnum())
