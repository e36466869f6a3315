"""HTML export (well formed, self-contained, everything escaped) and the PDF made from it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from reader.core.model import Article
from reader.exporters import html
from reader.exporters.document import ExportDocument, ExportOptions, NoteStyle, PageSize
from tests.unit.exporters.conftest import BREAKOUT_NOTE, SCRIPT_NOTE, TITLE, Annotated

SHOWN_SCRIPT_NOTE = SCRIPT_NOTE.replace("*", "")  # *this* is emphasis, <script> is text


def tree(markup: str) -> ET.Element:
    """Parse as XML: stricter than HTML (every tag closed, attributes quoted)."""
    return ET.fromstring(markup.replace("<!DOCTYPE html>", "", 1))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(markup: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(markup)
    return parser.tags


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


@pytest.mark.parametrize("notes", list(NoteStyle))
def test_well_formed_and_user_text_stays_text(annotated: Annotated, notes: NoteStyle) -> None:
    markup = html.render(annotated.document(), ExportOptions(notes=notes, entities=True))
    root = tree(markup)
    names = {tag for tag, _ in tags_of(markup)}
    assert "script" not in names and "img" not in names and "b" not in names
    assert not any(key.startswith("on") for _, attrs in tags_of(markup) for key in attrs), (
        "an event handler attribute escaped into the markup"
    )
    shown = text_of(root)
    assert SHOWN_SCRIPT_NOTE in shown and BREAKOUT_NOTE in shown
    assert any(text_of(em) == "this" for em in root.iter("em"))  # notes are Markdown
    assert TITLE in shown
    assert root.find(".//title") is not None and text_of(root.find(".//title")) == TITLE  # type: ignore[arg-type]


def test_self_contained(annotated: Annotated) -> None:
    markup = html.render(annotated.document(), ExportOptions(entities=True))
    for tag, attrs in tags_of(markup):
        assert tag not in {"script", "link", "img", "iframe", "object"}
        assert "src" not in attrs
    assert "@import" not in markup and "url(" not in markup
    assert "Content-Security-Policy" in markup and "default-src 'none'" in markup
    assert "@media print" in markup


def test_highlights_in_colours_notes_and_legend(annotated: Annotated) -> None:
    document = annotated.document()
    root = tree(html.render(document, ExportOptions(entities=True)))
    marks = [m for m in root.iter("mark")]
    colours = {m.get("class") for m in marks}
    assert {"hl hl-yellow", "hl hl-purple", "hl hl-green", "hl hl-blue", "hl hl-pink"} <= colours
    assert any("#ffe14d" in (m.get("style") or "") for m in marks)
    shown = " ".join(text_of(root).split())
    for h in document.highlights:
        assert " ".join(h.exact.split()) in shown
    asides = [text_of(a) for a in root.iter("aside")]
    assert any(SHOWN_SCRIPT_NOTE in a for a in asides)  # margin notes beside their paragraph
    entities = [s for s in root.iter("span") if "ent" in (s.get("class") or "").split()]
    # "Delta Institute" is cut where the purple highlight ends, and marked in both pieces
    assert "".join(text_of(s) for s in entities) == "DutchDelta Institute"
    legend = text_of(root.find(".//section[@class='legend']"))  # type: ignore[arg-type]
    assert "Organisation" in legend and "Group" in legend and "Yellow" in legend
    orphans = text_of(root.find(".//section[@class='orphans']"))  # type: ignore[arg-type]
    assert "Talks resume on Tuesday" in orphans and "Orphan note" in orphans
    header = root.find(".//header")
    assert header is not None
    link = header.find(".//a")
    assert link is not None and link.get("href") == document.article.source_url
    assert "netherlands" in text_of(header)


def test_numbered_notes_link_both_ways(annotated: Annotated) -> None:
    root = tree(html.render(annotated.document(), ExportOptions(notes=NoteStyle.NUMBERED)))
    refs = [a.get("href") for s in root.iter("sup") for a in s.iter("a")]
    assert refs == ["#note-1", "#note-2", "#note-3", "#note-4"]
    notes = root.findall(".//ol[@class='notes']/li")
    assert [n.get("id") for n in notes] == ["note-1", "note-2", "note-3", "note-4"]
    assert root.find(".//aside") is None


def test_without_entities_option_no_entity_marks(annotated: Annotated) -> None:
    markup = html.render(annotated.document())
    assert 'class="ent ' not in markup and "Named entities" not in markup


def test_javascript_source_is_not_a_link() -> None:
    article = Article(id=1, title="T", text="Body.", source_url="javascript:alert(1)")
    markup = html.render(ExportDocument(article))
    assert "href" not in markup.split("<body", 1)[1]
    tree(markup)


def test_combined_ids_are_unique(annotated: Annotated) -> None:
    document = annotated.document()
    markup = html.render_many([document, document], ExportOptions(notes=NoteStyle.NUMBERED))
    ids = re.findall(r' id="([^"]+)"', markup)
    assert len(ids) == len(set(ids))
    assert len(tree(markup).findall(".//article")) == 2


@pytest.mark.parametrize("size", list(PageSize))
def test_pdf_holds_the_text(annotated: Annotated, tmp_path: Path, size: PageSize) -> None:
    from reader.exporters import pdf

    document = annotated.document()
    path = tmp_path / "out.pdf"
    pdf.write([document], path, ExportOptions(entities=True, page_size=size))
    reader = PdfReader(path)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Tide gauges along the Dutch coast" in text
    assert "twice the rate of the 1990s" in text
    assert 'alert("x")' in text and "onerror=alert(1)" in text  # notes, as text
    assert "Orphan note" in text
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    expected = {PageSize.A4: (595, 842), PageSize.LETTER: (612, 792)}[size]
    assert (round(float(width)), round(float(height))) == expected
    assert reader.metadata is not None and reader.metadata.title == TITLE


def test_note_markdown_makes_no_requests_and_no_script_links() -> None:
    note = "[click](javascript:alert(1)) ![pic](https://tracker.example/p.png) <b>x</b> **ok**"
    markup = html.note_html(note)
    assert "javascript:" not in markup.replace("[click](javascript:alert(1))", "")
    assert "<img" not in markup and "<b>" not in markup and "<strong>ok</strong>" in markup
    ET.fromstring(f"<div>{markup}</div>")
