"""Changing keyboard shortcuts in Help › Keyboard Shortcuts, through the real window:
record a key and use it, clashes, bare keys, reset, undo, restart, damaged settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from reader.settings import APPLICATION, ORGANISATION, Settings
from reader.ui.key_recorder import PROMPT, combination
from reader.ui.main_window import MainWindow
from reader.ui.shortcut_keys import parse_keys
from reader.ui.shortcuts_dialog import ShortcutsDialog
from tests.ui.conftest import close_window, make_window

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def keys_of(window: MainWindow, name: str) -> list[str]:
    action = window.shortcut_keys.action(name)
    assert action is not None
    return [key.toString() for key in action.shortcuts()]


def open_dialog(qtbot: QtBot, window: MainWindow) -> ShortcutsDialog:
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1)  # as a user would
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.editor is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def record(
    qtbot: QtBot,
    dialog: ShortcutsDialog,
    name: str,
    key: Qt.Key,
    mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Choose the command, press its Shortcut button and type the key."""
    assert dialog.editor is not None
    assert dialog.select_command(name)
    recorder = dialog.editor.recorders[0]
    qtbot.keyClick(recorder, Qt.Key.Key_Space)  # press the button
    assert recorder.recording and recorder.text() == PROMPT
    qtbot.keyClick(recorder, key, mods)


def answer_conflict(choice: str, seen: list[str]) -> None:
    """Click a button of the clash question when it appears (it runs its own loop)."""
    timer = QTimer()

    def look() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                timer.stop()
                seen.append(widget.text())
                button = next(b for b in widget.buttons() if b.text().replace("&", "") == choice)
                assert isinstance(button, QPushButton)
                button.click()
                return

    timer.timeout.connect(look)
    timer.start(20)
    answer_conflict.timer = timer  # type: ignore[attr-defined]  # kept alive


def stored() -> dict[str, object]:
    return Settings().shortcut_overrides()


def test_record_a_key_from_the_keyboard_and_use_it(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, window)
    assert dialog.search.hasFocus()
    qtbot.keyClicks(dialog.search, "search library")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # to the list, first match chosen
    assert dialog.editor is not None and dialog.editor.name == "searchLibrary"
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)  # Enter on a command records its key
    recorder = dialog.editor.recorders[0]
    assert recorder.recording
    qtbot.keyClick(recorder, Qt.Key.Key_Control)  # a modifier alone waits for the rest
    assert recorder.recording
    qtbot.keyClick(recorder, Qt.Key.Key_J, CTRL)
    assert not recorder.recording
    assert keys_of(window, "searchLibrary") == ["Ctrl+J"]
    assert dialog.rows()[0][1] == "Ctrl+J"
    assert window.act.search_library.toolTip() == "Jump to the library search field (Ctrl+J)"
    assert stored() == {"searchLibrary": "Ctrl+J"}  # only the difference
    dialog.close()

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    body = window.article_view.body
    body.setFocus()
    qtbot.keyClick(body, Qt.Key.Key_K, CTRL)  # the old key does nothing now
    assert QApplication.focusWidget() is body
    qtbot.keyClick(body, Qt.Key.Key_J, CTRL)
    assert QApplication.focusWidget() is window.library_view.search_field


def test_a_taken_key_is_offered_to_be_reassigned_or_left(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, window)
    assert dialog.editor is not None
    seen: list[str] = []

    answer_conflict("Cancel", seen)
    record(qtbot, dialog, "searchLibrary", Qt.Key.Key_T, CTRL)
    assert "Ctrl+T is the shortcut for “Tag Article”" in seen[0]
    assert keys_of(window, "searchLibrary") == ["Ctrl+K"]
    assert keys_of(window, "editTags") == ["Ctrl+T"]
    assert dialog.editor.message.text() == "Nothing changed."

    answer_conflict("Reassign", seen)
    record(qtbot, dialog, "searchLibrary", Qt.Key.Key_T, CTRL)
    assert keys_of(window, "searchLibrary") == ["Ctrl+T"]
    assert keys_of(window, "editTags") == []
    assert window.act.edit_tags.toolTip() == "Add or remove the article's tags"
    assert stored() == {"searchLibrary": "Ctrl+T", "editTags": ""}
    tags_row = next(row for row in dialog.rows() if row[0] == "Tag Article…")
    assert tags_row[1] == ""

    # Del deletes a highlight in the text and articles in the list: no clash there.
    record(qtbot, dialog, "deleteHighlight", Qt.Key.Key_Backspace)
    assert keys_of(window, "deleteHighlight") == ["Backspace"]
    assert len(seen) == 2
    dialog.close()


