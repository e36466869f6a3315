"""Hostile and broken files: binary formats in disguise, compressed "bombs", huge files and
lines, deep nesting, NUL bytes, mixed encodings. Each ends in drafts, per-record failures
or one clear per-file message; never an exception, never a file read whole needlessly."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import os
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.model import ArticleDraft, ImportStatus
from reader.importers import ImportFailure, RecordFailure, load_path
from reader.services.library import Library
from tests.unit.importers.helpers import WriteFile
from tests.unit.importers.test_properties import assert_valid

PROPERTY = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TEXT = "Ministers met in Geneva on Thursday to resume talks on steel tariffs. " * 40


def zipped() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("article.txt", TEXT)
    return buffer.getvalue()


def sqlite_file() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "db.sqlite"
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
        conn.close()
        return path.read_bytes()


# A PDF with no binary stream: every byte printable ASCII, so only its signature tells.
PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
BINARIES: dict[str, tuple[bytes, str]] = {
    "gzip": (gzip.compress(TEXT.encode()), "a gzip-compressed file"),
    "zip": (zipped(), "a ZIP archive"),
    "pdf": (PDF, "a PDF document"),
    "png": (b"\x89PNG\r\n\x1a\n" + bytes(range(1, 256)) * 4, "a PNG image"),
    "jpeg": (b"\xff\xd8\xff\xe0" + b"JFIF" + bytes(range(1, 256)), "a JPEG image"),
    "bzip2": (bz2.compress(TEXT.encode()), "a bzip2-compressed file"),
    "xz": (lzma.compress(TEXT.encode()), "an xz-compressed file"),
    "sqlite": (sqlite_file(), "an SQLite database"),
    "rtf": (b"{\\rtf1\\ansi Hello}", "an RTF document"),
}


@pytest.mark.parametrize("kind", list(BINARIES))
@pytest.mark.parametrize("suffix", [".txt", ".html", ".json", ".jsonl", ".md", ""])
def test_binary_files_in_disguise_are_named_not_decoded(
    write: WriteFile, kind: str, suffix: str
) -> None:
    data, name = BINARIES[kind]
    with pytest.raises(ImportFailure, match=f"^not a text file: it is {name}"):
        load_path(write(f"renamed{suffix}", data))


def test_a_compressed_bomb_is_refused_without_unpacking(write: WriteFile) -> None:
    bomb = gzip.compress(b"\0" * 20_000_000, compresslevel=9)  # 20 MB in about 20 kB
    path = write("harmless.txt", bomb)
    started = time.perf_counter()
    with pytest.raises(ImportFailure, match="gzip-compressed"):
        load_path(path)
    assert time.perf_counter() - started < 0.5


def test_text_that_merely_starts_like_a_signature_is_text(write: WriteFile) -> None:
    [draft] = load_path(write("note.txt", "PK fire at the depot\n\n" + TEXT))
    assert isinstance(draft, ArticleDraft) and draft.title == "PK fire at the depot"


# --- size ----------------------------------------------------------------------------------


class CountingReads:
    """Path.open wrapped: how many bytes were read from each file."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.read: dict[str, int] = {}
        original = Path.open
        counter = self

        class Counted(io.BufferedReader):
            def read(self, size: int | None = -1) -> bytes:
                data = super().read(size)
                counter.read[self.name] = counter.read.get(self.name, 0) + len(data)
                return data

            def readline(self, size: int | None = -1) -> bytes:
                data = super().readline(size)
                counter.read[self.name] = counter.read.get(self.name, 0) + len(data)
                return data

        def counted_open(path: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            if mode == "rb":
                return Counted(io.FileIO(str(path), "rb"))
            return original(path, mode, *args, **kwargs)

        monkeypatch.setattr(Path, "open", counted_open)


@pytest.mark.parametrize("suffix", [".txt", ".html", ".json", ".jsonl", ".md", ".dat"])
def test_a_sparse_file_over_50_mb_is_refused_early_through_the_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    path = tmp_path / f"huge{suffix}"
    with path.open("wb") as stream:
        stream.truncate(60 * 1024 * 1024)  # sparse: instant, no disk used
    library = Library.open(tmp_path / "lib.sqlite")
    counting = CountingReads(monkeypatch)
    started = time.perf_counter()
    [outcome] = library.import_paths([path])
    library.close()
    assert time.perf_counter() - started < 1
    assert outcome.status is ImportStatus.ERROR
    assert "too large" in outcome.error or "not a text file" in outcome.error
    assert sum(counting.read.values()) <= 2 * 65536  # looks at the start, no more


def test_a_10_mb_single_line_file_imports(tmp_path: Path) -> None:
    path = tmp_path / "line.txt"
    path.write_text("Headline\n\n" + "word " * 2_000_000, encoding="utf-8")
    library = Library.open(tmp_path / "lib.sqlite")
    [outcome] = library.import_paths([path])
    assert outcome.status is ImportStatus.IMPORTED, outcome.error
    assert outcome.id is not None
    article = library.get(outcome.id)
    assert article is not None and article.word_count == 2_000_000
    library.close()


@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".md", ".html"])
def test_a_10_mb_line_without_breaks_imports_or_fails_cleanly(
    write: WriteFile, suffix: str
) -> None:
    path = write(f"line{suffix}", "x" * 10_000_000)
    try:
        items = load_path(path)
    except ImportFailure as failure:
        assert str(failure)
        return
    for item in items:
        assert_valid(item)


