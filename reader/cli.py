"""reader-cli: the library from the command line, for scripts and batch jobs.

Contract (see DESIGN.md): ``--json`` writes machine output to stdout, messages go to
stderr; exit status 0 ok, 1 failure, 2 usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader import __version__
from reader.core.colours import COLOUR_NAMES, DEFAULT_COLOUR
from reader.core.model import Article, ArticleSummary, Highlight, ImportStatus
from reader.paths import library_path
from reader.services.library import Library
from reader.store.db import CorruptLibraryError, LibraryError
from reader.store.query import LibraryQuery, SortKey

if TYPE_CHECKING:
    from reader.services.annotations import AnnotationService
    from reader.store.entities import StoredCorrection

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A failure reported as one line on stderr with exit status 1."""


def summary_json(summary: ArticleSummary) -> dict[str, Any]:
    return {
        "id": summary.id,
        "title": summary.title,
        "source_url": summary.source_url,
        "published": summary.published,
        "tags": list(summary.tags),
        "highlights": summary.highlight_count,
        "source": summary.source,
        "imported_at": summary.imported_at,
        "word_count": summary.word_count,
    }


def article_json(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "section": article.section,
        "byline": article.byline,
        "source_url": article.source_url,
        "published": article.published,
        "text": article.text,
        "tags": list(article.tags),
        "note": article.note,
        "site": article.site,
        "imported_at": article.imported_at,
        "word_count": article.word_count,
        "is_read": article.is_read,
    }


def highlight_json(highlight: Highlight) -> dict[str, Any]:
    """As a backup stores a highlight, plus the article it belongs to."""
    from reader.exporters.backup import highlight_json as stored_highlight

    return {**stored_highlight(highlight), "article_id": highlight.article_id}


def emit_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def message(text: str) -> None:
    print(text, file=sys.stderr)


def _print_summaries(summaries: Sequence[ArticleSummary], as_json: bool) -> None:
    if as_json:
        emit_json([summary_json(s) for s in summaries])
        return
    for s in summaries:
        tags = f"  [{', '.join(s.tags)}]" if s.tags else ""
        date = s.published[:10] or s.imported_at[:10]
        print(f"{s.id:>6}  {date:<10}  {s.title}{tags}")
    message(f"{len(summaries)} article(s)")


def _require(library: Library, article_id: int) -> Article:
    article = library.get(article_id)
    if article is None:
        raise CliError(f"no article with id {article_id}")
    return article


# --- commands ------------------------------------------------------------------------------


def cmd_import(library: Library, args: argparse.Namespace) -> int:
    outcomes = []
    for outcome in library.import_paths(Path(p) for p in args.paths):
        outcomes.append(outcome)
        if not args.json:
            if outcome.status is ImportStatus.ERROR:
                message(f"error: {outcome.path}: {outcome.error}")
            else:
                print(f"{outcome.status}: {outcome.id}  {outcome.title}  ({outcome.path})")
    new_ids = [o.id for o in outcomes if o.status is ImportStatus.IMPORTED and o.id is not None]
    new_ids = _not_analysed(library, new_ids)  # a restored backup brings its entities
    if new_ids and not args.no_analyze:
        _analyze(library, new_ids)
    if args.json:
        emit_json([o.to_json() for o in outcomes])
    failed = sum(1 for o in outcomes if o.status is ImportStatus.ERROR)
    imported = sum(1 for o in outcomes if o.status is ImportStatus.IMPORTED)
    merged = sum(1 for o in outcomes if o.merged)
    message(
        f"{imported} imported, {len(outcomes) - imported - failed} duplicate, {failed} failed"
        + (f" ({merged} duplicate(s) merged from a backup)" if merged else "")
    )
    return EXIT_FAILURE if failed else EXIT_OK


def _not_analysed(library: Library, ids: Sequence[int]) -> list[int]:
    from reader.store.entities import EntityStore

    store = EntityStore(library.conn)
    return [article_id for article_id in ids if not store.is_analysed(article_id)]


