"""Highlight selectors and re-anchoring after an article's text changes.

A highlight keeps both a position (``start``, ``end``: ``str`` indices) and a quote (the
``exact`` text with up to ``CONTEXT`` characters of ``prefix`` and ``suffix``), as the W3C
Web Annotation model's TextPositionSelector and TextQuoteSelector do. When the text
changes, :func:`reanchor` finds the highlight again, trying in order:

1. the old position, if the quote and its context are still there;
2. the quote with its whole context (prefix + exact + suffix), nearest the expected place;
3. every verbatim occurrence of the quote, scored on how much of the prefix and suffix
   survives around it (contiguously, then anywhere close by) and, as a tie-break, on the
   distance from the expected place;
4. an approximate match of the quote (bounded edit distance, Myers' bit-parallel
   algorithm) near the expected place, near the surviving context and near verbatim
   pieces of the quote: a fixed typo or a changed word inside the quote still anchors.

A quote that is found nowhere, or only as a short string with nothing of its context
around it, is not placed (None): the caller keeps the highlight as an orphan.

:func:`reanchor_all` re-anchors many highlights of one article at once; given the old text
it places the highlights outside the changed region exactly, and it uses the shift of each
placed highlight as the expected place of the next.

Pure Python, no Qt, no SQL.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from difflib import SequenceMatcher
from itertools import pairwise
from typing import NamedTuple
from zlib import crc32

CONTEXT = 32
"""Characters of prefix and suffix stored with a highlight."""

MAX_ERROR_RATE = 0.2
"""A fuzzy match may differ from the quote in at most this share of its characters."""

_MIN_EVIDENCE = 3  # context characters that must survive around a short verbatim quote
_LONG_QUOTE = CONTEXT  # a verbatim quote at least this long is evidence enough by itself
_MAX_OCCURRENCES = 20_000  # verbatim occurrences scored at most (nearest the expected place)
_SHORTLIST = 8  # occurrences scored in full (context found anywhere close by)
_MAX_WINDOWS = 12  # text windows searched for a fuzzy match
_NEAR = 256  # characters around the expected place searched for a fuzzy match


class Selector(NamedTuple):
    """What a highlight stores to be found again."""

    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""


def make_selector(text: str, start: int, end: int, context: int = CONTEXT) -> tuple[str, str, str]:
    """(exact, prefix, suffix) for ``text[start:end]``."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"range {start}-{end} is outside the text (0-{len(text)})")
    return text[start:end], text[max(0, start - context) : start], text[end : end + context]


def reanchor(
    new_text: str,
    start: int,
    end: int,
    exact: str,
    prefix: str = "",
    suffix: str = "",
    *,
    hint: int | None = None,
) -> tuple[int, int] | None:
    """Where the highlight ``exact`` (once at ``start``-``end``) is in ``new_text``.

    ``hint`` is where the highlight is expected to start now (default: ``start``), e.g. its
    old start shifted as much as its neighbours were. Returns (start, end) or None.
    """
    if not exact:
        return None
    size = len(exact)
    expected = start if hint is None else hint
    for position in dict.fromkeys((expected, start)):
        if (
            position >= 0
            and new_text.startswith(exact, position)
            and new_text.endswith(prefix, 0, position)
            and new_text.startswith(suffix, position + size)
        ):
            return position, position + size
    whole = _nearest(new_text, prefix + exact + suffix, expected - len(prefix))
    if whole is not None:
        return whole + len(prefix), whole + len(prefix) + size
    found = _best_verbatim(new_text, exact, prefix, suffix, expected)
    if found is not None:
        return found, found + size
    return _best_fuzzy(new_text, exact, prefix, suffix, expected)


