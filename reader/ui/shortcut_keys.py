"""The user's own keyboard shortcuts: each action's defaults as the platform gives them
(standard keys included), the user's differences on top, remembered by objectName.

Only differences are stored, so a later version's new default for an action still reaches
everyone who never changed that action. Keys are kept as portable text ("Ctrl+J"), one
key combination each; a stored value that does not parse is ignored (the defaults stay).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QKeyCombination, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from reader.settings import Settings
from reader.ui.actions import set_tooltip

Keys = tuple[str, ...]
PORTABLE = QKeySequence.SequenceFormat.PortableText
NATIVE = QKeySequence.SequenceFormat.NativeText
SEPARATOR = "; "  # what QKeySequence.listToString uses; "Ctrl+;; F6" still splits right

_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
# Keys that lists and text need for themselves (as does any printable character): alone,
# as a window-wide shortcut, they would fight with typing and moving through the list.
_EDITING_KEYS = frozenset(
    {
        Qt.Key.Key_Backspace,
        Qt.Key.Key_Return,
        Qt.Key.Key_Enter,
        Qt.Key.Key_Insert,
        Qt.Key.Key_Delete,
        Qt.Key.Key_Home,
        Qt.Key.Key_End,
        Qt.Key.Key_Left,
        Qt.Key.Key_Up,
        Qt.Key.Key_Right,
        Qt.Key.Key_Down,
        Qt.Key.Key_PageUp,
        Qt.Key.Key_PageDown,
        Qt.Key.Key_Menu,
    }
)
# Alone, these move between fields and leave reading mode and dialogs: never a shortcut.
_RESERVED_KEYS = frozenset({Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backtab})


def native(key: str) -> str:
    """A portable key as the platform writes it (⌘J on macOS)."""
    return QKeySequence.fromString(key, PORTABLE).toString(NATIVE)


def parse_keys(value: object) -> Keys | None:
    """Stored keys back to a tuple, or None when the value is not one we wrote."""
    if not isinstance(value, str):
        return None
    if not value.strip():
        return ()
    keys: list[str] = []
    for part in value.split(SEPARATOR):
        sequence = QKeySequence.fromString(part.strip(), PORTABLE)
        if _single(sequence) is None:
            return None
        text = sequence.toString(PORTABLE)
        if not text:
            return None
        if text not in keys:
            keys.append(text)
    return tuple(keys)


def places(action: QAction) -> set[QWidget] | None:
    """The widgets a pane-scoped shortcut works in (None: anywhere in the window)."""
    if action.shortcutContext() != Qt.ShortcutContext.WidgetWithChildrenShortcut:
        return None
    return {
        obj
        for obj in action.associatedObjects()
        if isinstance(obj, QWidget) and not isinstance(obj, QMenu)
    }


def overlap(first: QAction, second: QAction) -> bool:
    """Whether the two actions' shortcuts can fire in the same place (Del may delete a
    highlight in the text and articles in the list: different panes, no clash)."""
    mine, theirs = places(first), places(second)
    return mine is None or theirs is None or bool(mine & theirs)


def key_problem(action: QAction, key: str) -> str | None:
    """Why this key cannot be the action's shortcut, in words for the user (None: it can)."""
    sequence = QKeySequence.fromString(key, PORTABLE)
    combination = _single(sequence)
    if combination is None:
        return f"“{key}” is not a key combination Reader can use."
    bare = not combination.keyboardModifiers() & _COMMAND_MODIFIERS
    name = sequence.toString(NATIVE)
    if bare and combination.key() in _RESERVED_KEYS:
        return f"{name} alone moves between fields and closes dialogs: it cannot be a shortcut."
    typing = combination.key().value < Qt.Key.Key_Escape.value  # a character
    if bare and places(action) is None and (typing or combination.key() in _EDITING_KEYS):
        return (
            f"{name} alone would act anywhere in the window, where plain keys are for "
            f"typing and for moving through lists. Add Ctrl or Alt, or use a function key."
        )
    return None


