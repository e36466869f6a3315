"""Re-anchoring highlights after the article's text changes (reader.core.anchoring)."""

from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reader.core.anchoring import (
    CONTEXT,
    Selector,
    edit_scores,
    make_selector,
    max_errors,
    reanchor,
    reanchor_all,
    unchanged_blocks,
)

ARTICLE = (
    "GENEVA (Wire) — Negotiators from the European Commission and the United States met in "
    "Geneva on Thursday to resume talks on steel tariffs, officials said.\n\n"
    "“We are closer than we were in Zürich,” said Maria Castellanos, who leads the "
    "Commission’s team. Tariffs of 25 % on €4.2 billion of goods remain in place.\n\n"
    "Castellanos said a deal could come “within weeks”, while the U.S. side declined to "
    "comment. The talks resume on Monday; the talks have run for 𝔱𝔴𝔬 years. 🎉\n"
)


def selector(text: str, quote: str, occurrence: int = 1) -> Selector:
    start = -1
    for _ in range(occurrence):
        start = text.index(quote, start + 1)
    end = start + len(quote)
    return Selector(start, end, *make_selector(text, start, end))


def anchor(text: str, sel: Selector) -> tuple[int, int] | None:
    return reanchor(text, sel.start, sel.end, sel.exact, sel.prefix, sel.suffix)


# --- selectors ----------------------------------------------------------------------------


def test_make_selector_takes_up_to_32_characters_of_context() -> None:
    text = ARTICLE
    start = text.index("Maria Castellanos")
    exact, prefix, suffix = make_selector(text, start, start + len("Maria Castellanos"))
    assert exact == "Maria Castellanos"
    assert prefix == text[start - CONTEXT : start] and len(prefix) == CONTEXT
    assert suffix == text[start + 17 : start + 17 + CONTEXT]
    assert make_selector("abc", 0, 3) == ("abc", "", "")
    assert make_selector("abcdef", 1, 2, context=2) == ("b", "a", "cd")


@pytest.mark.parametrize(("start", "end"), [(-1, 2), (2, 1), (0, 99)])
def test_make_selector_rejects_a_range_outside_the_text(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="outside the text"):
        make_selector("short text", start, end)


def test_offsets_are_code_points() -> None:
    sel = selector(ARTICLE, "𝔱𝔴𝔬 years")
    assert ARTICLE[sel.start : sel.end] == "𝔱𝔴𝔬 years"
    edited = "🎉🎉 " + ARTICLE
    assert anchor(edited, sel) == (sel.start + 3, sel.end + 3)


# --- examples -----------------------------------------------------------------------------


def test_unchanged_text_keeps_every_position() -> None:
    for quote in ("GENEVA", "steel tariffs", "Castellanos", "comment."):
        sel = selector(ARTICLE, quote)
        assert anchor(ARTICLE, sel) == (sel.start, sel.end)


def test_text_inserted_before_moves_the_highlight() -> None:
    sel = selector(ARTICLE, "€4.2 billion")
    edited = "UPDATED: a new first paragraph.\n\n" + ARTICLE
    assert anchor(edited, sel) == (sel.start + 33, sel.end + 33)


def test_deleted_quote_is_an_orphan() -> None:
    sel = selector(ARTICLE, "Tariffs of 25 % on €4.2 billion of goods remain in place.")
    edited = ARTICLE.replace(sel.exact, "")
    assert anchor(edited, sel) is None


def test_deleted_short_quote_does_not_jump_to_another_mention() -> None:
    # "Castellanos" remains elsewhere, but its sentence and everything around it is gone.
    sel = selector(ARTICLE, "Castellanos", 2)
    paragraph = ARTICLE[ARTICLE.index("Castellanos said a deal") :]
    edited = ARTICLE.replace(paragraph, "Nothing else was said.\n")
    assert anchor(edited, sel) is None


def test_rewritten_text_orphans_everything() -> None:
    edited = "An entirely different article about the weather in Oslo.\n" * 3
    for quote in ("Geneva on Thursday", "Maria Castellanos", "within weeks"):
        assert anchor(edited, selector(ARTICLE, quote)) is None


def test_typo_fixed_inside_the_quote_still_anchors() -> None:
    typo = ARTICLE.replace("resume talks on steel", "resume tlaks on steel")
    sel = selector(typo, "to resume tlaks on steel tariffs")
    fixed = "Breaking. " + ARTICLE
    start = fixed.index("to resume talks on steel tariffs")
    assert anchor(fixed, sel) == (start, start + len("to resume talks on steel tariffs"))


