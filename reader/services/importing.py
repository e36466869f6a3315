"""Import as a background job: each worker opens its own connection to the library."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from reader.core.model import ArticleDraft, ImportOutcome, ImportStatus
from reader.services.jobs import JobContext
from reader.services.library import Library

SUPPORTED_SUFFIXES = (
    ".txt",
    ".text",
    ".md",
    ".markdown",
    ".html",
    ".htm",
    ".xhtml",
    ".json",
    ".jsonl",
    ".ndjson",
)


def expand_paths(paths: Sequence[Path]) -> list[Path]:
    """Folders dropped on the window are imported file by file (supported types only)."""
    result: list[Path] = []
    for path in paths:
        if path.is_dir():
            result.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                )
            )
        else:
            result.append(path)
    return result


def import_files_job(
    library_path: Path, paths: Sequence[Path]
) -> Callable[[JobContext], list[ImportOutcome]]:
    files = list(paths)

    def work(context: JobContext) -> list[ImportOutcome]:
        library = Library.open(library_path)
        outcomes: list[ImportOutcome] = []
        expanded = expand_paths(files)
        files_done = 0

        def on_file(done: int, _total: int) -> None:
            nonlocal files_done
            files_done = done
            context.progress(done, len(expanded), _progress_text(len(outcomes)))

        try:
            context.progress(0, len(expanded), "Importing…")
            for outcome in library.import_paths(
                expanded, progress=on_file, cancelled=lambda: context.cancelled
            ):
                outcomes.append(outcome)
                if len(outcomes) % 500 == 0:  # one big JSONL file: show articles as they go
                    context.progress(files_done, len(expanded), _progress_text(len(outcomes)))
        finally:
            library.close()
        return outcomes

    return work


def _progress_text(articles: int) -> str:
    return f"Importing… {articles:,} articles" if articles else "Importing…"


def import_drafts_job(
    library_path: Path, make_draft: Callable[[], ArticleDraft], origin: str
) -> Callable[[JobContext], list[ImportOutcome]]:
    """Clipboard import: parsing HTML pulls in trafilatura, so it runs off the UI thread too."""

    def work(context: JobContext) -> list[ImportOutcome]:
        from reader.importers import ImportFailure

        try:
            draft = make_draft()
        except ImportFailure as exc:
            return [ImportOutcome(origin, ImportStatus.ERROR, error=str(exc))]
        library = Library.open(library_path)
        try:
            return library.import_drafts([draft], origin)
        finally:
            library.close()

    return work
