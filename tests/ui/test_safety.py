"""Storage safety in the real window: restore from a backup, the daily backup, a damaged
library at start, a read-only library, a full disk, and a second process writing."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from reader.core.model import ArticleDraft
from reader.services.annotations import AnnotationService
from reader.services.library import Library
from reader.store import db
from reader.store.backup import BackupInfo, create_backup, list_backups
from reader.store.db import CorruptLibraryError
from reader.ui import backup_controller
from reader.ui.backup_dialog import DamagedLibraryDialog, Rescue, RestoreBackupDialog
from reader.ui.library_rescue import rescue
from reader.ui.main_window import MainWindow
from tests.e2e.conftest import REPO
from tests.ui.conftest import close_window, make_window

GARBAGE = b"this was a library once, then a disk went bad " * 300


def titles(window: MainWindow) -> list[str]:
    return sorted(a.title for a in window.library.list())


def select_word(window: MainWindow, word: str) -> tuple[int, int]:
    assert window.current is not None
    start = window.current.text.index(word)
    window.article_view.select_range(start, start + len(word))
    return start, start + len(word)


# --- restore from backup ---------------------------------------------------------------------


def test_restore_dialog_lists_backups_with_date_reason_and_articles(
    qtbot: QtBot, library_path: Path
) -> None:
    library = Library.open(library_path, seed_samples=True)
    create_backup(library_path, reason="daily", now=datetime(2026, 5, 1, 8, 0))
    library.delete(1)
    create_backup(library_path, reason="before-upgrade-v2", now=datetime(2026, 5, 2, 9, 15))
    library.close()
    broken = library_path.parent / "backups" / "library-20260503-100000.sqlite"
    broken.write_bytes(GARBAGE)
    dialog = RestoreBackupDialog(list_backups(library_path))
    qtbot.addWidget(dialog)
    rows = [
        [dialog.list.topLevelItem(i).text(c) for c in range(3)]  # type: ignore[union-attr]
        for i in range(dialog.list.topLevelItemCount())
    ]
    assert rows == [
        ["2026-05-03  10:00", "Backup", "unreadable"],
        ["2026-05-02  09:15", "Before upgrading from schema v2", "2 articles"],
        ["2026-05-01  08:00", "Daily backup", "3 articles"],
    ]
    chosen = dialog.chosen()  # the newest readable one is preselected
    assert chosen is not None and chosen.reason == "before-upgrade-v2"
    assert dialog.restore_button.isEnabled()
    assert dialog.list.topLevelItem(0).isDisabled()  # type: ignore[union-attr]
    dialog.list.clearSelection()
    assert dialog.chosen() is None and not dialog.restore_button.isEnabled()


def test_restore_from_backup_replaces_the_library_in_the_open_window(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = window.library.path
    create_backup(path, reason="daily")
    qtbot.waitUntil(lambda: window.current is not None, timeout=5000)
    select_word(window, window.current.text.split()[2])  # type: ignore[union-attr]
    window.act.highlight.trigger()
    window.delete_articles([window.model.ids()[-1]])
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=5000)
    assert window.undo_stack.count() == 1

    monkeypatch.setattr(RestoreBackupDialog, "exec", lambda self: self.DialogCode.Accepted)
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes
    )
    window.act.restore_backup.trigger()
    job = window.backups.last_job
    assert job is not None
    with qtbot.waitSignal(window.backups.restored, timeout=10000):
        pass
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=5000)
    assert window.undo_stack.count() == 0  # the history referred to what is gone
    assert window.annotations.highlights == []  # the open article, as in the backup
    assert len(titles(window)) == 3
    reasons = sorted(i.reason for i in list_backups(path))
    assert reasons == ["before-restore", "daily"]
    before = next(i for i in list_backups(path) if i.reason == "before-restore")
    assert before.articles == 2  # the state before the restore can itself be restored
    assert window.library.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_restore_while_an_import_runs_is_refused(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        backup_controller.QMessageBox, "information", lambda _p, _t, text: shown.append(text)
    )
    monkeypatch.setattr(window.jobs.pool, "activeThreadCount", lambda: 1)
    window.act.restore_backup.trigger()
    assert shown and "running" in shown[0]


def backup_now(qtbot: QtBot, window: MainWindow) -> None:
    before = list_backups(window.library.path)
    handle = window.backups.backup_if_due()
    # Not made here: queued for the pool (other jobs of the pool may be busy meanwhile).
    assert list_backups(window.library.path) == before
    with qtbot.waitSignal(handle.finished, timeout=10000):
        pass


def test_daily_backup_runs_off_the_ui_thread_at_most_once_a_day(
    qtbot: QtBot, window: MainWindow
) -> None:
    backup_now(qtbot, window)
    (made,) = list_backups(window.library.path)
    assert made.reason == "daily" and made.articles == 3
    backup_now(qtbot, window)
    assert len(list_backups(window.library.path)) == 1


def test_daily_backup_keeps_the_number_set_in_preferences(qtbot: QtBot, window: MainWindow) -> None:
    window.settings.backup_count = 2
    path = window.library.path
    for days in (3, 2):
        create_backup(path, reason="daily", now=datetime.now() - timedelta(days=days))
    backup_now(qtbot, window)
    infos = list_backups(path)
    assert len(infos) == 2 and infos[0].created > datetime.now() - timedelta(minutes=5)


# --- a damaged library at start ----------------------------------------------------------------


def test_damaged_library_dialog_offers_three_ways(qtbot: QtBot, tmp_path: Path) -> None:
    info = BackupInfo(tmp_path / "b.sqlite", datetime(2026, 5, 1, 8, 0), "daily", 9000, 12)
    dialog = DamagedLibraryDialog(tmp_path / "library.sqlite", "file is not a database", info)
    qtbot.addWidget(dialog)
    assert "2026-05-01 08:00" in dialog.restore_button.text()
    assert "12 articles" in dialog.restore_button.text()
    assert any("file is not a database" in label.text() for label in dialog.findChildren(QLabel))
    dialog.new_button.click()
    assert dialog.choice is Rescue.NEW_LIBRARY and dialog.result() == dialog.DialogCode.Accepted
    without = DamagedLibraryDialog(tmp_path / "library.sqlite", "damaged", None)
    qtbot.addWidget(without)
    assert not without.restore_button.isEnabled()
    without.quit_button.click()
    assert without.choice is Rescue.QUIT


def damaged_library_with_backup(path: Path) -> bytes:
    library = Library.open(path, seed_samples=True)
    create_backup(path, reason="daily")
    library.close()
    path.write_bytes(GARBAGE)
    return GARBAGE


def open_damaged(path: Path) -> CorruptLibraryError:
    with pytest.raises(CorruptLibraryError) as caught:
        Library.open(path)
    return caught.value


def damaged_copies(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.stem}.damaged-*{path.suffix}"))


def test_rescue_restores_the_latest_backup_and_keeps_the_damaged_file(
    library_path: Path,
) -> None:
    original = damaged_library_with_backup(library_path)
    reports: list[str] = []
    library = rescue(
        library_path,
        open_damaged(library_path),
        ask=lambda _p, _e, latest: Rescue.RESTORE if latest else Rescue.QUIT,
        report=lambda _title, text: reports.append(text),
    )
    assert library is not None
    assert len(library.list()) == 3
    library.close()
    (kept,) = damaged_copies(library_path)
    assert kept.read_bytes() == original
    assert str(kept) in reports[0] and "restored" in reports[0]


def test_rescue_new_library_or_another_file(library_path: Path, tmp_path: Path) -> None:
    damaged_library_with_backup(library_path)
    other = tmp_path / "other.sqlite"
    Library.open(other).close()
    choices = iter([Rescue.OPEN_OTHER, Rescue.OPEN_OTHER])
    picked = iter([None, other])  # the first file dialog is cancelled: asked again
    library = rescue(
        library_path,
        open_damaged(library_path),
        ask=lambda *_: next(choices),
        pick_file=lambda _start: next(picked),
        report=lambda *_: None,
    )
    assert library is not None and library.path == other
    library.close()
    assert library_path.read_bytes() == GARBAGE  # another file opened: left where it was

    library = rescue(
        library_path,
        open_damaged(library_path),
        ask=lambda *_: Rescue.NEW_LIBRARY,
        report=lambda *_: None,
    )
    assert library is not None and len(library.list()) == 3  # a new one, with the samples
    library.close()
    assert [p.read_bytes() for p in damaged_copies(library_path)] == [GARBAGE]


def test_rescue_through_the_real_dialog(qtbot: QtBot, library_path: Path) -> None:
    damaged_library_with_backup(library_path)

    def click_restore() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, DamagedLibraryDialog):
            QTimer.singleShot(50, click_restore)
            return
        dialog.findChild(QPushButton, "restoreLatest").click()  # type: ignore[union-attr]

    QTimer.singleShot(0, click_restore)
    library = rescue(library_path, open_damaged(library_path), report=lambda *_: None)
    assert library is not None and len(library.list()) == 3
    library.close()
    assert len(damaged_copies(library_path)) == 1


def test_rescue_quit_changes_nothing(library_path: Path) -> None:
    damaged_library_with_backup(library_path)
    assert rescue(library_path, open_damaged(library_path), ask=lambda *_: Rescue.QUIT) is None
    assert library_path.read_bytes() == GARBAGE
    assert damaged_copies(library_path) == []


# --- a library that cannot be written --------------------------------------------------------


def test_read_only_library_reads_and_refuses_edits_clearly(
    qtbot: QtBot, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Library.open(library_path, seed_samples=True).close()
    before = library_path.read_bytes()
    monkeypatch.setattr(db, "writable", lambda _path: False)
    window = make_window(qtbot, library_path)
    qtbot.waitUntil(lambda: window.current is not None, timeout=5000)
    mark = window.statusBar().findChild(QLabel, "readOnlyMark")
    assert mark is not None and mark.isVisible() and "read-only" in mark.toolTip()
    assert window.current is not None and window.current.text  # reading works

    select_word(window, window.current.text.split()[2])
    window.act.highlight.trigger()
    assert window.annotations.highlights == []
    assert window.undo_stack.count() == 0  # nothing unsaved left to undo
    box = window.findChild(QMessageBox, "writeFailed")
    assert box is not None and "read-only" in box.text()
    box.close()
    window.notes_tab.article_note.set_note("")
    window.notes_tab.article_note.edit.setPlainText("a note that cannot be saved")
    window.notes_tab.article_note.edit.noteChanged.emit("a note that cannot be saved")
    assert window.undo_stack.count() == 0
    assert window.notes_tab.article_note.edit.toPlainText() == ""  # shows what is saved
    close_window(window)
    assert library_path.read_bytes() == before


def test_full_disk_keeps_the_undo_stack_and_file_consistent(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.waitUntil(lambda: window.current is not None, timeout=5000)
    article = window.current
    assert article is not None
    conn = window.library.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    big = "A note too long for the little room left. " * 5000
    window.notes_tab.article_note.edit.noteChanged.emit(big)
    assert window.undo_stack.count() == 0
    box = window.findChild(QMessageBox, "writeFailed")
    assert box is not None and "disk is full" in box.text()
    box.close()
    conn.execute("PRAGMA max_page_count = 1073741823")
    saved = window.library.get(article.id)
    assert saved is not None and saved.note == ""
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    window.notes_tab.article_note.edit.noteChanged.emit("room again")
    assert window.undo_stack.count() == 1


# --- a second process on the same library -------------------------------------------------------


def reader_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from reader.cli import main; main()", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_changes_from_reader_cli_appear_in_the_open_window(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.waitUntil(lambda: window.current is not None, timeout=5000)
    article = window.current
    assert article is not None
    row = window.model.row_of(article.id)
    window.library_view.table.selectRow(row)
    quote = article.text.split()[4]
    db_arg = str(window.library.path)
    result = reader_cli("--db", db_arg, "highlight", str(article.id), "--quote", quote)
    assert result.returncode == 0, result.stderr
    result = reader_cli("--db", db_arg, "tag", str(article.id), "from-the-terminal")
    assert result.returncode == 0, result.stderr
    # The timer's next check (every 2 s) notices: no focus change needed.
    qtbot.waitUntil(lambda: len(window.annotations.highlights) == 1, timeout=8000)
    assert window.annotations.highlights[0].exact == quote
    qtbot.waitUntil(lambda: "from-the-terminal" in window.current.tags, timeout=8000)  # type: ignore[union-attr]
    assert window.current is not None and window.current.id == article.id  # still open
    assert window.library_view.current_id() == article.id  # selection kept
    summary = window.model.summary(window.model.row_of(article.id))
    assert summary is not None and summary.highlight_count == 1

    result = reader_cli("--db", db_arg, "delete", str(window.model.ids()[-1]))
    assert result.returncode == 0
    window.watcher.check()  # as on window activation
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=5000)


def test_gui_and_cli_writing_at_once_never_report_a_locked_database(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.waitUntil(lambda: window.current is not None, timeout=5000)
    article = window.current
    assert article is not None
    other = window.model.ids()[-1]
    failures: list[str] = []
    window.undo_stack.writeFailed.connect(failures.append)
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from reader.services.annotations import AnnotationService\n"
        "from reader.services.library import Library\n"
        "lib = Library.open(Path(sys.argv[1]))\n"
        "svc = AnnotationService(lib)\n"
        "print('ready', flush=True)\n"
        # At least 300 rounds and 2 s: a busy machine must not let it finish before the
        # window has written much at all.
        "deadline, i = time.monotonic() + 2.0, 0\n"
        "while i < 300 or time.monotonic() < deadline:\n"
        "    svc.set_article_note(int(sys.argv[2]), f'cli {i}')\n"
        "    svc.add_article_tags(int(sys.argv[2]), [f'cli-{i}'])\n"
        "    i += 1\n"
        "print('done', i, flush=True)\n"
    )
    cli = subprocess.Popen(
        [sys.executable, "-c", script, str(window.library.path), str(other)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert cli.stdout is not None
    assert cli.stdout.readline().strip() == "ready"
    words = article.text.split()
    notes = 0
    while cli.poll() is None and notes < 1000:
        notes += 1
        window.notes_tab.article_note.edit.noteChanged.emit(f"gui {notes}")
        if notes % 10 == 0:
            select_word(window, words[notes // 10 % len(words)])
            window.act.highlight.trigger()
        qtbot.wait(5)
    out, err = cli.communicate(timeout=60)
    assert cli.returncode == 0 and "done" in out, err
    rounds = int(out.split("done")[1].split()[0])
    assert notes > 5, (notes, rounds)  # the two really wrote at the same time
    assert failures == []
    assert "locked" not in err
    saved = window.library.get(article.id)
    assert saved is not None and saved.note == f"gui {notes}"
    assert (
        len(
            sqlite3.connect(window.library.path)
            .execute("SELECT * FROM article_tags WHERE article_id = ?", (other,))
            .fetchall()
        )
        == rounds
    )


def test_outside_change_keeps_the_lists_scroll_and_selection(
    qtbot: QtBot, library_path: Path
) -> None:
    library = Library.open(library_path)
    library.import_drafts(
        [
            ArticleDraft(title=f"Article {n:03}", text=f"Text number {n} of many.")
            for n in range(300)
        ],
        "test",
    )
    library.close()
    window = make_window(qtbot, library_path)
    qtbot.waitUntil(lambda: window.model.rowCount() == 300, timeout=5000)
    table = window.library_view.table
    target = window.model.ids()[150]
    window.library_view.select_article(target)
    qtbot.waitUntil(lambda: window.current is not None and window.current.id == target)
    bar = table.verticalScrollBar()
    bar.setValue(bar.maximum() // 2 + 3)
    scrolled = bar.value()
    assert scrolled > 0
    other = Library.open(library_path)  # another process would do the same
    AnnotationService(other).add_highlight(target, 0, 4, note="from elsewhere")
    other.close()
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))  # as on focus
    qtbot.waitUntil(lambda: len(window.annotations.highlights) == 1, timeout=1500)
    qtbot.waitUntil(
        lambda: window.model.summary(window.model.row_of(target)).highlight_count == 1,  # type: ignore[union-attr]
        timeout=3000,
    )
    assert bar.value() == scrolled
    assert window.library_view.selected_ids() == [target]
    close_window(window)


def test_two_windows_on_one_library_see_each_others_changes(
    qtbot: QtBot, library_path: Path
) -> None:
    first = make_window(qtbot, library_path, seed=True)
    second = make_window(qtbot, library_path)
    for win in (first, second):
        qtbot.waitUntil(lambda w=win: w.current is not None, timeout=5000)  # type: ignore[misc]
    assert first.current is not None and second.current is not None
    assert first.current.id == second.current.id
    select_word(first, first.current.text.split()[3])
    first.act.highlight.trigger()
    second.watcher.check()
    qtbot.waitUntil(lambda: len(second.annotations.highlights) == 1, timeout=3000)
    second.notes_tab.article_note.edit.noteChanged.emit("written in the second window")
    first.watcher.check()
    qtbot.waitUntil(
        lambda: first.notes_tab.article_note.edit.toPlainText() == "written in the second window",
        timeout=3000,
    )
    close_window(second)
    close_window(first)
