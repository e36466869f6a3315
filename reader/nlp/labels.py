"""Readable names and colours for spaCy's OntoNotes entity labels.

Naming scheme: the stored label stays the model's (GPE, LOC and FAC remain distinct so
that nothing is lost and rules can target one of them), but the display `name` groups
what a reader thinks of as one kind of thing: GPE, LOC and FAC are all shown as
"Place"; `detail` tells them apart (tooltips, the correction menu). The legend shows one
entry per display name (`LEGEND`), so hiding "Place" hides all three labels.

Colours: `light` is displaCy's default palette (spaCy users recognise it), meant as a
background under dark text. `dark` keeps each hue but is darker and less saturated, so
that light text on it has a contrast ratio of at least 4.5 (WCAG AA) in a dark theme.
Pure data and tiny helpers: no Qt, colours are "#rrggbb" strings.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LabelInfo:
    """How one entity label is presented."""

    label: str
    name: str
    detail: str
    light: str
    dark: str


_ROWS: tuple[tuple[str, str, str, str, str], ...] = (
    ("PERSON", "Person", "Person", "#aa9cfc", "#624dda"),
    ("NORP", "Group", "Nationality, religious or political group", "#c887fb", "#8e33d4"),
    ("ORG", "Organisation", "Company, agency or institution", "#7aecec", "#226e6e"),
    ("GPE", "Place", "Country, city or state", "#feca74", "#865d19"),
    ("LOC", "Place", "Location (region, mountain, sea...)", "#ff9561", "#a54a1d"),
    ("FAC", "Place", "Facility (building, airport, road...)", "#9cc9cc", "#456b6e"),
    ("PRODUCT", "Product", "Product", "#bfeeb7", "#37712d"),
    ("EVENT", "Event", "Event", "#ffeb80", "#736414"),
    ("WORK_OF_ART", "Work of art", "Title of a book, song, film...", "#f0d0ff", "#9c25d3"),
    ("LAW", "Law", "Law or treaty", "#ff8197", "#c2223e"),
    ("LANGUAGE", "Language", "Language", "#ff8197", "#c2223e"),
    ("DATE", "Date", "Date or period", "#bfe1d9", "#416d63"),
    ("TIME", "Time", "Time of day", "#bfe1d9", "#416d63"),
    ("PERCENT", "Percentage", "Percentage", "#e4e7d2", "#626843"),
    ("MONEY", "Money", "Amount of money", "#e4e7d2", "#626843"),
    ("QUANTITY", "Quantity", "Measurement (weight, distance...)", "#e4e7d2", "#626843"),
    ("ORDINAL", "Ordinal", "Ordinal (first, second...)", "#e4e7d2", "#626843"),
    ("CARDINAL", "Number", "Number", "#e4e7d2", "#626843"),
)

LABELS: dict[str, LabelInfo] = {row[0]: LabelInfo(*row) for row in _ROWS}
"""Every OntoNotes label the English pipelines predict, in legend order."""

NAME_LABELS: frozenset[str] = frozenset(
    {
        "PERSON",
        "NORP",
        "FAC",
        "ORG",
        "GPE",
        "LOC",
        "PRODUCT",
        "EVENT",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
    }
)
"""Labels for names (as opposed to dates and amounts): the ones consistency works on."""

UNKNOWN_LIGHT = "#dddddd"
UNKNOWN_DARK = "#5a5a5a"


def _legend() -> tuple[tuple[str, tuple[str, ...]], ...]:
    groups: dict[str, list[str]] = {}
    for info in LABELS.values():
        groups.setdefault(info.name, []).append(info.label)
    return tuple((name, tuple(labels)) for name, labels in groups.items())


LEGEND: tuple[tuple[str, tuple[str, ...]], ...] = _legend()
"""(display name, labels) in display order: one legend checkbox per entry."""


def info(label: str) -> LabelInfo:
    """Presentation of `label`; an unknown label (another model) is shown as itself, grey."""
    found = LABELS.get(label)
    if found is not None:
        return found
    readable = label.replace("_", " ").capitalize() or "Entity"
    return LabelInfo(label, readable, readable, UNKNOWN_LIGHT, UNKNOWN_DARK)


def display_name(label: str) -> str:
    """The readable name of `label`, e.g. "Place" for GPE."""
    return info(label).name


def color(label: str, dark: bool = False) -> str:
    """Background colour for `label` in the light or dark theme."""
    found = info(label)
    return found.dark if dark else found.light


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio between two "#rrggbb" colours (1.0 to 21.0)."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)
