"""Marks over an article's text: offset mapping, entity and highlight formats.

The library stores offsets as Python str indices (code points); QTextCursor positions
count UTF-16 code units, so every astral character (emoji, rare CJK) shifts later
positions by one. `OffsetMapper` converts both ways. `SpanHighlighter` draws the marks
through QSyntaxHighlighter in three layers (entities: underline plus a faint tint;
highlights: solid backgrounds, so both stay readable where they overlap; find matches
on top), formatting a block only when it is on screen and only again when its marks
change: a new highlight repaints one block instead of relaying out the article.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import accumulate, pairwise
from operator import itemgetter
from typing import Generic, TypeVar

from PySide6.QtGui import (
    QColor,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
)

from reader.core.model import EntitySpan

P = TypeVar("P")

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")

ENTITY_TINT_LIGHT = 0.30
"""Opacity of an entity's label colour under its text on a light base: a hint, so that
highlight backgrounds stay clearly stronger."""
ENTITY_TINT_DARK = 0.45


def qt_safe_text(text: str) -> str:
    """The text to give Qt, with exactly as many UTF-16 units as `text` has.

    Qt folds "\\r\\n" into one paragraph separator and drops lone surrogates; both
    would shift every later offset, so they are replaced by one-unit stand-ins.
    """
    if "\r\n" in text:
        text = text.replace("\r\n", " \n")
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return text


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
        self._max_end = list(accumulate(self._ends, max))

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
FormatKey = tuple[int | None, tuple[int, ...], int]
"""(entity colour or None, sorted highlight colours, find state 0/1/2) of a piece."""


class SpanHighlighter(QSyntaxHighlighter):
    """Three layers of marks formatted block by block: entities (underline and faint
    tint), highlights (backgrounds, mixed where they overlap) and find matches on top.

    Formatting is deferred to when a block comes on screen: new text, or a change of
    marks, only notes the blocks concerned as pending; those visible now are formatted
    at once, the others by `highlight_pending`, which the view calls before painting
    and on scrolling. Opening a long, densely marked article then costs about as much
    as an unmarked one (Qt also lays out only what is on screen), and a change to one
    mark repaints one block without relaying out the article.
    """

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._mapper = OffsetMapper(document.toRawText())
        self._base = QColor("#ffffff")
        self._entities: SpanIndex[int] = SpanIndex()
        self._highlights: SpanIndex[int] = SpanIndex()
        self._finds: SpanIndex[int] = SpanIndex()
        self._formats: dict[FormatKey, QTextCharFormat] = {}
        self._deferring = False
        self._pending: set[int] = set()
        self.visible_blocks: Callable[[], Iterable[QTextBlock]] | None = None
        """The blocks on screen; without it every change is formatted at once."""

    # --- setting the layers --------------------------------------------------------------

    def reset(self, mapper: OffsetMapper) -> None:
        """Forget all marks without rehighlighting: for use just before new text is set."""
        self._mapper = mapper
        self._entities = SpanIndex()
        self._highlights = SpanIndex()
        self._finds = SpanIndex()
        self._pending.clear()

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Within this block, blocks that need marks are only noted as pending."""
        self._deferring = True
        try:
            yield
        finally:
            self._deferring = False

    def set_entities(
        self,
        spans: Iterable[EntitySpan],
        colours: dict[str, QColor],
        visible_labels: set[str] | None = None,
        *,
        refresh: bool = True,
    ) -> None:
        """Entity marks for the spans whose label is visible (None: every label)."""
        fallback = QColor("#9e9e9e").rgba()
        argb = {label: colour.rgba() for label, colour in colours.items()}
        shown = [s for s in spans if visible_labels is None or s.label in visible_labels]
        if self._mapper.is_identity:
            marks = [(s.start, s.end, argb.get(s.label, fallback)) for s in shown]
        else:
            to_qt = self._mapper.to_qt
            marks = [(to_qt(s.start), to_qt(s.end), argb.get(s.label, fallback)) for s in shown]
        old, self._entities = self._entities, SpanIndex(marks)
        if refresh:
            self._refresh_changed(old, self._entities)

    def set_highlights(
        self, marks: Iterable[tuple[int, int, QColor | str]], *, refresh: bool = True
    ) -> None:
        """Highlight backgrounds; overlapping ones are mixed so neither hides the other."""
        to_qt = self._mapper.to_qt
        argb: dict[str, int] = {}

        def rgba(colour: QColor | str) -> int:
            if isinstance(colour, QColor):
                return colour.rgba()
            if colour not in argb:
                argb[colour] = QColor(colour).rgba()
            return argb[colour]

        qt_marks = [(to_qt(start), to_qt(end), rgba(c)) for start, end, c in marks]
        old, self._highlights = self._highlights, SpanIndex(qt_marks)
        if refresh:
            self._refresh_changed(old, self._highlights)

    def set_find_matches(self, starts: Sequence[int], length: int, current: int = -1) -> None:
        """Find matches (code-point starts, one length); `current` is drawn strongest."""
        to_qt = self._mapper.to_qt
        if self._mapper.is_identity:
            marks = [(s, s + length, 2 if i == current else 1) for i, s in enumerate(starts)]
        else:
            marks = [
                (to_qt(s), to_qt(s + length), 2 if i == current else 1)
                for i, s in enumerate(starts)
            ]
        old, self._finds = self._finds, SpanIndex(marks)
        self._refresh_changed(old, self._finds)

    def set_base_colour(self, base: QColor) -> None:
        """The text background, which underline colours must contrast with."""
        if base.rgba() == self._base.rgba():
            return
        self._base = QColor(base)
        self._formats.clear()
        if len(self._entities) or len(self._highlights) or len(self._finds):
            self._pending.clear()
            with self.deferred():
                self.rehighlight()  # clears every block; marks return as blocks show
            self._highlight_visible()

    def entity_marks(self) -> list[tuple[int, int, int]]:
        """The entity marks in Qt positions (for tests and debugging)."""
        return list(self._entities)

    def highlight_marks(self) -> list[tuple[int, int, int]]:
        return list(self._highlights)

    # --- refreshing ----------------------------------------------------------------------

    def has_pending(self) -> bool:
        return bool(self._pending)

    def highlight_pending(self, block: QTextBlock) -> None:
        """Format `block` now if a change left it pending (call before painting)."""
        if block.blockNumber() in self._pending:
            self.rehighlightBlock(block)

    def highlight_all_pending(self) -> None:
        """Format every pending block (for tests, or before exporting the document)."""
        document = self.document()
        if document is not None:
            for number in sorted(self._pending):
                self.rehighlightBlock(document.findBlockByNumber(number))

    def _refresh_changed(self, old: SpanIndex[int], new: SpanIndex[int]) -> None:
        """Note the blocks where a layer changed from `old` to `new` as pending."""
        document = self.document()
        if document is None or not (len(old) or len(new)):
            return
        if len(old) + len(new) > 2 * document.blockCount():  # cheaper: every block
            self._pending.update(range(document.blockCount()))
            self._highlight_visible()
        elif not len(old) or not len(new):
            self.refresh_ranges((s, e) for s, e, _ in (new if len(new) else old))
        else:
            self.refresh_ranges((s, e) for s, e, _ in set(old) ^ set(new))

    def refresh_ranges(self, ranges: Iterable[tuple[int, int]]) -> None:
        """Rehighlight the blocks the Qt ranges touch: only those on screen at once (a
        repaint of those blocks, no relayout); the others wait until they are shown."""
        document = self.document()
        if document is None:
            return
        for start, end in ranges:
            first = document.findBlock(start).blockNumber()
            last = document.findBlock(max(start, end - 1)).blockNumber()
            if first >= 0 and last >= 0:
                self._pending.update(range(first, last + 1))
        self._highlight_visible()

    def _highlight_visible(self) -> None:
        if self.visible_blocks is None:
            self.highlight_all_pending()
            return
        for block in self.visible_blocks():
            self.highlight_pending(block)

    # --- formatting ----------------------------------------------------------------------

    def highlightBlock(self, text: str) -> None:
        block: QTextBlock = self.currentBlock()
        start = block.position()
        end = start + block.length() - 1
        if self._deferring:
            if end > start and any(
                layer.touches(start, end)
                for layer in (self._entities, self._highlights, self._finds)
            ):
                self._pending.add(block.blockNumber())
            return
        self._pending.discard(block.blockNumber())
        if end <= start:
            return
        entities = self._entities.overlapping(start, end)
        highlights = self._highlights.overlapping(start, end)
        finds = self._finds.overlapping(start, end)
        if not entities and not highlights and not finds:
            return
        if not highlights and not finds and all(a[1] <= b[0] for a, b in pairwise(entities)):
            for s, e, colour in entities:  # the common case: entities side by side
                s, e = max(s, start), min(e, end)
                self.setFormat(s - start, e - s, self._format((colour, (), 0)))
            return
        self._format_layers(start, end, entities, highlights, finds)

    def _format_layers(
        self,
        start: int,
        end: int,
        entities: list[tuple[int, int, int]],
        highlights: list[tuple[int, int, int]],
        finds: list[tuple[int, int, int]],
    ) -> None:
        """Overlapping marks: sweep the block's boundaries once, keeping the marks that
        cover the current piece, and give each piece the innermost entity, the mix of
        the highlights over it and its find state (one pass even with 100 matches)."""
        opening: dict[int, list[tuple[int, int, int, int]]] = {}
        closing: dict[int, list[tuple[int, int, int, int]]] = {}
        for layer, marks in enumerate((entities, highlights, finds)):
            for s, e, value in marks:
                s, e = max(s, start), min(e, end)
                if e > s:
                    mark = (layer, s, e, value)
                    opening.setdefault(s, []).append(mark)
                    closing.setdefault(e, []).append(mark)
        active: list[tuple[int, int, int, int]] = []
        points = sorted(opening.keys() | closing.keys())
        for a, b in pairwise(points):
            for mark in closing.get(a, ()):
                active.remove(mark)
            active.extend(opening.get(a, ()))
            if not active:
                continue
            entity: int | None = None
            entity_start = -1
            colours: list[int] = []
            found = 0
            for layer, s, _e, value in active:
                if layer == 0 and s > entity_start:
                    entity, entity_start = value, s
                elif layer == 1:
                    colours.append(value)
                elif layer == 2 and value > found:
                    found = value
            if len(colours) > 1:
                colours.sort()
            self.setFormat(a - start, b - a, self._format((entity, tuple(colours), found)))

    def _format(self, key: FormatKey) -> QTextCharFormat:
        fmt = self._formats.get(key)
        if fmt is not None:
            return fmt
        entity, highlights, found = key
        fmt = QTextCharFormat()
        background = QColor(0, 0, 0, 0)
        if entity is not None:
            colour = QColor.fromRgba(entity)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(contrasting(colour, self._base))
            dark = relative_luminance(self._base) < 0.4
            background = QColor(colour)
            background.setAlphaF(ENTITY_TINT_DARK if dark else ENTITY_TINT_LIGHT)
        if highlights:
            background = over(average([QColor.fromRgba(c) for c in highlights]), background)
        if found == 1:
            background = over(FIND_MATCH, background)
        elif found == 2:
            background = QColor(FIND_CURRENT)
            fmt.setForeground(QColor(0, 0, 0))
        if background.alpha():
            fmt.setBackground(background)
        self._formats[key] = fmt
        return fmt
