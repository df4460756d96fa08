"""A held moment at the end of a practice (Breathe, Listen, the meditation timer): the
before → after as a small, soft picture on a 0–10 line, one warm line, and a next step
that fits the change (ebbtide.core.moments has the rule; the words are data).

The picture's after-dot drifts gently from where the person began to where they
landed; with reduced motion it is simply there.
"""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QPointF, QRectF, QSize, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.moments import MomentWords, NextAction, NextStep, load_moment_words
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.context import UiContext
from ebbtide.ui.theme import margins, space

GLIDE_MS = 1400  # slow enough to be felt, short enough not to wait for


def change_description(before: int | None, after: int | None) -> str:
    """What the picture shows, in words (its accessible description)."""
    if before is None and after is None:
        return "No ratings this time."
    if after is None:
        return f"Before: {before} out of 10."
    if before is None:
        return f"Now: {after} out of 10."
    return f"Before: {before} out of 10. After: {after} out of 10."


class ChangePicture(QWidget):
    """Two soft dots on a quiet 0–10 line — where the person began (muted) and where they
    landed (the accent) — joined by a gentle arc."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.before: int | None = None
        self.after: int | None = None
        self.reduced_motion = False
        self.progress = 1.0  # 0 → 1: how far the after-dot has drifted to its place
        self.animation = QVariantAnimation(self)
        self.animation.setStartValue(0.0)
        self.animation.setEndValue(1.0)
        self.animation.setDuration(GLIDE_MS)
        self.animation.setEasingCurve(QEasingCurve.Type.InOutSine)
        self.animation.valueChanged.connect(self._moved)
        self.setAccessibleName("Your distress, before and after")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(240)
        self.setMaximumWidth(520)
        self.setFixedHeight(self.sizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(420, 84)

    def show_change(self, before: int | None, after: int | None, reduced_motion: bool) -> None:
        self.before, self.after = before, after
        self.reduced_motion = reduced_motion
        self.setAccessibleDescription(change_description(before, after))
        self.animation.stop()
        if reduced_motion or before is None or after is None or before == after:
            self.progress = 1.0
        else:
            self.progress = 0.0
            self.animation.start()
        self.update()

    @property
    def animating(self) -> bool:
        return self.animation.state() == QVariantAnimation.State.Running

    def _moved(self, value: object) -> None:
        self.progress = float(value)  # type: ignore[arg-type]
        self.update()

    def x_of(self, value: float) -> float:
        line = self._line()
        return line.left() + line.width() * value / 10.0

    def _line(self) -> QRectF:
        return QRectF(16, self.height() * 0.62, max(1.0, self.width() - 32), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        accent = palette.color(QPalette.ColorRole.Highlight)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        text = palette.color(QPalette.ColorRole.WindowText)
        line = self._line()
        y = line.top()
        # The quiet 0–10 line with its ends named.
        soft = QColor(muted)
        soft.setAlpha(110)
        painter.setPen(QPen(soft, 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(QPointF(line.left(), y), QPointF(line.right(), y))
        painter.setPen(muted)
        font = painter.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        painter.setFont(font)
        below = QRectF(line.left() - 14, y + 8, 28, 18)
        painter.drawText(below, Qt.AlignmentFlag.AlignCenter, "0")
        painter.drawText(below.translated(line.width(), 0), Qt.AlignmentFlag.AlignCenter, "10")
        for tick in range(1, 10):
            x = self.x_of(tick)
            painter.drawPoint(QPointF(x, y))

        def dot(value: float, colour: QColor, radius: float, label: str) -> None:
            halo = QColor(colour)
            halo.setAlpha(60)
            centre = QPointF(self.x_of(value), y)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(halo)
            painter.drawEllipse(centre, radius + 5, radius + 5)
            painter.setBrush(colour)
            painter.drawEllipse(centre, radius, radius)
            if label:
                painter.setPen(text)
                painter.drawText(QRectF(centre.x() - 30, y - radius - 26, 60, 18),
                                 Qt.AlignmentFlag.AlignCenter, label)

        before, after = self.before, self.after
        if before is not None and after is not None:
            landed = before + (after - before) * self.progress
            if before != after:
                # A gentle arc from where they began to where they are now.
                start = QPointF(self.x_of(before), y)
                end = QPointF(self.x_of(landed), y)
                lift = min(30.0, abs(end.x() - start.x()) * 0.35)
                path = QPainterPath(start)
                path.quadTo(QPointF((start.x() + end.x()) / 2, y - lift), end)
                arc = QColor(accent)
                arc.setAlpha(140)
                painter.setPen(QPen(arc, 2, Qt.PenStyle.DashLine, Qt.PenCapStyle.RoundCap))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPath(path)
            dot(float(before), muted, 6, f"before {before}")
            dot(landed, accent, 8, "" if self.progress < 1 else f"now {after}")
        elif before is not None:
            dot(float(before), muted, 6, f"before {before}")
        elif after is not None:
            dot(float(after), accent, 8, f"now {after}")
        painter.end()


class MomentPanel(QWidget):
    """The picture, one warm line, and the next step that fits the change."""

    chosen = Signal(object)  # the NextAction of the step pressed

    def __init__(self, parent: QWidget | None = None, words: MomentWords | None = None) -> None:
        super().__init__(parent)
        self.words = words or load_moment_words()
        self.steps: tuple[NextStep, ...] = ()
        col = QVBoxLayout(self)
        col.setContentsMargins(margins(0, "xs"))
        col.setSpacing(space("m"))
        self.picture = ChangePicture()
        col.addWidget(self.picture)
        self.warm_line = role_label("", "subtitle", wrap=True)
        col.addWidget(self.warm_line)
        self.step_line = role_label("", "muted", wrap=True)
        col.addWidget(self.step_line)
        row = QHBoxLayout()
        self.step_button = QPushButton()
        self.step_button.clicked.connect(self._pressed)
        row.addWidget(self.step_button)
        row.addStretch(1)
        col.addLayout(row)

    def show_change(self, before: int | None, after: int | None, reduced_motion: bool) -> None:
        self.picture.show_change(before, after, reduced_motion)
        self.picture.setVisible(before is not None or after is not None)
        self.warm_line.setText(self.words.line_for(before, after))
        self.steps = self.words.next_steps(before, after)
        step = self.steps[0]
        self.step_line.setText(step.line)
        self.step_button.setText(step.label)
        self.step_button.setAccessibleName(step.label)
        self.step_button.setAccessibleDescription(step.line)

    @property
    def action(self) -> NextAction | None:
        return self.steps[0].action if self.steps else None

    def text(self) -> str:
        """What it says, for the page's one announcement."""
        return " ".join(t for t in (self.warm_line.text(), self.step_line.text()) if t)

    def _pressed(self) -> None:
        if self.steps:
            self.chosen.emit(self.steps[0].action)


# Where each next step leads (a page key and what to begin there).
_DESTINATIONS: dict[NextAction, tuple[str, dict[str, object]]] = {
    NextAction.NOTICE_WHAT_HELPED: ("notice", {"entry": "journal"}),
    NextAction.ANOTHER_PRACTICE: ("breathe", {}),
    NextAction.LISTEN: ("listen", {}),
    NextAction.STEADY: ("steady", {}),
    NextAction.PROGRESS: ("progress", {}),
}


def open_next(ctx: UiContext, action: NextAction) -> None:
    """Go where a next step leads (the main window answers: a page, or Steady me now)."""
    key, options = _DESTINATIONS[action]
    ctx.practice_requested.emit(key, dict(options))
