"""The highlight colours are readable in both themes and apart from the entity colours."""

from __future__ import annotations

import itertools
import math

import pytest

from reader.core.colours import (
    BY_NAME,
    COLOUR_NAMES,
    DEFAULT_COLOUR,
    HIGHLIGHT_COLOURS,
    highlight_colour,
    is_highlight_colour,
)
from reader.nlp.labels import LABELS


def _rgb(colour: str) -> tuple[int, int, int]:
    assert len(colour) == 7 and colour.startswith("#"), colour
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    r, g, b = (_linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def lab(colour: str) -> tuple[float, float, float]:
    r, g, b = (_linear(c) for c in _rgb(colour))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(a: str, b: str) -> float:
    return math.dist(lab(a), lab(b))


def test_five_named_colours_in_order() -> None:
    assert COLOUR_NAMES == ("yellow", "green", "blue", "pink", "purple")
    assert DEFAULT_COLOUR == "yellow"
    assert set(BY_NAME) == set(COLOUR_NAMES)
    assert is_highlight_colour("pink") and not is_highlight_colour("Pink")
    assert highlight_colour("teal") == BY_NAME["yellow"]


@pytest.mark.parametrize("colour", HIGHLIGHT_COLOURS, ids=COLOUR_NAMES)
def test_readable_in_both_themes(colour: object) -> None:
    light, dark = colour.light, colour.dark  # type: ignore[attr-defined]
    assert contrast(light, "#000000") >= 10.0
    assert contrast(dark, "#e0e0e0") >= 4.5
    assert delta_e(dark, "#1e1e1e") >= 25  # visible on a dark window base


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_apart_from_entity_colours_and_from_each_other(theme: str) -> None:
    entity = {info.label: getattr(info, theme) for info in LABELS.values()}
    for colour in HIGHLIGHT_COLOURS:
        value = getattr(colour, theme)
        closest = min(entity, key=lambda label: delta_e(value, entity[label]))
        assert delta_e(value, entity[closest]) >= 15, (colour.name, theme, closest)
    for a, b in itertools.combinations(HIGHLIGHT_COLOURS, 2):
        assert delta_e(getattr(a, theme), getattr(b, theme)) >= 25, (a.name, b.name, theme)
