"""Text clean-up shared by every format: line breaks, stray controls, paragraphs.

The stored text is what the reading view shows and what highlight offsets index,
so every importer must produce it the same way: lines end in ``\\n`` only, and
paragraphs are separated by exactly one blank line.
"""

from __future__ import annotations

import itertools
import re

# Every line or paragraph separator str.splitlines() knows, so that no separator
# but "\n" ever reaches the stored text.
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Invisible junk: C0/C1 controls except tab and newline, lone surrogates, BOMs.
_JUNK = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff]")
_SPACES = re.compile(r"[ \t]+")
_LIST_ITEM = re.compile(r"(?:[-*+•◦▪–]|\d{1,3}[.)])\s")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9])")
_TERMINAL = (".", "!", "?", ":", ";", '"', "'", "”", "’", ")")

MIN_WRAP = 40  # narrower than this, short lines are verse or lists, not wrapped prose
MAX_WRAP = 120  # wider than this, each line is a paragraph in its own right
MAX_HEADLINE = 200
MIN_WRAPPED_LINES = 3


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one string, for the keyword lists importers use."""
    return frozenset(words.split())


def clean_text(text: str) -> str:
    """Normalise line breaks to ``\\n`` and drop invisible control characters."""
    if "\r" in text or not text.isascii():
        text = _LINE_BREAKS.sub("\n", text)
    return _JUNK.sub("", text)


def drop_junk(text: str) -> str:
    """`text` without invisible control characters (NUL and the like, lone surrogates)."""
    return _JUNK.sub("", text)


def clean_line(line: str) -> str:
    """One line as shown: runs of spaces and tabs collapsed, ends trimmed."""
    if "  " in line or "\t" in line:
        line = _SPACES.sub(" ", line)
    return line.strip()


def wrap_width(lines: list[str]) -> int:
    """The width a hard-wrapped file was wrapped at, or 0 if it is not hard-wrapped.

    Only lines followed by another non-blank line could be wrapped ones; the 90th
    percentile of their lengths is robust to the odd long URL. A few lines are not
    evidence enough, and in a wrapped file most of them are nearly full.
    """
    lengths = sorted(
        len(line.rstrip())
        for line, following in itertools.pairwise(lines)
        if line.strip() and following.strip()
    )
    if len(lengths) < MIN_WRAPPED_LINES:
        return 0
    width = lengths[(len(lengths) - 1) * 9 // 10]
    full = sum(1 for length in lengths if length >= 0.75 * width)
    if not MIN_WRAP <= width <= MAX_WRAP or full * 2 < len(lengths):
        return 0
    return width


def joins(previous: str, line: str, width: int) -> bool:
    """Whether ``line`` continues ``previous`` in the same paragraph of a wrapped file."""
    if not width:
        return False
    stripped = line.lstrip()
    if not stripped or _LIST_ITEM.match(stripped):
        return False
    if len(line) - len(stripped) > len(previous) - len(previous.lstrip()):
        return False  # an indented first line starts a new paragraph
    before = previous.rstrip()
    next_word = stripped.split(None, 1)[0]
    if len(before) + 1 + len(next_word) > width:
        return True  # the next word would not have fitted: a wrap
    if before.endswith(_TERMINAL):
        return False
    return stripped[0].islower() or len(before) >= 0.7 * width


def paragraphs(lines: list[str], width: int | None = None) -> list[str]:
    """Group lines into paragraphs: blank lines separate them, wrapped lines are joined.

    Lines that do not join (a list, or one paragraph per line) stay separate: list
    items with a single newline, anything else as paragraphs of their own.
    """
    if width is None:
        width = wrap_width(lines)
    result: list[str] = []
    current = ""
    previous = ""
    for raw in lines:
        line = clean_line(raw)
        if not line:
            if current:
                result.append(current)
            current = previous = ""
            continue
        if not current:
            current = line
        elif joins(previous, raw, width):
            current = _join(current, line)
        elif _LIST_ITEM.match(line):
            current += "\n" + line
        else:
            result.append(current)
            current = line
        previous = raw
    if current:
        result.append(current)
    return result


def body_text(text: str) -> str:
    """Any text as stored: clean, paragraphs separated by one blank line."""
    return "\n\n".join(paragraphs(clean_text(text).split("\n")))


def split_headline(paragraphs: list[str]) -> tuple[str, list[str]]:
    """Title and body from running text: a short one-line first paragraph is a headline
    and leaves the body; otherwise the title is made from the first sentence."""
    if not paragraphs:
        return "", []
    first = paragraphs[0]
    if len(paragraphs) > 1 and "\n" not in first and len(first) <= MAX_HEADLINE:
        return first, paragraphs[1:]
    return short_title(first), paragraphs


def short_title(paragraph: str, limit: int = 120) -> str:
    """A title made from running text: its first sentence, or its start cut at a word."""
    line = clean_line(paragraph.split("\n", 1)[0])
    sentence = _SENTENCE_END.split(line, 1)[0]
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"


def _join(text: str, line: str) -> str:
    """Join a wrapped line; a word hyphenated at the line end is put back together."""
    if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and line[0].islower():
        return text + line
    return text + " " + line