# --- nesting -------------------------------------------------------------------------------


@pytest.mark.parametrize("closed", [True, False])
def test_html_nested_10000_deep(write: WriteFile, closed: bool) -> None:
    inner = "<p>Deep in the page, the article's one paragraph of text.</p>"
    html = "<html><body>" + "<div>" * 10_000 + inner + ("</div>" * 10_000 if closed else "")
    try:
        items = load_path(write("deep.html", html))
    except ImportFailure as failure:
        assert str(failure)
        return
    [draft] = items
    assert isinstance(draft, ArticleDraft)
    assert "Deep in the page" in draft.text


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_json_nested_100000_deep(write: WriteFile, suffix: str) -> None:
    data = '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    try:
        items = load_path(write(f"deep{suffix}", data))
    except ImportFailure as failure:
        assert "nested too deeply" in str(failure) or str(failure)
        return
    assert all(isinstance(item, RecordFailure) for item in items)


# --- NUL bytes and broken lines ------------------------------------------------------------


def test_jsonl_with_a_nul_byte_and_a_broken_line_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(
        b'{"title": "One", "text": "The first article."}\n'
        b'{"title": "Two", "text": "A raw \x00 NUL inside."}\n'
        b'{"title": "Three", "text": "An escaped \\u0000 NUL."}\n'
        b'{"title": "Four", "text": "cut short\n'
        b'{"title": "Five", "text": "The last article."}\n'
    )
    library = Library.open(tmp_path / "lib.sqlite")
    outcomes = list(library.import_paths([path]))
    library.close()
    assert [o.status for o in outcomes] == [
        ImportStatus.IMPORTED,
        ImportStatus.ERROR,
        ImportStatus.IMPORTED,
        ImportStatus.ERROR,
        ImportStatus.IMPORTED,
    ]
    assert outcomes[1].error.startswith("line 2: not valid JSON")
    assert outcomes[3].error.startswith("line 4: not valid JSON")
    assert [o.title for o in outcomes if o.status is ImportStatus.IMPORTED] == [
        "One",
        "Three",
        "Five",
    ]


def test_an_escaped_nul_never_reaches_the_text(write: WriteFile) -> None:
    [draft] = load_path(write("a.json", json.dumps({"title": "T\u0000", "text": "a\u0000b c"})))
    assert isinstance(draft, ArticleDraft)
    assert "\x00" not in draft.text and "\x00" not in draft.title


