"""Highlights follow their words when an article's text changes: each is re-anchored
(reader.core.anchoring: position, quote and context, the unchanged stretches of the two
texts); one that cannot be placed is kept as an orphan with the offsets and quote it had,
and tried again at every later change. An undo of an edit puts them back exactly as they
were instead (anchor_snapshots). No Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from reader.core.anchoring import Selector, make_selector, reanchor_all
from reader.core.model import Highlight
from reader.services.anchor_snapshots import (
    AnchorCounts,
    AnchorSnapshot,
    count_changes,
    restore_or_reanchor,
)
from reader.store.annotations import Placement

HighlightSnapshot = AnchorSnapshot[Highlight]
"""An article's highlights as they were on one text: what an undo of a change of the
text puts back exactly, orphans included (anchor_snapshots.restore_or_reanchor)."""


def reanchor_highlights(
    highlights: Sequence[Highlight], old_text: str, new_text: str
) -> list[Placement]:
    """Each highlight's place in `new_text`, in the order given (orphans keep their old
    selectors)."""
    selectors = [Selector(h.start, h.end, h.exact, h.prefix, h.suffix) for h in highlights]
    placements: list[Placement] = []
    for h, found in zip(highlights, reanchor_all(new_text, selectors, old_text), strict=True):
        if found is None:
            placements.append(replace(_as_it_was(h), orphaned=True))
        else:
            placements.append(Placement(h.id, *found, *make_selector(new_text, *found)))
    return placements


def place_highlights(
    highlights: Sequence[Highlight],
    old_text: str,
    new_text: str,
    snapshot: HighlightSnapshot | None = None,
) -> list[Placement]:
    """Each highlight's place in `new_text`, in the order given: re-anchored, except on an
    undo (`snapshot` taken on `new_text`), which puts those it holds back exactly."""
    return restore_or_reanchor(
        highlights,
        new_text,
        snapshot,
        as_it_was=_as_it_was,
        reanchor=lambda others: reanchor_highlights(others, old_text, new_text),
    )


def highlight_counts(before: Sequence[Highlight], placements: Sequence[Placement]) -> AnchorCounts:
    """What a change of the text did to the highlights (`before` it, and their
    `placements`); one on other words at the same offsets has moved too."""
    return count_changes(
        (h.orphaned, p.orphaned, (p.start, p.end, p.exact) == (h.start, h.end, h.exact))
        for h, p in zip(before, placements, strict=True)
    )


def _as_it_was(h: Highlight) -> Placement:
    return Placement(h.id, h.start, h.end, h.exact, h.prefix, h.suffix, h.orphaned)