def cmd_list(library: Library, args: argparse.Namespace) -> int:
    query = LibraryQuery(
        search=args.search or "",
        tag=args.tag or "",
        entity=args.entity or "",
        sort=SortKey.RELEVANCE if args.search else SortKey.IMPORTED,
    )
    _print_summaries(library.list(query), args.json)
    return EXIT_OK


def cmd_search(library: Library, args: argparse.Namespace) -> int:
    _print_summaries(library.search(args.query), args.json)
    return EXIT_OK


def cmd_show(library: Library, args: argparse.Namespace) -> int:
    article = _require(library, args.id)
    if args.json:
        emit_json(article_json(article))
        return EXIT_OK
    print(article.title)
    for line in (article.byline, article.published, article.source_url):
        if line:
            print(line)
    if article.tags:
        print("Tags: " + ", ".join(article.tags))
    print()
    print(article.text)
    if article.note:
        print("\nNote:\n" + article.note)
    return EXIT_OK


def cmd_delete(library: Library, args: argparse.Namespace) -> int:
    for article_id in args.ids:
        if not library.delete(article_id):
            raise CliError(f"no article with id {article_id}")
        message(f"deleted {article_id}")
    return EXIT_OK


def cmd_tag(library: Library, args: argparse.Namespace) -> int:
    _require(library, args.id)
    if args.remove:
        library.tags.remove_from_article(args.id, args.tags)
    else:
        library.tags.add_to_article(args.id, args.tags)
    tags = library.tags.for_article(args.id)
    if args.json:
        emit_json({"id": args.id, "tags": tags})
    else:
        print(", ".join(tags))
    return EXIT_OK


def cmd_note(library: Library, args: argparse.Namespace) -> int:
    _require(library, args.id)
    _annotations(library).set_article_note(args.id, args.text)
    if args.json:
        emit_json({"id": args.id, "note": args.text})
    return EXIT_OK


def _annotations(library: Library) -> AnnotationService:
    from reader.services.annotations import AnnotationService

    return AnnotationService(library)


def _print_highlight(h: Highlight) -> None:
    where = "orphaned" if h.orphaned else f"{h.start}-{h.end}"
    tags = f"  [{', '.join(h.tags)}]" if h.tags else ""
    quote = " ".join(h.exact.split())
    if len(quote) > 70:
        quote = quote[:67] + "..."
    print(f"{h.id}  {where:<13} {h.color:<7} “{quote}”{tags}")
    for line in h.note.splitlines():
        print(f"    {line}")


def cmd_highlight(library: Library, args: argparse.Namespace) -> int:
    from reader.services.annotations import AnnotationError

    _require(library, args.id)
    service = _annotations(library)
    try:
        start, end = service.find_quote(args.id, args.quote, args.occurrence)
        highlight = service.add_highlight(
            args.id, start, end, color=args.color, note=args.note, tags=args.tag or ()
        )
    except AnnotationError as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        emit_json(highlight_json(highlight))
    else:
        _print_highlight(highlight)
    return EXIT_OK


def cmd_highlights(library: Library, args: argparse.Namespace) -> int:
    _require(library, args.id)
    highlights = _annotations(library).highlights(args.id)
    if args.json:
        emit_json([highlight_json(h) for h in highlights])
        return EXIT_OK
    for h in highlights:
        _print_highlight(h)
    message(f"{len(highlights)} highlight(s)")
    return EXIT_OK


def cmd_tags(library: Library, args: argparse.Namespace) -> int:
    stats = _annotations(library).tag_stats()
    if args.json:
        emit_json(
            [
                {
                    "name": s.name,
                    "articles": s.listed,
                    "tagged_articles": s.articles,
                    "highlights": s.highlights,
                }
                for s in stats
            ]
        )
        return EXIT_OK
    for s in stats:
        print(
            f"{s.listed:>6}  {s.name}" + (f"  ({s.highlights} highlights)" if s.highlights else "")
        )
    message(f"{len(stats)} tag(s)")
    return EXIT_OK


