"""Start-up: QApplication, paths, open the library, build the window, show it.

Kept lean on purpose: nothing heavy (spaCy, trafilatura, sqlite-utils) is imported before
the window is on screen.
"""

from __future__ import annotations

import time

START = time.perf_counter()

import os  # noqa: E402
import sys  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from types import TracebackType  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from reader.ui.main_window import MainWindow

DAILY_BACKUP_DELAY_MS = 5000  # once the window is up and the first queries are done


@dataclass
class Arguments:
    db: str | None = None
    files: list[str] = field(default_factory=list)
    desktop: str | None = None  # "install" | "uninstall": the menu entry, then exit
    new_instance: bool = False  # never hand files over to a running window


def parse_args(argv: Sequence[str]) -> Arguments:
    """--db PATH and files; --help goes through argparse (not imported otherwise: start-up)."""
    args = Arguments()
    items = list(argv)
    if any(item in ("-h", "--help") for item in items):
        _print_help()
    index = 0
    while index < len(items):
        item = items[index]
        if item == "--db" and index + 1 < len(items):
            args.db = items[index + 1]
            index += 1
        elif item.startswith("--db="):
            args.db = item.split("=", 1)[1]
        elif item in ("--install-desktop", "--uninstall-desktop"):
            args.desktop = item[2:].split("-", 1)[0]
        elif item == "--new-instance":
            args.new_instance = True
        elif not item.startswith("-"):
            args.files.append(item)
        index += 1  # other options belong to Qt (-style, -platform ...)
    return args


def _print_help() -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="reader", description="Read and annotate news articles.")
    parser.add_argument("--db", help="library file (default: READER_DB or your data folder)")
    parser.add_argument("files", nargs="*", help="article files to import and open")
    parser.add_argument(
        "--new-instance",
        action="store_true",
        help="open a new window even if Reader is running on this library "
        "(default: hand the files to the running window; also READER_NEW_INSTANCE=1)",
    )
    parser.add_argument(
        "--install-desktop",
        action="store_true",
        help="add Reader to the applications menu and 'Open With' (Linux), then exit",
    )
    parser.add_argument(
        "--uninstall-desktop", action="store_true", help="remove that menu entry, then exit"
    )
    parser.print_help()
    sys.exit(0)


def _log_file() -> Path | None:
    from reader.paths import data_dir

    try:
        folder = data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        return folder / "reader.log"
    except OSError:
        return None


