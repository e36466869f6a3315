"""An unexpected error in any thread is logged and told on the UI thread: a dialog opened
from a worker thread would hang the app (it did, quitting during a library query)."""

from __future__ import annotations

import logging
import sys
import threading

import pytest
from pytestqt.qtbot import QtBot

from reader import app


def test_error_in_a_worker_thread_is_shown_on_the_ui_thread(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    shown: list[tuple[str, str]] = []

    def warning(_parent: object, _title: str, text: str) -> None:
        shown.append((threading.current_thread().name, text))

    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.warning", warning)
    monkeypatch.setattr(app, "_headless", lambda: False)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    app._install_excepthook()

    def fail() -> None:
        try:
            raise RuntimeError("Signal source has been deleted")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())  # as PySide reports a QRunnable's exception

    caplog.set_level(logging.ERROR)
    worker = threading.Thread(target=fail, name="worker")
    worker.start()
    worker.join(5)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    [(thread, text)] = shown
    assert thread == threading.main_thread().name
    assert "Signal source has been deleted" in text and "Traceback" not in text
    assert any(r.exc_info for r in caplog.records)  # the details went to the log


def test_no_dialog_where_no_one_can_answer(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.warning", lambda *a: shown.append("x"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    app._install_excepthook()  # offscreen: headless
    try:
        raise ValueError("boom")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    qtbot.wait(50)
    assert shown == []