def test_word_changed_inside_the_quote_still_anchors() -> None:
    sel = selector(ARTICLE, "a deal could come “within weeks”")
    edited = ARTICLE.replace("a deal could come", "a deal might come")
    start = edited.index("a deal might come")
    assert anchor(edited, sel) == (start, start + len("a deal might come “within weeks”"))


def test_changed_quote_and_context_nearby_still_anchors() -> None:
    sel = selector(ARTICLE, "Negotiators from the European Commission")
    edited = ARTICLE.replace(
        "GENEVA (Wire) — Negotiators from", "GENEVA, March 12 — Negotiators of"
    )
    start = edited.index("Negotiators of")
    placed = anchor(edited, sel)
    assert placed is not None
    assert edited[placed[0] : placed[1]] == "Negotiators of the European Commission"
    assert placed[0] == start


def test_quote_too_changed_is_an_orphan() -> None:
    sel = selector(ARTICLE, "officials said")
    edited = ARTICLE.replace("officials said", "sources told Reuters")
    assert anchor(edited, sel) is None


def test_repeated_quote_picks_the_right_occurrence() -> None:
    text = ARTICLE
    talks = [selector(text, "talks", n) for n in (1, 2, 3)]
    assert len({t.start for t in talks}) == 3
    edited = text.replace("while the U.S. side declined", "while Washington declined")
    shift = len("while Washington declined") - len("while the U.S. side declined")
    assert anchor(edited, talks[0]) == (talks[0].start, talks[0].end)
    for sel in talks[1:]:
        assert anchor(edited, sel) == (sel.start + shift, sel.end + shift)
    # The same with the text just before the second one rewritten, too.
    edited = edited.replace("comment. The talks", "comment. Then the talks")
    assert anchor(edited, talks[1]) == (talks[1].start + shift + 5, talks[1].end + shift + 5)
    assert anchor(edited, talks[2]) == (talks[2].start + shift + 5, talks[2].end + shift + 5)


def test_repeated_quote_at_the_old_position_but_another_occurrence() -> None:
    # After the edit, the FIRST "said" sits exactly where the highlighted second one was:
    # the context tells them apart.
    text = "He said no. She said yes, and left."
    sel = selector(text, "said", 2)
    edited = "Y" * 13 + text
    assert edited.index("said") == sel.start
    assert anchor(edited, sel) == (sel.start + 13, sel.end + 13)


def test_empty_quote_is_never_placed() -> None:
    assert reanchor("text", 0, 0, "", "", "") is None


def test_hint_chooses_among_identical_contexts() -> None:
    text = "abc def ghi. " * 10
    exact = "def"
    for index in (2, 7):
        start = text.index(exact) + 13 * index
        placed = reanchor(text, 0, 3, exact, "abc ", " ghi", hint=start)
        assert placed == (start, start + 3)


# --- edit distance ------------------------------------------------------------------------


def _edit_distance_table(pattern: str, text: str, anchored: bool) -> list[int]:
    previous = list(range(len(pattern) + 1))
    scores = []
    for j, char in enumerate(text):
        current = [j + 1 if anchored else 0] + [0] * len(pattern)
        for i in range(1, len(pattern) + 1):
            current[i] = min(
                previous[i] + 1, current[i - 1] + 1, previous[i - 1] + (pattern[i - 1] != char)
            )
        scores.append(current[-1])
        previous = current
    return scores


@given(
    st.text(alphabet="abcé", min_size=1, max_size=80),
    st.text(alphabet="abcé", max_size=40),
    st.booleans(),
)
def test_edit_scores_match_the_dynamic_programming_table(
    pattern: str, text: str, anchored: bool
) -> None:
    assert edit_scores(pattern, text, anchored=anchored) == _edit_distance_table(
        pattern, text, anchored
    )


def test_max_errors() -> None:
    assert [max_errors(n) for n in (1, 4, 5, 10, 32)] == [0, 0, 1, 2, 6]


# --- properties: random articles, highlights and edits elsewhere ---------------------------

