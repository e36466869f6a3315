"""Document-level consistency: an article names the same thing the same way throughout.

The model labels each mention on its own, so within one article "Lavrov" can be a PERSON
in one sentence, an ORG in the next and missed in a third. Here, after `cleanup`:

1. A short mention that is part of a longer name found in the article takes that name's
   label: the tail of a person's name ("Lavrov" after "Sergei Lavrov") is a PERSON, the
   head of an organisation's name ("Goldman Sachs" after "Goldman Sachs Group") is an
   ORG unless the model called it a place or group (the place inside "Bank of England"
   stays a place).
2. One surface string gets one label: that of rule 1, else its most frequent label, ties
   going to the earliest mention.
3. Unlabelled repeats: an exact-case, whole-word occurrence of a name already found
   (or of a person's surname) that the model missed is added, if it is capitalised, two
   characters or more, not a function word, not a word the article also uses in lower
   case (a common word capitalised at a sentence start), and overlaps no other span.

Surface strings are compared in the case-restored view of the text (see `casing`) so a
headline's "LAVROV" and the body's "Lavrov" count as one name. Linear in the text.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence

from reader.core.model import EntitySource, EntitySpan
from reader.nlp.labels import NAME_LABELS
from reader.nlp.words import FUNCTION_WORDS, HONORIFICS, WORD_RE, is_sentence_start

PROPAGATED_LABELS: frozenset[str] = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
"""Labels whose missed repeats are added; other name labels are too often wrong to copy."""

_PLACE_LIKE = frozenset({"GPE", "LOC", "NORP", "FAC"})


def _key(view: str, span: EntitySpan) -> str:
    return " ".join(view[span.start : span.end].split())


def _name_words(key: str) -> list[str]:
    words = key.split()
    while words and words[0].lower().rstrip(".") in HONORIFICS:
        words = words[1:]
    while words and words[-1].lower().rstrip(".,") in HONORIFICS:
        words = words[:-1]
    return words


def _part_labels(keys_by_label: dict[str, set[str]]) -> tuple[set[str], set[str]]:
    """Tails of multi-word person names and heads of multi-word organisation names."""
    person_tails: set[str] = set()
    for key in keys_by_label.get("PERSON", ()):
        words = _name_words(key)
        for i in range(1, len(words)):
            person_tails.add(" ".join(words[i:]))
    org_heads: set[str] = set()
    for key in keys_by_label.get("ORG", ()):
        words = key.split()
        for i in range(1, len(words)):
            if words[i - 1].lower() not in FUNCTION_WORDS:
                org_heads.add(" ".join(words[:i]))
    return person_tails, org_heads


def decide_labels(view: str, spans: Sequence[EntitySpan]) -> dict[str, str]:
    """The one label each name's surface string gets in this article."""
    votes: dict[str, Counter[str]] = {}
    first_seen: dict[tuple[str, str], int] = {}
    keys_by_label: dict[str, set[str]] = {}
    for span in spans:
        if span.label not in NAME_LABELS:
            continue
        key = _key(view, span)
        votes.setdefault(key, Counter())[span.label] += 1
        first_seen.setdefault((key, span.label), span.start)
        keys_by_label.setdefault(span.label, set()).add(key)
    person_tails, org_heads = _part_labels(keys_by_label)
    decided: dict[str, str] = {}
    for key, counter in votes.items():
        best = max(counter.items(), key=lambda item: (item[1], -first_seen[(key, item[0])]))[0]
        if key in person_tails and not (key in org_heads and best == "ORG"):
            best = "PERSON"
        elif key in org_heads and best not in _PLACE_LIKE:
            best = "ORG"
        decided[key] = best
    return decided


def _propagatable(key: str, lower_words: set[str], mid_sentence: set[str]) -> bool:
    """Whether copying `key` to its unlabelled repeats is safe enough.

    A single word must be seen capitalised away from a sentence start (else "Results"
    heading a table would spread) and never in lower case in the article.
    """
    if len(key) < 2 or not key[0].isupper() or WORD_RE.match(key) is None:
        return False
    lower = key.lower()
    if lower in FUNCTION_WORDS or lower in HONORIFICS:
        return False
    if " " in key:
        return True
    first = WORD_RE.match(key)
    return lower not in lower_words and first is not None and first.group() in mid_sentence


