"""Baseline for start-up and memory: a bare PySide6 QMainWindow, started like Reader.

Same contract as ``reader/app.py``:

- ``READER_BENCH_EXIT_ON_SHOWN=1``: print ``shown <seconds since START>`` on stdout once the
  window is shown and the event loop has processed its first paint, then quit.
- ``READER_BENCH_EXIT_AFTER_MS=N``: quit N ms after ``show()`` (used to measure peak RSS).

``START`` is taken before any import, as at the top of reader/app.py. "Shown" means both:
a ``QTimer.singleShot(0)`` armed right after ``show()`` has fired, and the first Paint (or
Expose) event of the window has been delivered. ``--timer-only`` reports at the timer alone,
to see whether waiting for the paint changes the figure.

    uv run python benchmarks/bare_window.py            # just opens the window
"""

from __future__ import annotations

import time

START = time.perf_counter()

import os  # noqa: E402
import sys  # noqa: E402

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget  # noqa: E402


class FirstPaint(QObject):
    """Calls ``done`` once, at the later of: first paint/expose of ``window``, timer fired."""

    def __init__(self, window: QWidget, done: object, need_paint: bool) -> None:
        super().__init__()
        self.window = window
        self.done = done
        self.painted = not need_paint
        self.timer_fired = False
        self.reported = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.painted and event.type() in (QEvent.Type.Paint, QEvent.Type.Expose):
            handle = self.window.windowHandle()
            if watched is self.window or (handle is not None and watched is handle):
                self.painted = True
                # Report from the event loop, after this paint has been handled.
                QTimer.singleShot(0, self.maybe_report)
        return False

    def timer(self) -> None:
        self.timer_fired = True
        self.maybe_report()

    def maybe_report(self) -> None:
        if self.painted and self.timer_fired and not self.reported:
            self.reported = True
            self.done()  # type: ignore[operator]


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("Bare window")
    window.setCentralWidget(QWidget())
    window.resize(1200, 800)

    exit_on_shown = bool(os.environ.get("READER_BENCH_EXIT_ON_SHOWN"))

    def shown() -> None:
        if exit_on_shown:
            print(f"shown {time.perf_counter() - START:.4f}", flush=True)
            app.quit()

    watcher = FirstPaint(window, shown, need_paint="--timer-only" not in sys.argv)
    app.installEventFilter(watcher)
    window.show()
    QTimer.singleShot(0, watcher.timer)
    after = os.environ.get("READER_BENCH_EXIT_AFTER_MS", "")
    if after.isdigit():
        QTimer.singleShot(int(after), app.quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
