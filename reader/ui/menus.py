"""The menu bar, the toolbar and the library's context menu, made from the window's
actions (reader/ui/actions.py). Layout only: what an action does is wired elsewhere."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar, QToolBar, QToolButton, QWidget

from reader.ui.actions import Actions


def _add_groups(menu: QMenu, *groups: Sequence[QAction]) -> None:
    """The actions of each group, with a separator between groups."""
    for index, group in enumerate(groups):
        if index:
            menu.addSeparator()
        menu.addActions(list(group))


def build_menu_bar(bar: QMenuBar, a: Actions) -> QMenu:
    """Every menu of the window; returns the Help menu (its entries change as it opens)."""
    _add_groups(
        bar.addMenu("&File"),
        [a.import_files, a.import_clipboard],
        [a.export_article, a.export_selected],
        [a.restore_backup],
        [a.quit],
    )
    _add_groups(
        bar.addMenu("&Edit"),
        [a.undo, a.redo],
        [a.copy, a.copy_markdown, a.select_all, a.edit_text],
        [a.find_in_article, a.search_library],
        [a.preferences],
    )
    article = bar.addMenu("&Article")
    _add_groups(article, [a.next_article, a.previous_article], [a.highlight])
    article.addMenu("Highlight in Colour").addActions(a.highlight_colours)
    article.addActions([a.delete_highlight, a.edit_note, a.article_note, a.edit_tags])
    _add_groups(article, [], [a.open_source, a.toggle_read], [a.delete_article])
    _add_groups(
        bar.addMenu("E&ntities"),
        [a.show_entities, a.next_mention, a.previous_mention, a.entity_filter],
        [a.entity_rules, a.reanalyse, a.pause_analysis],
        [a.show_orphans, a.delete_orphan, a.delete_all_orphans],
    )
    _add_groups(
        bar.addMenu("&View"),
        [a.zoom_in, a.zoom_out, a.zoom_reset],
        [a.focus_library, a.focus_article],
        [a.reading_mode],
    )
    help_menu = bar.addMenu("&Help")
    _add_groups(help_menu, [a.shortcuts, a.about], [a.install_desktop, a.uninstall_desktop])
    return help_menu


def build_toolbar(window: QMainWindow, a: Actions) -> QToolBar:
    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.addActions([a.import_files, a.delete_article])
    toolbar.addSeparator()
    toolbar.addAction(a.highlight)
    for action in a.highlight_colours:
        toolbar.addAction(action)
        button = toolbar.widgetForAction(action)
        if isinstance(button, QToolButton):  # the swatch says it; the tooltip names it
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    toolbar.addSeparator()
    toolbar.addActions([a.show_entities, a.reading_mode])
    return toolbar


def library_menu(parent: QWidget, a: Actions) -> QMenu:
    """The context menu of the library list."""
    menu = QMenu(parent)
    _add_groups(menu, [a.open_source, a.toggle_read, a.export_selected], [a.delete_article])
    return menu
