"""The user's entity corrections follow their words when an article's text changes.

Corrections are re-anchored as highlights are (reader.core.anchoring: position, quote
and context, the unchanged stretches of the two texts), with one rule of their own: a
correction is placed only where its exact words are. A label on words that merely look
like the corrected ones (a fuzzy match) would be a guess about other text, and a "no
entity here" there could hide a real entity; such a correction is orphaned instead:
kept with the offsets and context it had, never applied, and tried again at every later
change of the text. No Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.anchoring import Selector, make_selector, reanchor_all
from reader.services.anchor_snapshots import (
    AnchorCounts,
    AnchorSnapshot,
    count_changes,
    restore_or_reanchor,
)
from reader.store.entities import CorrectionPlacement, StoredCorrection

CorrectionSnapshot = AnchorSnapshot[StoredCorrection]
"""An article's corrections as they were on one text: what an undo of a change of the
text puts back exactly, orphans included (anchor_snapshots.restore_or_reanchor)."""


def reanchor_corrections(
    corrections: Sequence[StoredCorrection], old_text: str, new_text: str
) -> list[CorrectionPlacement]:
    """Each correction's place in `new_text`, in the order given. Those that apply now
    are anchored with their context in `old_text` (and follow unchanged text exactly);
    orphans with the context they kept. A correction without any context (an orphan
    from before corrections had one) is never placed: any occurrence would be a guess."""
    applying = [i for i, c in enumerate(corrections) if not c.orphaned]
    orphans = [i for i, c in enumerate(corrections) if c.orphaned and (c.prefix or c.suffix)]
    results: list[tuple[int, int] | None] = [None] * len(corrections)
    for indexes, text in ((applying, old_text), (orphans, None)):
        if not indexes:
            continue  # comparing the texts costs milliseconds on a long article
        selectors = [_selector(corrections[i], old_text) for i in indexes]
        for index, found in zip(indexes, reanchor_all(new_text, selectors, text), strict=True):
            results[index] = found
    # Two corrections would land on one range: the one that applied, else the newest, wins.
    order = sorted(
        range(len(corrections)), key=lambda i: (corrections[i].orphaned, -corrections[i].id)
    )
    taken: set[tuple[int, int]] = set()
    placements: dict[int, CorrectionPlacement] = {}
    for index in order:
        c, found = corrections[index], results[index]
        if found is None or found in taken or new_text[found[0] : found[1]] != c.span.text:
            placements[index] = _orphan(c, old_text)
            continue
        taken.add(found)
        exact, prefix, suffix = make_selector(new_text, *found)
        placements[index] = CorrectionPlacement(c.id, *found, exact, prefix, suffix)
    return [placements[index] for index in range(len(corrections))]


def place_corrections(
    corrections: Sequence[StoredCorrection],
    old_text: str,
    new_text: str,
    snapshot: CorrectionSnapshot | None = None,
) -> list[CorrectionPlacement]:
    """Each correction's place in `new_text`, in the order given: re-anchored, except on
    an undo (`snapshot` taken on `new_text`), which puts those it holds back exactly."""
    return restore_or_reanchor(
        corrections,
        new_text,
        snapshot,
        as_it_was=_as_it_was,
        reanchor=lambda others: reanchor_corrections(others, old_text, new_text),
    )


def correction_counts(
    before: Sequence[StoredCorrection], placements: Sequence[CorrectionPlacement]
) -> AnchorCounts:
    """What a change of the text did to the corrections (`before` it, and their
    `placements`); a correction keeps its words, so its offsets say whether it moved."""
    return count_changes(
        (c.orphaned, p.orphaned, (p.start, p.end) == (c.span.start, c.span.end))
        for c, p in zip(before, placements, strict=True)
    )


def _selector(c: StoredCorrection, old_text: str) -> Selector:
    span = c.span
    if not c.orphaned and old_text[span.start : span.end] == span.text:
        return Selector(span.start, span.end, *make_selector(old_text, span.start, span.end))
    return Selector(span.start, span.end, span.text, c.prefix, c.suffix)


def _as_it_was(c: StoredCorrection) -> CorrectionPlacement:
    span = c.span
    return CorrectionPlacement(
        c.id, span.start, span.end, span.text, c.prefix, c.suffix, c.orphaned
    )


def _orphan(c: StoredCorrection, old_text: str) -> CorrectionPlacement:
    """Not placed: offsets and context as they were (for one that applied until now,
    its context in the text it applied to)."""
    selector = _selector(c, old_text)
    return CorrectionPlacement(
        c.id, selector.start, selector.end, c.span.text, selector.prefix, selector.suffix, True
    )
