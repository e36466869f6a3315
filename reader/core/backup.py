"""What a full backup holds, as plain data: every stored field of an article and of
everything attached to it, so that a restore into an empty library is exact.

The JSON side is in reader.exporters.backup (writing) and reader.importers.backup
(reading); the SQL side in reader.store.rows. Pure Python, no Qt, no SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.model import EntitySpan, Highlight

FORMAT_NAME = "reader-backup"
FORMAT_VERSION = 1
"""Bumped when a reader of version N could not read the file right; readers refuse
a newer version rather than guess."""


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """An articles row, column for column (the id is the one it had when exported)."""

    id: int
    title: str
    text: str
    section: str = ""
    byline: str = ""
    source_url: str = ""
    site: str = ""
    published: str = ""
    imported_at: str = ""
    modified: str = ""
    text_sha256: str = ""
    word_count: int = 0
    read_position: int = 0
    is_read: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True)
class EntityRun:
    """The model's run over one article: which model, over which text, when."""

    model_version: str
    text_sha256: str
    analysed_at: str


@dataclass(frozen=True, slots=True)
class Correction:
    """A user's correction of one span ("" label = no entity here), with the quote's
    context it is found again by after the text changes. An orphaned one lost its words
    in an edit: kept (offsets and context into the text it was made on), never applied."""

    span: EntitySpan
    created: str
    prefix: str = ""
    suffix: str = ""
    orphaned: bool = False


@dataclass(frozen=True, slots=True)
class RuleRecord:
    """An entity rule ("apply everywhere"): this text is always `label` ("" = never)."""

    text: str
    label: str
    created: str


@dataclass(frozen=True, slots=True)
class ArticleBackup:
    """One article with its tags, highlights, entities and corrections."""

    article: ArticleRow
    tags: tuple[str, ...] = ()
    highlights: tuple[Highlight, ...] = ()
    run: EntityRun | None = None
    model_spans: tuple[EntitySpan, ...] = ()
    entities: tuple[EntitySpan, ...] = ()  # the effective spans (model + rules + user)
    corrections: tuple[Correction, ...] = ()


@dataclass(frozen=True, slots=True)
class BackupHeader:
    """The library-wide part of a backup."""

    version: int
    exported: str = ""
    reader_version: str = ""
    article_count: int | None = None
    tags: tuple[str, ...] = ()
    rules: tuple[RuleRecord, ...] = ()
