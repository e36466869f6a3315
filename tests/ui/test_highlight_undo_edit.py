"""Highlights in the real window through Edit › Edit Article Text (the real dialog) and
the window's undo stack: Ctrl+Z puts every highlight back exactly as it was, marks
included, where re-anchoring again would not; Ctrl+Shift+Z repeats the edit."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from reader.core.model import Highlight
from reader.ui.edit_text_dialog import EditTextDialog
from reader.ui.main_window import MainWindow

OPENING = "An opening line added by the user.\n\n"


def open_steel_talks(qtbot: QtBot, window: MainWindow) -> str:
    """Open the sample about the Geneva steel talks; returns its text."""
    [article] = [a for a in map(window.library.get, (1, 2, 3)) if a and "Steel" in a.title]
    window.open_article(article.id)
    qtbot.waitUntil(lambda: window.current is not None and window.current.id == article.id)
    return article.text


def highlight(window: MainWindow, text: str, quote: str) -> None:
    start = text.index(quote)
    window.article_view.select_range(start, start + len(quote))
    window.act.highlight.trigger()


def edit_text_in_dialog(qtbot: QtBot, window: MainWindow, new_text: str) -> None:
    """Edit › Edit Article Text: type over the text in the dialog, then Save."""

    def fill_and_save() -> None:
        dialog = window.findChild(EditTextDialog, "editTextDialog")
        assert dialog is not None and dialog.isVisible()
        dialog.editor.setPlainText(new_text)
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons is not None
        buttons.button(QDialogButtonBox.StandardButton.Save).click()

    QTimer.singleShot(0, fill_and_save)
    window.act.edit_text.trigger()  # the dialog's event loop runs fill_and_save
    qtbot.waitUntil(lambda: window.current is not None and window.current.text == new_text)


def shown(window: MainWindow) -> list[Highlight]:
    """The open article's highlights, as stored, after checking that the window shows
    exactly these: the notes panel's list and the marks in the text."""
    assert window.current is not None
    stored = window.annotations.service.highlights(window.current.id)
    assert window.annotations.highlights == stored
    marks = window.article_view.highlighter.highlight_marks()
    assert sorted((start, end) for start, end, _ in marks) == sorted(
        (h.start, h.end) for h in stored if not h.orphaned
    )
    return stored


def press(qtbot: QtBot, window: MainWindow, modifiers: Qt.KeyboardModifier) -> None:
    """Ctrl+Z and the like, typed in the article's text (where the user just was)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.article_view.focus_text()
    body = window.article_view.body
    qtbot.waitUntil(body.hasFocus)
    qtbot.keyClick(body, Qt.Key.Key_Z, modifiers)
    # QTest leaves the modifiers as the application's state: a plain key resets it.
    qtbot.keyClick(body, Qt.Key.Key_Shift)


def test_ctrl_z_puts_every_highlight_back_exactly(qtbot: QtBot, window: MainWindow) -> None:
    text = open_steel_talks(qtbot, window)
    for quote in ("Marchetti said", "Tuesday morning", "steel tariffs"):
        highlight(window, text, quote)
    before = shown(window)
    assert len(before) == 3
    # "Marchetti said" becomes "Marchetti added": its highlight keeps a shorter, fuzzy
    # range; "Tuesday morning" goes (orphaned); the rest moves down.
    new_text = OPENING + text.replace("Marchetti said Brussels", "Marchetti added Brussels")
    new_text = new_text.replace("Talks resume on Tuesday morning.", "")

    edit_text_in_dialog(qtbot, window, new_text)

    edited = shown(window)
    by_quote = {h.exact: h for h in edited}
    assert "Marchetti ad" in by_quote and by_quote["Tuesday morning"].orphaned
    message = window.statusBar().currentMessage()
    assert message == "2 highlight(s) placed, 2 moved, 1 could not be placed (kept as orphans)."

    press(qtbot, window, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Z
    assert window.current is not None and window.current.text == text
    assert shown(window) == before  # not "Marchetti " as re-anchoring back would give
    assert window.statusBar().currentMessage() == "3 highlight(s) placed, 3 moved, 1 found again."

    press(qtbot, window, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.current is not None and window.current.text == new_text
    assert shown(window) == edited
    assert window.statusBar().currentMessage() == message

    press(qtbot, window, Qt.KeyboardModifier.ControlModifier)
    assert shown(window) == before