def cmd_edit_text(library: Library, args: argparse.Namespace) -> int:
    from reader.services.annotations import AnnotationError

    _require(library, args.id)
    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"cannot read {args.file}: {exc}") from exc
    try:
        report = _annotations(library).edit_text(args.id, text)
    except AnnotationError as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        emit_json(
            {
                "id": args.id,
                "changed": report.changed,
                "unchanged": report.unchanged,
                "moved": report.moved,
                "orphaned": report.orphaned,
                "newly_orphaned": report.newly_orphaned,
                "recovered": report.recovered,
                "highlights": [highlight_json(h) for h in report.highlights],
                "corrections": {
                    "moved": report.corrections.moved,
                    "orphaned": report.corrections.orphaned,
                    "newly_orphaned": report.corrections.newly_orphaned,
                    "recovered": report.corrections.recovered,
                },
            }
        )
    else:
        message(report.summary())
    return EXIT_OK


def _analyze(library: Library, ids: Sequence[int]) -> int:
    from reader.nlp.recognizer import ModelUnavailable
    from reader.services.entities import EntityService

    service = EntityService(library)
    try:
        count = service.analyze(ids)
    except ModelUnavailable as exc:
        raise CliError(str(exc)) from exc
    message(f"entities found in {count} article(s)")
    return count


def cmd_analyze(library: Library, args: argparse.Namespace) -> int:
    from reader.services.entities import EntityService

    if args.all:
        ids = EntityService(library).pending()
    elif args.ids:
        for article_id in args.ids:
            _require(library, article_id)
        ids = list(args.ids)
    else:
        raise CliError("name article ids, or --all for every article that needs it")
    _analyze(library, ids)
    if args.json:
        emit_json({"analyzed": ids})
    return EXIT_OK


def cmd_entities(library: Library, args: argparse.Namespace) -> int:
    from reader.services.entities import EntityService

    _require(library, args.id)
    service = EntityService(library)
    if not service.store.is_analysed(args.id) or args.refresh:
        _analyze(library, [args.id])
    spans = service.spans(args.id)
    orphans = service.orphans(args.id)
    if args.json:
        # The contract's list is the entities of the text `show` gives; the corrections
        # that no longer apply have no place in it, so they come only when asked for.
        marked = {"orphaned": False} if args.orphaned else {}
        emit_json(
            [
                {
                    "start": s.start,
                    "end": s.end,
                    "text": s.text,
                    "label": s.label,
                    "source": str(s.source),
                    **marked,
                }
                for s in spans
            ]
            + [_orphan_json(c) for c in orphans if args.orphaned]
        )
        if orphans and not args.orphaned:
            message(f"{len(orphans)} correction(s) no longer apply (--orphaned lists them)")
    else:
        for s in spans:
            print(f"{s.start:>7} {s.end:>7}  {s.label:<12} {s.text}")
        _print_orphans(orphans)
    return EXIT_OK


def _orphan_json(correction: StoredCorrection) -> dict[str, Any]:
    """A correction whose words an edit removed: no place in the text (start and end
    null), its words, label ("" = not an entity) and context in the text it was made on."""
    return {
        "start": None,
        "end": None,
        "text": correction.span.text,
        "label": correction.span.label,
        "source": "user",
        "orphaned": True,
        "correction_id": correction.id,
        "prefix": correction.prefix,
        "suffix": correction.suffix,
    }


def _print_orphans(orphans: Sequence[StoredCorrection]) -> None:
    """After the entities, marked "orphaned" where the offsets would be; label "-" for a
    "not an entity" correction; the context is from the text it was made on."""
    from reader.services.correction_text import context

    if orphans:
        message(f"{len(orphans)} correction(s) no longer apply: their words are not in the text")
    for c in orphans:
        print(f"{'orphaned':>15}  {c.span.label or '-':<12} {c.span.text}  ({context(c)})")


