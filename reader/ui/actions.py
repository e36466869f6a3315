"""Every QAction of the main window in one place: text, shortcut, icon, objectName.

Views and menus only connect to these; nothing else creates actions with shortcuts, so
Help › Keyboard Shortcuts can list them all and none collide.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle, QWidget

Shortcut = QKeySequence.StandardKey | str | None


class Actions:
    def __init__(self, parent: QWidget) -> None:
        self._parent = parent
        self.all: list[QAction] = []
        style = parent.style()

        # File
        self.import_files = self._make(
            "&Import Articles…",
            QKeySequence.StandardKey.Open,
            "importFiles",
            "Import article files (.txt, .md, .html, .json, .jsonl)",
        )
        self.import_files.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton))
        self.import_clipboard = self._make(
            "New Article from &Clipboard",
            "Ctrl+Shift+V",
            "importClipboard",
            "Create an article from the text or web page on the clipboard",
        )
        self.quit = self._make("&Quit", QKeySequence.StandardKey.Quit, "quit", "Quit Reader")

        # Edit
        self.copy = self._make(
            "&Copy", QKeySequence.StandardKey.Copy, "copy", "Copy the selected text"
        )
        self.select_all = self._make(
            "Select &All",
            QKeySequence.StandardKey.SelectAll,
            "selectAll",
            "Select the whole article text",
        )
        self.find_in_article = self._make(
            "&Find in Article…",
            QKeySequence.StandardKey.Find,
            "findInArticle",
            "Find text in the open article",
        )
        self.search_library = self._make(
            "&Search Library", "Ctrl+K", "searchLibrary", "Jump to the library search field"
        )

        # Article
        self.delete_article = self._make(
            "&Delete Article…",
            QKeySequence.StandardKey.Delete,
            "deleteArticle",
            "Delete the selected articles and their annotations",
        )
        self.delete_article.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_TrashIcon))
        self.open_source = self._make(
            "Open &Source Link",
            "Ctrl+Shift+O",
            "openSource",
            "Open the article's original web page in the browser",
        )
        self.toggle_read = self._make(
            "Mark as &Unread", "Ctrl+U", "toggleRead", "Mark the article as read or unread"
        )
        self.next_article = self._make(
            "&Next Article", "Ctrl+PgDown", "nextArticle", "Open the next article in the list"
        )
        self.previous_article = self._make(
            "&Previous Article",
            "Ctrl+PgUp",
            "previousArticle",
            "Open the previous article in the list",
        )

        # View
        self.zoom_in = self._make(
            "Zoom &In", QKeySequence.StandardKey.ZoomIn, "zoomIn", "Larger reading text"
        )
        self.zoom_out = self._make(
            "Zoom &Out", QKeySequence.StandardKey.ZoomOut, "zoomOut", "Smaller reading text"
        )
        self.zoom_reset = self._make(
            "&Actual Size", "Ctrl+0", "zoomReset", "Reading text at its normal size"
        )
        self.focus_library = self._make(
            "Go to &Library", "Ctrl+1", "focusLibrary", "Move the keyboard focus to the list"
        )
        self.focus_article = self._make(
            "Go to &Article", "Ctrl+2", "focusArticle", "Move the keyboard focus to the text"
        )

        # Help
        self.about = self._make("&About Reader", None, "about", "Version and data folder")

    def _make(self, text: str, shortcut: Shortcut, name: str, tip: str) -> QAction:
        action = QAction(text, self._parent)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.setToolTip(
            f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
            if shortcut
            else tip
        )
        self._parent.addAction(action)
        self.all.append(action)
        return action
