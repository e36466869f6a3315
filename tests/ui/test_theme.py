"""The theme's palettes: the light one is Fusion's own, written out (see reader/ui/theme.py)."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QStyleFactory

from reader.ui.theme import STYLE, dark_palette, light_palette

ROLES = [role for role in QPalette.ColorRole if role is not QPalette.ColorRole.NColorRoles]
GROUPS = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled)


def test_light_palette_is_fusions_standard_palette(qapp: object) -> None:
    style = QStyleFactory.create(STYLE)
    standard = style.standardPalette()
    ours = light_palette()
    differences = [
        (group.name, role.name, ours.color(group, role).name(), standard.color(group, role).name())
        for group in GROUPS
        for role in ROLES
        if role is not QPalette.ColorRole.NoRole
        and ours.color(group, role).rgba() != standard.color(group, role).rgba()
    ]
    style.deleteLater()
    assert differences == []


def test_dark_palette_sets_every_role_of_the_text_and_the_page(qapp: object) -> None:
    palette = dark_palette()
    for group in GROUPS:
        assert palette.color(group, QPalette.ColorRole.Base).lightness() < 60
        assert palette.color(group, QPalette.ColorRole.Text).lightness() > 100


def test_the_app_starts_in_fusion_whatever_style_is_asked_for() -> None:
    """A QApplication of its own, so in a child process."""
    script = (
        "import sys\n"
        "from reader.ui.theme import apply_theme, create_application\n"
        "app = create_application(['reader', '-style', 'Windows'])\n"
        "apply_theme('light')\n"
        "print(app.style().name())\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().lower() == STYLE.lower()
