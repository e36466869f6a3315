"""Readwise CSV export: one row per highlight in Readwise's import columns.

Columns: Highlight, Title, Author, URL, Note, Location, Date. Readwise reads tags from
the start of a note written as ".tag" words, so a highlight's tags and its colour go
there (".yellow .sanctions My note"); Location is the highlight's place in reading
order, so Readwise lists them as they come in the text; Date is "YYYY-MM-DD HH:MM:SS"
(UTC). Orphaned highlights are exported too, after the others. Written as UTF-8 with a
byte order mark so that spreadsheet programs read accents and emoji right.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from reader.core.model import Highlight
from reader.exporters.document import ExportDocument, single_line
from reader.exporters.textutil import utc_stamp

HEADER = ("Highlight", "Title", "Author", "URL", "Note", "Location", "Date")
MAX_HIGHLIGHT = 8191  # Readwise's limit on one highlight's text


def dot_tag(name: str) -> str:
    """A tag as Readwise's ".tag" (spaces become underscores)."""
    return "." + re.sub(r"\s+", "_", name.strip())


def note_cell(highlight: Highlight) -> str:
    tags = [dot_tag(highlight.color), *(dot_tag(t) for t in highlight.tags if t.strip())]
    note = highlight.note.strip()
    return " ".join(tags) + (f" {note}" if note else "")


def _date(highlight: Highlight) -> str:
    stamp = utc_stamp(highlight.created)
    return stamp.replace("T", " ").removesuffix("Z") if stamp else ""


def rows(document: ExportDocument) -> list[list[str]]:
    a = document.article
    found = []
    for location, highlight in enumerate(document.highlights, start=1):
        found.append(
            [
                highlight.exact[:MAX_HIGHLIGHT],
                single_line(a.title),
                single_line(a.byline),
                a.source_url.strip(),
                note_cell(highlight),
                str(location),
                _date(highlight),
            ]
        )
    return found


def render(documents: Sequence[ExportDocument]) -> str:
    """The CSV text (header and every highlight of every article), without the BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    for document in documents:
        writer.writerows(rows(document))
    return buffer.getvalue()
