"""Find in the article: the bar's widgets and the search behind them.

`FindBar` only collects input and shows a count; `FindController` owns the matches.
Matching runs over the Python string (one `re` pass, a few ms for 20,000 words) rather
than QTextDocument.find, and yields code-point offsets like every other offset in the
app. The matches are drawn as a layer of the article's highlighter, formatted as
blocks come on screen, so a one-letter query in a long article stays cheap to draw.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QToolButton,
    QWidget,
)

from reader.ui.text_marks import SpanHighlighter
from reader.ui.text_offsets import OffsetMapper

MAX_MATCHES = 100_000
"""A one-letter query in a long article stays cheap; beyond this the count shows "+"."""


def find_all(text: str, needle: str, case_sensitive: bool = False) -> list[int]:
    """Start offsets (code points) of the non-overlapping matches of `needle` in `text`.

    Case-insensitive matching uses `re.IGNORECASE` on the original text: lower-casing
    the text first could change its length ("İ" becomes two code points) and shift
    every offset after it.
    """
    if not needle:
        return []
    if case_sensitive:
        found: list[int] = []
        position = text.find(needle)
        while position >= 0 and len(found) < MAX_MATCHES:
            found.append(position)
            position = text.find(needle, position + len(needle))
        return found
    pattern = re.compile(re.escape(needle), re.IGNORECASE)
    found = []
    for match in pattern.finditer(text):
        found.append(match.start())
        if len(found) >= MAX_MATCHES:
            break
    return found


def match_label(current: int, total: int) -> str:
    """'3 of 12' (current is 0-based; -1 when none is current)."""
    if total == 0:
        return "No matches"
    more = "+" if total >= MAX_MATCHES else ""
    if current < 0:
        return f"{total:,}{more} matches"
    return f"{current + 1:,} of {total:,}{more}"


class FindBar(QWidget):
    """Query field, match count, Previous/Next, case toggle and close button.

    Enter / Shift+Enter and the platform's Find Next / Find Previous keys (F3, Ctrl+G)
    work only while the bar has focus: the bar claims them through ShortcutOverride, so
    the same keys elsewhere (entity navigation) keep their window-wide meaning.
    """

    searchChanged = Signal(str, bool)  # query, case sensitive
    nextRequested = Signal()
    previousRequested = Signal()
    closeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.setAutoFillBackground(True)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("findQuery")
        self.edit.setPlaceholderText("Find in article")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMinimumWidth(180)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("findCount")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setMinimumWidth(90)
        self.previous_button = self._button(
            "findPrevious", "Previous match (Shift+Enter)", QStyle.StandardPixmap.SP_ArrowUp
        )
        self.next_button = self._button(
            "findNext", "Next match (Enter)", QStyle.StandardPixmap.SP_ArrowDown
        )
        self.case_button = QToolButton(self)
        self.case_button.setObjectName("findMatchCase")
        self.case_button.setText("Aa")
        self.case_button.setCheckable(True)
        self.case_button.setToolTip("Match case")
        self.case_button.setAccessibleName("Match case")
        self.close_button = self._button(
            "findClose", "Close (Esc)", QStyle.StandardPixmap.SP_TitleBarCloseButton
        )
        self.close_button.setAutoRaise(True)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.case_button)
        layout.addStretch(0)
        layout.addWidget(self.close_button)

        self.edit.textChanged.connect(self._emit_search)
        self.case_button.toggled.connect(self._emit_search)
        self.previous_button.clicked.connect(self.previousRequested)
        self.next_button.clicked.connect(self.nextRequested)
        self.close_button.clicked.connect(self.closeRequested)
        self.edit.installEventFilter(self)
        self.set_count(-1, 0)

    def _button(self, name: str, tip: str, icon: QStyle.StandardPixmap) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setIcon(self.style().standardIcon(icon))
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        return button

    def query(self) -> str:
        return self.edit.text()

    def case_sensitive(self) -> bool:
        return self.case_button.isChecked()

    def open(self, query: str | None = None) -> None:
        """Show the bar with `query` (if given) selected and focused, ready to retype."""
        if query is not None and query != self.edit.text():
            self.edit.setText(query)
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def set_count(self, current: int, total: int) -> None:
        self.count_label.setText("" if not self.edit.text() else match_label(current, total))
        self.previous_button.setEnabled(total > 0)
        self.next_button.setEnabled(total > 0)

    def _emit_search(self) -> None:
        self.searchChanged.emit(self.edit.text(), self.case_button.isChecked())

    def _key_action(self, event: QKeyEvent) -> SignalInstance | None:
        """The signal a key in the query field stands for, if any."""
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            return self.previousRequested if shift else self.nextRequested
        if event.matches(QKeySequence.StandardKey.FindNext):
            return self.nextRequested
        if event.matches(QKeySequence.StandardKey.FindPrevious):
            return self.previousRequested
        if key == Qt.Key.Key_Escape:
            return self.closeRequested
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and isinstance(event, QKeyEvent):
            action = self._key_action(event)
            if action is not None:
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()  # deliver as a key press here, not as a window shortcut
                    return True
                if event.type() == QEvent.Type.KeyPress:
                    action.emit()
                    return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.closeRequested.emit()
            return
        super().keyPressEvent(event)


class FindController(QObject):
    """Runs the bar's searches over the shown text and marks the matches.

    The matches are a layer of the article's `SpanHighlighter` rather than
    ExtraSelections: Qt redraws a line once per ExtraSelection on it, which made a
    one-letter query cost 13 ms per repaint. `anchor()` gives the code-point offset a
    new search starts from (the reading position, so the first match is the next one on
    screen); `reveal(start, end)` scrolls a match into view without moving the caret.
    """

    def __init__(
        self,
        bar: FindBar,
        edit: QPlainTextEdit,
        highlighter: SpanHighlighter,
        anchor: Callable[[], int],
        reveal: Callable[[int, int], None],
    ) -> None:
        super().__init__(bar)
        self.bar = bar
        self.edit = edit
        self.highlighter = highlighter
        self._anchor = anchor
        self._reveal = reveal
        self._text = ""
        self._mapper = OffsetMapper()
        self.matches: list[int] = []
        self.length = 0
        self.current = -1
        bar.searchChanged.connect(self.search)
        bar.nextRequested.connect(lambda: self.step(1))
        bar.previousRequested.connect(lambda: self.step(-1))
        bar.closeRequested.connect(self.close)

    def set_text(self, text: str, mapper: OffsetMapper) -> None:
        """A new article (its marks are already cleared): search it again if open."""
        self._text, self._mapper = text, mapper
        self.matches, self.current = [], -1
        if self.bar.isVisible():
            self.search(self.bar.query(), self.bar.case_sensitive())

    def open(self, query: str | None = None) -> None:
        previous = self.bar.query()
        self.bar.open(query)
        if self.bar.query() == previous:  # unchanged text emits nothing: search anyway
            self.search(self.bar.query(), self.bar.case_sensitive())

    def search(self, query: str, case_sensitive: bool) -> None:
        self.matches = find_all(self._text, query, case_sensitive)
        self.length = len(query)
        self.current = -1
        if self.matches:
            self.current = bisect_left(self.matches, self._anchor()) % len(self.matches)
        self._update()

    def step(self, delta: int) -> None:
        if self.matches:
            self.current = (self.current + delta) % len(self.matches)
            self._update()

    def current_range(self) -> tuple[int, int] | None:
        if self.current < 0:
            return None
        start = self.matches[self.current]
        return start, start + self.length

    def close(self) -> None:
        """Hide the bar, leave the current match selected and give the text focus."""
        found = self.current_range()
        self.bar.hide()
        self.matches, self.current = [], -1
        self.highlighter.set_find_matches([], 0)
        if found is not None:
            cursor = QTextCursor(self.edit.document())
            cursor.setPosition(self._mapper.to_qt(found[0]))
            cursor.setPosition(self._mapper.to_qt(found[1]), QTextCursor.MoveMode.KeepAnchor)
            self.edit.setTextCursor(cursor)
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update(self) -> None:
        found = self.current_range()
        if found is not None:
            self._reveal(*found)  # scroll first: the marks then format what is on screen
        self.highlighter.set_find_matches(self.matches, self.length, self.current)
        self.bar.set_count(self.current, len(self.matches))
