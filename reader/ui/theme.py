"""Light, dark or the platform's theme: the Fusion style with a full palette.

Fusion looks the same on every platform and draws everything from the palette, so one
palette per theme is the whole theme. The widgets follow palette changes themselves
(the reading pane re-colours its entity and highlight marks on a PaletteChange); the
ThemeManager only says which palette, and follows the platform's colour scheme while
the theme is "system".
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

THEME_NAMES: dict[str, str] = {"system": "Same as the System", "light": "Light", "dark": "Dark"}

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

_DARK: dict[QPalette.ColorRole, str] = {
    Role.Window: "#2b2b2e",
    Role.WindowText: "#e0e0e0",
    Role.Base: "#1e1e20",  # the reading pane: a soft black, easier on the eyes than #000
    Role.AlternateBase: "#29292c",
    Role.ToolTipBase: "#3a3a3e",
    Role.ToolTipText: "#e8e8e8",
    Role.PlaceholderText: "#8c8c90",
    Role.Text: "#e0e0e0",
    Role.Button: "#353539",
    Role.ButtonText: "#e0e0e0",
    Role.BrightText: "#ff7070",
    Role.Light: "#4b4b50",
    Role.Midlight: "#3d3d42",
    Role.Mid: "#505055",
    Role.Dark: "#18181a",
    Role.Shadow: "#000000",
    Role.Highlight: "#3b6fc4",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#79b8ff",
    Role.LinkVisited: "#c39bff",
    Role.Accent: "#3b6fc4",
}
_DARK_DISABLED: dict[QPalette.ColorRole, str] = {
    Role.WindowText: "#77777c",
    Role.Text: "#77777c",
    Role.ButtonText: "#77777c",
    Role.Base: "#252528",
    Role.Button: "#2f2f33",
    Role.Highlight: "#48484d",
    Role.HighlightedText: "#a0a0a0",
    Role.PlaceholderText: "#5e5e62",
    Role.Link: "#4f7399",
}
_DARK_INACTIVE: dict[QPalette.ColorRole, str] = {
    Role.Highlight: "#33507f",
    Role.HighlightedText: "#e8e8e8",
}


def light_palette() -> QPalette:
    """Fusion's own light palette (every role and group set by Qt)."""
    style = QStyleFactory.create("Fusion")
    palette = QPalette(style.standardPalette())
    style.deleteLater()
    return palette


def dark_palette() -> QPalette:
    """A full dark palette: every role in the active, inactive and disabled groups."""
    palette = QPalette()
    for role, colour in _DARK.items():
        palette.setColor(role, QColor(colour))  # all groups
    for role, colour in _DARK_DISABLED.items():
        palette.setColor(Group.Disabled, role, QColor(colour))
    for role, colour in _DARK_INACTIVE.items():
        palette.setColor(Group.Inactive, role, QColor(colour))
    return palette


def system_is_dark() -> bool:
    """The platform's colour scheme (Qt 6.5+); light when the platform does not say."""
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def resolve(theme: str) -> bool:
    """Whether `theme` ("system", "light", "dark") means dark colours now."""
    if theme == "dark":
        return True
    if theme == "light":
        return False
    return system_is_dark()


def apply_theme(theme: str) -> bool:
    """Fusion with the theme's palette, application-wide; returns whether it is dark."""
    app = QApplication.instance()
    dark = resolve(theme)
    if not isinstance(app, QApplication):
        return dark
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    palette = dark_palette() if dark else light_palette()
    if app.palette() != palette:
        app.setPalette(palette)
        # Widgets learn of it from posted events: deliver them now, so that everything
        # (and whoever re-colours on `ThemeManager.changed`) sees the new palette at once.
        QApplication.sendPostedEvents(None, QEvent.Type.ApplicationPaletteChange)
    return dark


class ThemeManager(QObject):
    """The theme in use; follows the platform's colour scheme while it is "system"."""

    changed = Signal(bool)  # dark

    def __init__(self, theme: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._dark = apply_theme(theme)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_scheme)

    @property
    def theme(self) -> str:
        return self._theme

    @property
    def dark(self) -> bool:
        return self._dark

    def set_theme(self, theme: str) -> None:
        self._theme = theme
        self._dark = apply_theme(theme)
        self.changed.emit(self._dark)

    def _on_scheme(self, _scheme: Qt.ColorScheme) -> None:
        if self._theme == "system":
            self.set_theme("system")
