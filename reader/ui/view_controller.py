"""How the article is shown: reading font, zoom, line width, and reading mode (F11).

Each change applies at once and is remembered through Settings, so Preferences, the
View menu and the next start agree.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QFont, QKeyEvent
from PySide6.QtWidgets import QMainWindow, QWidget

from reader.settings import Settings
from reader.ui.article_view import ArticleView
from reader.ui.reading_text import COLUMN_CHARS, READING_POINT_SIZE, default_reading_font

MIN_POINTS = 8.0
MAX_POINTS = 32.0


class ViewController(QObject):
    """Reading font and column, zoom, and the distraction-free reading mode."""

    def __init__(
        self,
        window: QMainWindow,
        view: ArticleView,
        settings: Settings,
        reading_mode: QAction,
        chrome: Sequence[QWidget],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.view = view
        self.settings = settings
        self.reading_mode_action = reading_mode
        self._chrome = list(chrome)  # hidden in reading mode: everything but the article
        self._shown_before: list[tuple[QWidget, bool]] = []
        self._state_before = Qt.WindowState.WindowNoState
        self._size = max(MIN_POINTS, min(MAX_POINTS, settings.reading_font_size))
        family = settings.reading_font_family
        if family or self._size != READING_POINT_SIZE:  # the view starts with the default
            self.view.set_reading_font(self._font(family, self._size))
        if settings.line_width != COLUMN_CHARS:
            self.view.set_line_width(settings.line_width)
        reading_mode.toggled.connect(self.set_reading_mode)
        window.installEventFilter(self)

    # --- reading font --------------------------------------------------------------------

    @staticmethod
    def _font(family: str, points: float) -> QFont:
        font = default_reading_font()
        if family:
            font.setFamily(family)
        font.setPointSizeF(points)
        return font

    def font_size(self) -> float:
        return self._size

    def set_font_size(self, points: float) -> None:
        self._size = max(MIN_POINTS, min(MAX_POINTS, points))
        self.view.set_reading_font_size(self._size)
        self.settings.reading_font_size = self._size

    def zoom(self, step: int) -> None:
        """One point larger (1) or smaller (-1); 0 goes back to the normal size."""
        self.set_font_size(READING_POINT_SIZE if step == 0 else self._size + step)

    def set_font_family(self, family: str) -> None:
        """An empty family means the default: the first good serif installed."""
        self.view.set_reading_font(self._font(family, self._size))
        self.settings.reading_font_family = family

    def set_line_width(self, chars: int) -> None:
        self.settings.line_width = chars
        self.view.set_line_width(self.settings.line_width)  # clamped as stored

    # --- reading mode --------------------------------------------------------------------

    def in_reading_mode(self) -> bool:
        return bool(self._shown_before)

    def set_reading_mode(self, on: bool) -> None:
        """Only the article, full screen; leaving brings back the layout as it was."""
        if on == self.in_reading_mode():
            return
        if on:
            self._shown_before = [(w, not w.isHidden()) for w in self._chrome]
            self._state_before = self.window.windowState()
            for widget in self._chrome:
                widget.hide()
            self.window.setWindowState(self._state_before | Qt.WindowState.WindowFullScreen)
            self.view.focus_text()
        else:
            shown, self._shown_before = self._shown_before, []
            for widget, visible in shown:
                widget.setVisible(visible)
            self.window.setWindowState(self._state_before)
        if self.reading_mode_action.isChecked() != on:
            self.reading_mode_action.setChecked(on)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc that no widget took leaves reading mode; closing leaves it first, so that
        the window's layout is saved as it is outside reading mode."""
        if self.in_reading_mode():
            if event.type() == QEvent.Type.Close:
                self.set_reading_mode(False)
            elif (
                event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Escape
            ):
                self.set_reading_mode(False)
                return True
        return super().eventFilter(watched, event)
