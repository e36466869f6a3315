"""The annotation widgets on their own: notes panel, highlight editor, tag editor, tag
list, article note and the highlight colours. Real widgets, driven by qtbot; none of
them touches the library."""

from __future__ import annotations

import time
from collections.abc import Iterable

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from reader.core.colours import DEFAULT_COLOUR, HIGHLIGHT_COLOURS
from reader.core.model import Highlight
from reader.nlp.labels import LABELS
from reader.ui import article_note
from reader.ui.article_note import ArticleNoteEditor, NoteEdit
from reader.ui.highlight_colours import (
    HIGHLIGHT_COLOUR_NAMES,
    colour_icon,
    colour_tooltip,
    display_name,
    highlight_colour,
)
from reader.ui.highlight_editor import HighlightEditor
from reader.ui.mark_colours import contrast_ratio
from reader.ui.notes_panel import (
    EMPTY_TEXT,
    ORPHANS_TITLE,
    KindRole,
    NotesPanel,
    wrap_lines,
)
from reader.ui.tag_editor import TagEditor, normalise_tag
from reader.ui.tag_list import ALL_ARTICLES, TagList

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

HTML = "<b>html</b> & <i>more</i>"


def hl(
    ident: str,
    start: int,
    *,
    exact: str = "",
    note: str = "",
    color: str = "yellow",
    tags: Iterable[str] = (),
    orphaned: bool = False,
    article_id: int = 1,
) -> Highlight:
    return Highlight(
        id=ident,
        article_id=article_id,
        start=start,
        end=start + 10,
        exact=exact or f"quoted text of {ident}",
        color=color,
        note=note,
        tags=tuple(tags),
        orphaned=orphaned,
    )


def shown(widget: QWidget, qtbot: QtBot) -> None:
    qtbot.addWidget(widget)
    widget.resize(360, 480)
    widget.show()
    qtbot.waitExposed(widget)


def focus_out(widget: QWidget) -> None:
    """What Qt sends when focus moves elsewhere (offscreen windows are not reliably
    active, so real focus changes are not either)."""
    QApplication.sendEvent(widget, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason))


@pytest.fixture
def fast_bursts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(article_note, "IDLE_MS", 80)


# --- highlight colours --------------------------------------------------------------------


def test_colour_names_tooltips_and_icons(qtbot: QtBot) -> None:
    assert HIGHLIGHT_COLOUR_NAMES == ("yellow", "green", "blue", "pink", "purple")
    assert [display_name(n) for n in HIGHLIGHT_COLOUR_NAMES] == [
        "Yellow",
        "Green",
        "Blue",
        "Pink",
        "Purple",
    ]
    assert colour_tooltip("yellow") == "Yellow (1)"
    assert colour_tooltip("purple") == "Purple (5)"
    for name in HIGHLIGHT_COLOUR_NAMES:
        for dark in (False, True):
            assert highlight_colour(name, dark).isValid()
            assert not colour_icon(name, dark).isNull()
    assert highlight_colour("no-such-colour", False) == highlight_colour("yellow", False)


def test_colours_readable_and_distinct() -> None:
    black, light_text = QColor("#000000"), QColor("#e0e0e0")
    light = [highlight_colour(n, False) for n in HIGHLIGHT_COLOUR_NAMES]
    dark = [highlight_colour(n, True) for n in HIGHLIGHT_COLOUR_NAMES]
    assert all(contrast_ratio(c, black) >= 7 for c in light)
    assert all(contrast_ratio(c, light_text) >= 4.5 for c in dark)
    assert len({c.name() for c in light}) == 5
    assert len({c.name() for c in dark}) == 5
    entity_colours = {info.light for info in LABELS.values()} | {
        info.dark for info in LABELS.values()
    }
    assert not {c.name() for c in light + dark} & entity_colours


def test_qt_colours_are_the_core_colours_and_unknown_names_get_the_default() -> None:
    for colour in HIGHLIGHT_COLOURS:
        assert highlight_colour(colour.name, False).name() == colour.light
        assert highlight_colour(colour.name, True).name() == colour.dark
    assert highlight_colour("teal", False) == highlight_colour(DEFAULT_COLOUR, False)
    assert display_name("teal") == "Teal"


