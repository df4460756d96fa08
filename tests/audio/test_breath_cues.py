"""The breathing cues as a person hears them: a tone that rises while breathing in and
falls while breathing out, lasting the phase, a faint tick on holds, bells, and a player
that never lets a sound problem stop a session."""

from __future__ import annotations

import numpy as np
import pytest

from ebbtide.audio.breath_cues import (
    HIGH_HZ,
    LOW_HZ,
    SAMPLE_RATE,
    CueOptions,
    CuePlayer,
    bell,
    exhale_tone,
    hold_tick,
    inhale_tone,
    phase_cues,
    render_session,
)
from ebbtide.core.breathing import Phase, PhaseKind, Schedule
from tests.fakes import FakeEngine

K = PhaseKind


def pitch(samples: np.ndarray, sr: int = SAMPLE_RATE) -> float:
    """Dominant frequency by FFT peak, good to a couple of hertz over 0.25 s."""
    window = samples * np.hanning(len(samples))
    spectrum = np.abs(np.fft.rfft(window, n=8 * len(samples)))
    return float(np.argmax(spectrum) * sr / (8 * len(samples)))


def segment(samples: np.ndarray, at: float, length: float = 0.25) -> np.ndarray:
    start = int(at * SAMPLE_RATE)
    return samples[start : start + int(length * SAMPLE_RATE)]


def test_inhale_tone_rises_and_lasts_the_inhale() -> None:
    tone = inhale_tone(4.0)
    assert len(tone) == 4 * SAMPLE_RATE
    start, end = pitch(segment(tone, 0.3)), pitch(segment(tone, 3.45))
    assert start == pytest.approx(LOW_HZ, rel=0.04)
    assert end == pytest.approx(HIGH_HZ, rel=0.04)
    # Soft: well under full scale, and it starts and ends in silence (no clicks).
    assert 0.15 < np.abs(tone).max() < 0.3
    assert abs(tone[0]) < 1e-3 and abs(tone[-1]) < 1e-3


def test_exhale_tone_falls() -> None:
    tone = exhale_tone(6.0)
    assert len(tone) == 6 * SAMPLE_RATE
    assert pitch(segment(tone, 0.3)) > pitch(segment(tone, 5.4)) * 1.3


def test_hold_tick_is_faint_and_short() -> None:
    tick = hold_tick()
    assert len(tick) < 0.1 * SAMPLE_RATE
    assert 0.02 < np.abs(tick).max() < np.abs(inhale_tone(4.0)).max() / 3


def test_bells_ring_and_fade_to_silence() -> None:
    for closing in (False, True):
        b = bell(closing)
        assert 0.3 < np.abs(b).max() <= 0.36
        assert np.abs(b[-100:]).max() < 0.01
    assert len(bell(True)) > len(bell(False))
    assert len(bell(False)) < 3 * SAMPLE_RATE  # faded before the 3-2-1 is over


def box_schedule() -> Schedule:
    return Schedule([Phase(K.INHALE, 4), Phase(K.HOLD, 4), Phase(K.EXHALE, 4),
                     Phase(K.HOLD_OUT, 4)])


def test_player_plays_a_tone_per_breath_and_a_tick_per_hold() -> None:
    engine = FakeEngine()
    player = CuePlayer(engine, CueOptions())
    player.session_started()
    for b in box_schedule().boundaries_between(-1, 31.9):
        player.phase_started(b)
    player.session_ended()
    assert player.played == ["start bell", *(["inhale", "tick", "exhale", "tick"] * 2),
                             "end bell"]
    assert engine.calls[1][0] == 4 * SAMPLE_RATE  # the tone lasts the whole inhale
    assert engine.stops == 1


def test_tones_off_leaves_only_bells_and_holds_silent_without_tick() -> None:
    quiet = CueOptions(tones=False)
    assert all(not phase_cues(b, quiet) for b in box_schedule().boundaries_between(-1, 16))
    no_tick = CueOptions(hold_tick=False)
    kinds = [c.name for b in box_schedule().boundaries_between(-1, 15.9)
             for c in phase_cues(b, no_tick)]
    assert kinds == ["inhale", "exhale"]


def test_a_failing_device_never_stops_the_session() -> None:
    player = CuePlayer(FakeEngine(fail=True), CueOptions())
    player.session_started()
    player.phase_started(box_schedule().next_boundary_after(-1))
    assert player.played == ["start bell", "inhale"]


def test_rendered_session_places_each_cue_at_its_phase_start() -> None:
    schedule = Schedule([Phase(K.INHALE, 4), Phase(K.EXHALE, 6)])
    track = render_session(schedule, 20.0, CueOptions(bells=False), lead_in_s=3.0)
    # Rising during each inhale (3–7 s, 13–17 s), falling during each exhale.
    assert pitch(segment(track, 3.3)) < pitch(segment(track, 6.5))
    assert pitch(segment(track, 7.3)) > pitch(segment(track, 12.4))
    assert np.abs(track[: 3 * SAMPLE_RATE]).max() == 0  # the lead-in is quiet


def test_spoken_words_follow_the_phases() -> None:
    spoken_only = CueOptions(tones=False, spoken=True)
    names = [c.name for b in box_schedule().boundaries_between(-1, 15.9)
             for c in phase_cues(b, spoken_only)]
    assert names == ["spoken:in", "spoken:hold", "spoken:out", "spoken:hold"]
    track = render_session(box_schedule(), 16.0, CueOptions(tones=False, spoken=True,
                                                            bells=False))
    for start in (0, 4, 8, 12):  # a word at each phase start, quiet before the next
        assert np.abs(segment(track, start, 0.6)).max() > 0.05
        assert np.abs(segment(track, start + 2.5, 1.4)).max() < 0.01


def test_after_a_pause_the_rest_of_the_tone_plays() -> None:
    engine = FakeEngine()
    player = CuePlayer(engine, CueOptions())
    inhale = box_schedule().phase_start_at(1.0)
    player.phase_resumed(inhale, 1.5)
    assert player.played == ["inhale"]
    assert engine.calls[0][0] == round(2.5 * SAMPLE_RATE)
    # A hold's tick is not repeated after a pause.
    player.phase_resumed(box_schedule().phase_start_at(5.0), 1.0)
    assert player.played == ["inhale"]
