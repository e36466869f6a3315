"""The user's corrections, applied after the model and consistency in every article.

Rules ("apply to all articles"): `EntityRule(text, label)`; `label=None` means "never an
entity". Rule text is compared case-insensitively (whitespace runs count as one space):
a rule for "Apple" also covers a headline's "APPLE". For existing spans that is the
whole test. New spans (source RULE) are only added where the text is written exactly as
in the rule or entirely in capitals, so a rule "Apple" -> ORG does not turn "an apple a
day" into a company. When two rules have the same text, the later one wins.

- never: spans whose text matches are removed.
- label: matching spans are relabelled (source RULE); every whole-word occurrence not yet
  covered is added. A model span inside the occurrence is replaced by it; a model span
  that only partly overlaps it is shrunk to the part outside (dropped if nothing
  name-like is left); an occurrence inside a longer span is left to that longer name
  ("England" -> GPE does not break up "Bank of England").

Single-span corrections (`apply_user_spans`): the user's spans are stored as they are,
source USER. A USER span with label "" means "no entity here": it removes whatever the
model or a rule put on any character of its range, and is itself not shown. A USER span
with a label replaces every non-user span it overlaps. This is the whole storage format.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.core.model import EntitySource, EntitySpan

SUPPRESSED = ""
"""The label of a USER span that says "no entity here"."""


@dataclass(frozen=True, slots=True)
class EntityRule:
    """This text is always `label` (or never an entity when `label` is None)."""

    text: str
    label: str | None


def normalise(surface: str) -> str:
    """The form rule texts and span texts are compared in."""
    return " ".join(surface.split()).casefold()


def _effective_rules(rules: Iterable[EntityRule]) -> dict[str, EntityRule]:
    """The rule in force for each normalised text: the last one given."""
    effective: dict[str, EntityRule] = {}
    for rule in rules:
        key = normalise(rule.text)
        if key:
            effective[key] = rule
    return effective


def _shrink(text: str, span: EntitySpan, start: int, end: int) -> EntitySpan | None:
    """The part of `span` outside [start, end), or None if nothing name-like is left."""
    parts = [(span.start, min(span.end, start)), (max(span.start, end), span.end)]
    best: tuple[int, int] | None = None
    for lo, hi in parts:
        while lo < hi and not text[lo].isalnum():
            lo += 1
        while hi > lo and not (text[hi - 1].isalnum() or text[hi - 1] in ".)"):
            hi -= 1
        name_like = hi > lo and any(c.isalpha() for c in text[lo:hi])
        if name_like and (best is None or hi - lo > best[1] - best[0]):
            best = (lo, hi)
    if best is None:
        return None
    return EntitySpan(best[0], best[1], span.label, text[best[0] : best[1]], span.source)


def _occurrences(text: str, rule_text: str) -> list[tuple[int, int]]:
    """Whole-word places where `rule_text` is written as in the rule or in capitals."""
    words = rule_text.split()
    if not words:
        return []
    pattern = r"\s+".join(re.escape(word) for word in words)
    found: list[tuple[int, int]] = []
    for match in re.finditer(rf"(?<!\w){pattern}(?!\w)", text, re.IGNORECASE):
        surface = match.group()
        if " ".join(surface.split()) == " ".join(words) or surface.isupper():
            found.append(match.span())
    return found


def _add_occurrence(
    text: str, spans: list[EntitySpan], start: int, end: int, label: str
) -> list[EntitySpan]:
    result: list[EntitySpan] = []
    for span in spans:
        if span.end <= start or span.start >= end:
            result.append(span)
        elif span.start <= start and span.end >= end:
            return spans  # already covered by an equal or longer name
        elif span.source is EntitySource.USER:
            return spans  # never override a user's own correction
        elif start <= span.start and span.end <= end:
            continue  # inside the occurrence: replaced by it
        else:
            shrunk = _shrink(text, span, start, end)
            if shrunk is not None:
                result.append(shrunk)
    result.append(EntitySpan(start, end, label, text[start:end], EntitySource.RULE))
    result.sort(key=lambda s: (s.start, s.end))
    return result


def apply_rules(
    text: str, spans: Sequence[EntitySpan], rules: Iterable[EntityRule]
) -> list[EntitySpan]:
    """`spans` after the user's rules, sorted, non-overlapping if `spans` were."""
    effective = _effective_rules(rules)
    result = sorted(spans, key=lambda s: (s.start, s.end))
    if not effective:
        return result
    relabelled: list[EntitySpan] = []
    for span in result:
        key = normalise(span.text)
        if key not in effective or span.source is EntitySource.USER:
            relabelled.append(span)
            continue
        label = effective[key].label
        if label is not None:
            relabelled.append(EntitySpan(span.start, span.end, label, span.text, EntitySource.RULE))
    result = relabelled
    # Longer rule texts first, so "Bank of England" -> ORG claims its words before "England".
    for rule in sorted(effective.values(), key=lambda r: -len(normalise(r.text))):
        if rule.label is None:
            continue
        for start, end in _occurrences(text, rule.text):
            result = _add_occurrence(text, result, start, end, rule.label)
    return result


def apply_user_spans(
    spans: Sequence[EntitySpan], user_spans: Sequence[EntitySpan]
) -> list[EntitySpan]:
    """`spans` with the user's single-span corrections on top (see the module docstring).

    User spans that overlap each other are resolved in favour of the later one in
    `user_spans`, so appending a correction is enough to record it.
    """
    kept_user: list[EntitySpan] = []
    for user in reversed(user_spans):
        if all(user.end <= other.start or user.start >= other.end for other in kept_user):
            kept_user.append(user)
    if not kept_user:
        return sorted(spans, key=lambda s: (s.start, s.end))
    ranges = sorted((u.start, u.end) for u in kept_user)
    starts = [r[0] for r in ranges]
    result: list[EntitySpan] = []
    for span in spans:
        if span.source is EntitySource.USER:
            continue
        i = bisect_right(starts, span.end - 1)
        if i > 0 and ranges[i - 1][1] > span.start:
            continue
        result.append(span)
    for user in kept_user:
        if user.label != SUPPRESSED:
            result.append(user)
    result.sort(key=lambda s: (s.start, s.end))
    return result
