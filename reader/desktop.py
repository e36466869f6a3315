"""The freedesktop menu entry and icons: `reader --install-desktop` and Help › Add to
Applications Menu put Reader in the user's applications menu and "Open With" lists.

No Qt here: the command line uses it before (instead of) starting the GUI. Files go to the
user's XDG data folder (~/.local/share): applications/reader.desktop and the icon in
icons/hicolor (SVG and PNG sizes). The caches desktops read (MIME associations, icon theme)
are refreshed only with the programs that are installed, quietly; a desktop without them
rescans on its own.

subprocess, shutil and sysconfig are imported where used: the window imports this module
(for supported()) while it starts.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from reader.paths import app_icon_files, resource

APP_ID = "reader"
"""The desktop file's name, the icon's name and QGuiApplication.desktopFileName()."""
MIME_TYPES = ("text/plain", "text/html", "text/markdown")
EXEC_PLACEHOLDER = "@EXEC@"
TOOL_TIMEOUT_S = 15
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


class DesktopError(Exception):
    """The entry could not be written or removed; the message is for the user."""


@dataclass(frozen=True)
class DesktopPaths:
    """Where the entry and icons go under one XDG data folder."""

    data_home: Path

    @property
    def applications(self) -> Path:
        return self.data_home / "applications"

    @property
    def entry(self) -> Path:
        return self.applications / f"{APP_ID}.desktop"

    @property
    def icon_theme(self) -> Path:
        return self.data_home / "icons" / "hicolor"

    def icons(self) -> dict[Path, Path]:
        """Installed icon -> the resource it is copied from."""
        found: dict[Path, Path] = {}
        for size, source in app_icon_files().items():
            folder = f"{size}x{size}" if size else "scalable"
            found[self.icon_theme / folder / "apps" / f"{APP_ID}{source.suffix}"] = source
        return found


@dataclass
class DesktopReport:
    """What install/uninstall did, for the command line and the menu action to show."""

    changed: list[Path] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)  # cache tools that ran


def supported() -> bool:
    """Desktop entries are a freedesktop (Linux, BSD) thing; not Windows or macOS."""
    return sys.platform not in ("win32", "darwin", "cygwin")


def user_data_home() -> Path:
    """$XDG_DATA_HOME when set to an absolute path (the spec ignores relative ones), else
    ~/.local/share."""
    value = os.environ.get("XDG_DATA_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / ".local" / "share"


def launch_command() -> list[str]:
    """How the menu starts this installation of Reader.

    A standalone (PyInstaller) build is its own executable. Otherwise the `reader` script
    installed with this interpreter (its scripts folder, or the user scheme's, e.g.
    ~/.local/bin) when it exists; else this interpreter with `-m reader`. Paths are
    absolute: the menu's PATH is often not the shell's.
    """
    if getattr(sys, "frozen", False):
        return [str(Path(sys.executable).resolve())]
    for script in _installed_scripts():
        if _is_our_script(script):
            return [str(script)]
    return [str(Path(sys.executable).absolute()), "-m", "reader"]


def _installed_scripts() -> list[Path]:
    import sysconfig

    names = ["reader.exe", "reader"] if sys.platform == "win32" else ["reader"]
    folders: list[Path] = [Path(sys.executable).parent]
    for scheme in (sysconfig.get_default_scheme(), sysconfig.get_preferred_scheme("user")):
        try:
            folders.append(Path(sysconfig.get_path("scripts", scheme)))
        except KeyError:
            continue
    seen: list[Path] = []
    for folder in folders:
        for name in names:
            candidate = folder / name
            if candidate not in seen:
                seen.append(candidate)
    return seen


def _is_our_script(path: Path) -> bool:
    """The entry-point wrapper pip/uv write for `reader`, not another program of that name."""
    try:
        if not (path.is_file() and os.access(path, os.X_OK)):
            return False
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return b"reader.app" in head


def exec_value(command: Sequence[str]) -> str:
    """The Exec= value for `command` (without the field code), quoted as the Desktop Entry
    spec asks: arguments with reserved characters in double quotes with \\ " ` $ escaped,
    % doubled, then the string escape of backslashes."""
    parts = []
    for arg in command:
        if any(ch in arg for ch in "\n\r"):
            raise DesktopError(f"A path with a line break cannot go in a menu entry: {arg!r}")
        quoted = arg
        if not arg or any(ch in _RESERVED for ch in arg):
            escaped = "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg)
            quoted = f'"{escaped}"'
        parts.append(quoted.replace("%", "%%").replace("\\", "\\\\"))
    return " ".join(parts)


def entry_text(command: Sequence[str]) -> str:
    """The desktop entry: resources/reader.desktop with its Exec line filled in."""
    template = resource(f"{APP_ID}.desktop").read_text(encoding="utf-8")
    if EXEC_PLACEHOLDER not in template:
        raise DesktopError(f"{APP_ID}.desktop in the resources has no {EXEC_PLACEHOLDER}")
    return template.replace(EXEC_PLACEHOLDER, exec_value(command))


def install(
    paths: DesktopPaths | None = None, command: Sequence[str] | None = None
) -> DesktopReport:
    """Write (or overwrite) the entry and the icons, then refresh the desktop's caches."""
    import shutil

    paths = paths or DesktopPaths(user_data_home())
    text = entry_text(command or launch_command())
    report = DesktopReport()
    try:
        for target, source in paths.icons().items():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            report.changed.append(target)
        paths.applications.mkdir(parents=True, exist_ok=True)
        partial = paths.entry.with_suffix(".desktop.part")
        partial.write_text(text, encoding="utf-8")
        partial.chmod(0o755)  # some desktops only trust executable entries in odd places
        partial.replace(paths.entry)
        report.changed.append(paths.entry)
    except OSError as exc:
        raise DesktopError(f"Could not add Reader to the applications menu: {exc}") from exc
    report.refreshed = refresh_caches(paths)
    return report


