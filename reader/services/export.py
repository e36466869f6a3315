"""Exporting articles with their annotations, for reader-cli and the GUI's export job.

`ExportService.export` gathers an ExportDocument per article (text, highlights in
reading order with their notes and tags, the article's note and tags, and the
effective entities when the HTML/PDF legend is wanted), renders the chosen format and
writes either one file per article into a folder or one combined file.

Files are never silently replaced: in a folder each article gets a unique name
("Title (2).md"); a single target file that exists is refused unless `overwrite`.
Every file is written to a temporary name in the same folder first and moved into
place, so a failed export leaves no half-written file and no file lands outside the
folder the user chose (names come from `filenames.safe_name`).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reader.exporters.document import (
    DEFAULT_OPTIONS,
    ExportDocument,
    ExportFormat,
    ExportOptions,
)
from reader.exporters.filenames import is_inside, safe_name, safe_stem, unique_path
from reader.services.library import Library
from reader.store.query import LibraryQuery

if TYPE_CHECKING:
    from reader.services.jobs import JobContext

ProgressCallback = Callable[[int, int], None]  # (articles done, articles total)
CancelCheck = Callable[[], bool]


class ExportError(Exception):
    """An export that cannot be done as asked; the message is meant for the user."""


class TargetExistsError(ExportError):
    """The file to write exists and replacing it was not allowed."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists; nothing was written")
        self.path = path


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """What to export and where.

    `destination`: a folder for one file per article; for one article or a combined
    file, the file itself, or an existing folder to put it in under a name made from
    the title. CSV and Web Annotation exports of several articles are always one file.
    """

    article_ids: tuple[int, ...]
    format: ExportFormat
    destination: Path
    options: ExportOptions = DEFAULT_OPTIONS
    combined: bool = False
    overwrite: bool = False
    name: str = ""  # a name for a combined file put in a folder ("" = from the date)

    @property
    def single_file(self) -> bool:
        return len(self.article_ids) <= 1 or self.combined or self.format.combines_naturally


@dataclass(slots=True)
class ExportReport:
    written: list[Path] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (article id, why)
    cancelled: bool = False

    def summary(self) -> str:
        parts = [f"{len(self.written)} file(s) written"]
        if self.skipped:
            parts.append(f"{len(self.skipped)} article(s) skipped")
        if self.cancelled:
            parts.append("cancelled")
        return ", ".join(parts) + "."

    def to_json(self) -> dict[str, object]:
        return {
            "written": [str(p) for p in self.written],
            "skipped": [{"id": i, "reason": why} for i, why in self.skipped],
            "cancelled": self.cancelled,
        }


