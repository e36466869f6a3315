"""Reader built as a wheel and installed into a fresh venv works without the checkout.

The wheel is built with `uv build`, installed with `uv pip install --no-deps` into a new
venv, and its `reader-cli` and `reader` scripts are run from there. To stay fast and
work offline, the new venv sees the project venv's third-party packages through a .pth
file pointing at its site-packages (not at the source tree: the project venv's editable
install is a .pth inside that folder, which Python does not read from a .pth-added path).
So everything of Reader's own, code and resources, must come from the wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import sys
import sysconfig
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from reader.services.library import Library
from tests.e2e.conftest import REPO, app_env, describe, run

pytestmark = pytest.mark.e2e

SAMPLE_COUNT = len(list((REPO / "resources" / "samples").glob("*.txt")))


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    site_packages: Path
    root: Path

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def script(self, name: str) -> Path:
        return self.venv / "bin" / name


def _uv() -> str:
    found = os.environ.get("UV") or shutil.which("uv")
    if not found:
        pytest.skip("uv is not installed")
    return found


def _tool_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    if sys.platform == "win32":
        pytest.skip("the venv layout below is POSIX's")
    uv = _uv()
    root = tmp_path_factory.mktemp("wheel")
    dist = root / "dist"
    built = run([uv, "build", "--wheel", "--out-dir", dist, REPO], env=_tool_env(), cwd=root)
    assert built.returncode == 0, describe(built)
    wheels = list(dist.glob("reader-*.whl"))
    assert len(wheels) == 1, wheels

    venv = root / "venv"
    created = run(
        [uv, "venv", "--no-project", "--python", sys.executable, venv],
        env=_tool_env(),
        cwd=root,
    )
    assert created.returncode == 0, describe(created)
    site = Path(
        run(
            [
                venv / "bin" / "python",
                "-c",
                "import sysconfig; print(sysconfig.get_path('purelib'))",
            ],
            cwd=root,
        ).stdout.strip()
    )
    project_site = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (site / "_reader_test_dependencies.pth").write_text("\n".join(sorted(project_site)) + "\n")

    install = run(
        [
            uv,
            "pip",
            "install",
            "--python",
            venv / "bin" / "python",
            "--no-deps",
            "--offline",
            wheels[0],
        ],
        env=_tool_env(),
        cwd=root,
    )
    assert install.returncode == 0, describe(install)
    return Installed(wheels[0], venv, site, root)


def test_wheel_carries_code_resources_and_scripts(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        scripts = wheel.read(entry_points).decode()
    samples = sorted(n for n in names if n.startswith("reader/resources/samples/"))
    assert len(samples) == SAMPLE_COUNT >= 3
    assert all(n.endswith(".txt") for n in samples)
    assert "reader/resources/icons/reader.svg" in names
    assert "reader/resources/icons/hicolor/256x256/apps/reader.png" in names
    assert "reader/resources/reader.desktop" in names
    assert {"reader/__init__.py", "reader/app.py", "reader/cli.py", "reader/paths.py"} <= names
    assert not any(n.startswith(("tests/", "benchmarks/", "resources/")) for n in names)
    assert "[gui_scripts]" in scripts and "reader = reader.app:main" in scripts
    assert "[console_scripts]" in scripts and "reader-cli = reader.cli:main" in scripts


def test_installed_package_is_the_wheel_not_the_checkout(installed: Installed) -> None:
    probe = (
        "import json, sys, importlib.metadata as md\n"
        "import reader, reader.paths\n"
        "from packaging.requirements import Requirement\n"
        "bad = []\n"
        "for text in md.requires('reader') or []:\n"
        "    req = Requirement(text)\n"
        "    if req.marker is not None and not req.marker.evaluate({'extra': ''}):\n"
        "        continue\n"
        "    try:\n"
        "        found = md.version(req.name)\n"
        "    except md.PackageNotFoundError:\n"
        "        bad.append(str(req)); continue\n"
        "    if not req.specifier.contains(found, prereleases=True):\n"
        "        bad.append(f'{req} (found {found})')\n"
        "print(json.dumps({'file': reader.__file__, 'path': sys.path,\n"
        "    'resources': str(reader.paths.resources_dir()),\n"
        "    'dist': str(md.distribution('reader').locate_file('')), 'unmet': bad}))\n"
    )
    result = run([installed.python, "-c", probe], env=app_env(installed.root), cwd=installed.root)
    assert result.returncode == 0, describe(result)
    info = json.loads(result.stdout)
    site = installed.site_packages.resolve()
    assert Path(info["file"]).resolve() == site / "reader" / "__init__.py"
    assert Path(info["resources"]).resolve() == site / "reader" / "resources"
    assert Path(info["dist"]).resolve() == site
    assert str(REPO) not in info["path"]
    assert info["unmet"] == [], "the wheel's dependencies are not those of the project venv"


def test_installed_cli_imports_a_bundled_sample(installed: Installed) -> None:
    sample = sorted((installed.site_packages / "reader" / "resources" / "samples").glob("*.txt"))[0]
    db = installed.root / "cli.sqlite"
    env = app_env(installed.root)
    cli = installed.script("reader-cli")
    imported = run(
        [cli, "--db", db, "import", sample, "--no-analyze", "--json"], env=env, cwd=installed.root
    )
    assert imported.returncode == 0, describe(imported)
    [outcome] = json.loads(imported.stdout)
    assert outcome["status"] == "imported" and outcome["title"], outcome
    assert outcome["path"] == str(sample)
    listed = run([cli, "--db", db, "list", "--json"], env=env, cwd=installed.root)
    assert listed.returncode == 0, describe(listed)
    assert [(a["id"], a["title"]) for a in json.loads(listed.stdout)] == [
        (outcome["id"], outcome["title"])
    ]


def test_installed_app_starts_and_seeds_the_bundled_samples(installed: Installed) -> None:
    db = installed.root / "gui.sqlite"
    env = app_env(installed.root, {"READER_BENCH_EXIT_ON_SHOWN": "1"})
    result = run([installed.script("reader"), "--db", db], env=env, cwd=installed.root)
    assert result.returncode == 0, describe(result)
    assert result.stdout.startswith("shown "), describe(result)
    assert "Traceback" not in result.stderr, describe(result)

    conn = sqlite3.connect(db)
    titles = sorted(row[0] for row in conn.execute("SELECT title FROM articles"))
    conn.close()
    # The same samples as the checkout's resources/, found through the wheel's copy.
    reference = Library.open(installed.root / "reference.sqlite", seed_samples=True)
    try:
        expected = sorted(s.title for s in reference.list())
    finally:
        reference.close()
    assert len(titles) == SAMPLE_COUNT
    assert titles == expected