def reanchor_all(
    new_text: str, selectors: Sequence[Selector], old_text: str | None = None
) -> list[tuple[int, int] | None]:
    """:func:`reanchor` for each selector of one article, in the order given.

    With ``old_text`` (the text the selectors were made on), the two texts are compared
    (:func:`unchanged_blocks`) and a highlight whose text lies in unchanged text moves with
    it, exactly, without a search. The others are searched for in reading order, each
    expected where the unchanged text around it, or its predecessor's shift, puts it.
    """
    results: list[tuple[int, int] | None] = [None] * len(selectors)
    blocks = unchanged_blocks(old_text, new_text) if old_text is not None else []
    starts = [block[0] for block in blocks]
    shift = 0
    order = sorted(range(len(selectors)), key=lambda i: (selectors[i].start, selectors[i].end))
    for index in order:
        sel = selectors[index]
        placed: tuple[int, int] | None = None
        hint = sel.start + shift
        found = bisect_right(starts, sel.start) - 1
        if old_text is not None and found >= 0:
            old_start, new_start, size = blocks[found]
            # In unchanged text: expect it there. In a changed stretch: as far past the
            # unchanged text before it as it was.
            hint = min(sel.start + new_start - old_start, len(new_text))
            if sel.start < old_start + size:
                placed = _follow_block(old_text, new_text, sel, blocks[found])
        if placed is None:
            placed = reanchor(
                new_text, sel.start, sel.end, sel.exact, sel.prefix, sel.suffix, hint=hint
            )
        if placed is not None:
            shift = placed[0] - sel.start
        results[index] = placed
    return results


def _follow_block(
    old_text: str, new_text: str, sel: Selector, block: tuple[int, int, int]
) -> tuple[int, int] | None:
    """Where the unchanged stretch `block` takes a highlight lying wholly in it, if it is
    trustworthy: long enough to be more than chance (texts with little in common share
    short stretches), at the start or end of both texts, or with the context agreeing."""
    old_start, new_start, size = block
    if not sel.exact or sel.end > old_start + size or old_text[sel.start : sel.end] != sel.exact:
        return None
    start = sel.start + new_start - old_start
    end = start + len(sel.exact)
    at_edge = (old_start == new_start == 0) or (
        old_start + size == len(old_text) and new_start + size == len(new_text)
    )
    if at_edge or size >= len(sel.exact) + 8:
        return start, end
    context, run = _context_score(new_text, start, end, sel.prefix, sel.suffix, thorough=True)
    return (start, end) if _enough_context(context, run, sel.prefix, sel.suffix) else None


# Texts are compared by sentences (or lines), then inside changed sentences by words (and
# runs of spaces, and punctuation), then inside small changed stretches by characters.
_CUTS = (
    re.compile(r"[.!?]+[\s\u201d\u2019\"')]*|\n+|(?P<word>\w+)\s+"),
    re.compile(r"\w+|\s+|[^\w\s]"),
)
_MAX_REFINED_CHARS = 400  # larger changed stretches are not compared by character
_SMALL_DIFF = 600  # pieces: up to this many, difflib compares them (above, patience diff)


def unchanged_blocks(old: str, new: str) -> list[tuple[int, int, int]]:
    """Stretches of ``old`` found unchanged in ``new``: (old start, new start, size), in
    order, none adjacent to the next in both texts at once.

    After skipping the common beginning and end, the texts are compared by sentences,
    then by words inside changed sentences, then by characters inside small changed
    stretches: a user's edits to a long article compare in milliseconds.
    """
    head = _common_prefix(old, new)
    tail = _common_suffix(old, new, min(len(old), len(new)) - head)
    blocks: list[tuple[int, int, int]] = [(0, 0, head)]
    old_end, new_end = len(old) - tail, len(new) - tail
    if head < old_end and head < new_end:
        blocks += _diff(old, new, head, old_end, head, new_end, 0)
    blocks.append((old_end, new_end, tail))
    merged: list[tuple[int, int, int]] = []
    for old_start, new_start, size in blocks:
        if size <= 0:
            continue
        if merged:
            last_old, last_new, last_size = merged[-1]
            if last_old + last_size == old_start and last_new + last_size == new_start:
                merged[-1] = (last_old, last_new, last_size + size)
                continue
        merged.append((old_start, new_start, size))
    return merged


