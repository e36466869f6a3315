"""The applications-menu entry: written to a temporary XDG data folder (conftest points
XDG_DATA_HOME at tmp_path), valid by desktop-file-validate, removed again without a trace."""

from __future__ import annotations

import configparser
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader import desktop
from reader.app import parse_args
from reader.desktop import DesktopPaths
from reader.paths import ICON_SIZES, resource

pytestmark = pytest.mark.skipif(not desktop.supported(), reason="freedesktop only")


def _entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def _exec_argv(value: str) -> list[str]:
    """Undo the string escape, then split as the spec's quoting rules say (shell-like)."""
    return shlex.split(value.replace("\\\\", "\\"))


def test_install_writes_entry_and_icons_into_the_xdg_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "xdg-data"
    assert Path(os.environ["XDG_DATA_HOME"]) == data  # the conftest's isolation
    report = desktop.install()
    entry = data / "applications" / "reader.desktop"
    assert entry in report.changed
    fields = _entry(entry)
    assert fields["Type"] == "Application"
    assert fields["Name"] == "Reader"
    assert fields["Icon"] == "reader"
    assert fields["MimeType"].split(";")[:3] == ["text/plain", "text/html", "text/markdown"]
    argv = _exec_argv(fields["Exec"])
    assert argv[-1] == "%F"
    assert argv[:-1] == desktop.launch_command()
    svg = data / "icons" / "hicolor" / "scalable" / "apps" / "reader.svg"
    assert svg.read_bytes() == resource("icons", "reader.svg").read_bytes()
    for size in ICON_SIZES:
        png = data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "reader.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", png
    assert len(report.changed) == len(ICON_SIZES) + 2
    assert desktop.installed()


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="not installed")
def test_entry_passes_desktop_file_validate(tmp_path: Path) -> None:
    paths = DesktopPaths(tmp_path / "share")
    # A path with a space, a quote and a percent sign exercises the Exec quoting.
    odd = tmp_path / "my apps" / 'say "hi" 100%' / "reader"
    desktop.install(paths, [str(odd), "--flag"])
    result = subprocess.run(
        ["desktop-file-validate", str(paths.entry)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "", result.stdout  # no warnings or hints either
    value = _entry(paths.entry)["Exec"]
    assert _exec_argv(value.replace("%%", "%")) == [str(odd), "--flag", "%F"]


@pytest.mark.skipif(shutil.which("update-desktop-database") is None, reason="not installed")
def test_open_with_lists_reader_for_its_mime_types(tmp_path: Path) -> None:
    paths = DesktopPaths(tmp_path / "share")
    report = desktop.install(paths)
    assert "update-desktop-database" in report.refreshed
    cache = (paths.applications / "mimeinfo.cache").read_text(encoding="utf-8")
    for mime in desktop.MIME_TYPES:
        assert f"{mime}=reader.desktop;" in cache


def test_uninstall_removes_only_what_install_wrote(tmp_path: Path) -> None:
    paths = DesktopPaths(tmp_path / "share")
    other = paths.applications / "other.desktop"
    other.parent.mkdir(parents=True)
    other.write_text("[Desktop Entry]\nType=Application\nName=Other\nExec=other\n")
    other_icon = paths.icon_theme / "48x48" / "apps" / "other.png"
    other_icon.parent.mkdir(parents=True)
    other_icon.write_bytes(b"png")
    desktop.install(paths)
    removed = desktop.uninstall(paths)
    assert len(removed.changed) == len(ICON_SIZES) + 2
    assert not paths.entry.exists()
    assert not list(paths.icon_theme.rglob("reader.*"))
    assert other.exists() and other_icon.exists()
    again = desktop.uninstall(paths)
    assert again.changed == []
    assert "nothing to remove" in desktop.describe(again, removed=True)


def test_reinstall_overwrites_the_entry(tmp_path: Path) -> None:
    paths = DesktopPaths(tmp_path / "share")
    desktop.install(paths, ["/old/reader"])
    desktop.install(paths, ["/new/reader"])
    assert _exec_argv(_entry(paths.entry)["Exec"]) == ["/new/reader", "%F"]
    assert [p.name for p in paths.applications.iterdir() if "reader" in p.name] == [
        "reader.desktop"
    ]


def test_unwritable_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "share"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(desktop.DesktopError, match="Could not add Reader"):
        desktop.install(DesktopPaths(blocker))


def test_launch_command_prefers_the_installed_script() -> None:
    command = desktop.launch_command()
    script = Path(sys.executable).parent / "reader"
    if script.is_file():  # the project venv has the gui-script
        assert command == [str(script)]
    else:
        assert command == [str(Path(sys.executable).absolute()), "-m", "reader"]


def test_launch_command_ignores_a_foreign_reader_script(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    foreign = bin_dir / "reader"
    foreign.write_text("#!/bin/sh\necho another program\n")
    foreign.chmod(0o755)
    monkeypatch.setattr(desktop, "_installed_scripts", lambda: [foreign])
    assert desktop.launch_command()[1:] == ["-m", "reader"]
    ours = bin_dir / "reader2"
    ours.write_text("#!/usr/bin/python3\nfrom reader.app import main\nmain()\n")
    ours.chmod(0o755)
    monkeypatch.setattr(desktop, "_installed_scripts", lambda: [foreign, ours])
    assert desktop.launch_command() == [str(ours)]


def test_frozen_build_launches_its_own_executable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert desktop.launch_command() == [str(Path(sys.executable).resolve())]


def test_exec_value_quotes_reserved_characters() -> None:
    assert desktop.exec_value(["/usr/bin/reader"]) == "/usr/bin/reader"
    assert desktop.exec_value(["/a b/python", "-m", "reader"]) == '"/a b/python" -m reader'
    assert desktop.exec_value(["/x/$HOME`"]) == '"/x/\\\\$HOME\\\\`"'
    with pytest.raises(desktop.DesktopError):
        desktop.exec_value(["/bad\npath"])


def test_command_line_flags(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from reader.app import run

    assert parse_args(["--install-desktop"]).desktop == "install"
    assert parse_args(["--uninstall-desktop"]).desktop == "uninstall"
    assert run(["--install-desktop"]) == 0
    assert "Added Reader to the applications menu" in capsys.readouterr().out
    assert (tmp_path / "xdg-data" / "applications" / "reader.desktop").is_file()
    assert run(["--uninstall-desktop"]) == 0
    assert "Removed Reader" in capsys.readouterr().out
    assert not (tmp_path / "xdg-data" / "applications" / "reader.desktop").exists()
