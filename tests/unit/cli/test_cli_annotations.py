"""reader-cli highlight / highlights / tag / note / tags / edit-text / search, through run()."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import run

ARTICLE = """World / Europe
Ministers agree on grain corridor
By Ana Ruiz

ISTANBUL, May 2 (Reader Wire) - Ministers from Turkey and Ukraine agreed on Tuesday
to reopen the grain corridor.

Ruiz reported that the United Nations would monitor the grain shipments.
"""


def cli(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = run(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "lib.sqlite"


@pytest.fixture
def article(capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path) -> tuple[int, str]:
    path = tmp_path / "grain.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = cli(capsys, db, "import", str(path), "--no-analyze", "--json")
    assert code == 0
    article_id = json.loads(out)[0]["id"]
    code, out, _ = cli(capsys, db, "show", str(article_id), "--json")
    return article_id, json.loads(out)["text"]


def test_highlight_by_quote_and_list(
    capsys: pytest.CaptureFixture[str], db: Path, article: tuple[int, str]
) -> None:
    article_id, text = article
    code, out, err = cli(
        capsys,
        db,
        "highlight",
        str(article_id),
        "--quote",
        "grain",
        "--occurrence",
        "2",
        "--color",
        "green",
        "--note",
        "Who monitors?\nThe UN.",
        "--tag",
        "food",
        "--tag",
        "UN",
        "--json",
    )
    assert code == 0, err
    made = json.loads(out)
    assert {"id", "start", "end", "exact", "color", "note", "tags"} <= made.keys()
    second = text.index("grain", text.index("grain") + 1)
    assert (made["start"], made["end"], made["exact"]) == (second, second + 5, "grain")
    assert made["color"] == "green" and made["note"] == "Who monitors?\nThe UN."
    assert made["tags"] == ["food", "UN"]
    assert text[made["start"] : made["end"]] == "grain"

    code, out, _ = cli(capsys, db, "highlight", str(article_id), "--quote", "Ministers", "--json")
    first = json.loads(out)
    assert first["color"] == "yellow" and first["note"] == "" and first["tags"] == []

    code, out, _ = cli(capsys, db, "highlights", str(article_id), "--json")
    listed = json.loads(out)
    assert [h["id"] for h in listed] == [first["id"], made["id"]]  # reading order
    assert all(
        {"id", "start", "end", "exact", "color", "note", "tags", "orphaned"} <= h.keys()
        for h in listed
    )
    assert listed[1] == made

    code, out, _ = cli(capsys, db, "list", "--json")
    assert json.loads(out)[0]["highlights"] == 2

    code, out, err = cli(capsys, db, "highlights", str(article_id))
    assert code == 0 and "“grain”" in out and "    Who monitors?" in out
    assert "2 highlight(s)" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--quote", "Lisbon"], "not in article"),
        (["--quote", "grain", "--occurrence", "3"], "occurs 2 time"),
        (["--quote", "grain", "--occurrence", "0"], "from 1"),
        (["--quote", "   "], "empty"),
    ],
)
def test_highlight_failures_exit_1(
    capsys: pytest.CaptureFixture[str],
    db: Path,
    article: tuple[int, str],
    args: list[str],
    message: str,
) -> None:
    article_id, _ = article
    code, out, err = cli(capsys, db, "highlight", str(article_id), *args, "--json")
    assert code == 1
    assert out == ""
    assert message in err and err.startswith("reader-cli: ")
    code, out, _ = cli(capsys, db, "highlights", str(article_id), "--json")
    assert json.loads(out) == []


def test_highlight_unknown_article_or_colour(
    capsys: pytest.CaptureFixture[str], db: Path, article: tuple[int, str]
) -> None:
    code, _, err = cli(capsys, db, "highlight", "999", "--quote", "grain")
    assert code == 1 and "no article with id 999" in err
    code, _, err = cli(capsys, db, "highlights", "999", "--json")
    assert code == 1 and "no article with id 999" in err
    article_id, _ = article
    with pytest.raises(SystemExit) as exit_info:
        run(["--db", str(db), "highlight", str(article_id), "--quote", "grain", "--color", "red"])
    assert exit_info.value.code == 2  # usage
    assert "invalid choice: 'red'" in capsys.readouterr().err


def test_tag_note_show_and_search_annotations(
    capsys: pytest.CaptureFixture[str], db: Path, article: tuple[int, str]
) -> None:
    article_id, _ = article
    assert cli(capsys, db, "tag", str(article_id), "food", "Turkey")[0] == 0
    assert cli(capsys, db, "note", str(article_id), "Check the tonnage\nfigures")[0] == 0
    code, out, _ = cli(capsys, db, "show", str(article_id), "--json")
    shown = json.loads(out)
    assert shown["tags"] == ["food", "Turkey"]
    assert shown["note"] == "Check the tonnage\nfigures"
    code, out, _ = cli(capsys, db, "search", "tonnage", "--json")
    assert [r["id"] for r in json.loads(out)] == [article_id]
    code, out, _ = cli(capsys, db, "list", "--search", "tonnage", "--json")
    assert [r["id"] for r in json.loads(out)] == [article_id]
    cli(capsys, db, "highlight", str(article_id), "--quote", "Ukraine", "--note", "Odesa port")
    code, out, _ = cli(capsys, db, "search", "odesa", "--json")
    assert [r["id"] for r in json.loads(out)] == [article_id]
    row = json.loads(out)[0]
    assert {"id", "title", "source_url", "published", "tags", "highlights"} <= row.keys()
    code, out, _ = cli(capsys, db, "search", "nothing-like-this", "--json")
    assert code == 0 and json.loads(out) == []


def test_tags_lists_counts(
    capsys: pytest.CaptureFixture[str], db: Path, article: tuple[int, str]
) -> None:
    article_id, _ = article
    cli(capsys, db, "tag", str(article_id), "food")
    cli(capsys, db, "highlight", str(article_id), "--quote", "Turkey", "--tag", "places")
    code, out, _ = cli(capsys, db, "tags", "--json")
    assert code == 0
    assert json.loads(out) == [
        {"name": "food", "articles": 1, "tagged_articles": 1, "highlights": 0},
        {"name": "places", "articles": 1, "tagged_articles": 0, "highlights": 1},
    ]
    code, out, _ = cli(capsys, db, "list", "--tag", "places", "--json")
    assert [r["id"] for r in json.loads(out)] == [article_id]


def test_edit_text_reanchors(
    capsys: pytest.CaptureFixture[str], db: Path, article: tuple[int, str], tmp_path: Path
) -> None:
    article_id, text = article
    code, out, _ = cli(capsys, db, "highlight", str(article_id), "--quote", "monitor", "--json")
    made = json.loads(out)
    code, out, _ = cli(capsys, db, "highlight", str(article_id), "--quote", "Tuesday", "--json")
    gone = json.loads(out)
    new_text = "UPDATED. " + text.replace("on Tuesday\n", "\n")
    path = tmp_path / "new.txt"
    path.write_text(new_text, encoding="utf-8")
    code, out, err = cli(capsys, db, "edit-text", str(article_id), "--file", str(path), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert (report["moved"], report["orphaned"], report["changed"]) == (1, 1, True)
    code, out, _ = cli(capsys, db, "highlights", str(article_id), "--json")
    by_id = {h["id"]: h for h in json.loads(out)}
    assert by_id[made["id"]]["start"] == new_text.index("monitor")
    assert by_id[gone["id"]]["orphaned"] is True
    code, _, err = cli(capsys, db, "edit-text", str(article_id), "--file", str(path))
    assert code == 0 and "unchanged" in err
    code, _, err = cli(capsys, db, "edit-text", str(article_id), "--file", str(tmp_path / "no"))
    assert code == 1 and "cannot read" in err


def test_edit_text_moves_entity_corrections_and_entities_shows_them_there(
    capsys: pytest.CaptureFixture[str], db: Path, article: tuple[int, str], tmp_path: Path
) -> None:
    """With the real model: after edit-text, `entities` gives spans on the new text, the
    user's corrections where their words went, and none of a correction whose words are
    gone."""
    from reader.services.entities import EntityService
    from reader.services.library import Library

    article_id, text = article
    body_ruiz = text.index("Ruiz reported")
    library = Library.open(db)
    try:
        entities = EntityService(library)
        entities.correct(article_id, body_ruiz, body_ruiz + 4, "ORG")
        entities.correct(article_id, text.index("Turkey"), text.index("Turkey") + 6, "")
        corridor = text.index("grain corridor")
        entities.correct(article_id, corridor, corridor + len("grain corridor"), "PRODUCT")
    finally:
        library.close()
    new_text = "UPDATED with a new first line.\n\n" + text.replace(" the grain corridor", " it")
    path = tmp_path / "new.txt"
    path.write_text(new_text, encoding="utf-8")
    code, out, err = cli(capsys, db, "edit-text", str(article_id), "--file", str(path), "--json")
    assert code == 0, err
    assert json.loads(out)["corrections"] == {
        "moved": 2,
        "orphaned": 1,
        "newly_orphaned": 1,
        "recovered": 0,
    }
    code, out, err = cli(capsys, db, "entities", str(article_id), "--json")
    assert code == 0, err
    spans = json.loads(out)
    assert spans, "the model found nothing"
    for s in spans:
        assert new_text[s["start"] : s["end"]] == s["text"]
    ruiz = new_text.index("Ruiz reported")
    assert {"start": ruiz, "end": ruiz + 4, "text": "Ruiz", "label": "ORG", "source": "user"} in (
        spans
    )
    assert "Turkey" not in [s["text"] for s in spans]
    assert "PRODUCT" not in [s["label"] for s in spans]
