"""One annotated article, written for these tests, in a real library in tmp_path.

It has what exports get wrong: Markdown-significant characters in the text and the
notes, HTML in notes ("<script>", an attribute breakout), a multi-line note, RTL and
emoji text, a highlight over a line break, overlapping highlights, tags with spaces,
an article note, entities, and an orphan (a highlight whose words were edited away).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reader.core.model import ArticleDraft, EntitySource, EntitySpan, Highlight
from reader.exporters.document import ExportDocument
from reader.services.annotations import AnnotationService
from reader.services.export import ExportService
from reader.services.library import Library
from reader.store.entities import EntityStore

TITLE = 'Sea levels: "faster" rise at <b>Rotterdam</b> & beyond / part 1'
BYLINE = "Noor Haddad & Sam O'Neil"
SOURCE_URL = "https://news.example.org/2025/sea-levels?id=7&lang=en"
PARAGRAPHS = (
    "ROTTERDAM, March 3 (Reader Wire) - Tide gauges along the Dutch coast recorded a rise"
    " of 4.2 millimetres a year, twice the rate of the 1990s, the Delta Institute said.",
    "1996. The first gauge was put up *before* the storm; its records use [brackets],"
    " back\\slashes, `code`, <tags> & ==equals== signs.",
    "Residents read the report in Arabic: «ارتفاع مستوى سطح البحر» and in Hebrew:"
    " עליית פני הים 🌊🌍.",
    "Engineers said the barrier would close more often.\nA second line follows here.\n"
    "- not a list item\n# not a heading",
)
ORPHAN_PARAGRAPH = "Talks resume on Tuesday in The Hague."
TEXT = "\n\n".join((*PARAGRAPHS, ORPHAN_PARAGRAPH)) + "\n"
EDITED_TEXT = "\n\n".join((*PARAGRAPHS, "Negotiations continue.")) + "\n"

SCRIPT_NOTE = 'Check *this* figure <script>alert("x")</script>'
BREAKOUT_NOTE = '"><img src=x onerror=alert(1)>'
MULTILINE_NOTE = "First line of the note\nsecond line with 🌊\n\n- a point\n- another [link](x)"
ARTICLE_NOTE = "Overall a **good** piece.\nSecond line <script>bad()</script>"


@dataclass(frozen=True)
class Annotated:
    library: Library
    article_id: int
    highlights: tuple[Highlight, ...]  # as stored, in reading order, orphan last

    def document(self, entities: bool = True) -> ExportDocument:
        document = ExportService(self.library).document(self.article_id, entities)
        assert document is not None
        return document


def annotate(library: Library) -> Annotated:
    draft = ArticleDraft(
        title=TITLE,
        text=TEXT,
        section="World / Science",
        byline=BYLINE,
        source_url=SOURCE_URL,
        published="2025-03-03",
        tags=("sea level", "netherlands"),
    )
    (outcome,) = library.import_drafts([draft], "test")
    assert outcome.id is not None
    article_id = outcome.id
    service = AnnotationService(library)

    def add(quote: str, color: str, note: str = "", tags: tuple[str, ...] = ()) -> None:
        start, end = service.find_quote(article_id, quote)
        service.add_highlight(article_id, start, end, color=color, note=note, tags=tags)

    add("twice the rate of the 1990s", "yellow", SCRIPT_NOTE, ("climate", "to check"))
    add("the 1990s, the Delta", "purple")  # overlaps the yellow one
    add("*before* the storm", "green", BREAKOUT_NOTE)
    add("ارتفاع مستوى سطح البحر", "blue", MULTILINE_NOTE)
    add("close more often.\nA second line", "pink", "", ("engineering",))
    add("Talks resume on Tuesday", "purple", "Orphan note", ("lost",))
    service.set_article_note(article_id, ARTICLE_NOTE)
    report = service.edit_text(article_id, EDITED_TEXT)
    assert report.orphaned == 1
    text = EDITED_TEXT
    spans = [
        EntitySpan(text.index("Dutch"), text.index("Dutch") + 5, "NORP", "Dutch"),
        EntitySpan(
            text.index("Delta Institute"),
            text.index("Delta Institute") + 15,
            "ORG",
            "Delta Institute",
            EntitySource.USER,
        ),
    ]
    EntityStore(library.conn).set_effective(article_id, spans)
    return Annotated(library, article_id, tuple(service.highlights(article_id)))


@pytest.fixture(autouse=True)
def qt_application(qapp: object) -> object:
    """The PDF exporter needs a Qt application for fonts; without one it makes a plain
    QGuiApplication (as reader-cli needs), after which no QWidget could be made in the
    same test process. pytest-qt's QApplication comes first."""
    return qapp


@pytest.fixture
def annotated(library: Library) -> Iterator[Annotated]:
    yield annotate(library)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder
