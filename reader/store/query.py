"""What the library list asks for: filters and an order.

Apart from the stores, so that the window can hold a query before anything is read (the
stores and the article model are imported once it is on screen).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SortKey(StrEnum):
    RELEVANCE = "relevance"
    TITLE = "title"
    SOURCE = "source"
    PUBLISHED = "published"
    IMPORTED = "imported"
    TAGS = "tags"
    HIGHLIGHTS = "highlights"
    WORDS = "words"


@dataclass(frozen=True, slots=True)
class LibraryQuery:
    """What the library list shows: filters and order."""

    search: str = ""
    tag: str = ""
    entity: str = ""
    sort: SortKey = SortKey.IMPORTED
    descending: bool = True
