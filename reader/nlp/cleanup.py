"""Span-level cleanup of the model's output: what a name's edges should not include.

The model (trained on OntoNotes) often includes a leading "the" in organisation names
("the Bank of England"), sometimes keeps stray quote marks or a possessive, and now and
then labels a lone punctuation mark. A highlighted name should be the name itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reader.core.model import EntitySpan
from reader.nlp.labels import NAME_LABELS
from reader.nlp.words import is_sentence_start

_LEADING_JUNK = "\"'“”‘’«»„‹›([{*•·–—-,;:/ \t\n"
_TRAILING_JUNK = '"“”‘«»„‹›([{*•·–—-,;:/ \t\n'
_CLOSING = {")": "(", "]": "[", "}": "{"}
_THE_RE = re.compile(r"(?:the|The|THE)\s+")
_POSSESSIVE_RE = re.compile(r"(?:['’][sS]|(?<=[sS])['’])$")


def _strip_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """Remove quotes, dashes, spaces and unbalanced brackets from both ends."""
    changed = True
    while changed and start < end:
        changed = False
        while start < end and text[start] in _LEADING_JUNK:
            start += 1
            changed = True
        while start < end and text[end - 1] in _TRAILING_JUNK:
            end -= 1
            changed = True
        if start < end and text[end - 1] in _CLOSING:
            opener = _CLOSING[text[end - 1]]
            inner = text[start:end]
            if inner.count(opener) < inner.count(text[end - 1]):
                end -= 1
                changed = True
        # A trailing apostrophe that is not a possessive (s') is a closing quote.
        if start < end and text[end - 1] in "'’" and not _POSSESSIVE_RE.search(text, start, end):
            end -= 1
            changed = True
    return start, end


def _trim_article(text: str, start: int, end: int) -> int:
    """New start without a leading "the" that is an article, not part of the name.

    Lower-case "the" is always an article; "The" only at a sentence start, since
    mid-sentence "The Hague" or "The Guardian" is how the name is written.
    """
    match = _THE_RE.match(text, start, end)
    if match is None or match.end() >= end:
        return start
    word = match.group().rstrip()
    if word == "the" or is_sentence_start(text, start):
        return match.end()
    return start


_BREAK_RE = re.compile(r"\s*\n\s*|\s+[-–—]{1,2}\s+|\s*[;|]\s*")
_TOKEN_RE = re.compile(r"\S+")
_SCORE_RE = re.compile(r"^[\d.,:/+-]*\d[\d.,:/+-]*$")
_NAME_PARTICLES = frozenset(
    "al el bin ibn bint da das de del della der di do dos du la le van von ten ter y e".split()  # noqa: SIM905
)
_SPLIT_ON_NUMBERS = frozenset({"PERSON", "GPE", "LOC", "NORP"})


def _breaks(text: str, span: EntitySpan) -> list[tuple[int, int]]:
    """Ranges inside `span` that no name runs across: line breaks, spaced dashes, and
    for people and places numbers (scores, ages) and lower-case words."""
    found = [m.span() for m in _BREAK_RE.finditer(text, span.start, span.end)]
    if span.label in _SPLIT_ON_NUMBERS or span.label == "ORG":
        for token in _TOKEN_RE.finditer(text, span.start, span.end):
            word = token.group()
            if _SCORE_RE.match(word):
                if span.label != "ORG" or not word.isdigit():
                    found.append(token.span())
            elif (
                span.label == "PERSON"
                and word.isalpha()
                and word.islower()
                and word not in _NAME_PARTICLES
            ):
                found.append(token.span())
    return sorted(found)


def _pieces(text: str, span: EntitySpan) -> list[tuple[int, int]]:
    breaks = _breaks(text, span)
    if not breaks:
        return [(span.start, span.end)]
    pieces: list[tuple[int, int]] = []
    pos = span.start
    for lo, hi in breaks:
        if lo > pos:
            pieces.append((pos, lo))
        pos = max(pos, hi)
    if pos < span.end:
        pieces.append((pos, span.end))
    return pieces


def _clean_piece(text: str, span: EntitySpan, start: int, end: int) -> EntitySpan | None:
    start, end = _strip_edges(text, start, end)
    if span.label in NAME_LABELS:
        start = _trim_article(text, start, end)
        possessive = _POSSESSIVE_RE.search(text, start, end)
        if possessive is not None and possessive.start() > start:
            end = possessive.start()
        start, end = _strip_edges(text, start, end)
    if start >= end or not any(c.isalnum() for c in text[start:end]):
        return None
    if span.label in NAME_LABELS and not any(c.isalpha() for c in text[start:end]):
        return None
    if (start, end) == (span.start, span.end) and span.text == text[start:end]:
        return span
    return EntitySpan(start, end, span.label, text[start:end], span.source)


def clean_span(text: str, span: EntitySpan) -> list[EntitySpan]:
    """`span` with its edges tidied, split where no name runs across; [] if nothing
    name-like is left."""
    cleaned = (_clean_piece(text, span, lo, hi) for lo, hi in _pieces(text, span))
    return [piece for piece in cleaned if piece is not None]


def clean_spans(text: str, spans: Iterable[EntitySpan]) -> list[EntitySpan]:
    """Cleaned spans in text order; spans left empty or punctuation-only are dropped."""
    cleaned = [piece for span in spans for piece in clean_span(text, span)]
    return sorted(cleaned, key=lambda s: (s.start, s.end))