def test_bare_keys_only_where_typing_cannot_happen(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, window)
    assert dialog.editor is not None
    record(qtbot, dialog, "searchLibrary", Qt.Key.Key_L)
    assert keys_of(window, "searchLibrary") == ["Ctrl+K"]
    assert "L alone would act anywhere in the window" in dialog.editor.message.text()
    record(qtbot, dialog, "searchLibrary", Qt.Key.Key_L, SHIFT)  # still a typed character
    assert keys_of(window, "searchLibrary") == ["Ctrl+K"]
    record(qtbot, dialog, "searchLibrary", Qt.Key.Key_Delete)
    assert keys_of(window, "searchLibrary") == ["Ctrl+K"]
    record(qtbot, dialog, "searchLibrary", Qt.Key.Key_F6)  # a function key is fine
    assert keys_of(window, "searchLibrary") == ["F6"]
    record(qtbot, dialog, "editNote", Qt.Key.Key_Tab)  # never: it moves the focus on
    assert keys_of(window, "editNote") == ["N"]
    assert not dialog.editor.recorders[0].recording
    assert not dialog.editor.recorders[0].hasFocus()

    # The reading pane's own commands take plain keys: G highlights instead of H.
    record(qtbot, dialog, "highlight", Qt.Key.Key_G)
    assert keys_of(window, "highlight") == ["G"]
    dialog.close()
    qtbot.waitUntil(lambda: window.current is not None)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    body = window.article_view.body
    body.setFocus()
    window.article_view.select_range(0, 5)
    before = len(window.annotations.highlights)
    qtbot.keyClick(body, Qt.Key.Key_H)
    assert len(window.annotations.highlights) == before
    qtbot.keyClick(body, Qt.Key.Key_G)
    qtbot.waitUntil(lambda: len(window.annotations.highlights) == before + 1)


def test_escape_cancels_tab_leaves_delete_removes(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, window)
    editor = dialog.editor
    assert editor is not None
    dialog.select_command("redo")
    primary, alternative = editor.recorders
    assert (primary.text(), alternative.text()) == ("Ctrl+Shift+Z", "Ctrl+Y")
    qtbot.keyClick(primary, Qt.Key.Key_Return)
    assert primary.recording
    qtbot.keyClick(primary, Qt.Key.Key_Escape)  # cancels recording, the dialog stays
    assert not primary.recording and dialog.isVisible()
    assert keys_of(window, "redo") == ["Ctrl+Shift+Z", "Ctrl+Y"]
    alternative.setFocus()
    qtbot.keyClick(alternative, Qt.Key.Key_Delete)
    assert keys_of(window, "redo") == ["Ctrl+Shift+Z"]
    assert alternative.text() == "None"
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL)  # Ctrl+Z in the dialog undoes
    assert keys_of(window, "redo") == ["Ctrl+Shift+Z", "Ctrl+Y"]
    assert stored() == {}
    dialog.close()


def test_default_reset_all_and_undo(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, window)
    editor = dialog.editor
    assert editor is not None
    seen: list[str] = []
    record(qtbot, dialog, "zoomReset", Qt.Key.Key_F7)
    answer_conflict("Reassign", seen)
    record(qtbot, dialog, "importFiles", Qt.Key.Key_K, CTRL)  # takes Search Library's key
    assert keys_of(window, "importFiles") == ["Ctrl+K"]
    bold = dialog.model.item(0, 0).font().bold()
    assert bold and "Ctrl+O" in dialog.model.item(0, 0).toolTip()

    # Default brings Import's keys back; Search Library stays without until its own Default.
    editor.default_button.click()
    assert keys_of(window, "importFiles") == ["Ctrl+O"]
    assert keys_of(window, "searchLibrary") == []
    dialog.select_command("searchLibrary")
    assert editor.message.text() == "Changed by you; Reader's keys: Ctrl+K"
    assert editor.default_button.isEnabled()
    qtbot.keyClick(editor.default_button, Qt.Key.Key_Space)
    assert keys_of(window, "searchLibrary") == ["Ctrl+K"]
    assert not editor.default_button.isEnabled()
    assert len(seen) == 1  # Ctrl+K was free again: no question

    reset_all = dialog.findChild(QPushButton, "resetAllShortcuts")
    assert reset_all is not None
    reset_all.click()
    assert keys_of(window, "zoomReset") == ["Ctrl+0"]
    assert stored() == {}
    assert not dialog.model.item(0, 0).font().bold()
    undo = dialog.findChild(QPushButton, "undoShortcut")
    assert undo is not None
    undo.click()  # Reset All undone
    assert keys_of(window, "zoomReset") == ["F7"]
    assert stored() == {"zoomReset": "F7"}
    clicks = 0
    while undo.isEnabled() and clicks < 10:
        undo.click()
        clicks += 1
    assert clicks == 4  # search's default, import's default, import's Ctrl+K, F7
    assert keys_of(window, "searchLibrary") == ["Ctrl+K"]
    assert stored() == {}
    assert window.act.zoom_reset.toolTip() == "Reading text at its normal size (Ctrl+0)"
    dialog.close()


