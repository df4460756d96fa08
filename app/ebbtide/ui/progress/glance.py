"""The top of Progress at a glance: a small sparkline of the last twelve weeks (where
sessions typically ended, week by week) beside one plain sentence. Drawn with QPainter
in the theme's colours; its numbers are in its accessible description."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

WEEKS = 12


class Sparkline(QWidget):
    """Typical distress after practice, one point a week (gaps where a week had none),
    on a fixed 0–10 scale so a calm stretch looks calm, lower being calmer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: list[float] = []
        # Named, with its numbers as the description; not a "chart" role, which promises
        # a table a key away (the calm-down chart below has that).
        self.setAccessibleName("The last twelve weeks at a glance")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setFixedSize(self.sizeHint())
        self.hide()

    def sizeHint(self) -> QSize:
        return QSize(132, 40)

    def set_values(self, values: Sequence[float]) -> None:
        self.values = [float(v) for v in values]
        known = [v for v in self.values if not math.isnan(v)]
        self.setVisible(len(known) >= 2)
        if known:
            words = ", ".join("none" if math.isnan(v) else f"{v:g}" for v in self.values)
            self.setAccessibleDescription(
                "Where your sessions typically ended, out of 10, week by week over the "
                f"last {len(self.values)} weeks (lower is calmer): {words}.")
        self.update()

    def points(self) -> list[QPointF | None]:
        """Where each week's dot goes (None for a week without sessions)."""
        n = len(self.values)
        rect = QRectF(self.rect()).adjusted(4, 5, -5, -5)
        out: list[QPointF | None] = []
        for i, v in enumerate(self.values):
            if math.isnan(v):
                out.append(None)
                continue
            x = rect.left() + (rect.width() * i / max(1, n - 1))
            y = rect.top() + rect.height() * (v / 10.0)  # 0 (calm) at the top
            out.append(QPointF(x, y))
        return out

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        accent = palette.color(QPalette.ColorRole.Highlight)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        # A faint baseline at the middle of the scale, for a sense of where 5 is.
        base = QPen(muted, 1, Qt.PenStyle.DotLine)
        painter.setPen(base)
        middle = self.height() / 2
        painter.drawLine(QPointF(2, middle), QPointF(self.width() - 2, middle))
        path = QPainterPath()
        started = False
        last: QPointF | None = None
        for point in self.points():
            if point is None:
                started = False  # a week without sessions is a gap, not a dip
                continue
            if started:
                path.lineTo(point)
            else:
                path.moveTo(point)
                started = True
            last = point
        painter.setPen(QPen(accent, 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                            Qt.PenJoinStyle.RoundJoin))
        painter.drawPath(path)
        if last is not None:
            painter.setBrush(accent)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(last, 3.5, 3.5)
        painter.end()