def _cut(text: str, start: int, end: int, level: int) -> list[int]:
    """Boundaries of the pieces of text[start:end] at ``level`` (start and end included).

    Level 0 cuts after sentence ends and line breaks, and after one word in 16 or so
    chosen by its letters alone (so that both texts are cut at the same words, and text
    without sentences still comes in pieces); level 1 cuts words, spaces, punctuation."""
    if level == 1:
        return [start] + [m.end() for m in _CUTS[1].finditer(text, start, end)]
    bounds = [start]
    for m in _CUTS[0].finditer(text, start, end):
        word = m.group("word")
        if word is not None and crc32(word.encode("utf-8", "surrogatepass")) & 15:
            continue
        if m.end() != bounds[-1]:
            bounds.append(m.end())
    if bounds[-1] != end:
        bounds.append(end)
    return bounds


def _diff(
    old: str, new: str, a0: int, a1: int, b0: int, b1: int, level: int
) -> list[tuple[int, int, int]]:
    """Unchanged blocks between old[a0:a1] and new[b0:b1], compared at ``level``."""
    if level == 2:
        matcher = SequenceMatcher(None, old[a0:a1], new[b0:b1], autojunk=False)
        return [(a0 + m.a, b0 + m.b, m.size) for m in matcher.get_matching_blocks() if m.size]
    old_bounds, new_bounds = _cut(old, a0, a1, level), _cut(new, b0, b1, level)
    old_pieces = [old[x:y] for x, y in pairwise(old_bounds)]
    new_pieces = [new[x:y] for x, y in pairwise(new_bounds)]
    runs: list[tuple[int, int, int]] = []
    _match(old_pieces, new_pieces, 0, len(old_pieces), 0, len(new_pieces), runs, 0)
    blocks: list[tuple[int, int, int]] = []
    i = j = 0
    for run_i, run_j, size in [*runs, (len(old_pieces), len(new_pieces), 0)]:
        if i < run_i and j < run_j:  # a changed stretch: compare it more finely
            x0, x1, y0, y1 = old_bounds[i], old_bounds[run_i], new_bounds[j], new_bounds[run_j]
            if level == 0 or (x1 - x0) + (y1 - y0) <= _MAX_REFINED_CHARS:
                blocks += _diff(old, new, x0, x1, y0, y1, level + 1)
        if size:
            x0, y0 = old_bounds[run_i], new_bounds[run_j]
            blocks.append((x0, y0, old_bounds[run_i + size] - x0))
        i, j = run_i + size, run_j + size
    return blocks


def _match(
    a: Sequence[str],
    b: Sequence[str],
    alo: int,
    ahi: int,
    blo: int,
    bhi: int,
    out: list[tuple[int, int, int]],
    depth: int,
) -> None:
    """Append to ``out``, in order, runs (i, j, size) of equal pieces a[i:i+size] ==
    b[j:j+size] within a[alo:ahi] and b[blo:bhi]: the common head and tail, then
    difflib's matching blocks for a small middle, or for a large one a patience diff
    (pieces found once on each side, in increasing order on both, anchor recursion)."""
    head = 0
    while alo + head < ahi and blo + head < bhi and a[alo + head] == b[blo + head]:
        head += 1
    if head:
        out.append((alo, blo, head))
        alo, blo = alo + head, blo + head
    tail = 0
    while ahi - tail > alo and bhi - tail > blo and a[ahi - tail - 1] == b[bhi - tail - 1]:
        tail += 1
    ahi, bhi = ahi - tail, bhi - tail
    if alo < ahi and blo < bhi:
        if (ahi - alo) + (bhi - blo) <= _SMALL_DIFF:
            matcher = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            out += [(alo + m.a, blo + m.b, m.size) for m in matcher.get_matching_blocks() if m.size]
        elif depth < 40:
            i, j = alo, blo
            for anchor_i, anchor_j in _unique_anchors(a, b, alo, ahi, blo, bhi):
                _match(a, b, i, anchor_i, j, anchor_j, out, depth + 1)
                out.append((anchor_i, anchor_j, 1))
                i, j = anchor_i + 1, anchor_j + 1
            if (i, j) != (alo, blo):
                _match(a, b, i, ahi, j, bhi, out, depth + 1)
    if tail:
        out.append((ahi, bhi, tail))


