"""A full backup as one JSON document, written as it goes (no Qt, no SQL).

Layout: the header first (``"format": "reader-backup"``, ``"version"``, when and by which
Reader it was written, the tag list and the entity rules), then ``"articles"``, one
article object per line. The format and version come first so a reader can check
them before anything else; one article per line keeps the file greppable and lets a
reader stream it. Memory holds one article at a time, whatever the library's size.

Each article object holds every stored field of the article (its id when exported,
title, text, section, byline, source_url, site, published, imported_at, modified,
text_sha256, word_count, read_position, is_read, note), its ``tags``, its
``highlights`` (UUID, offsets, exact/prefix/suffix, colour, note, tags, stamps,
orphaned), its ``entity_run`` (model version, text fingerprint, time; null if never
analysed), ``model_entities`` (the model's raw spans), ``entities`` (the effective
spans with their source: model, rule or user), ``corrections`` (the user's, each with
the ``prefix`` and ``suffix`` it is re-anchored by) and ``orphaned_corrections`` (those an
edit of the text left without their words: kept, not applied; a separate list, so that
a Reader that predates them skips them instead of applying them at stale offsets).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from reader.core.backup import (
    FORMAT_NAME,
    FORMAT_VERSION,
    ArticleBackup,
    BackupHeader,
    Correction,
)
from reader.core.model import EntitySpan, Highlight


def header_json(header: BackupHeader) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported": header.exported,
        "reader_version": header.reader_version,
    }
    if header.article_count is not None:
        data["article_count"] = header.article_count
    data["tags"] = list(header.tags)
    data["entity_rules"] = [
        {"text": r.text, "label": r.label, "created": r.created} for r in header.rules
    ]
    return data


def article_json(backup: ArticleBackup) -> dict[str, Any]:
    row = backup.article
    return {
        "id": row.id,
        "title": row.title,
        "section": row.section,
        "byline": row.byline,
        "source_url": row.source_url,
        "site": row.site,
        "published": row.published,
        "imported_at": row.imported_at,
        "modified": row.modified,
        "text_sha256": row.text_sha256,
        "word_count": row.word_count,
        "read_position": row.read_position,
        "is_read": row.is_read,
        "note": row.note,
        "tags": list(backup.tags),
        "text": row.text,
        "highlights": [highlight_json(h) for h in backup.highlights],
        "entity_run": None
        if backup.run is None
        else {
            "model_version": backup.run.model_version,
            "text_sha256": backup.run.text_sha256,
            "analysed_at": backup.run.analysed_at,
        },
        "model_entities": [_span_json(s, source=False) for s in backup.model_spans],
        "entities": [_span_json(s, source=True) for s in backup.entities],
        "corrections": [_correction_json(c) for c in backup.corrections if not c.orphaned],
        "orphaned_corrections": [_correction_json(c) for c in backup.corrections if c.orphaned],
    }


def _correction_json(c: Correction) -> dict[str, Any]:
    return {
        **_span_json(c.span, source=False),
        "prefix": c.prefix,
        "suffix": c.suffix,
        "created": c.created,
    }


def highlight_json(h: Highlight) -> dict[str, Any]:
    return {
        "id": h.id,
        "start": h.start,
        "end": h.end,
        "exact": h.exact,
        "prefix": h.prefix,
        "suffix": h.suffix,
        "color": h.color,
        "note": h.note,
        "tags": list(h.tags),
        "created": h.created,
        "modified": h.modified,
        "orphaned": h.orphaned,
    }


def _span_json(span: EntitySpan, *, source: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "start": span.start,
        "end": span.end,
        "label": span.label,
        "text": span.text,
    }
    if source:
        data["source"] = str(span.source)
    return data


def write_backup(stream: TextIO, header: BackupHeader, articles: Iterable[ArticleBackup]) -> int:
    """Write the whole document to a text stream (UTF-8); returns the articles written.
    The document is complete and valid whenever `articles` ends."""
    head = json.dumps(header_json(header), ensure_ascii=False)
    stream.write(head[:-1] + ', "articles": [')
    count = 0
    for backup in articles:
        stream.write(",\n" if count else "\n")
        stream.write(json.dumps(article_json(backup), ensure_ascii=False))
        count += 1
    stream.write("\n]}\n")
    return count