def test_keys_survive_a_restart_and_new_defaults_still_arrive(
    qtbot: QtBot, library_path: Path
) -> None:
    window = make_window(qtbot, library_path, seed=True)
    dialog = open_dialog(qtbot, window)
    record(qtbot, dialog, "zoomReset", Qt.Key.Key_F7)
    dialog.select_command("editNote")
    assert dialog.editor is not None
    dialog.editor.clear_button.click()
    dialog.close()
    close_window(window)

    again = make_window(qtbot, library_path)
    assert keys_of(again, "zoomReset") == ["F7"]
    assert keys_of(again, "editNote") == []
    assert keys_of(again, "searchLibrary") == ["Ctrl+K"]  # untouched: still the default
    assert again.act.zoom_reset.toolTip().endswith("(F7)")
    again.activateWindow()
    size = again.article_view.reading_font().pointSizeF()
    qtbot.keyClick(again, Qt.Key.Key_Equal, CTRL)
    qtbot.keyClick(again, Qt.Key.Key_F7)
    assert again.article_view.reading_font().pointSizeF() == size
    close_window(again)


def test_damaged_or_unknown_stored_keys_are_ignored(qtbot: QtBot, library_path: Path) -> None:
    raw = QSettings(ORGANISATION, APPLICATION)
    raw.setValue("shortcuts/importFiles", "Ctrl+Nonsense")
    raw.setValue("shortcuts/copy", ["Ctrl+C", "Ctrl+X"])
    raw.setValue("shortcuts/zoomIn", "Ctrl+K, Ctrl+S")  # two strokes: not one we write
    raw.setValue("shortcuts/noSuchCommand", "Ctrl+J")
    raw.setValue("shortcuts/openSource", "Ctrl+T")  # the user's key beats Tag's default
    raw.sync()
    window = make_window(qtbot, library_path)
    assert keys_of(window, "importFiles") == ["Ctrl+O"]
    assert keys_of(window, "copy")[0] == "Ctrl+C"
    assert keys_of(window, "zoomIn")[0] == "Ctrl++"
    assert keys_of(window, "openSource") == ["Ctrl+T"]
    assert keys_of(window, "editTags") == []
    assert window.shortcut_keys.action("noSuchCommand") is None
    dialog = open_dialog(qtbot, window)  # the dialog opens on them too
    assert dialog.select_command("importFiles")
    dialog.close()
    close_window(window)


def test_built_in_keys_are_listed_but_not_editable(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, window)
    qtbot.keyClicks(dialog.search, "leave reading")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    assert dialog.table.hasFocus()
    editor = dialog.editor
    assert editor is not None and editor.name is None
    assert not editor.recorders[0].isEnabled()
    assert "cannot be changed" in editor.command.text()
    dialog.close()


@pytest.mark.parametrize(
    ("key", "mods", "expected"),
    [
        (Qt.Key.Key_Plus, CTRL | SHIFT, "Ctrl++"),  # Shift only chose the character
        (Qt.Key.Key_O, CTRL | SHIFT, "Ctrl+Shift+O"),
        (Qt.Key.Key_F3, SHIFT, "Shift+F3"),
        (Qt.Key.Key_Backtab, SHIFT, "Backtab"),
    ],
)
def test_key_press_to_shortcut(
    qtbot: QtBot, key: Qt.Key, mods: Qt.KeyboardModifier, expected: str
) -> None:
    from PySide6.QtCore import QEvent

    sequence = combination(QKeyEvent(QEvent.Type.KeyPress, key, mods))
    assert sequence is not None and sequence.toString() == expected
    assert combination(QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift, SHIFT)) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", ()),
        ("Ctrl+J", ("Ctrl+J",)),
        ("Ctrl+;; F6", ("Ctrl+;", "F6")),
        ("Ctrl+J; Ctrl+J", ("Ctrl+J",)),
        ("Ctrl+Nonsense", None),
        ("Ctrl+J; garbage", None),
        (5, None),
        (["Ctrl+J"], None),
        (None, None),
    ],
)
def test_parse_stored_keys(qtbot: QtBot, value: object, expected: tuple[str, ...] | None) -> None:
    assert parse_keys(value) == expected


def test_preferences_lead_to_the_shortcuts(qtbot: QtBot, window: MainWindow) -> None:
    from reader.ui.preferences import PreferencesDialog

    window.act.preferences.trigger()
    preferences = window.findChild(PreferencesDialog)
    assert preferences is not None
    qtbot.waitExposed(preferences)
    button = preferences.findChild(QPushButton, "openShortcuts")
    assert button is not None
    button.click()
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.editor is not None
    qtbot.waitExposed(dialog)
    dialog.close()
    preferences.close()