def _unique_anchors(
    a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int]]:
    """Pieces found exactly once in a[alo:ahi] and once in b[blo:bhi], as (i, j) pairs,
    the longest chain increasing on both sides (patience sorting)."""
    counts: dict[str, int] = {}
    where_a: dict[str, int] = {}
    for i in range(alo, ahi):
        counts[a[i]] = counts.get(a[i], 0) + 1
        where_a[a[i]] = i
    counts_b: dict[str, int] = {}
    where_b: dict[str, int] = {}
    for j in range(blo, bhi):
        counts_b[b[j]] = counts_b.get(b[j], 0) + 1
        where_b[b[j]] = j
    pairs = sorted(
        (where_a[piece], where_b[piece])
        for piece, count in counts.items()
        if count == 1 and counts_b.get(piece) == 1
    )
    # Longest increasing subsequence of the j's, with back-links to rebuild it.
    tops: list[int] = []  # j at the top of each pile
    top_index: list[int] = []  # index into pairs of that top
    back: list[int] = [-1] * len(pairs)
    for index, (_i, j) in enumerate(pairs):
        pile = bisect_left(tops, j)
        if pile == len(tops):
            tops.append(j)
            top_index.append(index)
        else:
            tops[pile] = j
            top_index[pile] = index
        back[index] = top_index[pile - 1] if pile else -1
    chain: list[tuple[int, int]] = []
    index = top_index[-1] if top_index else -1
    while index >= 0:
        chain.append(pairs[index])
        index = back[index]
    chain.reverse()
    return chain


# --- verbatim matches ---------------------------------------------------------------------


def _occurrences(text: str, needle: str, limit: int = _MAX_OCCURRENCES) -> list[int]:
    found: list[int] = []
    if not needle:
        return found
    position = text.find(needle)
    while position >= 0 and len(found) < limit:
        found.append(position)
        position = text.find(needle, position + 1)
    return found


def _nearest(text: str, needle: str, expected: int) -> int | None:
    found = _occurrences(text, needle)
    if not found:
        return None
    return min(found, key=lambda p: (abs(p - expected), p))


def _before_run(text: str, position: int, prefix: str) -> int:
    """How many characters of ``prefix`` (from its end) precede ``position`` unchanged."""
    count = 0
    i, j = position - 1, len(prefix) - 1
    while i >= 0 and j >= 0 and text[i] == prefix[j]:
        count += 1
        i -= 1
        j -= 1
    return count


def _after_run(text: str, position: int, suffix: str) -> int:
    """How many characters of ``suffix`` (from its start) follow ``position`` unchanged."""
    count = 0
    limit = min(len(suffix), len(text) - position)
    while count < limit and text[position + count] == suffix[count]:
        count += 1
    return count


def _found_near(context: str, window: str) -> int:
    """Characters of ``context`` found in ``window`` in runs of 4 or more, in order."""
    if not context or not window:
        return 0
    matcher = SequenceMatcher(None, context, window, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks() if block.size >= 4)


def _context_score(
    text: str, start: int, end: int, prefix: str, suffix: str, *, thorough: bool
) -> tuple[float, int]:
    """(score, characters of context surviving contiguously) for a match at start-end.

    Each character of the stored context that still touches the match counts 2, and
    (``thorough``) each found close by, in runs of 4 or more, counts 1 more: a full
    side of ``CONTEXT`` characters scores 3. A short context (the quote was at the start
    or end of the text) weighs as little as it says."""
    before = _before_run(text, start, prefix)
    after = _after_run(text, end, suffix)
    # A context cut short by the start (end) of the text, found whole right at the start
    # (end) of the new text, has that edge as more context.
    edge_before = CONTEXT - len(prefix) if before == len(prefix) == start < CONTEXT else 0
    edge_after = CONTEXT - len(suffix) if after == len(suffix) == len(text) - end < CONTEXT else 0
    points = 2 * (before + after + edge_before + edge_after)
    if thorough:
        if before == len(prefix):
            points += before + edge_before
        else:
            points += _found_near(prefix, text[max(0, start - 2 * len(prefix)) : start])
        if after == len(suffix):
            points += after + edge_after
        else:
            points += _found_near(suffix, text[end : end + 2 * len(suffix)])
    return points / CONTEXT, before + after + edge_before + edge_after


