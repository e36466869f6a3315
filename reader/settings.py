"""Every preference the app remembers, typed, with defaults: the only place QSettings is used."""

from __future__ import annotations

from typing import Any, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")

ORGANISATION = "Reader"
APPLICATION = "Reader"


class Settings:
    """Typed accessors over QSettings; unknown or damaged values fall back to defaults."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._q = qsettings or QSettings(ORGANISATION, APPLICATION)

    def _get(self, key: str, default: T, kind: type[T]) -> T:
        value: Any = self._q.value(key, default)
        if kind is bool:
            if isinstance(value, str):
                return value.lower() in {"1", "true", "yes"}  # type: ignore[return-value]
            return bool(value)  # type: ignore[return-value]
        try:
            return kind(value)  # type: ignore[call-arg]
        except (TypeError, ValueError):
            return default

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._q.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def sync(self) -> None:
        self._q.sync()

    # --- window --------------------------------------------------------------------------

    @property
    def window_geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self._q.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._q.setValue("window/state", value)

    @property
    def splitter_state(self) -> QByteArray | None:
        return self._bytes("window/splitter")

    @splitter_state.setter
    def splitter_state(self, value: QByteArray) -> None:
        self._q.setValue("window/splitter", value)

    @property
    def library_splitter_state(self) -> QByteArray | None:
        return self._bytes("window/library_splitter")

    @library_splitter_state.setter
    def library_splitter_state(self, value: QByteArray) -> None:
        self._q.setValue("window/library_splitter", value)

    @property
    def library_header_state(self) -> QByteArray | None:
        return self._bytes("library/header")

    @library_header_state.setter
    def library_header_state(self, value: QByteArray) -> None:
        self._q.setValue("library/header", value)

    # --- library list --------------------------------------------------------------------

    @property
    def sort_key(self) -> str:
        return self._get("library/sort_key", "imported", str)

    @sort_key.setter
    def sort_key(self, value: str) -> None:
        self._q.setValue("library/sort_key", value)

    @property
    def sort_descending(self) -> bool:
        return self._get("library/sort_descending", True, bool)

    @sort_descending.setter
    def sort_descending(self, value: bool) -> None:
        self._q.setValue("library/sort_descending", value)

    @property
    def last_article_id(self) -> int:
        return self._get("library/last_article", 0, int)

    @last_article_id.setter
    def last_article_id(self, value: int) -> None:
        self._q.setValue("library/last_article", value)

    @property
    def last_import_dir(self) -> str:
        return self._get("import/last_dir", "", str)

    @last_import_dir.setter
    def last_import_dir(self, value: str) -> None:
        self._q.setValue("import/last_dir", value)

    # --- reading -------------------------------------------------------------------------

    @property
    def reading_font_family(self) -> str:
        return self._get("reading/font_family", "", str)

    @reading_font_family.setter
    def reading_font_family(self, value: str) -> None:
        self._q.setValue("reading/font_family", value)

    @property
    def reading_font_size(self) -> float:
        return self._get("reading/font_size", 12.5, float)

    @reading_font_size.setter
    def reading_font_size(self, value: float) -> None:
        self._q.setValue("reading/font_size", value)

    # --- entities ------------------------------------------------------------------------

    @property
    def entities_visible(self) -> bool:
        return self._get("entities/visible", True, bool)

    @entities_visible.setter
    def entities_visible(self, value: bool) -> None:
        self._q.setValue("entities/visible", value)

    @property
    def hidden_entity_labels(self) -> set[str]:
        raw = self._get("entities/hidden_labels", "", str)
        return {label for label in raw.split(",") if label}

    @hidden_entity_labels.setter
    def hidden_entity_labels(self, value: set[str]) -> None:
        self._q.setValue("entities/hidden_labels", ",".join(sorted(value)))

    @property
    def analysis_paused(self) -> bool:
        return self._get("entities/paused", False, bool)

    @analysis_paused.setter
    def analysis_paused(self, value: bool) -> None:
        self._q.setValue("entities/paused", value)

    # --- preferences (Edit › Preferences) ------------------------------------------------

    @property
    def line_width(self) -> int:
        """Characters per line of the reading column."""
        return _clamp(self._get("reading/line_width", LINE_WIDTH_DEFAULT, int), *LINE_WIDTH_RANGE)

    @line_width.setter
    def line_width(self, value: int) -> None:
        self._q.setValue("reading/line_width", _clamp(value, *LINE_WIDTH_RANGE))

    @property
    def theme(self) -> str:
        """The theme: "system" (follow the platform's colour scheme), "light" or "dark"."""
        value = self._get("view/theme", "system", str)
        return value if value in THEMES else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self._q.setValue("view/theme", value if value in THEMES else "system")

    @property
    def default_highlight_colour(self) -> str:
        return self._get("highlights/default_colour", "yellow", str) or "yellow"

    @default_highlight_colour.setter
    def default_highlight_colour(self, value: str) -> None:
        self._q.setValue("highlights/default_colour", value)

    @property
    def library_file(self) -> str:
        """The library chosen with Preferences › Move… ("" : the default place); --db and
        READER_DB still win over it (reader.paths.library_path)."""
        return self._get("library/file", "", str)

    @library_file.setter
    def library_file(self, value: str) -> None:
        self._q.setValue("library/file", value)

    @property
    def backup_count(self) -> int:
        """How many automatic backups of the library to keep."""
        return _clamp(self._get("library/backup_count", BACKUP_COUNT_DEFAULT, int), *BACKUP_RANGE)

    @backup_count.setter
    def backup_count(self, value: int) -> None:
        self._q.setValue("library/backup_count", _clamp(value, *BACKUP_RANGE))

    # --- export --------------------------------------------------------------------------

    @property
    def export_format(self) -> str:
        return self._get("export/format", "md", str)

    @export_format.setter
    def export_format(self, value: str) -> None:
        self._q.setValue("export/format", value)

    @property
    def export_highlight_style(self) -> str:
        return self._get("export/highlight_style", "mark", str)

    @export_highlight_style.setter
    def export_highlight_style(self, value: str) -> None:
        self._q.setValue("export/highlight_style", value)

    @property
    def export_notes(self) -> str:
        return self._get("export/notes", "inline", str)

    @export_notes.setter
    def export_notes(self, value: str) -> None:
        self._q.setValue("export/notes", value)

    @property
    def export_highlights_only(self) -> bool:
        return self._get("export/highlights_only", False, bool)

    @export_highlights_only.setter
    def export_highlights_only(self, value: bool) -> None:
        self._q.setValue("export/highlights_only", value)

    @property
    def export_entities(self) -> bool:
        return self._get("export/entities", False, bool)

    @export_entities.setter
    def export_entities(self, value: bool) -> None:
        self._q.setValue("export/entities", value)

    @property
    def export_page_size(self) -> str:
        return self._get("export/page_size", "a4", str)

    @export_page_size.setter
    def export_page_size(self, value: str) -> None:
        self._q.setValue("export/page_size", value)

    @property
    def export_combined(self) -> bool:
        return self._get("export/combined", False, bool)

    @export_combined.setter
    def export_combined(self, value: bool) -> None:
        self._q.setValue("export/combined", value)

    @property
    def last_export_dir(self) -> str:
        return self._get("export/last_dir", "", str)

    @last_export_dir.setter
    def last_export_dir(self, value: str) -> None:
        self._q.setValue("export/last_dir", value)

    # --- keyboard shortcuts (Help › Keyboard Shortcuts) ----------------------------------

    def shortcut_overrides(self) -> dict[str, object]:
        """The user's keys for the actions they changed, by the action's objectName, as
        stored (normally "Ctrl+J; F6" in portable text, "" for none). Only differences from
        the defaults are stored, so a later version's new defaults still reach the rest;
        the caller checks each value, since the file may hold anything."""
        self._q.beginGroup(SHORTCUTS_GROUP)
        try:
            return {name: self._q.value(name) for name in self._q.childKeys()}
        finally:
            self._q.endGroup()

    def set_shortcut_override(self, name: str, keys: str | None) -> None:
        """Remember an action's keys (None: back to its defaults, nothing stored)."""
        key = f"{SHORTCUTS_GROUP}/{name}"
        if keys is None:
            self._q.remove(key)
        else:
            self._q.setValue(key, keys)


THEMES = ("system", "light", "dark")
LINE_WIDTH_DEFAULT = 70
LINE_WIDTH_RANGE = (40, 120)
BACKUP_COUNT_DEFAULT = 10
BACKUP_RANGE = (1, 100)
SHORTCUTS_GROUP = "shortcuts"


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, int(value)))
