"""What an undo of a change of an article's text puts back exactly.

Re-anchoring the highlights and entity corrections on the old text again would only
approximate where they were: a quote can land on another of its occurrences, an orphan
come back elsewhere, a range near the edited spot shift. So an edit records how they
were (a snapshot, tied to the text it was taken on), and its undo, which brings that text
back, places each of them exactly as recorded. What the snapshot does not know, made
meanwhile by reader-cli or another window, is re-anchored as any edit does; what was
deleted meanwhile stays deleted. No Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar


class Anchored(Protocol):
    """A highlight or an entity correction: anything re-anchored, known by its id."""

    @property
    def id(self) -> Hashable: ...


T = TypeVar("T", bound=Anchored)
P = TypeVar("P")  # a placement: where one of them goes in the new text


@dataclass(frozen=True)  # not slots: CPython 3.11 cannot call a subscripted alias of it
class AnchorSnapshot(Generic[T]):
    """An article's highlights or corrections as they were on one text."""

    text: str
    items: tuple[T, ...] = ()


@dataclass(frozen=True, slots=True)
class AnchorCounts:
    """What a change of the text did to an article's highlights or corrections."""

    unchanged: int = 0  # left as they were: same place, same words
    moved: int = 0  # placed elsewhere, or on changed words (found again included)
    orphaned: int = 0  # not placed in the new text: kept, flagged orphaned
    newly_orphaned: int = 0  # of those, the ones this change orphaned
    recovered: int = 0  # orphans of an earlier change placed again (in `moved` too)


NO_CHANGES = AnchorCounts()


def count_changes(changes: Iterable[tuple[bool, bool, bool]]) -> AnchorCounts:
    """The counts for each item's (was orphaned, is orphaned, same place as before)."""
    unchanged = moved = orphaned = newly_orphaned = recovered = 0
    for was_orphaned, is_orphaned, same_place in changes:
        if is_orphaned:
            orphaned += 1
            newly_orphaned += not was_orphaned
        elif was_orphaned:
            recovered += 1
            moved += 1
        elif same_place:
            unchanged += 1
        else:
            moved += 1
    return AnchorCounts(unchanged, moved, orphaned, newly_orphaned, recovered)


def restore_or_reanchor(
    current: Sequence[T],
    new_text: str,
    snapshot: AnchorSnapshot[T] | None,
    *,
    as_it_was: Callable[[T], P],
    reanchor: Callable[[list[T]], list[P]],
) -> list[P]:
    """The placement of each of `current` in `new_text`, in their order. When `snapshot`
    was taken on `new_text` (an undo brings that text back), those it holds go back
    exactly as they were (`as_it_was` of the recorded one); the rest, and every one
    without such a snapshot, are re-anchored (`reanchor`, given them in order)."""
    if snapshot is None or snapshot.text != new_text:
        return reanchor(list(current))
    kept = {item.id: item for item in snapshot.items}
    moved = iter(reanchor([item for item in current if item.id not in kept]))
    return [as_it_was(kept[item.id]) if item.id in kept else next(moved) for item in current]
