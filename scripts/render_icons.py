"""Render resources/icons/reader.svg to the hicolor PNG sizes desktops and the build use.

    uv run python scripts/render_icons.py

Writes resources/icons/hicolor/<size>x<size>/apps/reader.png. The PNGs are committed (the
wheel and the standalone build carry them as they are); run this again after editing the SVG.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from reader.paths import ICON_SIZES

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"


def render(svg: Path, size: int, out: Path) -> None:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out), "PNG"):
        raise SystemExit(f"cannot write {out}")


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    svg = ICONS / "reader.svg"
    for size in ICON_SIZES:
        out = ICONS / "hicolor" / f"{size}x{size}" / "apps" / "reader.png"
        render(svg, size, out)
        print(out.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
