"""Offsets in an article's text as Qt sees them, and spans indexed for lookups.

The library stores offsets as Python str indices (code points); QTextCursor positions
count UTF-16 code units, so every astral character (emoji, rare CJK) shifts later
positions by one. `OffsetMapper` converts both ways; `qt_safe_text` makes sure Qt gets
a text of the expected length. `SpanIndex` finds the spans overlapping a range by
bisection. No Qt here.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from itertools import accumulate, islice
from operator import itemgetter, le, lt
from typing import Generic, TypeVar

P = TypeVar("P")
Q = TypeVar("Q")

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def qt_safe_text(text: str) -> str:
    """The text to give Qt, with exactly as many UTF-16 units as `text` has.

    Qt folds "\\r\\n" into one paragraph separator and drops lone surrogates; both
    would shift every later offset, so they are replaced by one-unit stand-ins.
    """
    if "\r\n" in text:
        text = text.replace("\r\n", " \n")
    if not _is_utf16_encodable(text):  # encoding is far quicker than a regex search
        text = _SURROGATE.sub("\ufffd", text)
    return text


def _is_utf16_encodable(text: str) -> bool:
    """Whether `text` holds no surrogate code points (which strict UTF-16 refuses)."""
    try:
        text.encode("utf-16-le")
    except UnicodeEncodeError:
        return False
    return True


class OffsetMapper:
    """Code point index <-> Qt (UTF-16) position for one text.

    O(1) when the text has no astral characters, a bisection otherwise.
    """

    __slots__ = ("_astral", "_qt_starts", "length", "qt_length")

    def __init__(self, text: str = "") -> None:
        self.length = len(text)
        if len(text.encode("utf-16-le")) == 2 * len(text):
            self._astral: list[int] = []
        else:
            self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        # Qt position of each astral character: its index plus the astrals before it.
        self._qt_starts = [index + k for k, index in enumerate(self._astral)]
        self.qt_length = self.length + len(self._astral)

    @property
    def is_identity(self) -> bool:
        return not self._astral

    def to_qt(self, index: int) -> int:
        """Qt position of code point `index` (clamped to the text)."""
        index = min(max(index, 0), self.length)
        if not self._astral:
            return index
        return index + bisect_left(self._astral, index)

    def from_qt(self, position: int) -> int:
        """Code point index at Qt `position`; inside a surrogate pair, the pair's start."""
        position = min(max(position, 0), self.qt_length)
        if not self._astral:
            return position
        return position - bisect_left(self._qt_starts, position)


class SpanIndex(Generic[P]):
    """Spans sorted by start with a running maximum of ends, for interval queries by
    bisection: the spans overlapping a block are found without scanning them all."""

    __slots__ = ("_ends", "_max_end", "_payloads", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int, P]] = ()) -> None:
        ordered = sorted((s for s in spans if s[1] > s[0]), key=itemgetter(0, 1))
        self._starts = [s[0] for s in ordered]
        self._ends = [s[1] for s in ordered]
        self._payloads = [s[2] for s in ordered]
        self._max_end = _running_max(self._ends)

    @classmethod
    def from_columns(cls, starts: list[int], ends: list[int], payloads: list[P]) -> SpanIndex[P]:
        """The index of the spans (starts[i], ends[i], payloads[i]), taking the lists as
        they are when they are already in order and without empty spans (as spans from
        the store are): no sorting, and no copies, so the lists must not change after."""
        if not len(starts) == len(ends) == len(payloads):
            raise ValueError("starts, ends and payloads differ in length")
        if not _ordered_and_non_empty(starts, ends):
            return cls(zip(starts, ends, payloads, strict=True))
        return SpanIndex._of(starts, ends, payloads, _running_max(ends))

    @staticmethod
    def _of(
        starts: list[int], ends: list[int], payloads: list[Q], max_end: list[int]
    ) -> SpanIndex[Q]:
        index: SpanIndex[Q] = SpanIndex.__new__(SpanIndex)
        index._starts, index._ends, index._payloads = starts, ends, payloads
        index._max_end = max_end
        return index

    def with_payloads(self, payloads: list[Q]) -> SpanIndex[Q]:
        """The same spans with other payloads (payloads[i] for the i-th span in order),
        sharing this index's columns."""
        if len(payloads) != len(self._starts):
            raise ValueError("one payload per span is needed")
        return SpanIndex._of(self._starts, self._ends, payloads, self._max_end)

    # The columns, in order (not copies: they must not be changed).

    def starts(self) -> list[int]:
        return self._starts

    def ends(self) -> list[int]:
        return self._ends

    def payloads(self) -> list[P]:
        return self._payloads

    def __len__(self) -> int:
        return len(self._starts)

    def __iter__(self) -> Iterator[tuple[int, int, P]]:
        return iter(zip(self._starts, self._ends, self._payloads, strict=True))

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, P]]:
        """Spans sharing at least one position with [start, end)."""
        first = bisect_right(self._max_end, start)
        last = bisect_left(self._starts, end)
        ends = self._ends
        return [
            (self._starts[i], ends[i], self._payloads[i])
            for i in range(first, last)
            if ends[i] > start
        ]

    def touches(self, start: int, end: int) -> bool:
        """Whether any span overlaps [start, end): `overlapping` without the list."""
        first = bisect_right(self._max_end, start)
        return first < len(self._starts) and self._starts[first] < end

    def innermost(self, position: int) -> tuple[int, int, P] | None:
        """The span containing `position` that starts last (the innermost when nested)."""
        found = self.overlapping(position, position + 1)
        return max(found, key=lambda s: (s[0], -s[1])) if found else None


def _running_max(ends: list[int]) -> list[int]:
    """The running maximum of `ends`: the list itself when it never decreases (spans
    side by side, the usual case), which is quicker to check than to compute."""
    if all(map(le, ends, islice(ends, 1, None))):
        return ends
    return list(accumulate(ends, max))


def _ordered_and_non_empty(starts: list[int], ends: list[int]) -> bool:
    """Whether the spans are sorted by (start, end), as `SpanIndex` keeps them, and none
    is empty: a check in C loops (a few µs per thousand spans)."""
    if not all(map(lt, starts, ends)):
        return False
    if all(map(lt, starts, islice(starts, 1, None))):  # the usual case: distinct starts
        return True
    keys = list(zip(starts, ends, strict=True))
    return all(map(le, keys, islice(keys, 1, None)))