# --- notes panel ----------------------------------------------------------------------------


def test_notes_panel_lists_in_reading_order_with_orphans_last(qtbot: QtBot) -> None:
    panel = NotesPanel()
    shown(panel, qtbot)
    assert panel.count() == 0
    assert panel.empty_label.isVisible() and panel.empty_label.text() == EMPTY_TEXT
    panel.set_highlights(
        [
            hl("c", 300, note="third"),
            hl("lost", 50, note="kept even though lost", orphaned=True),
            hl("a", 10, note="first", tags=["eu", "sanctions"]),
            hl("b", 120, color="green"),
        ]
    )
    assert panel.count() == 4
    assert panel.highlight_ids() == ["a", "b", "c", "lost"]
    assert not panel.empty_label.isVisible() and panel.view.isVisible()
    model = panel.model
    kinds = [model.index(r, 0).data(KindRole) for r in range(model.rowCount())]
    assert kinds == ["highlight", "highlight", "highlight", "header", "highlight"]
    header = model.index(3, 0)
    assert ORPHANS_TITLE in header.data()
    assert not header.flags() & Qt.ItemFlag.ItemIsSelectable
    assert "kept even though lost" in model.index(4, 0).data()
    assert "Tags: eu, sanctions" in model.index(0, 0).data()
    panel.set_highlights([])
    assert panel.count() == 0 and panel.empty_label.isVisible()


def test_notes_panel_activation_and_silent_selection(qtbot: QtBot) -> None:
    panel = NotesPanel()
    shown(panel, qtbot)
    panel.set_highlights([hl("a", 10, note="one"), hl("b", 90, note="two")])
    seen: list[str] = []
    panel.highlightActivated.connect(seen.append)

    panel.select_highlight("b")
    assert panel.current_id() == "b" and seen == []
    panel.select_highlight(None)
    assert not panel.view.selectionModel().hasSelection() and seen == []

    rect = panel.view.visualRect(panel.index_of("a"))
    with qtbot.waitSignal(panel.highlightActivated) as blocker:
        qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["a"]

    panel.select_highlight("b")
    with qtbot.waitSignal(panel.highlightActivated) as blocker:
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert blocker.args == ["b"]

    # A refresh (a note edited) keeps the current row and emits nothing.
    seen.clear()
    panel.set_highlights([hl("a", 10, note="one"), hl("b", 90, note="changed")])
    assert panel.current_id() == "b" and seen == []


def test_notes_panel_shows_user_text_literally(qtbot: QtBot) -> None:
    panel = NotesPanel()
    shown(panel, qtbot)
    panel.set_highlights([hl("a", 0, exact="<i>quote</i>", note=HTML, tags=["<u>t</u>"])])
    index = panel.index_of("a")
    assert HTML in index.data()
    tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "<b>html</b>" not in tooltip and "&lt;b&gt;html&lt;/b&gt;" in tooltip
    layout = panel.delegate._layout(panel.model.highlight_at(index))  # type: ignore[arg-type]
    assert layout.note == [HTML]
    assert layout.quote == ["“<i>quote</i>”"]
    panel.grab()  # paints without warnings


