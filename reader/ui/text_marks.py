"""Marks over an article's text: entity and highlight formats, and find matches.

`SpanHighlighter` draws the marks through QSyntaxHighlighter in three layers (entities:
underline plus a faint tint; highlights: solid backgrounds, so both stay readable where
they overlap; find matches on top), formatting a block only when it is on screen and
only again when its marks change: a new highlight repaints one block instead of
relaying out the article. Positions here are Qt positions; `OffsetMapper`
(`text_offsets`) converts the stored code-point offsets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import compress, pairwise
from operator import attrgetter

from PySide6.QtCore import SIGNAL, SLOT, QObject
from PySide6.QtGui import (
    QColor,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
)

from reader.core.model import EntitySpan
from reader.ui.mark_colours import (
    ENTITY_TINT_DARK,
    ENTITY_TINT_LIGHT,
    FIND_CURRENT,
    FIND_MATCH,
    average,
    contrast_ratio,
    contrasting,
    over,
    relative_luminance,
)
from reader.ui.text_offsets import OffsetMapper, SpanIndex, qt_safe_text

__all__ = [
    "ENTITY_TINT_DARK",
    "ENTITY_TINT_LIGHT",
    "FIND_CURRENT",
    "FIND_MATCH",
    "FormatKey",
    "OffsetMapper",
    "SpanHighlighter",
    "SpanIndex",
    "average",
    "contrast_ratio",
    "contrasting",
    "entity_index",
    "over",
    "qt_safe_text",
    "relative_luminance",
]

FormatKey = tuple[int | None, tuple[int, ...], int]
"""(entity colour or None, sorted highlight colours, find state 0/1/2) of a piece."""

_CONTENTS_CHANGE = SIGNAL("contentsChange(int,int,int)")
_REFORMAT = SLOT("_q_reformatBlocks(int,int,int)")
"""QSyntaxHighlighter's (private) slot that formats the blocks a change of text touches."""
_UNKNOWN_COLOUR = QColor("#9e9e9e").rgba()


def entity_index(spans: Iterable[EntitySpan]) -> SpanIndex[EntitySpan]:
    """Entity spans indexed by their (code-point) offsets, for `SpanHighlighter` and for
    lookups; spans already in order (as the store returns them) are not sorted again."""
    ordered = list(spans)
    return SpanIndex.from_columns([s.start for s in ordered], [s.end for s in ordered], ordered)


class SpanHighlighter(QSyntaxHighlighter):
    """Three layers of marks formatted block by block: entities (underline and faint
    tint), highlights (backgrounds, mixed where they overlap) and find matches on top.

    Formatting is deferred to when a block comes on screen: new text, or a change of
    marks, only notes the blocks concerned as pending; those visible now are formatted
    at once, the others by `highlight_pending`, which the view calls before painting
    and on scrolling. New text is set within `deferred()`, which keeps Qt from calling
    `highlightBlock` for each new block. Opening a long, densely marked article then
    costs about as much as an unmarked one (Qt also lays out only what is on screen),
    and a change to one mark repaints one block without relaying out the article.
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
        self._can_detach = self.metaObject().indexOfSlot("_q_reformatBlocks(int,int,int)") >= 0
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
        """Within this block no block gets marks: Qt's calls for the blocks a new text
        brings are not even made (1,000 blocks would mean 1,000 calls into Python, even
        with no marks), and `rehighlight()` only clears the blocks' marks. Afterwards,
        if there are marks, every block is pending: each gets its marks when it comes on
        screen (checking which blocks the marks fall in would cost more than that)."""
        document = self.document()
        detached = (
            document is not None
            and self._can_detach
            and QObject.disconnect(document, _CONTENTS_CHANGE, self, _REFORMAT)
        )
        self._deferring = True
        try:
            yield
        finally:
            self._deferring = False
            if detached:
                QObject.connect(document, _CONTENTS_CHANGE, self, _REFORMAT)
        if document is not None and (
            len(self._entities) or len(self._highlights) or len(self._finds)
        ):
            self._pending = set(range(document.blockCount()))

    def set_entities(
        self,
        spans: Iterable[EntitySpan] | SpanIndex[EntitySpan],
        colours: dict[str, QColor],
        visible_labels: set[str] | None = None,
        *,
        refresh: bool = True,
    ) -> None:
        """Entity marks for the spans whose label is visible (None: every label).

        Given the spans' `entity_index` (the view keeps one for lookups), the marks are
        taken from it column by column, without sorting the spans again.
        """
        index = spans if isinstance(spans, SpanIndex) else entity_index(spans)
        labels = list(map(attrgetter("label"), index.payloads()))
        argb = {label: colour.rgba() for label, colour in colours.items()}
        for label in set(labels).difference(argb):
            argb[label] = _UNKNOWN_COLOUR
        values = list(map(argb.__getitem__, labels))
        if self._mapper.is_identity and (
            visible_labels is None or visible_labels.issuperset(labels)
        ):
            marks = index.with_payloads(values)  # the usual case: nothing to filter or map
        else:
            starts, ends = index.starts(), index.ends()
            if visible_labels is not None:
                shown = [label in visible_labels for label in labels]
                starts, ends = list(compress(starts, shown)), list(compress(ends, shown))
                values = list(compress(values, shown))
            if not self._mapper.is_identity:  # keeps the order: to_qt only ever adds
                to_qt = self._mapper.to_qt
                starts, ends = list(map(to_qt, starts)), list(map(to_qt, ends))
            marks = SpanIndex.from_columns(starts, ends, values)
        old, self._entities = self._entities, marks
        if refresh:
            self._refresh_changed(old, self._entities)

    def set_highlights(
        self, marks: Iterable[tuple[int, int, QColor | str]], *, refresh: bool = True
    ) -> None:
        """Highlight backgrounds; overlapping ones are mixed so neither hides the other."""
        items = list(marks)
        starts = [m[0] for m in items]
        ends = [m[1] for m in items]
        colours = [m[2] for m in items]
        named = {c for c in colours if not isinstance(c, QColor)}
        argb = {name: QColor(name).rgba() for name in named}
        values = [c.rgba() if isinstance(c, QColor) else argb[c] for c in colours]
        mapper = self._mapper
        if not mapper.is_identity or (
            items and (min(starts) < 0 or max(ends) > mapper.length)
        ):  # to_qt also keeps them within the text
            starts, ends = list(map(mapper.to_qt, starts)), list(map(mapper.to_qt, ends))
        qt_marks = SpanIndex.from_columns(starts, ends, values)
        old, self._highlights = self._highlights, qt_marks
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
        if self._deferring:
            return  # the block is pending (see `deferred`)
        block: QTextBlock = self.currentBlock()
        start = block.position()
        end = start + block.length() - 1
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
