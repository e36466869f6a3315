"""Fixtures for importer tests: real files written in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.importers.helpers import WriteFile


@pytest.fixture
def write(tmp_path: Path) -> WriteFile:
    """Write text (as UTF-8) or bytes to a file in tmp_path and return its path."""

    def writer(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return writer
