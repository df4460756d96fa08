"""The wall: each kept moment is a brick, laid from the bottom left in a running bond,
oldest first; a broken promise is a gap where a brick would be, outlined, so the wall
stays honest rather than hopeful. Calm colours from the theme's palette, one tint for
each of reliability, honesty and compassion; nothing moves, nothing celebrates.

Hover a brick or move with the arrow keys (Home and End for the first and the newest)
to see the moment; `current_changed` tells the page which one, and the accessible
description reads it out."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ebbtide.core.notice import EvidenceEntry, NoticeWords, RiskEntry, short_when

Moment = EvidenceEntry | RiskEntry

BRICK_W = 34.0
BRICK_H = 14.0
GAP = 3.0
MARGIN = 8.0
# How far each tint leans from the accent towards the page: calm, and told apart.
TINTS = {"reliability": 0.0, "honesty": 0.32, "compassion": 0.55}
PLAIN_TINT = 0.7  # a kept moment that names none of the three
RISK_TINT = 0.45  # a small risk that went better than feared (outlined inside, too)


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """`a` moved `amount` (0–1) of the way towards `b`."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


def describe_moment(entry: Moment, words: NoticeWords) -> str:
    if isinstance(entry, RiskEntry):
        when = short_when(entry.occurred_utc, clock=False)
        parts = [f"A small risk that went better than feared, {when}"
                 + (f", with {entry.who}" if entry.who.strip() else "")]
        if entry.risk.strip():
            parts.append(f"Tried: “{_short(entry.risk)}”")
        if entry.happened.strip():
            parts.append(f"Happened: “{_short(entry.happened)}”")
        return "\n".join(parts)
    when = short_when(entry.occurred_utc, clock=False)
    state = "Kept" if entry.kept else "Broken"
    parts = [f"{state}, {when}" + (f", with {entry.who}" if entry.who.strip() else "")]
    if entry.shows:
        parts.append("Shows " + ", ".join(words.label("shows", s).lower()
                                          for s in entry.shows))
    if entry.said.strip():
        parts.append(f"Said: “{_short(entry.said)}”")
    if entry.did.strip():
        parts.append(f"Did: “{_short(entry.did)}”")
    return "\n".join(parts)


def _short(text: str, limit: int = 120) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


@dataclass(frozen=True)
class Brick:
    rect: QRectF
    entry: Moment


