"""The main window end to end: import, search, sort, open, delete, restore state."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from reader.store.query import SortKey
from reader.ui.library_model import PUBLISHED, TITLE
from reader.ui.main_window import MainWindow
from tests.ui.conftest import close_window, make_window

ARTICLE = """Business / Markets
Copper prices jump as Chilean mine halts output
By Marta Quispe

SANTIAGO, Feb 12 (Reader Wire) - Copper prices rose sharply on Monday after the
Escondida Norte mine stopped production.

Quispe said traders expected the stoppage to last a week.
"""


def titles(window: MainWindow) -> list[str]:
    model = window.model
    return [model.data(model.index(row, TITLE)) for row in range(model.rowCount())]


def wait_results(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.resultsShown, timeout=5000):
        pass


def test_first_start_shows_samples_and_opens_one(window: MainWindow) -> None:
    assert len(titles(window)) == 3
    assert window.status.counts.text() == "3 articles"
    assert window.current is not None
    assert window.article_view.body.toPlainText() == window.current.text


def test_import_files_then_open(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    good = tmp_path / "copper.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with qtbot.waitSignal(window.importFinished, timeout=45000) as blocker:
        window.import_paths([good, empty])
    outcomes = blocker.args[0]
    assert [str(o.status) for o in outcomes] == ["imported", "error"]
    qtbot.waitUntil(lambda: window.model.rowCount() == 4, timeout=5000)
    qtbot.waitUntil(
        lambda: window.current is not None and window.current.title.startswith("Copper")
    )
    assert window.article_view.header.isVisible()
    assert "Escondida Norte" in window.article_view.body.toPlainText()
    failures = window.findChild(QMessageBox, "importFailures")
    assert failures is not None
    assert "empty.txt" in failures.detailedText()
    failures.close()


def test_drop_files_imports_them(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "dropped.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDropEvent

    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.importFinished, timeout=45000):
        window.dropEvent(event)
    qtbot.waitUntil(lambda: window.model.rowCount() == 4, timeout=5000)


def test_clipboard_import(qtbot: QtBot, window: MainWindow) -> None:
    QGuiApplication.clipboard().setText(ARTICLE)
    with qtbot.waitSignal(window.importFinished, timeout=45000) as blocker:
        window.act.import_clipboard.trigger()
    assert str(blocker.args[0][0].status) == "imported"
    qtbot.waitUntil(lambda: window.model.rowCount() == 4, timeout=5000)


def test_search_as_you_type(qtbot: QtBot, window: MainWindow) -> None:
    window.act.search_library.trigger()
    assert window.library_view.search_field.hasFocus()
    qtbot.keyClicks(window.library_view.search_field, "Rotterdam")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
    assert "Rotterdam" in titles(window)[0] or "port" in titles(window)[0].lower()
    assert window.status.counts.text() == "1 of 3 articles"
    window.library_view.search_field.clear()
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=5000)
    for strange in ['"unbalanced', "NEAR(", "*", "-", "😀"]:
        window.library_view.search_field.setText(strange)
        window.library_view._emit_query()
        wait_results(qtbot, window)


def test_sort_by_clicking_header(qtbot: QtBot, window: MainWindow) -> None:
    header = window.library_view.table.horizontalHeader()
    header.sectionClicked.emit(TITLE)
    window.library_view.table.sortByColumn(TITLE, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: titles(window) == sorted(titles(window), key=str.casefold))
    assert window.library_view.sort_state() == (SortKey.TITLE, False)
    window.library_view.table.sortByColumn(PUBLISHED, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: window.library_view.sort_state() == (SortKey.PUBLISHED, True))
    model = window.model
    dates = [model.data(model.index(r, PUBLISHED)) for r in range(model.rowCount())]
    qtbot.waitUntil(
        lambda: (
            [model.data(model.index(r, PUBLISHED)) for r in range(model.rowCount())]
            == sorted(dates, reverse=True)
        )
    )


def test_keyboard_moves_through_articles(qtbot: QtBot, window: MainWindow) -> None:
    first = window.model.ids()[0]
    window.library_view.select_article(first)
    window.act.next_article.trigger()
    assert window.current is not None and window.current.id == window.model.ids()[1]
    window.act.previous_article.trigger()
    assert window.current is not None and window.current.id == first
    window.library_view.table.setFocus()
    qtbot.keyClick(window.library_view.table, Qt.Key.Key_J)
    assert window.current is not None and window.current.id == window.model.ids()[1]


def test_delete_article(qtbot: QtBot, window: MainWindow, monkeypatch: object) -> None:
    current = window.current
    assert current is not None
    window.delete_articles([current.id])
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=5000)
    assert window.library.get(current.id) is None
    qtbot.waitUntil(lambda: window.current is not None and window.current.id != current.id)


def test_find_in_article(qtbot: QtBot, window: MainWindow) -> None:
    window.act.find_in_article.trigger()
    bar = window.article_view.find_bar
    assert bar.isVisible()


def test_state_restored_after_restart(qtbot: QtBot, library_path: Path) -> None:
    first = make_window(qtbot, library_path, seed=True)
    qtbot.waitUntil(lambda: first.model.rowCount() == 3, timeout=5000)
    target = first.model.ids()[2]
    first.library_view.select_article(target)
    first.library_view.table.sortByColumn(TITLE, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: first.library_view.sort_state() == (SortKey.TITLE, False))
    first.resize(700, 500)
    close_window(first)

    second = make_window(qtbot, library_path)
    qtbot.waitUntil(lambda: second.current is not None and second.current.id == target)
    assert second.library_view.sort_state() == (SortKey.TITLE, False)
    assert second.size().width() == 700
    close_window(second)


def test_empty_library_explains_how_to_import(qtbot: QtBot, library_path: Path) -> None:
    win = make_window(qtbot, library_path, seed=False)
    qtbot.waitUntil(lambda: win.library_view.empty_label.isVisible(), timeout=5000)
    assert "Import" in win.library_view.empty_label.text()
    close_window(win)


def test_bulk_import_can_be_cancelled(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    import json

    feed = tmp_path / "feed.jsonl"
    with feed.open("w", encoding="utf-8") as out:
        for index in range(20_000):
            record = {"title": f"Wire item {index}", "text": f"Story number {index} about ports."}
            out.write(json.dumps(record) + "\n")
    handle = window.import_paths([feed])
    assert window.status.cancel_button.isVisible()
    with qtbot.waitSignal(window.importFinished, timeout=30000):
        window.status.cancel_button.click()
    assert handle.cancel_event.is_set()
    assert "cancelled" in window.statusBar().currentMessage().lower()
    assert window.library.articles.count() < 20_003
    qtbot.waitUntil(lambda: not window.status.cancel_button.isVisible())


def test_a_window_closed_at_once_builds_and_starts_nothing_afterwards(
    qtbot: QtBot, library_path: Path
) -> None:
    """Its start-up timers (first-paint fallback, entity analysis) fire after the close:
    they must not build panels or start the model on a closed library."""
    from reader.services.library import Library
    from reader.settings import Settings
    from reader.ui.main_window import ANALYSIS_START_DELAY_MS

    library = Library.open(library_path, seed_samples=True)
    window = MainWindow(library, Settings())
    qtbot.addWidget(window)
    window.show()
    window.close()
    library.close()
    qtbot.wait(ANALYSIS_START_DELAY_MS + 300)
    assert not window.panels_ready
