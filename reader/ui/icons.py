"""Toolbar and menu icons: monochrome line drawings in resources/icons, drawn in the
palette's text colour so that they suit a light and a dark theme alike.

The SVGs use `currentColor` for their strokes; each is rendered here at a few sizes with
that word replaced by the palette's colour (QIcon's own SVG loading would draw them
black). A theme change renders them again (`Actions.set_icon_palette`).
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from reader.paths import resource

SIZES = (16, 24, 32, 48)


@cache
def _svg(name: str) -> str:
    return resource("icons", f"{name}.svg").read_text(encoding="utf-8")


def _pixmap(name: str, colour: QColor, size: int) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(_svg(name).replace("currentColor", colour.name()).encode()))
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pixmap


def line_icon(name: str, palette: QPalette) -> QIcon:
    """Icon `name` (resources/icons/NAME.svg) in `palette`'s button-text colour, greyed
    as the palette greys disabled text."""
    normal = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText)
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
    icon = QIcon()
    for size in SIZES:
        icon.addPixmap(_pixmap(name, normal, size), QIcon.Mode.Normal)
        icon.addPixmap(_pixmap(name, disabled, size), QIcon.Mode.Disabled)
    return icon
