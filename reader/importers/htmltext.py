"""Plain text from HTML with the standard library: the fallback when trafilatura finds
nothing (short pages, clipboard fragments) and the cleaner for HTML inside JSON fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from reader.importers.cleanup import clean_line, clean_text, word_set

_SKIPPED = word_set(
    """script style noscript template svg math iframe object embed canvas select option
    button form nav aside footer"""
)
_VOID = word_set("""area base br col embed hr img input link meta param source track wbr""")
_BLOCKS = word_set(
    """p div h1 h2 h3 h4 h5 h6 ul ol dl dt dd blockquote pre section article header main
    table thead tbody tfoot tr figure figcaption hr address details summary center"""
)
_WHITESPACE = re.compile(r"\s+")
_PARAGRAPH = "\x00p"  # markers the input cannot contain: clean_text removes NULs
_LINE = "\x00l"


@dataclass
class HtmlText:
    """What a page says about itself besides its text, for titles and metadata."""

    paragraphs: list[str]
    title: str = ""
    heading: str = ""
    canonical: str = ""
    meta: dict[str, str] = field(default_factory=dict)


def html_to_text(markup: str) -> HtmlText:
    """Paragraphs and page metadata from any HTML, well-formed or not."""
    parser = _TextParser()
    try:
        parser.feed(clean_text(markup))
        parser.close()
    except (AssertionError, ValueError):
        pass  # html.parser gives up on some malformed markup; keep what it read
    return parser.result()


def looks_like_html(text: str) -> bool:
    """Whether text (an unknown file, a JSON field) is HTML markup rather than prose."""
    head = text[:2048].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:4096].lower():
        return True
    return bool(re.search(r"<(?:p|br|div|body|head|h[1-6]|ul|li|a\s+href)\b[^>]*>", head))


class _TextParser(HTMLParser):
    """Collects text with paragraph and line markers; skips scripts, menus and forms."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._chunks: list[str] = []
        self._skip: list[str] = []
        self._pre = 0
        self._in_title = False
        self._in_heading = False
        self._title: list[str] = []
        self._heading: list[str] = []
        self._first_heading_done = False
        self.meta: dict[str, str] = {}
        self.canonical = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or "").lower()
            if key and values.get("content") and key not in self.meta:
                self.meta[key] = values["content"].strip()
            return
        if tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.canonical = self.canonical or values.get("href", "").strip()
            return
        if tag == "title":
            self._in_title = True
            return
        if tag in _VOID:
            if tag in ("br", "hr") and not self._skip:
                self._chunks.append(_LINE if tag == "br" else _PARAGRAPH)
            return
        if self._skip or tag in _SKIPPED:
            self._skip.append(tag)
            return
        if tag == "pre":
            self._pre += 1
        if tag == "h1" and not self._first_heading_done:
            self._in_heading = True
        if tag == "li":
            self._chunks.append(_LINE + "• ")
        elif tag in _BLOCKS:
            self._chunks.append(_PARAGRAPH)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            return
        if self._skip:
            if tag in self._skip:
                while self._skip and self._skip.pop() != tag:
                    pass
            return
        if tag == "pre" and self._pre:
            self._pre -= 1
        if tag == "h1" and self._in_heading:
            self._in_heading = False
            self._first_heading_done = True
        if tag in _BLOCKS:
            self._chunks.append(_PARAGRAPH)
        elif tag == "li":
            self._chunks.append(_LINE)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
            return
        if self._skip:
            return
        if self._in_heading:
            self._heading.append(data)
        if self._pre:
            self._chunks.append(data.replace("\n", _LINE))
        else:
            self._chunks.append(_WHITESPACE.sub(" ", data))

    def result(self) -> HtmlText:
        paragraphs = []
        for block in "".join(self._chunks).split(_PARAGRAPH):
            lines = [clean_line(line) for line in block.split(_LINE)]
            text = "\n".join(line for line in lines if line and line != "•")
            if text:
                paragraphs.append(text)
        return HtmlText(
            paragraphs=paragraphs,
            title=clean_line("".join(self._title)),
            heading=clean_line("".join(self._heading)),
            canonical=self.canonical,
            meta=self.meta,
        )
