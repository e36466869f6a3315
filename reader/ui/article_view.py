"""The reading pane: an article's header above its text, with entity and highlight marks.

The body is a QPlainTextEdit because it lays out lazily (only what is on screen), which
DESIGN.md measured as the fastest way to show a long article with thousands of marks;
its document holds exactly the article's text, so stored offsets map 1:1 (through
`OffsetMapper` for astral characters) to text positions. Everything in an article is
untrusted: it is shown as plain text, never as HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDesktopServices,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextBlock,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractSlider,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextDocumentLayout,
    QPlainTextEdit,
    QSizePolicy,
    QStackedLayout,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from reader.core.model import Article, EntitySpan
from reader.ui.find_bar import FindBar, FindController
from reader.ui.text_marks import OffsetMapper, SpanHighlighter, SpanIndex, qt_safe_text

EMPTY_MESSAGE = "Select an article to read it"
READING_FAMILIES = (
    "Charter", "Iowan Old Style", "Source Serif 4", "Source Serif Pro", "Literata",
    "Noto Serif", "Georgia", "Cambria", "P052", "Palatino Linotype", "Book Antiqua",
    "DejaVu Serif", "Liberation Serif", "Times New Roman",
)  # fmt: skip
READING_POINT_SIZE = 12.5
LINE_SPACING = 1.45
"""Line height as a multiple of the font's: about what reading apps use for body text."""
COLUMN_CHARS = 70
MAX_COLUMN_PX = 720
MIN_SIDE_PX = 16
POSITION_DEBOUNCE_MS = 500
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_SAMPLE = "The minister said on Tuesday that talks with Moscow would resume, officials noted."


def format_published(value: str) -> str:
    """ISO dates as '27 Nov 2026' (with the time when one is given); others unchanged."""
    text = value.strip()
    if not text:
        return ""
    month = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if month and 1 <= int(month[2]) <= 12:
        return f"{_MONTHS[int(month[2]) - 1]} {month[1]}"
    if not re.match(r"\d{4}-?\d{2}-?\d{2}", text):
        return text
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return text
    shown = f"{parsed.day} {_MONTHS[parsed.month - 1]} {parsed.year}"
    if len(text) > 10 and (parsed.hour or parsed.minute):
        shown += f", {parsed:%H:%M}"
    return shown


def plain_tooltip(text: str) -> str:
    """Tooltips guess whether text is HTML: escape it so that article data never is."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"


def default_reading_font() -> QFont:
    """The first good serif installed (choosing one that exists avoids Qt's slow and
    noisy font substitution), at a comfortable size."""
    installed = set(QFontDatabase.families())
    font = QFont()
    family = next((f for f in READING_FAMILIES if f in installed), None)
    if family:
        font.setFamily(family)
    font.setStyleHint(QFont.StyleHint.Serif)
    font.setPointSizeF(READING_POINT_SIZE)
    return font


class SpacedLayout(QPlainTextDocumentLayout):
    """QPlainTextDocumentLayout ignores QTextBlockFormat.lineHeight; this spreads each
    block's lines when its geometry is asked for (only blocks on screen are), so line
    spacing costs nothing on the way to the first paint. A line taller than the font's
    (a fallback font for CJK or emoji) keeps its own height plus the same gap."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.gap = 0

    def set_font(self, font: QFont, factor: float = LINE_SPACING) -> None:
        gap = round(QFontMetricsF(font).height() * (factor - 1.0))
        self.gap = gap if gap >= 2 else 0

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:
        rect = super().blockBoundingRect(block)
        layout = block.layout()
        count = layout.lineCount()
        if count == 0 or not self.gap:
            return rect
        pad = self.gap // 2
        if layout.lineAt(0).y() != pad:  # freshly laid out by Qt: spread the lines again
            y = 0.0
            for i in range(count):
                line = layout.lineAt(i)
                line.setPosition(QPointF(line.x(), y + pad))
                y += line.height() + self.gap
        last = layout.lineAt(count - 1)
        return QRectF(rect.x(), rect.y(), rect.width(), last.y() + last.height() + self.gap - pad)


