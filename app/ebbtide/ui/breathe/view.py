"""The breathing picture: a soft circle that grows on the inhale, rests on holds and
shrinks on the exhale, the phase word and the seconds left in it, and a ring for the
session's progress. With reduced motion nothing scales: the word, the count and a bar
that slowly fills through each phase.

The view holds no time of its own. Each paint asks the session for its state (a pure
function of the session's clock), so a late or skipped frame can never put it behind.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from ebbtide.core.breathing import SessionState, Stage
from ebbtide.ui.common.announce import announce

# Breath sizes as shares of the largest circle that fits.
MAX_PICTURES = 64  # words and counts kept drawn; a few dozen at most in a session
MIN_SHARE = 0.42
MAX_SHARE = 1.0


@dataclass(frozen=True)
class Painted:
    """What the last frame showed, in words and numbers (for tests and screen readers)."""

    word: str
    count: str
    radius: float | None  # None when nothing scales (reduced motion, lead-in)
    bar: float | None  # 0..1 phase bar in reduced motion


@dataclass(frozen=True)
class ViewColors:
    background: QColor
    text: QColor
    muted: QColor
    accent: QColor
    track: QColor


def soft_fill(c: ViewColors, share: float) -> QColor:
    """The accent laid over the background at `share`, as one opaque colour: inside the
    circle the background is plain, so this paints the same pixels as a translucent fill
    without blending every one of them each frame (the largest cost of a frame)."""
    a, b = c.accent, c.background
    return QColor.fromRgbF(b.redF() + (a.redF() - b.redF()) * share,
                           b.greenF() + (a.greenF() - b.greenF()) * share,
                           b.blueF() + (a.blueF() - b.blueF()) * share)


def count_text(seconds_left: float) -> str:
    """Whole seconds left, counted down like a person would: 4, 3, 2, 1."""
    return str(max(1, math.ceil(seconds_left - 1e-6)))


class BreathView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Breathing guide")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 320)
        self._source: Callable[[], SessionState] | None = None
        self.reduced_motion = False
        self.paused = False
        self.announce_phases = False  # spoken cues chosen: say each phase
        self.last: Painted | None = None
        self._colors: ViewColors | None = None
        self._still: QPixmap | None = None
        self._still_key: tuple[object, ...] | None = None
        # Words drawn once and copied each frame: (text, size, weight, halo, colours, ratio)
        self._pictures: dict[tuple[object, ...], QPixmap] = {}
        self._fonts: dict[tuple[int, QFont.Weight], tuple[QFont, QFontMetricsF]] = {}
        self._advances: dict[tuple[str, int, QFont.Weight], float] = {}
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    def set_source(self, source: Callable[[], SessionState] | None) -> None:
        self._source = source
        self.update()

    def set_reduced_motion(self, on: bool) -> None:
        self.reduced_motion = on
        self.update()

    def colors(self) -> ViewColors:
        pal = self.palette()
        role = pal.ColorRole
        accent = pal.color(role.Highlight)
        track = QColor(pal.color(role.Mid))
        return ViewColors(pal.color(role.Window), pal.color(role.WindowText),
                          pal.color(role.PlaceholderText), accent, track)

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._colors = None  # the theme (or its typeface) may have changed
        self._fonts.clear()
        self._advances.clear()
        self._pictures.clear()
        super().changeEvent(event)

    # -- painting ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._colors is None:
            self._colors = self.colors()
        c = self._colors
        state = self._source() if self._source is not None else None
        w, h = self.width(), self.height()
        cx, cy = w / 2.0, h / 2.0
        outer = max(40.0, min(w, h) / 2.0 - 28.0)  # the progress ring's radius
        biggest = outer - 22.0
        p = QPainter(self)
        p.drawPixmap(0, 0, self._still_layer(c, cx, cy, outer, biggest))
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        word, count, radius, bar = "", "", None, None

        if state is None:
            word = "Ready when you are"
        elif state.stage is Stage.LEAD_IN:
            word, count = "Get comfortable", str(state.lead_in_count)
        elif state.stage is Stage.DONE or state.phase is None:
            word = "Let your breath find its own pace"
        else:
            ph = state.phase
            word, count = ph.word, count_text(ph.seconds_left)
            if self.reduced_motion:
                bar = ph.progress
            else:
                radius = biggest * (MIN_SHARE + (MAX_SHARE - MIN_SHARE) * ph.level)
        if self.paused:
            word = "Paused"

        self._paint_progress(p, c, cx, cy, outer, state)
        if radius is not None:
            self._paint_breath(p, c, cx, cy, radius)
        elif not self.reduced_motion:
            self._paint_resting(p, c, cx, cy, biggest * MIN_SHARE)
        circle = radius if radius is not None else (
            None if self.reduced_motion else biggest * MIN_SHARE)
        self._paint_words(p, c, cx, cy, biggest, word, count, bar, circle)
        p.end()
        if self.last is None or (self.last.word, self.last.count) != (word, count):
            # Screen readers hear the phase and the count, not the picture.
            self.setAccessibleDescription(f"{word} {count}".strip())
            if self.announce_phases and (self.last is None or self.last.word != word):
                announce(self, word)
        self.last = Painted(word, count, radius, bar)

    def _still_layer(self, c: ViewColors, cx: float, cy: float, outer: float,
                     biggest: float) -> QPixmap:
        """What does not move (background, the ring's track, the faint outline of a full
        breath), drawn once per size and theme: the dotted outline alone costs about a
        millisecond a frame in software rendering."""
        key = (self.width(), self.height(), self.devicePixelRatioF(), self.reduced_motion,
               c.background.rgba(), c.track.rgba(), c.accent.rgba())
        if self._still is not None and self._still_key == key:
            return self._still
        ratio = self.devicePixelRatioF()
        pix = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
        pix.setDevicePixelRatio(ratio)
        pix.fill(c.background)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(QPen(c.track, 6.0))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(QRectF(cx - outer, cy - outer, 2 * outer, 2 * outer))
        if not self.reduced_motion:
            guide = QColor(c.accent)
            guide.setAlphaF(0.25)
            p.setPen(QPen(guide, 2.0, Qt.PenStyle.DotLine))
            p.drawEllipse(QRectF(cx - biggest, cy - biggest, 2 * biggest, 2 * biggest))
        p.end()
        self._still, self._still_key = pix, key
        return pix

    def _paint_progress(self, p: QPainter, c: ViewColors, cx: float, cy: float,
                        r: float, state: SessionState | None) -> None:
        if state is None or state.progress is None or state.progress <= 0:
            return
        rect = QRectF(cx - r, cy - r, 2 * r, 2 * r)
        pen = QPen(c.accent, 6.0)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        # Qt angles are sixteenths of a degree, counter-clockwise from 3 o'clock.
        p.drawArc(rect, 90 * 16, -round(state.progress * 360 * 16))

    def _paint_breath(self, p: QPainter, c: ViewColors, cx: float, cy: float,
                      radius: float) -> None:
        p.setPen(QPen(c.accent, 3.0))
        p.setBrush(soft_fill(c, 0.28))
        p.drawEllipse(QRectF(cx - radius, cy - radius, 2 * radius, 2 * radius))

    def _paint_resting(self, p: QPainter, c: ViewColors, cx: float, cy: float,
                       radius: float) -> None:
        p.setPen(QPen(c.accent, 2.0))
        p.setBrush(soft_fill(c, 0.18))
        p.drawEllipse(QRectF(cx - radius, cy - radius, 2 * radius, 2 * radius))

    def _font(self, px: int, weight: QFont.Weight) -> tuple[QFont, QFontMetricsF]:
        key = (px, weight)
        if key not in self._fonts:
            font = QFont(self.font())
            font.setPixelSize(px)
            font.setWeight(weight)
            self._fonts[key] = (font, QFontMetricsF(font))
        return self._fonts[key]

    def _advance(self, text: str, px: int, weight: QFont.Weight) -> float:
        """How wide `text` is at this size, measured once (measuring is not free)."""
        key = (text, px, weight)
        if key not in self._advances:
            if len(self._advances) > MAX_PICTURES:
                self._advances.clear()
            self._advances[key] = self._font(px, weight)[1].horizontalAdvance(text)
        return self._advances[key]

    def _picture(self, c: ViewColors, font: QFont, metrics: QFontMetricsF, text: str,
                 halo_width: float) -> QPixmap:
        """`text` drawn once per text, size and theme (with a halo in the background
        colour when `halo_width` > 0), then copied each frame: laying out and drawing
        text, and above all stroking its outline, cost a good part of a frame in
        software rendering, and the words change only once a second or once a phase.
        The picture's top-left is `pad` pixels above and left of the line's top-left."""
        ratio = self.devicePixelRatioF()
        key = (text, font.pixelSize(), font.weight(), halo_width, ratio,
               c.background.rgba(), c.text.rgba())
        found = self._pictures.get(key)
        if found is not None:
            return found
        if len(self._pictures) > MAX_PICTURES:
            self._pictures.clear()
        pad = math.ceil(halo_width) + 1
        width = math.ceil(metrics.horizontalAdvance(text)) + 2 * pad + 1
        height = math.ceil(metrics.ascent() + metrics.descent()) + 2 * pad + 1
        pix = QPixmap(round(width * ratio), round(height * ratio))
        pix.setDevicePixelRatio(ratio)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if halo_width > 0:
            path = QPainterPath()
            path.addText(pad, pad + metrics.ascent(), font, text)
            halo = QColor(c.background)
            halo.setAlphaF(0.6)
            halo_pen = QPen(halo, halo_width)
            halo_pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            p.strokePath(path, halo_pen)
            p.fillPath(path, c.text)
        else:
            p.setFont(font)
            p.setPen(c.text)
            p.drawText(QPointF(pad, pad + metrics.ascent()), text)
        p.end()
        self._pictures[key] = pix
        return pix

    def bar_rect(self) -> QRectF:
        w, h = self.width(), self.height()
        biggest = max(40.0, min(w, h) / 2.0 - 28.0) - 22.0
        bw = biggest * 1.2
        return QRectF(w / 2.0 - bw / 2, h / 2.0 + biggest * 0.42, bw, 14.0)

    def _paint_words(self, p: QPainter, c: ViewColors, cx: float, cy: float, biggest: float,
                     word: str, count: str, bar: float | None,
                     circle: float | None = None) -> None:
        word_px = max(18, int(biggest * 0.16))
        font, metrics = self._font(word_px, QFont.Weight.DemiBold)
        # The word's line sits on the bottom of its band, centred on the circle.
        bottom = cy - biggest * 0.19 - word_px + word_px * 1.6
        half_width = self._advance(word, word_px, QFont.Weight.DemiBold) / 2.0
        # A word wider than the circle crosses its line: a soft halo in the background
        # colour keeps it readable over it.
        halo = max(3.0, word_px * 0.16) if circle is not None and half_width > circle * 0.9 \
            else 0.0
        if word:
            pad = math.ceil(halo) + 1
            p.drawPixmap(round(cx - half_width) - pad,
                         round(bottom - metrics.descent() - metrics.ascent()) - pad,
                         self._picture(c, font, metrics, word, halo))
        if count:
            count_px = max(28, int(biggest * 0.36))
            count_font, count_metrics = self._font(count_px, QFont.Weight.Light)
            top = cy - biggest * 0.15  # the count's line hangs from here
            p.drawPixmap(round(cx - self._advance(count, count_px, QFont.Weight.Light) / 2.0) - 1,
                         round(top) - 1,
                         self._picture(c, count_font, count_metrics, count, 0.0))
        if bar is not None:
            rect = self.bar_rect()
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(c.track)
            p.drawRoundedRect(rect, 7, 7)
            if bar > 0:
                filled = QRectF(rect.x(), rect.y(), max(14.0, rect.width() * bar), rect.height())
                p.setBrush(c.accent)
                p.drawRoundedRect(filled, 7, 7)
