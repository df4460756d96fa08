"""Before and after, gently: for each small risk tried (oldest on the left), how sure
the person was that what they feared would happen (an open ring) and how sure they are
afterwards (a filled dot), joined by a line. Drawn with QPainter in the theme's colours;
no scores, no celebration."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ebbtide.core.notice import RiskEntry
from ebbtide.ui.notice.wall import mix

MOST = 40  # the latest this many are drawn, so each keeps some room
HEIGHT = 128
LEFT = 34.0
PAD = 10.0


class SureChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pairs: list[tuple[int, int]] = []
        self.setFixedHeight(HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # so a screen reader can reach it
        self.setAccessibleName("How sure you were, before and after each small risk")
        self.set_entries([])

    def set_entries(self, risks: list[RiskEntry]) -> None:
        """Tried risks, in any order; those with both numbers are drawn."""
        rated = sorted((r for r in risks if r.sure_before is not None
                        and r.sure_after is not None), key=lambda r: r.occurred_utc)
        self.pairs = [(int(r.sure_before or 0), int(r.sure_after or 0))
                      for r in rated][-MOST:]
        self.setVisible(bool(self.pairs))
        if self.pairs:
            before = sum(b for b, _ in self.pairs) / len(self.pairs)
            after = sum(a for _, a in self.pairs) / len(self.pairs)
            n = len(self.pairs)
            self.setAccessibleDescription(
                f"Over {n} small risk{'s' if n != 1 else ''} you tried, you were on average "
                f"{before:.0f} out of 100 sure beforehand that what you feared would happen, "
                f"and {after:.0f} afterwards.")
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(400, HEIGHT)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.pairs:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        accent = palette.color(QPalette.ColorRole.Highlight)
        ground = palette.color(QPalette.ColorRole.Window)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        area = QRectF(LEFT, PAD, self.width() - LEFT - PAD, self.height() - 2 * PAD - 22)
        painter.setPen(QPen(mix(muted, ground, 0.6), 1))
        for level in (0, 50, 100):
            y = area.bottom() - area.height() * level / 100
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(muted)
            painter.drawText(QRectF(0, y - 8, LEFT - 6, 16),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             str(level))
            painter.setPen(QPen(mix(muted, ground, 0.6), 1))
        painter.setPen(muted)
        painter.drawText(QRectF(area.left(), area.bottom() + 6, area.width(), 20),
                         Qt.AlignmentFlag.AlignLeft,
                         "How sure you were it would go wrong: ○ before, ● after")
        step = area.width() / max(len(self.pairs), 1)
        line = QPen(mix(accent, ground, 0.45), 2)
        for i, (before, after) in enumerate(self.pairs):
            x = area.left() + step * (i + 0.5)
            top = QPointF(x, area.bottom() - area.height() * before / 100)
            bottom = QPointF(x, area.bottom() - area.height() * after / 100)
            painter.setPen(line)
            painter.drawLine(top, bottom)
            painter.setPen(QPen(accent, 1.5))
            painter.setBrush(ground)
            painter.drawEllipse(top, 4, 4)
            painter.setBrush(accent)
            painter.drawEllipse(bottom, 4, 4)
