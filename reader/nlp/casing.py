"""Case restoration for ALL-CAPS headlines and datelines, keeping every offset.

The small English model leans heavily on capitalisation: in an all-caps line every word
looks like a name, so it finds few of the real ones ("SOCCER - JAPAN GET LUCKY WIN").
Before the model sees a document, each mostly upper-case line (and the upper-case
place that opens a dateline, "WASHINGTON (Reuters) -") is rewritten word by word:

1. as the word is written elsewhere in the same document, away from a sentence start
   ("JAPAN" -> "Japan", "DEFEAT" -> "defeat", "NATO" stays "NATO");
2. else lower case for a function word ("IN" -> "in");
3. else title case if the word starts a sentence elsewhere in the document (and is
   never seen in lower case), since it may well be a name there;
4. else, in a short line (three words or fewer: datelines, bylines) or a dateline's
   opening place, title case ("LISBON" -> "Lisbon"), since such lines are mostly names;
   in a longer headline lower case ("LUCKY" -> "lucky"), since a headline is mostly
   ordinary words and title-casing them all makes the model see names everywhere.

Measured on CoNLL++ (benchmarks/ner_accuracy.py), entities on all-caps lines, after the
whole pipeline: F1 0.355 with no restoration, 0.436 with title case for unknown words,
0.472 with this rule.

Only letters change case and a word whose case change would alter its length is left
alone, so the result has the same length as the input and model offsets map back 1:1.
"""

from __future__ import annotations

import re
from collections import Counter

from reader.nlp.words import FUNCTION_WORDS, WORD_RE, is_sentence_start

_DATELINE_RE = re.compile(
    r"^[ \t]*([^\W\d_]{2,}(?:[ \-'.]{1,2}[^\W\d_]+)*)(?=[ \t]*[,(]|[ \t]+[-–—][ \t])"
)
_MIN_UPPER_SHARE = 0.6
_SHORT_LINE_WORDS = 3
_INITIAL = "^"  # marks a form seen only at a sentence start


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            spans.append((start, len(text)))
            return spans
        spans.append((start, end))
        start = end + 1


def is_mostly_upper(line: str) -> bool:
    """Whether most words (of two letters or more) in `line` are written in capitals."""
    upper = cased = 0
    for match in WORD_RE.finditer(line):
        word = match.group()
        if len(word) < 2:
            continue
        cased += 1
        if word.isupper():
            upper += 1
    return upper > 0 and upper >= _MIN_UPPER_SHARE * cased


def is_all_caps_line(line: str) -> bool:
    """Whether `line` has letters and none of them is lower case (headline, dateline)."""
    return any(c.isalpha() for c in line) and not any(c.islower() for c in line)


def _vocabulary(text: str, skip: list[tuple[int, int]]) -> dict[str, Counter[str]]:
    """How each word is written outside the upper-case regions and sentence starts."""
    vocab: dict[str, Counter[str]] = {}
    skip_iter = iter(skip)
    current = next(skip_iter, None)
    for match in WORD_RE.finditer(text):
        start = match.start()
        while current is not None and current[1] <= start:
            current = next(skip_iter, None)
        if current is not None and current[0] <= start:
            continue
        word = match.group()
        if len(word) < 2:
            continue
        if is_sentence_start(text, start):
            # Weak evidence: capitalised by position; counts only if nothing else is known.
            vocab.setdefault(word.lower(), Counter())[_INITIAL + word] += 0
            continue
        vocab.setdefault(word.lower(), Counter())[word] += 1
    return vocab


def _restore_word(
    text: str, start: int, word: str, vocab: dict[str, Counter[str]], names_likely: bool
) -> str:
    if not word.isupper():
        return word
    lower = word.lower()
    if len(word) == 1:
        after = text[start + 1 : start + 2]
        if start > 0 and text[start - 1] in "'’":
            return lower
        if lower in FUNCTION_WORDS and lower != "i" and after != ".":
            return lower
        return word
    forms = vocab.get(lower)
    best = forms.most_common(1)[0] if forms else None
    if best is not None and best[1] > 0:
        candidate = best[0]
    elif lower in FUNCTION_WORDS:
        candidate = lower
    elif names_likely or best is not None:
        candidate = word[0] + lower[1:]
    else:
        candidate = lower
    return candidate if len(candidate) == len(word) else word


def upper_regions(text: str, datelines: bool = True) -> list[tuple[int, int, bool]]:
    """(start, end, names_likely) of each range whose case should be restored, in order."""
    regions: list[tuple[int, int, bool]] = []
    for start, end in _line_spans(text):
        line = text[start:end]
        if is_mostly_upper(line):
            short = len(WORD_RE.findall(line)) <= _SHORT_LINE_WORDS
            regions.append((start, end, short))
        elif datelines:
            match = _DATELINE_RE.match(line)
            if match and match.group(1).isupper():
                regions.append((start + match.start(1), start + match.end(1), True))
    return regions


def restore_case(text: str, datelines: bool = True) -> str:
    """`text` with upper-case headlines and datelines in natural case, same length."""
    regions = upper_regions(text, datelines)
    if not regions:
        return text
    vocab = _vocabulary(text, [(lo, hi) for lo, hi, _ in regions])
    pieces: list[str] = []
    done = 0
    for region_start, region_end, names_likely in regions:
        for match in WORD_RE.finditer(text, region_start, region_end):
            start = match.start()
            restored = _restore_word(text, start, match.group(), vocab, names_likely)
            if restored != match.group():
                pieces.append(text[done:start])
                pieces.append(restored)
                done = match.end()
    pieces.append(text[done:])
    result = "".join(pieces)
    return result if len(result) == len(text) else text