def _enough_context(context: float, run: int, prefix: str, suffix: str, share: float = 0.2) -> bool:
    """Whether the context around a match supports it: a ``share`` of what survives
    when nothing changed, or a few characters still touching it."""
    possible = 3 * (len(prefix) + len(suffix)) / CONTEXT
    return run >= _MIN_EVIDENCE or context >= share * possible


def _closeness(position: int, expected: int, length: int) -> float:
    return 1.0 - min(1.0, abs(position - expected) / max(1, length))


def _best_verbatim(text: str, exact: str, prefix: str, suffix: str, expected: int) -> int | None:
    """The best-scored verbatim occurrence of ``exact``, if it is credible."""
    found = _occurrences(text, exact)
    if not found:
        return None
    size = len(exact)
    quick = [
        (_context_score(text, p, p + size, prefix, suffix, thorough=False)[0], p) for p in found
    ]
    quick.sort(key=lambda item: (-item[0], abs(item[1] - expected)))
    nearest = sorted(found, key=lambda p: abs(p - expected))[:3]
    shortlist = dict.fromkeys([p for _score, p in quick[:_SHORTLIST]] + nearest)
    best: tuple[float, float, int, int] | None = None  # (total, context, run, position)
    for position in shortlist:
        context, run = _context_score(
            text, position, position + size, prefix, suffix, thorough=True
        )
        total = context + _closeness(position, expected, len(text))
        if best is None or total > best[0]:
            best = (total, context, run, position)
    assert best is not None
    _total, context, run, position = best
    credible = (
        not (prefix or suffix)
        or size >= _LONG_QUOTE
        or _enough_context(context, run, prefix, suffix)
        or (len(found) == 1 and _enough_context(context, run, prefix, suffix, share=0.05))
    )
    return position if credible else None


# --- fuzzy matches ------------------------------------------------------------------------


def max_errors(size: int) -> int:
    """Edits allowed in a fuzzy match of a quote of ``size`` characters."""
    return int(size * MAX_ERROR_RATE)


def _pattern_masks(pattern: str) -> dict[str, int]:
    masks: dict[str, int] = {}
    for index, char in enumerate(pattern):
        masks[char] = masks.get(char, 0) | (1 << index)
    return masks


def edit_scores(pattern: str, text: str, *, anchored: bool = False) -> list[int]:
    """For each end position j of ``text``, the edit distance between ``pattern`` and the
    best substring of ``text`` ending at j (inclusive); with ``anchored``, between
    ``pattern`` and ``text[: j + 1]``. Myers' bit-parallel algorithm (Hyyrö's form)."""
    size = len(pattern)
    if size == 0:
        return [0 if not anchored else j + 1 for j in range(len(text))]
    masks = _pattern_masks(pattern)
    full = (1 << size) - 1
    high = 1 << (size - 1)
    carry = 1 if anchored else 0
    vp, vn, score = full, 0, size
    scores: list[int] = []
    append = scores.append
    for char in text:
        eq = masks.get(char, 0)
        xv = eq | vn
        xh = (((eq & vp) + vp) ^ vp) | eq
        hp = vn | (~(xh | vp) & full)
        hn = vp & xh
        if hp & high:
            score += 1
        elif hn & high:
            score -= 1
        hp = ((hp << 1) | carry) & full
        hn = (hn << 1) & full
        vp = hn | (~(xv | hp) & full)
        vn = hp & xv
        append(score)
    return scores