def uninstall(paths: DesktopPaths | None = None) -> DesktopReport:
    """Remove the entry and the icons install() wrote; anything else is left alone."""
    paths = paths or DesktopPaths(user_data_home())
    report = DesktopReport()
    try:
        for target in [paths.entry, *paths.icons()]:
            if target.is_file() or target.is_symlink():
                target.unlink()
                report.changed.append(target)
    except OSError as exc:
        raise DesktopError(f"Could not remove Reader from the applications menu: {exc}") from exc
    if report.changed:
        report.refreshed = refresh_caches(paths)
    return report


def installed(paths: DesktopPaths | None = None) -> bool:
    return (paths or DesktopPaths(user_data_home())).entry.is_file()


def refresh_caches(paths: DesktopPaths) -> list[str]:
    """Update the MIME and icon caches with whichever tools exist; failures are ignored
    (the files are in place, and desktops notice them without the caches too)."""
    ran: list[str] = []
    if paths.applications.is_dir() and _quietly(
        "update-desktop-database", "-q", str(paths.applications)
    ):
        ran.append("update-desktop-database")
    if paths.icon_theme.is_dir():
        # GTK notices a changed theme folder by its modification time.
        with suppress(OSError):
            os.utime(paths.icon_theme)
        if (paths.icon_theme / "icon-theme.cache").exists() and _quietly(
            "gtk-update-icon-cache", "-q", "-f", "-t", str(paths.icon_theme)
        ):
            ran.append("gtk-update-icon-cache")  # a stale cache would hide the new icon
    if _quietly("xdg-icon-resource", "forceupdate", "--mode", "user"):
        ran.append("xdg-icon-resource")
    return ran


def _quietly(program: str, *args: str) -> bool:
    import shutil
    import subprocess

    found = shutil.which(program)
    if found is None:
        return False
    try:
        result = subprocess.run(
            [found, *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=TOOL_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0


def describe(report: DesktopReport, *, removed: bool) -> str:
    """One or two sentences for the command line and the message box."""
    if removed:
        if not report.changed:
            return "Reader was not in the applications menu; nothing to remove."
        return f"Removed Reader from the applications menu ({len(report.changed)} files)."
    entry = next((p for p in report.changed if p.suffix == ".desktop"), None)
    return (
        f"Added Reader to the applications menu: {entry}\n"
        "It may take a moment, or a new login, before the menu shows it."
    )


def main(action: str) -> int:
    """`reader --install-desktop` / `--uninstall-desktop`: message on stdout, status 0/1."""
    if not supported():
        print("reader: menu entries are for Linux desktops (freedesktop)", file=sys.stderr)
        return 1
    try:
        if action == "install":
            print(describe(install(), removed=False))
        else:
            print(describe(uninstall(), removed=True))
    except DesktopError as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return 1
    return 0