def _backup_keep() -> int:
    """The user's "backups to keep" preference (QSettings lives behind reader.settings)."""
    from reader.settings import Settings

    return Settings().backup_count


def _restore(library: Library, backup: Path) -> int:
    """The backup's content into the library, after a safety backup of the library."""
    from reader.store.backup import create_backup, prune, restore_into

    if library.readonly:
        raise CliError("the library is read-only: it cannot be restored")
    if not backup.is_file():
        raise CliError(f"no backup file {backup}")
    safety = create_backup(library.path, reason="before-restore", keep=None)
    restore_into(backup, library.path)
    prune(library.path, _backup_keep())
    message(f"restored {backup}; the library as it was is in {safety}")
    return EXIT_OK


def cmd_backup(library: Library, args: argparse.Namespace) -> int:
    from reader.store.backup import BackupError, create_backup, list_backups

    if args.restore:
        return _restore(library, Path(args.restore))
    if not args.list:
        try:
            made = create_backup(library.path, reason=args.reason, keep=_backup_keep())
        except BackupError as exc:
            raise CliError(str(exc)) from exc
        message(f"backed up to {made}")
    infos = list_backups(library.path)
    if args.json:
        emit_json(
            [
                {
                    "path": str(i.path),
                    "created": i.created.isoformat(),
                    "reason": i.reason,
                    "size": i.size,
                    "articles": i.articles,
                }
                for i in infos
            ]
        )
    elif args.list:
        for i in infos:
            count = "unreadable" if i.articles is None else f"{i.articles} articles"
            print(f"{i.created:%Y-%m-%d %H:%M:%S}  {count:>14}  {i.reason or '-':<24} {i.path}")
        message(f"{len(infos)} backup(s)")
    return EXIT_OK


def cmd_export(library: Library, args: argparse.Namespace) -> int:
    """Export articles (IDs and/or --tag) with their annotations in one format."""
    if args.format == "backup":
        return export_backup(library, args)
    from reader.exporters.document import (
        ExportFormat,
        ExportOptions,
        HighlightStyle,
        NoteStyle,
        PageSize,
    )
    from reader.services.export import (
        ExportError,
        ExportRequest,
        ExportService,
        TargetExistsError,
    )

    service = ExportService(library)
    ids = _export_ids(library, args)
    if not ids:
        raise CliError("name article ids, or --tag TAG")
    style = HighlightStyle.BOLD if args.bold else HighlightStyle.MARK
    if args.html_marks:
        style = HighlightStyle.HTML
    options = ExportOptions(
        highlight_style=style,
        notes=NoteStyle(args.notes),
        highlights_only=args.highlights_only,
        entities=args.entities,
        page_size=PageSize(args.page_size),
    )
    request = ExportRequest(
        tuple(ids),
        ExportFormat(args.format),
        Path(args.output),
        options,
        combined=args.combined,
        overwrite=args.force,
        name=f"Reader export {args.tag}" if args.tag else "",
    )
    if args.output.endswith(("/", os.sep)):
        Path(args.output).mkdir(parents=True, exist_ok=True)
    try:
        report = service.export(request)
    except TargetExistsError as exc:
        raise CliError(f"{exc.path} already exists: add --force to replace it") from exc
    except ExportError as exc:
        raise CliError(str(exc)) from exc
    for article_id, reason in report.skipped:
        message(f"skipped {article_id}: {reason}")
    if args.json:
        emit_json(report.to_json())
    else:
        for path in report.written:
            print(path)
    message(report.summary())
    return EXIT_OK if report.written else EXIT_FAILURE


def _export_ids(library: Library, args: argparse.Namespace) -> list[int]:
    """The IDs named (each must exist), then those with --tag, each once, in that order."""
    from reader.services.export import ExportService

    ids = list(dict.fromkeys(args.ids))
    for article_id in ids:
        _require(library, article_id)
    if args.tag:
        tagged = ExportService(library).ids_with_tag(args.tag)
        if not tagged:
            raise CliError(f"no article has the tag “{args.tag}”")
        ids.extend(i for i in tagged if i not in ids)
    return ids


