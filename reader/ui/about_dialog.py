"""Help › About Reader: the version, where the library and data live, and the versions of
the entity model, spaCy, Qt and Python, with a button to copy them for a bug report."""

from __future__ import annotations

import html
import platform
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from reader import __version__
from reader.paths import data_dir
from reader.ui.app_icon import app_icon


def package_version(name: str) -> str | None:
    """A distribution's version from its metadata: spaCy and the model are not imported."""
    import importlib.metadata

    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def about_facts(library: Path) -> list[tuple[str, str]]:
    """(label, value) rows, in the order shown and copied."""
    import PySide6

    from reader.nlp.recognizer import DEFAULT_PACKAGE

    model_version = package_version(DEFAULT_PACKAGE)
    spacy_version = package_version("spacy")
    model = f"{DEFAULT_PACKAGE} {model_version}" if model_version else "not installed"
    return [
        ("Version", __version__),
        ("Library", str(library)),
        ("Data folder", str(data_dir())),
        ("Entity model", model),
        ("spaCy", spacy_version or "not installed"),
        ("Qt", f"{qVersion()} (PySide6 {PySide6.__version__})"),
        ("Python", platform.python_version()),
    ]


class AboutDialog(QDialog):
    def __init__(self, library: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Reader")
        self.facts = about_facts(library)

        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel(
            f"<h2>Reader {html.escape(__version__)}</h2>"
            "<p>Read and annotate news articles, with named entities highlighted.</p>"
        )
        title.setWordWrap(True)
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for label, value in self.facts:
            field = QLabel(value)
            field.setObjectName(f"about_{label.lower().replace(' ', '_')}")
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            field.setWordWrap(True)
            form.addRow(f"{label}:", field)
            self.values[label] = field

        text = QVBoxLayout()
        text.addWidget(title)
        text.addLayout(form)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(text, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_folder = buttons.addButton(
            "Open Data Folder", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy = buttons.addButton("Copy Details", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_folder.clicked.connect(self._open_data_folder)
        self.copy.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def details(self) -> str:
        return "\n".join(f"{label}: {value}" for label, value in self.facts)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(f"Reader\n{self.details()}\n")

    def _open_data_folder(self) -> None:
        folder = data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def show_about(library: Path, parent: QWidget | None = None) -> None:
    AboutDialog(library, parent).exec()
