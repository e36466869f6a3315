"""Files that cannot be imported get a clear reason, and are never read needlessly."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from reader.importers import MAX_FILE_BYTES, ImportFailure, iter_path, load_path
from tests.unit.importers.helpers import WriteFile


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match="does not exist"):
        load_path(tmp_path / "nope.txt")


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "articles.txt"
    folder.mkdir()
    with pytest.raises(ImportFailure, match="folder"):
        load_path(folder)


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".json", ".jsonl", ""])
def test_empty_file(write: WriteFile, suffix: str) -> None:
    with pytest.raises(ImportFailure, match="the file is empty"):
        load_path(write(f"empty{suffix}", b""))


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".json", ""])
def test_whitespace_only_file(write: WriteFile, suffix: str) -> None:
    with pytest.raises(ImportFailure):
        load_path(write(f"blank{suffix}", "  \n\n\t \n"))


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".json", ".jsonl", ".pdf"])
def test_binary_file(write: WriteFile, suffix: str) -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 8
    with pytest.raises(ImportFailure, match="not a text file"):
        load_path(write(f"picture{suffix}", data))


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".json", ".bin"])
def test_file_over_the_limit_is_refused_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    path = tmp_path / f"huge{suffix}"
    with path.open("wb") as stream:
        stream.truncate(51 * 1024 * 1024)  # sparse: instant, and no disk used

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("a file over the limit must not be opened")

    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    started = time.perf_counter()
    with pytest.raises(ImportFailure, match=r"too large \(51\.0 MB; the limit is 50 MB\)"):
        load_path(path)
    assert time.perf_counter() - started < 0.5


def test_file_at_the_limit_is_fine_in_principle() -> None:
    assert MAX_FILE_BYTES == 50 * 1024 * 1024


@pytest.mark.skipif(sys.platform == "win32", reason="no FIFOs on Windows")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ImportFailure, match="not a regular file"):
        load_path(fifo)


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0, reason="root reads anything; no chmod on Windows"
)
def test_unreadable_file(write: WriteFile) -> None:
    path = write("secret.txt", "Headline\n\nText.")
    path.chmod(0)
    try:
        with pytest.raises(ImportFailure, match="permission denied"):
            load_path(path)
    finally:
        path.chmod(0o600)


def test_unreadable_file_as_reported_by_the_system(
    write: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write("secret.txt", "Headline\n\nText.")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(ImportFailure, match="permission denied"):
        load_path(path)


def test_invalid_file_name(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match="not a valid file name"):
        load_path(tmp_path / "bad\x00name.txt")


def test_most_failures_are_raised_at_the_call_not_during_iteration(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure):
        iter_path(tmp_path / "missing.jsonl")
    with pytest.raises(ImportFailure):
        iter_path(tmp_path / "missing.json")
