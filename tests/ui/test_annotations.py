"""Highlights, notes and tags through the real window: select, highlight, note, tag, undo,
redo, restart on the same library and find everything as it was."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from reader.ui.main_window import MainWindow
from tests.ui.conftest import accept_edit_text, close_window, make_window


def undo_text(window: MainWindow) -> str:
    return window.act.undo.text().replace("&", "")


def word_range(window: MainWindow, word: str) -> tuple[int, int]:
    assert window.current is not None
    start = window.current.text.index(word)
    return start, start + len(word)


def select_with_keyboard(qtbot: QtBot, window: MainWindow, start: int, length: int) -> None:
    """Put the caret at `start`, then extend with Shift+Right as a user would."""
    body = window.article_view.body
    cursor = body.textCursor()
    cursor.setPosition(start)
    body.setTextCursor(cursor)
    body.setFocus()
    for _ in range(length):
        qtbot.keyClick(body, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)


def point_of(window: MainWindow, offset: int) -> QPoint:
    body = window.article_view.body
    cursor = QTextCursor(body.document())
    cursor.setPosition(offset)
    return body.cursorRect(cursor).center()


def test_highlight_note_tag_undo_redo_and_restart(qtbot: QtBot, library_path: Path) -> None:
    window = make_window(qtbot, library_path, seed=True)
    qtbot.waitUntil(lambda: window.current is not None, timeout=5000)
    article = window.current
    assert article is not None

    # Select a word with the keyboard and highlight it with H (default colour).
    start, end = word_range(window, article.text.split()[3])
    select_with_keyboard(qtbot, window, start, end - start)
    assert window.article_view.selected_range() == (start, end)
    window.act.highlight.trigger()
    assert len(window.annotations.highlights) == 1
    first = window.annotations.highlights[0]
    assert (first.start, first.end, first.color) == (start, end, "yellow")
    assert undo_text(window) == "Undo Highlight"

    # A second highlight in green (key 2) by mouse selection: press, drag, release.
    words = article.text.split()
    target = words[10]
    s2, e2 = word_range(window, target)
    body = window.article_view.body
    qtbot.mousePress(body.viewport(), Qt.MouseButton.LeftButton, pos=point_of(window, s2))
    qtbot.mouseMove(body.viewport(), point_of(window, e2))
    qtbot.mouseRelease(body.viewport(), Qt.MouseButton.LeftButton, pos=point_of(window, e2))
    selected = window.article_view.selected_range()
    assert selected is not None and selected[0] == s2
    window.act.highlight_colours[1].trigger()
    assert [h.color for h in window.annotations.highlights] == ["yellow", "green"]

    # Choose the first highlight and give it a note and a tag.
    window.annotations.go_to(first.id)
    editor = window.notes_tab.editor
    assert editor.highlight_id() == first.id
    editor.set_note_silently("")
    editor.note_edit.setFocus()
    qtbot.keyClicks(editor.note_edit, "Check this <b>claim</b>")
    editor.flush()
    assert window.annotations.highlights[0].note == "Check this <b>claim</b>"
    assert undo_text(window) == "Undo Edit Note"
    editor.tag_editor.add_tag("sanctions")
    qtbot.waitUntil(lambda: window.annotations.highlights[0].tags == ("sanctions",))
    assert undo_text(window) == "Undo Tag ‘sanctions’"

    # The article note and article tags.
    window.notes_tab.article_note.set_note("")
    window.notes_tab.article_note.edit.setFocus()
    qtbot.keyClicks(window.notes_tab.article_note.edit, "Follow up with the ministry.")
    window.notes_tab.article_note.flush()
    window.notes_tab.article_tags.add_tag("trade")

    # Undo everything step by step, then redo it all.
    stack = window.undo_stack
    done = stack.index()
    for _ in range(done):
        window.act.undo.trigger()
    assert window.annotations.highlights == []
    assert window.library.get(article.id).note == ""  # type: ignore[union-attr]
    for _ in range(done):
        window.act.redo.trigger()
    assert len(window.annotations.highlights) == 2
    close_window(window)

    # Restart on the same library: everything is where it was.
    again = make_window(qtbot, library_path)
    qtbot.waitUntil(lambda: again.current is not None and again.current.id == article.id)
    highlights = again.annotations.highlights
    assert [(h.start, h.end, h.color) for h in highlights] == [
        (start, end, "yellow"),
        (s2, highlights[1].end, "green"),
    ]
    assert highlights[0].note == "Check this <b>claim</b>"
    assert highlights[0].tags == ("sanctions",)
    assert again.current is not None
    assert again.current.note == "Follow up with the ministry."
    assert "trade" in again.current.tags
    assert again.notes_tab.panel.count() == 2
    qtbot.waitUntil(lambda: "trade" in [name for name, _ in again.tag_list.tags()])
    close_window(again)


def test_delete_highlight_with_del_and_undo(qtbot: QtBot, window: MainWindow) -> None:
    assert window.current is not None
    start, end = word_range(window, window.current.text.split()[5])
    window.article_view.select_range(start, end)
    window.act.highlight_colours[3].trigger()
    [highlight] = window.annotations.highlights
    assert highlight.color == "pink"
    window.annotations.go_to(highlight.id)
    window.article_view.focus_text()
    window.act.delete_highlight.trigger()
    assert window.annotations.highlights == []
    window.act.undo.trigger()
    assert [h.id for h in window.annotations.highlights] == [highlight.id]


def test_recolour_from_the_editor(qtbot: QtBot, window: MainWindow) -> None:
    assert window.current is not None
    start, end = word_range(window, window.current.text.split()[7])
    window.article_view.select_range(start, end)
    window.act.highlight.trigger()
    [highlight] = window.annotations.highlights
    window.annotations.go_to(highlight.id)
    window.notes_tab.editor.colourChosen.emit("blue")
    assert window.annotations.highlights[0].color == "blue"
    assert undo_text(window) == "Undo Colour Blue"


def test_search_finds_notes(qtbot: QtBot, window: MainWindow) -> None:
    assert window.current is not None
    target = window.current.id
    start, end = word_range(window, window.current.text.split()[2])
    window.article_view.select_range(start, end)
    window.act.highlight.trigger()
    window.annotations.go_to(window.annotations.highlights[0].id)
    window.notes_tab.editor.noteChanged.emit("zanzibarquill")
    window.library_view.search_field.setText("zanzibarquill")
    window.library_view._emit_query()
    qtbot.waitUntil(lambda: window.model.ids() == [target], timeout=5000)


def test_tag_filter_from_the_tag_list(qtbot: QtBot, window: MainWindow) -> None:
    assert window.current is not None
    window.notes_tab.article_tags.add_tag("energy")
    qtbot.waitUntil(lambda: "energy" in [name for name, _ in window.tag_list.tags()])
    window.tag_list.tagSelected.emit("energy")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
    assert window.library_view.tag_chip.isVisible()
    window.library_view.tag_chip.removed.emit()
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=5000)


def test_edit_article_text_reanchors_and_undoes(
    qtbot: QtBot, window: MainWindow, monkeypatch: object
) -> None:

    assert window.current is not None
    article = window.current
    word = article.text.split()[12]
    start, end = word_range(window, word)
    window.article_view.select_range(start, end)
    window.act.highlight.trigger()
    new_text = "A new opening paragraph.\n\n" + article.text

    accept_edit_text(monkeypatch, new_text)
    window.act.edit_text.trigger()
    assert window.current is not None and window.current.text == new_text
    [moved] = window.annotations.highlights
    shift = len("A new opening paragraph.\n\n")
    assert (moved.start, moved.end) == (start + shift, end + shift)
    assert window.article_view.body.toPlainText() == new_text
    window.act.undo.trigger()
    assert window.current is not None and window.current.text == article.text
    assert [(h.start, h.end) for h in window.annotations.highlights] == [(start, end)]
