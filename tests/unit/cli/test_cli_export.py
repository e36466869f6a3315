"""reader-cli export, through run(): formats, --tag, --json, refusing to overwrite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import run
from reader.services.library import Library
from tests.unit.exporters.conftest import annotate


def cli(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = run(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def qt_application(qapp: object) -> object:
    """A QApplication before the PDF exporter would make a QGuiApplication of its own."""
    return qapp


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lib.sqlite"
    library = Library.open(path)
    annotate(library)
    from reader.core.model import ArticleDraft

    library.import_drafts([ArticleDraft(title="Second", text="Other words.", tags=("x",))], "t")
    library.close()
    return path


@pytest.mark.parametrize(
    ("fmt", "suffix", "start"),
    [
        ("md", ".md", b"---\ntitle:"),
        ("html", ".html", b"<!DOCTYPE html>"),
        ("pdf", ".pdf", b"%PDF"),
        ("json", ".jsonld", b"{"),
        ("csv", ".csv", b"\xef\xbb\xbfHighlight,"),
    ],
)
def test_each_format_to_a_folder(
    capsys: pytest.CaptureFixture[str],
    db: Path,
    tmp_path: Path,
    fmt: str,
    suffix: str,
    start: bytes,
) -> None:
    folder = tmp_path / "out"
    code, out, err = cli(capsys, db, "export", "1", "--format", fmt, "-o", str(folder), "--json")
    assert code == 0, err
    written = [Path(p) for p in json.loads(out)["written"]]
    assert len(written) == 1 and written[0].parent == folder and written[0].suffix == suffix
    assert written[0].read_bytes().startswith(start)
    assert "1 file(s) written" in err


def test_refuses_to_overwrite_without_force(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "mine.md"
    target.write_text("mine")
    code, _, err = cli(capsys, db, "export", "1", "--format", "md", "-o", str(target))
    assert code == 1 and "already exists: add --force" in err
    assert target.read_text() == "mine"
    code, out, _ = cli(capsys, db, "export", "1", "--format", "md", "-o", str(target), "--force")
    assert code == 0 and out.strip() == str(target)
    assert target.read_text(encoding="utf-8").startswith("---")


def test_several_articles_one_file_each_or_combined(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    code, out, _ = cli(
        capsys, db, "export", "1", "2", "--format", "html", "-o", str(tmp_path / "a"), "--json"
    )
    assert code == 0 and len(json.loads(out)["written"]) == 2
    combined = tmp_path / "both.md"
    code, out, _ = cli(
        capsys,
        db,
        "export",
        "1",
        "2",
        "--format",
        "md",
        "--combined",
        "--bold",
        "--highlights-only",
        "-o",
        str(combined),
    )
    assert code == 0
    text = combined.read_text(encoding="utf-8")
    assert "## Second" in text and "**Yellow**" in text and "Tide gauges" not in text


def test_tag_and_options(capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path) -> None:
    code, out, err = cli(
        capsys, db, "export", "--tag", "sea level", "--format", "csv", "-o", str(tmp_path), "--json"
    )
    assert code == 0, err
    (written,) = json.loads(out)["written"]
    assert Path(written).name.startswith("Sea levels") and written.endswith(".csv")
    assert len(Path(written).read_text(encoding="utf-8-sig").splitlines()) > 6
    code, out, err = cli(
        capsys,
        db,
        "export",
        "1",
        "--format",
        "pdf",
        "--page-size",
        "letter",
        "--entities",
        "--notes",
        "numbered",
        "-o",
        str(tmp_path / "x.pdf"),
    )
    assert code == 0, err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("export", "42", "--format", "md", "-o", "x.md"), "no article with id 42"),
        (("export", "--tag", "nope", "--format", "md", "-o", "x.md"), "no article has the tag"),
        (("export", "--format", "md", "-o", "x.md"), "name article ids, or --tag"),
        (("export", "1", "--format", "backup", "-o", "x"), "backup export is not available yet"),
    ],
)
def test_clear_failures(
    capsys: pytest.CaptureFixture[str],
    db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _out, err = cli(capsys, db, *args)
    assert code == 1 and message in err and "Traceback" not in err
    assert not (tmp_path / "x.md").exists()


def test_usage_error_for_unknown_format(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(["--db", str(db), "export", "1", "--format", "docx", "-o", "x"])
    assert exit_info.value.code == 2


def test_pdf_from_a_separate_process_without_a_display(db: Path, tmp_path: Path) -> None:
    """reader-cli has no Qt application: the PDF exporter makes an offscreen one."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    target = tmp_path / "cli.pdf"
    command = [sys.executable, "-c", "from reader.cli import main; main()", "--db", str(db)]
    command += ["export", "1", "--format", "pdf", "-o", str(target)]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert target.read_bytes().startswith(b"%PDF") and "1 file(s) written" in result.stderr
