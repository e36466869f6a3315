"""An undo stack that only keeps changes that were saved.

Every edit writes to the library in its command's redo(). When that write fails (a
read-only library, a full disk, a file locked for too long), the command is marked
obsolete, so Qt drops it instead of keeping on the stack a change that is not in the file,
and the stack reports the failure for the window to show. An undo or redo that cannot be
saved is dropped and reported the same way.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoCommand, QUndoStack


class _Saved(QUndoCommand):
    """Wraps a command; its redo/undo run the wrapped one's and catch failed writes."""

    def __init__(self, inner: QUndoCommand, stack: SavingUndoStack) -> None:
        super().__init__(inner.text())
        self._inner = inner
        self._stack = stack

    def _run(self, step: str) -> None:
        try:
            getattr(self._inner, step)()
        except sqlite3.Error as exc:
            self.setObsolete(True)
            self._stack.report(exc)

    def redo(self) -> None:
        self._run("redo")

    def undo(self) -> None:
        self._run("undo")


class SavingUndoStack(QUndoStack):
    writeFailed = Signal(str)  # the user's message: what could not be saved and why

    def push(self, cmd: QUndoCommand) -> None:
        wrapped = _Saved(cmd, self)
        super().push(wrapped)

    def report(self, exc: sqlite3.Error) -> None:
        from reader.store.db import LibraryError

        if isinstance(exc, LibraryError):
            text = str(exc)
        else:
            text = f"The change could not be saved ({exc})."
        self.writeFailed.emit(text)
