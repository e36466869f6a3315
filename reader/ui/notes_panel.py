"""The notes panel: every highlight of the article in reading order, with its note and
tags; highlights whose text was not found after the article changed (orphans) follow
in their own section, "Not found in the text", and are never hidden.

One QListView over a small list model, painted by a delegate: filling it with 500
highlights builds no widgets, and rows are laid out (wrapped, elided) only when Qt asks
for their size, with the result cached per width. Everything from user data is drawn as
plain text.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.model import Highlight
from reader.ui.highlight_colours import display_name, highlight_colour, paint_swatch

EMPTY_TEXT = "No highlights yet. Select text and press H, or 1–5 for a colour."
ORPHANS_TITLE = "Not found in the text"
ORPHANS_DETAIL = "The article's text changed and these passages are gone; notes are kept."

IdRole = Qt.ItemDataRole.UserRole + 1
KindRole = Qt.ItemDataRole.UserRole + 2

QUOTE_LINES = 3
NOTE_LINES = 3
TOOLTIP_CHARS = 1500
LAYOUT_BATCH = 40  # rows measured per pass of the event loop

Index = QModelIndex | QPersistentModelIndex


def plain_tooltip(text: str) -> str:
    """Tooltips guess whether text is HTML: escape it so that user data never is."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"


def folded(text: str) -> str:
    """Whitespace, line breaks included, folded to single spaces."""
    return " ".join(text.split())


def tags_text(tags: Sequence[str]) -> str:
    return "  ".join(f"#{tag}" for tag in tags)