class ShortcutKeys(QObject):
    """Applies and remembers the user's keys; the dialog asks it what clashes."""

    changed = Signal()

    def __init__(
        self, actions: Iterable[QAction], settings: Settings, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._actions: dict[str, QAction] = {}
        self._defaults: dict[str, Keys] = {}
        for action in actions:
            name = action.objectName()
            if name and name not in self._actions:
                self._actions[name] = action
                self._defaults[name] = _texts(action.shortcuts())
        self._load()

    # --- reading -------------------------------------------------------------------------

    def action(self, name: str) -> QAction | None:
        return self._actions.get(name)

    def names(self) -> list[str]:
        return list(self._actions)

    def keys(self, name: str) -> Keys:
        return _texts(self._actions[name].shortcuts())

    def defaults(self, name: str) -> Keys:
        return self._defaults[name]

    def is_changed(self, name: str) -> bool:
        return self.keys(name) != self._defaults[name]

    def conflicts(self, name: str, key: str) -> list[QAction]:
        """The other actions that already answer this key where this one would."""
        mine = self._actions[name]
        return [
            other
            for other_name, other in self._actions.items()
            if other_name != name and key in self.keys(other_name) and overlap(mine, other)
        ]

    def snapshot(self) -> dict[str, Keys]:
        """Every action's keys now, for undo in the dialog."""
        return {name: self.keys(name) for name in self._actions}

    # --- changing (each change is applied and remembered at once) ------------------------

    def set_keys(self, name: str, keys: Sequence[str]) -> None:
        """Give the action exactly these keys; other actions that used one lose it."""
        wanted = tuple(dict.fromkeys(key for key in keys if key))
        for key in wanted:
            for other in self.conflicts(name, key):
                other_name = other.objectName()
                self._apply(other_name, tuple(k for k in self.keys(other_name) if k != key))
                self._save(other_name)
        self._apply(name, wanted)
        self._save(name)
        self.changed.emit()

    def set_key(self, name: str, slot: int, key: str) -> None:
        """Put a key in the first (main) or second (alternative) place, keeping the rest."""
        keys = list(self.keys(name))
        if key in keys:
            keys.remove(key)
        if slot < len(keys):
            keys[slot] = key
        else:
            keys.append(key)
        self.set_keys(name, keys)

    def remove_key(self, name: str, slot: int) -> None:
        keys = list(self.keys(name))
        if slot < len(keys):
            del keys[slot]
            self.set_keys(name, keys)

    def reset(self, name: str) -> None:
        self.set_keys(name, self._defaults[name])

    def reset_all(self) -> None:
        for name in self._actions:
            self._apply(name, self._defaults[name])
            self._save(name)
        self.changed.emit()

    def restore(self, snapshot: dict[str, Keys]) -> None:
        """Put back what snapshot() returned (the dialog's Undo)."""
        for name, keys in snapshot.items():
            if name in self._actions and keys != self.keys(name):
                self._apply(name, keys)
                self._save(name)
        self.changed.emit()

    # --- inside --------------------------------------------------------------------------

    def _load(self) -> None:
        chosen: dict[str, Keys] = {}
        for name, value in self._settings.shortcut_overrides().items():
            keys = parse_keys(value)
            if name in self._actions and keys is not None:
                chosen[name] = keys
        for name, keys in chosen.items():
            self._apply(name, keys)
        # A key the user chose wins over the default another action got in a later
        # version, unless the two shared it by default already (Del in different panes).
        owner = {key: name for name, keys in chosen.items() for key in keys}
        for name in self._actions:
            if name in chosen:
                continue
            defaults = self._defaults[name]
            kept = tuple(
                key for key in defaults if key not in owner or key in self._defaults[owner[key]]
            )
            if kept != defaults:
                self._apply(name, kept)

    def _apply(self, name: str, keys: Keys) -> None:
        action = self._actions[name]
        action.setShortcuts([QKeySequence.fromString(key, PORTABLE) for key in keys])
        if action.statusTip():  # undo and redo name their command in the tooltip instead
            set_tooltip(action)

    def _save(self, name: str) -> None:
        keys = self.keys(name)
        stored = None if keys == self._defaults[name] else SEPARATOR.join(keys)
        self._settings.set_shortcut_override(name, stored)


def _texts(sequences: Iterable[QKeySequence]) -> Keys:
    texts = (sequence.toString(PORTABLE) for sequence in sequences)
    return tuple(dict.fromkeys(text for text in texts if text))


def _single(sequence: QKeySequence) -> QKeyCombination | None:
    """The one key combination of a sequence (None: empty, several, or not a key)."""
    if sequence.count() != 1:
        return None
    combination: QKeyCombination = sequence[0]  # type: ignore[index]
    return None if combination.key() == Qt.Key.Key_unknown else combination
