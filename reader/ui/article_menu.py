"""The context menu of the article's text, made from the window's actions."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint
from PySide6.QtWidgets import QMenu, QWidget

from reader.ui.actions import Actions
from reader.ui.annotation_controller import AnnotationController
from reader.ui.article_view import ArticleView
from reader.ui.entity_controller import EntityController


class ArticleMenu(QObject):
    """Right-click in the text: copy, highlight, the highlight under the mouse, and the
    entity entries (change type, remove, rules, articles mentioning it)."""

    def __init__(
        self,
        act: Actions,
        view: ArticleView,
        annotations: AnnotationController,
        entities: EntityController,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._act = act
        self._view = view
        self._annotations = annotations
        self._entities = entities
        self._window = window
        view.contextMenuRequested.connect(self.popup)

    def popup(self, global_pos: QPoint, offset: int) -> None:
        self.build(offset).popup(global_pos)

    def build(self, offset: int) -> QMenu:
        """The menu for a right-click at `offset` in the text (-1: outside it). A highlight
        there becomes the chosen one, so its entries act on it."""
        a = self._act
        menu = QMenu(self._window)
        menu.addAction(a.copy)
        menu.addSeparator()
        if self._view.selected_range() is not None:
            menu.addAction(a.highlight)
            colours = menu.addMenu("Highlight in Colour")
            colours.addActions(a.highlight_colours)
        under = self._annotations.highlight_at(offset) if offset >= 0 else None
        if under is not None:
            self._annotations.choose(under)
            menu.addAction(a.edit_note)
            recolour = menu.addMenu("Change Highlight Colour")
            for action in a.highlight_colours:
                colour = str(action.data())
                item = recolour.addAction(action.icon(), colour.capitalize())
                item.triggered.connect(
                    lambda _checked=False, c=colour: self._annotations.recolour_current(c)
                )
            menu.addAction(a.delete_highlight)
        menu.addSeparator()
        self._entities.build_menu(menu, offset)
        return menu
