"""The open article's entity corrections that no longer apply: keeps the Entities panel's
list of them current, and deletes one or all of them as undoable steps (the Entities
menu's actions, Del in the list, the section's buttons)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoStack

from reader.services.correction_text import context, describe
from reader.services.entities import EntityService
from reader.store.entities import StoredCorrection
from reader.ui.actions import Actions
from reader.ui.commands import DeleteCorrectionsCommand
from reader.ui.entity_controller import EntityController
from reader.ui.orphan_section import OrphanEntry, OrphanSection

PANEL_CONTEXT = 16  # characters of old text either side: the panel is narrow


class OrphanController(QObject):
    def __init__(
        self,
        entities: EntityController,
        section: OrphanSection,
        act: Actions,
        undo_stack: QUndoStack,
        show_panel: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._entities = entities
        self._service: EntityService = entities.service
        self._section = section
        self._act = act
        self._undo_stack = undo_stack
        self._show_panel = show_panel
        self._article_id: int | None = None
        self._orphans: dict[int, StoredCorrection] = {}

        entities.articleEntitiesChanged.connect(self.refresh)
        section.deleteRequested.connect(lambda i: self.delete([i]))
        section.deleteAllRequested.connect(self.delete_all)
        section.chosenChanged.connect(self._update_actions)
        act.show_orphans.triggered.connect(self.reveal)
        act.delete_orphan.triggered.connect(self.delete_chosen)
        act.delete_all_orphans.triggered.connect(self.delete_all)
        self._update_actions()

    def refresh(self, article_id: int | None) -> None:
        """List the article's corrections that no longer apply (after any change of them)."""
        self._article_id = article_id
        orphans = [] if article_id is None else self._service.orphans(article_id)
        self._orphans = {c.id: c for c in orphans}
        self._section.set_entries(
            [OrphanEntry(c.id, describe(c), context(c, PANEL_CONTEXT)) for c in orphans]
        )
        self._update_actions()

    def reload(self) -> None:
        """The library changed elsewhere (reader-cli, another window): list them anew."""
        self.refresh(self._article_id)

    def reveal(self) -> None:
        """Show the list in the Entities tab with the keyboard focus on it."""
        if not self._orphans:
            self._entities.message.emit("Every correction of this article applies", 3000)
            return
        self._show_panel()
        self._section.reveal()

    def delete_chosen(self) -> None:
        """The menu's Delete (Del in the list): the chosen one; with the list closed, open
        it first, so that what is deleted has been seen."""
        chosen = self._section.chosen()
        if chosen is None or not self._section.is_expanded() or not self._section.isVisible():
            self.reveal()
            if self._orphans:
                self._entities.message.emit("Choose a correction, then press Delete", 4000)
            return
        self.delete([chosen])

    def delete_all(self) -> None:
        self.delete(list(self._orphans))

    def delete(self, ids: list[int]) -> None:
        corrections = [self._orphans[i] for i in ids if i in self._orphans]
        if self._article_id is None or not corrections:
            return
        had_focus = self._section.list.hasFocus()
        self._undo_stack.push(
            DeleteCorrectionsCommand(
                self._service, self._article_id, corrections, self._entities.reload
            )
        )
        if any(c.id in self._orphans for c in corrections):
            return  # not saved (the stack reports why); the list was left as it was
        if had_focus and self._section.count():
            self._section.list.setFocus()  # Del again deletes the next one
        if len(corrections) == 1:
            done = f"Deleted the correction {describe(corrections[0])}"
        else:
            done = f"Deleted {len(corrections)} corrections that no longer applied"
        self._entities.message.emit(f"{done}. Undo with Ctrl+Z.", 5000)

    def _update_actions(self) -> None:
        has = bool(self._orphans)
        self._act.show_orphans.setEnabled(has)
        self._act.delete_all_orphans.setEnabled(has)
        self._act.delete_orphan.setEnabled(has)
