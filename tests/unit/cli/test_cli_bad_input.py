"""reader-cli with hostile input: any search string, arguments that are not UTF-8, and
notes and tags that are long, multi-line, right-to-left, emoji or invisible."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reader.cli import EXIT_OK, EXIT_USAGE, run
from reader.store.tags import clean_tag
from tests.unit.store.test_search import NASTY

ARTICLE = """Ministers agree on grain corridor

ISTANBUL (Reader Wire) - Ministers from Turkey and Ukraine agreed to reopen the grain
corridor. Ruiz reported that the United Nations would monitor shipments.
"""

NOTES = {
    "long": "A long note. " * 20_000,
    "lines": "line one\n\n  indented line\ttab\nlast line  \n",
    "crlf": "windows\r\nline\rends\u2028and\u2029separators",
    "rtl": "שלום עולם — مرحبا بالعالم ‏(RLM)‏ \u202eoverride\u202c",
    "emoji": "👩‍👩‍👧 🏳️‍🌈 👍🏽 🇫🇷",
    "invisible": "zero\u200bwidth\u200cnon\u200djoiner\u2060word\ufeffbom\u00a0nbsp",
    "controls": "bell\x07 and escape\x1b[0m and nul-free",
}
TAGS = [
    "  spaced   out  ",
    "שלום",
    "#hashtag",
    "Ärger",
    "ärger",
    "emoji 👍🏽",
    "zero\u200bwidth",
    "rtl\u200fmark",
    "x" * 500,
]


def cli(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, Any, str]:
    code = run(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


@pytest.fixture
def db(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    path = tmp_path / "lib.sqlite"
    article = tmp_path / "grain.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    code, _, _ = cli(capsys, path, "import", str(article), "--no-analyze", "--json")
    assert code == EXIT_OK
    return path


@pytest.mark.parametrize("query", [*NASTY, "grain" + "\u200b", "\u202egrain", "NEAR(grain"])
def test_any_search_string_gives_a_list(
    capsys: pytest.CaptureFixture[str], db: Path, query: str
) -> None:
    for command in (["search", "--json", "--", query], ["list", "--json", f"--search={query}"]):
        code, found, err = cli(capsys, db, *command)
        assert code == EXIT_OK, err
        assert isinstance(found, list) and len(found) <= 1


@pytest.mark.parametrize(
    "args",
    [
        ["search", "\udcff"],
        ["list", "--tag", "a\udcff"],
        ["note", "1", "x\udcffy"],
        ["tag", "1", "t\udce9"],
        ["highlight", "1", "--quote", "grain", "--note", "\ud800"],
    ],
)
def test_arguments_that_are_not_utf8_are_refused_plainly(
    capsys: pytest.CaptureFixture[str], db: Path, args: list[str]
) -> None:
    code, out, err = cli(capsys, db, *args)
    assert code == EXIT_USAGE and out is None
    assert "not valid UTF-8 text" in err and "Traceback" not in err


@pytest.mark.parametrize("name", list(NOTES))
def test_article_and_highlight_notes_round_trip_exactly(
    capsys: pytest.CaptureFixture[str], db: Path, name: str
) -> None:
    note = NOTES[name]
    code, _, _ = cli(capsys, db, "note", "1", note, "--json")
    assert code == EXIT_OK
    code, shown, _ = cli(capsys, db, "show", "1", "--json")
    assert shown["note"] == note
    code, made, _ = cli(capsys, db, "highlight", "1", "--quote", "grain", "--note", note, "--json")
    assert code == EXIT_OK and made["note"] == note
    code, highlights, _ = cli(capsys, db, "highlights", "1", "--json")
    assert [h["note"] for h in highlights] == [note]


def test_tags_keep_everything_but_the_documented_trimming(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    code, tagged, _ = cli(capsys, db, "tag", "1", *TAGS, "--json")
    assert code == EXIT_OK
    expected = sorted({clean_tag(t) for t in TAGS})
    assert sorted(tagged["tags"]) == expected
    assert "spaced out" in expected and "Ärger" in expected and "ärger" in expected
    code, shown, _ = cli(capsys, db, "show", "1", "--json")
    assert sorted(shown["tags"]) == expected
    code, made, _ = cli(
        capsys, db, "highlight", "1", "--quote", "grain", *[f"--tag={t}" for t in TAGS], "--json"
    )
    assert sorted(made["tags"]) == expected
    code, listed, _ = cli(capsys, db, "tags", "--json")
    assert sorted(t["name"] for t in listed) == expected
    for tag in expected:
        code, found, _ = cli(capsys, db, "list", "--tag", tag, "--json")
        assert [a["id"] for a in found] == [1], tag
