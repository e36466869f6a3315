"""PDF export: the HTML export's document, laid out by QTextDocument and printed with
QPdfWriter (A4 or Letter, selectable text, colours kept).

The only exporter that needs Qt (QtGui; no widgets, so it runs in reader-cli and in a
worker thread). A QGuiApplication must exist for fonts: `ensure_gui_application`
makes an offscreen one when the caller (reader-cli) has none.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import (
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)

from reader.exporters import html
from reader.exporters.document import DEFAULT_OPTIONS, ExportDocument, ExportOptions, PageSize
from reader.exporters.document import single_line as _single_line

RESOLUTION = 300
MARGINS_MM = QMarginsF(18, 18, 18, 18)

_QT_STYLESHEET = """
body { font-family: "DejaVu Serif", Georgia, serif; font-size: 11pt; color: #1b1b1b; }
h1 { font-size: 20pt; font-weight: bold; }
h2 { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; color: #555555; }
p { margin-top: 0px; margin-bottom: 10px; }
h2 { margin-top: 18px; }
.section, .meta, .byline { font-family: "DejaVu Sans", sans-serif; font-size: 9pt;
  color: #555555; }
.byline { font-size: 10pt; color: #333333; }
.note, .quote, .body, .tags, .where { font-family: "DejaVu Sans", sans-serif;
  font-size: 8.5pt; }
.quote { color: #666666; font-style: italic; }
.note-ref { font-family: "DejaVu Sans", sans-serif; font-size: 7pt; }
a { color: #1a5fb4; }
footer { font-size: 7pt; color: #888888; }
"""

_PAGE_SIZES = {
    PageSize.A4: QPageSize.PageSizeId.A4,
    PageSize.LETTER: QPageSize.PageSizeId.Letter,
}


def ensure_gui_application() -> None:
    """Fonts and text layout need a QGuiApplication; reader-cli has none, so make an
    offscreen one (it lives until the process ends)."""
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        global _APP
        _APP = QGuiApplication([])


_APP: QGuiApplication | None = None


def write(
    documents: Sequence[ExportDocument],
    path: Path,
    options: ExportOptions = DEFAULT_OPTIONS,
) -> None:
    """Print one or more articles to a PDF at `path` (one file, pages in order)."""
    ensure_gui_application()
    if len(documents) == 1:
        markup = html.render(documents[0], options, for_qt=True)
        title = _single_line(documents[0].article.title)
    else:
        markup = html.render_many(documents, options, for_qt=True)
        title = f"{len(documents)} articles"
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    writer.setTitle(title)
    writer.setCreator("Reader")
    layout = QPageLayout(
        QPageSize(_PAGE_SIZES[options.page_size]),
        QPageLayout.Orientation.Portrait,
        MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )
    writer.setPageLayout(layout)
    text = QTextDocument()
    text.setDefaultStyleSheet(_QT_STYLESHEET)
    text.setHtml(markup)
    text.print_(writer)
    del writer  # finishes the file
