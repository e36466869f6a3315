"""The reading pane: header, exact text, offset mapping, marks, find, signals."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QGuiApplication,
    QHelpEvent,
    QKeySequence,
    QPalette,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QApplication, QMenu, QToolTip
from pytestqt.qtbot import QtBot

from reader.core.model import Article, EntitySpan
from reader.nlp.labels import LABELS
from reader.ui.article_view import ArticleView, format_published
from reader.ui.find_bar import find_all, match_label
from reader.ui.text_marks import (
    FIND_CURRENT,
    OffsetMapper,
    SpanHighlighter,
    SpanIndex,
    contrast_ratio,
    entity_index,
    qt_safe_text,
)

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support"  # the offscreen platform: propagateSizeHints(), raise()
)

TEXT = (
    "GENEVA (Wire) - Sergei Lavrov met Joe Biden in Geneva on Tuesday, officials said.\n\n"
    "Lavrov later told reporters 😀 that Russia wanted guarantees. Biden said the "
    "United States would consult NATO allies.\n\n"
    "北京 responded on Wednesday 🎉 with a statement from the foreign ministry."
)


def span(text: str, word: str, label: str, occurrence: int = 1) -> EntitySpan:
    start = -1
    for _ in range(occurrence):
        start = text.index(word, start + 1)
    return EntitySpan(start, start + len(word), label, word)


ENTITIES = [
    span(TEXT, "Sergei Lavrov", "PERSON"),
    span(TEXT, "Joe Biden", "PERSON"),
    span(TEXT, "Geneva", "GPE"),
    span(TEXT, "Tuesday", "DATE"),
    span(TEXT, "Lavrov", "PERSON", 2),
    span(TEXT, "Russia", "GPE"),
    span(TEXT, "United States", "GPE"),
    span(TEXT, "NATO", "ORG"),
    span(TEXT, "Wednesday", "DATE"),
]


BASE = Article(
    id=7,
    title="Lavrov and Biden meet in Geneva",
    text=TEXT,
    section="World / Europe",
    byline="By Jane Doe",
    source_url="https://example.com/news/2026/11/27/lavrov-biden",
    published="2026-11-27",
    site="Example News",
    tags=("diplomacy", "russia"),
)


def make_article(**fields: Any) -> Article:
    return replace(BASE, **fields)


@pytest.fixture
def view(qtbot: QtBot) -> Iterator[ArticleView]:
    widget = ArticleView()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.set_entity_colours({label: info.light for label, info in LABELS.items()})
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


def formats_at(view: ArticleView, offset: int) -> list[QTextCharFormat]:
    """The formats the highlighter gave the character at code-point `offset`."""
    view.highlighter.highlight_all_pending()
    position = view._mapper.to_qt(offset)
    block = view.body.document().findBlock(position)
    inside = position - block.position()
    ranges = block.layout().formats()
    return [QTextCharFormat(r.format) for r in ranges if r.start <= inside < r.start + r.length]


def point_of(view: ArticleView, offset: int) -> QPoint:
    """Viewport point in the middle of the character at `offset`."""
    cursor = QTextCursor(view.body.document())
    cursor.setPosition(view._mapper.to_qt(offset))
    left = view.body.cursorRect(cursor)
    cursor.setPosition(view._mapper.to_qt(offset + 1))
    right = view.body.cursorRect(cursor)
    return QPoint((left.x() + right.x()) // 2, left.center().y())


# --- pure helpers ------------------------------------------------------------------------


def test_offset_mapper_without_astral_characters_is_identity() -> None:
    mapper = OffsetMapper("plain text, accents é and CJK 北京")
    assert mapper.is_identity
    assert [mapper.to_qt(i) for i in range(5)] == list(range(5))
    assert mapper.from_qt(12) == 12


def test_offset_mapper_counts_surrogate_pairs() -> None:
    text = "a😀b🎉c"
    mapper = OffsetMapper(text)
    assert not mapper.is_identity
    assert [mapper.to_qt(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 7]
    assert [mapper.from_qt(p) for p in range(8)] == [0, 1, 1, 2, 3, 3, 4, 5]
    assert mapper.to_qt(-3) == 0 and mapper.to_qt(99) == 7 and mapper.from_qt(99) == 5


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=60))
def test_offset_mapper_round_trips(text: str) -> None:
    mapper = OffsetMapper(text)
    for i in range(len(text) + 1):
        qt = mapper.to_qt(i)
        assert qt == len(text[:i].encode("utf-16-le")) // 2
        assert mapper.from_qt(qt) == i


def test_qt_safe_text_keeps_the_utf16_length() -> None:
    for text in ("a\r\nb", "x\ud800y", "a\rb\u2028c"):
        safe = qt_safe_text(text)
        assert len(safe) == len(text)
    assert qt_safe_text("plain") == "plain"


def test_span_index_finds_overlaps_and_the_innermost() -> None:
    index = SpanIndex([(0, 10, "outer"), (2, 4, "inner"), (12, 15, "later"), (5, 5, "empty")])
    assert [p for _, _, p in index.overlapping(3, 13)] == ["outer", "inner", "later"]
    assert index.overlapping(10, 12) == []
    found = index.innermost(3)
    assert found is not None and found[2] == "inner"
    assert index.innermost(11) is None


def test_span_index_from_columns_sorts_only_when_needed() -> None:
    spans = [(12, 15, "c"), (0, 10, "a"), (5, 5, "empty"), (0, 4, "b"), (2, 4, "d")]
    starts, ends, payloads = (list(column) for column in zip(*spans, strict=True))
    assert list(SpanIndex.from_columns(starts, ends, payloads)) == list(SpanIndex(spans))
    ordered = [(0, 4, "b"), (0, 10, "a"), (2, 4, "d"), (12, 15, "c")]
    starts, ends, payloads = (list(column) for column in zip(*ordered, strict=True))
    index = SpanIndex.from_columns(starts, ends, payloads)
    assert list(index) == ordered and index.starts() is starts  # taken as it is
    assert [p for _, _, p in index.overlapping(3, 5)] == ["b", "a", "d"]
    recoloured = index.with_payloads([1, 2, 3, 4])
    assert list(recoloured) == [(0, 4, 1), (0, 10, 2), (2, 4, 3), (12, 15, 4)]
    spans_out_of_order = [ENTITIES[3], ENTITIES[0], ENTITIES[1]]
    assert list(entity_index(spans_out_of_order).payloads()) == sorted(
        spans_out_of_order, key=lambda s: (s.start, s.end)
    )


def test_find_all_is_case_insensitive_without_shifting_offsets() -> None:
    text = "İstanbul and istanbul and ISTANBUL"  # "İ".lower() is two code points
    assert find_all(text, "istanbul") == [0, 13, 26]
    assert find_all(text, "istanbul", case_sensitive=True) == [13]
    assert find_all("aaaa", "aa") == [0, 2]
    assert find_all("abc", "") == []
    assert match_label(2, 12) == "3 of 12"
    assert match_label(-1, 0) == "No matches"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2026-11-27", "27 Nov 2026"),
        ("2026-01-05T08:30:00Z", "5 Jan 2026, 08:30"),
        ("2026-01-05T00:00:00", "5 Jan 2026"),
        ("2026-03", "Mar 2026"),
        ("yesterday evening", "yesterday evening"),
        ("2026-13-45", "2026-13-45"),
        ("", ""),
    ],
)
def test_format_published(value: str, shown: str) -> None:
    assert format_published(value) == shown


# --- header and empty state --------------------------------------------------------------


def test_header_shows_the_article_as_plain_text(view: ArticleView) -> None:
    view.show_article(make_article(title="<b>Talks</b> & <i>more</i>"))
    header = view.header
    assert header.title.text() == "<b>Talks</b> & <i>more</i>"
    assert header.title.textFormat() == Qt.TextFormat.PlainText
    assert header.section.text() == "World / Europe"
    assert "By Jane Doe" in header.meta.text()
    assert "27 Nov 2026" in header.meta.text()
    assert "Example News" in header.meta.text()
    assert header.tag_texts() == ["diplomacy", "russia"]
    view.show_article(make_article(tags=("sanctions",)))
    assert header.tag_texts() == ["sanctions"]
    assert header.link.url == "https://example.com/news/2026/11/27/lavrov-biden"
    assert 'href="https://example.com/news/2026/11/27/lavrov-biden"' in header.link.text()


def test_link_is_escaped_and_only_web_links_are_clickable(view: ArticleView) -> None:
    view.show_article(make_article(source_url='https://example.com/?q="><script>x</script>'))
    assert "<script>" not in view.header.link.text()
    assert "&quot;&gt;&lt;script&gt;" in view.header.link.text()
    view.show_article(make_article(source_url="javascript:alert(1)"))
    assert "<a " not in view.header.link.text()
    view.show_article(make_article(source_url=""))
    assert view.header.link.isHidden()


def test_long_link_is_elided(view: ArticleView) -> None:
    url = "https://example.com/" + "very-long-slug-" * 40
    view.show_article(make_article(source_url=url))
    assert "…" in view.header.link.text()
    assert view.header.link.url == url


def test_empty_state(view: ArticleView) -> None:
    assert view.empty_label.isVisible()
    assert view.empty_label.text() == "Select an article to read it"
    view.show_article(make_article())
    assert view.body.isVisible() and not view.empty_label.isVisible()
    view.show_article(None, "No articles match “xyz”")
    assert view.empty_label.isVisible()
    assert view.empty_label.text() == "No articles match “xyz”"
    assert view.article() is None and view.selected_range() is None


# --- body text and offsets ---------------------------------------------------------------


def test_body_holds_the_exact_text(view: ArticleView) -> None:
    view.show_article(make_article())
    document = view.body.document()
    assert document.toPlainText() == TEXT
    assert document.characterCount() - 1 == len(TEXT.encode("utf-16-le")) // 2
    assert view.body.isReadOnly()


def test_select_range_after_emoji_selects_that_word(view: ArticleView) -> None:
    view.show_article(make_article())
    start = TEXT.index("responded")
    view.select_range(start, start + len("responded"))
    assert view.body.textCursor().selectedText() == "responded"
    assert view.selected_range() == (start, start + len("responded"))
    assert view.selected_text() == "responded"
    start = TEXT.index("statement")  # after two emoji and CJK
    view.select_range(start + 9, start)  # reversed arguments are fine
    assert view.body.textCursor().selectedText() == "statement"


def test_crlf_text_keeps_offsets(view: ArticleView) -> None:
    text = "First line\r\nSecond 😀 line\r\n\r\nThird paragraph"
    view.show_article(make_article(text=text))
    start = text.index("Third")
    view.select_range(start, start + 5)
    assert view.body.textCursor().selectedText() == "Third"
    assert view.selected_text() == "Third"


def test_select_range_scrolls_into_view(view: ArticleView) -> None:
    text = "\n\n".join(f"Paragraph {i} " + "words " * 60 for i in range(80))
    view.show_article(make_article(text=text))
    start = text.index("Paragraph 70 ")
    view.select_range(start, start + 12)
    assert view.body.is_visible_position(view._mapper.to_qt(start))
    assert view.scroll_position() > 0


# --- marks -------------------------------------------------------------------------------


def test_entities_are_underlined_in_their_label_colour(view: ArticleView) -> None:
    view.show_article(make_article())
    view.set_entities(ENTITIES)
    for entity in ENTITIES:
        found = formats_at(view, entity.start) + formats_at(view, entity.end - 1)
        assert len(found) == 2, entity
        for fmt in found:
            assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline
            assert fmt.background().color().alpha() > 0
    assert formats_at(view, TEXT.index("officials")) == []
    assert formats_at(view, ENTITIES[0].end) == []  # the space after "Sergei Lavrov"


def test_entities_passed_with_the_article(view: ArticleView) -> None:
    view.show_article(make_article(), entities=ENTITIES, highlights=[(0, 6, "#fff176")])
    assert formats_at(view, TEXT.index("Wednesday"))
    assert formats_at(view, 2)[0].background().color().name() == "#fff176"


def test_hidden_labels_are_not_marked(view: ArticleView) -> None:
    view.show_article(make_article())
    view.set_entities(ENTITIES)
    view.set_visible_labels({"GPE"})
    assert formats_at(view, TEXT.index("Russia"))
    assert formats_at(view, TEXT.index("Joe Biden")) == []
    assert view.entity_at(TEXT.index("Joe Biden")) is None
    hidden = view.entity_at(TEXT.index("Joe Biden"), include_hidden=True)
    assert hidden is not None and hidden.label == "PERSON"
    view.set_entities_visible(False)
    assert formats_at(view, TEXT.index("Russia")) == []
    view.set_entities_visible(True)
    view.set_visible_labels(None)
    assert formats_at(view, TEXT.index("Joe Biden"))


def test_highlights_layer_over_entities(view: ArticleView) -> None:
    view.show_article(make_article())
    view.set_entities(ENTITIES)
    start = TEXT.index("Sergei")
    view.set_highlights(
        [(start, start + 20, QColor("#fff176")), (start + 10, start + 30, "#90caf9")]
    )
    first = formats_at(view, start)[0]
    assert first.background().color().name() == "#fff176"
    assert first.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline
    mixed = formats_at(view, start + 15)[0].background().color().name()
    assert mixed not in ("#fff176", "#90caf9")  # an overlap shows both, mixed
    assert formats_at(view, start + 28)[0].background().color().name() == "#90caf9"
    view.set_highlights([])
    assert formats_at(view, start + 28) == []
    assert formats_at(view, start)[0].underlineStyle() == (
        QTextCharFormat.UnderlineStyle.SingleUnderline
    )


def test_one_highlight_does_not_relayout_the_article(view: ArticleView) -> None:
    text = "\n\n".join(f"Paragraph {i} " + "words " * 50 for i in range(40))
    view.show_article(make_article(text=text))
    QApplication.processEvents()
    view.body.viewport().repaint()
    top = view.body.firstVisibleBlock()
    assert top.layout().lineCount() > 0
    second = top.next().next()
    start = second.position() + 3
    view.set_highlights([(start, start + 10, "#a5d6a7")])
    assert top.layout().lineCount() > 0  # untouched blocks keep their layout
    assert formats_at(view, start)


def test_opening_formats_only_the_blocks_on_screen(
    view: ArticleView, monkeypatch: pytest.MonkeyPatch
) -> None:
    paragraphs = [f"Paragraph {i} names Geneva " + "words " * 30 for i in range(300)]
    text = "\n\n".join(paragraphs)
    spans = []
    for i, paragraph in enumerate(paragraphs):
        start = sum(len(p) + 2 for p in paragraphs[:i]) + paragraph.index("Geneva")
        spans.append(EntitySpan(start, start + 6, "GPE", "Geneva"))
    formatted: list[int] = []
    highlight_block = SpanHighlighter.highlightBlock

    def counting(highlighter: SpanHighlighter, block_text: str) -> None:
        formatted.append(highlighter.currentBlock().blockNumber())
        highlight_block(highlighter, block_text)

    monkeypatch.setattr(SpanHighlighter, "highlightBlock", counting)
    view.show_article(make_article(text=text))
    assert formatted == []  # no marks: Qt does not call into Python for each new block
    view.show_article(make_article(text=text), entities=spans)
    view.body.viewport().repaint()
    on_screen = [block.blockNumber() for block in view.body.visible_blocks()]
    assert 0 < len(formatted) <= len(on_screen) + 1
    assert set(formatted) <= set(on_screen)
    assert formats_at(view, spans[0].start)
    assert formats_at(view, spans[-1].start)  # the last one, formatted when asked for
    assert formats_at(view, spans[-1].start - 2) == []


def test_marks_in_the_dark_contrast_with_the_base(view: ArticleView) -> None:
    palette = QPalette(view.palette())
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    view.setPalette(palette)
    view.set_entity_colours({label: info.dark for label, info in LABELS.items()})
    view.show_article(make_article())
    view.set_entities(ENTITIES)
    underline = formats_at(view, TEXT.index("Russia"))[0].underlineColor()
    assert contrast_ratio(underline, QColor("#1e1e1e")) >= 3.0


def test_entity_at_and_tooltip(view: ArticleView, qtbot: QtBot) -> None:
    view.show_article(make_article())
    view.set_entities(ENTITIES)
    russia = TEXT.index("Russia")
    assert view.entity_at(russia + 2) == ENTITIES[5]
    assert view.entity_at(russia + 6) is None
    seen: list[EntitySpan] = []

    def tooltip(entity: EntitySpan) -> str:
        seen.append(entity)
        return f"Place <{entity.text}>"

    view.entity_tooltip = tooltip
    point = point_of(view, russia + 2)
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.body.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.body.viewport(), event)
    assert seen == [ENTITIES[5]]
    assert "Place &lt;Russia&gt;" in QToolTip.text()
    QToolTip.hideText()
    plain = point_of(view, TEXT.index("officials"))
    event = QHelpEvent(QEvent.Type.ToolTip, plain, view.body.viewport().mapToGlobal(plain))
    QApplication.sendEvent(view.body.viewport(), event)
    assert seen == [ENTITIES[5]]


def test_context_menu_reports_the_offset(view: ArticleView, qtbot: QtBot) -> None:
    view.show_article(make_article())
    nato = TEXT.index("NATO")
    point = point_of(view, nato + 1)
    global_point = view.body.viewport().mapToGlobal(point)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, global_point)
    with qtbot.waitSignal(view.contextMenuRequested) as blocker:
        QApplication.sendEvent(view.body.viewport(), event)
    assert blocker.args == [global_point, nato + 1]


def test_standard_menu_without_a_receiver(view: ArticleView, qtbot: QtBot) -> None:
    view.show_article(make_article())
    point = point_of(view, 3)
    global_point = view.body.viewport().mapToGlobal(point)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, global_point)
    QApplication.sendEvent(view.body.viewport(), event)
    menus = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible()]
    assert menus and any("Copy" in a.text() for a in menus[0].actions())
    menus[0].close()


def test_click_reports_the_offset(view: ArticleView, qtbot: QtBot) -> None:
    view.show_article(make_article())
    offset = TEXT.index("guarantees") + 3
    with qtbot.waitSignal(view.clicked) as blocker:
        qtbot.mouseClick(
            view.body.viewport(), Qt.MouseButton.LeftButton, pos=point_of(view, offset)
        )
    assert blocker.args == [offset]


# --- find --------------------------------------------------------------------------------


def test_find_bar_counts_and_steps(view: ArticleView, qtbot: QtBot) -> None:
    view.show_article(make_article())
    view.show_find()
    bar = view.find_bar
    assert bar.isVisible() and bar.edit.hasFocus()
    qtbot.keyClicks(bar.edit, "lavrov")
    starts = [TEXT.index("Lavrov"), TEXT.index("Lavrov", TEXT.index("Lavrov") + 1)]
    assert view.finder.matches == starts
    assert bar.count_label.text() == "1 of 2"
    current = formats_at(view, starts[0])[0]
    assert current.background().color() == FIND_CURRENT
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert bar.count_label.text() == "2 of 2"
    assert formats_at(view, starts[1])[0].background().color() == FIND_CURRENT
    assert formats_at(view, starts[0])[0].background().color() != FIND_CURRENT
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_label.text() == "1 of 2"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_label.text() == "2 of 2"  # wraps around
    bar.case_button.click()
    assert bar.count_label.text() == "No matches"
    bar.case_button.click()
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert view.body.hasFocus()
    assert view.selected_range() == (starts[0], starts[0] + 6)  # the current match
    assert formats_at(view, starts[0]) == []  # the matches' marks are gone


def test_find_next_key_stays_inside_the_bar(view: ArticleView, qtbot: QtBot) -> None:
    triggered: list[bool] = []
    action = QAction("Next entity", view)
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.FindNext))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(lambda: triggered.append(True))
    view.addAction(action)
    view.show_article(make_article())
    view.show_find()
    qtbot.keyClicks(view.find_bar.edit, "the")
    assert view.find_bar.count_label.text() == "1 of 2"
    qtbot.keySequence(view.find_bar.edit, QKeySequence(QKeySequence.StandardKey.FindNext))
    assert view.find_bar.count_label.text() == "2 of 2"
    assert triggered == []


def test_find_reveals_matches_far_down(view: ArticleView, qtbot: QtBot) -> None:
    text = "\n\n".join(f"Paragraph {i} " + "many words here " * 40 for i in range(80))
    view.show_article(make_article(text=text))
    view.show_find()
    qtbot.keyClicks(view.find_bar.edit, "Paragraph 7")
    assert view.finder.matches == [text.index("Paragraph 7 ")] + [
        text.index(f"Paragraph {i}") for i in range(70, 80)
    ]
    for _ in range(len(view.finder.matches) + 2):
        found = view.finder.current_range()
        assert found is not None
        assert view.body.is_visible_position(view._mapper.to_qt(found[0])), found
        qtbot.keyClick(view.find_bar.edit, Qt.Key.Key_Return)
    view.find_bar.edit.clear()
    assert view.find_bar.count_label.text() == ""


def test_find_seeds_with_the_selection_and_follows_article_changes(view: ArticleView) -> None:
    view.show_article(make_article())
    start = TEXT.index("Biden")
    view.select_range(start, start + 5)
    view.show_find()
    assert view.find_bar.query() == "Biden"
    assert len(view.finder.matches) == 2
    view.show_article(make_article(text="Biden, Biden and Biden"))
    assert view.finder.matches == [0, 7, 17]


# --- scrolling and reading position ------------------------------------------------------


LONG = "\n\n".join(f"Paragraph {i} " + "many words here " * 30 for i in range(60))


def test_reading_position_is_reported_after_scrolling(view: ArticleView, qtbot: QtBot) -> None:
    view.show_article(make_article(text=LONG))
    with qtbot.waitSignal(view.readingPositionChanged, timeout=3000) as blocker:
        view.body.verticalScrollBar().setValue(20)
    assert blocker.args[0] == view.scroll_position() > 0
    with qtbot.assertNotEmitted(view.readingPositionChanged, wait=700):
        view.show_article(make_article(text=LONG))  # a new article drops the old position


def test_restore_and_flush_reading_position(view: ArticleView, qtbot: QtBot) -> None:
    view.show_article(make_article(text=LONG))
    target = LONG.index("Paragraph 30")
    view.restore_scroll_position(target + 5)
    position = view.scroll_position()
    assert position <= target + 5 and target + 5 - position < 200
    assert "\n" not in LONG[position : target + 5]
    view.body.verticalScrollBar().setValue(3)
    with qtbot.waitSignal(view.readingPositionChanged, timeout=100):
        view.flush_reading_position()


def test_restore_before_the_view_is_shown(qtbot: QtBot) -> None:
    widget = ArticleView()
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show_article(make_article(text=LONG))
    target = LONG.index("Paragraph 40")
    widget.restore_scroll_position(target)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: widget.scroll_position() > 0)
    assert LONG[widget.scroll_position() :].startswith("Paragraph 40")


def test_keyboard_scrolls_selects_and_copies(view: ArticleView, qtbot: QtBot) -> None:
    view.show_article(make_article(text=LONG))
    view.focus_text()
    bar = view.body.verticalScrollBar()
    qtbot.keyClick(view.body, Qt.Key.Key_PageDown)
    assert bar.value() > 0
    qtbot.keyClick(view.body, Qt.Key.Key_Down)
    qtbot.keyClick(view.body, Qt.Key.Key_Home)
    assert bar.value() == 0
    qtbot.keyClick(view.body, Qt.Key.Key_End)
    assert bar.value() == bar.maximum()
    qtbot.keyClick(view.body, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert bar.value() == 0
    qtbot.keyClick(view.body, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view.body, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.selected_range() == (0, 2)
    qtbot.keyClick(view.body, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert view.selected_range() == (0, len(LONG))
    view.select_range(0, 9)
    qtbot.keyClick(view.body, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    clipboard = QGuiApplication.clipboard()
    assert clipboard is not None and clipboard.text() == "Paragraph"


def test_selection_changed_signal(view: ArticleView, qtbot: QtBot) -> None:
    view.show_article(make_article())
    with qtbot.waitSignal(view.selectionChanged, timeout=500):
        view.select_range(0, 6)


def test_reading_font_sets_column_and_line_spacing(view: ArticleView) -> None:
    view.show_article(make_article(text=LONG))
    view.set_reading_font_size(16)
    assert view.reading_font().pointSizeF() == 16
    margins = view.body.viewportMargins()
    assert margins.left() > 16 and abs(margins.left() - margins.right()) <= 1
    assert view.body.viewport().width() <= 720 + 2 * view.body.document().documentMargin()
    block = view.body.document().firstBlock()
    rect = view.body.document().documentLayout().blockBoundingRect(block)
    natural = sum(block.layout().lineAt(i).height() for i in range(block.layout().lineCount()))
    assert rect.height() > natural * 1.3
    view.resize(400, 600)
    QApplication.processEvents()
    assert view.body.viewportMargins().left() == 16
