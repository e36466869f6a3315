"""GUI fixtures: the real main window on a fresh library in tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from reader.nlp.recognizer import DEFAULT_PACKAGE, Recognizer
from reader.services.library import Library
from reader.settings import Settings
from reader.ui.main_window import MainWindow

_shared_model: list[Recognizer] = []


@pytest.fixture(autouse=True)
def in_process_model(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows analyse with one spaCy pipeline loaded once in the test process, instead of
    a model process per window (about a second each). Tests marked `model_process` (and
    tests/unit/nlp/test_remote.py) run the real child process."""
    if request.node.get_closest_marker("model_process"):
        return

    def in_process(package: str = DEFAULT_PACKAGE) -> Recognizer:
        if package != DEFAULT_PACKAGE:
            return Recognizer(package)
        if not _shared_model:
            _shared_model.append(Recognizer())
        shared = _shared_model[0]
        return Recognizer(package, nlp=shared.load() if shared.is_loaded else None)

    monkeypatch.setattr("reader.services.analysis.RemoteRecognizer", in_process)


def make_window(qtbot: QtBot, path: Path, *, seed: bool = False) -> MainWindow:
    library = Library.open(path, seed_samples=seed)
    window = MainWindow(library, Settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.panels_ready, timeout=5000)
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


def accept_edit_text(monkeypatch: pytest.MonkeyPatch, new_text: str) -> None:
    """Edit › Edit Text's dialog, replaced by one the user accepts with `new_text` typed."""
    from reader.ui import edit_text_dialog

    class AcceptingDialog:
        DialogCode = edit_text_dialog.EditTextDialog.DialogCode

        def __init__(self, *_args: object) -> None:
            pass

        def exec(self) -> object:
            return self.DialogCode.Accepted

        def text(self) -> str:
            return new_text

    monkeypatch.setattr(edit_text_dialog, "EditTextDialog", AcceptingDialog)
