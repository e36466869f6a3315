"""Telling the user what an import did, naming every file that failed and why."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from reader.core.model import ImportOutcome, ImportStatus
from reader.ui.formatting import plural


def summarise(outcomes: Sequence[ImportOutcome], cancelled: bool = False) -> str:
    imported = sum(1 for o in outcomes if o.status is ImportStatus.IMPORTED)
    duplicates = sum(1 for o in outcomes if o.status is ImportStatus.DUPLICATE)
    failed = sum(1 for o in outcomes if o.status is ImportStatus.ERROR)
    parts = [f"{plural(imported, 'article')} imported"]
    if duplicates:
        parts.append(f"{duplicates:,} already in the library")
    merged = sum(1 for o in outcomes if o.merged)
    if merged:  # a backup's articles that were here: they gained its highlights, tags...
        parts.append(f"{plural(merged, 'article')} completed from the backup")
    if failed:
        parts.append(f"{failed:,} could not be imported")
    text = ", ".join(parts)
    return ("Import cancelled: " + text) if cancelled else text


def failure_details(outcomes: Sequence[ImportOutcome]) -> str:
    lines = [f"{Path(o.path).name}: {o.error}" for o in outcomes if o.status is ImportStatus.ERROR]
    return "\n".join(lines)


def show_failures(parent: QWidget, outcomes: Sequence[ImportOutcome]) -> None:
    details = failure_details(outcomes)
    if not details:
        return
    count = details.count("\n") + 1
    box = QMessageBox(parent)
    box.setObjectName("importFailures")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Some files were not imported")
    box.setText(f"{plural(count, 'file')} could not be imported. {summarise(outcomes)}.")
    box.setInformativeText(details if count <= 8 else "See the details for the full list.")
    box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
