"""HTML export: one self-contained page (inline CSS, no scripts, no external requests).

Highlights keep their colours, named entities can be underlined in displaCy's colours
with a legend, notes sit in the margin beside their paragraph or are numbered after
the text, and a print stylesheet makes it a clean printout. Every piece of article or
user text goes through `html.escape`; notes, which are Markdown, go through
markdown-it with raw HTML and images off; links are made only to http(s) addresses; a
Content-Security-Policy forbids scripts and loads should anything slip through.

The same markup, in the HTML subset QTextDocument understands (tables instead of grid,
inline colours), is what the PDF exporter prints: `render(..., for_qt=True)`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import TYPE_CHECKING

from reader.core.colours import HIGHLIGHT_COLOURS, highlight_colour
from reader.core.model import EntitySpan, Highlight
from reader.exporters.document import (
    DEFAULT_OPTIONS,
    ExportDocument,
    ExportOptions,
    NoteStyle,
    Run,
    colour_label,
    now_iso,
    paragraph_of_end,
    paragraphs,
    runs,
    single_line,
)
from reader.exporters.textutil import readable_date, text_fragment_link, web_url
from reader.nlp import labels

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _e(text: str) -> str:
    return escape(text, quote=True)


def note_html(note: str) -> str:
    """A note (the user's Markdown) as HTML: raw HTML in it is escaped, images are not
    loaded (the page makes no requests), and links go only where markdown-it allows
    (no javascript: or data: addresses). Single line breaks are kept, as typed."""
    return _note_parser().render(note.strip())


@cache
def _note_parser() -> MarkdownIt:
    """One parser for every note: building one costs about as much as rendering a
    few notes (half a millisecond), once per note in an article with hundreds."""
    from markdown_it import MarkdownIt  # not on the start-up path

    parser = MarkdownIt("commonmark", {"html": False, "xhtmlOut": True, "breaks": True})
    parser.disable("image")
    return parser


def _stylesheet() -> str:
    highlight_rules = "\n".join(
        f"mark.hl-{c.name} {{ background-color: {c.light}; }}\n"
        f".note.hl-{c.name} {{ border-left-color: {c.light}; }}\n"
        f".swatch.hl-{c.name} {{ background-color: {c.light}; }}"
        for c in HIGHLIGHT_COLOURS
    )
    entity_rules = "\n".join(
        f".ent-{info.label} {{ border-bottom-color: {info.light}; }}\n"
        f".swatch.ent-{info.label} {{ background-color: {info.light}; }}"
        for info in labels.LABELS.values()
    )
    return f"""
:root {{ color-scheme: light; }}
* {{ box-sizing: border-box; }}
body {{ margin: 0; background: #fff; color: #1b1b1b;
  font: 18px/1.6 Charter, "Bitstream Charter", Georgia, "DejaVu Serif", serif; }}
main {{ max-width: 44rem; margin: 3rem auto; padding: 0 1.5rem; }}
body.margin-notes main {{ max-width: 66rem; }}
header {{ margin-bottom: 2rem; border-bottom: 1px solid #ddd; padding-bottom: 1rem; }}
h1 {{ font-size: 2rem; line-height: 1.2; margin: .2rem 0 .6rem; }}
h2 {{ font: 600 1rem/1.3 system-ui, sans-serif; text-transform: uppercase;
  letter-spacing: .05em; color: #555; margin: 2.5rem 0 1rem; }}
.section, .meta, .byline {{ font: .85rem/1.4 system-ui, sans-serif; color: #555; margin: .2rem 0; }}
.byline {{ font-size: 1rem; color: #333; }}
a {{ color: #1a5fb4; }}
ul.tags {{ list-style: none; padding: 0; margin: .6rem 0 0; }}
ul.tags li {{ display: inline-block; font: .8rem system-ui, sans-serif; background: #eef1f5;
  border-radius: 1em; padding: .05rem .6rem; margin: 0 .3rem .3rem 0; }}
.article-note {{ background: #f7f7f4; border-radius: 6px; padding: .8rem 1rem;
  margin-bottom: 2rem; }}
.article-note h2 {{ margin-top: 0; }}
.para {{ display: grid; grid-template-columns: minmax(0, 1fr); }}
body.margin-notes .para {{ grid-template-columns: minmax(0, 42rem) 20rem; column-gap: 2.5rem; }}
.para p {{ margin: 0 0 1.1rem; }}
mark.hl {{ color: inherit; padding: .05em 0; border-radius: 2px;
  -webkit-box-decoration-break: clone; box-decoration-break: clone; }}
.ent {{ border-bottom: 2px solid #ddd; }}
.note-ref {{ font: .7em system-ui, sans-serif; vertical-align: super; line-height: 0;
  margin-left: .1em; }}
.note-ref a {{ text-decoration: none; }}
.note {{ font: .85rem/1.45 system-ui, sans-serif; color: #333; border-left: 4px solid #ccc;
  padding: .1rem 0 .1rem .7rem; margin: 0 0 1rem; break-inside: avoid; }}
.note .quote {{ color: #666; font-style: italic; margin: 0 0 .3rem; }}
.note .body p, .note .body ul, .note .body ol {{ margin: 0 0 .4rem; }}
.note .body ul, .note .body ol {{ padding-left: 1.2rem; }}
.note h1, .note h2, .note h3, .note h4, .note h5, .note h6,
.article-note-body h1, .article-note-body h2, .article-note-body h3 {{ font-size: 1em;
  text-transform: none; letter-spacing: 0; color: inherit; margin: .4rem 0; }}
.note pre, .article-note-body pre {{ white-space: pre-wrap; }}
.note .tags {{ color: #555; margin: .3rem 0 0; }}
.note .where {{ color: #777; margin: .3rem 0 0; font-size: .8rem; }}
ol.notes {{ padding-left: 1.6rem; }}
ol.notes li {{ margin-bottom: .8rem; }}
.legend {{ font: .85rem system-ui, sans-serif; color: #444; }}
.legend ul {{ list-style: none; padding: 0; }}
.legend li {{ display: inline-block; margin: 0 1rem .4rem 0; }}
.swatch {{ display: inline-block; width: 1em; height: 1em; border-radius: 2px;
  vertical-align: -.15em; margin-right: .3em; }}
footer {{ margin-top: 3rem; font: .75rem system-ui, sans-serif; color: #888; }}
nav.contents ol {{ font: .95rem system-ui, sans-serif; }}
article + article {{ margin-top: 4rem; border-top: 3px double #ccc; padding-top: 2rem; }}
{highlight_rules}
{entity_rules}
@media (max-width: 64rem) {{
  body.margin-notes .para {{ display: block; }}
  body.margin-notes aside {{ margin: -.4rem 0 1.2rem 1.5rem; }}
}}
@media print {{
  @page {{ margin: 18mm 16mm; }}
  body {{ font-size: 11pt; }}
  main, body.margin-notes main {{ max-width: none; margin: 0; padding: 0; }}
  body.margin-notes .para {{ grid-template-columns: minmax(0, 1fr) 32%; column-gap: 6mm; }}
  a {{ color: inherit; text-decoration: none; }}
  header a::after {{ content: " (" attr(href) ")"; font-size: .8em; word-break: break-all; }}
  mark.hl, .swatch, .note, ul.tags li, .article-note {{
    -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
  h1, h2 {{ break-after: avoid; }}
  .para p {{ orphans: 3; widows: 3; }}
  article + article {{ break-before: page; border: 0; }}
  nav.contents {{ break-after: page; }}
}}
"""


@dataclass
class _Numbering:
    """Note numbers and element ids unique across one page (several articles share it)."""

    prefix: str
    count: int = 0

    def next(self) -> int:
        self.count += 1
        return self.count


class _Renderer:
    def __init__(self, document: ExportDocument, options: ExportOptions, prefix: str, qt: bool):
        self.document = document
        self.options = options
        self.qt = qt
        self.prefix = prefix
        self.numbers: dict[str, int] = {}
        self.article = document.article

    # --- pieces ------------------------------------------------------------------------

    def header(self, heading: str = "h1") -> str:
        a = self.article
        out = ["<header>"]
        if a.section:
            out.append(f'<p class="section">{_e(single_line(a.section))}</p>')
        out.append(f"<{heading}>{_e(single_line(a.title) or 'Untitled')}</{heading}>")
        if a.byline:
            out.append(f'<p class="byline">{_e(single_line(a.byline))}</p>')
        meta = []
        url = web_url(a.source_url)
        if url:
            meta.append(f'<a href="{_e(url)}">{_e(a.site or url)}</a>')
        elif a.source_url:
            meta.append(_e(a.source_url))
        if a.published:
            meta.append(f"Published {_e(readable_date(a.published))}")
        if a.imported_at:
            meta.append(f"Imported {_e(readable_date(a.imported_at))}")
        if meta:
            out.append(f'<p class="meta">{" · ".join(meta)}</p>')
        if a.tags:
            if self.qt:
                tags = " · ".join(f"#{_e(tag)}" for tag in a.tags)
                out.append(f'<p class="meta">Tags: {tags}</p>')
            else:
                items = "".join(f"<li>{_e(tag)}</li>" for tag in a.tags)
                out.append(f'<ul class="tags" aria-label="Tags">{items}</ul>')
        out.append("</header>")
        if a.note.strip():
            out.append(
                '<section class="article-note"><h2>Note</h2>'
                f'<div class="article-note-body">{note_html(a.note)}</div></section>'
            )
        return "\n".join(out)

    def _mark_open(self, highlight: Highlight, first: bool) -> str:
        colour = highlight_colour(highlight.color)
        anchor = f' id="{self.prefix}h-{_e(highlight.id)}"' if first else ""
        return (
            f'<mark class="hl hl-{colour.name}"{anchor}'
            f' style="background-color: {colour.light}"'
            f' title="{_e(colour_label(colour.name))} highlight">'
        )

    def _entity(self, span: EntitySpan, inner: str) -> str:
        info = labels.info(span.label)
        title = _e(info.detail)
        if self.qt:  # no coloured underlines in QTextDocument: underlined, in the hue
            return f'<span style="text-decoration: underline; color: {info.dark}">{inner}</span>'
        return (
            f'<span class="ent ent-{_e(info.label)}" title="{title}"'
            f' style="border-bottom-color: {info.light}">{inner}</span>'
        )

    def paragraph(self, start: int, end: int, ending: Sequence[Highlight]) -> str:
        text = self.article.text
        entities = self.document.entities if self.options.entities else ()
        seen: set[str] = set()
        pieces = []
        chunks = runs(start, end, self.document.placed, entities)
        for index, run in enumerate(chunks):
            inner = _multiline_keep(text[run.start : run.end])
            h = run.highlight
            if run.entity is not None:
                inner = self._entity(run.entity, inner)
            if h is not None:
                inner = f"{self._mark_open(h, h.id not in seen)}{inner}</mark>"
                seen.add(h.id)
            pieces.append(inner)
            later = chunks[index + 1 :]
            for highlight in ending:
                number = self.numbers.get(highlight.id)
                if (
                    number is not None
                    and _covers(highlight, run)
                    and not any(_covers(highlight, r) for r in later)
                ):
                    pieces.append(self._ref(number))
        return "".join(pieces)

    def _ref(self, number: int) -> str:
        p = self.prefix
        return (
            f'<sup class="note-ref" id="{p}ref-{number}">'
            f'<a href="#{p}note-{number}">{number}</a></sup>'
        )

    def note(self, highlight: Highlight, number: int | None = None, where: bool = False) -> str:
        colour = highlight_colour(highlight.color)
        quote = single_line(highlight.exact)
        if len(quote) > 140:
            quote = quote[:139].rstrip() + "…"
        parts = []
        if number is not None and self.qt:
            parts.append(f"<b>{number}.</b> ")
        label = colour_label(colour.name)
        parts.append(f'<p class="quote">“{_e(quote)}” <small>({label})</small></p>')
        if highlight.note.strip():
            parts.append(f'<div class="body">{note_html(highlight.note)}</div>')
        if highlight.tags:
            parts.append(
                '<p class="tags">Tags: ' + ", ".join(_e(t) for t in highlight.tags) + "</p>"
            )
        if where:
            link = text_fragment_link(self.article.source_url, highlight)
            if highlight in self.document.orphans:
                parts.append('<p class="where">Its words are no longer in the text.</p>')
            elif link:
                parts.append(f'<p class="where"><a href="{_e(link)}">Open at the source</a></p>')
        if number is not None and not self.qt:
            parts.append(
                f'<p class="where"><a href="#{self.prefix}ref-{number}"'
                ' aria-label="Back to the text">↩ back</a></p>'
            )
        body = "".join(parts)
        if self.qt:
            return (
                f'<table width="100%" cellspacing="0" cellpadding="4"><tr>'
                f'<td width="4" bgcolor="{colour.light}"></td><td>{body}</td></tr></table>'
            )
        attrs = f' id="{self.prefix}note-{number}"' if number is not None else ""
        tag = "li" if number is not None else "div"
        return f'<{tag} class="note hl-{colour.name}"{attrs}>{body}</{tag}>'

    def text(self) -> str:
        doc = self.document
        spans = paragraphs(self.article.text)
        ends: dict[int, list[Highlight]] = {}
        for h in doc.placed:
            ends.setdefault(paragraph_of_end(spans, h), []).append(h)
        numbered = self.options.notes is NoteStyle.NUMBERED
        noted = [h for h in doc.placed if h.note.strip() or h.tags]
        if numbered:
            self.numbers = {h.id: n for n, h in enumerate(noted, start=1)}
        margin = not numbered
        out = ['<div class="text">']
        if self.qt and margin:  # QTextDocument has no grid: the margin is a table column
            out.append('<table width="100%" cellspacing="0" cellpadding="5">')
        for index, (start, end) in enumerate(spans):
            ending = ends.get(index, [])
            body = f'<p dir="auto">{self.paragraph(start, end, ending)}</p>'
            notes = [self.note(h) for h in ending if h.note.strip() or h.tags] if margin else []
            if self.qt and margin:
                out.append(
                    f'<tr><td width="68%" valign="top">{body}</td><td width="3%"></td>'
                    f'<td width="29%" valign="top">{"".join(notes)}</td></tr>'
                )
            elif self.qt:
                out.append(body)
            else:
                aside = f'<aside class="margin-notes">{"".join(notes)}</aside>' if margin else ""
                out.append(f'<div class="para">{body}{aside}</div>')
        if self.qt and margin:
            out.append("</table>")
        out.append("</div>")
        if numbered and noted:
            out.append('<section class="notes"><h2>Notes</h2>')
            if self.qt:
                out.extend(self.note(h, self.numbers[h.id]) for h in noted)
            else:
                out.append('<ol class="notes">')
                out.extend(self.note(h, self.numbers[h.id]) for h in noted)
                out.append("</ol>")
            out.append("</section>")
        if doc.orphans:
            out.append('<section class="orphans"><h2>Not found in the text</h2>')
            out.extend(self.note(h, where=True) for h in doc.orphans)
            out.append("</section>")
        return "\n".join(out)

    def legend(self) -> str:
        used_colours = {h.color for h in self.document.highlights}
        items = [
            f'<li><span class="swatch hl-{c.name}" style="background-color: {c.light}">'
            f"{'&#160;' * 3 if self.qt else ''}</span>{_e(colour_label(c.name))}</li>"
            for c in HIGHLIGHT_COLOURS
            if c.name in used_colours
        ]
        entity_items = []
        if self.options.entities and self.document.entities:
            used = {s.label for s in self.document.entities}
            for name, group in labels.LEGEND:
                present = [label for label in group if label in used]
                if present:
                    colour = labels.color(present[0])
                    entity_items.append(
                        f'<li><span class="swatch ent-{_e(present[0])}"'
                        f' style="background-color: {colour}">'
                        f"{'&#160;' * 3 if self.qt else ''}</span>{_e(name)}</li>"
                    )
            known = set(labels.LABELS)
            for label in sorted(used - known):
                entity_items.append(f"<li>{_e(labels.display_name(label))}</li>")
        if not items and not entity_items:
            return ""
        out = ['<section class="legend"><h2>Legend</h2>']
        if items:
            out.append(f"<p>Highlights:</p><ul>{''.join(items)}</ul>")
        if entity_items:
            out.append(f"<p>Named entities (underlined):</p><ul>{''.join(entity_items)}</ul>")
        out.append("</section>")
        return "\n".join(out)

    def article_html(self, heading: str = "h1") -> str:
        anchor = f' id="{self.prefix}article"' if self.prefix else ""
        return "\n".join(
            [f"<article{anchor}>", self.header(heading), self.text(), self.legend(), "</article>"]
        )


def _covers(highlight: Highlight, run: Run) -> bool:
    return highlight.start <= run.start and highlight.end >= run.end


def _multiline_keep(text: str) -> str:
    """A piece of a paragraph, escaped, its single line breaks kept as <br />."""
    return "<br />".join(_e(line) for line in text.split("\n"))


def _page(title: str, body: str, options: ExportOptions, qt: bool) -> str:
    body_class = "margin-notes" if options.notes is NoteStyle.INLINE else "numbered-notes"
    head = [
        "<!DOCTYPE html>",
        "<html>",
        "<head>",
        '<meta charset="utf-8" />',
    ]
    if not qt:
        head += [
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}" />',
            '<meta name="viewport" content="width=device-width, initial-scale=1" />',
            '<meta name="generator" content="Reader" />',
        ]
    head += [f"<title>{_e(title)}</title>"]
    if not qt:
        head.append(f"<style>{_stylesheet()}</style>")
    head += ["</head>", f'<body class="{body_class}">', "<main>"]
    foot = [
        f"<footer>Exported from Reader on {_e(readable_date(now_iso()))}.</footer>",
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join([*head, body, *foot]) + "\n"


def render(
    document: ExportDocument, options: ExportOptions = DEFAULT_OPTIONS, *, for_qt: bool = False
) -> str:
    """The page for one article; `for_qt`: the QTextDocument flavour the PDF prints."""
    renderer = _Renderer(document, options, "", for_qt)
    return _page(single_line(document.article.title), renderer.article_html(), options, for_qt)


def render_many(
    documents: Sequence[ExportDocument],
    options: ExportOptions = DEFAULT_OPTIONS,
    *,
    for_qt: bool = False,
) -> str:
    """Several articles on one page, with a table of contents."""
    contents = ['<nav class="contents"><h1>Articles</h1><ol>']
    articles = []
    for index, document in enumerate(documents, start=1):
        prefix = f"a{index}-"
        title = _e(single_line(document.article.title) or "Untitled")
        contents.append(f'<li><a href="#{prefix}article">{title}</a></li>')
        articles.append(_Renderer(document, options, prefix, for_qt).article_html("h1"))
    contents.append("</ol></nav>")
    title = f"{len(documents)} articles"
    return _page(title, "\n".join(["\n".join(contents), *articles]), options, for_qt)
