"""PySide6 6.12.0 on CPython 3.11 dropped a reference to None on each void Qt call, until
the interpreter aborted (none_dealloc). pyproject pins PySide6 below 6.12; this test makes
sure whatever is installed does not leak None."""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument


def test_void_qt_calls_do_not_drop_none_references() -> None:
    document = QTextDocument("The quick brown fox jumps over the lazy dog. " * 20)
    cursor = QTextCursor(document)
    char_format = QTextCharFormat()
    color = QColor("#feca74")
    before = sys.getrefcount(None)
    for index in range(100_000):
        position = index % 800
        cursor.setPosition(position)
        char_format.setBackground(color)
    cursor.setPosition(0)
    cursor.setPosition(10, QTextCursor.MoveMode.KeepAnchor)
    cursor.mergeCharFormat(char_format)
    after = sys.getrefcount(None)
    if sys.version_info < (3, 12):
        assert after >= before - 100, f"None lost {before - after} references"
