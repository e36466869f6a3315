"""Safe file names from article titles, and unique paths that never overwrite.

A title is the user's (or a web page's) text: it may hold slashes, "..", control
characters, names Windows reserves (CON, NUL, COM1...), or be 2,000 characters long.
`safe_name` turns it into one plain file name (no folder part) that every common file
system takes; `unique_path` picks "name (2).md" rather than replace a file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container
from pathlib import Path

MAX_STEM = 120
_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"COM{n}" for n in "123456789¹²³"}
    | {f"LPT{n}" for n in "123456789¹²³"}
)


def safe_stem(title: str, fallback: str = "article", limit: int = MAX_STEM) -> str:
    """A file name without extension for `title`: unicode kept, path separators,
    control and reserved characters replaced, no leading dots, at most `limit`
    characters (cut at a word where one is near), never a reserved device name."""
    text = unicodedata.normalize("NFC", title)
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)
    text = _FORBIDDEN.sub(" ", text)
    text = " ".join(text.split())
    text = text.strip(". ")  # no hidden files, no "..", no trailing dot (Windows drops it)
    if len(text) > limit:
        cut = text[:limit]
        space = cut.rfind(" ")
        text = (cut[:space] if space > limit // 2 else cut).rstrip(". ")
    if not text:
        text = fallback
    if text.split(".")[0].strip().upper() in _RESERVED:
        text = f"_{text}"
    return text


def safe_name(title: str, extension: str, fallback: str = "article") -> str:
    """`safe_stem(title)` with `extension` (".md")."""
    return safe_stem(title, fallback) + extension


def unique_path(folder: Path, name: str, taken: Container[str] = ()) -> Path:
    """`folder / name`, or `name (2)`, `name (3)`... : the first that neither exists
    on disk nor is in `taken` (names already chosen in this export), compared without
    case (case-insensitive file systems would still collide)."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    suffix = f".{extension}" if dot else ""
    candidate = name
    number = 1
    while (folder / candidate).exists() or candidate.casefold() in taken:
        number += 1
        candidate = f"{stem} ({number}){suffix}"
    return folder / candidate


def is_inside(folder: Path, path: Path) -> bool:
    """Whether `path` is in `folder` (after resolving symlinks and "..")."""
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True
