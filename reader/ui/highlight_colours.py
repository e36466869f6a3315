"""The five highlight colours as Qt sees them: QColor per theme, round swatch icons,
display names and the number key of each.

Highlights are solid backgrounds (entities are an underline plus a faint tint), so each
colour here is stronger than any entity tint. Light theme: a clear marker colour under
dark text (contrast with black at least 10:1). Dark theme: the same hue darker and less
saturated, under light text (contrast with #e0e0e0 at least 4.5:1, WCAG AA).

`reader.core.colours` (pure data, no Qt) is the source of truth once it exists: whatever
mapping of the five names to a light and a dark "#rrggbb" it holds is used; until then,
or for a name it lacks, the fallback values below are.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from functools import cache
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPen, QPixmap

HIGHLIGHT_COLOUR_NAMES: tuple[str, ...] = ("yellow", "green", "blue", "pink", "purple")
"""In menu and shortcut order: yellow is key 1 (and H, the default), purple key 5."""

DEFAULT_HIGHLIGHT_COLOUR = "yellow"

_FALLBACK: dict[str, tuple[str, str]] = {
    # name: (light theme, dark theme)
    "yellow": ("#ffe14d", "#6e5c00"),
    "green": ("#9fe870", "#2e6b24"),
    "blue": ("#8fc1ff", "#2b5a99"),
    "pink": ("#ff9ed2", "#8c2f66"),
    "purple": ("#caa6ff", "#5e3f9e"),
}

_DISPLAY_NAMES: dict[str, str] = {name: name.capitalize() for name in HIGHLIGHT_COLOUR_NAMES}


def display_name(name: str) -> str:
    """ "Yellow" for "yellow"; an unknown stored name is shown capitalised as it is."""
    return _DISPLAY_NAMES.get(name, name.capitalize() or "Highlight")


def shortcut_number(name: str) -> int | None:
    """The number key (1 to 5) that applies colour `name`, None for an unknown name."""
    try:
        return HIGHLIGHT_COLOUR_NAMES.index(name) + 1
    except ValueError:
        return None


def colour_tooltip(name: str) -> str:
    """ "Yellow (1)": the name with its number key."""
    number = shortcut_number(name)
    return f"{display_name(name)} ({number})" if number else display_name(name)


# --- reader.core.colours, whatever its shape -------------------------------------------


def _pair(value: Any) -> tuple[str, str] | None:
    """(light, dark) from a tuple/list, a mapping with light/dark keys or an object with
    light/dark attributes; None when `value` is none of these."""
    light: Any = None
    dark: Any = None
    if isinstance(value, tuple | list) and len(value) >= 2:
        light, dark = value[0], value[1]
    elif isinstance(value, Mapping):
        light, dark = value.get("light"), value.get("dark")
    else:
        light, dark = getattr(value, "light", None), getattr(value, "dark", None)
    if (
        isinstance(light, str)
        and isinstance(dark, str)
        and QColor.isValidColorName(light)
        and QColor.isValidColorName(dark)
    ):
        return light, dark
    return None


@cache
def _core_colours() -> dict[str, tuple[str, str]]:
    """The first mapping in reader.core.colours that gives a light and a dark colour for
    the highlight names; {} when the module or such a mapping does not exist."""
    try:
        module = importlib.import_module("reader.core.colours")
    except ImportError:
        return {}
    names = set(HIGHLIGHT_COLOUR_NAMES)
    preferred = ("HIGHLIGHT_COLOURS", "HIGHLIGHT_COLORS", "HIGHLIGHTS", "COLOURS", "COLORS")
    candidates = [getattr(module, attr, None) for attr in preferred]
    candidates += [value for attr, value in vars(module).items() if attr not in preferred]
    for candidate in candidates:
        if not isinstance(candidate, Mapping) or not names & set(candidate):
            continue
        found = {
            name: pair
            for name in HIGHLIGHT_COLOUR_NAMES
            if name in candidate and (pair := _pair(candidate[name])) is not None
        }
        if found:
            return found
    return {}


def highlight_colour_hex(name: str, dark: bool) -> str:
    """The "#rrggbb" background of highlight colour `name` (yellow for an unknown name)."""
    pair = _core_colours().get(name) or _FALLBACK.get(name) or _FALLBACK[DEFAULT_HIGHLIGHT_COLOUR]
    return pair[1] if dark else pair[0]


def highlight_colour(name: str, dark: bool) -> QColor:
    """Background colour of a highlight of colour `name` in the light or dark theme."""
    return QColor(highlight_colour_hex(name, dark))


def is_dark_palette(palette: QPalette) -> bool:
    """Whether text is light on a dark base in `palette`."""
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def colour_icon(name: str, dark: bool, size: int = 16) -> QIcon:
    """A round swatch of highlight colour `name`, with a thin outline so that it stands
    out from the window colour in either theme."""
    return QIcon(swatch_pixmap(highlight_colour(name, dark), dark, size))


def swatch_pixmap(colour: QColor, dark: bool, size: int = 16, ratio: float = 1.0) -> QPixmap:
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint_swatch(painter, QRectF(0, 0, size, size), colour, dark)
    painter.end()
    return pixmap


def paint_swatch(
    painter: QPainter, rect: QRectF, colour: QColor, dark: bool, hollow: bool = False
) -> None:
    """A filled circle in `rect` (a dashed ring when `hollow`: an orphaned highlight)."""
    outline = QColor(255, 255, 255, 110) if dark else QColor(0, 0, 0, 90)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    inner = rect.adjusted(1, 1, -1, -1)
    if hollow:
        pen = QPen(colour, 1.6, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(inner.adjusted(0.5, 0.5, -0.5, -0.5))
    else:
        painter.setPen(QPen(outline, 1.0))
        painter.setBrush(colour)
        painter.drawEllipse(inner)
    painter.restore()
