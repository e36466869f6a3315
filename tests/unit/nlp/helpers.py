"""Building spans by surface text, so tests read like the articles they describe."""

from __future__ import annotations

import re

from reader.core.model import EntitySource, EntitySpan


def span(
    text: str, surface: str, label: str, nth: int = 0, source: EntitySource = EntitySource.MODEL
) -> EntitySpan:
    """The `nth` whole-word occurrence of `surface` in `text` as a span."""
    matches = list(re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text))
    match = matches[nth]
    return EntitySpan(match.start(), match.end(), label, surface, source)


def labelled(spans: list[EntitySpan]) -> list[tuple[str, str]]:
    return [(s.text, s.label) for s in spans]
