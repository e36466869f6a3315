"""Edit › Preferences: every change applies at once (a live preview) and is remembered.

The dialog holds no state of its own: each control calls the object that owns the
setting (ViewController for the reading font and column, ThemeManager for the theme,
the entity controller for entity types, the actions for analysis on/off), and those
store it through Settings.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFontComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reader.nlp.labels import LEGEND, info
from reader.settings import BACKUP_COUNT_DEFAULT, BACKUP_RANGE, LINE_WIDTH_RANGE, Settings
from reader.ui.actions import Actions
from reader.ui.annotation_controller import AnnotationController
from reader.ui.entity_controller import EntityController
from reader.ui.entity_panel import swatch
from reader.ui.highlight_colours import (
    DEFAULT_HIGHLIGHT_COLOUR,
    HIGHLIGHT_COLOUR_NAMES,
    colour_icon,
    colour_tooltip,
    is_dark_palette,
)
from reader.ui.library_location import LibraryMover
from reader.ui.reading_text import COLUMN_CHARS, READING_POINT_SIZE, default_reading_font
from reader.ui.theme import THEME_NAMES, ThemeManager
from reader.ui.view_controller import MAX_POINTS, MIN_POINTS, ViewController


@dataclass
class PreferenceTargets:
    """What the dialog changes: the owners of each setting."""

    settings: Settings
    view: ViewController
    theme: ThemeManager
    entities: EntityController
    annotations: AnnotationController
    actions: Actions
    mover: LibraryMover


class PreferencesDialog(QDialog):
    def __init__(self, targets: PreferenceTargets, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Preferences")
        self.t = targets
        layout = QVBoxLayout(self)
        layout.addWidget(self._reading_group())
        layout.addWidget(self._marks_group())
        layout.addWidget(self._library_group())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Close | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        buttons.rejected.connect(self.reject)
        defaults = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        defaults.setObjectName("restoreDefaults")
        defaults.setToolTip("Every preference back to how Reader comes (the library stays)")
        defaults.clicked.connect(self.restore_defaults)
        keys = buttons.addButton("Keyboard Sh&ortcuts…", QDialogButtonBox.ButtonRole.ActionRole)
        keys.setObjectName("openShortcuts")
        keys.setToolTip("Change the keys of any command (Help › Keyboard Shortcuts)")
        keys.clicked.connect(self.t.actions.shortcuts.trigger)
        layout.addWidget(buttons)
        self.load()

    # --- building ------------------------------------------------------------------------

    def _reading_group(self) -> QGroupBox:
        group = QGroupBox("Reading")
        form = QFormLayout(group)
        self.font_box = QFontComboBox()
        self.font_box.setObjectName("fontFamily")
        self.font_box.setFontFilters(QFontComboBox.FontFilter.ScalableFonts)
        self.font_default = QPushButton("Default")
        self.font_default.setObjectName("fontDefault")
        self.font_default.setToolTip("The first good serif font installed")
        row = QHBoxLayout()
        row.addWidget(self.font_box, 1)
        row.addWidget(self.font_default)
        font_label = QLabel("&Font:")
        font_label.setBuddy(self.font_box)  # a row of widgets has no buddy of its own
        form.addRow(font_label, row)
        self.size_box = QDoubleSpinBox()
        self.size_box.setObjectName("fontSize")
        self.size_box.setRange(MIN_POINTS, MAX_POINTS)
        self.size_box.setSingleStep(0.5)
        self.size_box.setDecimals(1)
        self.size_box.setSuffix(" pt")
        self.size_box.setToolTip("Also Ctrl++ and Ctrl+- in the main window")
        form.addRow("&Size:", self.size_box)
        self.width_box = QSpinBox()
        self.width_box.setObjectName("lineWidth")
        self.width_box.setRange(*LINE_WIDTH_RANGE)
        self.width_box.setSingleStep(5)
        self.width_box.setSuffix(" characters")
        self.width_box.setToolTip("About 60 to 75 characters a line is easiest to read")
        form.addRow("&Line width:", self.width_box)
        self.theme_box = QComboBox()
        self.theme_box.setObjectName("theme")
        for key, name in THEME_NAMES.items():
            self.theme_box.addItem(name, key)
        form.addRow("&Theme:", self.theme_box)
        self.font_box.currentFontChanged.connect(self._on_font)
        self.font_default.clicked.connect(self._on_font_default)
        self.size_box.valueChanged.connect(self.t.view.set_font_size)
        self.width_box.valueChanged.connect(self.t.view.set_line_width)
        self.theme_box.currentIndexChanged.connect(self._on_theme)
        return group

    def _marks_group(self) -> QGroupBox:
        group = QGroupBox("Highlights and entities")
        form = QFormLayout(group)
        self.colour_box = QComboBox()
        self.colour_box.setObjectName("defaultColour")
        for name in HIGHLIGHT_COLOUR_NAMES:
            self.colour_box.addItem(colour_tooltip(name), name)
        form.addRow("&Highlight colour (H):", self.colour_box)
        self.ner_box = QCheckBox("Find people, places, organisations… (entity recognition)")
        self.ner_box.setObjectName("nerEnabled")
        self.ner_box.setToolTip(
            "Off: no analysis runs in the background and entity marks are hidden"
        )
        form.addRow(self.ner_box)
        types = QWidget()
        grid = QGridLayout(types)
        grid.setContentsMargins(0, 0, 0, 0)
        self.type_boxes: dict[str, QCheckBox] = {}
        for index, (name, labels) in enumerate(LEGEND):
            box = QCheckBox(name)
            box.setObjectName(f"showType_{name.replace(' ', '_')}")
            box.setToolTip(" / ".join(info(label).detail for label in labels))
            box.toggled.connect(self._on_types)
            self.type_boxes[name] = box
            grid.addWidget(box, index // 3, index % 3)
        form.addRow("&Mark these types:", types)
        self.colour_box.currentIndexChanged.connect(self._on_colour)
        self.ner_box.toggled.connect(self._on_ner)
        return group

    def _library_group(self) -> QGroupBox:
        group = QGroupBox("Library")
        form = QFormLayout(group)
        self.path_label = QLabel()
        self.path_label.setObjectName("libraryPath")
        self.path_label.setTextFormat(Qt.TextFormat.PlainText)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path_label.setWordWrap(True)
        self.move_button = QPushButton("&Move…")
        self.move_button.setObjectName("moveLibrary")
        self.move_button.setToolTip(
            "Copy the library to another folder, check the copy, and restart using it"
        )
        self.move_button.clicked.connect(self._on_move)
        row = QHBoxLayout()
        row.addWidget(self.path_label, 1)
        row.addWidget(self.move_button, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow("File:", row)
        self.backup_box = QSpinBox()
        self.backup_box.setObjectName("backupCount")
        self.backup_box.setRange(*BACKUP_RANGE)
        self.backup_box.setSuffix(" backups")
        self.backup_box.setToolTip("Older automatic backups of the library are removed")
        self.backup_box.valueChanged.connect(self._on_backups)
        form.addRow("&Keep:", self.backup_box)
        return group

    # --- state ---------------------------------------------------------------------------

    def load(self) -> None:
        """Show the settings as they are now (without applying anything)."""
        s = self.t.settings
        widgets: list[QWidget] = [
            self.font_box,
            self.size_box,
            self.width_box,
            self.theme_box,
            self.colour_box,
            self.ner_box,
            self.backup_box,
            *self.type_boxes.values(),
        ]
        for widget in widgets:
            widget.blockSignals(True)
        self.font_box.setCurrentFont(QFont(s.reading_font_family or _default_family()))
        self.size_box.setValue(self.t.view.font_size())
        self.width_box.setValue(s.line_width)
        self.theme_box.setCurrentIndex(max(0, self.theme_box.findData(self.t.theme.theme)))
        self.colour_box.setCurrentIndex(
            max(0, self.colour_box.findData(s.default_highlight_colour))
        )
        self.ner_box.setChecked(not self.t.actions.pause_analysis.isChecked())
        hidden = s.hidden_entity_labels
        for name, labels in LEGEND:
            self.type_boxes[name].setChecked(not set(labels) <= hidden)
        self.backup_box.setValue(s.backup_count)
        for widget in widgets:
            widget.blockSignals(False)
        self._update_enabled()
        self._update_swatches()
        self.path_label.setText(str(self.t.mover.current))
        reason = self.t.mover.why_not()
        self.move_button.setEnabled(not reason)
        if reason:
            self.move_button.setToolTip(reason)

    def restore_defaults(self) -> None:
        self.t.view.set_font_family("")
        self.t.view.set_font_size(READING_POINT_SIZE)
        self.t.view.set_line_width(COLUMN_CHARS)
        self.t.theme.set_theme("system")
        self.t.settings.theme = "system"
        self._set_default_colour(DEFAULT_HIGHLIGHT_COLOUR)
        self.t.entities.set_hidden_labels(set())
        self._on_ner(True)
        self.t.settings.backup_count = BACKUP_COUNT_DEFAULT
        self.load()

    def _update_enabled(self) -> None:
        for box in self.type_boxes.values():
            box.setEnabled(self.ner_box.isChecked())

    def _update_swatches(self) -> None:
        """Colour swatches as the marks look in the theme in use."""
        dark = is_dark_palette(self.palette())
        for name, labels in LEGEND:
            details = info(labels[0])
            self.type_boxes[name].setIcon(swatch(details.dark if dark else details.light))
        for index in range(self.colour_box.count()):
            self.colour_box.setItemIcon(
                index, colour_icon(str(self.colour_box.itemData(index)), dark)
            )

    # --- applying ------------------------------------------------------------------------

    def _on_font(self, font: QFont) -> None:
        family = font.family()
        self.t.view.set_font_family("" if family == _default_family() else family)

    def _on_font_default(self) -> None:
        self.t.view.set_font_family("")
        self.font_box.blockSignals(True)
        self.font_box.setCurrentFont(QFont(_default_family()))
        self.font_box.blockSignals(False)

    def _on_theme(self, index: int) -> None:
        theme = str(self.theme_box.itemData(index))
        self.t.theme.set_theme(theme)
        self.t.settings.theme = theme
        self._update_swatches()

    def _on_colour(self, index: int) -> None:
        self._set_default_colour(str(self.colour_box.itemData(index)))

    def _set_default_colour(self, colour: str) -> None:
        self.t.annotations.default_colour = colour
        self.t.settings.default_highlight_colour = colour

    def _on_ner(self, on: bool) -> None:
        """Off pauses the analysis and hides the marks; on resumes and shows them."""
        self.t.actions.pause_analysis.setChecked(not on)
        self.t.actions.show_entities.setChecked(on)
        self._update_enabled()

    def _on_types(self) -> None:
        hidden: set[str] = set()
        for name, labels in LEGEND:
            if not self.type_boxes[name].isChecked():
                hidden.update(labels)
        self.t.entities.set_hidden_labels(hidden)

    def _on_backups(self, value: int) -> None:
        self.t.settings.backup_count = value

    def _on_move(self) -> None:
        if self.t.mover.choose_and_move(self):
            self.accept()


def _default_family() -> str:
    return default_reading_font().family()
