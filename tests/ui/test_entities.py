"""Entities in the real window with the real model: marks, legend, panel, navigation,
tooltips, correction and undo, rules, the library filter, pause, and no model at all.

Each test starts the analysis queue at once (rather than after the window's 1.5 s delay)
and waits until the three sample articles are analysed; the spaCy model loads in the
queue's thread, so the waits are generous.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, SignalInstance
from PySide6.QtGui import QAction, QHelpEvent, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QMenu,
    QTableWidget,
    QToolBar,
    QToolTip,
    QTreeWidgetItem,
)
from pytestqt.qtbot import QtBot

from reader.core.model import EntitySpan
from reader.nlp.labels import LEGEND, display_name
from reader.nlp.recognizer import Recognizer
from reader.nlp.remote import RemoteRecognizer
from reader.settings import Settings
from reader.ui.entity_panel import LabelRole, TextRole, entity_key
from reader.ui.main_window import MainWindow
from reader.ui.rules_dialog import RulesDialog
from tests.ui.conftest import close_window, make_window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

ANALYSIS_TIMEOUT_MS = 60_000
SAMPLES = 3


# --- helpers -----------------------------------------------------------------------------


def record(signal: SignalInstance) -> list[tuple[object, ...]]:
    """Every later emission's arguments, appended as they arrive on the UI thread.

    The queue's signals come from its worker thread. qtbot.waitSignal disconnects once it
    is satisfied, and an emission already queued by then is delivered to the finished
    blocker: with PySide6 that segfaults now and then. A connection that lives as long as
    the window, polled with waitUntil, does not.
    """
    seen: list[tuple[object, ...]] = []
    signal.connect(lambda *args: seen.append(args))
    return seen


def analysed(window: MainWindow) -> bool:
    store = window.entities.service.store
    return len(store.analysed_ids()) == SAMPLES and bool(window.entities.spans)


def start_analysis(qtbot: QtBot, window: MainWindow) -> MainWindow:
    """Start the queue now and wait until every sample is analysed and the open one shown."""
    window.analysis.start()
    qtbot.waitUntil(lambda: analysed(window), timeout=ANALYSIS_TIMEOUT_MS)
    assert not window.entity_panel.status.isVisible()  # "Finding entities…" is gone
    return window


@pytest.fixture
def ready(qtbot: QtBot, window: MainWindow) -> MainWindow:
    return start_analysis(qtbot, window)


@pytest.fixture
def windows(qtbot: QtBot, library_path: Path) -> Iterator[list[MainWindow]]:
    """For tests that open the library in more than one window, one after another."""
    opened: list[MainWindow] = []
    yield opened
    for window in opened:
        if window.isVisible():
            close_window(window)


def open_window(qtbot: QtBot, library_path: Path, windows: list[MainWindow]) -> MainWindow:
    window = make_window(qtbot, library_path, seed=True)
    windows.append(window)
    qtbot.waitUntil(lambda: window.model.rowCount() == SAMPLES, timeout=5000)
    qtbot.waitUntil(lambda: window.current is not None, timeout=5000)
    return window


def spans_of(window: MainWindow) -> list[EntitySpan]:
    return window.entities.spans


def text_of(window: MainWindow) -> str:
    assert window.current is not None
    return window.current.text


def repeated(window: MainWindow, label: str | None = None) -> tuple[str, str]:
    """An entity (text, label) with at least two mentions in the open article."""
    counts: dict[tuple[str, str], int] = {}
    for span in spans_of(window):
        if label is None or span.label == label:
            key = (span.text, span.label)
            counts[key] = counts.get(key, 0) + 1
    best = max(counts, key=lambda key: counts[key])
    assert counts[best] >= 2, counts
    return best


def first_with_label(window: MainWindow, label: str) -> EntitySpan:
    return next(s for s in spans_of(window) if s.label == label)


def free_words(window: MainWindow, words: str) -> tuple[int, int]:
    """Offsets of `words` where no entity covers them, in the (opened) article holding them."""
    if window.current is None or words not in window.current.text:
        holding = [
            i for i in window.model.ids() if words in (getattr(window.library.get(i), "text", ""))
        ]
        assert holding, words
        window.library_view.select_article(holding[0])
        assert window.current is not None and window.current.id == holding[0]
    text = text_of(window)
    start = text.index(words)
    end = start + len(words)
    assert not any(s.start < end and start < s.end for s in spans_of(window)), words
    return start, end


def menu_for(window: MainWindow, offset: int) -> QMenu:
    menu = QMenu(window)
    window.entities.build_menu(menu, offset)
    return menu


def submenu(menu: QMenu, name: str) -> QMenu:
    found = menu.findChild(QMenu, name)
    assert found is not None, [m.objectName() for m in menu.findChildren(QMenu)]
    return found


def action(menu: QMenu, name: str) -> QAction:
    """The action named `name` among the menu's own actions (not its submenus')."""
    found = [a for a in menu.actions() if a.objectName() == name]
    assert found, [a.objectName() for a in menu.actions()]
    return found[0]


def stored(window: MainWindow) -> list[EntitySpan]:
    assert window.current is not None
    return window.entities.service.store.spans(window.current.id)


def marked_in_view(window: MainWindow, span: EntitySpan) -> EntitySpan | None:
    return window.article_view.entity_at(span.start)


def tree_groups(window: MainWindow) -> list[QTreeWidgetItem]:
    tree = window.entity_panel.tree
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    return [item for item in items if item is not None]


def children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    found = [item.child(i) for i in range(item.childCount())]
    return [child for child in found if child is not None]


def tree_item(window: MainWindow, text: str, label: str) -> QTreeWidgetItem:
    for group in tree_groups(window):
        for child in children(group):
            if child.data(0, TextRole) == text and child.data(0, LabelRole) == label:
                return child
    raise AssertionError(f"{text} ({label}) is not in the panel")


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def click_item(qtbot: QtBot, window: MainWindow, item: QTreeWidgetItem) -> None:
    tree = window.entity_panel.tree
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def point_of(window: MainWindow, offset: int) -> QPoint:
    body = window.article_view.body
    cursor = QTextCursor(body.document())
    cursor.setPosition(offset)
    left = body.cursorRect(cursor)
    cursor.setPosition(offset + 1)
    right = body.cursorRect(cursor)
    return QPoint((left.x() + right.x()) // 2, left.center().y())


# --- analysis and marks ------------------------------------------------------------------


@pytest.mark.model_process
def test_the_open_article_is_analysed_and_marked(qtbot: QtBot, window: MainWindow) -> None:
    assert window.current is not None
    assert window.entity_panel.status.text() in ("Finding entities…", "")
    done = record(window.analysis.articleAnalysed)
    window.analysis.start()
    qtbot.waitUntil(lambda: (window.current.id,) in done, timeout=ANALYSIS_TIMEOUT_MS)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: analysed(window), timeout=ANALYSIS_TIMEOUT_MS)
    spans = spans_of(window)
    assert spans == stored(window)
    text = text_of(window)
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert {"PERSON", "GPE"} <= {s.label for s in spans}
    assert len(window.article_view.highlighter.entity_marks()) == len(spans)
    assert window.analysis_label.text() == ""  # progress cleared when idle
    assert not window.entity_panel.status.isVisible()


def test_legend_checkbox_hides_a_type_and_is_remembered(
    qtbot: QtBot, library_path: Path, windows: list[MainWindow]
) -> None:
    window = start_analysis(qtbot, open_window(qtbot, library_path, windows))
    person = first_with_label(window, "PERSON")
    place = first_with_label(window, "GPE")
    box = window.entity_panel.legend_box("Person")
    assert box.isChecked()
    assert marked_in_view(window, person) == person

    box.click()
    assert not box.isChecked()
    assert marked_in_view(window, person) is None
    assert window.article_view.entity_at(person.start, include_hidden=True) == person
    assert marked_in_view(window, place) == place
    persons = sum(1 for s in spans_of(window) if s.label == "PERSON")
    assert len(window.article_view.highlighter.entity_marks()) == len(spans_of(window)) - persons
    assert Settings().hidden_entity_labels == {"PERSON"}
    # The panel still lists the hidden type, so that it can be found and shown again.
    assert any(g.text(0).startswith("Person") for g in tree_groups(window))

    window.entity_panel.legend_box("Place").click()  # GPE, LOC and FAC at once
    assert Settings().hidden_entity_labels == {"PERSON", "GPE", "LOC", "FAC"}
    assert marked_in_view(window, place) is None
    window.entity_panel.legend_box("Place").click()
    close_window(window)

    again = start_analysis(qtbot, open_window(qtbot, library_path, windows))
    assert not again.entity_panel.legend_box("Person").isChecked()
    assert again.entity_panel.legend_box("Place").isChecked()
    person = first_with_label(again, "PERSON")
    assert marked_in_view(again, person) is None
    assert marked_in_view(again, first_with_label(again, "GPE")) is not None
    again.entity_panel.legend_box("Person").click()
    assert marked_in_view(again, person) == person
    assert Settings().hidden_entity_labels == set()


def test_toolbar_toggle_turns_all_marks_off_and_is_remembered(
    qtbot: QtBot, library_path: Path, windows: list[MainWindow]
) -> None:
    window = start_analysis(qtbot, open_window(qtbot, library_path, windows))
    toggle = window.act.show_entities
    assert toggle.isChecked()
    toolbar = window.findChild(QToolBar, "mainToolbar")
    assert toolbar is not None and toggle in toolbar.actions()
    marks = len(window.article_view.highlighter.entity_marks())
    assert marks == len(spans_of(window))

    toggle.trigger()
    assert not toggle.isChecked()
    assert window.article_view.highlighter.entity_marks() == []
    assert all(marked_in_view(window, s) is None for s in spans_of(window))
    assert window.entity_panel.legend_box("Person").isChecked()  # the legend is kept
    assert not Settings().entities_visible
    close_window(window)

    again = open_window(qtbot, library_path, windows)
    assert not again.act.show_entities.isChecked()
    start_analysis(qtbot, again)
    assert again.article_view.highlighter.entity_marks() == []
    again.act.show_entities.trigger()
    assert len(again.article_view.highlighter.entity_marks()) == len(spans_of(again))
    assert Settings().entities_visible


# --- the panel, navigation and tooltips ------------------------------------------------------


def test_panel_groups_entities_by_type_with_counts_sorted_by_count(ready: MainWindow) -> None:
    groups = tree_groups(ready)
    assert groups
    counts: dict[tuple[str, str], int] = {}
    for span in spans_of(ready):
        key = entity_key(span)
        counts[key] = counts.get(key, 0) + 1
    legend_order = [name for name, _labels in LEGEND]
    names = [g.text(0).rsplit(" (", 1)[0] for g in groups]
    assert names == sorted(names, key=legend_order.index)
    listed = 0
    for group, name in zip(groups, names, strict=True):
        members = children(group)
        assert group.text(0) == f"{name} ({len(members)})"
        mentions = [int(c.text(1)) for c in members]
        assert mentions == sorted(mentions, reverse=True), name
        assert int(group.text(1)) == sum(mentions)
        for child in members:
            label = str(child.data(0, LabelRole))
            assert display_name(label) == name
            key = (" ".join(child.text(0).split()).casefold(), label)
            assert int(child.text(1)) == counts[key]
            listed += 1
    assert listed == len(counts)
    text, label = repeated(ready, "PERSON")
    assert int(tree_item(ready, text, label).text(1)) >= 2


def test_clicking_an_entity_selects_its_first_mention(qtbot: QtBot, ready: MainWindow) -> None:
    text, label = repeated(ready)
    mentions = ready.entities.mentions(text, label)
    assert ready.article_view.selected_range() is None
    click_item(qtbot, ready, tree_item(ready, text, label))
    assert ready.entity_panel.current_entity() == (text, label)
    assert ready.article_view.selected_range() == (mentions[0].start, mentions[0].end)
    assert ready.article_view.selected_text() == mentions[0].text
    assert ready.entity_panel.next_button.isEnabled()


def test_next_and_previous_mention_walk_and_wrap(qtbot: QtBot, ready: MainWindow) -> None:
    text, label = repeated(ready)
    mentions = [(s.start, s.end) for s in ready.entities.mentions(text, label)]
    click_item(qtbot, ready, tree_item(ready, text, label))
    view = ready.article_view
    seen = [view.selected_range()]
    for _ in mentions:
        ready.act.next_mention.trigger()
        seen.append(view.selected_range())
    assert seen == [*mentions, mentions[0]]  # wraps after the last
    ready.act.previous_mention.trigger()
    assert view.selected_range() == mentions[-1]  # and back before the first
    ready.act.previous_mention.trigger()
    assert view.selected_range() == mentions[-2]
    assert f"mention {len(mentions) - 1} of {len(mentions)}" in ready.statusBar().currentMessage()
    # The panel's buttons do the same.
    ready.entity_panel.next_button.click()
    assert view.selected_range() == mentions[-1]


def test_f3_and_shift_f3_keys(qtbot: QtBot, ready: MainWindow) -> None:
    text, label = repeated(ready)
    mentions = [(s.start, s.end) for s in ready.entities.mentions(text, label)]
    click_item(qtbot, ready, tree_item(ready, text, label))
    ready.activateWindow()
    ready.article_view.focus_text()
    qtbot.waitUntil(lambda: ready.article_view.body.hasFocus())
    view = ready.article_view
    qtbot.keyClick(view.body, Qt.Key.Key_F3)
    assert view.selected_range() == mentions[1]
    qtbot.keyClick(view.body, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert view.selected_range() == mentions[0]
    qtbot.keyClick(view.body, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert view.selected_range() == mentions[-1]  # wraps
    # QTest leaves Shift as the application's modifier state: a plain key resets it.
    qtbot.keyClick(view.body, Qt.Key.Key_F3)
    assert view.selected_range() == mentions[0]
    # The shortcuts are the window's: they work wherever the focus is in it.
    ready.library_view.table.setFocus()
    qtbot.keyClick(ready, Qt.Key.Key_F3)
    assert view.selected_range() == mentions[1]
    qtbot.keyClick(ready, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert view.selected_range() == mentions[0]
    qtbot.keyClick(ready, Qt.Key.Key_F3)  # a plain key resets the modifier state (above)
    assert view.selected_range() == mentions[1]
    assert QApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier


def test_navigation_follows_the_entity_under_the_selection(ready: MainWindow) -> None:
    text, label = repeated(ready)
    mentions = [(s.start, s.end) for s in ready.entities.mentions(text, label)]
    ready.entity_panel.tree.clearSelection()
    ready.entity_panel.tree.setCurrentIndex(QModelIndex())
    ready.article_view.select_range(*mentions[0])
    ready.act.next_mention.trigger()
    assert ready.article_view.selected_range() == mentions[1]


def test_navigation_without_an_entity_says_what_to_do(ready: MainWindow) -> None:
    ready.entity_panel.tree.clearSelection()
    ready.entity_panel.tree.setCurrentIndex(QModelIndex())
    ready.act.next_mention.trigger()
    assert "Choose an entity" in ready.statusBar().currentMessage()


def test_tooltip_names_the_type_and_counts_mentions(qtbot: QtBot, ready: MainWindow) -> None:
    text, label = repeated(ready, "PERSON")
    mentions = ready.entities.mentions(text, label)
    tip = ready.entities.tooltip(mentions[0])
    assert text in tip
    assert "Person" in tip
    assert f"{len(mentions)} mentions in this article" in tip
    assert "in 1 article of the library" in tip
    # A nationality found in two of the samples.
    shared = [
        s for s in spans_of(ready) if ready.entities.service.store.library_mentions(s.text)[0] > 1
    ]
    assert shared, "no entity is shared by two samples"
    tip = ready.entities.tooltip(shared[0])
    assert display_name(shared[0].label) in tip
    assert "in 2 articles of the library" in tip or "in 3 articles of the library" in tip

    # Hovering the text shows the same text (escaped as plain text).
    view = ready.article_view
    view.select_range(mentions[0].start, mentions[0].end)  # scrolls it into view
    view.body.setTextCursor(QTextCursor(view.body.document()))
    point = point_of(ready, mentions[0].start + 1)
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.body.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.body.viewport(), event)
    assert "Person" in QToolTip.text()
    assert f"{len(mentions)} mentions in this article" in QToolTip.text()
    QToolTip.hideText()


# --- correction and undo -----------------------------------------------------------------


def test_remove_an_entity_then_undo_and_redo(ready: MainWindow) -> None:
    target = first_with_label(ready, "PERSON")
    before = stored(ready)
    menu = menu_for(ready, target.start + 1)
    action(menu, "removeEntity").trigger()

    assert marked_in_view(ready, target) is None
    assert target not in stored(ready)
    assert all(not (s.start < target.end and target.start < s.end) for s in stored(ready))
    assert [
        (c.span.start, c.span.label)
        for c in ready.entities.service.store.corrections(
            ready.current.id  # type: ignore[union-attr]
        )
    ] == [(target.start, "")]
    assert "Remove Entity" in ready.act.undo.text()
    assert target.text in ready.act.undo.text()

    ready.act.undo.trigger()
    assert stored(ready) == before
    assert marked_in_view(ready, target) == target
    assert ready.entities.service.store.corrections(ready.current.id) == []  # type: ignore[union-attr]
    assert "Remove Entity" in ready.act.redo.text()

    ready.act.redo.trigger()
    assert marked_in_view(ready, target) is None
    assert target not in stored(ready)


def test_change_the_type_of_an_entity(ready: MainWindow) -> None:
    target = first_with_label(ready, "PERSON")
    menu = menu_for(ready, target.start)
    change = submenu(menu, "changeType")
    assert not action(change, "label_PERSON").isEnabled()  # the current type
    action(change, "label_ORG").trigger()

    shown = marked_in_view(ready, target)
    assert shown is not None and (shown.label, str(shown.source)) == ("ORG", "user")
    assert "Organisation — Company, agency or institution · your correction" in (
        ready.entities.tooltip(shown)
    )
    assert ("ORG", target.start) in {(s.label, s.start) for s in stored(ready)}
    assert "as Organisation" in ready.act.undo.text()
    assert target.text in ready.act.undo.text()
    organisations = next(g for g in tree_groups(ready) if g.text(0).startswith("Organisation"))
    texts = [child.text(0) for child in children(organisations)]
    assert target.text in texts

    ready.act.undo.trigger()
    assert marked_in_view(ready, target) == target


@pytest.mark.model_process
def test_a_correction_survives_finding_entities_again(qtbot: QtBot, ready: MainWindow) -> None:
    target = first_with_label(ready, "GPE")
    action(submenu(menu_for(ready, target.start), "changeType"), "label_LOC").trigger()
    assert window_label(ready, target) == "LOC"
    assert ready.current is not None
    done = record(ready.analysis.articleAnalysed)
    ready.act.reanalyse.trigger()
    assert ready.entity_panel.status.text() == "Finding entities…"
    qtbot.waitUntil(lambda: (ready.current.id,) in done, timeout=ANALYSIS_TIMEOUT_MS)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: not ready.entity_panel.status.isVisible())
    assert window_label(ready, target) == "LOC"
    # The status bar's progress does not stay behind ("Finding entities: 0 / 1").
    qtbot.waitUntil(lambda: ready.analysis_label.text() == "", timeout=5000)
    assert ready.entities.service.store.is_analysed(ready.current.id)  # type: ignore[union-attr]


def window_label(window: MainWindow, span: EntitySpan) -> str | None:
    shown = marked_in_view(window, span)
    return shown.label if shown else None


def test_mark_a_selection_as_an_entity(ready: MainWindow) -> None:
    start, end = free_words(ready, "research vessel")
    view = ready.article_view
    view.select_range(start, end)
    menu = menu_for(ready, start + 2)
    assert menu.findChild(QAction, "removeEntity") is None  # no entity under the mouse
    action(submenu(menu, "markAsEntity"), "label_PRODUCT").trigger()

    shown = view.entity_at(start)
    assert shown is not None
    assert (shown.start, shown.end, shown.label, shown.text) == (
        start,
        end,
        "PRODUCT",
        "research vessel",
    )
    assert ("research vessel", "PRODUCT") in {(s.text, s.label) for s in stored(ready)}
    assert tree_item(ready, "research vessel", "PRODUCT") is not None
    assert "Mark “research vessel” as Product" in ready.act.undo.text()
    ready.act.undo.trigger()
    assert view.entity_at(start) is None
    assert ("research vessel", "PRODUCT") not in {(s.text, s.label) for s in stored(ready)}


# --- rules -------------------------------------------------------------------------------


def test_never_mark_applies_to_every_article_and_is_undoable(
    qtbot: QtBot, ready: MainWindow
) -> None:
    store = ready.entities.service.store
    shared = next(s for s in spans_of(ready) if store.library_mentions(s.text)[0] > 1)
    assert store.library_mentions(shared.text)[0] >= 2
    menu = menu_for(ready, shared.start)
    applied = record(ready.analysis.rulesApplied)
    action(submenu(menu, "allArticles"), "neverEntity").trigger()
    qtbot.waitUntil(lambda: len(applied) == 1, timeout=ANALYSIS_TIMEOUT_MS)
    assert marked_in_view(ready, shared) is None
    assert all(s.text.casefold() != shared.text.casefold() for s in spans_of(ready))
    assert store.library_mentions(shared.text) == (0, 0)  # in the other articles too
    assert [(r.text, r.label) for r in store.rules()] == [(shared.text, "")]
    assert f"Never Mark “{shared.text}”" in ready.act.undo.text()

    ready.act.undo.trigger()
    qtbot.waitUntil(lambda: len(applied) == 2, timeout=ANALYSIS_TIMEOUT_MS)
    assert store.rules() == []
    assert marked_in_view(ready, shared) == shared
    assert store.library_mentions(shared.text)[0] >= 2


def test_always_mark_then_delete_the_rule_in_the_dialog(qtbot: QtBot, ready: MainWindow) -> None:
    store = ready.entities.service.store
    start, end = free_words(ready, "research vessel")
    ready.article_view.select_range(start, end)
    menu = menu_for(ready, start)
    applied = record(ready.analysis.rulesApplied)
    action(submenu(menu, "alwaysMarkAs"), "label_PRODUCT").trigger()
    qtbot.waitUntil(lambda: len(applied) == 1, timeout=ANALYSIS_TIMEOUT_MS)
    shown = ready.article_view.entity_at(start)
    assert shown is not None and (shown.label, str(shown.source)) == ("PRODUCT", "rule")
    assert [(r.text, r.label) for r in store.rules()] == [("research vessel", "PRODUCT")]

    ready.act.entity_rules.trigger()
    dialog = ready.findChild(RulesDialog, "rulesDialog")
    assert dialog is not None and dialog.isVisible()
    table = dialog.table
    assert table.rowCount() == 1
    assert cell(table, 0, 0) == "research vessel"
    assert "Product" in cell(table, 0, 1)
    assert not dialog.empty.isVisible()

    rect = table.visualRect(table.model().index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert [i.row() for i in table.selectionModel().selectedRows()] == [0]
    dialog.delete_button.click()
    assert table.rowCount() == 0
    assert dialog.empty.isVisible()
    assert store.rules() == []
    assert ready.article_view.entity_at(start) is None
    assert "Delete Rule “research vessel”" in ready.act.undo.text()

    ready.act.undo.trigger()
    assert table.rowCount() == 1
    assert [(r.text, r.label) for r in store.rules()] == [("research vessel", "PRODUCT")]
    shown = ready.article_view.entity_at(start)
    assert shown is not None and shown.label == "PRODUCT"
    ready.act.redo.trigger()
    assert table.rowCount() == 0 and store.rules() == []
    dialog.close()


# --- the library filter ------------------------------------------------------------------


def test_articles_mentioning_an_entity_filter_the_library(qtbot: QtBot, ready: MainWindow) -> None:
    store = ready.entities.service.store
    target = next(s for s in spans_of(ready) if store.library_mentions(s.text)[0] == 2)
    chip = ready.library_view.entity_chip
    assert not chip.isVisible()
    action(menu_for(ready, target.start), "articlesMentioning").trigger()
    qtbot.waitUntil(lambda: ready.model.rowCount() == 2, timeout=5000)
    assert chip.isVisible()
    assert target.text in chip.label.text()
    assert ready.current is not None and ready.current.id in ready.model.ids()
    assert ready.status.counts.text() == "2 of 3 articles"

    chip.close_button.click()
    qtbot.waitUntil(lambda: ready.model.rowCount() == SAMPLES, timeout=5000)
    assert not chip.isVisible()

    # From the panel (its button and the Entities menu action), ignoring case.
    only_here = next(s for s in spans_of(ready) if store.library_mentions(s.text)[0] == 1)
    click_item(qtbot, ready, tree_item(ready, only_here.text, only_here.label))
    ready.entity_panel.filter_button.click()
    qtbot.waitUntil(lambda: ready.model.rowCount() == 1, timeout=5000)
    chip.close_button.click()
    qtbot.waitUntil(lambda: ready.model.rowCount() == SAMPLES, timeout=5000)
    ready.act.entity_filter.trigger()
    qtbot.waitUntil(lambda: ready.model.rowCount() == 1, timeout=5000)
    ready.library_view.set_entity_filter(only_here.text.upper())
    qtbot.waitUntil(lambda: ready.model.rowCount() == 1, timeout=5000)
    assert ready.model.ids() == [ready.current.id]


# --- pause and no model ------------------------------------------------------------------


@pytest.mark.model_process
def test_pause_analysis_is_remembered_and_resumes(
    qtbot: QtBot, library_path: Path, windows: list[MainWindow]
) -> None:
    window = open_window(qtbot, library_path, windows)
    window.act.pause_analysis.trigger()
    assert window.act.pause_analysis.isChecked()
    assert window.analysis.paused
    assert Settings().analysis_paused
    close_window(window)

    again = open_window(qtbot, library_path, windows)
    assert again.act.pause_analysis.isChecked()
    assert again.analysis.paused
    assert "paused" in again.entity_panel.status.text().lower()
    done = record(again.analysis.articleAnalysed)
    again.analysis.start()
    qtbot.wait(500)
    assert done == []
    assert again.entities.service.store.analysed_ids() == []

    again.act.pause_analysis.trigger()
    assert not again.analysis.paused
    assert not Settings().analysis_paused
    qtbot.waitUntil(lambda: analysed(again), timeout=ANALYSIS_TIMEOUT_MS)


@pytest.mark.model_process
def test_without_the_model_the_window_works_and_says_why(
    qtbot: QtBot,
    library_path: Path,
    windows: list[MainWindow],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(
        "reader.services.analysis.RemoteRecognizer", lambda: RemoteRecognizer("no_such_model_pkg")
    )
    caplog.set_level(logging.WARNING)
    window = open_window(qtbot, library_path, windows)
    reasons = record(window.analysis.unavailable)
    window.analysis.start()
    qtbot.waitUntil(lambda: bool(reasons), timeout=ANALYSIS_TIMEOUT_MS)
    [(reason,)] = reasons
    assert isinstance(reason, str)
    assert "no_such_model_pkg" in reason and "unavailable" in reason.lower()
    qtbot.waitUntil(lambda: window.analysis_label.text() == "Entities unavailable")
    panel = window.entity_panel
    assert panel.status.isVisible() and panel.status.text() == reason
    assert reason in window.statusBar().currentMessage()
    assert window.analysis.error == reason
    assert not [r for r in caplog.records if r.exc_info]  # no traceback logged

    # Reading goes on without entities.
    first = window.current
    window.act.next_article.trigger()
    assert window.current is not None and window.current is not first
    assert window.article_view.body.toPlainText() == window.current.text
    assert panel.status.text() == reason
    assert spans_of(window) == []
    assert window.article_view.highlighter.entity_marks() == []
    window.act.next_mention.trigger()  # nothing to walk through, no error


@pytest.mark.model_process
def test_without_the_model_installed_nothing_loads_on_the_ui_thread(
    qtbot: QtBot,
    library_path: Path,
    windows: list[MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As when the model package is missing: every Recognizer the app makes lacks it.
    Opening articles must not try to load it (on the UI thread) nor fail."""

    def missing(*_args: object, **_kwargs: object) -> Recognizer:
        return Recognizer("no_such_model_pkg")

    monkeypatch.setattr(
        "reader.services.analysis.RemoteRecognizer", lambda: RemoteRecognizer("no_such_model_pkg")
    )
    monkeypatch.setattr("reader.services.entities.Recognizer", missing)
    loads: list[str] = []
    real_load = Recognizer.load

    def watched_load(self: Recognizer) -> object:
        import threading

        loads.append(threading.current_thread().name)
        return real_load(self)

    monkeypatch.setattr(Recognizer, "load", watched_load)
    window = open_window(qtbot, library_path, windows)
    assert window.article_view.body.toPlainText() == text_of(window)
    reasons = record(window.analysis.unavailable)
    window.analysis.start()
    qtbot.waitUntil(lambda: bool(reasons), timeout=ANALYSIS_TIMEOUT_MS)
    window.act.next_article.trigger()
    assert window.article_view.body.toPlainText() == text_of(window)
    window.act.reanalyse.trigger()
    assert window.entity_panel.status.text() == reasons[0][0]
    assert "MainThread" not in loads