def _setup_logging() -> None:
    """Logging goes to a file in the data folder; set up once the window is on screen."""
    import logging

    log_path = _log_file()
    logging.basicConfig(
        filename=str(log_path) if log_path else None,
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def _install_excepthook() -> None:
    """An unexpected error is logged and reported in one sentence, never as a traceback.

    The sentence is shown on the UI thread whatever thread failed (a dialog opened from a
    worker thread would hang the app), and not at all where no one can answer it."""
    from PySide6.QtCore import QObject, Signal

    class Reporter(QObject):
        failed = Signal(str)

    reporter = Reporter()  # lives on the UI thread: emits from workers arrive there queued
    reporter.failed.connect(_show_unexpected)

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        import logging

        logging.getLogger("reader").error("unexpected error", exc_info=(kind, value, tb))
        if not _headless():
            reporter.failed.emit(str(value) or kind.__name__)

    sys.excepthook = hook


def _show_unexpected(problem: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(
        None,
        "Something went wrong",
        f"Reader hit an unexpected problem: {problem}\n\n"
        "Your library is safe; the details are in the log file.",
    )


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--ner-worker"]:  # a frozen build starting its own model process
        from reader.nlp.child import main as serve_model

        sys.exit(serve_model(args[1:]))
    sys.exit(run(args))


def run(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    if args.desktop:
        from reader.desktop import main as desktop_main

        return desktop_main(args.desktop)
    if not (args.new_instance or os.environ.get("READER_NEW_INSTANCE")):
        from reader.handover import hand_over
        from reader.paths import library_path

        if hand_over(library_path(args.db), args.files):
            return 0  # the running window on this library took the files
    # The Qt-free modules before PySide: once it is imported, its import hook reads the
    # source of every module imported after it (looking for "PySide6").
    from reader.paths import library_path
    from reader.services.library import Library
    from reader.store.db import CorruptLibraryError, LibraryError

    # isort: split
    from PySide6.QtWidgets import QApplication, QMessageBox

    from reader.settings import APPLICATION, ORGANISATION

    QApplication.setOrganizationName(ORGANISATION)
    QApplication.setApplicationName(APPLICATION)
    QApplication.setApplicationDisplayName("Reader")
    QApplication.setDesktopFileName("reader")
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        from reader.ui.theme import create_application

        app = create_application([sys.argv[0], *argv])
    _install_excepthook()

    from reader.settings import Settings

    settings = Settings()
    path = library_path(args.db, settings.library_file)
    try:
        library = Library.open(path, seed_samples=True, backup_keep=settings.backup_count)
    except CorruptLibraryError as exc:
        _setup_logging()
        from reader.store.backup import damaged_hint

        print(f"reader: {exc}{damaged_hint(path)}", file=sys.stderr)
        if _headless():
            return 1
        _set_app_icon()
        from reader.ui.library_rescue import rescue

        rescued = rescue(path, exc, backup_keep=settings.backup_count)
        if rescued is None:
            return 1
        library = rescued
    except LibraryError as exc:
        _setup_logging()
        print(f"reader: {exc}", file=sys.stderr)
        if not _headless():
            _set_app_icon()
            QMessageBox.critical(None, "Cannot open the library", str(exc))
        return 1

    from reader.ui.main_window import MainWindow
    from reader.ui.theme import apply_theme

    apply_theme(settings.theme)  # before the window: its widgets are polished once
    window = MainWindow(library, settings)
    _bench_hooks(app, window)
    window.show()
    # Once the window is on screen: the log file, listening for later launches, and the
    # files this launch was given.
    window.firstShown.connect(lambda: _after_shown(window, path, args.files))
    code = app.exec()
    if window.isVisible():  # the loop ended without a close (app.quit()): stop its workers
        window.close()
    library.close()
    for task in window.after_close:  # e.g. moving the library file, then restarting
        task()
    return code


def _after_shown(window: MainWindow, library: Path, files: list[str]) -> None:
    from PySide6.QtCore import QTimer

    from reader.ui.single_instance import open_files, serve

    _set_app_icon()
    _setup_logging()
    serve(window, library)
    open_files(window, [Path(f) for f in files])
    QTimer.singleShot(DAILY_BACKUP_DELAY_MS, window.backups.backup_if_due)


def _set_app_icon() -> None:
    """Set once something is on screen: X11 taskbars pick up a later icon, and reading the
    icon files is not worth delaying the first paint for."""
    from PySide6.QtWidgets import QApplication

    from reader.ui.app_icon import app_icon

    QApplication.setWindowIcon(app_icon())


def _headless() -> bool:
    """No one can answer a dialog: an offscreen/minimal platform, or READER_NO_DIALOGS."""
    from PySide6.QtGui import QGuiApplication

    if os.environ.get("READER_NO_DIALOGS"):
        return True
    return QGuiApplication.platformName() in ("offscreen", "minimal")


def _bench_hooks(app: QApplication, window: MainWindow) -> None:
    """Benchmarks ask the app to report when it is on screen, then to quit. "Shown" is
    as in benchmarks/bare_window.py: the window's first paint has been delivered and a
    zero timer armed right after show() has fired, whichever comes later. With the value
    "rows": when the library's first rows are painted (the window paints them at once,
    then builds its panels before the event loop runs again)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    mode = os.environ.get("READER_BENCH_EXIT_ON_SHOWN")
    if mode:

        class FirstPaint(QObject):
            def __init__(self) -> None:
                super().__init__(app)
                self.painted = self.timed = self.reported = False
                self.listed = mode != "rows"  # rows: wait for the first results
                window.resultsShown.connect(self.results)

            def results(self) -> None:
                self.listed = True

            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if self.painted or not self.listed:
                    return False
                if event.type() in (QEvent.Type.Paint, QEvent.Type.Expose) and self.is_target(
                    watched
                ):
                    self.painted = True
                    if mode == "rows":  # the window paints the rows, then builds its panels
                        self.timed = True
                        self.report()
                    else:
                        QTimer.singleShot(0, self.report)  # once this paint is handled
                return False

            def is_target(self, watched: QObject) -> bool:
                if mode == "rows":
                    return watched is window.library_view.table.viewport()
                handle = window.windowHandle()
                return watched is window or (handle is not None and watched is handle)

            def timer(self) -> None:
                self.timed = True
                self.report()

            def report(self) -> None:
                if self.painted and self.timed and not self.reported:
                    self.reported = True
                    print(f"shown {time.perf_counter() - START:.4f}", flush=True)
                    app.quit()

        watcher = FirstPaint()
        app.installEventFilter(watcher)
        QTimer.singleShot(0, watcher.timer)
    after = os.environ.get("READER_BENCH_EXIT_AFTER_MS")
    if after and after.isdigit():
        QTimer.singleShot(int(after), app.quit)
