"""What every exporter works from: one article with its annotations, and the options.

Plain data, no Qt, no SQL: reader.services.export gathers an ExportDocument from the
library, and each format module (markdown, html, pdf, w3c, readwise_csv) turns one or
more of them into a file. The helpers here cut the text the way every format needs it:
into paragraphs, and each paragraph into runs with the highlight and entity on them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from reader.core.model import Article, EntitySpan, Highlight


class ExportFormat(StrEnum):
    MARKDOWN = "md"
    HTML = "html"
    PDF = "pdf"
    JSON = "json"  # W3C Web Annotation JSON-LD
    CSV = "csv"  # Readwise's import columns
    BACKUP = "backup"  # Reader's full backup: `reader-cli import` / File › Import restore it

    @property
    def extension(self) -> str:
        if self is ExportFormat.BACKUP:
            return ".json"
        return f".{self.value}" if self is not ExportFormat.JSON else ".jsonld"

    @property
    def label(self) -> str:
        return _FORMAT_LABELS[self]

    @property
    def combines_naturally(self) -> bool:
        """CSV rows and W3C annotations of many articles belong in one file."""
        return self in (ExportFormat.CSV, ExportFormat.JSON, ExportFormat.BACKUP)


_FORMAT_LABELS = {
    ExportFormat.MARKDOWN: "Markdown",
    ExportFormat.HTML: "HTML page",
    ExportFormat.PDF: "PDF",
    ExportFormat.JSON: "Web Annotations (JSON-LD)",
    ExportFormat.CSV: "Readwise CSV",
    ExportFormat.BACKUP: "Reader backup (JSON)",
}


class HighlightStyle(StrEnum):
    """How Markdown marks a highlight: ==text== (Obsidian, many editors), **bold**
    (any CommonMark renderer), or an HTML <mark> with the colour (only on request)."""

    MARK = "mark"
    BOLD = "bold"
    HTML = "html"


class NoteStyle(StrEnum):
    """Where highlight notes go. Markdown: INLINE = a blockquote after the paragraph,
    NUMBERED = footnotes. HTML and PDF: INLINE = in the margin beside the paragraph,
    NUMBERED = numbered notes after the text."""

    INLINE = "inline"
    NUMBERED = "numbered"


class PageSize(StrEnum):
    A4 = "a4"
    LETTER = "letter"


@dataclass(frozen=True, slots=True)
class ExportOptions:
    highlight_style: HighlightStyle = HighlightStyle.MARK
    notes: NoteStyle = NoteStyle.INLINE
    highlights_only: bool = False  # Markdown: a list of highlights instead of the text
    entities: bool = False  # HTML/PDF: mark named entities and add a legend
    page_size: PageSize = PageSize.A4


DEFAULT_OPTIONS = ExportOptions()


@dataclass(frozen=True, slots=True)
class ExportDocument:
    """One article as it is exported: highlights in reading order (orphans, whose
    words are no longer in the text, last), and optionally its effective entities."""

    article: Article
    highlights: tuple[Highlight, ...] = ()
    entities: tuple[EntitySpan, ...] = ()
    exported_at: str = field(default_factory=lambda: now_iso())

    @property
    def placed(self) -> tuple[Highlight, ...]:
        """The highlights found in the text, with offsets that fit it."""
        return tuple(h for h in self.highlights if self.fits(h))

    def fits(self, highlight: Highlight) -> bool:
        """Whether `highlight` is one of `placed`: asked per highlight, this is O(1) where
        `highlight in self.placed` rebuilds and scans the tuple (quadratic over an
        article's highlights: 60 ms of a 500-highlight W3C export, bench_load.py)."""
        h = highlight
        return not h.orphaned and 0 <= h.start < h.end <= len(self.article.text)

    @property
    def orphans(self) -> tuple[Highlight, ...]:
        placed = {h.id for h in self.placed}
        return tuple(h for h in self.highlights if h.id not in placed)

    @property
    def is_annotated(self) -> bool:
        a = self.article
        return bool(self.highlights or a.note.strip() or a.tags)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: text between blank lines, without the spaces
    around it. Offsets stay offsets into `text`."""
    found: list[tuple[int, int]] = []
    position = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = len(text) if match is None else match.start()
        start = position
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            found.append((start, end))
        if match is not None:
            position = match.end()
    return found


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of a paragraph with one highlight (or none) and one entity (or none)."""

    start: int
    end: int
    highlight: Highlight | None = None
    entity: EntitySpan | None = None


def runs(
    start: int,
    end: int,
    highlights: Sequence[Highlight],
    entities: Sequence[EntitySpan] = (),
) -> list[Run]:
    """Cut [start, end) where a highlight or an entity begins or ends. Where highlights
    overlap, the one that begins later is on top (it is the smaller, nested one)."""
    inside_h = [h for h in highlights if h.start < end and h.end > start]
    inside_e = [e for e in entities if e.start < end and e.end > start and e.end > e.start]
    cuts = {start, end}
    for left, right in [(h.start, h.end) for h in inside_h] + [(e.start, e.end) for e in inside_e]:
        cuts.add(max(start, left))
        cuts.add(min(end, right))
    points = sorted(cuts)
    found: list[Run] = []
    for left, right in itertools.pairwise(points):
        if left >= right:
            continue
        top = None
        for h in inside_h:
            if h.start <= left and h.end >= right and (top is None or h.start >= top.start):
                top = h
        entity = next((e for e in inside_e if e.start <= left and e.end >= right), None)
        found.append(Run(left, right, top, entity))
    return found


def paragraph_of_end(spans: Sequence[tuple[int, int]], highlight: Highlight) -> int:
    """Index of the paragraph a highlight ends in (where its note goes)."""
    last = 0
    for index, (start, _end) in enumerate(spans):
        if start < highlight.end:
            last = index
        else:
            break
    return last


def colour_label(name: str) -> str:
    return name.capitalize() if name else "Yellow"


def single_line(text: str) -> str:
    """Titles, bylines and quotes in one line: every run of white space one space."""
    return " ".join(text.split())
