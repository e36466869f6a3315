"""The wire story the annotation service tests work on, and where its words are."""

from __future__ import annotations

TEXT = (
    "GENEVA (Wire) — Negotiators from the European Commission and the United States met in "
    "Geneva on Thursday to resume talks on steel tariffs, officials said.\n\n"
    "“We are closer than we were in Zürich,” said Maria Castellanos, who leads the "
    "Commission’s team. Tariffs of 25 % on €4.2 billion of goods remain in place.\n\n"
    "Castellanos said a deal could come “within weeks”, while the U.S. side declined to "
    "comment. 🎉\n"
)
URL = "https://news.example.org/geneva-steel"


def span(quote: str, occurrence: int = 1, text: str = TEXT) -> tuple[int, int]:
    """The range of the `occurrence`-th `quote` in `text`."""
    start = -1
    for _ in range(occurrence):
        start = text.index(quote, start + 1)
    return start, start + len(quote)
