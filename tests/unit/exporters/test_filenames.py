"""Safe file names: nothing lands outside the chosen folder, nothing is overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.exporters.filenames import MAX_STEM, is_inside, safe_name, safe_stem, unique_path


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("../../etc/passwd", "etc passwd"),
        ("..", "article"),
        ('a/b\\c:d*e?f"g<h>i|j', "a b c d e f g h i j"),
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("LPT1", "_LPT1"),
        ("Console", "Console"),
        (".hidden", "hidden"),
        ("ends with dot.", "ends with dot"),
        ("tab\tand\nnewline\x00nul", "tab and newline nul"),
        ("Ünïcödé 日本語 🌊 مرحبا", "Ünïcödé 日本語 🌊 مرحبا"),
        ("", "article"),
        ("   ", "article"),
    ],
)
def test_safe_stem(title: str, expected: str) -> None:
    assert safe_stem(title) == expected


def test_long_titles_are_cut_at_a_word() -> None:
    stem = safe_stem("word " * 100)
    assert len(stem) <= MAX_STEM and stem.endswith("word")
    assert len(safe_stem("x" * 500)) == MAX_STEM


@given(st.text(max_size=300))
def test_any_title_gives_a_plain_name_inside_the_folder(title: str) -> None:
    name = safe_name(title, ".md")
    folder = Path("/tmp/export-folder")
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert not name.startswith(".") and name.endswith(".md")
    assert len(name) <= MAX_STEM + 3
    assert is_inside(folder, folder / name)
    assert (folder / name).parent == folder


def test_unique_path_never_picks_a_taken_name(tmp_path: Path) -> None:
    (tmp_path / "Title.md").write_text("mine")
    (tmp_path / "Title (2).md").write_text("mine too")
    assert unique_path(tmp_path, "Title.md") == tmp_path / "Title (3).md"
    assert unique_path(tmp_path, "Title.md", {"title (3).md"}) == tmp_path / "Title (4).md"
    assert unique_path(tmp_path, "Other.md") == tmp_path / "Other.md"
    assert unique_path(tmp_path, "noext") == tmp_path / "noext"
    (tmp_path / "noext").write_text("x")
    assert unique_path(tmp_path, "noext") == tmp_path / "noext (2)"
