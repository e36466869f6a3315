"""The notes list of an article with hundreds of highlights: rows are measured a batch at
a time (the article shows without waiting for all of them), yet a kept scroll position
and a row far down the list still land where they belong."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize
from PySide6.QtWidgets import QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from reader.core.model import Highlight
from reader.ui import notes_panel
from reader.ui.notes_panel import LAYOUT_BATCH, NotesPanel

COUNT = 500


def highlights(article_id: int = 1) -> list[Highlight]:
    return [
        Highlight(
            id=f"h{index}",
            article_id=article_id,
            start=index * 20,
            end=index * 20 + 10,
            exact=f"quoted text number {index}",
            note=f"a note on highlight {index} that is long enough to wrap" if index % 3 else "",
        )
        for index in range(COUNT)
    ]


@pytest.fixture
def panel(qtbot: QtBot) -> NotesPanel:
    panel = NotesPanel()
    qtbot.addWidget(panel)
    panel.resize(360, 480)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_rows_are_measured_in_batches(
    panel: NotesPanel, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    measured: set[int] = set()
    original = notes_panel.NotesDelegate.sizeHint

    def counting(
        self: notes_panel.NotesDelegate,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QSize:
        measured.add(index.row())
        return original(self, option, index)

    monkeypatch.setattr(notes_panel.NotesDelegate, "sizeHint", counting)
    panel.set_highlights(highlights())
    panel.view.repaint()  # the first paint
    assert 0 < len(measured) <= 2 * LAYOUT_BATCH
    qtbot.waitUntil(lambda: len(measured) == COUNT, timeout=5000)  # the rest, from the loop


def test_scroll_position_kept_and_far_rows_reached(panel: NotesPanel, qtbot: QtBot) -> None:
    panel.set_highlights(highlights())
    bar = panel.view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 20 * panel.view.viewport().height(), timeout=5000)
    bar.setValue(bar.maximum() // 2)
    kept = bar.value()

    panel.set_highlights(highlights())  # the same article again, as after an edit
    assert bar.value() == kept

    panel.resize(400, 520)  # laid out again, all at once: not from the top
    qtbot.wait(50)
    assert bar.value() > bar.maximum() // 4

    panel.set_highlights(highlights(article_id=2))  # another article
    panel.select_highlight(f"h{COUNT - 1}")  # at once, before the batches are done
    rect = panel.view.visualRect(panel.index_of(f"h{COUNT - 1}"))
    assert panel.view.viewport().rect().intersects(rect)
    assert panel.current_id() == f"h{COUNT - 1}"