def test_mixed_utf8_and_cp1252_keeps_both(write: WriteFile) -> None:
    data = "Café in Zürich — “quoted”\n\nThe naïve résumé.\n".encode() + (
        "Old part: café, Müller, 25 €, “Grüße”.\n".encode("cp1252")
    )
    [draft] = load_path(write("mixed.txt", data))
    assert isinstance(draft, ArticleDraft)
    assert draft.title == "Café in Zürich — “quoted”"
    assert draft.text == "The naïve résumé.\n\nOld part: café, Müller, 25 €, “Grüße”."


# --- fuzzing -------------------------------------------------------------------------------

tags = st.sampled_from(["div", "p", "span", "table", "td", "script", "style", "b", "article"])


@st.composite
def nested_html(draw: st.DrawFn) -> str:
    depth = draw(st.integers(0, 3000))
    tag = draw(tags)
    words = draw(st.text(min_size=0, max_size=60))
    html = f"<html><body>{f'<{tag}>' * depth}<p>{words}</p>{f'</{tag}>' * depth}</body></html>"
    cut = draw(st.integers(0, len(html)))
    return html[:cut] if draw(st.booleans()) else html


@st.composite
def mixed_bytes(draw: st.DrawFn) -> bytes:
    """Pieces of text, each in its own encoding, with NULs and long lines among them."""
    pieces = draw(
        st.lists(
            st.tuples(
                st.text(max_size=60),
                st.sampled_from(["utf-8", "cp1252", "latin-1", "utf-16-le", "ascii"]),
            ),
            max_size=6,
        )
    )
    data = b"".join(text.encode(encoding, errors="replace") for text, encoding in pieces)
    if draw(st.booleans()):
        data += b"\x00" * draw(st.integers(1, 3))
    if draw(st.booleans()):
        data += b"y" * draw(st.integers(0, 200_000))
    return data


SUFFIXES = [".txt", ".md", ".html", ".json", ".jsonl", ".dat", ""]


def import_through_library(library: Library, folder: Path, suffix: str, data: bytes) -> None:
    path = folder / f"input{suffix}"
    path.write_bytes(data)
    outcomes = list(library.import_paths([path]))
    assert outcomes
    for outcome in outcomes:
        if outcome.status is ImportStatus.ERROR:
            assert outcome.error and outcome.path == str(path)
        else:
            assert outcome.id is not None


@pytest.fixture(scope="module")
def shared_library() -> Iterator[tuple[Library, Path]]:
    with tempfile.TemporaryDirectory() as folder:
        library = Library.open(Path(folder) / "lib.sqlite")
        yield library, Path(folder)
        library.close()


@PROPERTY
@given(html=nested_html(), suffix=st.sampled_from([".html", ".dat", ".txt"]))
def test_nested_or_truncated_html_never_raises(
    shared_library: tuple[Library, Path], html: str, suffix: str
) -> None:
    library, folder = shared_library
    import_through_library(library, folder, suffix, html.encode())


@PROPERTY
@given(data=mixed_bytes(), suffix=st.sampled_from(SUFFIXES))
def test_mixed_encodings_nuls_and_long_lines_never_raise(
    shared_library: tuple[Library, Path], data: bytes, suffix: str
) -> None:
    library, folder = shared_library
    import_through_library(library, folder, suffix, data or b"x")


@PROPERTY
@given(data=st.binary(min_size=1, max_size=2000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_through_the_library_never_raise(
    shared_library: tuple[Library, Path], data: bytes, suffix: str
) -> None:
    library, folder = shared_library
    import_through_library(library, folder, suffix, data)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on Windows")
def test_a_fifo_through_the_library_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    library = Library.open(tmp_path / "lib.sqlite")
    [outcome] = library.import_paths([fifo])
    library.close()
    assert outcome.status is ImportStatus.ERROR and "not a regular file" in outcome.error