def test_notes_panel_elides_long_text(qtbot: QtBot) -> None:
    font = QApplication.font()
    long_text = " ".join(["word"] * 400)
    lines = wrap_lines(long_text, font, 200, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert wrap_lines("one\ntwo", font, 200, 3) == ["one", "two"]
    assert wrap_lines("a\nb\nc\nd\ne", font, 200, 3)[:2] == ["a", "b"]
    assert wrap_lines("", font, 200, 3) == []


def test_notes_panel_fills_500_highlights(qtbot: QtBot) -> None:
    panel = NotesPanel()
    shown(panel, qtbot)
    many = [
        hl(
            f"h{i:03}",
            (500 - i) * 40,
            exact="a passage of the article " * (1 + i % 7),
            note=("a note\nwith lines " * (i % 4)).strip(),
            color=HIGHLIGHT_COLOUR_NAMES[i % 5],
            tags=[f"tag{i % 9}"] if i % 3 else [],
            orphaned=i % 50 == 0,
        )
        for i in range(500)
    ]
    started = time.perf_counter()
    panel.set_highlights(many, dark=True)
    panel.view.doItemsLayout()
    elapsed = time.perf_counter() - started
    assert panel.count() == 500
    ids = panel.highlight_ids()
    placed = [h for h in many if not h.orphaned]
    assert ids[: len(placed)] == [h.id for h in sorted(placed, key=lambda h: h.start)]
    panel.select_highlight("h250")
    qtbot.wait(10)
    assert panel.view.visualRect(panel.index_of("h250")).intersects(panel.view.viewport().rect())
    print(f"500 highlights: {elapsed * 1000:.0f} ms to fill and lay out")


def test_notes_panel_dark_palette(qtbot: QtBot) -> None:
    panel = NotesPanel()
    palette = QPalette(QColor("#202020"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#e0e0e0"))
    panel.setPalette(palette)
    shown(panel, qtbot)
    panel.set_highlights([hl("a", 0, note="n", tags=["x"])], dark=True)
    assert panel.is_dark()
    assert not panel.grab().isNull()


# --- note bursts ------------------------------------------------------------------------------


def test_note_edit_bursts(qtbot: QtBot) -> None:
    edit = NoteEdit(idle_ms=60)
    shown(edit, qtbot)
    seen: list[str] = []
    edit.noteChanged.connect(seen.append)
    edit.set_text_silently("start")
    qtbot.wait(120)
    assert seen == []
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    with qtbot.waitSignal(edit.noteChanged, timeout=2000) as blocker:
        qtbot.keyClicks(edit, " more")
    assert blocker.args == ["start more"]
    qtbot.wait(150)
    assert seen == ["start more"]  # one emission for the burst
    focus_out(edit)
    assert seen == ["start more"]  # unchanged since: nothing new


# --- highlight editor -------------------------------------------------------------------------


def test_highlight_editor_colour_delete_and_hidden(qtbot: QtBot) -> None:
    editor = HighlightEditor()
    shown(editor, qtbot)
    assert not editor.content.isVisible() and editor.placeholder.isVisible()
    editor.show_highlight(hl("a", 0, color="green", tags=["x"]), ["x", "y"])
    assert editor.content.isVisible() and editor.colour() == "green"
    assert editor.colour_buttons["yellow"].toolTip() == "Yellow (1)"
    assert editor.colour_buttons["purple"].toolTip() == "Purple (5)"
    seen: list[str] = []
    editor.colourChosen.connect(seen.append)
    qtbot.mouseClick(editor.colour_buttons["green"], Qt.MouseButton.LeftButton)
    assert seen == []  # already green
    with qtbot.waitSignal(editor.colourChosen) as blocker:
        qtbot.mouseClick(editor.colour_buttons["blue"], Qt.MouseButton.LeftButton)
    assert blocker.args == ["blue"] and editor.colour() == "blue"
    with qtbot.waitSignal(editor.colourChosen) as blocker:
        qtbot.mouseClick(editor.colour_buttons["green"], Qt.MouseButton.LeftButton)
    assert blocker.args == ["green"]

    with qtbot.waitSignal(editor.deleteRequested):
        qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    assert editor.delete_button.text() == "Delete highlight (Del)"

    editor.show_highlight(None)
    assert not editor.content.isVisible() and editor.highlight_id() is None


def test_highlight_editor_note_burst_after_focus_out(qtbot: QtBot) -> None:
    editor = HighlightEditor()
    shown(editor, qtbot)
    editor.show_highlight(hl("a", 0, note="old"))
    seen: list[str] = []
    editor.noteChanged.connect(seen.append)
    editor.note_edit.moveCursor(editor.note_edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor.note_edit, " and new")
    assert seen == []  # not per keystroke
    with qtbot.waitSignal(editor.noteChanged) as blocker:
        focus_out(editor.note_edit)
    assert blocker.args == ["old and new"]
    qtbot.wait(900)
    assert seen == ["old and new"]  # the timer does not emit it again


def test_highlight_editor_note_burst_after_timer(qtbot: QtBot, fast_bursts: None) -> None:
    editor = HighlightEditor()
    shown(editor, qtbot)
    assert editor.note_edit._timer.interval() == 80
    editor.show_highlight(hl("a", 0))
    seen: list[str] = []
    editor.noteChanged.connect(seen.append)
    with qtbot.waitSignal(editor.noteChanged, timeout=3000) as blocker:
        qtbot.keyClicks(editor.note_edit, "typed")
    assert blocker.args == ["typed"]
    qtbot.wait(200)
    assert seen == ["typed"]


def test_highlight_editor_silent_updates_and_flush(qtbot: QtBot) -> None:
    editor = HighlightEditor()
    shown(editor, qtbot)
    seen: list[object] = []
    for signal in (editor.noteChanged, editor.colourChosen, editor.tagsChanged):
        signal.connect(seen.append)
    editor.show_highlight(hl("a", 0, note="one", tags=["t"]), ["t", "u"])
    editor.set_note_silently("after undo")
    editor.show_highlight(hl("a", 0, note="again", color="pink", tags=["u"]))
    assert editor.note() == "again" and editor.colour() == "pink"
    assert editor.tag_editor.tags() == ["u"]
    qtbot.wait(900)
    assert seen == []

    qtbot.keyClicks(editor.note_edit, "x")
    editor.flush()
    assert seen == ["xagain"]
    editor.flush()
    assert seen == ["xagain"]  # nothing pending any more

    # Silent means silent, even with typing pending (an undo from the Edit menu).
    qtbot.keyClicks(editor.note_edit, "z")
    editor.set_note_silently("undone")
    qtbot.wait(900)
    assert seen == ["xagain"] and editor.note() == "undone"

    # Switching to another highlight reports the pending note of the one shown before.
    qtbot.keyClicks(editor.note_edit, "y")
    ids: list[str | None] = []
    editor.noteChanged.connect(lambda _text: ids.append(editor.highlight_id()))
    editor.show_highlight(hl("b", 50, note="b's note"))
    assert seen[-1] == "yundone" and ids == ["a"]
    assert editor.note() == "b's note"


def test_highlight_editor_keeps_typing_when_same_highlight_refreshes(qtbot: QtBot) -> None:
    editor = HighlightEditor()
    shown(editor, qtbot)
    editor.show_highlight(hl("a", 0, note="n"))
    qtbot.keyClicks(editor.note_edit, "typing ")
    editor.show_highlight(hl("a", 0, note="n", tags=["new"]))  # a tag added meanwhile
    assert editor.note() == "typing n"


def test_highlight_editor_tags_and_html(qtbot: QtBot) -> None:
    editor = HighlightEditor()
    shown(editor, qtbot)
    editor.show_highlight(hl("a", 0, exact=HTML, note=HTML, tags=["<b>t</b>"]), ["alpha"])
    assert editor.note_edit.toPlainText() == HTML
    assert editor.quote.textFormat() == Qt.TextFormat.PlainText
    assert editor.quote.text() == f"“{HTML}”"
    chip = editor.tag_editor.chips()[0]
    assert chip.label.text() == "<b>t</b>"
    assert chip.label.textFormat() == Qt.TextFormat.PlainText
    with qtbot.waitSignal(editor.tagsChanged) as blocker:
        qtbot.keyClicks(editor.tag_editor.field, "alpha,")
    assert blocker.args == [["<b>t</b>", "alpha"]]


# --- tag editor -------------------------------------------------------------------------------


def test_tag_editor_add_with_enter_and_comma(qtbot: QtBot) -> None:
    editor = TagEditor()
    shown(editor, qtbot)
    assert editor.field.placeholderText() == "Add tag…"
    seen: list[list[str]] = []
    editor.tagsChanged.connect(seen.append)
    editor.set_tags(["Europe"])
    assert seen == [] and editor.tags() == ["Europe"]

    qtbot.keyClicks(editor.field, "  energy   policy ")
    qtbot.keyClick(editor.field, Qt.Key.Key_Return)
    assert editor.tags() == ["Europe", "energy policy"]
    assert editor.field.text() == ""
    qtbot.keyClicks(editor.field, "gas,oil")
    assert editor.tags() == ["Europe", "energy policy", "gas"]
    assert editor.field.text() == "oil"
    qtbot.keyClick(editor.field, Qt.Key.Key_Comma)
    assert editor.tags()[-1] == "oil"
    assert seen == [
        ["Europe", "energy policy"],
        ["Europe", "energy policy", "gas"],
        ["Europe", "energy policy", "gas", "oil"],
    ]

    # Duplicates (any case) are not added, and empty input adds nothing.
    qtbot.keyClicks(editor.field, "EUROPE")
    qtbot.keyClick(editor.field, Qt.Key.Key_Return)
    qtbot.keyClick(editor.field, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.field, ", ,")
    assert editor.tags() == ["Europe", "energy policy", "gas", "oil"]
    assert len(seen) == 3


def test_tag_editor_paste_list() -> None:
    assert normalise_tag("  #a   b ") == "a b"


def test_tag_editor_remove_with_backspace_and_chip(qtbot: QtBot) -> None:
    editor = TagEditor()
    shown(editor, qtbot)
    editor.set_tags(["one", "two", "three"])
    with qtbot.waitSignal(editor.tagsChanged) as blocker:
        qtbot.keyClick(editor.field, Qt.Key.Key_Backspace)
    assert blocker.args == [["one", "two"]]

    # Backspace with text in the field edits the text only.
    qtbot.keyClicks(editor.field, "ab")
    qtbot.keyClick(editor.field, Qt.Key.Key_Backspace)
    assert editor.field.text() == "a" and editor.tags() == ["one", "two"]
    editor.field.clear()

    chip = editor.chips()[0]
    assert chip.remove_button.accessibleName() == "Remove tag one"
    with qtbot.waitSignal(editor.tagsChanged) as blocker:
        qtbot.mouseClick(chip.remove_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [["two"]]

    # From the keyboard: Delete on a focused × button.
    with qtbot.waitSignal(editor.tagsChanged) as blocker:
        qtbot.keyClick(editor.chips()[0].remove_button, Qt.Key.Key_Delete)
    assert blocker.args == [[]]
    assert editor.chips() == []


def test_tag_editor_completion(qtbot: QtBot) -> None:
    editor = TagEditor()
    shown(editor, qtbot)
    editor.set_completions(["Sanctions", "energy", "sanctions", "Elections", ""])
    assert editor.completions() == ["Elections", "energy", "Sanctions"]
    editor.set_tags(["energy"])
    assert editor.completions() == ["Elections", "Sanctions"]  # present tags not offered

    completer = editor.completer
    assert completer.caseSensitivity() == Qt.CaseSensitivity.CaseInsensitive
    completer.setCompletionPrefix("SAN")
    assert completer.completionCount() == 1
    assert completer.currentCompletion() == "Sanctions"

    # Typing shows the popup; choosing from it adds the library's spelling.
    editor.field.setFocus()
    qtbot.keyClicks(editor.field, "el")
    popup = completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    assert completer.completionCount() == 1
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    with qtbot.waitSignal(editor.tagsChanged) as blocker:
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert blocker.args == [["energy", "Elections"]]
    assert editor.field.text() == ""

    # A typed tag in another case takes the library's spelling.
    qtbot.keyClicks(editor.field, "sanctions")
    if popup.isVisible():
        qtbot.keyClick(popup, Qt.Key.Key_Return)  # no row chosen: the typed text counts
    else:
        qtbot.keyClick(editor.field, Qt.Key.Key_Return)
    assert editor.tags() == ["energy", "Elections", "Sanctions"]
    assert not popup.isVisible()


# --- tag list ---------------------------------------------------------------------------------


def tag_list(qtbot: QtBot) -> TagList:
    widget = TagList()
    shown(widget, qtbot)
    widget.set_tags([("energy", 4), ("sanctions", 2), ("<b>odd</b>", 1)])
    return widget


def click(qtbot: QtBot, widget: TagList, name: str) -> None:
    item = widget.item_for(name)
    assert item is not None
    rect = widget.list.visualItemRect(item)
    qtbot.mouseClick(widget.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_tag_list_rows_and_filter(qtbot: QtBot) -> None:
    widget = tag_list(qtbot)
    assert widget.header.text() == "Tags"
    texts = [widget.list.item(r).text() for r in range(widget.list.count())]
    assert texts == [ALL_ARTICLES, "energy  (4)", "sanctions  (2)", "<b>odd</b>  (1)"]
    seen: list[str] = []
    widget.tagSelected.connect(seen.append)

    click(qtbot, widget, "sanctions")
    assert seen == ["sanctions"] and widget.current() == "sanctions"
    click(qtbot, widget, "sanctions")  # again: the filter is off
    assert seen == ["sanctions", ""] and widget.current() == ""
    click(qtbot, widget, "energy")
    click(qtbot, widget, "")  # All articles
    assert seen == ["sanctions", "", "energy", ""]

    widget.set_current("energy")
    assert widget.current() == "energy" and seen[-1] == ""  # silent
    widget.set_tags([("energy", 5)])  # refresh keeps the filter, silently
    assert widget.current() == "energy" and len(seen) == 4
    widget.set_tags([("other", 1)])
    assert widget.current() == ""

    widget.set_tags([("a", 1), ("b", 1)])
    widget.list.setFocus()
    widget.set_current("a")
    qtbot.keyClick(widget.list, Qt.Key.Key_Down)
    assert seen[-1] == "b"


def test_tag_list_rename_and_merge(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    widget = tag_list(qtbot)
    seen: list[tuple[str, str]] = []
    widget.renameRequested.connect(lambda old, new: seen.append((old, new)))
    answers = iter(["  energy   policy ", None, "energy", "Sanctions", "SANCTIONS"])
    monkeypatch.setattr(widget, "ask_new_name", lambda _old: next(answers))
    merges: list[bool] = [True, False]
    monkeypatch.setattr(widget, "confirm_merge", lambda _old, _existing: merges.pop(0))

    widget.set_current("energy")
    qtbot.keyClick(widget.list, Qt.Key.Key_F2)
    assert seen == [("energy", "energy policy")]
    widget.rename("energy")  # cancelled
    widget.rename("energy")  # unchanged
    assert seen == [("energy", "energy policy")]
    widget.rename("<b>odd</b>")  # an existing name, any case: merge after asking
    assert seen[-1] == ("<b>odd</b>", "sanctions")
    widget.rename("<b>odd</b>")  # merge declined
    assert len(seen) == 2


def test_tag_list_rename_case_only(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    widget = tag_list(qtbot)
    seen: list[tuple[str, str]] = []
    widget.renameRequested.connect(lambda old, new: seen.append((old, new)))
    monkeypatch.setattr(widget, "ask_new_name", lambda _old: "Energy")
    monkeypatch.setattr(widget, "confirm_merge", lambda *_: pytest.fail("not a merge"))
    widget.rename("energy")
    assert seen == [("energy", "Energy")]


def test_tag_list_delete(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    widget = tag_list(qtbot)
    asked: list[tuple[str, int]] = []
    answers = [False, True]

    def confirm(name: str, count: int) -> bool:
        asked.append((name, count))
        return answers.pop(0)

    monkeypatch.setattr(widget, "confirm_delete", confirm)
    seen: list[str] = []
    widget.deleteRequested.connect(seen.append)
    widget.set_current("energy")
    qtbot.keyClick(widget.list, Qt.Key.Key_Delete)
    assert asked == [("energy", 4)] and seen == []
    qtbot.keyClick(widget.list, Qt.Key.Key_Delete)
    assert seen == ["energy"]
    widget.set_current("")
    qtbot.keyClick(widget.list, Qt.Key.Key_Delete)  # "All articles": nothing to delete
    assert len(asked) == 2


def test_tag_list_claims_its_keys_before_window_shortcuts(qtbot: QtBot) -> None:
    """F2 and Del on a tag row are the list's (the main window's Del deletes highlights):
    it accepts the ShortcutOverride Qt sends before matching shortcuts; elsewhere not."""
    widget = tag_list(qtbot)

    def claimed(key: Qt.Key) -> bool:
        event = QKeyEvent(QEvent.Type.ShortcutOverride, key, Qt.KeyboardModifier.NoModifier)
        event.ignore()
        QApplication.sendEvent(widget.list, event)
        return event.isAccepted()

    widget.set_current("energy")
    assert claimed(Qt.Key.Key_Delete) and claimed(Qt.Key.Key_F2)
    assert not claimed(Qt.Key.Key_A)
    widget.set_current("")
    assert not claimed(Qt.Key.Key_Delete)


def test_tag_list_dialog_texts(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    widget = tag_list(qtbot)
    texts: list[str] = []

    def ask(_title: str, text: str, _accept: str) -> bool:
        texts.append(text)
        return True

    monkeypatch.setattr(widget, "_ask", ask)
    assert widget.confirm_delete("energy", 4)
    assert texts[-1] == "Remove tag “energy” from 4 articles/highlights?"
    assert widget.confirm_merge("a", "b")
    assert "Merge “a” into it" in texts[-1]


def test_tag_list_context_menu(qtbot: QtBot) -> None:
    widget = tag_list(qtbot)
    item = widget.item_for("energy")
    assert item is not None
    pos = widget.list.visualItemRect(item).center()
    widget._menu(pos)
    menus = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not widget]
    actions = [a.text() for m in menus for a in m.actions()]
    assert "Rename…\tF2" in actions and "Delete…\tDel" in actions
    for menu in menus:
        menu.close()
    widget._menu(QPoint(-5, -5))  # not on a row: no menu, no error


# --- article note -----------------------------------------------------------------------------


def test_article_note_bursts(qtbot: QtBot, fast_bursts: None) -> None:
    editor = ArticleNoteEditor()
    shown(editor, qtbot)
    assert editor.label.text() == "Article note"
    assert editor.edit.placeholderText() == "Notes on the whole article… (Markdown allowed)"
    seen: list[str] = []
    editor.noteChanged.connect(seen.append)
    editor.set_note(HTML)
    qtbot.wait(200)
    assert seen == [] and editor.note() == HTML

    editor.edit.moveCursor(editor.edit.textCursor().MoveOperation.End)
    with qtbot.waitSignal(editor.noteChanged, timeout=3000) as blocker:
        qtbot.keyClicks(editor.edit, "!")
    assert blocker.args == [HTML + "!"]

    qtbot.keyClicks(editor.edit, "?")
    editor.flush()
    assert seen == [HTML + "!", HTML + "!?"]
    qtbot.wait(200)
    assert len(seen) == 2

    qtbot.keyClicks(editor.edit, "#")
    with qtbot.waitSignal(editor.noteChanged) as blocker:
        focus_out(editor.edit)
    assert blocker.args == [HTML + "!?#"]

    # A menu taking focus ends the burst too.
    qtbot.keyClicks(editor.edit, "+")
    with qtbot.waitSignal(editor.noteChanged) as blocker:
        QApplication.sendEvent(
            editor.edit, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.PopupFocusReason)
        )
    assert blocker.args == [HTML + "!?#+"]
    qtbot.keyClick(editor.edit, Qt.Key.Key_Backspace)
    editor.flush()
    assert len(seen) == 5

    # Typed back to what was reported: nothing to report.
    qtbot.keyClick(editor.edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(editor.edit, Qt.Key.Key_NumberSign)
    qtbot.wait(200)
    assert len(seen) == 5


def test_labels_are_plain_text(qtbot: QtBot) -> None:
    for widget in (NotesPanel(), HighlightEditor(), TagEditor(), TagList(), ArticleNoteEditor()):
        qtbot.addWidget(widget)
        for label in widget.findChildren(QLabel):
            if label.text():
                assert label.textFormat() in (Qt.TextFormat.PlainText, Qt.TextFormat.AutoText)
                assert "<" not in label.text()
