"""Turning what a user types into a safe FTS5 query.

Users type words, "quoted phrases", prefixes (``elect*``), exclusions (``-sport``) and
``OR``. Everything else (parentheses, ``^``, ``NEAR(``, column filters, stray quotes) is
searched as plain words: every term is quoted before it reaches FTS5, so no input can
raise a syntax error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_QUERY_CHARS = 1000
MAX_TERMS = 64

# A term is a run of letters/digits (any script), as the unicode61 tokenizer sees it.
_WORD = re.compile(r"\w+", re.UNICODE)
_TOKEN = re.compile(r'-?"[^"]*"?\*?|[^\s"]+')


@dataclass(frozen=True, slots=True)
class _Term:
    words: tuple[str, ...]
    prefix: bool = False
    negated: bool = False
    is_or: bool = False

    def fts(self) -> str:
        phrase = '"' + " ".join(self.words) + '"'
        return phrase + ("*" if self.prefix else "")


def _parse(query: str) -> list[_Term]:
    terms: list[_Term] = []
    for token in _TOKEN.findall(query[:MAX_QUERY_CHARS]):
        negated = token.startswith("-") and len(token) > 1
        body = token[1:] if negated else token
        if body == "OR" and not negated:
            terms.append(_Term((), is_or=True))
            continue
        prefix = body.endswith("*")
        words = tuple(_WORD.findall(body.replace("_", " ")))
        if not words:
            continue
        terms.append(_Term(words, prefix=prefix, negated=negated))
        if len(terms) >= MAX_TERMS:
            break
    return terms


def to_fts_query(query: str) -> str | None:
    """The FTS5 MATCH expression for a user's query, or None when it has nothing to search."""
    terms = _parse(query)
    positives: list[str] = []
    negatives: list[str] = []
    pending_or = False
    for term in terms:
        if term.is_or:
            pending_or = bool(positives)
            continue
        if term.negated:
            negatives.append(term.fts())
            continue
        if pending_or and positives:
            positives[-1] = f"{positives[-1]} OR {term.fts()}"
        else:
            positives.append(term.fts())
        pending_or = False
    if not positives:
        return None  # FTS5 cannot search for "not X" alone; nothing to match.
    expression = " AND ".join(f"({p})" if " OR " in p else p for p in positives)
    for negative in negatives:
        expression = f"({expression}) NOT {negative}"
    return expression
