"""Where the library, its backups and the app's resources live."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "Reader"
LIBRARY_FILE = "library.sqlite"
DB_ENV = "READER_DB"


def data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_library_path() -> Path:
    return data_dir() / LIBRARY_FILE


def library_path(cli_value: str | None = None, configured: str | None = None) -> Path:
    """--db wins, then READER_DB, then the file chosen in Preferences (`configured`), then
    the user data folder."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(DB_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    if configured:
        return Path(configured).expanduser()
    return default_library_path()


def backups_dir(library: Path) -> Path:
    return library.parent / "backups"


def resources_dir() -> Path:
    """resources/ in a checkout, reader/resources inside an installed wheel."""
    packaged = Path(__file__).resolve().parent / "resources"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
"""The PNG sizes in resources/icons/hicolor (scripts/render_icons.py makes them)."""


def app_icon_files() -> dict[int, Path]:
    """The app icon: size in pixels -> PNG; 0 -> the SVG every size is drawn from."""
    files = {0: resource("icons", "reader.svg")}
    for size in ICON_SIZES:
        files[size] = resource("icons", "hicolor", f"{size}x{size}", "apps", "reader.png")
    return files
