"""Plain data passed between layers: no Qt, no SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class ArticleDraft:
    """An article as an importer produced it, before it has an id in the library."""

    title: str
    text: str
    section: str = ""
    byline: str = ""
    source_url: str = ""
    published: str = ""  # ISO 8601 date or date-time as found; "" when unknown
    site: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """A stored article with everything the reading view shows."""

    id: int
    title: str
    text: str
    section: str = ""
    byline: str = ""
    source_url: str = ""
    published: str = ""
    site: str = ""
    imported_at: str = ""
    text_sha256: str = ""
    word_count: int = 0
    read_position: int = 0
    is_read: bool = False
    note: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """One row of the library list: what the table shows, without the text."""

    id: int
    title: str
    source: str
    source_url: str
    published: str
    imported_at: str
    word_count: int
    tags: tuple[str, ...] = ()
    highlight_count: int = 0
    is_read: bool = False


class ImportStatus(StrEnum):
    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What happened to one article (or one failed file) in an import."""

    path: str
    status: ImportStatus
    id: int | None = None
    title: str = ""
    error: str = ""
    updated: str = ""  # a newer version of an article already here: what happened to it
    merged: tuple[tuple[str, int], ...] = ()  # a backup's article already here: what it gained

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "path": self.path,
            "id": self.id,
            "title": self.title,
            "status": str(self.status),
        }
        if self.error:
            data["error"] = self.error
        if self.updated:
            data["updated"] = self.updated
        if self.merged:
            data["merged"] = dict(self.merged)
        return data


class EntitySource(StrEnum):
    MODEL = "model"
    RULE = "rule"
    USER = "user"


@dataclass(frozen=True, slots=True)
class EntitySpan:
    """A named entity in an article's text; offsets are str indices (code points)."""

    start: int
    end: int
    label: str
    text: str
    source: EntitySource = EntitySource.MODEL


@dataclass(frozen=True, slots=True)
class Highlight:
    id: str
    article_id: int
    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""
    color: str = "yellow"
    note: str = ""
    created: str = ""
    modified: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)
    orphaned: bool = False  # its quote could not be found after the text changed
