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
from PySide6.QtWidgets import QApplication

THEME_NAMES: dict[str, str] = {"system": "Same as the System", "light": "Light", "dark": "Dark"}

Role = QPalette.ColorRole
Group = QPalette.ColorGroup
STYLE = "Fusion"

# Fusion's own light palette (its standardPalette(), every role and group), written out:
# asking the style for it would make PySide build its QStyle wrapper, several ms on the
# way to the first paint. tests/ui/test_theme.py checks that it matches Qt's.
_LIGHT: dict[QPalette.ColorRole, str] = {
    Role.Window: "#efefef",
    Role.WindowText: "#000000",
    Role.Base: "#ffffff",
    Role.AlternateBase: "#f7f7f7",
    Role.ToolTipBase: "#ffffdc",
    Role.ToolTipText: "#000000",
    Role.PlaceholderText: "#80000000",  # black at half opacity (#AARRGGBB)
    Role.Text: "#000000",
    Role.Button: "#efefef",
    Role.ButtonText: "#000000",
    Role.BrightText: "#ffffff",
    Role.Light: "#ffffff",
    Role.Midlight: "#cacaca",
    Role.Mid: "#b8b8b8",
    Role.Dark: "#9f9f9f",
    Role.Shadow: "#767676",
    Role.Highlight: "#308cc6",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#0000ff",
    Role.LinkVisited: "#ff00ff",
    Role.Accent: "#308cc6",
}
_LIGHT_DISABLED: dict[QPalette.ColorRole, str] = {
    Role.WindowText: "#bebebe",
    Role.Text: "#bebebe",
    Role.ButtonText: "#bebebe",
    Role.Base: "#efefef",
    Role.Dark: "#bebebe",
    Role.Shadow: "#b1b1b1",
    Role.Highlight: "#919191",
    Role.Accent: "#919191",
}

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
    """Fusion's own light palette."""
    return _palette(_LIGHT, _LIGHT_DISABLED, {})


def dark_palette() -> QPalette:
    """A full dark palette: every role in the active, inactive and disabled groups."""
    return _palette(_DARK, _DARK_DISABLED, _DARK_INACTIVE)


def _palette(
    colours: dict[QPalette.ColorRole, str],
    disabled: dict[QPalette.ColorRole, str],
    inactive: dict[QPalette.ColorRole, str],
) -> QPalette:
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))  # all groups
    for role, colour in disabled.items():
        palette.setColor(Group.Disabled, role, QColor(colour))
    for role, colour in inactive.items():
        palette.setColor(Group.Inactive, role, QColor(colour))
    return palette


_STARTED_IN_STYLE = "readerStartedInStyle"  # a property of the QApplication


def create_application(argv: list[str]) -> QApplication:
    """The QApplication, started in Fusion (whatever -style the user gave: the themes are
    Fusion palettes). Setting the style afterwards would build PySide's QStyle wrapper
    first, several ms before the window can be shown."""
    app = QApplication([*argv, "-style", STYLE])
    app.setProperty(_STARTED_IN_STYLE, True)
    return app


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
    if not app.property(_STARTED_IN_STYLE) and app.style().name().lower() != STYLE.lower():
        app.setStyle(STYLE)
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