_SCROLL_KEYS = {
    Qt.Key.Key_Up: QAbstractSlider.SliderAction.SliderSingleStepSub,
    Qt.Key.Key_Down: QAbstractSlider.SliderAction.SliderSingleStepAdd,
    Qt.Key.Key_PageUp: QAbstractSlider.SliderAction.SliderPageStepSub,
    Qt.Key.Key_PageDown: QAbstractSlider.SliderAction.SliderPageStepAdd,
    Qt.Key.Key_Home: QAbstractSlider.SliderAction.SliderToMinimum,
    Qt.Key.Key_End: QAbstractSlider.SliderAction.SliderToMaximum,
}
_CURSOR_KEYS = {*_SCROLL_KEYS, Qt.Key.Key_Left, Qt.Key.Key_Right}


class ReadingTextEdit(QPlainTextEdit):
    """Read-only, selectable body text in a centred column of limited width.

    Plain navigation keys scroll the page, as in a browser; with Shift they extend a
    selection (starting from the top of the view when the caret is off screen).
    """

    columnChanged = Signal(int, int)  # left edge and width of the text column
    contextMenuAt = Signal(QPoint, int)  # global position, Qt text position
    clickedAt = Signal(int)  # Qt text position of the character clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        document = QTextDocument(self)
        self.spaced_layout = SpacedLayout(document)
        document.setDocumentLayout(self.spaced_layout)
        document.setUndoRedoEnabled(False)
        self.setDocument(document)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)  # the side margins share the page colour
        self.setCenterOnScroll(True)  # room below the last line; jumps land mid-screen
        self.setTabChangesFocus(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setObjectName("articleBody")
        self.tooltip_provider: Callable[[QPoint], str | None] | None = None
        self.before_paint: Callable[[], None] | None = None
        self._press: QPoint | None = None

    # --- geometry ------------------------------------------------------------------------

    def column_width(self) -> int:
        metrics = QFontMetricsF(self.font())
        per_char = metrics.horizontalAdvance(_SAMPLE) / len(_SAMPLE)
        return int(min(COLUMN_CHARS * per_char, MAX_COLUMN_PX))

    def update_margins(self) -> None:
        """Centre a column of about 70 characters; recomputed on resize and font change."""
        margins = self.viewportMargins()
        available = self.viewport().width() + margins.left() + margins.right()
        inner = 2 * int(self.document().documentMargin())
        column = min(self.column_width() + inner, max(available - 2 * MIN_SIDE_PX, 0))
        left = max(MIN_SIDE_PX, (available - column) // 2)
        right = max(MIN_SIDE_PX, available - column - left)
        if (left, right) != (margins.left(), margins.right()) or margins.top() != 6:
            self.setViewportMargins(left, 6, right, 0)
            # Qt may deliver the viewport's resize with an old width equal to the new one
            # and so skip rewrapping: rewrap now, at the width the text really has.
            super().resizeEvent(QResizeEvent(self.viewport().size(), QSize()))
        self.columnChanged.emit(left + inner // 2, max(column - inner, 0))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.update_margins()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.before_paint is not None:
            self.before_paint()
        super().paintEvent(event)

    def visible_blocks(self) -> Iterator[QTextBlock]:
        """The blocks on screen, top to bottom (laying them out, as painting would)."""
        block = self.firstVisibleBlock()
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        height = self.viewport().height()
        while block.isValid() and top <= height:
            yield block
            top += self.blockBoundingRect(block).height()
            block = block.next()

    # --- positions -----------------------------------------------------------------------

    def position_at(self, point: QPoint) -> int | None:
        """Qt position of the character under `point` (viewport coordinates), or None."""
        cursor = self.cursorForPosition(point)
        rect = self.cursorRect(cursor)
        if point.x() < rect.x() and cursor.position() > 0:
            cursor.movePosition(QTextCursor.MoveOperation.PreviousCharacter)
            rect = self.cursorRect(cursor)
        after = QTextCursor(cursor)
        if not after.movePosition(QTextCursor.MoveOperation.NextCharacter):
            return None
        right = self.cursorRect(after)
        inside = rect.top() <= point.y() <= rect.bottom() and right.top() == rect.top()
        if inside and rect.x() <= point.x() <= right.x():
            return cursor.position()
        return None

    def is_visible_position(self, position: int) -> bool:
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(position, self.document().characterCount() - 1))
        return self.viewport().rect().contains(self.cursorRect(cursor))

    # --- input ---------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        action = _SCROLL_KEYS.get(Qt.Key(key))
        plain = mods == Qt.KeyboardModifier.NoModifier
        ctrl_jump = mods == Qt.KeyboardModifier.ControlModifier and key in (
            Qt.Key.Key_Home,
            Qt.Key.Key_End,
        )
        if action is not None and (plain or ctrl_jump):
            self.verticalScrollBar().triggerAction(action)
            event.accept()
            return
        off_screen = not self.viewport().rect().intersects(self.cursorRect())
        if key in _CURSOR_KEYS and off_screen and not self.textCursor().hasSelection():
            self.setTextCursor(self.cursorForPosition(QPoint(0, 0)))
        super().keyPressEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_provider(event.pos()) if self.tooltip_provider else None
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            under = self.position_at(event.pos())
            position = (
                under if under is not None else self.cursorForPosition(event.pos()).position()
            )
        else:
            position = self.textCursor().position()
        self.contextMenuAt.emit(event.globalPos(), position)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            point = event.position().toPoint()
            if self._press is not None and (point - self._press).manhattanLength() < 4:
                position = self.position_at(point)
                if position is not None:
                    self.clickedAt.emit(position)
        self._press = None


class _LinkLabel(QLabel):
    """The source link, elided to the width it has; the stored URL is what opens."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.url = ""
        self.setObjectName("articleLink")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.linkActivated.connect(self._open)

    def set_url(self, url: str) -> None:
        self.url = url.strip()
        self.setToolTip(plain_tooltip(self.url) if self.url else "")
        self.setVisible(bool(self.url))
        self._render()

    def _render(self) -> None:
        width = max(self.width(), 120)
        shown = self.fontMetrics().elidedText(self.url, Qt.TextElideMode.ElideMiddle, width)
        if QUrl(self.url).scheme().lower() in ("http", "https"):
            href = html.escape(self.url, quote=True)
            colour = self.palette().color(QPalette.ColorRole.Link).name()
            self.setText(f'<a href="{href}" style="color:{colour}">{html.escape(shown)}</a>')
        else:
            self.setText(html.escape(shown))  # not a web link: shown, not clickable

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.url:
            self._render()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.url:
            self._render()  # the link colour is fixed when the rich text is laid out

    def _open(self, _href: str) -> None:
        QDesktopServices.openUrl(QUrl(self.url))


def _plain_label(name: str, parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class _TagChip(QLabel):
    """A tag drawn as a rounded chip from the palette (a style sheet would stop the
    header from following palette changes, such as a switch to a dark theme)."""

    def __init__(self, tag: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagChip")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(tag)
        self.setContentsMargins(8, 1, 8, 1)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        self.setFont(font)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.setBrush(self.palette().color(QPalette.ColorRole.AlternateBase))
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        painter.end()
        super().paintEvent(event)


class ArticleHeader(QWidget):
    """Section, title, byline/date/site, link and tags, aligned with the text column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleHeader")
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.section = _plain_label("articleSection", self)
        self.section.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.title = _plain_label("articleTitle", self)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta = _plain_label("articleMeta", self)
        self.meta.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.link = _LinkLabel(self)
        self.tags = QWidget(self)
        self.tags.setObjectName("articleTags")
        self.tags.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._tags_layout = QHBoxLayout(self.tags)
        self._tags_layout.setContentsMargins(0, 2, 0, 0)
        self._tags_layout.setSpacing(4)
        self.rule = QFrame(self)
        self.rule.setFrameShape(QFrame.Shape.HLine)
        self.rule.setFrameShadow(QFrame.Shadow.Plain)
        self.rule.setForegroundRole(QPalette.ColorRole.Midlight)
        self._layout = QVBoxLayout(self)
        self._layout.setSpacing(4)
        for widget in (self.section, self.title, self.meta, self.link, self.tags):
            self._layout.addWidget(widget)
        self._layout.addSpacing(6)
        self._layout.addWidget(self.rule)
        self._column = (MIN_SIDE_PX, 600)
        self.set_fonts(default_reading_font())

    def set_fonts(self, reading: QFont) -> None:
        title = QFont(reading)
        title.setPointSizeF(reading.pointSizeF() * 1.6)
        title.setWeight(QFont.Weight.Bold)
        self.title.setFont(title)
        section = QFont(self.font())
        section.setCapitalization(QFont.Capitalization.SmallCaps)
        section.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
        self.section.setFont(section)

    def set_article(self, article: Article) -> None:
        self.section.setText(article.section.strip())
        self.section.setVisible(bool(article.section.strip()))
        self.title.setText(article.title.strip() or "Untitled")
        site = article.site.strip() or QUrl(article.source_url.strip()).host()
        parts = [article.byline.strip(), format_published(article.published), site]
        self.meta.setText("  ·  ".join(p for p in parts if p))
        self.meta.setVisible(any(parts))
        self.meta.setToolTip(plain_tooltip(article.published) if article.published else "")
        self.link.set_url(article.source_url)
        while (item := self._tags_layout.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.hide()
                widget.deleteLater()
        for tag in article.tags:
            self._tags_layout.addWidget(_TagChip(tag, self.tags))
        self._tags_layout.addStretch(1)
        self.tags.setVisible(bool(article.tags))

    def tag_texts(self) -> list[str]:
        items = (self._tags_layout.itemAt(i) for i in range(self._tags_layout.count()))
        return [w.text() for item in items if item and isinstance(w := item.widget(), QLabel)]

    def set_column(self, left: int, width: int) -> None:
        self._column = (left, width)
        self._apply_column()

    def _apply_column(self) -> None:
        left, width = self._column
        right = max(MIN_SIDE_PX, self.width() - left - width)
        self._layout.setContentsMargins(left, 20, right, 4)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_column()


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

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entity_tooltip: Callable[[EntitySpan], str] | None = None
        self._article: Article | None = None
        self._text = ""
        self._mapper = OffsetMapper()
        self._entities: list[EntitySpan] = []
        self._entity_index: SpanIndex[EntitySpan] = SpanIndex()
        self._colours: dict[str, QColor] = {}
        self._visible_labels: set[str] | None = None
        self._entities_visible = True
        self._last_position = 0
        self._pending_restore: int | None = None

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
        self._entities = list(entities)
        self._entity_index = SpanIndex((s.start, s.end, s) for s in self._entities)
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

    # --- marks ---------------------------------------------------------------------------

    def set_entities(self, spans: Iterable[EntitySpan]) -> None:
        self._entities = list(spans)
        self._entity_index = SpanIndex((s.start, s.end, s) for s in self._entities)
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
        shown = {s.label for s in self._entities if self._label_shown(s.label)}
        self.highlighter.set_entities(self._entities, self._colours, shown, refresh=refresh)

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
        block = self.body.firstVisibleBlock()
        if not block.isValid():
            return 0
        top = self.body.blockBoundingGeometry(block).translated(self.body.contentOffset()).top()
        layout = block.layout()
        position = block.position()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            if top + line.y() + line.height() > 1:
                position += line.textStart()
                break
        return self._mapper.from_qt(position)

    def restore_scroll_position(self, offset: int) -> None:
        """Put the line holding `offset` at the top (once the view has its real size)."""
        if not self.body.isVisible() or self.body.viewport().width() < 50:
            self._pending_restore = offset
            return
        self._pending_restore = None
        self._scroll_to(self._mapper.to_qt(offset), centre=False)
        self._position_timer.stop()
        self._last_position = self.scroll_position()

    def flush_reading_position(self) -> None:
        """Report a reading position still waiting for its debounce (before switching)."""
        if self._position_timer.isActive():
            self._position_timer.stop()
            self._emit_reading_position()

    def _scroll_to(self, position: int, centre: bool) -> None:
        """Scroll so that the line holding Qt `position` is at the top (or mid-screen).

        The scroll bar counts lines, and a block not laid out yet counts as one: the
        blocks above are laid out while stepping back, so that the count is right.
        """
        document = self.body.document()
        layout = document.documentLayout()
        block = document.findBlock(position)
        if not block.isValid():
            return
        rect = layout.blockBoundingRect(block)
        line = block.layout().lineForTextPosition(position - block.position())
        index = line.lineNumber() if line.isValid() else 0
        back = 0
        if centre:
            remaining = self.body.viewport().height() / 2
            available, current = index, block
            per_line = rect.height() / max(block.layout().lineCount(), 1)
            while remaining > per_line / 2:
                if available == 0:
                    current = current.previous()
                    if not current.isValid():
                        break
                    rect = layout.blockBoundingRect(current)
                    available = max(current.layout().lineCount(), 1)
                    per_line = rect.height() / available
                available -= 1
                back += 1
                remaining -= per_line
        value = block.firstLineNumber() + index - back
        self.body.verticalScrollBar().setValue(max(value, 0))

    def _reveal(self, start: int, end: int) -> None:
        qt_start, qt_end = self._mapper.to_qt(start), self._mapper.to_qt(end)
        if not (self.body.is_visible_position(qt_start) and self.body.is_visible_position(qt_end)):
            self._scroll_to(qt_start, centre=True)

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
