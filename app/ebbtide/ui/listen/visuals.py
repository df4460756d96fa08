"""What Listen shows while a recording plays or the timer runs, drawn with QPainter in
the theme's colours: a slow resting-breath glow, the caption being spoken (large) with
the one before it fading away, and the timer as a quiet ring.

Movement is slow and optional: with reduced motion the glow stands still and captions
simply change, with no fade.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import (
    QEasingCurve,
    QPointF,
    QPropertyAnimation,
    QRectF,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen, QRadialGradient
from PySide6.QtWidgets import (
    QGraphicsOpacityEffect,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ebbtide.ui.theme import space

RESTING_BREATH_S = 10.0  # six breaths a minute: a slow, resting rhythm to rest the eyes on
GLOW_FPS = 20  # slow movement needs few frames
FADE_MS = 2600  # how long the caption before takes to fade away
PREVIOUS_OPACITY = 0.55
RING_MAX_PX = 380  # a quiet ring, not a wall clock, however wide the window
RING_LEAST_PX = 250
RING_LEAST_COMPACT_PX = 170  # on a short window: still room for the time inside


class RestingBreath(QWidget):
    """A soft circle that slowly swells and settles, once every ten seconds. Its size is a
    pure function of the clock, so a late frame never puts it out of step."""

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.reduced_motion = False
        self._timer = QTimer(self)
        self._timer.setInterval(int(1000 / GLOW_FPS))
        self._timer.timeout.connect(self.update)
        self.setAccessibleName("A slow breathing glow")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(72)

    def sizeHint(self) -> QSize:
        return QSize(200, 110)

    @property
    def moving(self) -> bool:
        return self._timer.isActive()

    def set_moving(self, on: bool) -> None:
        """Breathe while something plays; rest (still) when paused or with reduced motion."""
        if on and not self.reduced_motion:
            self._timer.start()
        else:
            self._timer.stop()
        self.update()

    def set_reduced_motion(self, on: bool) -> None:
        self.reduced_motion = on
        if on:
            self._timer.stop()
        self.update()

    def share(self) -> float:
        """0..1: how full the breath is now (a still middle with reduced motion)."""
        if self.reduced_motion or not self.moving:
            return 0.5
        phase = (self.clock() % RESTING_BREATH_S) / RESTING_BREATH_S
        return 0.5 - 0.5 * math.cos(2 * math.pi * phase)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        accent = self.palette().color(QPalette.ColorRole.Highlight)
        biggest = min(self.width(), self.height()) / 2 - 4
        radius = biggest * (0.55 + 0.45 * self.share())
        centre = QPointF(self.width() / 2, self.height() / 2)
        gradient = QRadialGradient(centre, radius)
        core = QColor(accent)
        core.setAlpha(90)
        edge = QColor(accent)
        edge.setAlpha(0)
        gradient.setColorAt(0.0, core)
        gradient.setColorAt(0.65, QColor(accent.red(), accent.green(), accent.blue(), 45))
        gradient.setColorAt(1.0, edge)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(gradient)
        painter.drawEllipse(centre, radius, radius)
        painter.end()


class CaptionStage(QWidget):
    """The caption being spoken, large; the one before it just above, smaller, fading
    away (an opacity animation) until it is gone. With reduced motion only the current
    caption shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reduced_motion = False
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(space("s"))
        self.previous_label = QLabel()
        self.previous_label.setObjectName("listenPreviousCaption")
        self.previous_label.setWordWrap(True)
        self.previous_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Smaller than the words being spoken, but still easy to finish reading.
        self.previous_label.setProperty("role", "echo")
        self.previous_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.fade_effect = QGraphicsOpacityEffect(self.previous_label)
        self.fade_effect.setOpacity(PREVIOUS_OPACITY)
        self.previous_label.setGraphicsEffect(self.fade_effect)
        self.fade = QPropertyAnimation(self.fade_effect, b"opacity", self)
        self.fade.setDuration(FADE_MS)
        self.fade.setStartValue(PREVIOUS_OPACITY)
        self.fade.setEndValue(0.0)
        self.fade.setEasingCurve(QEasingCurve.Type.InQuad)
        self.fade.finished.connect(self._gone)
        self.caption_label = QLabel()
        self.caption_label.setObjectName("listenCaption")
        self.caption_label.setWordWrap(True)
        self.caption_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption_label.setProperty("role", "lead")  # large, to read while listening
        self.caption_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        col.addStretch(1)  # the two together, in the middle: the old just above the new
        col.addWidget(self.previous_label)
        col.addWidget(self.caption_label)
        col.addStretch(1)
        self.previous_label.hide()

    @property
    def fading(self) -> bool:
        return self.fade.state() == QPropertyAnimation.State.Running

    def set_reduced_motion(self, on: bool) -> None:
        self.reduced_motion = on
        if on:
            self.fade.stop()
            self._gone()

    def set_caption(self, text: str) -> None:
        """Show `text` as the caption now; the one it replaces fades (if it was words)."""
        old = self.caption_label.text()
        if old == text:
            return
        self.caption_label.setText(text)
        if self.reduced_motion or not old:
            return
        self.fade.stop()
        self.previous_label.setText(old)
        self.fade_effect.setOpacity(PREVIOUS_OPACITY)
        self.previous_label.show()
        self.fade.start()

    def _gone(self) -> None:
        self.previous_label.hide()
        self.previous_label.setText("")


class TimerRing(QWidget):
    """A quiet ring that fills as the sitting goes by, with what is inside it (the time
    left, as words a screen reader reads) laid out in its middle."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value = 0.0  # 0..1 of the whole sitting
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.inner = QVBoxLayout(self)
        self.inner.setSpacing(space("xs"))
        self.setAccessibleName("Time in this sitting")
        self.set_compact(False)

    def set_compact(self, compact: bool) -> None:
        least = RING_LEAST_COMPACT_PX if compact else RING_LEAST_PX
        self.setMinimumSize(least, least)
        edge = space("xl") if compact else space("xxl")
        self.inner.setContentsMargins(edge, edge, edge, edge)

    def set_value(self, value: float, description: str) -> None:
        self.value = min(1.0, max(0.0, value))
        self.setAccessibleDescription(description)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        accent = palette.color(QPalette.ColorRole.Highlight)
        track = QColor(palette.color(QPalette.ColorRole.PlaceholderText))
        track.setAlpha(60)
        side = min(self.width(), self.height(), RING_MAX_PX) - 16
        rect = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        painter.setPen(QPen(track, 6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawEllipse(rect)
        if self.value > 0:
            painter.setPen(QPen(accent, 6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            # From the top, clockwise (Qt counts sixteenths of a degree, anticlockwise).
            painter.drawArc(rect, 90 * 16, -round(self.value * 360 * 16))
        painter.end()
