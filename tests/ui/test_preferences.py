"""Preferences, themes, reading mode and keyboard shortcuts through the real window."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from reader.core.model import EntitySpan
from reader.nlp.labels import LEGEND, info
from reader.services.library import Library
from reader.settings import Settings
from reader.ui.highlight_colours import highlight_colour
from reader.ui.main_window import MainWindow
from reader.ui.preferences import PreferencesDialog
from reader.ui.reading_text import READING_POINT_SIZE
from reader.ui.shortcuts_dialog import ShortcutsDialog
from reader.ui.theme import apply_theme, dark_palette
from tests.ui.conftest import close_window, make_window


@pytest.fixture(autouse=True)
def light_afterwards() -> Iterator[None]:
    """The theme is application-wide: later tests get the light one back."""
    yield
    apply_theme("light")


def open_preferences(qtbot: QtBot, window: MainWindow) -> PreferencesDialog:
    window.act.preferences.trigger()
    dialog = window.findChild(PreferencesDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_preferences_apply_at_once_and_survive_a_restart(qtbot: QtBot, library_path: Path) -> None:
    window = make_window(qtbot, library_path, seed=True)
    qtbot.waitUntil(lambda: window.current is not None)
    dialog = open_preferences(qtbot, window)
    view = window.article_view
    family = next(f for f in ("DejaVu Sans", "Liberation Sans") if QFont(f).exactMatch())

    dialog.font_box.setCurrentFont(QFont(family))
    assert view.reading_font().family() == family
    dialog.size_box.setValue(17.5)
    assert view.reading_font().pointSizeF() == 17.5
    assert view.reading_font().family() == family  # the size keeps the family
    dialog.width_box.setValue(55)
    assert view.line_width() == 55
    dialog.colour_box.setCurrentIndex(dialog.colour_box.findData("blue"))
    assert window.annotations.default_colour == "blue"
    dialog.type_boxes["Date"].setChecked(False)
    assert window.entity_panel.legend_box("Date").isChecked() is False
    hidden = dict(LEGEND)["Date"]
    dialog.backup_box.setValue(25)
    dialog.ner_box.setChecked(False)
    assert window.act.pause_analysis.isChecked()
    assert not window.act.show_entities.isChecked()
    assert window.analysis.paused
    assert not dialog.type_boxes["Person"].isEnabled()  # nothing to choose with NER off
    dialog.theme_box.setCurrentIndex(dialog.theme_box.findData("dark"))
    assert view.is_dark()
    dialog.close()
    close_window(window)

    settings = Settings()
    assert settings.backup_count == 25
    assert set(hidden) <= settings.hidden_entity_labels
    apply_theme("light")  # what a new process starts with, before the window applies its own
    again = make_window(qtbot, library_path, seed=True)
    qtbot.waitUntil(lambda: again.model.rowCount() == 3)
    try:
        assert again.article_view.reading_font().family() == family
        assert again.article_view.reading_font().pointSizeF() == 17.5
        assert again.article_view.line_width() == 55
        assert again.annotations.default_colour == "blue"
        assert again.theme.dark and again.article_view.is_dark()
        assert again.act.pause_analysis.isChecked() and again.analysis.paused
        assert not again.act.show_entities.isChecked()
        assert again.entity_panel.legend_box("Date").isChecked() is False
        reopened = open_preferences(qtbot, again)
        assert reopened.size_box.value() == 17.5
        assert reopened.width_box.value() == 55
        assert reopened.theme_box.currentData() == "dark"
        assert reopened.colour_box.currentData() == "blue"
        assert reopened.backup_box.value() == 25
        assert not reopened.ner_box.isChecked()
        assert not reopened.type_boxes["Date"].isChecked()
        assert reopened.path_label.text() == str(library_path)

        reopened.restore_defaults()
        assert again.article_view.reading_font().pointSizeF() == READING_POINT_SIZE
        assert again.article_view.line_width() == 70
        assert not again.act.pause_analysis.isChecked()
        assert again.act.show_entities.isChecked()
        assert Settings().backup_count == 10
        assert Settings().hidden_entity_labels == set()
        reopened.close()
    finally:
        close_window(again)


def test_backup_count_is_clamped() -> None:
    settings = Settings()
    assert settings.backup_count == 10
    settings.backup_count = 500
    assert settings.backup_count == 100
    settings.backup_count = 0
    assert settings.backup_count == 1


def test_theme_switch_recolours_marks_swatches_and_icons(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.current is not None)
    view = window.article_view
    text = window.current.text if window.current else ""
    end = text.index(" ")
    view.set_entities([EntitySpan(0, end, "GPE", text[:end])])
    view.select_range(end + 1, end + 6)
    window.annotations.highlight_selection("green")
    icon_before = window.act.import_files.icon().pixmap(24).toImage()

    window.theme.set_theme("dark")
    assert QApplication.palette().color(QPalette.ColorRole.Base) == dark_palette().color(
        QPalette.ColorRole.Base
    )
    assert QApplication.style().name().lower() == "fusion"
    assert view.is_dark()
    entity_colours = {rgba for _s, _e, rgba in view.highlighter.entity_marks()}
    assert entity_colours == {QColor(info("GPE").dark).rgba()}
    marks = view.highlighter.highlight_marks()
    assert [rgba for _s, _e, rgba in marks] == [highlight_colour("green", True).rgba()]
    assert window.notes_tab.panel.is_dark()
    assert window.act.import_files.icon().pixmap(24).toImage() != icon_before  # light strokes

    window.theme.set_theme("light")
    assert not view.is_dark()
    entity_colours = {rgba for _s, _e, rgba in view.highlighter.entity_marks()}
    assert entity_colours == {QColor(info("GPE").light).rgba()}
    marks = view.highlighter.highlight_marks()
    assert [rgba for _s, _e, rgba in marks] == [highlight_colour("green", False).rgba()]
    assert window.act.import_files.icon().pixmap(24).toImage() == icon_before


def test_system_theme_follows_the_platform(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtGui import QGuiApplication

    from reader.ui import theme

    window.theme.set_theme("system")
    # The offscreen platform reports no colour scheme: "system" means light there.
    assert not window.theme.dark
    assert not window.article_view.is_dark()
    # The platform turns dark (it cannot be asked to offscreen: pretend it said so).
    monkeypatch.setattr(theme, "system_is_dark", lambda: True)
    hints = QGuiApplication.styleHints()
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert window.theme.dark and window.article_view.is_dark()
    # A chosen theme stays as it is whatever the platform does.
    window.theme.set_theme("light")
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert not window.article_view.is_dark()


def test_toolbar_actions_have_icons_in_both_themes(window: MainWindow) -> None:
    for action in window.toolbar.actions():
        if not action.isSeparator():
            assert not action.icon().isNull(), action.objectName()
    window.theme.set_theme("dark")
    for action in window.toolbar.actions():
        if not action.isSeparator():
            assert not action.icon().isNull(), action.objectName()


def test_reading_mode_shows_only_the_article_and_restores_the_layout(
    qtbot: QtBot, window: MainWindow
) -> None:
    chrome: list[QWidget] = [
        window.left,
        window.side_tabs,
        window.toolbar,
        window.statusBar(),
        window.menuBar(),
    ]
    assert all(w.isVisible() for w in chrome)
    window.act.reading_mode.trigger()
    assert window.view_control.in_reading_mode()
    assert not any(w.isVisible() for w in chrome)
    assert window.article_view.isVisible()
    assert window.windowState() & Qt.WindowState.WindowFullScreen
    # Esc that no widget wants leaves it.
    qtbot.keyClick(window.article_view.body, Qt.Key.Key_Escape)
    assert not window.view_control.in_reading_mode()
    assert not window.act.reading_mode.isChecked()
    assert all(w.isVisible() for w in chrome)
    assert not window.windowState() & Qt.WindowState.WindowFullScreen
    # The same key again enters and leaves.
    window.act.reading_mode.trigger()
    window.act.reading_mode.trigger()
    assert all(w.isVisible() for w in chrome)


def test_zoom_is_remembered_at_once(qtbot: QtBot, window: MainWindow) -> None:
    window.act.zoom_in.trigger()
    window.act.zoom_in.trigger()
    assert window.article_view.reading_font().pointSizeF() == READING_POINT_SIZE + 2
    assert Settings().reading_font_size == READING_POINT_SIZE + 2
    window.act.zoom_reset.trigger()
    assert window.article_view.reading_font().pointSizeF() == READING_POINT_SIZE


# --- shortcuts -----------------------------------------------------------------------------

NO_SHORTCUT = {
    # No platform gives About a key, and it is too seldom wanted to spend one on.
    "about",
    # Once-per-machine set-up (Help menu, Linux only): a key would only invite accidents.
    "installDesktop",
    "uninstallDesktop",
}


def menu_actions(window: MainWindow) -> list[QAction]:
    found: list[QAction] = []

    def walk(menu: QMenu) -> None:
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub)
            elif not action.isSeparator():
                found.append(action)

    for top in window.menuBar().actions():
        sub = top.menu()
        if isinstance(sub, QMenu):
            walk(sub)
    return found


def scope(action: QAction) -> set[int] | None:
    """The widgets a scoped shortcut works in (None: the whole window)."""
    if action.shortcutContext() != Qt.ShortcutContext.WidgetWithChildrenShortcut:
        return None
    return {
        id(obj)
        for obj in action.associatedObjects()
        if isinstance(obj, QWidget) and not isinstance(obj, QMenu)
    }


def test_every_action_is_in_a_menu_with_a_shortcut(window: MainWindow) -> None:
    in_menus = menu_actions(window)
    assert {a.objectName() for a in window.act.all} <= {a.objectName() for a in in_menus}
    missing = [
        a.objectName()
        for a in in_menus
        if a.shortcut().isEmpty() and a.objectName() not in NO_SHORTCUT
    ]
    assert missing == []


def test_no_two_actions_share_a_shortcut(window: MainWindow) -> None:
    seen: dict[str, QAction] = {}
    for action in window.act.all:
        for key in action.shortcuts():
            name = key.toString()
            other = seen.get(name)
            if other is not None:
                mine, theirs = scope(action), scope(other)
                # Allowed only for shortcuts that work in different panes (Del deletes
                # the chosen highlight in the text, the selected articles in the list).
                assert mine is not None and theirs is not None and not mine & theirs, (
                    f"{name}: {other.objectName()} and {action.objectName()}"
                )
            seen[name] = action


def test_main_shortcuts_work_from_the_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: window.current is not None)
    window.library_view.table.setFocus()
    first = window.current.id if window.current else 0
    ids = window.model.ids()
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.current is not None and window.current.id == ids[ids.index(first) + 1]
    qtbot.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.current is not None and window.current.id == first
    size = window.article_view.reading_font().pointSizeF()
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.article_view.reading_font().pointSizeF() == size + 1
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.article_view.reading_font().pointSizeF() == size
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert window.view_control.in_reading_mode()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert not window.view_control.in_reading_mode()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    shortcuts = window.findChild(ShortcutsDialog)
    assert shortcuts is not None
    shortcuts.close()
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    preferences = window.findChild(PreferencesDialog)
    assert preferences is not None
    preferences.close()


def test_shortcuts_dialog_lists_every_action_and_filters(qtbot: QtBot, window: MainWindow) -> None:
    window.act.shortcuts.trigger()
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    rows = dialog.rows()
    commands = {row[0] for row in rows}
    assert {"Import Articles…", "Preferences…", "Reading Mode", "Keyboard Shortcuts"} <= commands
    assert len([r for r in rows if r[2]]) == len(window.act.all)  # each with its menu
    by_command: dict[str, tuple[str, str, str, str]] = {}
    for row in rows:  # the action first: J and K follow with the same names
        by_command.setdefault(row[0], row)
    assert by_command["Highlight Yellow"][1:] == (
        "1",
        "Article › Highlight in Colour",
        "Reading pane",
    )
    assert by_command["Delete Article…"][3] == "Library list"
    assert by_command["Next Article"][1] in {"Ctrl+PgDown", "⌘PgDown"}
    qtbot.keyClicks(dialog.search, "zoom")
    assert {row[0] for row in dialog.rows()} == {"Zoom In", "Zoom Out"}
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "F11")
    assert [row[0] for row in dialog.rows()] == ["Reading Mode"]
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "no such command")
    assert dialog.rows() == []
    dialog.close()


# --- moving the library ---------------------------------------------------------------------


def test_move_library_copies_verifies_switches_and_restarts(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from reader import cli
    from reader.paths import default_library_path
    from reader.ui import library_location

    source = default_library_path()
    source.parent.mkdir(parents=True, exist_ok=True)
    window = make_window(qtbot, source, seed=True)
    qtbot.waitUntil(lambda: window.model.rowCount() == 3)
    restarts: list[bool] = []
    window.mover.restart = lambda: restarts.append(True) or True
    folder = tmp_path / "Dropbox"
    folder.mkdir()
    monkeypatch.setattr(
        library_location.QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder)
    )
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return library_location.QMessageBox.StandardButton.Yes

    monkeypatch.setattr(library_location.QMessageBox, "question", answer)
    dialog = open_preferences(qtbot, window)
    assert dialog.move_button.isEnabled()
    dialog.move_button.click()
    assert "restart" in asked[0].lower() or "start again" in asked[0]
    assert not window.isVisible()  # the window closed: every connection to the old file ends
    window.library.close()
    assert source.exists() and Settings().library_file == ""  # nothing moved yet
    for task in window.after_close:
        task()
    target = folder / source.name
    assert Settings().library_file == str(target)
    assert not source.exists()
    assert restarts == [True]
    moved = Library.open(target)
    try:
        assert len(moved.list()) == 3
    finally:
        moved.close()
    capsys.readouterr()
    assert cli.run(["list", "--json"]) == 0  # reader-cli follows the library too
    assert len(json.loads(capsys.readouterr().out)) == 3


def test_a_failed_move_keeps_the_library_where_it_was(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.store.relocate import RelocationError
    from reader.ui import library_location

    source = tmp_path / "library.sqlite"
    Library.open(source, seed_samples=True).close()

    def broken(_source: Path, target: Path) -> None:
        target.write_bytes(b"half")  # what a full disk might leave; copy_library cleans up
        target.unlink()
        raise RelocationError("The disk is full.")

    monkeypatch.setattr(library_location, "copy_library", broken)
    restarts: list[bool] = []
    moved = library_location.finish_move(
        source, tmp_path / "new.sqlite", Settings(), lambda: restarts.append(True) or True
    )
    assert moved is False
    kept = Library.open(source)
    try:
        assert len(kept.list()) == 3
    finally:
        kept.close()
    assert Settings().library_file == ""
    assert restarts == [True]


def test_a_library_opened_with_db_cannot_be_moved_from_the_app(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = open_preferences(qtbot, window)
    assert not dialog.move_button.isEnabled()
    assert "--db" in dialog.move_button.toolTip()
    dialog.close()


def test_empty_state_says_how_to_import_and_its_links_do_it(
    qtbot: QtBot, library_path: Path
) -> None:
    from PySide6.QtGui import QGuiApplication

    from reader.ui.library_results import EMPTY_READING

    window = make_window(qtbot, library_path, seed=False)
    try:
        label = window.library_view.empty_label
        qtbot.waitUntil(label.isVisible, timeout=5000)
        assert "Ctrl+O" in label.text() and "Ctrl+Shift+V" in label.text()
        assert "Drag" in label.text()
        qtbot.waitUntil(lambda: window.article_view.empty_label.text() == EMPTY_READING)
        QGuiApplication.clipboard().setText(
            "Harbour reopens\n\nThe harbour of Tallinn reopened on Monday after a storm."
        )
        with qtbot.waitSignal(window.importFinished, timeout=45000):
            label.linkActivated.emit("clipboard")
        qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
        qtbot.waitUntil(lambda: window.current is not None, timeout=5000)
        assert not label.isVisible()
    finally:
        close_window(window)
