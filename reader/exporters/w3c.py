"""W3C Web Annotation export (JSON-LD): an AnnotationCollection of highlights.

Each highlight is an Annotation (https://www.w3.org/TR/annotation-model/):
- motivation "commenting" when it has a note, else "highlighting";
- bodies: the note as a TextualBody with purpose "commenting" (format text/markdown,
  since notes are Markdown), each tag as a TextualBody with purpose "tagging";
- target: the article's source URL (or a stable urn:uuid when it has none) with a
  TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector (code point
  offsets, as the model defines them); an orphan, whose offsets no longer fit the
  text, gets the quote selector only;
- the colour as the model's styling: a CssStylesheet and the target's styleClass;
- created and modified as UTC xsd:dateTime.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from reader.core.colours import highlight_colour
from reader.core.model import Highlight
from reader.exporters.document import ExportDocument, now_iso, single_line
from reader.exporters.textutil import utc_stamp, web_url

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_NAMESPACE = uuid.UUID("6f1c8f0e-4d0b-4c55-9b8e-2a7c3d52e0a1")  # Reader's, for urn:uuid ids


def article_source(document: ExportDocument) -> str:
    """The target's source: the article's web address, or a urn:uuid made from its
    text's fingerprint (the same article gets the same urn in every export)."""
    url = web_url(document.article.source_url)
    if url:
        return url
    seed = document.article.text_sha256 or f"{document.article.id}:{document.article.title}"
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, seed)}"


def _highlight_id(highlight: Highlight) -> str:
    try:
        return f"urn:uuid:{uuid.UUID(highlight.id)}"
    except ValueError:
        return f"urn:uuid:{uuid.uuid5(_NAMESPACE, highlight.id)}"


def annotation(document: ExportDocument, highlight: Highlight) -> dict[str, Any]:
    colour = highlight_colour(highlight.color)
    bodies: list[dict[str, Any]] = []
    if highlight.note.strip():
        bodies.append(
            {
                "type": "TextualBody",
                "value": highlight.note,
                "format": "text/markdown",
                "purpose": "commenting",
            }
        )
    bodies.extend(
        {"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in highlight.tags
    )
    selectors: list[dict[str, Any]] = [
        {
            "type": "TextQuoteSelector",
            "exact": highlight.exact,
            "prefix": highlight.prefix,
            "suffix": highlight.suffix,
        }
    ]
    if document.fits(highlight):
        selectors.append(
            {"type": "TextPositionSelector", "start": highlight.start, "end": highlight.end}
        )
    target: dict[str, Any] = {
        "type": "SpecificResource",
        "source": article_source(document),
        "selector": selectors if len(selectors) > 1 else selectors[0],
        "styleClass": f"reader-{colour.name}",
    }
    title = single_line(document.article.title)
    item: dict[str, Any] = {
        "@context": CONTEXT,
        "id": _highlight_id(highlight),
        "type": "Annotation",
        "motivation": "commenting" if highlight.note.strip() else "highlighting",
        "stylesheet": {
            "type": "CssStylesheet",
            "value": f".reader-{colour.name} {{ background-color: {colour.light}; }}",
        },
        "target": target,
    }
    if title:
        item["label"] = title
    if bodies:
        item["body"] = bodies if len(bodies) > 1 else bodies[0]
    created = utc_stamp(highlight.created)
    modified = utc_stamp(highlight.modified)
    if created:
        item["created"] = created
    if modified:
        item["modified"] = modified
    item["generated"] = utc_stamp(document.exported_at) or utc_stamp(now_iso())
    item["generator"] = {"type": "Software", "name": "Reader"}
    return item


def collection(documents: Sequence[ExportDocument]) -> dict[str, Any]:
    """One AnnotationCollection holding every highlight of these articles, in one page."""
    items = [annotation(document, h) for document in documents for h in document.highlights]
    if len(documents) == 1:
        label = f"Highlights: {single_line(documents[0].article.title)}"
        seed = article_source(documents[0])
    else:
        label = f"Highlights from {len(documents)} articles"
        seed = "|".join(article_source(d) for d in documents)
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{uuid.uuid5(_NAMESPACE, 'collection:' + seed)}",
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "generated": utc_stamp(now_iso()),
        "generator": {"type": "Software", "name": "Reader"},
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def render(documents: Sequence[ExportDocument]) -> str:
    return json.dumps(collection(documents), ensure_ascii=False, indent=2) + "\n"
