"""Hostile text through the real window: any string in the search field, and notes and tags
that are long, multi-line, right-to-left, emoji or invisible, shown exactly as stored and
never rewritten by merely looking at them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from reader.core.model import ArticleDraft
from reader.services.annotations import AnnotationService
from reader.services.library import Library
from reader.store.query import LibraryQuery
from reader.ui.article_note import NoteEdit, as_shown
from reader.ui.main_window import MainWindow
from tests.ui.conftest import close_window, make_window
from tests.unit.cli.test_cli_bad_input import NOTES, TAGS

TEXT = "Ministers from Turkey and Ukraine agreed to reopen the grain corridor on Tuesday."

TYPED = ['"unbalanced', "NEAR(", "*", "^", "-", "--", "OR", "a AND", "title:x", "{a b}", "'--"]
SET = ["😀", "x" * 10_000, "\u202egrain\u200b", "שלום", "\x00", '"grain corridor"*^']


def focus_out(widget: NoteEdit) -> None:
    QApplication.sendEvent(widget, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason))


def no_message_boxes() -> bool:
    return not any(
        isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets()
    )


def test_search_field_takes_any_string(qtbot: QtBot, window: MainWindow) -> None:
    failures: list[object] = []
    window.queries.queryFailed.connect(lambda *args: failures.append(args))
    field = window.library_view.search_field
    window.act.search_library.trigger()
    for query in TYPED + SET:
        field.clear()
        with qtbot.waitSignal(window.resultsShown, timeout=5000):
            if query in TYPED:
                qtbot.keyClicks(field, query)
            else:
                field.setText(query)
            qtbot.keyClick(field, Qt.Key.Key_Return)
        assert re.fullmatch(r"(\d+ of )?\d+ articles?", window.status.counts.text()), query
        assert not window.status.currentMessage().startswith("Search failed"), query
        assert no_message_boxes(), query
    assert failures == []


@pytest.mark.parametrize("name", list(NOTES))
def test_note_edit_shows_a_stored_note_exactly_and_leaving_it_changes_nothing(
    qtbot: QtBot, name: str
) -> None:
    edit = NoteEdit()
    qtbot.addWidget(edit)
    reported: list[str] = []
    edit.noteChanged.connect(reported.append)
    note = NOTES[name]
    edit.set_text_silently(note)
    assert edit.text() == as_shown(note)
    assert not edit.is_pending()
    edit.setFocus()
    focus_out(edit)
    edit.flush()
    assert reported == []  # looked at, not changed: nothing written back
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(edit, "!")
    edit.flush()
    assert reported == [as_shown(note) + "!"]


def test_no_break_spaces_survive_an_edit(qtbot: QtBot) -> None:
    edit = NoteEdit()
    qtbot.addWidget(edit)
    reported: list[str] = []
    edit.noteChanged.connect(reported.append)
    edit.set_text_silently("25\u00a0% of 4\u202f000\u00a0€")
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(edit, " more")
    edit.flush()
    assert reported == ["25\u00a0% of 4\u202f000\u00a0€ more"]


def test_notes_and_tags_shown_exactly_in_the_window(qtbot: QtBot, library_path: Path) -> None:
    library = Library.open(library_path)
    article_id, _ = library.articles.add(ArticleDraft("Grain", TEXT))
    service = AnnotationService(library)
    note = NOTES["rtl"] + "\n" + NOTES["emoji"] + "\n" + NOTES["invisible"]
    service.set_article_note(article_id, note)
    stored_tags = service.set_article_tags(article_id, TAGS)
    start = TEXT.index("grain")
    highlight = service.add_highlight(article_id, start, start + 5, note=note, tags=TAGS)
    library.close()

    window = make_window(qtbot, library_path)
    try:
        qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
        window.open_article(article_id)
        tab = window.notes_tab
        assert tab.article_note.note() == note
        assert tab.article_tags.tags() == stored_tags
        window.annotations.go_to(highlight.id)
        assert tab.editor.note() == note
        assert tab.editor.tag_editor.tags() == list(highlight.tags)
        layout = tab.panel.delegate._layout(
            tab.panel.model.highlight_at(tab.panel.index_of(highlight.id))
        )  # type: ignore[arg-type]
        # The list wraps and elides the note, and alters none of its characters.
        shown_chars = "".join("".join(layout.note).removesuffix("…").split())
        assert shown_chars and "".join(note.split()).startswith(shown_chars)
        # Looking at the notes (focus in and out) writes nothing back.
        for edit in (tab.article_note.edit, tab.editor.note_edit):
            edit.setFocus()
            focus_out(edit)
        window.annotations.flush()
        # A tag added in the window keeps every other tag exactly as it was.
        assert tab.article_tags.add_tag("new one")
        after = window.library.get(article_id)
        assert after is not None
        assert after.note == note
        assert sorted(after.tags) == sorted([*stored_tags, "new one"])
        [shown] = AnnotationService(window.library).highlights(article_id)
        assert shown.note == note and shown.tags == highlight.tags
    finally:
        close_window(window)


def test_a_backup_dropped_on_the_window_is_restored(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """Import in the window recognises a backup by its content and restores it: new
    articles with their highlights, the tags in the tag list, and the articles already
    here completed from it."""
    from reader.services.restore import export_backup
    from reader.ui.import_report import summarise

    source = Library.open(tmp_path / "other.sqlite")
    article_id, _ = source.articles.add(ArticleDraft("Grain", TEXT))
    service = AnnotationService(source)
    service.set_article_tags(article_id, ["from the backup"])
    start = TEXT.index("grain")
    made = service.add_highlight(article_id, start, start + 5, "green", "a note", ["quoted"])
    sample = window.library.get(window.library.articles.query_ids(LibraryQuery())[0])
    assert sample is not None
    sample_id, _ = source.articles.add(ArticleDraft(sample.title, sample.text))
    service.add_highlight(sample_id, 0, 5, note="on a sample")
    backup = export_backup(source, None, tmp_path / "backup.reader").path
    source.close()

    with qtbot.waitSignal(window.importFinished, timeout=20000) as blocker:
        window.import_paths([backup])
    outcomes = blocker.args[0]
    assert [str(o.status) for o in outcomes] == ["imported", "duplicate"]
    assert outcomes[1].id == sample.id and dict(outcomes[1].merged) == {"highlights": 1}
    assert summarise(outcomes) == (
        "1 article imported, 1 already in the library, 1 article completed from the backup"
    )
    assert no_message_boxes()
    qtbot.waitUntil(lambda: window.model.rowCount() == 4, timeout=5000)
    names = [name for name, _count in window.tag_list.tags()]
    assert "from the backup" in names and "quoted" in names
    grain = outcomes[0].id
    window.open_article(grain)
    qtbot.waitUntil(lambda: window.current is not None and window.current.id == grain)
    assert [h.id for h in window.annotations.highlights] == [made.id]
    window.open_article(sample.id)
    qtbot.waitUntil(lambda: window.current is not None and window.current.id == sample.id)
    assert [h.note for h in window.annotations.highlights] == ["on a sample"]


def test_edit_text_dialog_gives_back_the_text_it_was_given(qtbot: QtBot) -> None:
    """Saving the article text unchanged must not turn no-break spaces (common in web
    articles) into spaces: that would rewrite the text and re-anchor every highlight."""
    from reader.ui.edit_text_dialog import EditTextDialog

    text = "Prices rose 25\u00a0% to 4\u202f000\u00a0€.\n\nשלום 👩‍👩‍👧 zero\u200bwidth"
    dialog = EditTextDialog("Title", text)
    qtbot.addWidget(dialog)
    assert dialog.text() == text
