"""Small word lists and text helpers shared by casing and consistency.

Written for Reader (not taken from spaCy, whose stop list would import spaCy itself,
which the app must not do at start-up).
"""

from __future__ import annotations

import re

FUNCTION_WORDS: frozenset[str] = frozenset(
    """
    a about above across after again against all almost along also although always
    am among an and another any anyone anything are around as at back be because
    been before being below between both but by can cannot could did do does doing
    done down during each either else enough even ever every few for from further
    get gets got had has have having he her here hers herself him himself his how
    however i if in into is it its itself just least less many may me might more
    most much must my myself neither never no nobody none nor not nothing now of off
    often on once one only onto or other others our ours ourselves out over own per
    perhaps quite rather really said same say says several shall she should since so
    some someone something still such than that the their theirs them themselves
    then there these they this those though through throughout thus till to too
    toward towards under until up upon very via vs was we were what whatever when
    where whether which while who whom whose why will with within without would yet
    you your yours yourself yourselves
    """.split()  # noqa: SIM905
)
"""Lower-case English function words: never names on their own, lower-cased in headlines."""

HONORIFICS: frozenset[str] = frozenset(
    """mr mrs ms miss dr prof sir dame lord lady jr sr
    president minister general""".split()  # noqa: SIM905
)
"""Words that begin or end a person's name without being the surname."""

WORD_RE = re.compile(r"[^\W\d_]+")
"""A run of letters: the unit that casing and name matching look at."""

_SENTENCE_END = frozenset('.!?:;"“”\n')


def is_sentence_start(text: str, pos: int) -> bool:
    """Whether `pos` begins a sentence or line, so its capital says nothing about names."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\"'“‘«([":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def is_capitalised(word: str) -> bool:
    """Whether `word` starts with an upper-case letter (as names do)."""
    return bool(word) and word[0].isupper()