def _candidates(decided: dict[str, str], view: str) -> dict[str, list[tuple[str, str]]]:
    """Names to look for, grouped by their first word, longest first."""
    wanted: dict[str, str] = {}
    for key, label in decided.items():
        if label not in PROPAGATED_LABELS:
            continue
        wanted.setdefault(key, label)
        if label == "PERSON":
            words = _name_words(key)
            if len(words) > 1:
                wanted.setdefault(words[-1], label)
    single = {m.group() for key in wanted if " " not in key and (m := WORD_RE.match(key))}
    lower_words: set[str] = set()
    mid_sentence: set[str] = set()
    for match in WORD_RE.finditer(view):
        word = match.group()
        if word.islower():
            lower_words.add(word)
        elif word in single and not is_sentence_start(view, match.start()):
            mid_sentence.add(word)
    grouped: dict[str, list[tuple[str, str]]] = {}
    for key, label in wanted.items():
        if decided.get(key, label) != label or not _propagatable(key, lower_words, mid_sentence):
            continue
        first = WORD_RE.match(key)
        if first is not None:
            grouped.setdefault(first.group(), []).append((key, label))
    for options in grouped.values():
        options.sort(key=lambda option: -len(option[0]))
    return grouped


def _in_longer_name(view: str, start: int, end: int) -> bool:
    """Whether [start, end) is glued to a neighbouring capitalised word ("Aston Villa"),
    so that it is part of some other name rather than a repeat of the one found."""
    before = view[max(0, start - 2) : start]
    if len(before) == 2 and before[1] == " " and before[0].isalpha():
        word_start = start - 2
        while word_start > 0 and view[word_start - 1].isalpha():
            word_start -= 1
        if view[word_start].isupper() and not is_sentence_start(view, word_start):
            return True
    after = view[end : end + 2]
    return len(after) == 2 and after[0] == " " and after[1].isupper()


def _find_repeats(
    text: str, view: str, spans: list[EntitySpan], decided: dict[str, str]
) -> tuple[list[EntitySpan], set[int]]:
    """New spans for missed repeats, and indexes of `spans` they replace.

    An occurrence of a known name may swallow shorter spans lying wholly inside it (the
    model's "Abbas" where the article's "Hassan Abbas" is written out), never a span
    that crosses its edges.
    """
    grouped = _candidates(decided, view)
    if not grouped:
        return [], set()
    starts = [s.start for s in spans]
    ends = [s.end for s in spans]
    added: list[EntitySpan] = []
    replaced: set[int] = set()
    last_end = 0
    for match in WORD_RE.finditer(view):
        pos = match.start()
        options = grouped.get(match.group())
        if options is None or pos < last_end or (pos > 0 and view[pos - 1].isalnum()):
            continue
        for key, label in options:
            end = pos + len(key)
            if not view.startswith(key, pos) or (end < len(view) and view[end].isalnum()):
                continue
            if _in_longer_name(view, pos, end):
                break
            first, stop = bisect_right(ends, pos), bisect_left(starts, end)
            if first < stop:
                inside = spans[first].start >= pos and spans[stop - 1].end <= end
                if not inside or (
                    stop - first == 1 and spans[first].end - spans[first].start == len(key)
                ):
                    break  # the model's own span here wins
                replaced.update(range(first, stop))
            added.append(EntitySpan(pos, end, label, text[pos:end], EntitySource.MODEL))
            last_end = end
            break
    return added, replaced


def _trim_titles(view: str, text: str, spans: list[EntitySpan]) -> list[EntitySpan]:
    """People's names without a leading title or role ("Defender Hassan Abbas").

    The first word goes if it is an honorific, or if the name has three words or more,
    starts a sentence, and the article also uses the word in lower case ("defender").
    """
    lower_words: set[str] | None = None
    result: list[EntitySpan] = []
    for span in spans:
        words = view[span.start : span.end].split(maxsplit=1) if span.label == "PERSON" else []
        if len(words) == 2 and words[1][:1].isupper():
            first = words[0].lower().rstrip(".")
            trim = first in HONORIFICS
            if not trim and len(words[1].split()) >= 2 and is_sentence_start(view, span.start):
                if lower_words is None:
                    lower_words = {w for w in WORD_RE.findall(view) if w.islower()}
                trim = first in lower_words
            if trim:
                start = view.index(words[1], span.start)
                span = EntitySpan(start, span.end, span.label, text[start : span.end], span.source)
        result.append(span)
    return result


def make_consistent(
    text: str, spans: Sequence[EntitySpan], view: str | None = None
) -> list[EntitySpan]:
    """Spans relabelled and completed so each name is labelled alike in the article.

    `spans` must not overlap; `view` is the case-restored text (same length as `text`)
    used to compare surface strings, `text` itself when None.
    """
    view = text if view is None else view
    ordered = _trim_titles(view, text, sorted(spans, key=lambda s: (s.start, s.end)))
    decided = decide_labels(view, ordered)
    relabelled: list[EntitySpan] = []
    for span in ordered:
        label = decided.get(_key(view, span), span.label) if span.label in NAME_LABELS else None
        if label is None or label == span.label:
            relabelled.append(span)
        else:
            relabelled.append(EntitySpan(span.start, span.end, label, span.text, span.source))
    added, replaced = _find_repeats(text, view, relabelled, decided)
    if not added:
        return relabelled
    kept = [span for i, span in enumerate(relabelled) if i not in replaced]
    return sorted(kept + added, key=lambda s: (s.start, s.end))
