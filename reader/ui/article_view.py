"""The reading pane: an article's header above its text, with entity and highlight marks.

The pane puts together the header (`article_header`), the body text (`reading_text`),
the marks (`text_marks`) and find (`find_bar`). The body's document holds exactly the
article's text, so stored offsets map 1:1 (through `OffsetMapper` for astral characters)
to text positions; offsets in and out of `ArticleView` are code-point offsets.
Everything in an article is untrusted: it is shown as plain text, never as HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPalette, QTextCursor
from PySide6.QtWidgets import QLabel, QStackedLayout, QVBoxLayout, QWidget

from reader.core.model import Article, EntitySpan
from reader.ui.article_header import ArticleHeader, format_published, plain_tooltip
from reader.ui.find_bar import FindBar, FindController
from reader.ui.reading_text import ReadingTextEdit, default_reading_font
from reader.ui.text_marks import SpanHighlighter, entity_index
from reader.ui.text_offsets import OffsetMapper, SpanIndex, qt_safe_text

__all__ = [
    "EMPTY_MESSAGE",
    "ArticleView",
    "default_reading_font",
    "format_published",
    "plain_tooltip",
]

EMPTY_MESSAGE = "Select an article to read it"
POSITION_DEBOUNCE_MS = 500


class ArticleView(QWidget):
    """The reading pane. Offsets in and out are code-point offsets into `article.text`.

    The main window supplies what the view cannot know: entity spans and their colours,
    highlight colours, the tooltip text for an entity (`entity_tooltip`) and the context
    menu (`contextMenuRequested`; without a receiver the standard Copy/Select All menu
    shows).
    """

    selectionChanged = Signal()
    contextMenuRequested = Signal(QPoint, int)  # global position, offset under the mouse
    readingPositionChanged = Signal(int)  # offset of the first visible character
    clicked = Signal(int)  # offset of the character clicked without selecting
    themeChanged = Signal(bool)  # the palette turned dark (True) or light: re-colour marks

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entity_tooltip: Callable[[EntitySpan], str] | None = None
        self._article: Article | None = None
        self._text = ""
        self._mapper = OffsetMapper()
        self._entity_index: SpanIndex[EntitySpan] = SpanIndex()
        self._colours: dict[str, QColor] = {}
        self._visible_labels: set[str] | None = None
        self._entities_visible = True
        self._last_position = 0
        self._pending_restore: int | None = None
        self._dark = self.is_dark()

        self.header = ArticleHeader(self)
        self.body = ReadingTextEdit(self)
        self.find_bar = FindBar(self)
        self.find_bar.hide()
        self.empty_label = QLabel(EMPTY_MESSAGE, self)
        self.empty_label.setObjectName("articleEmpty")
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty_label.setBackgroundRole(QPalette.ColorRole.Base)
        self.empty_label.setAutoFillBackground(True)
        self.page = QWidget(self)
        column = QVBoxLayout(self.page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.header)
        column.addWidget(self.body, 1)
        column.addWidget(self.find_bar)
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self.empty_label)
        self._stack.addWidget(self.page)

        self.highlighter = SpanHighlighter(self.body.document())
        self.highlighter.visible_blocks = self.body.visible_blocks
        self.highlighter.set_base_colour(self.palette().color(QPalette.ColorRole.Base))
        self.finder = FindController(
            self.find_bar, self.body, self.highlighter, self.scroll_position, self._reveal
        )
        self._position_timer = QTimer(self)
        self._position_timer.setSingleShot(True)
        self._position_timer.setInterval(POSITION_DEBOUNCE_MS)
        self._position_timer.timeout.connect(self._emit_reading_position)

        self.body.tooltip_provider = self._tooltip_at
        self.body.before_paint = self._highlight_visible
        self.body.selectionChanged.connect(self.selectionChanged)
        self.body.columnChanged.connect(self._on_column_changed)
        self.body.contextMenuAt.connect(self._on_context_menu)
        self.body.clickedAt.connect(lambda pos: self.clicked.emit(self._mapper.from_qt(pos)))
        self.body.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.set_reading_font(default_reading_font())

    # --- showing -------------------------------------------------------------------------

    def article(self) -> Article | None:
        return self._article

    def show_article(
        self,
        article: Article | None,
        message: str | None = None,
        *,
        entities: Iterable[EntitySpan] = (),
        highlights: Iterable[tuple[int, int, QColor | str]] = (),
    ) -> None:
        """Show `article` at its top (None: the empty state with `message`).

        Passing the entities and highlights here marks them in the same pass that lays
        out the text, instead of a second pass through every block.
        A reading position not yet reported for the previous article is dropped: call
        `flush_reading_position()` first to keep it.
        """
        self._position_timer.stop()
        self._pending_restore = None
        self._article = article
        text = article.text if article is not None else ""
        self._text = text
        self._mapper = OffsetMapper(text)
        self.highlighter.reset(self._mapper)
        self._entity_index = entity_index(entities)
        self._push_entities(refresh=False)
        self.highlighter.set_highlights(highlights, refresh=False)
        if article is not None:
            self.header.set_article(article)
            self._stack.setCurrentWidget(self.page)  # before the text: lay out at full size
        with self.highlighter.deferred():  # marks come as blocks reach the screen
            self.body.setPlainText(qt_safe_text(text))
        # Qt keeps the caret visible, which in a not yet sized view scrolls down a line.
        self.body.verticalScrollBar().setValue(0)
        self._last_position = 0
        self._highlight_visible()  # now rather than in the first paint, which would repeat
        self.finder.set_text(text, self._mapper)
        if article is None:
            self.find_bar.hide()
            self.empty_label.setText(message or EMPTY_MESSAGE)
            self._stack.setCurrentWidget(self.empty_label)

    def set_reading_font(self, font: QFont) -> None:
        """The body's font; the column width and title size follow it."""
        self.body.spaced_layout.set_font(font)
        self.body.setFont(font)
        self.body.document().setDefaultFont(font)
        self.header.set_fonts(font)
        self.body.update_margins()

    def set_reading_font_size(self, points: float) -> None:
        font = QFont(self.reading_font())
        font.setPointSizeF(points)
        self.set_reading_font(font)

    def reading_font(self) -> QFont:
        return self.body.font()

    def set_line_width(self, chars: int) -> None:
        """The reading column's width, in characters of the reading font."""
        self.body.column_chars = chars
        self.body.update_margins()

    def line_width(self) -> int:
        return self.body.column_chars

    # --- marks ---------------------------------------------------------------------------

    def set_entities(self, spans: Iterable[EntitySpan]) -> None:
        self._entity_index = entity_index(spans)
        self._push_entities()

    def set_entity_colours(self, colours: Mapping[str, str | QColor]) -> None:
        self._colours = {label: QColor(colour) for label, colour in colours.items()}
        self._push_entities()

    def set_visible_labels(self, labels: Iterable[str] | None) -> None:
        """Labels to mark; None marks every label."""
        self._visible_labels = None if labels is None else set(labels)
        self._push_entities()

    def set_entities_visible(self, visible: bool) -> None:
        self._entities_visible = visible
        self._push_entities()

    def set_highlights(self, marks: Iterable[tuple[int, int, QColor | str]]) -> None:
        """(start, end, colour) backgrounds; only blocks whose marks changed repaint."""
        self.highlighter.set_highlights(marks)

    def _label_shown(self, label: str) -> bool:
        return self._entities_visible and (
            self._visible_labels is None or label in self._visible_labels
        )

    def _push_entities(self, refresh: bool = True) -> None:
        labels = self._visible_labels if self._entities_visible else set()
        self.highlighter.set_entities(self._entity_index, self._colours, labels, refresh=refresh)

    def entity_at(self, offset: int, include_hidden: bool = False) -> EntitySpan | None:
        """The (innermost) entity containing `offset`; hidden labels only if asked."""
        found = [
            span
            for _start, _end, span in self._entity_index.overlapping(offset, offset + 1)
            if include_hidden or self._label_shown(span.label)
        ]
        return max(found, key=lambda s: (s.start, -s.end)) if found else None

    def _tooltip_at(self, point: QPoint) -> str | None:
        position = self.body.position_at(point)
        if position is None:
            return None
        span = self.entity_at(self._mapper.from_qt(position))
        if span is None:
            return None
        text = self.entity_tooltip(span) if self.entity_tooltip else span.label
        return plain_tooltip(text) if text else None

    # --- selection and scrolling ---------------------------------------------------------

    def select_range(self, start: int, end: int) -> None:
        """Select [start, end) and bring it into view (centred if it was off screen)."""
        start, end = sorted((start, end))
        self._reveal(start, end)
        cursor = QTextCursor(self.body.document())
        cursor.setPosition(self._mapper.to_qt(start))
        cursor.setPosition(self._mapper.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.body.setTextCursor(cursor)

    def selected_range(self) -> tuple[int, int] | None:
        cursor = self.body.textCursor()
        if not cursor.hasSelection():
            return None
        return (
            self._mapper.from_qt(cursor.selectionStart()),
            self._mapper.from_qt(cursor.selectionEnd()),
        )

    def selected_text(self) -> str:
        """The selection as stored (Qt's own copy turns paragraph breaks into U+2029)."""
        found = self.selected_range()
        return self._text[found[0] : found[1]] if found else ""

    def copy_selection(self) -> None:
        self.body.copy()

    def select_all(self) -> None:
        self.body.selectAll()

    def focus_text(self) -> None:
        self.body.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_find(self) -> None:
        """Open the find bar, seeded with a short one-line selection if there is one."""
        if self._article is None:
            return
        seed = self.selected_text()
        self.finder.open(seed if seed and "\n" not in seed and len(seed) <= 80 else None)

    def scroll_position(self) -> int:
        """Offset of the first character on screen: the reading position to remember."""
        return self._mapper.from_qt(self.body.first_visible_position())

    def restore_scroll_position(self, offset: int) -> None:
        """Put the line holding `offset` at the top (once the view has its real size)."""
        if not self.body.isVisible() or self.body.viewport().width() < 50:
            self._pending_restore = offset
            return
        self._pending_restore = None
        self.body.scroll_to_position(self._mapper.to_qt(offset), centre=False)
        self._position_timer.stop()
        self._last_position = self.scroll_position()

    def flush_reading_position(self) -> None:
        """Report a reading position still waiting for its debounce (before switching)."""
        if self._position_timer.isActive():
            self._position_timer.stop()
            self._emit_reading_position()

    def _reveal(self, start: int, end: int) -> None:
        qt_start, qt_end = self._mapper.to_qt(start), self._mapper.to_qt(end)
        if not (self.body.is_visible_position(qt_start) and self.body.is_visible_position(qt_end)):
            self.body.scroll_to_position(qt_start, centre=True)

    def _highlight_visible(self) -> None:
        if self.highlighter.has_pending():
            for block in self.body.visible_blocks():
                self.highlighter.highlight_pending(block)

    def _on_scrolled(self) -> None:
        self._highlight_visible()  # before the scrolled view paints: one paint, marked
        if self._article is not None:
            self._position_timer.start()

    def _emit_reading_position(self) -> None:
        if self._article is None:
            return
        position = self.scroll_position()
        if position != self._last_position:
            self._last_position = position
            self.readingPositionChanged.emit(position)

    def _on_column_changed(self, left: int, width: int) -> None:
        self.header.set_column(left, width)
        if self._pending_restore is not None and self.body.isVisible():
            QTimer.singleShot(0, self._apply_pending_restore)

    def _apply_pending_restore(self) -> None:
        if self._pending_restore is not None:
            self.restore_scroll_position(self._pending_restore)

    def _on_context_menu(self, global_pos: QPoint, position: int) -> None:
        signal = self.metaObject().method(
            self.metaObject().indexOfSignal("contextMenuRequested(QPoint,int)")
        )
        if self.isSignalConnected(signal):
            self.contextMenuRequested.emit(global_pos, self._mapper.from_qt(position))
            return
        menu = self.body.createStandardContextMenu(self.body.viewport().mapFromGlobal(global_pos))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(global_pos)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.highlighter.set_base_colour(self.palette().color(QPalette.ColorRole.Base))
            dark = self.is_dark()
            if dark != self._dark:
                self._dark = dark
                self.themeChanged.emit(dark)

    def is_dark(self) -> bool:
        """Light text on a dark page: marks use their dark-theme colours."""
        return self.palette().color(QPalette.ColorRole.Base).lightness() < 128
