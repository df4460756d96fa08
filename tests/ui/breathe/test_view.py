"""The breathing picture as it is seen: the soft circle keeps its colour in both themes,
and a word wider than the circle sits where the eye expects it, centred, with its halo."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPalette

from ebbtide.core.breathing import (
    BreathingSession,
    Phase,
    PhaseKind,
    SessionMode,
    SessionPlan,
    SessionState,
)
from ebbtide.ui.breathe.view import BreathView

PHASES = [Phase(PhaseKind.INHALE, 4), Phase(PhaseKind.HOLD, 4),
          Phase(PhaseKind.EXHALE, 4), Phase(PhaseKind.HOLD_OUT, 4)]


def frame(qtbot, at: float, size: tuple[int, int], palette: QPalette | None = None  # type: ignore[no-untyped-def]
          ) -> tuple[BreathView, QImage]:
    session = BreathingSession(PHASES, SessionPlan(SessionMode.OPEN), lead_in_s=3)
    state: SessionState = session.state_at(at)
    view = BreathView()
    qtbot.addWidget(view)
    if palette is not None:
        view.setPalette(palette)
    view.resize(*size)
    view.set_source(lambda: state)
    return view, view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def dark_palette() -> QPalette:
    pal = QPalette()
    pal.setColor(QPalette.ColorRole.Window, QColor("#1f2328"))
    pal.setColor(QPalette.ColorRole.WindowText, QColor("#e8e6e3"))
    pal.setColor(QPalette.ColorRole.Highlight, QColor("#7fb2d9"))
    return pal


def test_the_breath_circle_is_the_accent_softly_over_the_background_in_both_themes(qtbot) -> None:  # type: ignore[no-untyped-def]
    for palette in (None, dark_palette()):
        view, image = frame(qtbot, 3.0 + 4.0 + 1.0, (900, 650), palette)  # holding: a full circle
        colours = view.colors()
        # Just inside the circle, left of the words: only the circle's fill is there.
        assert view.last is not None and view.last.radius is not None
        x = round(view.width() / 2 - view.last.radius * 0.8)
        seen = QColor(image.pixel(x, view.height() // 2))
        a, b = colours.accent, colours.background
        for got, want in ((seen.red(), b.red() + (a.red() - b.red()) * 0.28),
                          (seen.green(), b.green() + (a.green() - b.green()) * 0.28),
                          (seen.blue(), b.blue() + (a.blue() - b.blue()) * 0.28)):
            assert abs(got - want) <= 2, (seen.name(), a.name(), b.name())


def test_a_word_wider_than_the_circle_is_centred_in_its_place(qtbot) -> None:  # type: ignore[no-untyped-def]
    # A small window in the lead-in: "Get comfortable" is wider than the resting circle,
    # so it is drawn with its halo.
    view, image = frame(qtbot, 1.0, (420, 340))
    assert view.last is not None and view.last.word == "Get comfortable"
    text = view.colors().text
    cx = view.width() / 2
    outer = max(40.0, min(view.width(), view.height()) / 2.0 - 28.0)
    biggest = outer - 22.0
    word_px = max(18, int(biggest * 0.16))
    band = QRectF(0, view.height() / 2 - biggest * 0.19 - word_px, view.width(), word_px * 1.6)
    xs = [x for y in range(round(band.top()), round(band.bottom()))
          for x in range(view.width())
          if _close(QColor(image.pixel(x, y)), text)]
    assert xs, "the word is not drawn"
    left, right = min(xs), max(xs)
    assert abs((left + right) / 2 - cx) <= 3  # centred
    assert right - left > biggest * 0.42 * 2 * 0.9  # and wider than the circle: the haloed case


def _close(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 30


def test_a_short_word_and_the_count_are_centred_under_each_other(qtbot) -> None:  # type: ignore[no-untyped-def]
    # Holding, in a large window: "Hold" fits inside the circle, drawn without a halo.
    view, image = frame(qtbot, 3.0 + 4.0 + 1.0, (900, 650))
    assert view.last is not None and view.last.word == "Hold" and view.last.count == "3"
    text = view.colors().text
    dark = [(x, y) for y in range(view.height()) for x in range(0, view.width(), 1)
            if _close(QColor(image.pixel(x, y)), text)]
    assert dark, "no words drawn"
    middle = view.height() / 2
    word = [x for x, y in dark if y < middle - 2]
    count = [x for x, y in dark if y >= middle - 2]
    assert word and count
    for xs in (word, count):
        assert abs((min(xs) + max(xs)) / 2 - view.width() / 2) <= 3
