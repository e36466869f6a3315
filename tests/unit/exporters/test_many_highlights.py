"""An article with hundreds of highlights exports in time linear in their number.

benchmarks/bench_load.py found the W3C and Markdown exporters asking `highlight in
document.placed` per highlight (the tuple rebuilt and scanned each time: quadratic), and
the HTML exporter building a Markdown parser per note.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from reader.core.model import Article, Highlight
from reader.exporters import html, markdown, w3c
from reader.exporters.document import DEFAULT_OPTIONS, ExportDocument

COUNT = 400


def _document() -> ExportDocument:
    words = [f"word{i}" for i in range(COUNT * 2)]
    text = " ".join(words)
    highlights: list[Highlight] = []
    start = 0
    for index, word in enumerate(words):
        if index % 2 == 0:
            highlights.append(
                Highlight(
                    id=f"h{index}",
                    article_id=1,
                    start=start,
                    end=start + len(word),
                    exact=word,
                    note=f"note *{index}*" if index % 4 == 0 else "",
                    created="2026-01-01T00:00:00+00:00",
                    modified="2026-01-01T00:00:00+00:00",
                )
            )
        start += len(word) + 1
    orphan = Highlight(id="gone", article_id=1, start=0, end=4, exact="gone", orphaned=True)
    beyond = Highlight(id="beyond", article_id=1, start=len(text), end=len(text) + 3, exact="x")
    article = Article(id=1, title="Many highlights", text=text)
    return ExportDocument(article, (*highlights, orphan, beyond))


@pytest.fixture
def comparisons(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts comparisons of two highlights (what scanning a tuple of them does)."""
    counter = [0]
    original = Highlight.__eq__

    def counting(self: Highlight, other: object) -> bool:
        counter[0] += 1
        return original(self, other)

    monkeypatch.setattr(Highlight, "__eq__", counting)
    yield counter


def test_fits_is_membership_of_placed() -> None:
    document = _document()
    placed = set(document.placed)
    assert len(placed) == COUNT
    for highlight in document.highlights:
        assert document.fits(highlight) == (highlight in placed)
    assert not document.fits(document.highlights[-1])  # past the end of the text
    assert not document.fits(document.highlights[-2])  # orphaned


@pytest.mark.parametrize("kind", ["w3c", "markdown"])
def test_no_quadratic_scan_of_the_highlights(kind: str, comparisons: list[int]) -> None:
    document = _document()
    output = w3c.render([document]) if kind == "w3c" else markdown.render(document)
    assert "word798" in output
    assert comparisons[0] < COUNT  # was about COUNT**2 / 2 (80,000)


def test_w3c_positions_only_for_placed_highlights() -> None:
    document = _document()
    items = w3c.collection([document])["first"]["items"]
    with_position = [item for item in items if isinstance(item["target"]["selector"], list)]
    assert len(with_position) == COUNT


def test_html_notes_share_one_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    import markdown_it

    built = [0]
    original = markdown_it.MarkdownIt.__init__

    def counting(self: object, *args: object, **kwargs: object) -> None:
        built[0] += 1
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    html._note_parser.cache_clear()
    monkeypatch.setattr(markdown_it.MarkdownIt, "__init__", counting)
    page = html.render(_document(), DEFAULT_OPTIONS)
    assert page.count("<em>") >= COUNT // 2  # every note rendered as Markdown
    assert built[0] <= 1
    assert html.note_html("<b>x</b> *y*") == "<p>&lt;b&gt;x&lt;/b&gt; <em>y</em></p>\n"
