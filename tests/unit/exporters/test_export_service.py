"""ExportService: one file per article in a folder, or one combined file; never
overwriting silently, never writing outside the folder, reporting what it skipped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.model import ArticleDraft
from reader.exporters.document import ExportFormat, ExportOptions
from reader.services.export import (
    ExportError,
    ExportRequest,
    ExportService,
    TargetExistsError,
)
from reader.services.library import Library
from tests.unit.exporters.conftest import Annotated


def add_article(library: Library, title: str, text: str, tags: tuple[str, ...] = ()) -> int:
    (outcome,) = library.import_drafts([ArticleDraft(title=title, text=text, tags=tags)], "t")
    assert outcome.id is not None
    return outcome.id


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_one_file_per_article_with_unique_safe_names(library: Library, tmp_path: Path) -> None:
    ids = (
        add_article(library, "../../escape", "First text."),
        add_article(library, "../../escape", "Second text."),
        add_article(library, "CON", "Third text."),
        add_article(library, "x" * 400, "Fourth text."),
    )
    folder = tmp_path / "notes"
    (tmp_path / "notes").mkdir()
    (folder / "escape.md").write_text("the user's own file")
    report = ExportService(library).export(
        ExportRequest(ids, ExportFormat.MARKDOWN, folder, ExportOptions())
    )
    assert report.skipped == [] and len(report.written) == 4
    names = files(folder)
    assert "escape (2).md" in names and "escape (3).md" in names and "_CON.md" in names
    assert (folder / "escape.md").read_text() == "the user's own file"
    assert all(p.parent == folder for p in report.written)
    assert not list(tmp_path.glob("*.md")) and not list(tmp_path.parent.glob("escape*"))
    assert max(len(n) for n in names) <= 123
    assert not [n for n in names if n.startswith(".reader-export-")]  # no temporary left


def test_single_file_refused_when_it_exists_unless_overwrite(
    annotated: Annotated, tmp_path: Path
) -> None:
    target = tmp_path / "mine.html"
    target.write_text("keep me")
    service = ExportService(annotated.library)
    request = ExportRequest((annotated.article_id,), ExportFormat.HTML, target)
    with pytest.raises(TargetExistsError):
        service.export(request)
    assert target.read_text() == "keep me"
    forced = ExportRequest((annotated.article_id,), ExportFormat.HTML, target, overwrite=True)
    assert service.export(forced).written == [target]
    assert "<!DOCTYPE html>" in target.read_text(encoding="utf-8")
    assert not [n for n in files(tmp_path) if n.startswith(".reader-export-")]


def test_single_article_into_a_folder_takes_its_title(annotated: Annotated, out: Path) -> None:
    service = ExportService(annotated.library)
    request = ExportRequest((annotated.article_id,), ExportFormat.MARKDOWN, out)
    first = service.export(request).written[0]
    second = service.export(request).written[0]
    assert first.name == "Sea levels faster rise at b Rotterdam b & beyond part 1.md"
    assert second.name == "Sea levels faster rise at b Rotterdam b & beyond part 1 (2).md"


def test_csv_and_json_of_many_articles_are_one_file(annotated: Annotated, out: Path) -> None:
    other = add_article(annotated.library, "Other", "Other words.")
    service = ExportService(annotated.library)
    ids = (annotated.article_id, other)
    report = service.export(ExportRequest(ids, ExportFormat.CSV, out, name="Reader export x"))
    assert [p.name for p in report.written] == ["Reader export x.csv"]
    raw = report.written[0].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfHighlight,Title,Author,URL,Note,Location,Date\r\n")
    report = service.export(ExportRequest(ids, ExportFormat.JSON, out / "all.jsonld"))
    data = json.loads(report.written[0].read_text(encoding="utf-8"))
    assert data["total"] == 6


def test_combined_markdown_and_pdf(annotated: Annotated, out: Path) -> None:
    other = add_article(annotated.library, "Other", "Other words.")
    service = ExportService(annotated.library)
    ids = (annotated.article_id, other)
    md = service.export(
        ExportRequest(ids, ExportFormat.MARKDOWN, out / "both.md", combined=True)
    ).written
    assert md == [out / "both.md"]
    assert "## Other" in md[0].read_text(encoding="utf-8")
    pdf = service.export(ExportRequest(ids, ExportFormat.PDF, out / "pdfs")).written
    assert len(pdf) == 2 and all(p.read_bytes().startswith(b"%PDF") for p in pdf)


def test_missing_articles_are_skipped_and_reported(annotated: Annotated, out: Path) -> None:
    service = ExportService(annotated.library)
    report = service.export(
        ExportRequest((annotated.article_id, 999), ExportFormat.HTML, out / "folder")
    )
    assert len(report.written) == 1 and report.skipped == [(999, "no article with id 999")]
    with pytest.raises(ExportError, match="no article with id 998"):
        service.export(ExportRequest((998,), ExportFormat.HTML, out / "x.html"))
    assert not (out / "x.html").exists()


def test_progress_and_cancel(library: Library, out: Path) -> None:
    ids = tuple(add_article(library, f"Article {n}", f"Text number {n}.") for n in range(5))
    seen: list[tuple[int, int]] = []
    report = ExportService(library).export(
        ExportRequest(ids, ExportFormat.MARKDOWN, out),
        progress=lambda done, total: seen.append((done, total)),
        cancelled=lambda: len(seen) >= 2,
    )
    assert report.cancelled and len(report.written) == 2
    assert seen == [(1, 5), (2, 5)]
    assert len(files(out)) == 2


def test_tagged_articles(annotated: Annotated) -> None:
    other = add_article(annotated.library, "Other", "Other words.", tags=("sea level",))
    add_article(annotated.library, "Unrelated", "Unrelated words.")
    ids = ExportService(annotated.library).ids_with_tag("sea level")
    assert sorted(ids) == sorted([annotated.article_id, other])


def test_a_file_named_as_the_folder_is_refused(annotated: Annotated, out: Path) -> None:
    other = add_article(annotated.library, "Other", "Other words.")
    (out / "taken").write_text("a file")
    with pytest.raises(ExportError, match="is a file"):
        ExportService(annotated.library).export(
            ExportRequest((annotated.article_id, other), ExportFormat.HTML, out / "taken")
        )