def wrap_lines(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    """`text` wrapped to `width` pixels, paragraph by paragraph, at most `max_lines`
    lines; when text is left over, the last line holds as much of it as fits, elided."""
    if not text or width <= 0 or max_lines <= 0:
        return []
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    paragraphs = text.split("\n")
    lines: list[tuple[int, int, int]] = []  # (paragraph, start, length)
    for number, paragraph in enumerate(paragraphs):
        if len(lines) > max_lines:
            break
        if not paragraph:
            lines.append((number, 0, 0))
            continue
        layout = QTextLayout(paragraph, font)
        layout.setTextOption(option)
        layout.beginLayout()
        while len(lines) <= max_lines:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            lines.append((number, line.textStart(), line.textLength()))
        layout.endLayout()
    while lines and lines[-1][2] == 0 and not paragraphs[lines[-1][0]]:
        lines.pop()  # trailing blank lines
    shown = [paragraphs[n][s : s + length].rstrip() for n, s, length in lines[:max_lines]]
    if len(lines) > max_lines:
        n, s, _ = lines[max_lines - 1]
        rest = folded(" ".join([paragraphs[n][s:], *paragraphs[n + 1 :]])[:2000])[:500]
        metrics = QFontMetrics(font)
        shown[-1] = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return shown


@dataclass(frozen=True, slots=True)
class _Row:
    kind: str  # "highlight" or "header"
    highlight: Highlight | None = None


class NotesModel(QAbstractListModel):
    """Rows: the placed highlights by position, then a header and the orphans."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[_Row] = []
        self.generation = 0  # counts the resets: which rows a layout was made for

    def set_highlights(self, highlights: Sequence[Highlight]) -> None:
        placed = sorted(
            (h for h in highlights if not h.orphaned), key=lambda h: (h.start, h.end, h.created)
        )
        orphans = sorted((h for h in highlights if h.orphaned), key=lambda h: (h.start, h.created))
        rows = [_Row("highlight", h) for h in placed]
        if orphans:
            rows.append(_Row("header"))
            rows.extend(_Row("highlight", h) for h in orphans)
        self.beginResetModel()
        self.rows = rows
        self.generation += 1
        self.endResetModel()

    def highlight_at(self, index: Index) -> Highlight | None:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        return self.rows[index.row()].highlight

    def row_of(self, highlight_id: str) -> int:
        for number, row in enumerate(self.rows):
            if row.highlight is not None and row.highlight.id == highlight_id:
                return number
        return -1

    def orphan_count(self) -> int:
        return sum(1 for row in self.rows if row.highlight is not None and row.highlight.orphaned)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.rows[index.row()].kind == "header":
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == KindRole:
            return row.kind
        if row.highlight is None:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return f"{ORPHANS_TITLE} ({self.orphan_count()})"
            if role == Qt.ItemDataRole.ToolTipRole:
                return ORPHANS_DETAIL
            return None
        h = row.highlight
        if role == IdRole:
            return h.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._summary(h)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return f"{display_name(h.color)} highlight" + (
                " not found in the text" if h.orphaned else ""
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            text = f"“{folded(h.exact)}”"
            if h.note.strip():
                text += f"\n\n{h.note.strip()}"
            if h.tags:
                text += f"\n\n{tags_text(h.tags)}"
            if len(text) > TOOLTIP_CHARS:
                text = text[:TOOLTIP_CHARS] + "…"
            return plain_tooltip(text)
        return None

    @staticmethod
    def _summary(h: Highlight) -> str:
        parts = [f"“{folded(h.exact)}”"]
        if h.note.strip():
            parts.append(f"Note: {folded(h.note)}")
        if h.tags:
            parts.append(f"Tags: {', '.join(h.tags)}")
        return ". ".join(parts)


@dataclass(frozen=True, slots=True)
class _RowLayout:
    quote: list[str]
    note: list[str]
    tags: list[str]
    height: int


class NotesDelegate(QStyledItemDelegate):
    """Paints a row: swatch, quote (up to 3 lines), note (first lines), #tags."""

    PAD = 6
    SWATCH = 12
    GAP = 8
    SPACING = 3

    def __init__(self, view: QListView, panel: NotesPanel) -> None:
        super().__init__(view)
        self._view = view
        self._panel = panel
        self._cache: dict[tuple[Highlight, int], _RowLayout] = {}
        self._font_key = ""
        self._font_set: tuple[QFont, QFont, QFont] = (QFont(), QFont(), QFont())

    def clear_cache(self) -> None:
        self._cache.clear()
        self._font_key = ""

    def prune(self, keep: set[Highlight]) -> None:
        self._cache = {key: value for key, value in self._cache.items() if key[0] in keep}

    def _fonts(self) -> tuple[QFont, QFont, QFont]:
        """(text, tags, header) fonts, from the view's; a new font empties the cache."""
        base = self._view.font()
        key = base.key()
        if key != self._font_key:
            small = QFont(base)
            if base.pointSizeF() > 0:
                small.setPointSizeF(base.pointSizeF() * 0.9)
            bold = QFont(base)
            bold.setBold(True)
            self._cache.clear()
            self._font_key = key
            self._font_set = (base, small, bold)
        return self._font_set

    def _text_width(self) -> int:
        return max(40, self._view.viewport().width() - 2 * self.PAD - self.SWATCH - self.GAP)

    def _layout(self, h: Highlight) -> _RowLayout:
        base, small, _ = self._fonts()
        width = self._text_width()
        key = (h, width)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        quote = wrap_lines(f"“{folded(h.exact)}”", base, width, QUOTE_LINES)
        note = wrap_lines(h.note.strip(), base, width, NOTE_LINES)
        tags = wrap_lines(tags_text(h.tags), small, width, 2)
        line = QFontMetrics(base).lineSpacing()
        small_line = QFontMetrics(small).lineSpacing()
        height = self.PAD * 2 + line * len(quote)
        if note:
            height += self.SPACING + line * len(note)
        if tags:
            height += self.SPACING + small_line * len(tags)
        result = _RowLayout(quote, note, tags, max(height, self.PAD * 2 + self.SWATCH))
        self._cache[key] = result
        return result

    def _header_height(self) -> int:
        _, small, bold = self._fonts()
        return (
            self.PAD * 3
            + QFontMetrics(bold).lineSpacing()
            + self.SPACING
            + QFontMetrics(small).lineSpacing() * len(self._header_detail_lines())
        )

    def _header_detail_lines(self) -> list[str]:
        _, small, _ = self._fonts()
        width = self._view.viewport().width() - 2 * self.PAD
        return wrap_lines(ORPHANS_DETAIL, small, width, 3)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        model = index.model()
        if not isinstance(model, NotesModel):
            return super().sizeHint(option, index)
        h = model.highlight_at(index)
        width = self._view.viewport().width()
        if h is None:
            return QSize(width, self._header_height())
        return QSize(width, self._layout(h).height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        model = index.model()
        if not isinstance(model, NotesModel):
            super().paint(painter, option, index)
            return
        h = model.highlight_at(index)
        painter.save()
        rect = option.rect
        palette: QPalette = option.palette
        base, small, _ = self._fonts()
        if h is None:
            self._paint_header(painter, rect, palette, model.orphan_count())
            painter.restore()
            return
        style = self._view.style()
        style.drawPrimitive(
            QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, self._view
        )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Active
            if option.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        text_colour = palette.color(
            group,
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text,
        )
        muted = QColor(text_colour)
        if not selected:
            muted.setAlphaF(0.7)

        dark = self._panel.is_dark()
        swatch = QRectF(rect.x() + self.PAD, rect.y() + self.PAD + 2, self.SWATCH, self.SWATCH)
        paint_swatch(painter, swatch, highlight_colour(h.color, dark), dark, hollow=h.orphaned)

        row = self._layout(h)
        x = rect.x() + self.PAD + self.SWATCH + self.GAP
        y: float = rect.y() + self.PAD
        painter.setPen(text_colour)
        y = _draw_lines(painter, base, row.quote, x, y)
        if row.note:
            note_font = QFont(base)
            note_font.setItalic(True)
            y = _draw_lines(painter, note_font, row.note, x, y + self.SPACING)
        if row.tags:
            painter.setPen(muted)
            _draw_lines(painter, small, row.tags, x, y + self.SPACING)
        painter.restore()

    def _paint_header(self, painter: QPainter, rect: Any, palette: QPalette, count: int) -> None:
        _, small, bold = self._fonts()
        text_colour = palette.color(QPalette.ColorRole.Text)
        line_colour = palette.color(QPalette.ColorRole.Mid)
        painter.setPen(line_colour)
        top = rect.y() + self.PAD
        painter.drawLine(rect.x() + self.PAD, top, rect.right() - self.PAD, top)
        y = top + self.PAD
        painter.setFont(bold)
        painter.setPen(text_colour)
        bold_metrics = QFontMetrics(bold)
        painter.drawText(
            QPointF(rect.x() + self.PAD, y + bold_metrics.ascent()), f"{ORPHANS_TITLE} ({count})"
        )
        y += bold_metrics.lineSpacing() + self.SPACING
        muted = QColor(text_colour)
        muted.setAlphaF(0.7)
        painter.setFont(small)
        painter.setPen(muted)
        small_metrics = QFontMetrics(small)
        for line in self._header_detail_lines():
            painter.drawText(QPointF(rect.x() + self.PAD, y + small_metrics.ascent()), line)
            y += small_metrics.lineSpacing()


class _NotesView(QListView):
    """Enter activates the current highlight, as a click does."""

    enterPressed = Signal(QModelIndex)

    def doItemsLayout(self) -> None:
        super().doItemsLayout()
        # Batched (asked for by NotesPanel.set_highlights for a new article) lasts one
        # layout: Qt's timer measures the remaining rows, and any later layout (a resize,
        # a new font) measures them all at once, which keeps the scroll position; a
        # batched one starts again from the top and loses it.
        self.setLayoutMode(QListView.LayoutMode.SinglePass)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.enterPressed.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)


class NotesPanel(QWidget):
    """Lists the article's highlights; click or Enter emits `highlightActivated(id)`."""

    highlightActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notesPanel")
        self._dark = False
        self._article_id: int | None = None
        self._laid_out: tuple[int, int, str] | None = None  # rows, width, font measured
        self.model = NotesModel(self)
        self.view = _NotesView()
        self.view.setObjectName("notesList")
        self.view.setAccessibleName("Highlights and notes")
        self.view.setModel(self.model)
        self.delegate = NotesDelegate(self.view, self)
        self.view.setItemDelegate(self.delegate)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setUniformItemSizes(False)
        self.view.setBatchSize(LAYOUT_BATCH)  # for a new article's first layout
        self.view.setMouseTracking(True)
        self.view.clicked.connect(self._activate)
        self.view.enterPressed.connect(self._activate)

        self.empty_label = QLabel(EMPTY_TEXT)
        self.empty_label.setObjectName("notesEmpty")
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty_label.setMargin(12)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.view, 1)
        self.view.hide()
        layout.addStretch(0)
        self.setFocusProxy(self.view)

    # --- public ----------------------------------------------------------------------------

    def set_highlights(self, highlights: Sequence[Highlight], dark: bool = False) -> None:
        """Show `highlights` (any order; listed by position, orphans last). The current
        row stays selected, and so does the scroll position while the article is the same."""
        current = self.current_id()
        article = highlights[0].article_id if highlights else None
        same_article = article is not None and article == self._article_id
        scroll = self.view.verticalScrollBar().value() if same_article else 0
        self._dark = dark
        self.delegate.prune(set(highlights))
        if not same_article:
            # Another article's rows are measured (wrapped) a batch at a time from the event
            # loop: one with 500 highlights shows its first rows at once instead of after
            # all 500 are measured (benchmarks/bench_load.py).
            self.view.setLayoutMode(QListView.LayoutMode.Batched)
        self.model.set_highlights(highlights)
        if highlights:
            self._article_id = article
        has_rows = bool(self.model.rows)
        self.view.setVisible(has_rows)
        self.empty_label.setVisible(not has_rows)
        restore = bool(scroll) and self.view.isVisible()
        if restore:
            self._layout_all()  # first: selecting would lay the rows out once more
        if current is not None:
            self.select_highlight(current, scroll=False)
        if restore:
            self.view.verticalScrollBar().setValue(scroll)

    def set_dark(self, dark: bool) -> None:
        if dark != self._dark:
            self._dark = dark
            self.view.viewport().update()

    def is_dark(self) -> bool:
        return self._dark

    def count(self) -> int:
        """Number of highlights listed (orphans included, the section header not)."""
        return sum(1 for row in self.model.rows if row.highlight is not None)

    def highlight_ids(self) -> list[str]:
        """Ids in the order listed."""
        return [row.highlight.id for row in self.model.rows if row.highlight is not None]

    def current_id(self) -> str | None:
        h = self.model.highlight_at(self.view.currentIndex())
        return h.id if h is not None else None

    def select_highlight(self, highlight_id: str | None, scroll: bool = True) -> None:
        """Make the row of `highlight_id` the current one (None: no row); emits nothing."""
        row = self.model.row_of(highlight_id) if highlight_id is not None else -1
        selection = self.view.selectionModel()
        if row < 0:
            selection.clear()
            return
        index = self.model.index(row, 0)
        selection.setCurrentIndex(index, selection.SelectionFlag.ClearAndSelect)
        if scroll:
            self._layout_all()
            self.view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def index_of(self, highlight_id: str) -> QModelIndex:
        return self.model.index(self.model.row_of(highlight_id), 0)

    # --- internals -------------------------------------------------------------------------

    def _layout_all(self) -> None:
        """Measure every row now, batches still pending included: a scroll position or a
        row far down the list is only where it belongs once the rows above are measured."""
        key = (self.model.generation, self.view.viewport().width(), self.view.font().key())
        if key == self._laid_out:  # these rows at this width: measured already
            return
        self.view.setLayoutMode(QListView.LayoutMode.SinglePass)
        self.view.doItemsLayout()
        self._laid_out = key

    def _activate(self, index: QModelIndex) -> None:
        h = self.model.highlight_at(index)
        if h is not None:
            self.highlightActivated.emit(h.id)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.delegate.clear_cache()  # the view lays its items out again by itself
        super().changeEvent(event)


def _draw_lines(painter: QPainter, font: QFont, lines: Sequence[str], x: float, y: float) -> float:
    """Draws one line under another from `y`; returns where the next text starts."""
    painter.setFont(font)
    metrics = QFontMetrics(font)
    for line in lines:
        painter.drawText(QPointF(x, y + metrics.ascent()), line)
        y += metrics.lineSpacing()
    return y
