"""Entity corrections in the real window through Edit › Edit Article Text: the entity
marks and panel show a correction where its words went, none of one whose words are
gone, the status bar says so, and Ctrl+Z / Ctrl+Shift+Z go back and forth exactly."""

from __future__ import annotations

import re

import pytest
from pytestqt.qtbot import QtBot

from reader.core.model import EntitySource, EntitySpan
from reader.store.entities import StoredCorrection
from reader.ui.entity_panel import EntityPanel, LabelRole, TextRole
from reader.ui.main_window import MainWindow
from tests.ui.conftest import accept_edit_text

OPENING = "A new opening paragraph, written by the user.\n\n"


def corrections(window: MainWindow) -> list[StoredCorrection]:
    assert window.current is not None
    return window.entities.service.store.corrections(window.current.id, orphaned=True)


def user_spans(window: MainWindow) -> list[EntitySpan]:
    return [s for s in window.entities.spans if s.source == EntitySource.USER]


def a_word_once(text: str, skip: set[str]) -> tuple[int, int]:
    """A capitalised word found once in the text."""
    for match in re.finditer(r"\b[A-Z][a-z]{4,}\b", text):
        if match.group() not in skip and text.count(match.group()) == 1:
            return match.span()
    raise AssertionError("no capitalised word occurs once in the sample")


def test_edit_text_moves_corrections_and_undo_restores_them(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:

    assert window.current is not None
    text = window.current.text
    kept = a_word_once(text, set())
    gone = a_word_once(text, {text[kept[0] : kept[1]]})
    kept_word, gone_word = text[kept[0] : kept[1]], text[gone[0] : gone[1]]
    window.entities.correct(*kept, "ORG")
    window.entities.correct(*gone, "PERSON")
    assert {(s.text, s.label) for s in user_spans(window)} == {
        (kept_word, "ORG"),
        (gone_word, "PERSON"),
    }
    before = corrections(window)
    new_text = OPENING + text[: gone[0]] + "someone" + text[gone[1] :]

    accept_edit_text(monkeypatch, new_text)
    window.act.edit_text.trigger()

    def after_edit() -> None:
        assert window.current is not None and window.current.text == new_text
        start = kept[0] + len(OPENING)
        [shown] = user_spans(window)
        assert (shown.start, shown.end, shown.text, shown.label) == (
            start,
            start + len(kept_word),
            kept_word,
            "ORG",
        )
        marked = window.article_view.entity_at(start)
        assert marked is not None and marked.label == "ORG"
        assert gone_word not in [s.text for s in window.entities.spans]
        assert (kept_word, "ORG") in panel_entries(window.entity_panel)
        assert gone_word not in [text for text, _label in panel_entries(window.entity_panel)]
        orphan = next(c for c in corrections(window) if c.span.text == gone_word)
        assert orphan.orphaned and (orphan.span.start, orphan.span.end) == gone

    after_edit()
    assert (
        window.statusBar()
        .currentMessage()
        .endswith("entity corrections: 1 moved, 1 no longer applies (kept).")
    )

    window.act.undo.trigger()
    assert window.current is not None and window.current.text == text
    assert corrections(window) == before
    assert {(s.start, s.text, s.label) for s in user_spans(window)} == {
        (kept[0], kept_word, "ORG"),
        (gone[0], gone_word, "PERSON"),
    }
    assert "1 found again" in window.statusBar().currentMessage()

    window.act.redo.trigger()
    after_edit()

    # Undo the edit, then both corrections: nothing of them is left.
    for _ in range(3):
        window.act.undo.trigger()
    assert corrections(window) == []
    assert user_spans(window) == []


def panel_entries(panel: EntityPanel) -> list[tuple[str, str]]:
    """(text, label) of every entity listed in the entity panel's tree."""
    entries = []
    for index in range(panel.tree.topLevelItemCount()):
        group = panel.tree.topLevelItem(index)
        for child in range(group.childCount()):
            item = group.child(child)
            entries.append((str(item.data(0, TextRole)), str(item.data(0, LabelRole))))
    return entries
