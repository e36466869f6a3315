"""File › Export… and Edit › Copy as Markdown on the real window: the dialog, its
remembered choices, the export job, and the clipboard."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from reader.exporters.document import ExportFormat
from reader.settings import Settings
from reader.ui.export_dialog import ExportDialog
from reader.ui.main_window import MainWindow
from tests.ui.conftest import close_window, make_window
from tests.unit.exporters.conftest import annotate


@pytest.fixture
def annotated_window(qtbot: QtBot, library_path: Path) -> Iterator[tuple[MainWindow, int]]:
    from reader.services.library import Library

    library = Library.open(library_path)
    article_id = annotate(library).article_id
    library.close()
    Settings().analysis_paused = True  # no spaCy load competing with the export jobs
    win = make_window(qtbot, library_path)
    qtbot.waitUntil(lambda: win.model.rowCount() == 1, timeout=5000)
    win.open_article(article_id)
    qtbot.waitUntil(lambda: win.current is not None, timeout=5000)
    yield win, article_id
    close_window(win)


def test_export_current_article_through_the_dialog(
    qtbot: QtBot, annotated_window: tuple[MainWindow, int], tmp_path: Path
) -> None:
    window, _ = annotated_window
    assert window.act.export_article.shortcut().toString() == "Ctrl+Shift+S"
    window.act.export_article.trigger()
    dialog = window.exporter.dialog
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    dialog.format.setCurrentIndex(dialog.format.findData("html"))
    assert not dialog.highlight_style.isEnabled() and dialog.entities.isEnabled()
    target = tmp_path / "page.html"
    dialog.destination.setText(str(target))
    dialog.entities.setChecked(True)
    with qtbot.waitSignal(window.exporter.finished, timeout=20000) as blocker:
        dialog.accept()
    report, cancelled = blocker.args
    assert not cancelled and report.written == [target]
    assert "Tide gauges" in target.read_text(encoding="utf-8")
    settings = Settings()
    assert settings.export_format == "html" and settings.export_entities
    assert settings.last_export_dir == str(tmp_path)
    # the next dialog starts from those choices
    window.act.export_article.trigger()
    again = window.exporter.dialog
    assert again is not None and again.chosen_format is ExportFormat.HTML
    assert Path(again.destination.text()).parent == tmp_path
    again.reject()


def test_export_selected_articles_one_file_each(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.library_view.table.selectAll()
    window.act.export_selected.trigger()
    dialog = window.exporter.dialog
    assert dialog is not None and "3 Articles" in dialog.windowTitle()
    dialog.format.setCurrentIndex(dialog.format.findData("md"))
    dialog.highlight_style.setCurrentIndex(dialog.highlight_style.findData("bold"))
    dialog.per_article.setChecked(True)
    folder = tmp_path / "notes"
    dialog.destination.setText(str(folder))
    with qtbot.waitSignal(window.exporter.finished, timeout=20000) as blocker:
        dialog.accept()
    report, _ = blocker.args
    assert len(report.written) == 3 and all(p.parent == folder for p in report.written)
    assert Settings().export_highlight_style == "bold"


def test_csv_cannot_be_split(qtbot: QtBot, window: MainWindow) -> None:
    window.library_view.table.selectAll()
    window.act.export_selected.trigger()
    dialog = window.exporter.dialog
    assert dialog is not None
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    assert not dialog.per_article.isEnabled() and not dialog.into_folder
    assert dialog.destination.text().endswith(".csv")
    dialog.reject()


def test_copy_as_markdown(qtbot: QtBot, annotated_window: tuple[MainWindow, int]) -> None:
    window, _ = annotated_window
    text = window.current.text if window.current else ""
    start = text.index("Tide gauges")
    window.article_view.select_range(start, text.index("Delta Institute") + 15)
    window.act.copy_markdown.trigger()
    copied = QGuiApplication.clipboard().text()
    assert "==twice the rate of the 1990s, the Delta==" in copied
    assert copied.rstrip().endswith(")") and "news.example.org" in copied


def test_pdf_export_runs_in_the_background_job(
    qtbot: QtBot, annotated_window: tuple[MainWindow, int], tmp_path: Path
) -> None:
    window, _ = annotated_window
    window.act.export_article.trigger()
    dialog = window.exporter.dialog
    assert dialog is not None
    dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
    assert dialog.page_size.isEnabled()
    dialog.page_size.setCurrentIndex(dialog.page_size.findData("letter"))
    target = tmp_path / "page.pdf"
    dialog.destination.setText(str(target))
    with qtbot.waitSignal(window.exporter.finished, timeout=30000) as blocker:
        dialog.accept()
    report, _ = blocker.args
    assert report.written == [target] and target.read_bytes().startswith(b"%PDF")
    assert Settings().export_page_size == "letter"


@pytest.mark.parametrize("replace", [True, False])
def test_an_existing_file_is_replaced_only_when_the_user_says_so(
    qtbot: QtBot,
    annotated_window: tuple[MainWindow, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    replace: bool,
) -> None:
    from PySide6.QtWidgets import QMessageBox

    window, _ = annotated_window
    target = tmp_path / "mine.md"
    target.write_text("the user's own notes")
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes if replace else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    window.act.export_article.trigger()
    dialog = window.exporter.dialog
    assert dialog is not None
    dialog.format.setCurrentIndex(dialog.format.findData("md"))
    dialog.destination.setText(str(target))
    if replace:
        with qtbot.waitSignal(window.exporter.finished, timeout=20000):
            dialog.accept()
        assert target.read_text(encoding="utf-8").startswith("---\ntitle:")
    else:
        dialog.accept()
        qtbot.wait(50)
        assert target.read_text() == "the user's own notes"
    assert asked and "mine.md already exists" in asked[0]


def test_copy_the_chosen_highlight_as_markdown(
    qtbot: QtBot, annotated_window: tuple[MainWindow, int]
) -> None:
    window, _ = annotated_window
    first = window.annotations.highlights[0]
    window.annotations.choose(first)
    window.article_view.select_range(first.start, first.start)  # no selection
    copied = window.exporter.copy_markdown()
    assert copied == QGuiApplication.clipboard().text()
    assert copied.startswith("> twice the rate of the 1990s")
    assert "**Yellow**" in copied and "Check *this* figure" in copied
