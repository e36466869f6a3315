"""The editor of the selected highlight: its colour, note, tags, and a Delete button.

It only shows data and emits signals; the main window turns them into undoable
commands. The note is reported once per editing burst (see `NoteEdit`): when focus
leaves it or 800 ms after the last keystroke, and only if it changed. Showing another
highlight reports the previous one's pending note first, while `highlight_id()` still
names it; showing the same highlight again (after an undo, say) and the `set_*_silently`
methods emit nothing. Call `flush()` before undo/redo and before switching articles.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.model import Highlight
from reader.ui.article_note import NoteEdit
from reader.ui.highlight_colours import (
    HIGHLIGHT_COLOUR_NAMES,
    colour_icon,
    colour_tooltip,
    display_name,
    is_dark_palette,
)
from reader.ui.tag_editor import TagEditor

NOTE_HINT = "Plain text; Markdown is allowed."
NO_SELECTION = "Click a highlight to edit its colour, note and tags."
QUOTE_CHARS = 240


class HighlightEditor(QWidget):
    """Shows one highlight for editing; `show_highlight(None)` shows a hint instead."""

    colourChosen = Signal(str)
    noteChanged = Signal(str)
    tagsChanged = Signal(list)
    deleteRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("highlightEditor")
        self._highlight: Highlight | None = None
        self._colour: str | None = None  # last shown or chosen
        self._dark: bool | None = None  # None: follow the palette

        self.placeholder = QLabel(NO_SELECTION)
        self.placeholder.setObjectName("highlightEditorPlaceholder")
        self.placeholder.setTextFormat(Qt.TextFormat.PlainText)
        self.placeholder.setWordWrap(True)
        self.placeholder.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.content = QWidget()
        self.content.setObjectName("highlightEditorContent")

        self.quote = QLabel()
        self.quote.setObjectName("highlightQuote")
        self.quote.setTextFormat(Qt.TextFormat.PlainText)
        self.quote.setWordWrap(True)
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.quote.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.orphan_label = QLabel("Not found in the text: the article changed.")
        self.orphan_label.setObjectName("highlightOrphanNotice")
        self.orphan_label.setTextFormat(Qt.TextFormat.PlainText)
        self.orphan_label.setWordWrap(True)

        self.colour_group = QButtonGroup(self)
        self.colour_group.setExclusive(True)
        self.colour_buttons: dict[str, QToolButton] = {}
        colours = QHBoxLayout()
        colours.setSpacing(2)
        colour_label = QLabel("Colour:")
        colours.addWidget(colour_label)
        for number, name in enumerate(HIGHLIGHT_COLOUR_NAMES, start=1):
            button = QToolButton()
            button.setObjectName(f"highlightColour_{name}")
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setIconSize(QSize(18, 18))
            button.setToolTip(colour_tooltip(name))
            button.setAccessibleName(display_name(name))
            button.setAccessibleDescription(f"Highlight colour, key {number}")
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.clicked.connect(lambda _checked=False, n=name: self._colour_clicked(n))
            self.colour_group.addButton(button, number)
            self.colour_buttons[name] = button
            colours.addWidget(button)
        colours.addStretch(1)

        self.note_label = QLabel("Note")
        self.note_edit = NoteEdit()
        self.note_edit.setObjectName("highlightNoteEdit")
        self.note_edit.setPlaceholderText("Your note on this passage…")
        self.note_edit.setAccessibleName("Highlight note")
        self.note_edit.setAccessibleDescription(NOTE_HINT)
        self.note_edit.noteChanged.connect(self.noteChanged)
        self.note_label.setBuddy(self.note_edit)
        self.hint = QLabel(NOTE_HINT)
        self.hint.setObjectName("highlightNoteHint")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        font = self.hint.font()
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 0.9)
        self.hint.setFont(font)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.tags_label = QLabel("Tags")
        self.tag_editor = TagEditor()
        self.tag_editor.setObjectName("highlightTagEditor")
        self.tag_editor.tagsChanged.connect(self.tagsChanged)
        self.tags_label.setBuddy(self.tag_editor.field)

        self.delete_button = QPushButton("Delete highlight (Del)")
        self.delete_button.setObjectName("highlightDeleteButton")
        self.delete_button.setToolTip("Delete this highlight and its note (Del)")
        self.delete_button.setAutoDefault(False)
        self.delete_button.clicked.connect(self._delete_clicked)

        inner = QVBoxLayout(self.content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(6)
        inner.addWidget(self.quote)
        inner.addWidget(self.orphan_label)
        inner.addLayout(colours)
        inner.addWidget(self.note_label)
        inner.addWidget(self.note_edit, 1)
        inner.addWidget(self.hint)
        inner.addWidget(self.tags_label)
        inner.addWidget(self.tag_editor)
        delete_row = QHBoxLayout()
        delete_row.addStretch(1)
        delete_row.addWidget(self.delete_button)
        inner.addLayout(delete_row)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.content, 1)
        self._show_nothing()

    # --- public ----------------------------------------------------------------------------

    def show_highlight(self, h: Highlight | None, completions: Sequence[str] = ()) -> None:
        """Show `h` for editing (None: nothing selected). Emits nothing for `h` itself; a
        pending note of another highlight shown before is emitted first. `completions`:
        the library's tag names (empty keeps those given before).

        Showing the same highlight again keeps what the user is typing in the note unless
        the stored note itself changed (an undo)."""
        previous = self._highlight
        if previous is not None and (h is None or h.id != previous.id):
            self.note_edit.flush()
        self._highlight = h
        if completions:
            self.tag_editor.set_completions(list(completions))
        if h is None:
            self._show_nothing()
            return
        same = previous is not None and previous.id == h.id
        self.placeholder.hide()
        self.content.show()
        self.content.setEnabled(True)
        quote = " ".join(h.exact.split())
        if len(quote) > QUOTE_CHARS:
            quote = quote[:QUOTE_CHARS].rstrip() + "…"
        self.quote.setText(f"“{quote}”")
        self.quote.setAccessibleName(f"Highlighted text: {quote}")
        self.orphan_label.setVisible(h.orphaned)
        self._check_colour(h.color)
        if not (same and self.note_edit.is_pending() and h.note == self.note_edit.reported_text()):
            # Keep what the user is typing unless the stored note itself changed.
            self.note_edit.set_text_silently(h.note)
        if not same:
            self.tag_editor.clear_field()
        self.tag_editor.set_tags(list(h.tags))
        self._update_icons()

    def highlight(self) -> Highlight | None:
        return self._highlight

    def highlight_id(self) -> str | None:
        """The id of the highlight shown: what the signals are about."""
        return self._highlight.id if self._highlight is not None else None

    def note(self) -> str:
        return self.note_edit.text()

    def set_note_silently(self, text: str) -> None:
        """Show `text` as the note; never emits (replaces typing not yet reported)."""
        self.note_edit.set_text_silently(text)

    def set_colour_silently(self, name: str) -> None:
        self._check_colour(name)

    def set_tags_silently(self, tags: Sequence[str]) -> None:
        self.tag_editor.set_tags(list(tags))

    def set_completions(self, names: Sequence[str]) -> None:
        self.tag_editor.set_completions(list(names))

    def colour(self) -> str | None:
        button = self.colour_group.checkedButton()
        for name, candidate in self.colour_buttons.items():
            if candidate is button:
                return name
        return None

    def focus_note(self) -> None:
        """Keyboard: put the cursor in the note (Article › Edit Highlight Note)."""
        self.note_edit.setFocus()

    def flush(self) -> None:
        """Emit a pending note change now (before switching highlights or articles)."""
        self.note_edit.flush()

    def set_dark(self, dark: bool | None) -> None:
        """Swatches for a dark or light theme; None follows the palette (the default)."""
        self._dark = dark
        self._update_icons()

    # --- internals -------------------------------------------------------------------------

    def _show_nothing(self) -> None:
        self.content.hide()
        self.content.setEnabled(False)
        self.placeholder.show()
        self.note_edit.set_text_silently("")
        self.tag_editor.set_tags([])
        self.tag_editor.clear_field()
        self._check_colour(None)

    def _check_colour(self, name: str | None) -> None:
        self._colour = name
        button = self.colour_buttons.get(name) if name else None
        if button is not None:
            button.setChecked(True)
            return
        # An exclusive group keeps one button checked: lift that for "none".
        self.colour_group.setExclusive(False)
        for candidate in self.colour_buttons.values():
            candidate.setChecked(False)
        self.colour_group.setExclusive(True)

    def _colour_clicked(self, name: str) -> None:
        if self._highlight is None:
            return
        if name != self._colour:
            self._colour = name
            self.colourChosen.emit(name)

    def _delete_clicked(self) -> None:
        if self._highlight is not None:
            self.deleteRequested.emit()

    def _is_dark(self) -> bool:
        return is_dark_palette(self.palette()) if self._dark is None else self._dark

    def _update_icons(self) -> None:
        dark = self._is_dark()
        for name, button in self.colour_buttons.items():
            button.setIcon(colour_icon(name, dark, 18))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._update_icons()