_WORD_LIST = (
    "the a of to and in on for with said steel port minister talks tariffs geneva trade deal "
    "market prices oil gas bank rates court ruling vote party leader election city council "
    "police report school budget health water energy plan workers union strike company "
    "shares profit loss year week monday friday government officials people country"
)
WORDS = _WORD_LIST.split()
# Inserted text comes from other words: an insertion cannot re-create the highlighted
# words themselves (then "the same words" would have two equally good answers).
INSERTED = [word.upper() for word in WORDS]
SEPARATORS = [" "] * 12 + [", ", ". ", "\n\n", " — "]


@st.composite
def articles(draw: st.DrawFn, min_words: int = 5, max_words: int = 160) -> str:
    count = draw(st.integers(min_words, max_words))
    words = draw(st.lists(st.sampled_from(WORDS), min_size=count, max_size=count))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=count, max_size=count))
    return "".join(w + s for w, s in zip(words, seps, strict=True))


@dataclass(frozen=True)
class Edit:
    start: int  # in the original text
    end: int  # deleted range start-end (empty for a pure insertion)
    insert: str


@st.composite
def edits_outside(
    draw: st.DrawFn, text: str, protected: list[tuple[int, int]], max_edits: int = 6
) -> list[Edit]:
    """Disjoint edits (insertions, deletions, replacements) that leave every protected
    range untouched. Insertions at a range's very edge are allowed: they do not touch it."""
    chosen: list[Edit] = []
    for _ in range(draw(st.integers(0, max_edits))):
        start = draw(st.integers(0, len(text)))
        end = min(len(text), start + draw(st.integers(0, 30)))
        words = draw(st.lists(st.sampled_from(INSERTED), max_size=4))
        insert = " ".join(words) + (" " if words else "")
        if start == end and not insert:
            continue
        if any(start < b and end > a for a, b in protected):
            continue  # overlaps a protected range
        if any(a < start < b or a < end < b for a, b in protected):
            continue
        if any((start < e.end and end > e.start) or start == e.start for e in chosen):
            continue  # overlaps another edit
        if any(e.start == e.end and start < e.start < end for e in chosen):
            continue
        chosen.append(Edit(start, end, insert))
    return sorted(chosen, key=lambda e: (e.start, e.end))


def apply(text: str, edits: list[Edit]) -> str:
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: edit.start] + edit.insert + text[edit.end :]
    return text


def moved(position: int, edits: list[Edit]) -> int:
    """Where an untouched offset goes (edits at or before it shift it)."""
    return position + sum(len(e.insert) - (e.end - e.start) for e in edits if e.end <= position)


def word_range(draw: st.DrawFn, text: str) -> tuple[int, int]:
    spans = [m.span() for m in re.finditer(r"\w+", text)]
    first = draw(st.integers(0, len(spans) - 1))
    last = min(len(spans) - 1, first + draw(st.integers(0, 7)))
    return spans[first][0], spans[last][1]


KEEP = 8
"""Characters of context next to a highlight that the single-highlight properties leave
untouched on one side (both when that side has fewer): with both sides of a short, repeated
quote rewritten, no quote selector can tell its occurrences apart."""


def keep_zone(text: str, start: int, end: int, side_before: bool) -> list[tuple[int, int]]:
    zones = [(start, end)]
    before, after = (max(0, start - KEEP), start), (end, min(len(text), end + KEEP))
    if side_before:
        zones.append(before)
        if start < KEEP:
            zones.append(after)
    else:
        zones.append(after)
        if len(text) - end < KEEP:
            zones.append(before)
    return zones


def assume_identifiable(text: str, edited: str, zones: list[tuple[int, int]]) -> None:
    """The highlight with the context kept next to it occurs once in the edited text: in a
    text that repeats itself ("the the the"), nothing else could tell the copies apart."""
    kept = text[min(a for a, _ in zones) : max(b for _, b in zones)]
    first = edited.find(kept)
    assume(first >= 0 and edited.find(kept, first + 1) < 0)


PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(st.data(), articles())
def test_word_highlight_lands_on_the_same_words(data: st.DataObject, text: str) -> None:
    start, end = word_range(data.draw, text)
    sel = Selector(start, end, *make_selector(text, start, end))
    zones = keep_zone(text, start, end, data.draw(st.booleans()))
    edits = data.draw(edits_outside(text, zones))
    edited = apply(text, edits)
    assume_identifiable(text, edited, zones)
    new_start = moved(start, edits)
    assert edited[new_start : new_start + len(sel.exact)] == sel.exact
    assert anchor(edited, sel) == (new_start, new_start + len(sel.exact))


