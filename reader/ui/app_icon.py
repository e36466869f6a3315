"""The app's icon for windows and the taskbar (X11 taskbars read the window icon; Wayland
desktops the desktop entry's)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from reader.paths import app_icon_files


def app_icon() -> QIcon:
    """The PNG sizes, 16 to 512 px. Not the SVG: that loads Qt's SVG icon engine plugin,
    several ms on the way to the first paint, for sizes the PNGs already cover; PNG files
    are read only when a size is drawn."""
    icon = QIcon()
    for size, path in sorted(app_icon_files().items()):
        if size:
            icon.addFile(str(path), QSize(size, size))
    return icon
