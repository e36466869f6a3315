"""The article-level note, and `NoteEdit`, the plain-text note editor it shares with the
highlight editor.

A note is reported once per editing burst, not per keystroke: when focus leaves the
editor, or `IDLE_MS` after the last keystroke, and only when the text differs from the
last value reported or shown. Each burst thus becomes one undo step. Text set by the
program (`set_text_silently`, `set_note`) is never reported, and replaces typing not yet
reported: call `flush()` first when switching to another article (the main window does,
as it does before undo and redo), so that nothing the user wrote is lost.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFocusEvent, QFontMetrics
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

IDLE_MS = 800
"""Pause in typing after which a note change is reported."""

_BREAKS = str.maketrans({"\u2028": "\n", "\u2029": "\n"})  # Qt's line/paragraph breaks


def raw_plain_text(edit: QPlainTextEdit) -> str:
    """The editor's text exactly, line breaks as "\n". toPlainText() would also turn
    no-break spaces into spaces: text shown and handed back unchanged would differ."""
    return edit.document().toRawText().translate(_BREAKS)


def as_shown(text: str) -> str:
    """`text` as a plain-text editor shows (and gives back) it: every line break ("\r\n",
    "\r", U+2028, U+2029) becomes "\n". Everything else is kept exactly."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_BREAKS)


class NoteEdit(QPlainTextEdit):
    """A QPlainTextEdit that emits `noteChanged(text)` at the end of each editing burst."""

    noteChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None, idle_ms: int | None = None) -> None:
        super().__init__(parent)
        self._reported = ""
        self._loading = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(IDLE_MS if idle_ms is None else idle_ms)
        self._timer.timeout.connect(self.flush)
        self.textChanged.connect(self._on_text_changed)
        self.setTabChangesFocus(True)  # Tab leaves the note: keyboard users can move on
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        lines = QFontMetrics(self.font()).lineSpacing()
        self.setMinimumHeight(lines * 3 + 2 * self.frameWidth() + 8)

    def text(self) -> str:
        """The text exactly as typed, line breaks as "\n". toPlainText() would turn
        no-break spaces into spaces: a note shown, then left, would be reported changed
        (and saved so) without a key pressed."""
        return raw_plain_text(self)

    def reported_text(self) -> str:
        """The last text reported or set by the program."""
        return self._reported

    def is_pending(self) -> bool:
        """Whether the user typed something not reported yet."""
        return self.text() != as_shown(self._reported)

    def set_text_silently(self, text: str) -> None:
        """Show `text` without emitting anything (it replaces typing not yet reported:
        flush() first to keep that)."""
        self._timer.stop()
        self._reported = text
        if self.text() == as_shown(text):
            return  # keep the cursor and scroll position (e.g. after an undo elsewhere)
        self._loading = True
        try:
            self.setPlainText(text)
        finally:
            self._loading = False

    def flush(self) -> None:
        """Report a pending change now (before switching to another highlight or article)."""
        self._timer.stop()
        text = self.text()
        if text != as_shown(self._reported):  # the user changed it, not Qt's line breaks
            self._reported = text
            self.noteChanged.emit(text)

    def _on_text_changed(self) -> None:
        if not self._loading:
            self._timer.start()

    def focusOutEvent(self, e: QFocusEvent) -> None:
        super().focusOutEvent(e)
        # Menus too (PopupFocusReason): Edit > Undo right after typing then undoes that
        # burst, instead of running while an unreported one is pending.
        self.flush()


class ArticleNoteEditor(QWidget):
    """The note on the whole article: plain text, Markdown allowed."""

    noteChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleNoteEditor")
        self.label = QLabel("Article note")
        self.label.setObjectName("articleNoteLabel")
        self.edit = NoteEdit()
        self.edit.setObjectName("articleNoteEdit")
        self.edit.setPlaceholderText("Notes on the whole article… (Markdown allowed)")
        self.edit.setAccessibleName("Article note")
        self.edit.setAccessibleDescription("Plain text; Markdown is allowed")
        self.label.setBuddy(self.edit)
        self.edit.noteChanged.connect(self.noteChanged)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.label)
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.edit)

    def focus_editor(self) -> None:
        self.edit.setFocus()

    def set_note(self, text: str) -> None:
        """Show the article's stored note; emits nothing. Call flush() before showing
        another article's note, or typing not yet reported is dropped."""
        self.edit.set_text_silently(text)

    def note(self) -> str:
        return self.edit.text()

    def flush(self) -> None:
        """Emit a pending note change now (before the article changes)."""
        self.edit.flush()
