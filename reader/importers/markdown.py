"""Markdown articles: front matter for metadata, markup removed, paragraphs kept.

A line-based reader rather than a full CommonMark parser: articles use a small part
of Markdown, and what it does not recognise is kept as text, never lost.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from reader.core.model import ArticleDraft
from reader.importers.base import ImportFailure
from reader.importers.cleanup import clean_line, clean_text, short_title
from reader.importers.dates import parse_date
from reader.importers.frontmatter import read_front_matter

NO_TEXT = "no text found"

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^\s{0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_BULLET = re.compile(r"^(\s*)([-*+])\s+(?:\[[ xX]\]\s+)?(.*)$")
_NUMBERED = re.compile(r"^(\s*)(\d{1,9})[.)]\s+(.*)$")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_BLANK_RUN = re.compile(r"\n{3,}")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_ONLY_TAGS = re.compile(r"^\s*(?:</?[A-Za-z][^>]*>\s*)+$")

# Spans are bounded so that a pathological line (``*a *a *a ...``) costs linear time,
# not quadratic: emphasis or a link text longer than this is not worth unwrapping.
_CODE_SPAN = re.compile(r"(`+)(.{1,2000}?)\1")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_URL_PART = r"\((?:[^()]|\([^()]{0,500}\)){0,2000}\)"
_IMAGE = re.compile(r"!\[[^\]]{0,500}\](?:" + _URL_PART + r"|\[[^\]]{0,500}\])")
_LINK = re.compile(r"\[([^\]]{0,500})\]" + _URL_PART)
_REF_LINK = re.compile(r"\[([^\]]{1,500})\]\[[^\]]{0,500}\]")
_FOOTNOTE = re.compile(r"\[\^[^\]]{1,100}\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+|[^>\s@]+@[^>\s]+)>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_STARS = re.compile(r"(\*{1,3})(?=[^\s*])(.{1,1000}?)(?<=[^\s*])\1")
_UNDERSCORES = re.compile(r"(?<![\w_])(_{1,3})(?=[^\s_])(.{1,1000}?)(?<=[^\s_])\1(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.{1,1000}?)(?<=\S)~~")
# Escaped characters are parked in the Private Use Area while markup is removed.
_PARK = 0xF0000


@dataclass
class _Block:
    kind: str  # "para", "heading", "list", "code", "table"
    lines: list[str] = field(default_factory=list)


def parse_markdown(text: str) -> ArticleDraft:
    """An article from Markdown, with YAML-style front matter if the file has it."""
    meta, body = read_front_matter(clean_text(text))
    blocks = _blocks(_COMMENT.sub("", body))
    rendered = [(block.kind, _render(block)) for block in blocks]
    rendered = [(kind, text) for kind, text in rendered if text.strip()]

    title = clean_line(meta.text("title"))
    if rendered and rendered[0][0] == "heading":
        heading = rendered.pop(0)[1]
        title = title or heading
        if title != heading:
            rendered.insert(0, ("heading", heading))
    if not title:
        first = next((text for kind, text in rendered if kind == "heading"), "")
        title = first
    paragraphs = [text for _, text in rendered]
    if not paragraphs and not title:
        raise ImportFailure(NO_TEXT)
    if not title:
        title = short_title(paragraphs[0])
    url = meta.text("url", "source_url", "link", "canonical_url", "canonical")
    source = meta.text("source")
    if source.startswith(("http://", "https://")):
        url, source = url or source, ""
    return ArticleDraft(
        title=title,
        # Code blocks keep their indentation inside, but the article starts and ends at
        # its first and last characters, as every stored text does.
        text="\n\n".join(paragraphs).strip() or title,
        section=clean_line(meta.text("section", "category", "categories")),
        byline=clean_line(meta.joined("author", "authors", "byline")),
        source_url=url,
        published=parse_date(meta.text("date", "published", "pubdate", "published_at")),
        site=clean_line(meta.text("site", "publisher", "site_name") or source),
        tags=meta.items("tags", "keywords"),
    )


def _blocks(body: str) -> list[_Block]:
    """Split Markdown into blocks; container markers (quotes) are removed on the way."""
    blocks: list[_Block] = []
    current: _Block | None = None
    fence = ""
    for raw in body.split("\n"):
        if fence:
            if raw.strip().startswith(fence) and not raw.strip().strip(fence[0]):
                fence, current = "", None
            elif current is not None:
                current.lines.append(raw.rstrip())
            continue
        line = _QUOTE.sub("", raw)
        opening = _FENCE.match(line)
        if opening:
            fence = opening.group(1)
            current = _Block("code")
            blocks.append(current)
            continue
        if not line.strip() or _REFERENCE.match(line) or _ONLY_TAGS.match(line):
            current = None
            continue
        if current is not None and current.kind == "para" and _SETEXT.match(line):
            current.kind = "heading"
            current = None
            continue
        if _RULE.match(line) or (_TABLE_RULE.match(line) and "|" in line):
            if current is not None and current.kind == "para" and "|" in line:
                current.kind = "table"  # the header row was read as a paragraph
            elif current is None or current.kind != "table":
                current = None
            continue
        heading = _ATX.match(line)
        if heading:
            blocks.append(_Block("heading", [heading.group(2) or ""]))
            current = None
            continue
        item = _BULLET.match(line) or _NUMBERED.match(line)
        if item:
            marker = "•" if item.group(2) in "-*+" else item.group(2) + "."
            if current is None or current.kind != "list":
                current = _Block("list")
                blocks.append(current)
            current.lines.append(f"{marker} {item.group(3)}")
            continue
        if current is None or current.kind == "code":
            current = _Block("para")
            blocks.append(current)
        if current.kind == "list" and current.lines:
            current.lines[-1] += " " + line.strip()  # a wrapped list item
        else:
            current.lines.append(line)
    return blocks


def _render(block: _Block) -> str:
    if block.kind == "code":  # verbatim, but blank runs collapse as everywhere else
        return _BLANK_RUN.sub("\n\n", "\n".join(block.lines).strip("\n"))
    if block.kind == "list":
        return "\n".join(filter(None, (clean_line(_inline(line)) for line in block.lines)))
    if block.kind == "table":
        rows = (_table_row(line) for line in block.lines)
        return "\n".join(row for row in rows if row)
    if block.kind == "heading":
        return clean_line(_inline(" ".join(block.lines)))
    lines = []
    for line in block.lines:
        hard_break = line.endswith(("  ", "\\"))
        lines.append(line.rstrip().removesuffix("\\") + ("\n" if hard_break else " "))
    rendered = (clean_line(part) for part in _inline("".join(lines)).split("\n"))
    return "\n".join(part for part in rendered if part)


def _table_row(line: str) -> str:
    cells = [clean_line(_inline(cell)) for cell in line.strip().strip("|").split("|")]
    return " | ".join(cells).strip(" |")


def _inline(text: str) -> str:
    """Markup removed from running text; code spans are kept verbatim."""
    parked = _ESCAPE.sub(lambda m: chr(_PARK + ord(m.group(1))), text)
    pieces = []
    position = 0
    for code in _CODE_SPAN.finditer(parked):
        pieces.append(_strip_markup(parked[position : code.start()]))
        pieces.append(code.group(2).strip())
        position = code.end()
    pieces.append(_strip_markup(parked[position:]))
    return "".join(pieces).translate(_UNPARK)


def _strip_markup(text: str) -> str:
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _FOOTNOTE.sub("", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    for _ in range(3):  # nested emphasis: ***a** b*
        stripped = _STRIKE.sub(r"\1", _UNDERSCORES.sub(r"\2", _STARS.sub(r"\2", text)))
        if stripped == text:
            break
        text = stripped
    return html.unescape(text)


_UNPARK = {_PARK + code: chr(code) for code in range(0x21, 0x7F)}
