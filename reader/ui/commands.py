"""Every user edit as a small QUndoCommand that calls services only.

Each command saves at once (redo writes to the database) and undo writes the previous
state back, so Ctrl+Z after a restart-free session restores exactly what was there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtGui import QUndoCommand

from reader.nlp.labels import display_name
from reader.nlp.rules import normalise
from reader.services.entities import EntityService
from reader.store.entities import StoredCorrection, StoredRule

Changed = Callable[[int | None], None]  # article id whose entities changed, None = all


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class CorrectEntityCommand(QUndoCommand):
    """The user says a range of this article is an entity of a type, or no entity."""

    def __init__(
        self,
        service: EntityService,
        article_id: int,
        start: int,
        end: int,
        label: str,
        text: str,
        changed: Changed,
    ) -> None:
        if label:
            title = f"Mark “{_short(text)}” as {display_name(label)}"
        else:
            title = f"Remove Entity “{_short(text)}”"
        super().__init__(title)
        self._service = service
        self._article_id = article_id
        self._range = (start, end)
        self._label = label
        self._changed = changed
        self._correction_id: int | None = None
        self._replaced: list[StoredCorrection] = []

    def redo(self) -> None:
        store = self._service.store
        start, end = self._range
        self._replaced = [
            c
            for c in store.corrections(self._article_id)
            if (c.span.start, c.span.end) == self._range
        ]
        self._correction_id = self._service.correct(self._article_id, start, end, self._label)
        self._changed(self._article_id)

    def undo(self) -> None:
        if self._correction_id is not None:
            self._service.undo_correction(self._article_id, self._correction_id)
        # Exactly as they were (same ids): an undo of a later text edit restores them by id.
        if self._replaced:
            self._service.restore_corrections(self._article_id, self._replaced)
        self._changed(self._article_id)


class AddRuleCommand(QUndoCommand):
    """ "Apply to all articles": this text is always this type (label "" = never an entity)."""

    def __init__(self, service: EntityService, text: str, label: str, changed: Changed) -> None:
        if label:
            title = f"Always Mark “{_short(text)}” as {display_name(label)}"
        else:
            title = f"Never Mark “{_short(text)}”"
        super().__init__(title)
        self._service = service
        self._text = text
        self._label = label
        self._changed = changed
        self._rule_id: int | None = None
        self._previous: StoredRule | None = None

    def redo(self) -> None:
        key = normalise(self._text)
        existing = [r for r in self._service.store.rules() if normalise(r.text) == key]
        self._previous = existing[0] if existing else None
        self._rule_id = self._service.add_rule(self._text, self._label)
        self._changed(None)

    def undo(self) -> None:
        if self._rule_id is not None:
            self._service.delete_rule(self._rule_id)
        if self._previous is not None:
            self._service.restore_rule(self._previous)
        self._changed(None)


class DeleteRuleCommand(QUndoCommand):
    def __init__(self, service: EntityService, rule: StoredRule, changed: Changed) -> None:
        super().__init__(f"Delete Rule “{_short(rule.text)}”")
        self._service = service
        self._rule = rule
        self._changed = changed

    def redo(self) -> None:
        self._service.delete_rule(self._rule.id)
        self._changed(None)

    def undo(self) -> None:
        # Restored under a new id if another rule took the old one: redo deletes that id.
        self._rule = replace(self._rule, id=self._service.restore_rule(self._rule))
        self._changed(None)


class DeleteCorrectionsCommand(QUndoCommand):
    """Delete corrections of one article that no longer apply (one, or all of them as one
    step); undo puts them back exactly as they were, still waiting for their words."""

    def __init__(
        self,
        service: EntityService,
        article_id: int,
        corrections: list[StoredCorrection],
        changed: Changed,
    ) -> None:
        if len(corrections) == 1:
            title = f"Delete Correction “{_short(corrections[0].span.text)}”"
        else:
            title = f"Delete {len(corrections)} Corrections That No Longer Apply"
        super().__init__(title)
        self._service = service
        self._article_id = article_id
        self._ids = [c.id for c in corrections]
        self._deleted: list[StoredCorrection] = []
        self._changed = changed

    def redo(self) -> None:
        # As they are now (another window may have changed one since the list was shown).
        self._deleted = self._service.delete_corrections(self._article_id, self._ids)
        self._changed(self._article_id)

    def undo(self) -> None:
        self._service.restore_corrections(self._article_id, self._deleted)
        self._changed(self._article_id)
