"""The meditation timer on the Listen page, with a fake clock: time left, bells at the
right moments (on screen and in the sound handed to the device), Space and Esc."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ebbtide.audio import SAMPLE_RATE
from ebbtide.audio.engine import AudioEngine
from ebbtide.core.store import SessionKind
from ebbtide.ui.listen import page as listen_module
from ebbtide.ui.listen.page import ListenPage
from tests.conftest import settle
from tests.fakes import FakeClock, RecordingBackend


@pytest.fixture
def setup(qtbot, make_ui_ctx, monkeypatch):  # type: ignore[no-untyped-def]
    clock = FakeClock()
    backend = RecordingBackend()
    ui_ctx = make_ui_ctx(AudioEngine(volume=1.0, backend=backend, clock=clock))
    monkeypatch.setattr(listen_module, "load_meditations", lambda: [])
    page = ListenPage(ui_ctx)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitActive(page)
    page.page_shown()
    page.tabs.setCurrentIndex(1)
    form = page.timer_setup
    form.minutes.setValue(3)
    form.delay.setValue(10)
    form.interval.setValue(1)
    yield page, clock, backend
    page.shutting_down()


def _at(page: ListenPage, clock: FakeClock, began: float, seconds: float) -> None:
    """Move the fake clock to `seconds` after the timer began, as the worker would."""
    clock.now = began + seconds
    page.ctx.audio._tick()
    page.refresh()


def test_bells_ring_at_the_planned_moments(qtbot, setup) -> None:  # type: ignore[no-untyped-def]
    page, clock, backend = setup
    qtbot.mouseClick(page.timer_begin, Qt.MouseButton.LeftButton)
    began = clock.now
    view = page.timer_view
    assert page.stack.currentWidget() is view
    _at(page, clock, began, 4.0)
    assert view.time_left.text() == "0:06" and "Settling" in view.phase_label.text()
    assert view.bells_rung == 0
    _at(page, clock, began, 9.9)
    assert view.bells_rung == 0
    _at(page, clock, began, 10.0)
    assert view.bells_rung == 1 and "The bell is ringing" in view.bell_label.text()
    assert view.time_left.text() == "3:00"
    # The sound handed over: silence while settling, the bell from exactly 10 s. (Looked
    # at now: sound heard more than 2 s ago is given back to the system.)
    pcm = backend.streams[0]["pcm"][:, 0]
    start = 10 * SAMPLE_RATE
    assert not pcm[:start].any()
    assert np.abs(pcm[start : start + 2205]).max() > 1000
    _at(page, clock, began, 30.0)
    assert "Next bell in 0:40" in view.bell_label.text()
    _at(page, clock, began, 70.0)
    assert view.bells_rung == 2 and "A soft bell" in view.bell_label.text()
    assert np.abs(pcm[70 * SAMPLE_RATE : 70 * SAMPLE_RATE + 2205]).max() > 500


def test_space_pauses_the_time_and_esc_stops_at_once(qtbot, setup) -> None:  # type: ignore[no-untyped-def]
    page, clock, _backend = setup
    page.before_scale.setValue(6)
    qtbot.mouseClick(page.timer_begin, Qt.MouseButton.LeftButton)
    began = clock.now
    view = page.timer_view
    _at(page, clock, began, 40.0)
    qtbot.keyClick(QApplication.focusWidget() or page, Qt.Key.Key_Space)
    assert "(paused)" in view.phase_label.text()
    left = view.time_left.text()
    _at(page, clock, began, 400.0)  # a long pause: the time left does not move
    assert view.time_left.text() == left
    qtbot.keyClick(QApplication.focusWidget() or page, Qt.Key.Key_Escape)
    assert page.stack.currentWidget() is page.after_view
    assert page.ctx.audio.player is None
    assert "You sat for 30 seconds" in page.after_summary.text()
    qtbot.mouseClick(page.skip_button, Qt.MouseButton.LeftButton)
    settle(page.ctx)
    [saved] = page.ctx.store.sessions(kinds=[SessionKind.TIMER])
    assert saved.content_id == "timer" and not saved.completed
    assert saved.duration_s == pytest.approx(30.5, abs=0.6)  # the pause fades in 0.5 s
    assert saved.distress_before == 6 and saved.distress_after is None
    assert saved.details["planned_s"] == 180


def test_a_whole_sitting_ends_with_the_bell_and_is_saved_as_done(qtbot, setup) -> None:  # type: ignore[no-untyped-def]
    page, clock, _backend = setup
    qtbot.mouseClick(page.timer_begin, Qt.MouseButton.LeftButton)
    began = clock.now
    for second in range(0, 205, 5):
        _at(page, clock, began, float(second))
        if page.stack.currentWidget() is page.after_view:
            break
    assert page.stack.currentWidget() is page.after_view
    assert "all the way through" in page.after_summary.text()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    settle(page.ctx)
    [saved] = page.ctx.store.sessions(kinds=[SessionKind.TIMER])
    assert saved.completed and saved.duration_s == pytest.approx(180.0)


def test_without_a_sound_device_the_timer_shows_its_bells_and_never_says_ringing(  # type: ignore[no-untyped-def]
        qtbot, make_ui_ctx, monkeypatch) -> None:
    from ebbtide.audio.engine import AudioEngine
    from ebbtide.ui.listen.page import ListenPage
    from tests.fakes import FakeClock, RecordingBackend

    clock = FakeClock()
    ctx = make_ui_ctx(AudioEngine(backend=RecordingBackend(fail_on_play=True), clock=clock))
    page = ListenPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.page_shown()
    qtbot.mouseClick(page.timer_begin, Qt.MouseButton.LeftButton)
    began = clock.now
    view = page.timer_view
    _at(page, clock, began, 10.0)
    notice = view.notice.text()
    assert "No sound device" in notice and "Captions" not in notice
    assert "bells are shown here" in notice
    assert view.bells_rung == 1 and "ringing" not in view.bell_label.text()
    assert "not heard" in view.bell_label.text()
    page.shutting_down()


def test_the_timer_ring_follows_the_time_and_says_it(qtbot, setup) -> None:  # type: ignore[no-untyped-def]
    page, clock, _ = setup
    qtbot.mouseClick(page.timer_begin, Qt.MouseButton.LeftButton)
    began = clock.now
    ring = page.timer_view.ring
    total = 190.0  # ten seconds to settle, three minutes to sit
    for second in (0.0, 50.0, 95.0):
        _at(page, clock, began, second)
        assert ring.value == pytest.approx(second / total, abs=0.01)
    assert page.timer_view.time_left.text() == "1:35"  # still readable as text
    assert "1:35 left of 3:10" in ring.accessibleDescription()
