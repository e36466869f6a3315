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