class ExportService:
    def __init__(self, library: Library) -> None:
        self.library = library

    # --- gathering -----------------------------------------------------------------------

    def ids_with_tag(self, tag: str) -> list[int]:
        """Every article the library lists under `tag` (tagged itself or through a
        highlight), oldest first so that exports read in import order."""
        return [s.id for s in reversed(self.library.list(LibraryQuery(tag=tag)))]

    def document(self, article_id: int, with_entities: bool = False) -> ExportDocument | None:
        from reader.services.annotations import AnnotationService

        article = self.library.get(article_id)
        if article is None:
            return None
        highlights = AnnotationService(self.library).highlights(article_id)
        entities: tuple = ()
        if with_entities:
            from reader.store.entities import EntityStore

            store = EntityStore(self.library.conn)
            if not store.is_stale(article_id):
                entities = tuple(store.spans(article_id))
        return ExportDocument(article, tuple(highlights), entities)

    # --- writing -------------------------------------------------------------------------

    def export(
        self,
        request: ExportRequest,
        *,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> ExportReport:
        """Export as asked. Raises ExportError when nothing can be written (no such
        article, the target exists, the folder cannot be made)."""
        if not request.article_ids:
            raise ExportError("no articles to export")
        if request.format is ExportFormat.BACKUP:
            return self._export_backup(request, progress, cancelled)
        if request.single_file:
            return self._export_one_file(request, progress, cancelled)
        return self._export_folder(request, progress, cancelled)

    def _export_backup(
        self,
        request: ExportRequest,
        progress: ProgressCallback | None,
        cancelled: CancelCheck | None,
    ) -> ExportReport:
        """Reader's own full backup of these articles, always one file."""
        from reader.services.restore import BackupWriteError, export_backup

        found = [i for i in request.article_ids if self.library.get(i) is not None]
        report = ExportReport(
            skipped=[(i, f"no article with id {i}") for i in request.article_ids if i not in found]
        )
        if not found:
            raise ExportError(_none_found(report))
        target = self._single_target(request, None)
        try:
            written = export_backup(self.library, found, target, progress, cancelled)
        except BackupWriteError as exc:
            raise ExportError(str(exc)) from exc
        if written.cancelled:
            report.cancelled = True
        else:
            report.written.append(written.path)
        return report

    def _with_entities(self, request: ExportRequest) -> bool:
        return request.options.entities and request.format in (ExportFormat.HTML, ExportFormat.PDF)

    def _export_one_file(
        self,
        request: ExportRequest,
        progress: ProgressCallback | None,
        cancelled: CancelCheck | None,
    ) -> ExportReport:
        report = ExportReport()
        documents: list[ExportDocument] = []
        total = len(request.article_ids)
        for index, article_id in enumerate(request.article_ids):
            if cancelled is not None and cancelled():
                report.cancelled = True
                return report
            document = self.document(article_id, self._with_entities(request))
            if document is None:
                report.skipped.append((article_id, f"no article with id {article_id}"))
            else:
                documents.append(document)
            if progress is not None:
                progress(index + 1, total)
        if not documents:
            raise ExportError(_none_found(report))
        title = documents[0].article.title if len(documents) == 1 else None
        target = self._single_target(request, title)
        content = render(request.format, documents, request.options)
        try:
            _write(target, content, request.format, documents, request.options, request.overwrite)
        except FileExistsError:
            raise TargetExistsError(target) from None
        except OSError as exc:
            raise ExportError(f"cannot write {target}: {exc}") from exc
        report.written.append(target)
        return report

    def _single_target(self, request: ExportRequest, title: str | None) -> Path:
        """The one file to write: named after the article (`title`) or the export when
        the destination is a folder, never over an existing file unless asked."""
        destination = request.destination.expanduser()
        extension = request.format.extension
        if destination.is_dir():
            if title is not None:
                name = safe_name(title, extension)
            else:
                kind = "Reader backup" if request.format is ExportFormat.BACKUP else "Reader export"
                stem = request.name or f"{kind} {date.today().isoformat()}"
                name = safe_stem(stem, kind) + extension
            target = destination / name
            if target.exists() and not request.overwrite:
                target = unique_path(destination, name)
            return target
        if destination.exists() and not request.overwrite:
            raise TargetExistsError(destination)
        if not destination.suffix:  # "-o notes": a folder to make, not a file without a type
            try:
                destination.mkdir(parents=True)
            except OSError as exc:
                raise ExportError(f"cannot create the folder {destination}: {exc}") from exc
            return self._single_target(request, title)
        if not destination.parent.is_dir():
            raise ExportError(f"the folder {destination.parent} does not exist")
        return destination

    def _export_folder(
        self,
        request: ExportRequest,
        progress: ProgressCallback | None,
        cancelled: CancelCheck | None,
    ) -> ExportReport:
        folder = request.destination.expanduser()
        if folder.exists() and not folder.is_dir():
            raise ExportError(f"{folder} is a file: name a folder for one file per article")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExportError(f"cannot create the folder {folder}: {exc}") from exc
        report = ExportReport()
        taken: set[str] = set()
        total = len(request.article_ids)
        for index, article_id in enumerate(request.article_ids):
            if cancelled is not None and cancelled():
                report.cancelled = True
                break
            document = self.document(article_id, self._with_entities(request))
            if document is None:
                report.skipped.append((article_id, f"no article with id {article_id}"))
            else:
                try:
                    path = self._write_in_folder(folder, document, request, taken)
                except OSError as exc:
                    report.skipped.append((article_id, f"could not be written: {exc}"))
                else:
                    report.written.append(path)
            if progress is not None:
                progress(index + 1, total)
        if not report.written and report.skipped and not report.cancelled:
            raise ExportError(_none_found(report))
        return report

    def _write_in_folder(
        self, folder: Path, document: ExportDocument, request: ExportRequest, taken: set[str]
    ) -> Path:
        name = safe_name(document.article.title, request.format.extension)
        content = render(request.format, [document], request.options)
        for _attempt in range(100):
            if request.overwrite and name.casefold() not in taken:
                target = folder / name
            else:
                target = unique_path(folder, name, taken)
            if not is_inside(folder, target):  # safe_name makes plain names: never happens
                raise OSError(f"{target} is outside {folder}")
            try:
                _write(
                    target, content, request.format, [document], request.options, request.overwrite
                )
            except FileExistsError:
                continue  # another program made that file meanwhile: take the next name
            taken.add(target.name.casefold())
            return target
        raise OSError("no free file name")


def _none_found(report: ExportReport) -> str:
    return "; ".join(why for _, why in report.skipped) or "nothing to export"


def render(
    format: ExportFormat, documents: Sequence[ExportDocument], options: ExportOptions
) -> str | None:
    """The file's text (None for PDF, which is printed straight to its file)."""
    if format is ExportFormat.MARKDOWN:
        from reader.exporters import markdown

        if len(documents) == 1:
            return markdown.render(documents[0], options)
        return markdown.render_many(documents, options)
    if format is ExportFormat.HTML:
        from reader.exporters import html

        if len(documents) == 1:
            return html.render(documents[0], options)
        return html.render_many(documents, options)
    if format is ExportFormat.JSON:
        from reader.exporters import w3c

        return w3c.render(documents)
    if format is ExportFormat.CSV:
        from reader.exporters import readwise_csv

        return readwise_csv.render(documents)
    return None


def _write(
    target: Path,
    content: str | None,
    format: ExportFormat,
    documents: Sequence[ExportDocument],
    options: ExportOptions,
    overwrite: bool,
) -> None:
    """Write to a temporary file beside `target`, then move it into place: replacing
    only when `overwrite`, else FileExistsError if `target` appeared meanwhile."""
    folder = target.parent
    handle, temporary = tempfile.mkstemp(prefix=".reader-export-", suffix=".part", dir=folder)
    os.close(handle)
    scratch = Path(temporary)
    scratch.chmod(0o644)  # mkstemp makes it private; an export is an ordinary file
    try:
        if content is None:
            from reader.exporters import pdf

            pdf.write(documents, scratch, options)
            if scratch.stat().st_size == 0:
                raise OSError(f"the PDF could not be written to {folder}")
        else:
            encoding = "utf-8-sig" if format is ExportFormat.CSV else "utf-8"
            with scratch.open("w", encoding=encoding, newline="") as stream:
                stream.write(content)
        _place(scratch, target, overwrite)
    finally:
        with contextlib.suppress(FileNotFoundError):
            scratch.unlink()


def _place(scratch: Path, target: Path, overwrite: bool) -> None:
    if overwrite:
        os.replace(scratch, target)
        return
    try:
        os.link(scratch, target)  # fails if the target exists: never replaces
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if target.exists():
            raise FileExistsError(target) from None
        os.replace(scratch, target)


def export_job(library_path: Path, request: ExportRequest) -> Callable[[JobContext], ExportReport]:
    """The export as a JobRunner job: its own connection, progress and Cancel."""

    def work(context: JobContext) -> ExportReport:
        library = Library.open(library_path)
        try:
            service = ExportService(library)
            total = len(request.article_ids)
            context.progress(0, total, "Exporting…")
            return service.export(
                request,
                progress=lambda done, all_: context.progress(
                    done, all_, f"Exporting… {done:,} of {all_:,}"
                ),
                cancelled=lambda: context.cancelled,
            )
        finally:
            library.close()

    return work
