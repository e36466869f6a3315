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

    # --- safety --------------------------------------------------------------------------

    @property
    def backup_count(self) -> int:
        """How many library backups to keep (the newest ones)."""
        return max(1, self._get("library/backup_count", 10, int))

    @backup_count.setter
    def backup_count(self, value: int) -> None:
        self._q.setValue("library/backup_count", int(value))
