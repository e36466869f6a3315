"""Shared by the importer tests: where test data lives, one-article files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.core.model import ArticleDraft
from reader.importers import load_path

DATA = Path(__file__).resolve().parents[2] / "data" / "importers"
SAMPLES = Path(__file__).resolve().parents[3] / "resources" / "samples"

WriteFile = Callable[[str, str | bytes], Path]


def only_draft(path: Path) -> ArticleDraft:
    """The single article a one-article file must give."""
    items = load_path(path)
    assert len(items) == 1
    [draft] = items
    assert isinstance(draft, ArticleDraft)
    return draft
