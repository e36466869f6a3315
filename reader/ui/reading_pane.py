"""The reading pane's place in the window, there from the first frame.

The article view (its text layout, marks, header and find bar) is built just after the
window's first paint; until then this shows the empty page it will fill, so the window
appears at once and does not change shape when the view arrives.
"""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QVBoxLayout, QWidget


class ReadingPane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readingPane")
        self.setBackgroundRole(QPalette.ColorRole.Base)  # the page colour of the text
        self.setAutoFillBackground(True)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._view: QWidget | None = None

    def set_view(self, view: QWidget) -> None:
        """Put the article view in (once); it takes the keyboard focus the pane had."""
        if self._view is not None:
            raise RuntimeError("the reading pane already has its view")
        self._view = view
        self._layout.addWidget(view)
        self.setFocusProxy(view)
