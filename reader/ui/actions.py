"""Every QAction of the main window in one place: text, shortcut, icon, objectName.

Views and menus only connect to these; nothing else creates actions with shortcuts, so
Help › Keyboard Shortcuts can list them all and none collide.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QPalette, QUndoStack
from PySide6.QtWidgets import QWidget

from reader.ui.highlight_colours import HIGHLIGHT_COLOUR_NAMES, colour_icon, is_dark_palette
from reader.ui.icons import line_icon

Shortcut = QKeySequence.StandardKey | str | None


class Actions:
    def __init__(self, parent: QWidget, undo_stack: QUndoStack) -> None:
        self._parent = parent
        self.all: list[QAction] = []

        # Undo/redo name the action they undo ("Undo Mark “Lavrov” as Person").
        self.undo = undo_stack.createUndoAction(parent, "&Undo")
        self.undo.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.undo.setObjectName("undo")
        self.redo = undo_stack.createRedoAction(parent, "&Redo")
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo.setObjectName("redo")
        for action in (self.undo, self.redo):
            parent.addAction(action)
            self.all.append(action)

        # File
        self.import_files = self._make(
            "&Import Articles…",
            QKeySequence.StandardKey.Open,
            "importFiles",
            "Import article files (.txt, .md, .html, .json, .jsonl)",
        )
        self.import_clipboard = self._make(
            "New Article from &Clipboard",
            "Ctrl+Shift+V",
            "importClipboard",
            "Create an article from the text or web page on the clipboard",
        )
        self.restore_backup = self._make(
            "&Restore from Backup…",
            "Ctrl+Shift+B",
            "restoreBackup",
            "Go back to one of the library's backups (the current state is backed up first)",
        )
        self.quit = self._make("&Quit", QKeySequence.StandardKey.Quit, "quit", "Quit Reader")
        if self.quit.shortcut().isEmpty():  # no standard key without a desktop's theme
            self.quit.setShortcut(QKeySequence("Ctrl+Q"))
            set_tooltip(self.quit)
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)
        # Export (Ctrl+E and Ctrl+Shift+E belong to the entity actions)
        self.export_article = self._make(
            "&Export Current Article…",
            "Ctrl+Shift+S",
            "exportArticle",
            "Export the open article with its highlights and notes (Markdown, HTML, PDF…)",
        )
        self.export_selected = self._make(
            "Export &Selected Articles…",
            "Ctrl+Alt+Shift+S",
            "exportSelected",
            "Export the articles selected in the list, one file each or all in one",
        )
        self.copy_markdown = self._make(
            "Copy as &Markdown",
            "Ctrl+Shift+C",
            "copyMarkdown",
            "Copy the selected text, or the chosen highlight and its note, as Markdown",
        )

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
        self.edit_text = self._make(
            "&Edit Article Text…",
            "Ctrl+Shift+T",
            "editText",
            "Correct the article's text (highlights follow their words)",
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

        # Annotations: active while the reading pane has the focus (1-5 and H are plain keys)
        self.highlight = self._make(
            "&Highlight Selection",
            "H",
            "highlight",
            "Highlight the selected text in the default colour",
        )
        self.highlight.setIconText("Highlight")
        self.highlight_colours: list[QAction] = []
        for number, colour in enumerate(HIGHLIGHT_COLOUR_NAMES, start=1):
            action = self._make(
                f"Highlight {colour.capitalize()}",
                str(number),
                f"highlight_{colour}",
                f"Highlight the selected text in {colour}",
            )
            action.setData(colour)  # its swatch icon comes with set_icon_palette()
            self.highlight_colours.append(action)
        self.delete_highlight = self._make(
            "Delete Highlig&ht",
            QKeySequence.StandardKey.Delete,
            "deleteHighlight",
            "Delete the chosen highlight (its note and tags too)",
        )
        self.edit_note = self._make(
            "Edit Highlight &Note", "N", "editNote", "Write a note on the chosen highlight"
        )
        self.article_note = self._make(
            "Edit Article N&ote",
            "Ctrl+Shift+N",
            "articleNote",
            "Write a note on the whole article",
        )
        self.edit_tags = self._make(
            "&Tag Article…", "Ctrl+T", "editTags", "Add or remove the article's tags"
        )

        # Entities
        self.show_entities = self._make(
            "Show &Entity Marks",
            "Ctrl+E",
            "showEntities",
            "Show or hide the marks on people, organisations, places…",
        )
        self.show_entities.setCheckable(True)
        self.show_entities.setIconText("Entities")
        self.show_entities.setChecked(True)
        self.next_mention = self._make(
            "&Next Mention", "F3", "nextMention", "Select the entity's next mention"
        )
        self.previous_mention = self._make(
            "&Previous Mention",
            "Shift+F3",
            "previousMention",
            "Select the entity's previous mention",
        )
        self.entity_filter = self._make(
            "&Articles Mentioning It",
            "Ctrl+Shift+E",
            "entityFilter",
            "List the articles that mention the chosen entity",
        )
        self.entity_rules = self._make(
            "Entity &Rules…",
            "Ctrl+Shift+R",
            "entityRules",
            "The corrections you applied to all articles",
        )
        self.reanalyse = self._make(
            "&Find Entities Again",
            QKeySequence.StandardKey.Refresh,
            "reanalyse",
            "Run entity recognition on this article again (your corrections are kept)",
        )
        self.pause_analysis = self._make(
            "&Pause Analysis",
            "Ctrl+Shift+P",
            "pauseAnalysis",
            "Pause or resume entity recognition in the background",
        )
        self.pause_analysis.setCheckable(True)
        # Corrections whose words an edit removed (the panel's "no longer apply" section)
        self.show_orphans = self._make(
            "Corrections That &No Longer Apply",
            "Ctrl+Shift+L",  # Ctrl+Alt+letter is AltGr on many layouts
            "showOrphans",
            "List the open article's entity corrections whose words are no longer in it",
        )
        self.delete_orphan = self._make(
            "&Delete Correction That No Longer Applies",
            QKeySequence.StandardKey.Delete,
            "deleteOrphan",
            "Delete the correction chosen in the Entities panel's list of those that"
            " no longer apply",
        )
        self.delete_all_orphans = self._make(
            "Delete &All Corrections That No Longer Apply",
            "Ctrl+Shift+Del",
            "deleteAllOrphans",
            "Delete every correction of the open article that no longer applies (one undo)",
        )

        # View
        self.zoom_in = self._make(
            "Zoom &In", QKeySequence.StandardKey.ZoomIn, "zoomIn", "Larger reading text"
        )
        # Ctrl++ needs Shift on most layouts; Ctrl+= is the same key without it.
        self.zoom_in.setShortcuts([*self.zoom_in.shortcuts(), QKeySequence("Ctrl+=")])
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

        # Help. About has no shortcut: no platform gives it one, and it is seldom wanted.
        self.about = self._make("&About Reader", None, "about", "Version and data folder")
        self.about.setMenuRole(QAction.MenuRole.AboutRole)

        # Comfort: preferences, reading mode, the list of shortcuts
        self.preferences = self._make(
            "&Preferences…",
            QKeySequence.StandardKey.Preferences,
            "preferences",
            "Reading font, line width, theme, highlights, entities and the library file",
        )
        if self.preferences.shortcut().isEmpty():  # Linux and Windows have no standard key
            self.preferences.setShortcut(QKeySequence("Ctrl+,"))
            set_tooltip(self.preferences)
        self.preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.reading_mode = self._make(
            "&Reading Mode",
            QKeySequence.StandardKey.FullScreen,
            "readingMode",
            "Only the article, full screen (Esc or the same key leaves)",
        )
        self.reading_mode.setCheckable(True)
        self.shortcuts = self._make(
            "&Keyboard Shortcuts",
            QKeySequence.StandardKey.HelpContents,
            "keyboardShortcuts",
            "Every command with its keyboard shortcut, searchable",
        )
        self.shortcuts.setShortcuts([*self.shortcuts.shortcuts(), QKeySequence("Ctrl+/")])
        # No shortcuts: once-per-machine set-up, where a key would only invite accidents.
        self.install_desktop = self._make(
            "Add to Applications &Menu",
            None,
            "installDesktop",
            "Put Reader in the desktop's applications menu and its Open With lists",
        )
        self.uninstall_desktop = self._make(
            "&Remove from Applications Menu",
            None,
            "uninstallDesktop",
            "Take Reader out of the applications menu",
        )
        self._line_icons = {
            self.import_files: "import",
            self.delete_article: "delete",
            self.highlight: "highlight",
            self.show_entities: "entities",
            self.preferences: "preferences",
            self.reading_mode: "reading-mode",
            self.shortcuts: "keyboard",
        }
        self.set_icon_palette(parent.palette())

    def set_icon_palette(self, palette: QPalette) -> None:
        """Icons drawn for this palette: line icons in its text colour, highlight swatches
        in the light- or dark-theme colours (called again on a theme change)."""
        for action, name in self._line_icons.items():
            action.setIcon(line_icon(name, palette))
        dark = is_dark_palette(palette)
        for action in self.highlight_colours:
            action.setIcon(colour_icon(str(action.data()), dark))

    def enable_for_article(self, has_article: bool, has_source: bool, can_delete: bool) -> None:
        """Grey out what needs an open article (Delete also acts on the library's
        selection, Open Source needs the article's web address)."""
        for action in (self.toggle_read, self.copy, self.select_all, self.find_in_article):
            action.setEnabled(has_article)
        self.open_source.setEnabled(has_source)
        self.delete_article.setEnabled(can_delete)

    def scope(self, action: QAction, widgets: Sequence[QWidget]) -> None:
        """Let a plain-key shortcut (Del, H, N, 1-5) act only in these widgets and their
        children instead of anywhere in the window."""
        self._parent.removeAction(action)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for widget in widgets:
            widget.addAction(action)

    def _make(self, text: str, shortcut: Shortcut, name: str, tip: str) -> QAction:
        action = QAction(text, self._parent)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        set_tooltip(action)
        self._parent.addAction(action)
        self.all.append(action)
        return action


def set_tooltip(action: QAction) -> None:
    """The status tip with the shortcut, as the platform writes it: "… (Ctrl+O)"."""
    key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{action.statusTip()} ({key})" if key else action.statusTip())
