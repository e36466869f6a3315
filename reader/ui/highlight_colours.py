"""The five highlight colours as Qt sees them: QColor per theme, round swatch icons,
display names and the number key of each. The colours themselves are reader.core.colours.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPen, QPixmap

from reader.core import colours

HIGHLIGHT_COLOUR_NAMES: tuple[str, ...] = colours.COLOUR_NAMES
"""In menu and shortcut order: yellow is key 1 (and H, the default), purple key 5."""

DEFAULT_HIGHLIGHT_COLOUR = colours.DEFAULT_COLOUR


def display_name(name: str) -> str:
    """ "Yellow" for "yellow"; an unknown stored name is shown capitalised as it is."""
    return name.capitalize() or "Highlight"


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


def highlight_colour_hex(name: str, dark: bool) -> str:
    """The "#rrggbb" background of highlight colour `name` (the default colour's for a
    name this version does not know)."""
    colour = colours.highlight_colour(name)
    return colour.dark if dark else colour.light


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
