"""The runner that drives a session in the Qt loop: every phase change gets its cue
exactly once whatever the frame timing, the precise timer wakes for the next phase,
and a pause silences and then continues the breath's tone."""

from __future__ import annotations

import numpy as np
import pytest

from ebbtide.audio.breath_cues import SAMPLE_RATE, CueOptions, CuePlayer
from ebbtide.core.breathing import (
    BreathingClock,
    BreathingSession,
    Phase,
    PhaseKind,
    SessionMode,
    SessionPlan,
)
from ebbtide.ui.breathe.pattern_editor import PatternEditor
from ebbtide.ui.breathe.runner import BreathRunner
from tests.fakes import FakeClock, FakeEngine

K = PhaseKind


def make(qtbot, clock: FakeClock, cycles: int = 3):  # type: ignore[no-untyped-def]
    session = BreathingSession([Phase(K.INHALE, 4), Phase(K.HOLD, 2), Phase(K.EXHALE, 6)],
                               SessionPlan(SessionMode.CYCLES, cycles),
                               clock=BreathingClock(clock), lead_in_s=3)
    engine = FakeEngine()
    player = CuePlayer(engine, CueOptions())
    runner = BreathRunner(session, player)
    return runner, player, engine


def test_each_phase_change_cues_once_however_the_frames_fall(qtbot) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock(100.0)
    runner, player, engine = make(qtbot, clock)
    runner.start()
    rng = np.random.default_rng(3)
    while not runner.done:
        clock.now += float(rng.choice([0.004, 0.016, 0.017, 0.3, 1.7]))  # stalls included
        runner._frame()
        if rng.random() < 0.3:
            runner._cue_due()
    assert player.played == ["start bell", *(["inhale", "tick", "exhale"] * 3), "end bell"]
    # Each tone lasts its phase: 4 s in, 6 s out.
    assert engine.effects[1] == 4 * SAMPLE_RATE and engine.effects[3] == 6 * SAMPLE_RATE


def test_the_cue_timer_is_armed_for_the_next_phase_change(qtbot) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock(100.0)
    runner, _player, _engine = make(qtbot, clock)
    runner.start()
    # The lead-in is 3 s: the first breath's cue is due then, not at the next frame.
    assert runner._cue_timer.isActive()
    assert runner._cue_timer.interval() == 3000
    clock.now += 3.0
    runner._cue_due()
    assert runner._cue_timer.interval() == 4000  # the hold begins 4 s later


def test_pause_silences_and_resume_continues_the_tone(qtbot) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock(100.0)
    runner, player, engine = make(qtbot, clock)
    runner.start()
    clock.now += 3 + 1.0
    runner._frame()
    runner.pause()
    assert engine.stops == 1 and not runner._cue_timer.isActive()
    clock.now += 30
    runner._frame()
    assert player.played[-1] == "inhale"  # nothing new while paused
    runner.resume()
    assert player.played[-1] == "inhale"
    assert engine.effects[-1] == 3 * SAMPLE_RATE  # the 3 s of the inhale still to come
    clock.now += 3.0
    runner._cue_due()
    assert player.played[-1] == "tick"


def test_stop_is_instant_and_final(qtbot) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock(100.0)
    runner, player, engine = make(qtbot, clock)
    runner.start()
    clock.now += 5
    runner._frame()
    runner.stop()
    assert not runner.running and engine.stops == 1
    played = list(player.played)
    clock.now += 60
    runner._frame()
    runner._cue_due()
    assert player.played == played
    assert runner.state().breathing_s == pytest.approx(2.0)


def test_pattern_editor_builds_a_cyclic_sigh(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = PatternEditor()
    qtbot.addWidget(editor)
    editor.name.setText("My sigh")
    editor.inhale.setValue(2.0)
    editor.top_up_on.setChecked(True)
    editor.top_up.setValue(1.0)
    editor.exhale.setValue(6.0)
    assert "2 in · 1 more in · 6 out" in editor.preview.text()
    assert [p.kind for p in editor.phases() if p.seconds] == [K.INHALE, K.TOP_UP, K.EXHALE]
    editor.name.setText("   ")
    editor._try_accept()
    assert "name" in editor.error.text() and editor.result() == 0