def export_backup(library: Library, args: argparse.Namespace) -> int:
    """`export --format backup`: the named articles (IDs and/or --tag), or without them the
    whole library, in one JSON file that `reader-cli import` restores."""
    from datetime import date

    from reader.services.restore import BackupWriteError
    from reader.services.restore import export_backup as write_backup

    ids = _export_ids(library, args) if args.ids or args.tag else None
    target = Path(args.output)
    if target.is_dir() or args.output.endswith(("/", os.sep)):
        target.mkdir(parents=True, exist_ok=True)
        target = target / f"reader-backup-{date.today().isoformat()}.json"
    if target.exists() and not args.force:
        raise CliError(f"{target} already exists: add --force to replace it")
    try:
        report = write_backup(library, ids, target)
    except BackupWriteError as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        emit_json({"written": [str(report.path)], "skipped": [], "cancelled": False})
    else:
        print(report.path)
    message(f"backed up {report.articles:,} article(s) to {report.path}")
    return EXIT_OK


Command = Callable[[Library, argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader-cli", description="Reader's library from the command line."
    )
    parser.add_argument("--db", help="library file (default: READER_DB or the user data folder)")
    parser.add_argument("--version", action="version", version=f"reader-cli {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Command, help_text: str) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.add_argument("--json", action="store_true", help="machine-readable output")
        command.set_defaults(handler=handler)
        return command

    p = add(
        "import",
        cmd_import,
        "import articles from files (txt, md, html, json, jsonl), or restore a Reader backup",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--no-analyze", action="store_true", help="skip entity recognition")
    p = add("list", cmd_list, "list articles, newest first")
    p.add_argument("--tag", help="only articles with this tag")
    p.add_argument("--entity", help="only articles mentioning this entity")
    p.add_argument("--search", help="only articles matching this search")
    p = add("search", cmd_search, "search titles, text, notes and highlights, best match first")
    p.add_argument("query")
    p = add("show", cmd_show, "show one article")
    p.add_argument("id", type=int)
    p = add("delete", cmd_delete, "delete articles and their annotations")
    p.add_argument("ids", type=int, nargs="+", metavar="ID")
    p = add("tag", cmd_tag, "add tags to an article (or --remove them)")
    p.add_argument("id", type=int)
    p.add_argument("tags", nargs="+", metavar="TAG")
    p.add_argument("--remove", action="store_true", help="remove these tags instead")
    p = add("note", cmd_note, "set the article's note (empty text clears it)")
    p.add_argument("id", type=int)
    p.add_argument("text")
    p = add("highlight", cmd_highlight, "highlight a quote of an article's text")
    p.add_argument("id", type=int)
    p.add_argument("--quote", required=True, help="the exact text to highlight")
    p.add_argument(
        "--occurrence", type=int, default=1, metavar="N", help="the N-th time it occurs (from 1)"
    )
    p.add_argument("--color", default=DEFAULT_COLOUR, choices=COLOUR_NAMES)
    p.add_argument("--note", default="", help="a note on the highlight")
    p.add_argument("--tag", action="append", metavar="TAG", help="a tag (repeat for more)")
    p = add("highlights", cmd_highlights, "list an article's highlights in reading order")
    p.add_argument("id", type=int)
    add("tags", cmd_tags, "list the tags with the number of articles listed for each")
    p = add("edit-text", cmd_edit_text, "replace an article's text; highlights follow it")
    p.add_argument("id", type=int)
    p.add_argument("--file", required=True, metavar="PATH", help="the new text (UTF-8)")
    p = add("analyze", cmd_analyze, "find named entities now (IDs, or --all that need it)")
    p.add_argument("ids", type=int, nargs="*", metavar="ID")
    p.add_argument("--all", action="store_true", help="every article not analysed yet")
    p = add(
        "entities",
        cmd_entities,
        "list an article's named entities (and its corrections that no longer apply)",
    )
    p.add_argument("id", type=int)
    p.add_argument("--refresh", action="store_true", help="run the model again first")
    p.add_argument(
        "--orphaned",
        action="store_true",
        help='with --json, also the corrections that no longer apply ("orphaned": true,'
        " start and end null; the text output always lists them)",
    )
    p = add("backup", cmd_backup, "back up the library into its backups folder (or --list)")
    p.add_argument("--list", action="store_true", help="list the backups instead, newest first")
    p.add_argument("--reason", default="manual", help="a word in the backup's name")
    p.add_argument(
        "--restore", metavar="PATH", help="replace the library with this backup (backed up first)"
    )
    p = add("export", cmd_export, "export articles with their highlights, notes and tags")
    p.add_argument("ids", type=int, nargs="*", metavar="ID")
    p.add_argument("--tag", help="every article with this tag")
    p.add_argument(
        "--format", required=True, choices=("md", "html", "pdf", "json", "csv", "backup")
    )
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="PATH",
        help="the file, or a folder (one file per article when several are exported)",
    )
    p.add_argument("--combined", action="store_true", help="several articles in one file")
    p.add_argument("--force", action="store_true", help="replace files that exist")
    p.add_argument("--bold", action="store_true", help="Markdown: **bold** highlights")
    p.add_argument("--html-marks", action="store_true", help="Markdown: coloured <mark> tags")
    p.add_argument(
        "--highlights-only", action="store_true", help="Markdown: the highlights, not the text"
    )
    p.add_argument("--notes", choices=("inline", "numbered"), default="inline")
    p.add_argument("--entities", action="store_true", help="HTML/PDF: mark named entities")
    p.add_argument("--page-size", choices=("a4", "letter"), default="a4")
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    unreadable = _undecodable_argument(args)
    if unreadable is not None:
        message(f"reader-cli: {unreadable}: not valid UTF-8 text (check the terminal's encoding)")
        return EXIT_USAGE
    path = library_path(args.db, _configured_library(args.db))
    try:
        library = Library.open(path)
    except CorruptLibraryError as exc:
        from reader.store.backup import damaged_hint

        message(f"reader-cli: {exc}{damaged_hint(path)}")
        return EXIT_FAILURE
    except LibraryError as exc:
        message(f"reader-cli: {exc}")
        return EXIT_FAILURE
    try:
        handler: Command = args.handler
        return handler(library, args)
    except CliError as exc:
        message(f"reader-cli: {exc}")
        return EXIT_FAILURE
    except LibraryError as exc:
        message(f"reader-cli: {exc}")
        return EXIT_FAILURE
    except sqlite3.Error as exc:
        message(f"reader-cli: the library could not be updated ({exc}); nothing was changed")
        return EXIT_FAILURE
    except BrokenPipeError:
        return EXIT_OK
    finally:
        library.close()


_FILE_ARGUMENTS = ("db", "paths", "file")  # file names may be any bytes; text may not


def _undecodable_argument(args: argparse.Namespace) -> str | None:
    """The first text argument holding bytes that are not UTF-8 (Python passes them on as
    lone surrogates, which SQLite and JSON cannot store), shown with the bad bytes
    escaped; None when every one is valid text."""
    for name, value in vars(args).items():
        if name in _FILE_ARGUMENTS:
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and any("\ud800" <= c <= "\udfff" for c in item):
                shown = item.encode("utf-8", "backslashreplace").decode("utf-8")
                return f"“{shown}”"
    return None


def main() -> None:
    sys.exit(run())


def _configured_library(cli_value: str | None) -> str | None:
    """The library the app was told to use (Preferences › Move…), read only when --db and
    READER_DB do not decide: the settings module brings in Qt."""
    import os

    from reader.paths import DB_ENV

    if cli_value or os.environ.get(DB_ENV, "").strip():
        return None
    from reader.settings import Settings

    return Settings().library_file or None
