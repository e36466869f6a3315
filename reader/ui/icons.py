"""Toolbar and menu icons: monochrome line drawings in resources/icons, drawn in the
palette's text colour so that they suit a light and a dark theme alike.

The SVGs use `currentColor` for their strokes (QIcon's own SVG loading would draw them
black). Each is written once per colour, with that word replaced, to a small cache folder,
and loaded from there through Qt's SVG icon engine, which renders a size only when it is
painted: nothing is drawn before the window needs it. A theme change makes new icons
(`Actions.set_icon_palette`).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from PySide6.QtCore import QSize, QStandardPaths
from PySide6.QtGui import QColor, QIcon, QPalette

from reader.paths import resource


@cache
def _svg(name: str) -> str:
    return resource("icons", f"{name}.svg").read_text(encoding="utf-8")


@cache
def _cache_dir() -> Path | None:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    return Path(location) / "icons" if location else None


def _coloured_file(name: str, colour: QColor) -> Path | None:
    """The icon's SVG in this colour, written on first use (None: nowhere to write)."""
    folder = _cache_dir()
    if folder is None:
        return None
    hex_colour = colour.name()[1:]
    path = folder / f"{name}-{hex_colour}.svg"
    if path.is_file():
        return path
    text = _svg(name).replace("currentColor", f"#{hex_colour}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)  # whole or not at all, even with two windows starting
    except OSError:
        return None
    return path


def line_icon(name: str, palette: QPalette) -> QIcon:
    """Icon `name` (resources/icons/NAME.svg) in `palette`'s button-text colour, greyed
    as the palette greys disabled text."""
    normal = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText)
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
    icon = QIcon()
    for colour, mode in ((normal, QIcon.Mode.Normal), (disabled, QIcon.Mode.Disabled)):
        path = _coloured_file(name, colour)
        if path is not None:
            icon.addFile(str(path), QSize(), mode)
    if icon.isNull():  # no cache folder: Qt's own rendering, in black, beats no icon
        icon.addFile(str(resource("icons", f"{name}.svg")))
    return icon
