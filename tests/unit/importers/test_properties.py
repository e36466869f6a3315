"""Whatever bytes or text arrive, importing ends in drafts, record failures or ImportFailure."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.model import ArticleDraft
from reader.importers import (
    SUPPORTED_SUFFIXES,
    ImportFailure,
    RecordFailure,
    from_html,
    from_text,
    load_path,
)

SUFFIXES = (*SUPPORTED_SUFFIXES, "", ".dat")
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks a little like articles, so the interesting paths are reached too.
article_like = st.lists(
    st.one_of(
        st.text(max_size=80),
        st.sampled_from(
            ["News / World", "POLITICS", "By Jane Smith", "March 3, 2025", "", "# Heading",
             "<p>para</p>", "- item", "---", '{"text": "x"}', "Jane Smith, Reuters", "=====",
             "  indented", "\t", "\u2028", "\r", "```"]
        ),
    ),
    max_size=12,
).map("\n".join)  # fmt: skip
any_text = st.one_of(st.text(max_size=400), article_like)


def assert_valid(item: ArticleDraft | RecordFailure) -> None:
    if isinstance(item, RecordFailure):
        assert str(item)
        return
    assert isinstance(item, ArticleDraft)
    assert item.title.strip() and item.text.strip()
    assert "\n" not in item.title and len(item.title) <= 200
    assert "\r" not in item.text and "\x00" not in item.text
    assert "\n\n\n" not in item.text
    assert item.text == item.text.strip()


def import_file(suffix: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        try:
            items = load_path(path)
        except ImportFailure as failure:
            assert str(failure)
            return
    for item in items:
        assert_valid(item)


@PROPERTY
@given(suffix=st.sampled_from(SUFFIXES), data=st.binary(max_size=600))
def test_random_bytes_in_every_format(suffix: str, data: bytes) -> None:
    import_file(suffix, data)


@PROPERTY
@given(
    suffix=st.sampled_from(SUFFIXES),
    text=any_text,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]),
)
def test_random_text_in_every_format(suffix: str, text: str, encoding: str) -> None:
    import_file(suffix, text.encode(encoding, errors="replace"))


@PROPERTY
@given(
    records=st.lists(
        st.one_of(
            st.dictionaries(
                st.sampled_from(["title", "text", "body", "url", "date", "tags", "author"]),
                st.one_of(st.text(max_size=60), st.integers(), st.none(),
                          st.text(max_size=40).map("<p>{}</p><br>".format),
                          st.lists(st.text(max_size=10), max_size=3)),
            ),
            st.text(max_size=20),
            st.integers(),
        ),
        max_size=6,
    ),
    lines=st.booleans(),
)  # fmt: skip
def test_random_json_records(records: list[object], lines: bool) -> None:
    data = "\n".join(map(json.dumps, records)) if lines else json.dumps(records)
    import_file(".jsonl" if lines else ".json", data.encode("utf-8"))


@PROPERTY
@given(text=any_text)
def test_from_text_never_fails_otherwise(text: str) -> None:
    try:
        draft = from_text(text)
    except ImportFailure:
        assert not text.strip() or not any(c.isprintable() and not c.isspace() for c in text)
        return
    assert_valid(draft)


@PROPERTY
@given(text=any_text)
def test_from_html_never_fails_otherwise(text: str) -> None:
    try:
        draft = from_html(text)
    except ImportFailure:
        return
    assert_valid(draft)
