"""JSON and JSON Lines: many articles per file, bad records reported, good ones kept."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from reader.core.model import ArticleDraft
from reader.importers import ImportFailure, RecordFailure, iter_path, jsonfile, load_path
from tests.unit.importers.helpers import DATA, WriteFile


def drafts(items: list[ArticleDraft | RecordFailure]) -> list[ArticleDraft]:
    return [item for item in items if isinstance(item, ArticleDraft)]


def failures(items: list[ArticleDraft | RecordFailure]) -> list[RecordFailure]:
    return [item for item in items if isinstance(item, RecordFailure)]


def test_jsonl_with_a_broken_line_keeps_the_others() -> None:
    items = load_path(DATA / "wire_feed.jsonl")
    good = drafts(items)
    assert [draft.title for draft in good] == [
        "Copper prices climb in London",
        "Kenyan runners sweep Berlin podium",
        "Lisbon approves tram extension",
    ]
    bad = failures(items)
    assert [(failure.position, str(failure)) for failure in bad] == [
        (3, "line 3: not valid JSON (Invalid control character at)"),
        (5, 'line 5: no text (expected a "text", "body" or "content" field)'),
    ]
    assert all(isinstance(failure, ImportFailure) for failure in bad)


def test_jsonl_fields_are_mapped() -> None:
    copper, berlin, lisbon = drafts(load_path(DATA / "wire_feed.jsonl"))
    assert copper == ArticleDraft(
        title="Copper prices climb in London",
        text="LONDON - Copper rose 2 percent on Monday.\n\nTraders cited Chilean supply worries.",
        section="Markets",
        byline="Nadia Rahman",
        source_url="https://wire.example.com/copper",
        published="2025-02-10",
        site="Reader Wire",
        tags=("metals", "Chile"),
    )
    assert berlin.text == "BERLIN - Kenyan athletes took all three places."
    assert berlin.source_url == "https://wire.example.com/berlin"
    assert berlin.published == "2024-09-29"
    assert berlin.byline == "Tom Weber"
    assert berlin.tags == ("athletics", "Kenya")
    # No title: the first line of the text is the headline and is not repeated.
    assert lisbon.title == "Lisbon approves tram extension"
    assert lisbon.text == "The Portuguese capital will spend 120 million euros on new lines."


@pytest.mark.parametrize(
    "document",
    [
        [{"title": "A", "text": "one"}, {"title": "B", "text": "two"}],
        {"articles": [{"title": "A", "text": "one"}, {"title": "B", "text": "two"}]},
        {"items": [{"title": "A", "text": "one"}, {"title": "B", "text": "two"}]},
    ],
    ids=["list", "articles", "items"],
)
def test_json_shapes(write: WriteFile, document: object) -> None:
    items = load_path(write("feed.json", json.dumps(document)))
    assert [(d.title, d.text) for d in drafts(items)] == [("A", "one"), ("B", "two")]


def test_json_single_object(write: WriteFile) -> None:
    items = load_path(write("one.json", '{"title": "Solo", "content": "Text"}'))
    assert drafts(items) == [ArticleDraft(title="Solo", text="Text")]


def test_json_bad_records_do_not_abort_the_rest(write: WriteFile) -> None:
    document = [
        {"title": "Good", "text": "Kept."},
        {"title": "Empty", "text": "   "},
        "just a string",
        {"title": "No text"},
        {"title": "Number text", "text": 42},
        {"title": "Also good", "body": "Kept too."},
    ]
    items = load_path(write("feed.json", json.dumps(document)))
    assert [d.title for d in drafts(items)] == ["Good", "Also good"]
    assert [str(failure) for failure in failures(items)] == [
        'article 2 ("Empty"): the text is empty',
        "article 3: not an article (expected a JSON object)",
        'article 4: no text (expected a "text", "body" or "content" field)',
        'article 5: no text (expected a "text", "body" or "content" field)',
    ]
    assert [failure.position for failure in failures(items)] == [2, 3, 4, 5]


def test_json_texts_are_normalised_like_text_files(write: WriteFile) -> None:
    record = {"title": "T", "text": "One.\r\n\r\n\r\n\r\nTwo  words.   \r\nThree.\u2028"}
    [draft] = load_path(write("a.json", json.dumps(record)))
    assert isinstance(draft, ArticleDraft)
    assert draft.text == "One.\n\nTwo words.\n\nThree."


def test_json_html_content_is_converted(write: WriteFile) -> None:
    record = {"title": "T", "content": "<p>One <em>two</em>.</p><p>Three &amp; four.</p>"}
    [draft] = load_path(write("a.json", json.dumps(record)))
    assert isinstance(draft, ArticleDraft)
    assert draft.text == "One two.\n\nThree & four."


def test_json_optional_field_variants(write: WriteFile) -> None:
    record = {
        "title": 2024,
        "text": "Body",
        "source_url": " https://example.org/a ",
        "published": 1700000000,
        "authors": [{"name": "Ana Silva"}, "Rui Costa"],
        "category": "Politics",
        "publisher": {"name": "Diário Exemplo"},
        "keywords": "a, b,, c",
    }
    [draft] = load_path(write("a.json", json.dumps(record)))
    assert draft == ArticleDraft(
        title="2024",
        text="Body",
        section="Politics",
        byline="Ana Silva, Rui Costa",
        source_url="https://example.org/a",
        published="2023-11-14T22:13:20+00:00",
        site="Diário Exemplo",
        tags=("a", "b", "c"),
    )


def test_unclear_dates_are_left_out(write: WriteFile) -> None:
    [draft] = load_path(write("a.json", '{"title": "T", "text": "x", "date": "last week"}'))
    assert isinstance(draft, ArticleDraft) and draft.published == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "no articles found"),
        ('{"articles": []}', "no articles found"),
        ("42", "no articles found"),
        ("[" * 100_000, "not valid JSON"),
    ],
)
def test_json_files_that_fail_as_a_whole(write: WriteFile, content: str, message: str) -> None:
    with pytest.raises(ImportFailure, match=message):
        load_path(write("bad.json", content))


def test_jsonl_saved_as_json(write: WriteFile) -> None:
    items = load_path(
        write("feed.json", '{"title": "A", "text": "x"}\n{"title": "B", "text": "y"}')
    )
    assert [d.title for d in drafts(items)] == ["A", "B"]


def test_pretty_printed_json_saved_as_jsonl(write: WriteFile) -> None:
    document = [{"title": "A", "text": "x"}, {"title": "B", "text": "y"}]
    items = load_path(write("feed.jsonl", json.dumps(document, indent=2)))
    assert [d.title for d in drafts(items)] == ["A", "B"]


def test_jsonl_line_holding_a_list(write: WriteFile) -> None:
    items = load_path(write("feed.ndjson", '[{"title": "A", "text": "x"}, 7]\n'))
    assert [d.title for d in drafts(items)] == ["A"]
    assert [str(f) for f in failures(items)] == [
        "line 1, item 2: not an article (expected a JSON object)"
    ]


def test_jsonl_blank_lines_only(write: WriteFile) -> None:
    with pytest.raises(ImportFailure, match="no articles found"):
        load_path(write("feed.jsonl", "\n\n   \n"))


def test_jsonl_not_utf8_line(write: WriteFile) -> None:
    data = b'{"title": "A", "text": "x"}\n{"title": "Caf\xe9", "text": "y"}\n'
    items = load_path(write("feed.jsonl", data))
    assert [d.title for d in drafts(items)] == ["A"]
    assert [str(f) for f in failures(items)] == ["line 2: not UTF-8 text"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_jsonl_with_bom(write: WriteFile, encoding: str) -> None:
    data = '{"title": "Café", "text": "x"}\r\n{"title": "B", "text": "y"}\r\n'.encode(encoding)
    assert [d.title for d in drafts(load_path(write("feed.jsonl", data)))] == ["Café", "B"]


def test_jsonl_too_long_line(write: WriteFile, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonfile, "MAX_FILE_BYTES", 100)
    long_record = json.dumps({"title": "Long", "text": "x" * 500})
    path = write("feed.jsonl", f'{long_record}\n{{"title": "B", "text": "y"}}\n')
    items = load_path(path)
    assert [d.title for d in drafts(items)] == ["B"]
    assert [str(f) for f in failures(items)] == ["line 1: the line is too long (over 50 MB)"]


def test_jsonl_is_streamed(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        for number in range(5000):
            stream.write(json.dumps({"title": f"Article {number}", "text": "Body."}) + "\n")
    items = iter_path(path)
    first = list(itertools.islice(items, 3))
    assert [item.title for item in first if isinstance(item, ArticleDraft)] == [
        "Article 0", "Article 1", "Article 2",
    ]  # fmt: skip
    items.close()  # type: ignore[attr-defined]  # the caller cancelled: file closed


def test_jsonl_large_file_is_not_limited_to_50_mb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """JSON Lines is streamed, so only a single line is held to the size limit."""
    import reader.importers.files as files

    monkeypatch.setattr(files, "MAX_FILE_BYTES", 100)
    path = tmp_path / "feed.jsonl"
    path.write_text('{"title": "A", "text": "x"}\n' * 20, encoding="utf-8")
    assert len(load_path(path)) == 20
    with pytest.raises(ImportFailure, match="too large"):
        load_path(path.rename(tmp_path / "feed.json"))


def test_json_html_content_with_control_characters(write: WriteFile) -> None:
    record = {"title": "T", "content": "<p>A\u0000p\u0000l B</p><p>\r\nC\u0007</p>"}
    [draft] = load_path(write("a.json", json.dumps(record)))
    assert isinstance(draft, ArticleDraft)
    assert draft.text == "Apl B\n\nC"
