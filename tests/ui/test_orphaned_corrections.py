"""Entity corrections that no longer apply, in the real window: the Entities panel's
"N corrections no longer apply" section lists them after an edit of the text removed
their words; one or all can be deleted (Del, the buttons, the Entities menu) and Ctrl+Z
puts them back; undo and redo of the edit keep the count right."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reader.store.entities import StoredCorrection
from reader.ui.main_window import MainWindow
from reader.ui.orphan_section import OrphanSection
from tests.ui.conftest import accept_edit_text
from tests.ui.test_entity_corrections_edit import a_word_once


def section(window: MainWindow) -> OrphanSection:
    return window.entity_panel.orphans


def stored(window: MainWindow) -> list[StoredCorrection]:
    assert window.current is not None
    return window.entities.service.store.corrections(window.current.id, orphaned=True)


def listed(window: MainWindow) -> list[str]:
    """Each listed correction's first line (what it was)."""
    return [description for description, _context in section(window).rows()]


def orphan_two(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, label: str = "PERSON"
) -> tuple[str, str]:
    """Correct two words of the open article (one marked `label`, one "not an entity"),
    then remove both from its text with Edit › Edit Article Text."""

    assert window.current is not None
    text = window.current.text
    first = a_word_once(text, set())
    second = a_word_once(text, {text[first[0] : first[1]]})
    words = text[first[0] : first[1]], text[second[0] : second[1]]
    window.entities.correct(*first, label)
    window.entities.correct(*second, "")
    new_text = text
    for word in words:
        new_text = new_text.replace(word, "something")

    accept_edit_text(monkeypatch, new_text)
    window.act.edit_text.trigger()
    assert window.current is not None and window.current.text == new_text
    return words


def test_no_section_without_orphans(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.current is not None)
    assert section(window).isHidden()
    assert not window.act.delete_all_orphans.isEnabled()
    assert not window.act.show_orphans.isEnabled()
    # A correction that applies is not listed.
    assert window.current is not None
    start, end = a_word_once(window.current.text, set())
    window.entities.correct(start, end, "ORG")
    assert section(window).isHidden() and section(window).count() == 0


def test_section_lists_orphans_collapsed_and_follows_undo_redo_of_the_edit(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    qtbot.waitUntil(lambda: window.current is not None)
    marked, removed = orphan_two(window, monkeypatch)
    shown = section(window)
    assert not shown.isHidden()
    assert shown.toggle.text() == "2 corrections no longer apply"
    assert not shown.is_expanded() and shown.body.isHidden()  # collapsed at first
    assert listed(window) == [f"“{marked}” marked Person", f"“{removed}” not an entity"]
    context = shown.rows()[0][1]
    assert marked in context and len(context) < 80
    qtbot.mouseClick(shown.toggle, Qt.MouseButton.LeftButton)
    assert shown.is_expanded() and shown.list.isVisible()
    assert window.act.delete_all_orphans.isEnabled()

    window.act.undo.trigger()  # the edit: both words are back and apply again
    assert shown.isHidden() and shown.count() == 0
    assert not window.act.delete_all_orphans.isEnabled()
    window.act.redo.trigger()
    assert not shown.isHidden() and shown.count() == 2
    assert shown.toggle.text() == "2 corrections no longer apply"


def test_delete_one_with_del_and_undo(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    qtbot.waitUntil(lambda: window.current is not None)
    marked, removed = orphan_two(window, monkeypatch)
    before = stored(window)
    window.activateWindow()
    window.act.show_orphans.trigger()  # opens the section, focus on the list
    shown = section(window)
    assert shown.is_expanded() and QApplication.focusWidget() is shown.list
    assert window.side_tabs.currentWidget() is window.entity_panel
    shown.list.setCurrentRow(1)
    qtbot.keyClick(shown.list, Qt.Key.Key_Delete)
    assert listed(window) == [f"“{marked}” marked Person"]
    assert shown.toggle.text() == "1 correction no longer applies"
    assert removed not in [c.span.text for c in stored(window)]
    assert window.undo_stack.undoText() == f"Delete Correction “{removed}”"
    assert "Deleted the correction" in window.statusBar().currentMessage()

    window.act.undo.trigger()
    assert stored(window) == before  # same ids, offsets, context, still orphaned
    assert shown.count() == 2
    window.act.redo.trigger()
    assert shown.count() == 1

    # Del again on the remaining one: the section goes with the last.
    qtbot.keyClick(shown.list, Qt.Key.Key_Delete)
    assert shown.isHidden()
    assert [c for c in stored(window) if c.orphaned] == []


def test_delete_all_is_one_undo_step(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    qtbot.waitUntil(lambda: window.current is not None)
    orphan_two(window, monkeypatch, label="ORG")
    before = stored(window)
    applying = [c for c in before if not c.orphaned]
    spans = list(window.entities.spans)
    steps = window.undo_stack.index()
    qtbot.mouseClick(section(window).toggle, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(section(window).delete_all_button, Qt.MouseButton.LeftButton)
    assert section(window).isHidden()
    assert stored(window) == applying  # the ones that apply stay
    assert window.entities.spans == spans
    assert window.undo_stack.index() == steps + 1
    assert window.undo_stack.undoText() == "Delete 2 Corrections That No Longer Apply"

    window.act.undo.trigger()
    assert stored(window) == before and section(window).count() == 2
    window.act.delete_all_orphans.trigger()  # the menu's entry (Ctrl+Shift+Del)
    assert section(window).isHidden()
    window.act.undo.trigger()
    assert stored(window) == before


def test_menu_delete_with_the_list_closed_shows_it_first(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    qtbot.waitUntil(lambda: window.current is not None)
    orphan_two(window, monkeypatch)
    window.side_tabs.setCurrentWidget(window.notes_tab)
    window.act.delete_orphan.trigger()
    assert section(window).count() == 2  # nothing deleted unseen
    assert window.side_tabs.currentWidget() is window.entity_panel
    assert section(window).is_expanded()
    assert window.statusBar().currentMessage() == "Choose a correction, then press Delete"
    window.act.delete_orphan.trigger()
    assert section(window).count() == 1


def test_orphans_belong_to_their_article(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    qtbot.waitUntil(lambda: window.current is not None)
    assert window.current is not None
    first = window.current.id
    orphan_two(window, monkeypatch)
    other = next(i for i in window.model.ids() if i != first)
    window.open_article(other)
    assert section(window).isHidden()
    window.open_article(first)
    assert section(window).count() == 2


def test_deleted_elsewhere_leaves_the_list(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """reader-cli or another window deletes one: the list follows when the window
    notices the change."""
    from reader.services.entities import EntityService
    from reader.services.library import Library

    qtbot.waitUntil(lambda: window.current is not None)
    orphan_two(window, monkeypatch)
    assert window.current is not None
    elsewhere = Library.open(window.library.path)
    try:
        service = EntityService(elsewhere)
        first = service.orphans(window.current.id)[0]
        service.delete_corrections(window.current.id, [first.id])
    finally:
        elsewhere.close()
    window.reload_library()
    assert section(window).count() == 1
    assert section(window).toggle.text() == "1 correction no longer applies"
