"""The article's body: read-only text in a centred reading column, with line spacing.

A QPlainTextEdit because it lays out lazily (only what is on screen), which DESIGN.md
measured as the fastest way to show a long article with thousands of marks. This module
knows Qt text positions only; mapping them to stored offsets is the view's job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
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
    QPlainTextDocumentLayout,
    QPlainTextEdit,
    QToolTip,
    QWidget,
)

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
_SAMPLE = "The minister said on Tuesday that talks with Moscow would resume, officials noted."


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
        self.column_chars = COLUMN_CHARS  # Preferences › Line width

    # --- geometry ------------------------------------------------------------------------

    def column_width(self) -> int:
        metrics = QFontMetricsF(self.font())
        per_char = metrics.horizontalAdvance(_SAMPLE) / len(_SAMPLE)
        # The cap keeps a large font from spreading the column across a wide window.
        cap = MAX_COLUMN_PX * self.column_chars / COLUMN_CHARS
        return int(min(self.column_chars * per_char, cap))

    def update_margins(self) -> None:
        """Centre a column of `column_chars` characters; recomputed on resize and font
        change."""
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

    def first_visible_position(self) -> int:
        """Qt position of the first character on screen (0 without text)."""
        block = self.firstVisibleBlock()
        if not block.isValid():
            return 0
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        layout = block.layout()
        position = block.position()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            if top + line.y() + line.height() > 1:
                position += line.textStart()
                break
        return position

    def scroll_to_position(self, position: int, centre: bool) -> None:
        """Scroll so that the line holding Qt `position` is at the top (or mid-screen).

        The scroll bar counts lines, and a block not laid out yet counts as one: the
        blocks above are laid out while stepping back, so that the count is right.
        """
        document = self.document()
        layout = document.documentLayout()
        block = document.findBlock(position)
        if not block.isValid():
            return
        rect = layout.blockBoundingRect(block)
        line = block.layout().lineForTextPosition(position - block.position())
        index = line.lineNumber() if line.isValid() else 0
        back = 0
        if centre:
            remaining = self.viewport().height() / 2
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
        self.verticalScrollBar().setValue(max(value, 0))

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
