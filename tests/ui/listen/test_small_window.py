"""At the smallest window Ebbtide is made for (800×600), Listen's main controls are on
screen without scrolling: Begin in the library, Begin the timer, play/pause while a
meditation plays and Pause while the timer runs. The resting-breath glow, the caption
and the timer's ring give up room first; at larger windows they keep it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from ebbtide.audio.engine import AudioEngine
from ebbtide.core.meditations import Caption, Meditation
from ebbtide.ui.listen import page as listen_module
from ebbtide.ui.listen.page import ListenPage, Step
from ebbtide.ui.main_window import MainWindow
from ebbtide.ui.registry import PageKey
from tests.fakes import FakeClock, RecordingBackend
from tests.ui.themed import themed_window

LENGTH_S = 60.0
LONG_CAPTION = ("If it feels right, let your eyes close, or rest them softly on a spot in "
                "front of you, and let the breath find its own pace.")


@pytest.fixture
def meditations(tmp_path: Path) -> list[Meditation]:
    path = tmp_path / "scan.wav"
    soundfile.write(path, np.zeros(int(LENGTH_S * 8000), dtype=np.float32), 8000)
    # As many as we ship, so the list is as long as a person sees it.
    return [Meditation(f"scan-{n}", f"A quiet scan number {n}", "A few quiet sentences. " * 6,
                       "ours", path, LENGTH_S, (Caption(0.0, LENGTH_S, LONG_CAPTION),))
            for n in range(9)]


@pytest.fixture(params=["light", "dark"])
def window(request, qtbot, qapp, make_ui_ctx, meditations, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(listen_module, "load_meditations", lambda: meditations)
    ctx = make_ui_ctx(AudioEngine(volume=0.7, backend=RecordingBackend(), clock=FakeClock()))
    with themed_window(qtbot, qapp, ctx, request.param) as window:
        yield window
        window.page(PageKey.LISTEN).shutting_down()


def _frame(widget: QWidget) -> QScrollArea:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    assert parent is not None
    return parent


def _on_screen(widget: QWidget, page: QWidget) -> bool:
    """Wholly inside the page's visible viewport, with the page scrolled to the top."""
    QApplication.processEvents()
    frame = _frame(page)
    frame.verticalScrollBar().setValue(0)
    QApplication.processEvents()
    viewport = frame.viewport()
    top_left = widget.mapTo(viewport, widget.rect().topLeft())
    where = QRect(top_left, widget.size())
    return (widget.isVisible() and where.height() > 0
            and viewport.rect().contains(where))


def _open(window: MainWindow, size: tuple[int, int]) -> ListenPage:
    window.resize(*size)
    window.ctx.practice_requested.emit(PageKey.LISTEN, {})
    page = window.page(PageKey.LISTEN)
    assert isinstance(page, ListenPage)
    QApplication.processEvents()
    return page


SIZES = [(800, 600), (1100, 720), (1920, 1080)]


@pytest.mark.parametrize("size", SIZES)
def test_begin_and_the_rating_before_need_no_scrolling(window, size) -> None:  # type: ignore[no-untyped-def]
    page = _open(window, size)
    assert _on_screen(page.library.begin_button, page), "Begin is below the fold"
    assert _on_screen(page.before_scale, page), "the rating before is below the fold"
    assert _on_screen(page.library.bed, page)
    assert _on_screen(page.library.room_tone, page)


@pytest.mark.parametrize("size", SIZES)
def test_the_timer_starts_and_stops_without_scrolling(window, size) -> None:  # type: ignore[no-untyped-def]
    page = _open(window, size)
    page.tabs.setCurrentIndex(1)
    assert _on_screen(page.timer_begin, page), "Begin the timer is below the fold"
    assert _on_screen(page.before_scale, page)
    page.begin_timer()
    assert page.stack.step is Step.SITTING
    assert _on_screen(page.timer_view.pause_button, page)
    assert _on_screen(page.timer_view.stop_button, page)
    assert _on_screen(page.timer_view.time_left, page)


@pytest.mark.parametrize("size", SIZES)
def test_the_player_needs_no_scrolling(qtbot, window, size) -> None:  # type: ignore[no-untyped-def]
    page = _open(window, size)
    page.library.select("meditation", "scan-0")
    page.library.begin_button.click()
    qtbot.waitUntil(lambda: page.stack.step is Step.PLAYING, timeout=5000)
    page.refresh()
    view = page.player_view
    assert view.caption_label.text() == LONG_CAPTION
    for control in (view.play_button, view.stop_button, view.back_button,
                    view.forward_button, view.slider, view.volume, view.captions_box):
        assert _on_screen(control, page), control.accessibleName()
    # Every control in its own place, none over another.
    controls = [view.back_button, view.play_button, view.forward_button, view.stop_button,
                view.volume, view.captions_box]
    places = [QRect(c.mapTo(view, c.rect().topLeft()), c.size()) for c in controls]
    for n, place in enumerate(places):
        for other in places[n + 1:]:
            assert not place.intersects(other)
    # The caption is read whole, not cut by the card.
    assert view.caption_label.height() >= view.caption_label.heightForWidth(
        view.caption_label.width())


def test_a_large_window_keeps_the_glow_and_the_ring_roomy(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = _open(window, (1920, 1080))
    page.library.select("meditation", "scan-0")
    page.library.begin_button.click()
    qtbot.waitUntil(lambda: page.stack.step is Step.PLAYING, timeout=5000)
    QApplication.processEvents()
    assert page.player_view.glow.height() >= 150
    page.stop()
    page.finish(save_rating=False)
    page.tabs.setCurrentIndex(1)
    page.begin_timer()
    QApplication.processEvents()
    assert min(page.timer_view.ring.width(), page.timer_view.ring.height()) >= 300
