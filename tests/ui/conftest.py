"""GUI fixtures: the real main window on a fresh library in tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from reader.services.library import Library
from reader.settings import Settings
from reader.ui.main_window import MainWindow


def make_window(qtbot: QtBot, path: Path, *, seed: bool = False) -> MainWindow:
    library = Library.open(path, seed_samples=seed)
    window = MainWindow(library, Settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def close_window(window: MainWindow) -> None:
    window.close()
    window.library.close()


@pytest.fixture
def window(qtbot: QtBot, library_path: Path) -> Iterator[MainWindow]:
    """The real window on a library seeded with the three sample articles."""
    win = make_window(qtbot, library_path, seed=True)
    qtbot.waitUntil(lambda: win.model.rowCount() == 3, timeout=5000)
    yield win
    close_window(win)
