"""Saved web pages and clipboard HTML: the article's main text and its metadata.

trafilatura finds the main text and leaves out menus, adverts and share buttons; the
standard-library extractor in htmltext covers what it declines (short pages,
fragments copied from a page, where everything the user selected is wanted).
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urlsplit

from reader.core.model import ArticleDraft
from reader.importers.base import ImportFailure
from reader.importers.cleanup import clean_line, clean_text, short_title
from reader.importers.dates import parse_date
from reader.importers.htmltext import HtmlText, html_to_text

log = logging.getLogger(__name__)

NO_ARTICLE = "no article text found"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_START_FRAGMENT = re.compile(r"<!--\s*StartFragment\s*-->", re.IGNORECASE)
_PAGE_TAG = re.compile(r"<(?:!doctype|html|head|body|title)\b", re.IGNORECASE)
_TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,60}$")


def declared_charset(data: bytes) -> str:
    """The encoding a page names in its first bytes (``<meta charset=...>``), or ""."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace") if match else ""


def parse_html(markup: str, *, url: str = "") -> ArticleDraft:
    """An article from a whole saved page or a fragment of one."""
    markup = clean_text(markup)
    if not markup.strip():
        raise ImportFailure(NO_ARTICLE)
    if not is_fragment(markup):
        draft = _with_trafilatura(markup, url)
        if draft is not None:
            return draft
    return _with_parser(html_to_text(markup), url)


def is_fragment(markup: str) -> bool:
    """Clipboard HTML (part of a page the user selected) rather than a whole page.

    Everything in a selection is wanted, so it skips main-text extraction.
    """
    return bool(_START_FRAGMENT.search(markup)) or not _PAGE_TAG.search(markup)


def _with_trafilatura(markup: str, url: str) -> ArticleDraft | None:
    document = _extract(markup, url)
    if document is None or document.body is None:
        return None
    paragraphs = _body_paragraphs(document.body)
    if len(paragraphs) == 1 and "\n" in paragraphs[0]:
        # trafilatura's baseline fallback puts a short page in one <p>, a line per block
        paragraphs = paragraphs[0].split("\n")
    title = clean_line(document.title or "")
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    if not paragraphs:
        return None
    source_url = document.url or url
    categories = [clean_line(c) for c in document.categories or [] if clean_line(c)]
    tags = tuple(dict.fromkeys(clean_line(t) for t in document.tags or [] if clean_line(t)))
    return ArticleDraft(
        title=title or short_title(paragraphs[0]),
        text="\n\n".join(paragraphs),
        section=categories[0] if categories else "",
        byline=clean_line(document.author or ""),
        source_url=source_url,
        published=parse_date(document.date or ""),
        site=clean_line(document.sitename or "") or _host(source_url),
        tags=tags,
    )


def _extract(markup: str, url: str) -> Any:
    """trafilatura's main-text extraction; any failure in it means "found nothing"."""
    import trafilatura  # lazy: about 200 ms to import, not wanted at start-up

    try:
        return trafilatura.bare_extraction(
            markup,
            url=url or None,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
        )
    except Exception:  # a third-party parser on arbitrary input: fall back, never crash
        log.debug("trafilatura failed; using the plain extractor", exc_info=True)
        return None


def _body_paragraphs(body: Any) -> list[str]:
    """trafilatura's XML body (p, head, list, quote, table, ...) as paragraphs."""
    paragraphs = []
    for element in body:
        if not isinstance(element.tag, str):
            continue
        if element.tag == "list":
            items = [_element_text(item) for item in element if item.tag == "item"]
            text = "\n".join(f"• {item}" for item in items if item)
        elif element.tag == "table":
            rows = [
                " | ".join(_element_text(cell) for cell in row if cell.tag == "cell")
                for row in element.iter("row")
            ]
            text = "\n".join(row for row in rows if row.strip(" |"))
        else:
            text = _element_text(element)
        if text:
            paragraphs.append(text)
    return paragraphs


def _element_text(element: Any) -> str:
    """An element's text with ``<lb/>`` as line breaks and whitespace collapsed."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.tag == "lb":
            parts.append("\n")
        elif node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    lines = (clean_line(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _with_parser(page: HtmlText, url: str) -> ArticleDraft:
    meta = page.meta
    paragraphs = list(page.paragraphs)
    if not paragraphs:
        raise ImportFailure(NO_ARTICLE)
    title = clean_line(meta.get("og:title", "")) or page.heading or _page_title(page.title)
    if title and paragraphs[0] == title:
        paragraphs = paragraphs[1:] or paragraphs
    source_url = page.canonical or meta.get("og:url", "") or url
    published = ""
    for key in ("article:published_time", "datepublished", "date", "dc.date", "pubdate"):
        published = published or parse_date(meta.get(key, ""))
    return ArticleDraft(
        title=title or short_title(paragraphs[0]),
        text="\n\n".join(paragraphs),
        section=clean_line(meta.get("article:section", "")),
        byline=clean_line(meta.get("author", "")),
        source_url=source_url,
        published=published,
        site=clean_line(meta.get("og:site_name", "")) or _host(source_url),
    )


def _page_title(title: str) -> str:
    """A <title> without the `` | Site Name`` most pages append to it."""
    return _TITLE_SUFFIX.sub("", title) if title else ""


def _host(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")
