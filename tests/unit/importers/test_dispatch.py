"""The package's entry points: suffix dispatch, sniffing unknown files, clipboard input."""

from __future__ import annotations

import pytest

from reader.core.model import ArticleDraft
from reader.importers import (
    SUPPORTED_SUFFIXES,
    ImportFailure,
    from_html,
    from_text,
    iter_path,
    load_path,
)
from tests.unit.importers.helpers import DATA, WriteFile, only_draft


def test_supported_suffixes() -> None:
    assert set(SUPPORTED_SUFFIXES) == {
        ".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".json", ".jsonl",
        ".ndjson",
    }  # fmt: skip
    assert all(suffix == suffix.lower() for suffix in SUPPORTED_SUFFIXES)


def test_suffix_case_does_not_matter(write: WriteFile) -> None:
    draft = only_draft(write("NOTES.MD", "# Heading\n\nSome *text*."))
    assert (draft.title, draft.text) == ("Heading", "Some text.")


def test_markdown_suffix_is_not_read_as_plain_text(write: WriteFile) -> None:
    assert only_draft(write("a.markdown", "# Title\n\n**Bold** move.")).text == "Bold move."


@pytest.mark.parametrize("name", ["page", "page.webarchive-ish", "page.php"])
def test_unknown_suffix_sniffs_html(name: str, write: WriteFile) -> None:
    draft = only_draft(write(name, (DATA / "saved_page.html").read_bytes()))
    assert draft.title == "Lighthouse keepers return to Orkney as ferry link reopens"
    assert "Share on Facebook" not in draft.text


def test_unknown_suffix_sniffs_json(write: WriteFile) -> None:
    items = load_path(write("export.dat", '[{"title": "A", "text": "x"}, {"text": "Y\\n\\nz"}]'))
    assert [item.title for item in items if isinstance(item, ArticleDraft)] == ["A", "Y"]


def test_unknown_suffix_sniffs_json_lines(write: WriteFile) -> None:
    items = load_path(write("export", '{"title": "A", "text": "x"}\n{"title": "B", "text": "y"}'))
    assert [item.title for item in items if isinstance(item, ArticleDraft)] == ["A", "B"]


def test_unknown_suffix_text_that_starts_like_json(write: WriteFile) -> None:
    draft = only_draft(write("note", "[Updated] Ferry timetable changes\n\nFrom Monday."))
    assert draft.title == "[Updated] Ferry timetable changes"


def test_unknown_suffix_plain_text(write: WriteFile) -> None:
    draft = only_draft(write("README", "News / World\nHeadline\n\nBody."))
    assert (draft.section, draft.title, draft.text) == ("News / World", "Headline", "Body.")


def test_load_path_is_iter_path_listed(write: WriteFile) -> None:
    path = write("two.jsonl", '{"title": "A", "text": "x"}\n{"title": "B", "text": "y"}\n')
    assert load_path(path) == list(iter_path(path))


def test_from_text_for_the_clipboard() -> None:
    draft = from_text("World | Europe\nTalks stall\nBy Jane Smith\n\nGENEVA - Text.")
    assert draft == ArticleDraft(
        title="Talks stall", text="GENEVA - Text.", section="World | Europe", byline="Jane Smith"
    )


def test_from_text_rejects_nothing() -> None:
    with pytest.raises(ImportFailure, match="no text found"):
        from_text(" \n ")


def test_from_html_fragment_keeps_everything_selected() -> None:
    fragment = (
        '<meta charset="utf-8"><h1>Short note</h1><p>First <b>bold</b> line.</p>'
        "<ul><li>one</li><li>two</li></ul>"
    )
    draft = from_html(fragment, url="https://example.org/note")
    assert draft.title == "Short note"
    assert draft.text == "First bold line.\n\n• one\n• two"
    assert draft.source_url == "https://example.org/note"
    assert draft.site == "example.org"


def test_from_html_windows_clipboard_format() -> None:
    html = (
        "<html><body>\n<!--StartFragment--><p>Selected words from a page.</p>"
        "<!--EndFragment-->\n</body></html>"
    )
    draft = from_html(html)
    assert (draft.title, draft.text) == (
        "Selected words from a page.",
        "Selected words from a page.",
    )


def test_very_long_titles_are_shortened(write: WriteFile) -> None:
    title = "Word " * 100
    draft = only_draft(write("a.json", f'{{"title": "{title}", "text": "Body."}}'))
    assert len(draft.title) <= 200
    assert draft.title.endswith("…")
