"""Colours of the marks: contrast checks, compositing, and the find colours.

An entity is an underline in its label's colour plus a faint tint; highlights are solid
backgrounds, mixed where they overlap; find matches go on top. The helpers here keep
each readable on a light or a dark base.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QColor

ENTITY_TINT_LIGHT = 0.30
"""Opacity of an entity's label colour under its text on a light base: a hint, so that
highlight backgrounds stay clearly stronger."""
ENTITY_TINT_DARK = 0.45


def relative_luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast_ratio(a: QColor, b: QColor) -> float:
    la, lb = relative_luminance(a), relative_luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def contrasting(colour: QColor, base: QColor, ratio: float = 3.0) -> QColor:
    """`colour` darkened (light base) or lightened (dark base) until it stands out on
    `base`: displaCy's pastels are meant as backgrounds, too pale for an underline."""
    result = QColor(colour)
    result.setAlpha(255)
    dark_base = relative_luminance(base) < 0.4
    for _ in range(12):
        if contrast_ratio(result, base) >= ratio:
            break
        result = result.lighter(118) if dark_base else result.darker(118)
    return result


def over(top: QColor, bottom: QColor) -> QColor:
    """Alpha compositing of `top` drawn over `bottom` (both may be translucent)."""
    ta, ba = top.alphaF(), bottom.alphaF()
    alpha = ta + ba * (1.0 - ta)
    if alpha <= 0.0:
        return QColor(0, 0, 0, 0)

    def mix(t: float, b: float) -> float:
        return (t * ta + b * ba * (1.0 - ta)) / alpha

    return QColor.fromRgbF(
        mix(top.redF(), bottom.redF()),
        mix(top.greenF(), bottom.greenF()),
        mix(top.blueF(), bottom.blueF()),
        alpha,
    )


def average(colours: Sequence[QColor]) -> QColor:
    """Equal mix of overlapping highlight colours, so an overlap differs from either."""
    n = len(colours)
    return QColor.fromRgbF(
        sum(c.redF() for c in colours) / n,
        sum(c.greenF() for c in colours) / n,
        sum(c.blueF() for c in colours) / n,
        sum(c.alphaF() for c in colours) / n,
    )


FIND_MATCH = QColor(255, 193, 7, 110)
"""Find matches: translucent amber, readable on light and dark bases and over marks."""
FIND_CURRENT = QColor(255, 140, 0)
