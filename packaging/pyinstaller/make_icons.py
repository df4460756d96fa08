"""Make the Windows and macOS icons from resources/icons/ebbtide.svg, so only the SVG is
kept in the repository: `python make_icons.py OUT_DIR` writes ebbtide.png (1024 px),
ebbtide.ico and ebbtide.icns. Qt draws the SVG (it is already installed); Pillow writes
the icon files (PyInstaller itself uses Pillow for icons). The spec calls this."""

from __future__ import annotations

import os
import sys
from pathlib import Path

SVG = Path(__file__).resolve().parents[2] / "resources" / "icons" / "ebbtide.svg"
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def render_png(out: Path, size: int = 1024) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG} is not an SVG Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    if not image.save(str(out)):
        raise SystemExit(f"could not write {out}")


def main(out_dir: str) -> None:
    from PIL import Image

    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    png = folder / "ebbtide.png"
    render_png(png)
    with Image.open(png) as image:
        image.save(folder / "ebbtide.ico", sizes=ICO_SIZES)
        image.save(folder / "ebbtide.icns")
    print(f"icons written to {folder}")


if __name__ == "__main__":
    main(sys.argv[1])