def _fuzzy_in(
    text: str, pattern: str, low: int, high: int, errors: int
) -> list[tuple[int, int, int]]:
    """Matches (distance, start, end) of ``pattern`` in ``text[low:high]`` with at most
    ``errors`` edits: the best end of each run of acceptable ends."""
    window = text[low:high]
    scores = edit_scores(pattern, window)
    matches: list[tuple[int, int, int]] = []
    index = 0
    count = len(scores)
    while index < count:
        if scores[index] > errors:
            index += 1
            continue
        best = index
        while index < count and scores[index] <= errors:
            if scores[index] < scores[best]:
                best = index
            index += 1
        distance = scores[best]
        end = low + best + 1
        begin = max(low, end - len(pattern) - errors)
        back = edit_scores(pattern[::-1], text[begin:end][::-1], anchored=True)
        # Among the starts at the best distance, the one giving the length nearest the quote's.
        candidates = [i for i, value in enumerate(back) if value == distance]
        if not candidates:  # cannot happen: the forward pass found this distance
            candidates = [min(range(len(back)), key=back.__getitem__)]
        offset = min(candidates, key=lambda i: abs(i + 1 - len(pattern)))
        matches.append((distance, end - offset - 1, end))
    return matches


def _best_fuzzy(
    text: str, exact: str, prefix: str, suffix: str, expected: int
) -> tuple[int, int] | None:
    size = len(exact)
    errors = max_errors(size)
    if errors == 0 or not text:
        return None
    slack = errors + 8
    windows: list[tuple[int, int]] = [(expected - _NEAR, expected + size + _NEAR)]
    seeds: list[int] = []  # where the quote would start, judging by one clue
    tail = prefix[-16:]
    if len(tail) >= 8:
        seeds += [p + len(tail) for p in _occurrences(text, tail, 1000)]
    head = suffix[:16]
    if len(head) >= 8:
        seeds += [p - size for p in _occurrences(text, head, 1000)]
    pieces = min(errors + 1, size // 4)
    if pieces:
        step = size // pieces
        for number in range(pieces):
            offset = number * step
            piece = exact[offset : offset + step]
            seeds += [p - offset for p in _occurrences(text, piece, 1000)]
    seeds.sort(key=lambda p: abs(p - expected))
    windows += [(seed - slack, seed + size + slack) for seed in seeds[: 4 * _MAX_WINDOWS]]
    merged: list[tuple[int, int]] = []
    for low, high in sorted((max(0, lo), min(len(text), hi)) for lo, hi in windows):
        if high <= low:
            continue
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    merged.sort(
        key=lambda w: (
            0 if w[0] <= expected <= w[1] else min(abs(w[0] - expected), abs(w[1] - expected))
        )
    )
    best: tuple[float, int, int] | None = None
    for low, high in merged[:_MAX_WINDOWS]:
        for distance, begin, end in _fuzzy_in(text, exact, low, high, errors):
            if distance == 0:
                continue  # verbatim occurrences were judged already, with their context
            context, run = _context_score(text, begin, end, prefix, suffix, thorough=True)
            if size < 16 and not _enough_context(context, run, prefix, suffix):
                continue  # a short quote, approximately, with nothing around it: chance
            score = 4.0 * (1.0 - distance / size) + context + _closeness(begin, expected, len(text))
            if best is None or score > best[0]:
                best = (score, begin, end)
    if best is None:
        return None
    return best[1], best[2]


# --- helpers ------------------------------------------------------------------------------


def _common_prefix(a: str, b: str) -> int:
    """Length of the longest common prefix, by bisection on C-speed comparisons."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the longest common suffix, at most ``limit``."""
    low, high = 0, max(0, limit)
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle :] == b[len(b) - middle :]:
            low = middle
        else:
            high = middle - 1
    return low


__all__ = [
    "CONTEXT",
    "MAX_ERROR_RATE",
    "Selector",
    "edit_scores",
    "make_selector",
    "max_errors",
    "reanchor",
    "reanchor_all",
    "unchanged_blocks",
]
