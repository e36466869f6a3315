"""Edit › Edit Article Text: correct the stored text; highlights are re-anchored."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from reader.ui.article_note import raw_plain_text


class EditTextDialog(QDialog):
    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editTextDialog")
        self.setWindowTitle(f"Edit Text — {title}")
        self.resize(760, 620)
        hint = QLabel(
            "Correct the article's text. Highlights follow their words; one whose words are "
            "gone is kept with its note under “Not found in the text”. Undo with Ctrl+Z."
        )
        hint.setWordWrap(True)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("articleTextEditor")
        self.editor.setPlainText(text)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.editor, 1)
        layout.addWidget(buttons)

    def text(self) -> str:
        """The text as edited; no-break spaces and the like kept (see raw_plain_text)."""
        return raw_plain_text(self.editor)
