"""A button that shows a shortcut and, once pressed, records the next key combination.

QKeySequenceEdit records every key while it has the focus, Tab included, so a keyboard
user cannot leave it; this one records only after being pressed (Space, Enter or a click),
takes a single combination, and Esc or leaving it cancels.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QKeyCombination, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QPushButton, QWidget

_MODIFIER_KEYS = frozenset(
    {
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Meta,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_Super_L,
        Qt.Key.Key_Super_R,
        Qt.Key.Key_Hyper_L,
        Qt.Key.Key_Hyper_R,
        Qt.Key.Key_CapsLock,
        Qt.Key.Key_NumLock,
        Qt.Key.Key_unknown,
    }
)
_MODIFIERS = (
    Qt.KeyboardModifier.ShiftModifier
    | Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
PROMPT = "Press a key…"


def combination(event: QKeyEvent) -> QKeySequence | None:
    """The shortcut a key press stands for (None for a modifier pressed alone).

    Shift is dropped where it only chose the character: Ctrl+Shift+= arrives as "+",
    which Qt matches as Ctrl++; for letters and named keys it stays (Ctrl+Shift+O)."""
    key = Qt.Key(event.key())
    if key in _MODIFIER_KEYS:
        return None
    modifiers = event.modifiers() & _MODIFIERS
    symbol = key.value < Qt.Key.Key_Escape.value and not Qt.Key.Key_A <= key <= Qt.Key.Key_Z
    if key == Qt.Key.Key_Backtab or (symbol and key != Qt.Key.Key_Space):
        modifiers &= ~Qt.KeyboardModifier.ShiftModifier
    return QKeySequence(QKeyCombination(modifiers, key))


class KeyRecorder(QPushButton):
    recorded = Signal(QKeySequence)
    clearRequested = Signal()  # Delete or Backspace while not recording

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._key = QKeySequence()
        self._recording = False
        self.setAutoDefault(True)  # Enter presses it while it has the focus
        self.clicked.connect(self.start)
        self.setToolTip("Press, then type the new key (Esc cancels, Del removes it)")
        self._show()

    @property
    def recording(self) -> bool:
        return self._recording

    def key(self) -> QKeySequence:
        return self._key

    def set_key(self, key: QKeySequence) -> None:
        self._key = key
        self._show()

    def start(self) -> None:
        if not self.isEnabled():
            return
        self._recording = True
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self._show()

    def cancel(self) -> None:
        if self._recording:
            self._recording = False
            self._show()

    def event(self, event: QEvent) -> bool:
        if self._recording and event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # the key is for us, not for a shortcut or a mnemonic
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._recording:
            plain = not event.modifiers() & _MODIFIERS
            if plain and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.clearRequested.emit()
                return
            super().keyPressEvent(event)
            return
        event.accept()
        if event.key() == Qt.Key.Key_Escape and not event.modifiers() & _MODIFIERS:
            self.cancel()
            return
        key = combination(event)
        if key is None:  # Ctrl alone: wait for the rest
            return
        self._recording = False
        self._show()
        self.recorded.emit(key)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if self._recording or event.isAutoRepeat():
            event.accept()
            return
        super().keyReleaseEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.cancel()
        super().focusOutEvent(event)

    def _show(self) -> None:
        if self._recording:
            self.setText(PROMPT)
        else:
            text = self._key.toString(QKeySequence.SequenceFormat.NativeText)
            self.setText(text or "None")
        self.setDown(self._recording)