class BrickWall(QWidget):
    current_changed = Signal(object)  # uid or None

    def __init__(self, words: NoticeWords, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = words
        self.entries: list[Moment] = []
        self._bricks: list[Brick] = []
        # Laid when first needed (painted, measured, moved through), not at each change
        # of entries or width: a first showing settles its width over a few resizes.
        self._unlaid = False
        self.current = -1
        self._columns = 1
        self._picture: QPixmap | None = None
        self._looks: dict[str, list[QRect]] = {}
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Wall of moments")
        self.empty_text = (
            "Your wall starts with a single brick. When someone keeps their word, or "
            "shows honesty or care, add the moment and it is laid here. A broken promise "
            "leaves a gap, so the wall stays true.")
        self._describe()

    # -- data ------------------------------------------------------------------------------

    def set_entries(self, entries: list[Moment]) -> None:
        """Finished evidence entries and small risks that went better than feared, in
        any order; laid oldest first."""
        uid = self.current_uid()
        self.entries = sorted(entries, key=lambda e: (e.occurred_utc, e.created_utc))
        self._unlaid = True
        self._picture = None
        # A brick for each entry, in the same order.
        self.current = next((i for i, e in enumerate(self.entries) if e.uid == uid), -1)
        self._describe()
        self.update()

    def current_uid(self) -> str | None:
        return self.entries[self.current].uid if 0 <= self.current < len(self.entries) \
            else None

    def select_uid(self, uid: str | None) -> None:
        index = next((i for i, e in enumerate(self.entries) if e.uid == uid), -1)
        if index != self.current:
            self.current = index
            self._describe()
            self.update()

    @property
    def kept_count(self) -> int:
        return sum(1 for e in self.entries if e.kept)

    # -- layout ----------------------------------------------------------------------------

    @property
    def bricks(self) -> list[Brick]:
        self._ensure_laid()
        return self._bricks

    def _ensure_laid(self) -> None:
        if self._unlaid:
            self._unlaid = False
            self._lay()

    def _lay(self) -> None:
        width = max(float(self.width()), BRICK_W * 4)
        columns = max(1, int((width - 2 * MARGIN + GAP) // (BRICK_W + GAP)))
        self._columns = columns
        shift = (BRICK_W + GAP) / 2
        # Every other course is set half a brick in, as bricklayers do; it holds one
        # brick fewer when the half brick would not fit.
        short = MARGIN + shift + columns * (BRICK_W + GAP) - GAP > width - MARGIN
        places: list[tuple[int, float]] = []  # (course, x) for each brick, oldest first
        course, col = 0, 0
        for _ in self.entries:
            capacity = columns - 1 if course % 2 and short else columns
            if col >= max(1, capacity):
                course, col = course + 1, 0
            offset = shift if course % 2 else 0.0
            places.append((course, MARGIN + offset + col * (BRICK_W + GAP)))
            col += 1
        rows = places[-1][0] + 1 if places else 0
        height = self._height_for(rows)
        self._bricks = [
            Brick(QRectF(x, height - MARGIN - (row + 1) * BRICK_H - row * GAP,
                         BRICK_W, BRICK_H), entry)
            for (row, x), entry in zip(places, self.entries, strict=True)
        ]
        self._looks = self._group(self._bricks)
        if self.minimumHeight() != int(height):
            self.setFixedHeight(int(height))

    @staticmethod
    def _group(bricks: list[Brick]) -> dict[str, list[QRect]]:
        """Whole-pixel rectangles grouped by how they look, worked out when the wall is
        laid, so painting changes pen and brush a few times rather than once a brick."""
        looks: dict[str, list[QRect]] = {}
        for brick in bricks:
            entry = brick.entry
            # A whole-pixel rectangle; its outline falls on its last row and column.
            outer = brick.rect.toRect().adjusted(0, 0, -1, -1)
            if isinstance(entry, RiskEntry):
                looks.setdefault("risk", []).append(outer)
                looks.setdefault("inner", []).append(outer.adjusted(3, 3, -3, -3))
            elif entry.kept:
                look = entry.shows[0] if entry.shows and entry.shows[0] in TINTS else "plain"
                looks.setdefault(look, []).append(outer)
            else:
                looks.setdefault("gap", []).append(outer)
        return looks

    def wall_height(self) -> int:
        """The height the whole wall needs at the present width."""
        self._ensure_laid()
        return self.height()

    @staticmethod
    def _height_for(rows: int) -> float:
        return max(120.0, 2 * MARGIN + rows * BRICK_H + max(0, rows - 1) * GAP)

    def sizeHint(self) -> QSize:
        return QSize(600, self.height() or 120)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._picture = None
        if event.size().width() != event.oldSize().width():
            self._unlaid = True

    # -- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        # The bricks are drawn once into a picture (again only when the entries, the
        # size or the colours change); hover and keys repaint only the picture and the
        # mark around the chosen brick.
        self._ensure_laid()
        if self._picture is None:
            self._picture = self._draw_picture()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._picture)
        if 0 <= self.current < len(self.bricks):
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            ink = self.palette().color(QPalette.ColorRole.WindowText)
            marked = self.bricks[self.current].rect.adjusted(-2, -2, 2, 2)
            painter.setPen(QPen(ink, 2.5 if self.hasFocus() else 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(marked, 3.5, 3.5)

    def _draw_picture(self) -> QPixmap:
        ratio = self.devicePixelRatioF()
        picture = QPixmap(max(1, round(self.width() * ratio)),
                          max(1, round(self.height() * ratio)))
        picture.setDevicePixelRatio(ratio)
        picture.fill(Qt.GlobalColor.transparent)
        painter = QPainter(picture)
        self.paint_bricks(painter)
        painter.end()
        return picture

    def paint_bricks(self, painter: QPainter) -> None:
        """The wall itself: kept bricks filled, broken ones outlined as gaps. Bricks are
        square to the pixel grid, so they are drawn crisp without antialiasing (which
        costs several times as much for a year of them)."""
        palette = self.palette()
        accent = palette.color(QPalette.ColorRole.Highlight)
        ground = palette.color(QPalette.ColorRole.Window)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        ink = palette.color(QPalette.ColorRole.WindowText)
        if not self.bricks:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(muted)
            painter.drawText(QRectF(self.rect()).adjusted(24, 12, -24, -12),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.empty_text)
            return
        fills = {key: mix(accent, ground, tint) for key, tint in TINTS.items()}
        plain = mix(accent, ground, PLAIN_TINT)
        risk_fill = mix(accent, ground, RISK_TINT)
        looks = self._looks
        edge = QPen(mix(accent, ink, 0.35), 1.0)
        for look in (*TINTS, "plain", "risk", "gap", "inner"):
            rects = looks.get(look)
            if not rects:
                continue
            if look == "gap":
                painter.setPen(QPen(mix(muted, ground, 0.15), 1, Qt.PenStyle.DashLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
            elif look == "inner":  # the risks' inner line, over their fill
                painter.setPen(QPen(ground, 1.0))
                painter.setBrush(Qt.BrushStyle.NoBrush)
            else:
                painter.setPen(edge)
                painter.setBrush(risk_fill if look == "risk" else fills.get(look, plain))
            painter.drawRects(rects)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._picture = None  # light or dark: draw again in the new colours
            self.update()
        super().changeEvent(event)

    # -- hover and keys ----------------------------------------------------------------------

    def brick_at(self, point: QPointF) -> int:
        for i, brick in enumerate(self.bricks):
            if brick.rect.adjusted(-GAP / 2, -GAP / 2, GAP / 2, GAP / 2).contains(point):
                return i
        return -1

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self.brick_at(event.position())
        if index >= 0:
            QToolTip.showText(event.globalPosition().toPoint(),
                              describe_moment(self.bricks[index].entry, self.words), self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.brick_at(event.position())
        if index >= 0:
            self._move_to(index)
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.bricks:
            super().keyPressEvent(event)
            return
        key = Qt.Key(event.key())
        last = len(self.bricks) - 1
        here = self.current if self.current >= 0 else last
        # Up climbs the wall (newer), as the wall is laid from the bottom.
        moves: dict[Qt.Key, int] = {
            Qt.Key.Key_Left: here - 1, Qt.Key.Key_Right: here + 1,
            Qt.Key.Key_Up: here + self._columns, Qt.Key.Key_Down: here - self._columns,
            Qt.Key.Key_Home: 0, Qt.Key.Key_End: last,
        }
        if key not in moves:
            super().keyPressEvent(event)
            return
        # With nothing chosen yet, any move starts at the newest brick.
        target = moves[key] if self.current >= 0 or key in (Qt.Key.Key_Home,
                                                            Qt.Key.Key_End) else last
        self._move_to(min(last, max(0, target)))
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self.current < 0 and self.bricks:
            self._move_to(len(self.bricks) - 1)  # the newest moment
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def _move_to(self, index: int) -> None:
        if index == self.current:
            return
        self.current = index
        self._describe()
        self.update()
        self.current_changed.emit(self.current_uid())

    def _describe(self) -> None:
        kept = self.kept_count
        broken = len(self.entries) - kept
        summary = (f"{kept} kept moment{'s' if kept != 1 else ''} as bricks, "
                   f"{broken} broken as gaps. Arrow keys move from one to the next.")
        if not self.entries:
            summary = self.empty_text
        elif 0 <= self.current < len(self.bricks):
            summary = describe_moment(self.bricks[self.current].entry, self.words)
        self.setAccessibleDescription(summary)
        self.setToolTip("" if self.entries else self.empty_text)