@PROPERTY
@given(st.data(), articles())
def test_any_character_range_lands_on_the_same_text(data: st.DataObject, text: str) -> None:
    start = data.draw(st.integers(0, len(text) - 3))
    end = data.draw(st.integers(start + 3, min(len(text), start + 60)))
    sel = Selector(start, end, *make_selector(text, start, end))
    assume(sel.exact.strip())
    zones = keep_zone(text, start, end, data.draw(st.booleans()))
    edits = data.draw(edits_outside(text, zones))
    edited = apply(text, edits)
    assume_identifiable(text, edited, zones)
    new_start = moved(start, edits)
    assert anchor(edited, sel) == (new_start, new_start + len(sel.exact))


PHRASE = "the prime minister said"


@PROPERTY
@given(st.data(), st.lists(articles(1, 25), min_size=2, max_size=6))
def test_repeated_quote_lands_on_the_same_occurrence(
    data: st.DataObject, pieces: list[str]
) -> None:
    text = (" " + PHRASE + " ").join(pieces)
    starts = [m.start() for m in re.finditer(re.escape(PHRASE), text)]
    start = data.draw(st.sampled_from(starts))
    end = start + len(PHRASE)
    sel = Selector(start, end, *make_selector(text, start, end))
    before, after = text[max(0, start - 12) : start], text[end : end + 12]
    # Two occurrences with the same words around them are told apart by position only.
    assume(text.count(before + PHRASE + after) == 1)
    zones = keep_zone(text, start, end, data.draw(st.booleans()))
    edits = data.draw(edits_outside(text, zones))
    edited = apply(text, edits)
    assume_identifiable(text, edited, zones)
    new_start = moved(start, edits)
    # Edits may leave another occurrence with more of the stored context than the true
    # one (its own context cut, the other's intact): from the selector alone that one is
    # the better match, and the service re-anchors such cases from the old text instead.
    assume(_context_kept(edited, new_start, sel) > max(
        (_context_kept(edited, m.start(), sel) for m in re.finditer(re.escape(PHRASE), edited)
         if m.start() != new_start),
        default=-1,
    ))  # fmt: skip
    assert anchor(edited, sel) == (new_start, new_start + len(PHRASE))


def _context_kept(text: str, start: int, sel: Selector) -> int:
    """Characters of the selector's prefix and suffix still touching a match at `start`."""
    before = 0
    while (
        before < len(sel.prefix)
        and start - before - 1 >= 0
        and text[start - before - 1] == sel.prefix[len(sel.prefix) - before - 1]
    ):
        before += 1
    end, after = start + len(sel.exact), 0
    while (
        after < len(sel.suffix)
        and end + after < len(text)
        and (text[end + after] == sel.suffix[after])
    ):
        after += 1
    return before + after


@PROPERTY
@given(st.data(), articles(20, 200))
def test_many_highlights_with_the_old_text_land_on_the_same_words(
    data: st.DataObject, text: str
) -> None:
    """The service's case: it has the old text, edits may touch any context."""
    ranges = [word_range(data.draw, text) for _ in range(data.draw(st.integers(1, 12)))]
    ranges += [
        (s, min(len(text), s + data.draw(st.integers(1, 20))))
        for s in data.draw(st.lists(st.integers(0, len(text) - 1), max_size=4))
    ]
    ranges = [(s, e) for s, e in ranges if text[s:e].strip()]  # as the service demands
    selectors = [Selector(s, e, *make_selector(text, s, e)) for s, e in ranges]
    edits = data.draw(edits_outside(text, ranges, max_edits=8))
    edited = apply(text, edits)
    placed = reanchor_all(edited, selectors, old_text=text)
    for sel, result in zip(selectors, placed, strict=True):
        new_start = moved(sel.start, edits)
        if result != (new_start, new_start + len(sel.exact)):
            # Acceptable only when the quote's neighbourhood is the same at both places.
            assert result is not None, sel
            assert edited[result[0] : result[1]] == sel.exact
            window = slice(max(0, new_start - KEEP), new_start + len(sel.exact) + KEEP)
            other = slice(max(0, result[0] - KEEP), result[1] + KEEP)
            assert edited[window] == edited[other], sel


