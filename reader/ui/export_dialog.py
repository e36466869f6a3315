"""The export dialog: format, its options, one file per article or one file, and where.

It only gathers choices (remembered in Settings for next time) and hands back an
ExportRequest; ExportController runs it. Options that do not apply to the chosen
format are disabled rather than hidden, so the dialog does not jump around.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from reader.exporters.document import (
    ExportFormat,
    ExportOptions,
    HighlightStyle,
    NoteStyle,
    PageSize,
)
from reader.exporters.filenames import safe_name
from reader.services.export import ExportRequest
from reader.settings import Settings

_STYLES = (
    (HighlightStyle.MARK, "==Marked== (Obsidian and most editors)"),
    (HighlightStyle.BOLD, "**Bold** (any Markdown)"),
    (HighlightStyle.HTML, "<mark> in colour (HTML)"),
)
_NOTES = (
    (NoteStyle.INLINE, "Beside the text (quote after the paragraph, or in the margin)"),
    (NoteStyle.NUMBERED, "Numbered (footnotes)"),
)
_PAGES = ((PageSize.A4, "A4"), (PageSize.LETTER, "US Letter"))


class ExportDialog(QDialog):
    def __init__(
        self, article_ids: list[int], first_title: str, settings: Settings, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self._ids = article_ids
        self._title = first_title
        self._settings = settings
        many = len(article_ids) > 1
        self.setWindowTitle(f"Export {len(article_ids)} Articles" if many else "Export Article")

        self.format = QComboBox()
        self.format.setObjectName("exportFormat")
        for fmt in ExportFormat:
            self.format.addItem(fmt.label, fmt.value)
        self.highlight_style = _combo(_STYLES, "exportStyle")
        self.notes = _combo(_NOTES, "exportNotes")
        self.page_size = _combo(_PAGES, "exportPageSize")
        self.highlights_only = QCheckBox("Only the highlights and notes, not the whole text")
        self.highlights_only.setObjectName("exportHighlightsOnly")
        self.entities = QCheckBox("Mark named entities, with a legend")
        self.entities.setObjectName("exportEntities")
        self.per_article = QRadioButton("One file per article, into a folder")
        self.per_article.setObjectName("exportPerArticle")
        self.combined = QRadioButton("All in one file")
        self.combined.setObjectName("exportCombined")
        self.destination = QLineEdit()
        self.destination.setObjectName("exportDestination")
        self.destination.setMinimumWidth(380)
        browse = QPushButton("Choose…")
        browse.setObjectName("exportBrowse")
        browse.clicked.connect(self._browse)
        self.hint = QLabel()
        self.hint.setObjectName("exportHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(mid);")

        form = QFormLayout()
        form.addRow("&Format:", self.format)
        form.addRow("&Highlights as:", self.highlight_style)
        form.addRow("", self.highlights_only)
        form.addRow("&Notes:", self.notes)
        form.addRow("", self.entities)
        form.addRow("&Page size:", self.page_size)
        if many:
            form.addRow("Files:", self.per_article)
            form.addRow("", self.combined)
        row = QHBoxLayout()
        row.addWidget(self.destination, 1)
        row.addWidget(browse)
        form.addRow("Save to:", row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Export")
        ok.setObjectName("exportOk")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)

        self._restore()
        self.format.currentIndexChanged.connect(self._update)
        self.per_article.toggled.connect(self._update)
        self.highlights_only.toggled.connect(self._update)
        self._update()

    # --- state ---------------------------------------------------------------------------

    def _restore(self) -> None:
        s = self._settings
        _select(self.format, _parse(ExportFormat, s.export_format, ExportFormat.MARKDOWN))
        style = _parse(HighlightStyle, s.export_highlight_style, HighlightStyle.MARK)
        _select(self.highlight_style, style)
        _select(self.notes, _parse(NoteStyle, s.export_notes, NoteStyle.INLINE))
        _select(self.page_size, _parse(PageSize, s.export_page_size, PageSize.A4))
        self.highlights_only.setChecked(s.export_highlights_only)
        self.entities.setChecked(s.export_entities)
        (self.combined if s.export_combined else self.per_article).setChecked(True)
        self.destination.setText(self._default_destination())

    def remember(self) -> None:
        s = self._settings
        s.export_format = self.chosen_format.value
        s.export_highlight_style = str(self.highlight_style.currentData())
        s.export_notes = str(self.notes.currentData())
        s.export_page_size = str(self.page_size.currentData())
        s.export_highlights_only = self.highlights_only.isChecked()
        s.export_entities = self.entities.isChecked()
        if len(self._ids) > 1:
            s.export_combined = self.combined.isChecked()
        path = Path(self.destination.text().strip()).expanduser()
        s.last_export_dir = str(path if self.into_folder else path.parent)

    @property
    def chosen_format(self) -> ExportFormat:
        return _parse(ExportFormat, str(self.format.currentData()), ExportFormat.MARKDOWN)

    @property
    def into_folder(self) -> bool:
        """One file per article into a folder (several articles, not combined)."""
        fmt = self.chosen_format
        return len(self._ids) > 1 and self.per_article.isChecked() and not fmt.combines_naturally

    def _base_folder(self) -> Path:
        last = self._settings.last_export_dir
        return Path(last) if last and Path(last).is_dir() else Path.home()

    def _default_destination(self) -> str:
        folder = self._base_folder()
        if self.into_folder:
            return str(folder)
        name = self._title if len(self._ids) == 1 else "Reader export"
        return str(folder / safe_name(name, self.chosen_format.extension))

    def _update(self) -> None:
        fmt = self.chosen_format
        markdown = fmt is ExportFormat.MARKDOWN
        page = fmt in (ExportFormat.HTML, ExportFormat.PDF)
        self.highlight_style.setEnabled(markdown)
        self.highlights_only.setEnabled(markdown)
        self.notes.setEnabled(page or (markdown and not self.highlights_only.isChecked()))
        self.entities.setEnabled(page)
        self.page_size.setEnabled(fmt is ExportFormat.PDF)
        self.per_article.setEnabled(not fmt.combines_naturally)
        self.combined.setEnabled(not fmt.combines_naturally)
        # keep the folder the user chose, switch the name and extension
        current = Path(self.destination.text().strip() or str(self._base_folder()))
        folder = current if current.is_dir() else current.parent
        if self.into_folder:
            self.destination.setText(str(folder))
        else:
            name = self._title if len(self._ids) == 1 else "Reader export"
            stem = current.stem if not current.is_dir() and current.suffix else ""
            self.destination.setText(str(folder / ((stem or safe_name(name, "")) + fmt.extension)))
        hints = {
            ExportFormat.MARKDOWN: "YAML front matter, highlights marked, notes after their"
            " paragraph: for Obsidian and other notes apps.",
            ExportFormat.HTML: "One page with its styles inside: opens in any browser and"
            " prints well.",
            ExportFormat.PDF: "The HTML page as a PDF, with selectable text and colours.",
            ExportFormat.JSON: "W3C Web Annotations (JSON-LD) for annotation tools; all"
            " articles in one file.",
            ExportFormat.CSV: "Readwise's CSV import columns, one row per highlight; all"
            " articles in one file.",
        }
        self.hint.setText(hints[fmt])

    def _browse(self) -> None:
        current = self.destination.text().strip()
        if self.into_folder:
            chosen = QFileDialog.getExistingDirectory(self, "Export into Folder", current)
        else:
            fmt = self.chosen_format
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Export As", current, f"{fmt.label} (*{fmt.extension});;All files (*)"
            )
        if chosen:
            self.destination.setText(chosen)

    # --- result --------------------------------------------------------------------------

    def options(self) -> ExportOptions:
        return ExportOptions(
            highlight_style=HighlightStyle(self.highlight_style.currentData()),
            notes=NoteStyle(self.notes.currentData()),
            highlights_only=self.highlights_only.isChecked(),
            entities=self.entities.isChecked(),
            page_size=PageSize(self.page_size.currentData()),
        )

    def request(self, overwrite: bool = False) -> ExportRequest:
        return ExportRequest(
            tuple(self._ids),
            self.chosen_format,
            Path(self.destination.text().strip()).expanduser(),
            self.options(),
            combined=len(self._ids) > 1 and self.combined.isChecked(),
            overwrite=overwrite,
        )


def _combo(items: tuple[tuple[StrEnum, str], ...], name: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for value, text in items:
        combo.addItem(text, str(value))  # Qt keeps the plain string, not the enum
    return combo


def _select(combo: QComboBox, value: StrEnum) -> None:
    index = combo.findData(value.value)
    if index >= 0:
        combo.setCurrentIndex(index)


E = TypeVar("E", bound=StrEnum)


def _parse(kind: type[E], value: str, default: E) -> E:
    try:
        return kind(value)
    except ValueError:
        return default
