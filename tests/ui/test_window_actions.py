"""The window's article and library actions through the real window: the text's context
menu, the note and tag shortcuts, renaming and deleting tags, deleting articles after
asking, marking read, and editing an article's text elsewhere while it is open."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from reader.ui.main_window import MainWindow

# Popping up a menu offscreen: the plugin cannot grab the keyboard, and says so.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")


def tag_names(window: MainWindow) -> list[str]:
    return [name for name, _count in window.tag_list.tags()]


def highlight_word(window: MainWindow, index: int) -> tuple[int, int]:
    """Highlight the `index`th word of five letters or more."""
    assert window.current is not None
    word = [w for w in window.current.text.split() if len(w) >= 5 and w.isalpha()][index]
    start = window.current.text.index(word)
    window.article_view.select_range(start, start + len(word))
    window.act.highlight.trigger()
    return start, start + len(word)


def open_menu(qtbot: QtBot, window: MainWindow, offset: int) -> QMenu:
    """Right-click at `offset` in the text; the menu that pops up."""
    window.article_view.contextMenuRequested.emit(QPoint(40, 40), offset)
    shown: list[QMenu] = []

    def popped() -> bool:
        shown[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu)]
        return any(m.isVisible() for m in shown)

    qtbot.waitUntil(popped, timeout=3000)
    return next(m for m in shown if m.isVisible())


def entries(menu: QMenu) -> list[str]:
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


def test_context_menu_on_a_highlight_recolours_it(qtbot: QtBot, window: MainWindow) -> None:
    start, _end = highlight_word(window, 6)
    window.article_view.select_range(start, start)  # nothing selected: no Highlight entry
    menu = open_menu(qtbot, window, start + 1)
    names = entries(menu)
    assert names[0] == window.act.copy.text().replace("&", "")
    assert window.act.highlight.text().replace("&", "") not in names
    assert window.act.edit_note.text().replace("&", "") in names
    assert "Change Highlight Colour" in names
    assert window.act.delete_highlight.text().replace("&", "") in names
    recolour = next(a.menu() for a in menu.actions() if a.text() == "Change Highlight Colour")
    assert isinstance(recolour, QMenu)
    blue = next(a for a in recolour.actions() if a.text() == "Blue")
    menu.close()
    blue.trigger()
    assert window.annotations.highlights[0].color == "blue"
    window.act.undo.trigger()
    assert window.annotations.highlights[0].color == "yellow"


def test_context_menu_with_a_selection_offers_highlighting(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.current is not None
    window.article_view.select_range(0, 5)
    menu = open_menu(qtbot, window, -1)
    names = entries(menu)
    assert window.act.highlight.text().replace("&", "") in names
    assert "Highlight in Colour" in names
    assert "Change Highlight Colour" not in names
    menu.close()


def test_note_and_tag_shortcuts_show_the_notes_tab(qtbot: QtBot, window: MainWindow) -> None:
    assert window.current is not None
    window.side_tabs.setCurrentWidget(window.entity_panel)
    window.article_view.select_range(0, 5)
    window.act.edit_note.trigger()  # N with a selection: highlight it, then its note
    assert len(window.annotations.highlights) == 1
    assert window.side_tabs.currentWidget() is window.notes_tab
    for action in (window.act.article_note, window.act.edit_tags):
        window.side_tabs.setCurrentWidget(window.entity_panel)
        action.trigger()
        assert window.side_tabs.currentWidget() is window.notes_tab


def test_delete_highlight_without_one_says_how(window: MainWindow) -> None:
    window.act.delete_highlight.trigger()
    assert window.statusBar().currentMessage() == "Click a highlight first to delete it"


def test_rename_and_delete_a_tag_everywhere_with_undo(qtbot: QtBot, window: MainWindow) -> None:
    assert window.current is not None
    article = window.current.id
    window.notes_tab.article_tags.add_tag("energy")
    qtbot.waitUntil(lambda: tag_names(window) == ["energy"], timeout=5000)

    window.tag_list.renameRequested.emit("energy", "power")
    assert tag_names(window) == ["power"]
    assert window.notes_tab.article_tags.tags() == ["power"]
    assert list(window.library.get(article).tags) == ["power"]  # type: ignore[union-attr]
    window.act.undo.trigger()
    assert tag_names(window) == ["energy"]
    assert window.notes_tab.article_tags.tags() == ["energy"]

    window.tag_list.deleteRequested.emit("energy")
    assert tag_names(window) == []
    assert window.notes_tab.article_tags.tags() == []
    window.act.undo.trigger()
    assert tag_names(window) == ["energy"]
    assert list(window.library.get(article).tags) == ["energy"]  # type: ignore[union-attr]


def test_delete_asks_first_and_opens_a_neighbour(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    current = window.current
    assert current is not None
    questions: list[str] = []
    answer = QMessageBox.StandardButton.Cancel

    def ask(_parent: object, _title: str, text: str, *_args: object) -> object:
        questions.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", ask)
    window.library_view.table.setFocus()
    window.act.delete_article.trigger()
    assert len(questions) == 1 and f"“{current.title}”" in questions[0]
    assert window.library.get(current.id) is not None

    answer = QMessageBox.StandardButton.Yes
    window.act.delete_article.trigger()
    assert window.library.get(current.id) is None
    assert window.statusBar().currentMessage() == "Deleted 1 article(s)"
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=5000)
    qtbot.waitUntil(lambda: window.current is not None and window.current.id != current.id)


def test_toggle_read_marks_the_open_article(window: MainWindow) -> None:
    assert window.current is not None
    article = window.current.id
    window.act.toggle_read.trigger()
    assert not window.library.get(article).is_read  # type: ignore[union-attr]
    assert window.statusBar().currentMessage() == "Marked as unread"
    window.act.toggle_read.trigger()
    assert window.library.get(article).is_read  # type: ignore[union-attr]
    assert window.statusBar().currentMessage() == "Marked as read"


def test_text_changed_elsewhere_reopens_the_article(qtbot: QtBot, window: MainWindow) -> None:
    assert window.current is not None
    article = window.current
    window.library.conn.execute(  # as reader-cli or another window would
        "UPDATE articles SET text = ? WHERE id = ?", ("New text.\n\n" + article.text, article.id)
    )
    window.library.conn.commit()
    window.reload_library()
    qtbot.waitUntil(
        lambda: window.current is not None and window.current.text.startswith("New text."),
        timeout=5000,
    )
    assert window.article_view.body.toPlainText().startswith("New text.")


def test_article_deleted_elsewhere_leaves_neither_its_title_nor_its_actions(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.current is not None
    article = window.current
    assert article.title in window.windowTitle()
    window.library.conn.execute("DELETE FROM articles WHERE id = ?", (article.id,))
    window.library.conn.commit()  # as reader-cli or another window would
    window.reload_library()
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=5000)
    assert window.current is None
    assert window.windowTitle() == "Reader"
    assert not window.act.copy.isEnabled() and not window.act.toggle_read.isEnabled()
