"""reader-cli and entity corrections that no longer apply: `entities` lists them (marked)
after the entities, `--json` keeps the contract's list and adds them with --orphaned;
the exports leave them out (they are not annotations of the current text)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import run
from reader.services.entities import EntityService
from reader.services.library import Library

ARTICLE = """Ministers agree on grain corridor

ISTANBUL, May 2 (Reader Wire) - Ministers from Turkey and Ukraine agreed on Tuesday
to reopen the grain corridor, said Halvorsen, who chairs the Corridor Board.

Ruiz reported that the United Nations would monitor the grain shipments.
"""
EDITED = ARTICLE.replace(", said Halvorsen, who chairs the Corridor Board", "")


def cli(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = run(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def orphaned(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> tuple[Path, int]:
    """An analysed article whose corrections of "Halvorsen" (Person) and "Corridor Board"
    (not an entity) an edit-text orphaned; its correction of "Ruiz" still applies."""
    db = tmp_path / "lib.sqlite"
    source = tmp_path / "grain.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    code, out, err = cli(capsys, db, "import", str(source), "--json")
    assert code == 0, err
    article_id = json.loads(out)[0]["id"]
    code, out, _ = cli(capsys, db, "show", str(article_id), "--json")
    text = json.loads(out)["text"]
    library = Library.open(db)
    try:
        entities = EntityService(library)
        for words, label in (("Halvorsen", "PERSON"), ("Corridor Board", ""), ("Ruiz", "ORG")):
            start = text.index(words)
            entities.correct(article_id, start, start + len(words), label)
    finally:
        library.close()
    edited = tmp_path / "edited.txt"
    edited.write_text(EDITED, encoding="utf-8")
    code, out, err = cli(capsys, db, "edit-text", str(article_id), "--file", str(edited), "--json")
    assert code == 0, err
    assert json.loads(out)["corrections"]["orphaned"] == 2
    return db, article_id


def test_entities_text_lists_orphans_marked(
    capsys: pytest.CaptureFixture[str], orphaned: tuple[Path, int]
) -> None:
    db, article_id = orphaned
    code, out, err = cli(capsys, db, "entities", str(article_id))
    assert code == 0, err
    lines = out.splitlines()
    marked = [line for line in lines if line.split()[0] == "orphaned"]
    assert [line.split()[1:3] for line in marked] == [["PERSON", "Halvorsen"], ["-", "Corridor"]]
    assert "said Halvorsen, who chairs" in marked[0]
    assert lines[-2:] == marked  # after the entities
    assert any(line.split()[-1] == "Ruiz" and "ORG" in line for line in lines)
    assert "2 correction(s) no longer apply" in err


def test_entities_json_keeps_the_contract_and_adds_orphans_when_asked(
    capsys: pytest.CaptureFixture[str], orphaned: tuple[Path, int]
) -> None:
    db, article_id = orphaned
    code, out, _ = cli(capsys, db, "show", str(article_id), "--json")
    text = json.loads(out)["text"]
    code, out, err = cli(capsys, db, "entities", str(article_id), "--json")
    assert code == 0, err
    plain = json.loads(out)
    assert plain and all(text[e["start"] : e["end"]] == e["text"] for e in plain)
    assert all(set(e) == {"start", "end", "text", "label", "source"} for e in plain)
    assert "Halvorsen" not in [e["text"] for e in plain]
    assert "--orphaned lists them" in err

    code, out, err = cli(capsys, db, "entities", str(article_id), "--json", "--orphaned")
    assert code == 0, err
    listed = json.loads(out)
    current = [e for e in listed if not e["orphaned"]]
    assert [{k: v for k, v in e.items() if k != "orphaned"} for e in current] == plain
    orphans = [e for e in listed if e["orphaned"]]
    assert listed[-2:] == orphans
    assert [(o["text"], o["label"], o["source"]) for o in orphans] == [
        ("Halvorsen", "PERSON", "user"),
        ("Corridor Board", "", "user"),
    ]
    assert all(o["start"] is None and o["end"] is None for o in orphans)
    assert orphans[0]["prefix"].endswith("grain corridor, said ")
    assert orphans[0]["suffix"].startswith(", who chairs")


def test_exports_leave_orphans_out(
    capsys: pytest.CaptureFixture[str], orphaned: tuple[Path, int], tmp_path: Path
) -> None:
    db, article_id = orphaned
    code, _, err = cli(capsys, db, "highlight", str(article_id), "--quote", "grain corridor")
    assert code == 0, err
    for fmt in ("md", "json", "html"):
        target = tmp_path / f"out.{fmt}"
        extra = ["--entities"] if fmt == "html" else []
        code, _, err = cli(
            capsys, db, "export", str(article_id), "--format", fmt, "-o", str(target), *extra
        )
        assert code == 0, err
        exported = target.read_text(encoding="utf-8")
        assert "grain corridor" in exported  # the highlight is there
        assert "Halvorsen" not in exported and "Corridor Board" not in exported, fmt
    annotations = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert annotations["total"] == 1  # the highlight only