def test_old_text_places_highlights_whose_context_was_rewritten_on_both_sides() -> None:
    middle = "Ministers met in Geneva on Thursday for talks with the Commission. "
    text = "The talks. " * 3 + middle + "The talks. " * 3
    start = text.index("Geneva")
    sel = Selector(start, start + 6, *make_selector(text, start, start + 6))
    edited = text.replace("met in Geneva on", "gathered at Geneva last")
    new_start = edited.index("Geneva")
    [placed] = reanchor_all(edited, [sel], old_text=text)
    assert placed == (new_start, new_start + 6)
    # A repeated word whose neighbours both changed: the comparison of the texts tells
    # which one it was.
    start = text.index("for talks") + 4
    sel = Selector(start, start + 5, *make_selector(text, start, start + 5))
    edited = text.replace("Thursday for talks with the", "Friday, FOR talks AMONG the")
    new_start = edited.index("FOR talks") + 4
    [placed] = reanchor_all(edited, [sel], old_text=text)
    assert placed == (new_start, new_start + 5)


@given(articles(0, 60), articles(0, 60))
def test_unchanged_blocks_are_equal_ordered_stretches(old: str, new: str) -> None:
    blocks = unchanged_blocks(old, new)
    previous_old = previous_new = 0
    for old_start, new_start, size in blocks:
        assert size > 0
        assert old[old_start : old_start + size] == new[new_start : new_start + size]
        assert old_start >= previous_old and new_start >= previous_new
        previous_old, previous_new = old_start + size, new_start + size


def test_unchanged_blocks_of_an_edited_text() -> None:
    old = ARTICLE
    new = ARTICLE.replace("Thursday", "Friday").replace("said.", "told reporters.")
    blocks = unchanged_blocks(old, new)
    covered = sum(size for _a, _b, size in blocks)
    assert covered >= len(old) - len("Thursday") - len("said.")
    assert blocks[0] == (0, 0, old.index("Thursday"))
    assert unchanged_blocks(old, old) == [(0, 0, len(old))]
    assert unchanged_blocks("", new) == []


# --- speed --------------------------------------------------------------------------------


def _long_article(words: int, seed: int) -> str:
    rng = random.Random(seed)
    vocabulary = WORDS + [f"{w}{i}" for i in range(40) for w in ("alpha", "delta", "sigma")]
    out = []
    for index in range(words):
        out.append(rng.choice(vocabulary))
        out.append("\n\n" if index % 90 == 89 else (". " if rng.random() < 0.07 else " "))
    return "".join(out)


@pytest.mark.parametrize("with_old_text", [True, False], ids=["old-text", "quotes-only"])
def test_500_highlights_on_20000_words_reanchor_fast(with_old_text: bool) -> None:
    text = _long_article(20_000, seed=4)
    rng = random.Random(5)
    spans = [m.span() for m in re.finditer(r"\w+", text)]
    selectors = []
    for _ in range(500):
        first = rng.randrange(len(spans) - 6)
        start, end = spans[first][0], spans[first + rng.randint(0, 5)][1]
        selectors.append(Selector(start, end, *make_selector(text, start, end)))
    protected = [(s.start - 1, s.end + 1) for s in selectors]
    edits: list[Edit] = []
    while len(edits) < 40:
        at = rng.randrange(len(text))
        edit = Edit(at, at + rng.randint(0, 20), "INSERTED WORDS HERE ")
        if any(edit.start < b and edit.end > a for a, b in protected):
            continue
        if any(edit.start < e.end + 1 and edit.end + 1 > e.start for e in edits):
            continue
        edits.append(edit)
    edited = apply(text, edits)
    started = time.perf_counter()
    placed = reanchor_all(edited, selectors, old_text=text if with_old_text else None)
    elapsed = time.perf_counter() - started
    for sel, result in zip(selectors, placed, strict=True):
        new_start = moved(sel.start, edits)
        assert result == (new_start, new_start + len(sel.exact))
    assert elapsed < 0.5, f"{elapsed:.3f} s"


def test_500_orphans_on_20000_words_stay_bounded() -> None:
    """The worst case: every quote is gone (the text was replaced)."""
    text = _long_article(20_000, seed=6)
    other = _long_article(20_000, seed=7).upper()
    rng = random.Random(8)
    selectors = []
    for _ in range(500):
        start = rng.randrange(len(text) - 60)
        end = start + rng.randint(10, 60)
        selectors.append(Selector(start, end, *make_selector(text, start, end)))
    started = time.perf_counter()
    placed = reanchor_all(other, selectors, old_text=text)
    elapsed = time.perf_counter() - started
    assert placed == [None] * 500
    assert elapsed < 5.0, f"{elapsed:.3f} s"
