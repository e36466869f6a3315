"""Markdown export, for Obsidian and other notes apps.

YAML front matter, then the article's text with its highlights marked (==text== by
default, **bold**, or <mark> only when the user asks for HTML) and each note after its
paragraph as a blockquote, or as a footnote. Or, with `highlights_only`, each highlight
as a quote with its colour, tags, a link back to its place and its note.

The article's own text is escaped so that it reads back as the same words in any
CommonMark parser (a line starting "1996." or "# " stays text). Notes are the user's
Markdown and are kept as written, except that raw HTML in them is escaped: the file
holds no HTML unless the user picks the <mark> style.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from reader.core.colours import highlight_colour
from reader.core.model import Highlight
from reader.exporters.document import (
    DEFAULT_OPTIONS,
    ExportDocument,
    ExportOptions,
    HighlightStyle,
    NoteStyle,
    Run,
    colour_label,
    paragraph_of_end,
    paragraphs,
    runs,
    single_line,
)
from reader.exporters.textutil import (
    readable_date,
    text_fragment_link,
    web_url,
    yaml_string,
)

_INLINE_SPECIAL = frozenset("\\`*_[]<>&~|!=")
_LINE_START_SPECIAL = frozenset("#+-")
_DIGITS = frozenset("0123456789")
_TAG_SAFE = re.compile(r"^[\w/-]*[^\W\d][\w/-]*$")


def escaped_chars(text: str, at_line_start: bool = True) -> list[str]:
    """Each character of `text` as Markdown shows it literally: a backslash before
    ASCII punctuation that means something inline, and before what would start a block
    at the beginning of a line ("# ", "- ", "+ ", "1996. ", "1) "). Per character, so
    that marks can be put between any two of them without changing the escaping."""
    out = [f"\\{c}" if c in _INLINE_SPECIAL else c for c in text]
    size = len(text)
    starts = [0] if at_line_start else []
    starts += [index + 1 for index, c in enumerate(text) if c == "\n"]
    for index in starts:
        while index < size and text[index] in " \t":
            index += 1
        if index >= size:
            continue
        if text[index] in _LINE_START_SPECIAL:
            out[index] = f"\\{text[index]}"
        elif text[index] in _DIGITS:
            end = index
            while end < size and end - index < 9 and text[end] in _DIGITS:
                end += 1
            if end < size and text[end] in ".)":  # an ordered list's number
                out[end] = f"\\{text[end]}"
    return out


def escape_text(text: str, at_line_start: bool = True) -> str:
    """Backslash-escape `text` so that CommonMark (and the usual extensions: ==marks==,
    ~~strike~~, tables) shows it as the same characters."""
    return "".join(escaped_chars(text, at_line_start))


def escape_note_html(note: str) -> str:
    """The user's Markdown note without raw HTML: "<" that could open a tag, a comment or
    an autolink is escaped outside code spans and fenced code blocks."""
    out: list[str] = []
    fenced = False
    for line in note.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            out.append(line)
            continue
        if fenced:
            out.append(line)
            continue
        pieces = re.split(r"(`+[^`]*`+)", line)
        out.append(
            "".join(
                piece if index % 2 else piece.replace("<", "\\<")
                for index, piece in enumerate(pieces)
            )
        )
    return "\n".join(out)


def tag_text(tags: Sequence[str]) -> str:
    """Tags as Obsidian reads them (#tag) where the name allows, else as plain words."""
    shown = []
    for tag in tags:
        slug = "-".join(tag.split())
        shown.append(f"#{slug}" if _TAG_SAFE.match(slug) else escape_text(tag, False))
    return " ".join(shown)


# --- front matter and header ---------------------------------------------------------------


def front_matter(document: ExportDocument) -> str:
    a = document.article
    optional = (
        ("author", a.byline),
        ("source", a.source_url),
        ("site", a.site),
        ("section", a.section),
        ("published", a.published),
        ("imported", a.imported_at),
    )
    fields = [("title", a.title), *((key, value) for key, value in optional if value)]
    lines = ["---", *(f"{key}: {yaml_string(value)}" for key, value in fields)]
    if a.tags:
        lines.append("tags:")
        lines.extend(f"  - {yaml_string(tag)}" for tag in a.tags)
    else:
        lines.append("tags: []")
    lines.append("---")
    return "\n".join(lines)


def header(document: ExportDocument) -> list[str]:
    a = document.article
    blocks = [f"# {escape_text(single_line(a.title) or 'Untitled', False)}"]
    meta = []
    if a.byline:
        meta.append(escape_text(single_line(a.byline), False))
    url = web_url(a.source_url)
    if url:
        meta.append(f"[{escape_text(a.site or 'Source', False)}]({link_target(url)})")
    elif a.source_url:
        meta.append(escape_text(single_line(a.source_url), False))
    if a.published:
        meta.append(escape_text(readable_date(a.published), False))
    if meta:
        blocks.append(" · ".join(meta))
    if a.tags:
        blocks.append(f"Tags: {tag_text(a.tags)}")
    if a.note.strip():
        blocks.append("## Article note")
        blocks.append(escape_note_html(a.note.strip()))
    return blocks


def link_target(url: str) -> str:
    """A URL as a Markdown link destination (spaces and brackets percent-encoded)."""
    return (
        url.replace(" ", "%20")
        .replace("(", "%28")
        .replace(")", "%29")
        .replace("<", "%3C")
        .replace(">", "%3E")
    )


# --- the text with its highlights ------------------------------------------------------


def _open_close(style: HighlightStyle, colour: str) -> tuple[str, str]:
    if style is HighlightStyle.BOLD:
        return "**", "**"
    if style is HighlightStyle.HTML:
        value = highlight_colour(colour).light
        return f'<mark style="background-color: {value}">', "</mark>"
    return "==", "=="


def _groups(chunks: list[Run], style: HighlightStyle) -> list[list[Run]]:
    """Runs to mark together. ==a====b== would not parse, so touching highlights share
    one mark, except in the HTML style where each keeps its colour."""
    groups: list[list[Run]] = []
    for run in chunks:
        before = groups[-1][-1].highlight if groups else None
        if (
            before is not None
            and run.highlight is not None
            and (style is not HighlightStyle.HTML or before.id == run.highlight.id)
        ):
            groups[-1].append(run)
        else:
            groups.append([run])
    return groups


def _paragraph(
    document: ExportDocument,
    start: int,
    end: int,
    options: ExportOptions,
    refs: dict[str, str],
) -> str:
    text = document.article.text
    shown = escaped_chars(text[start:end])

    def piece(left: int, right: int) -> str:
        return "".join(shown[left - start : right - start])

    pieces: list[str] = []
    groups = _groups(runs(start, end, document.placed), options.highlight_style)
    last_group_of: dict[str, int] = {}
    for index, group in enumerate(groups):
        for run in group:
            if run.highlight is not None:
                last_group_of[run.highlight.id] = index
    for index, group in enumerate(groups):
        g_start, g_end = group[0].start, group[-1].end
        if group[0].highlight is None:
            pieces.append(piece(g_start, g_end))
            continue
        html_style = options.highlight_style is HighlightStyle.HTML
        c_start, c_end = _mark_bounds(text, g_start, g_end, start, end, html_style)
        pieces.append(piece(g_start, c_start))
        if c_end > c_start:
            opening, closing = _open_close(options.highlight_style, group[0].highlight.color)
            pieces.append(f"{opening}{piece(c_start, c_end)}{closing}")
        for highlight_id, number in refs.items():
            if last_group_of.get(highlight_id) == index:
                pieces.append(f"[^{number}]")
        pieces.append(piece(c_end, g_end))
    return "".join(pieces)


def _is_space(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) == "Zs"


def _is_punct(char: str) -> bool:
    """CommonMark's punctuation: ASCII punctuation, Unicode P and S categories."""
    return unicodedata.category(char)[0] in "PS"


def _mark_bounds(
    text: str, start: int, end: int, p_start: int, p_end: int, html_style: bool
) -> tuple[int, int]:
    """Where the marks go around text[start:end]: white space stays outside, and so
    does punctuation at an edge that touches a word, because CommonMark opens `**` or
    `==` before punctuation only after a space or punctuation (and closes it likewise):
    "anti**-war**" would show its asterisks, "anti-**war**" does not."""
    while start < end and _is_space(text[start]):
        start += 1
    while end > start and _is_space(text[end - 1]):
        end -= 1
    if html_style:
        return start, end
    changed = True
    while changed and start < end:
        changed = False
        before = text[start - 1] if start > p_start else " "
        if _is_punct(text[start]) and not (_is_space(before) or _is_punct(before)):
            start += 1
            changed = True
        after = text[end] if end < p_end else " "
        if start < end and _is_punct(text[end - 1]) and not (_is_space(after) or _is_punct(after)):
            end -= 1
            changed = True
        while start < end and _is_space(text[start]):
            start += 1
        while end > start and _is_space(text[end - 1]):
            end -= 1
    return start, end


def _note_lines(highlight: Highlight) -> list[str]:
    """The note and tags of a highlight as Markdown blocks."""
    blocks = []
    if highlight.note.strip():
        blocks.append(escape_note_html(highlight.note.strip()))
    if highlight.tags:
        blocks.append(f"Tags: {tag_text(highlight.tags)}")
    return blocks


def _has_note(highlight: Highlight) -> bool:
    return bool(highlight.note.strip() or highlight.tags)


def _blockquote(blocks: Sequence[str]) -> str:
    lines: list[str] = []
    for block in blocks:
        if lines:
            lines.append(">")
        lines.extend(f"> {line}" if line else ">" for line in block.split("\n"))
    return "\n".join(lines)


def _quote_excerpt(highlight: Highlight, limit: int = 60) -> str:
    quote = single_line(highlight.exact)
    if len(quote) > limit:
        quote = quote[: limit - 1].rstrip() + "…"
    return escape_text(quote, False)


def _footnote(number: str, blocks: Sequence[str]) -> str:
    lines: list[str] = []
    for block in blocks:
        if lines:
            lines.append("")
        lines.extend(block.split("\n"))
    first, *rest = lines or [""]
    body = [f"[^{number}]: {first}"]
    body.extend(f"    {line}" if line else "" for line in rest)
    return "\n".join(body)


def full_text(
    document: ExportDocument, options: ExportOptions, footnote_prefix: str = ""
) -> list[str]:
    """The article's paragraphs, each followed by the notes of the highlights ending in
    it (INLINE), or with footnote references (NUMBERED) and the footnotes at the end."""
    text = document.article.text
    spans = paragraphs(text)
    placed = document.placed
    numbered = options.notes is NoteStyle.NUMBERED
    footnotes: dict[str, str] = {}
    if numbered:
        for highlight in placed:
            if _has_note(highlight):
                footnotes[highlight.id] = f"{footnote_prefix}{len(footnotes) + 1}"
    ends: dict[int, list[Highlight]] = {}
    for highlight in placed:
        ends.setdefault(paragraph_of_end(spans, highlight), []).append(highlight)
    blocks: list[str] = []
    for index, (start, end) in enumerate(spans):
        here = ends.get(index, [])
        refs = {h.id: footnotes[h.id] for h in here if h.id in footnotes}
        blocks.append(_paragraph(document, start, end, options, refs))
        if numbered:
            continue
        for highlight in here:
            if _has_note(highlight):
                label = (
                    f"**Note** · {colour_label(highlight.color)} · “{_quote_excerpt(highlight)}”"
                )
                blocks.append(_blockquote([label, *_note_lines(highlight)]))
    orphans = document.orphans
    if orphans:
        blocks.append("## Not found in the text")
        blocks.extend(_highlight_entry(document, h) for h in orphans)
    if footnotes:
        by_id = {h.id: h for h in placed}
        blocks.extend(
            _footnote(number, _note_lines(by_id[highlight_id]))
            for highlight_id, number in footnotes.items()
        )
    return blocks


def _highlight_entry(document: ExportDocument, highlight: Highlight) -> str:
    """One highlight in a list of highlights: the quote, then a line with its colour,
    its place and tags, then its note."""
    quote_blocks = []
    spans = paragraphs(highlight.exact)
    for start, end in spans or [(0, len(highlight.exact))]:
        quote_blocks.append(escape_text(highlight.exact[start:end]))
    parts = [f"**{colour_label(highlight.color)}**"]
    link = text_fragment_link(document.article.source_url, highlight)
    if not document.fits(highlight):
        parts.append("not found in the current text")
    elif link:
        parts.append(f"[Open at the source]({link_target(link)})")
    else:
        parts.append(f"characters {highlight.start:,}–{highlight.end:,}")
    if highlight.tags:
        parts.append(f"Tags: {tag_text(highlight.tags)}")
    blocks = [_blockquote(quote_blocks), " · ".join(parts)]
    if highlight.note.strip():
        blocks.append(escape_note_html(highlight.note.strip()))
    return "\n\n".join(blocks)


def highlights_list(document: ExportDocument) -> list[str]:
    blocks = ["## Highlights"]
    if not document.highlights:
        blocks.append("*No highlights.*")
    blocks.extend(_highlight_entry(document, h) for h in document.highlights)
    return blocks


def render(document: ExportDocument, options: ExportOptions = DEFAULT_OPTIONS) -> str:
    """The whole Markdown file for one article."""
    blocks = [front_matter(document), *_body(document, options)]
    return "\n\n".join(blocks) + "\n"


def _body(document: ExportDocument, options: ExportOptions, footnote_prefix: str = "") -> list[str]:
    body = header(document)
    if options.highlights_only:
        body.extend(highlights_list(document))
    else:
        if document.article.note.strip():
            body.append("## Text")
        body.extend(full_text(document, options, footnote_prefix))
    return [block for block in body if block]


def render_many(documents: Sequence[ExportDocument], options: ExportOptions) -> str:
    """Several articles in one file: one front matter for the collection, each article
    under its own heading (its header levels pushed down by one)."""
    from reader.exporters.document import now_iso

    lines = [
        "---",
        f"title: {yaml_string(f'{len(documents)} articles')}",
        f"exported: {yaml_string(now_iso())}",
        "---",
    ]
    blocks = ["\n".join(lines)]
    for index, document in enumerate(documents):
        if index:
            blocks.append("***")
        for block in _body(document, options, footnote_prefix=f"a{index + 1}-"):
            blocks.append(_demote(block))
    return "\n\n".join(blocks) + "\n"


def _demote(block: str) -> str:
    return "#" + block if block.startswith("#") else block


def excerpt(
    document: ExportDocument, start: int, end: int, options: ExportOptions = DEFAULT_OPTIONS
) -> str:
    """A selection of the article as Markdown (Edit › Copy as Markdown): its paragraphs
    with the highlights in it marked, then where it comes from."""
    text = document.article.text
    start, end = max(0, start), min(len(text), end)
    blocks = []
    for p_start, p_end in paragraphs(text):
        left, right = max(p_start, start), min(p_end, end)
        if left < right and text[left:right].strip():
            blocks.append(_paragraph(document, left, right, options, {}))
    return "\n\n".join([*blocks, _attribution(document)]) + "\n"


def highlight_markdown(document: ExportDocument, highlight: Highlight) -> str:
    """One highlight as Markdown: the quote, its colour, place and tags, its note."""
    return _highlight_entry(document, highlight) + "\n\n" + _attribution(document) + "\n"


def _attribution(document: ExportDocument) -> str:
    a = document.article
    title = escape_text(single_line(a.title) or "Untitled", False)
    url = web_url(a.source_url)
    return f"— {f'[{title}]({link_target(url)})' if url else f'*{title}*'}"


__all__ = ["escape_text", "excerpt", "highlight_markdown", "render", "render_many"]
