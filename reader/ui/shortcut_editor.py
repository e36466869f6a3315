"""The part of Help › Keyboard Shortcuts that changes one command's keys.

Like Preferences, each change applies at once and is remembered; Undo (Ctrl+Z) takes
back the changes made since the dialog opened, one at a time, and Default/Reset All
bring back Reader's own keys. A key already used where this command works is offered
to be taken over (the other command loses it) or left alone.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.ui.key_recorder import KeyRecorder
from reader.ui.shortcut_keys import PORTABLE, Keys, ShortcutKeys, key_problem, native

HISTORY_LIMIT = 200


def command_name(action: QAction) -> str:
    """The action's text without mnemonics or a trailing ellipsis, for messages."""
    text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.removesuffix("…")


def keys_text(keys: Keys) -> str:
    return ", ".join(native(key) for key in keys) or "none"


class ShortcutEditor(QGroupBox):
    """Main and alternative key of the chosen command, with Clear and Default."""

    undoAvailable = Signal(bool)

    def __init__(self, keys: ShortcutKeys, parent: QWidget | None = None) -> None:
        super().__init__("Change the shortcut", parent)
        self.setObjectName("shortcutEditor")
        self.keys = keys
        self.name: str | None = None
        self._history: list[dict[str, Keys]] = []
        self.command = QLabel()
        self.command.setObjectName("shortcutCommand")
        self.command.setTextFormat(Qt.TextFormat.PlainText)
        font = self.command.font()
        font.setBold(True)
        self.command.setFont(font)
        self.recorders = (KeyRecorder(), KeyRecorder())
        self.recorders[0].setObjectName("primaryKey")
        self.recorders[1].setObjectName("alternativeKey")
        for slot, recorder in enumerate(self.recorders):
            recorder.recorded.connect(lambda key, slot=slot: self.record(slot, key))
            recorder.clearRequested.connect(lambda slot=slot: self.remove(slot))
        self.clear_button = QPushButton("C&lear")
        self.clear_button.setObjectName("clearShortcut")
        self.clear_button.setToolTip("No key for this command (the menu still has it)")
        self.clear_button.clicked.connect(self.clear)
        self.default_button = QPushButton("&Default")
        self.default_button.setObjectName("defaultShortcut")
        self.default_button.clicked.connect(self.reset)
        for button in (self.clear_button, self.default_button):
            button.setAutoDefault(False)
        self.message = QLabel()
        self.message.setObjectName("shortcutMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Shortcut:", self.recorders[0])
        form.addRow("&Alternative:", self.recorders[1])
        buttons = QHBoxLayout()
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.default_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.command)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.keys.changed.connect(self.refresh)
        self.show_command(None)

    # --- showing -------------------------------------------------------------------------

    def show_command(self, name: str | None, note: str = "") -> None:
        """Edit this action's keys (None: nothing editable is chosen; the note says why)."""
        self.name = name if name is not None and self.keys.action(name) else None
        for recorder in self.recorders:
            recorder.cancel()
        self.refresh()
        if self.name is None:
            self.command.setText(note or "Choose a command in the list")
            self.message.clear()
        elif self.keys.is_changed(self.name):  # the last message was about another command
            self.say(f"Changed by you; Reader's keys: {keys_text(self.keys.defaults(self.name))}")
        else:
            self.say("")

    def refresh(self) -> None:
        editable = self.name is not None
        for widget in (*self.recorders, self.clear_button, self.default_button):
            widget.setEnabled(editable)
        if self.name is None:
            for recorder in self.recorders:
                recorder.set_key(QKeySequence())
            return
        action = self.keys.action(self.name)
        assert action is not None
        current = self.keys.keys(self.name)
        for slot, recorder in enumerate(self.recorders):
            text = current[slot] if slot < len(current) else ""
            recorder.set_key(QKeySequence.fromString(text, PORTABLE))
        self.command.setText(command_name(action))
        defaults = self.keys.defaults(self.name)
        self.default_button.setEnabled(self.keys.is_changed(self.name))
        self.default_button.setToolTip(f"Back to Reader's keys: {keys_text(defaults)}")
        self.clear_button.setEnabled(bool(current))

    def say(self, text: str) -> None:
        """A line under the keys: what just happened, or why a key was refused."""
        self.message.setText(text)

    # --- changing ------------------------------------------------------------------------

    def record(self, slot: int, key: QKeySequence) -> None:
        """A key was typed in the main (0) or alternative (1) place."""
        if self.name is None:
            return
        action = self.keys.action(self.name)
        assert action is not None
        text = key.toString(PORTABLE)
        problem = key_problem(action, text)
        if problem:
            self.say(problem)
            self.recorders[slot].setFocus()
            return
        if text in self.keys.keys(self.name)[slot : slot + 1]:
            self.say(f"{native(text)} is already the shortcut for {command_name(action)}.")
            return
        if not self._may_take([text]):
            self.say("Nothing changed.")
            return
        self._remember()
        self.keys.set_key(self.name, slot, text)
        self.say(f"{command_name(action)}: {keys_text(self.keys.keys(self.name))}")

    def remove(self, slot: int) -> None:
        if self.name is None or slot >= len(self.keys.keys(self.name)):
            return
        self._remember()
        self.keys.remove_key(self.name, slot)
        self.say(f"Removed. Keys now: {keys_text(self.keys.keys(self.name))}")

    def clear(self) -> None:
        if self.name is None or not self.keys.keys(self.name):
            return
        self._remember()
        self.keys.set_keys(self.name, ())
        self.say("No key now; the command is still in its menu.")

    def reset(self) -> None:
        if self.name is None or not self.keys.is_changed(self.name):
            return
        if not self._may_take(list(self.keys.defaults(self.name))):
            self.say("Nothing changed.")
            return
        self._remember()
        self.keys.reset(self.name)
        self.say(f"Back to Reader's keys: {keys_text(self.keys.keys(self.name))}")

    def reset_all(self) -> None:
        if not any(self.keys.is_changed(name) for name in self.keys.names()):
            self.say("Every command already has Reader's keys.")
            return
        self._remember()
        self.keys.reset_all()
        self.say("Every command has Reader's keys again (Undo brings yours back).")

    def undo(self) -> None:
        if not self._history:
            return
        self.keys.restore(self._history.pop())
        self.undoAvailable.emit(bool(self._history))
        self.say("Undone.")

    def can_undo(self) -> bool:
        return bool(self._history)

    def _remember(self) -> None:
        self._history = [*self._history[-HISTORY_LIMIT + 1 :], self.keys.snapshot()]
        self.undoAvailable.emit(True)

    def _may_take(self, keys: list[str]) -> bool:
        """Ask before taking keys that other commands answer to where this one works."""
        assert self.name is not None
        action = self.keys.action(self.name)
        assert action is not None
        clashes = [(key, other) for key in keys for other in self.keys.conflicts(self.name, key)]
        if not clashes:
            return True
        lines = "\n".join(
            f"{native(key)} is the shortcut for “{command_name(other)}”." for key, other in clashes
        )
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Shortcut in Use",
            f"{lines}\n\nGive it to “{command_name(action)}” instead? "
            f"The other command loses it (Undo gives it back).",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("shortcutConflict")
        take = box.addButton("&Reassign", QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(take)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is take
