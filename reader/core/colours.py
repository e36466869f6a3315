"""The five highlight colours: names, and a "#rrggbb" background for each theme.

Highlights are solid backgrounds (entity marks are underlines with a faint tint), so each
colour must carry text on it and stay apart from the entity label colours of
reader.nlp.labels. The values are checked by tests/unit/core/test_colours.py:

- light theme: under black text, contrast at least 10:1 (WCAG AAA is 7:1);
- dark theme: under light text (#e0e0e0), contrast at least 4.5:1 (WCAG AA), and clearly
  different from a dark window base;
- in either theme, a colour difference (CIE76 delta E) of at least 15 from every entity
  label colour of that theme, and of at least 25 between any two highlight colours.

Pure data: no Qt. The stored name is the English word ("yellow"); the UI shows it
capitalised, and number keys 1 to 5 follow the order of HIGHLIGHT_COLOURS.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HighlightColour:
    name: str
    light: str  # background in a light theme (dark text)
    dark: str  # background in a dark theme (light text)


HIGHLIGHT_COLOURS: tuple[HighlightColour, ...] = (
    HighlightColour("yellow", "#ffe14d", "#574200"),
    HighlightColour("green", "#9fe870", "#0f5a2e"),
    HighlightColour("blue", "#8fc1ff", "#2b5a99"),
    HighlightColour("pink", "#ff9ed2", "#8c2f66"),
    HighlightColour("purple", "#daadff", "#5e3f9e"),
)
"""In menu and shortcut order (yellow is 1 and the default)."""

COLOUR_NAMES: tuple[str, ...] = tuple(colour.name for colour in HIGHLIGHT_COLOURS)

BY_NAME: dict[str, HighlightColour] = {colour.name: colour for colour in HIGHLIGHT_COLOURS}
"""Name -> colour (with .light and .dark)."""

DEFAULT_COLOUR = "yellow"


def is_highlight_colour(name: str) -> bool:
    return name in BY_NAME


def highlight_colour(name: str) -> HighlightColour:
    """The colour of that name; the default colour for a name Reader does not know (a
    library written by a newer version may have more)."""
    return BY_NAME.get(name, BY_NAME[DEFAULT_COLOUR])
