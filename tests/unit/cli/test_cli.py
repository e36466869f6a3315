from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import run

ARTICLE = """World / Europe
Ministers agree on grain corridor
By Ana Ruiz

ISTANBUL, May 2 (Reader Wire) - Ministers from Turkey and Ukraine agreed on Tuesday
to reopen the grain corridor.

Ruiz reported that the United Nations would monitor shipments.
"""


def cli(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = run(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def article_file(tmp_path: Path) -> Path:
    path = tmp_path / "grain.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_import_list_show_search_delete(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, article_file: Path
) -> None:
    db = tmp_path / "lib.sqlite"
    code, out, _ = cli(capsys, db, "import", str(article_file), "--no-analyze", "--json")
    assert code == 0
    [result] = json.loads(out)
    assert result["status"] == "imported"
    assert result["title"] == "Ministers agree on grain corridor"
    assert result["path"] == str(article_file)
    article_id = result["id"]

    code, out, _ = cli(capsys, db, "import", str(article_file), "--no-analyze", "--json")
    assert json.loads(out)[0]["status"] == "duplicate"
    assert json.loads(out)[0]["id"] == article_id

    code, out, _ = cli(capsys, db, "list", "--json")
    [row] = json.loads(out)
    assert {"id", "title", "source_url", "published", "tags", "highlights"} <= row.keys()

    code, out, _ = cli(capsys, db, "show", str(article_id), "--json")
    shown = json.loads(out)
    assert shown["section"] == "World / Europe"
    assert shown["byline"] == "Ana Ruiz"
    assert "grain corridor" in shown["text"]
    assert {
        "id",
        "title",
        "section",
        "byline",
        "source_url",
        "published",
        "text",
        "tags",
        "note",
    } <= shown.keys()

    code, out, _ = cli(capsys, db, "search", "monitor shipments", "--json")
    assert [r["id"] for r in json.loads(out)] == [article_id]
    code, out, _ = cli(capsys, db, "list", "--search", "nothing-like-this", "--json")
    assert json.loads(out) == []

    assert cli(capsys, db, "tag", str(article_id), "grain", "Turkey")[0] == 0
    code, out, _ = cli(capsys, db, "list", "--tag", "grain", "--json")
    assert json.loads(out)[0]["tags"] == ["grain", "Turkey"]
    assert cli(capsys, db, "note", str(article_id), "Check the tonnage.")[0] == 0
    code, out, _ = cli(capsys, db, "show", str(article_id), "--json")
    assert json.loads(out)["note"] == "Check the tonnage."

    code, _, err = cli(capsys, db, "delete", str(article_id))
    assert code == 0
    code, _, err = cli(capsys, db, "show", str(article_id), "--json")
    assert code == 1
    assert "no article with id" in err


def test_failed_file_is_reported_and_others_import(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, article_file: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    code, out, err = cli(
        capsys,
        tmp_path / "lib.sqlite",
        "import",
        str(empty),
        str(article_file),
        str(binary),
        "--no-analyze",
        "--json",
    )
    results = json.loads(out)
    assert code == 1
    assert [r["status"] for r in results] == ["error", "imported", "error"]
    assert all(r["error"] for r in results if r["status"] == "error")
    assert "1 imported" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(["--db", str(tmp_path / "x.sqlite"), "show", "not-a-number"])
    assert exit_info.value.code == 2


def test_strange_search_never_fails(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for query in ['"', "NEAR(", "*", "-", "a OR", "😀" * 50]:
        code, out, _ = cli(capsys, tmp_path / "lib.sqlite", "search", query, "--json")
        assert code == 0
        assert isinstance(json.loads(out), list)


def test_damaged_library_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "broken.sqlite"
    db.write_bytes(b"garbage" * 1000)
    code, out, err = cli(capsys, db, "list", "--json")
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "damaged" in err


def test_console_script_runs_in_a_subprocess(tmp_path: Path, article_file: Path) -> None:
    """The real entry point, as scripts call it; READER_DB picks the library."""
    env = {**os.environ, "READER_DB": str(tmp_path / "env.sqlite")}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from reader.cli import main; main()",
            "import",
            str(article_file),
            "--no-analyze",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["status"] == "imported"
    assert (tmp_path / "env.sqlite").exists()


def test_newer_version_of_same_url_replaces_text_and_keeps_highlights(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "lib.sqlite"
    first = tmp_path / "v1.json"
    first.write_text(
        json.dumps(
            {
                "title": "Port talks",
                "url": "https://news.example/port",
                "text": "Dockers met the owners on Monday.\n\nTalks resume on Friday.",
            }
        )
    )
    code, out, _ = cli(capsys, db, "import", str(first), "--no-analyze", "--json")
    article_id = json.loads(out)[0]["id"]
    code, out, _ = cli(
        capsys, db, "highlight", str(article_id), "--quote", "Talks resume", "--json"
    )
    assert code == 0
    second = tmp_path / "v2.json"
    second.write_text(
        json.dumps(
            {
                "title": "Port talks (updated)",
                "url": "https://news.example/port",
                "text": "UPDATE: Dockers met the owners on Monday evening.\n\n"
                "Talks resume on Friday.",
            }
        )
    )
    code, out, _ = cli(capsys, db, "import", str(second), "--no-analyze", "--json")
    [result] = json.loads(out)
    assert result["status"] == "imported"
    assert result["id"] == article_id
    assert result["updated"]
    code, out, _ = cli(capsys, db, "highlights", str(article_id), "--json")
    [highlight] = json.loads(out)
    code, shown, _ = cli(capsys, db, "show", str(article_id), "--json")
    text = json.loads(shown)["text"]
    assert text.startswith("UPDATE:")
    assert text[highlight["start"] : highlight["end"]] == "Talks resume"
    code, out, _ = cli(capsys, db, "list", "--json")
    assert len(json.loads(out)) == 1
