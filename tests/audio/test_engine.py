"""The engine without a sound device: a fake clock and a fake library stand in, so these
check what the engine hands over and how it keeps time, never how long anything takes."""

from __future__ import annotations

import numpy as np
import pytest

from ebbtide.audio import SAMPLE_RATE
from ebbtide.audio.engine import (
    CHANGE_LEAD_S,
    DEVICE_FAILED_MESSAGE,
    FADE_FRAMES,
    NO_DEVICE_MESSAGE,
    AudioEngine,
)
from ebbtide.audio.mixer import Mix
from ebbtide.audio.synth import bell
from tests.fakes import FakeClock, RecordingBackend


def _voice(seconds: float) -> np.ndarray:
    n = int(seconds * SAMPLE_RATE)
    return np.full((n, 1), 10000, dtype=np.int16)


def _engine(**kw: object) -> tuple[AudioEngine, RecordingBackend, FakeClock]:
    backend = RecordingBackend(**kw)  # type: ignore[arg-type]
    clock = FakeClock()
    return AudioEngine(volume=1.0, backend=backend, clock=clock), backend, clock


def test_no_device_means_quiet_not_broken() -> None:
    engine, _backend, clock = _engine(fail_on_play=True)
    assert not engine.available and engine.unavailable_reason == NO_DEVICE_MESSAGE
    engine.play_effect(bell(0.5))  # does not raise
    player = engine.open(Mix(length=10 * SAMPLE_RATE, voice=_voice(10)))
    player.play()
    clock.advance(4.0)
    assert player.position_s == pytest.approx(4.0)  # captions keep time without sound
    player.pause()
    clock.advance(3.0)
    assert player.position_s == pytest.approx(4.0)
    player.seek(8.0)
    player.play()
    clock.advance(1.0)
    assert player.position_s == pytest.approx(9.0)
    engine.stop_all()


def test_simpleaudio_raising_on_play_buffer_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    import simpleaudio

    def refuse(*_args: object) -> None:
        raise simpleaudio._simpleaudio.SimpleaudioError("Error opening PCM device.")

    monkeypatch.setattr(simpleaudio, "play_buffer", refuse)
    engine = AudioEngine()
    assert engine.available is False
    assert "No sound device" in (engine.unavailable_reason or "")
    engine.play_effect(np.zeros(100, dtype=np.float32))


def test_device_failing_mid_play_carries_on_silently() -> None:
    engine, backend, clock = _engine()
    player = engine.open(Mix(length=30 * SAMPLE_RATE, voice=_voice(30)))
    player.play()
    clock.advance(5.0)
    backend.die()
    engine._tick()
    assert engine.unavailable_reason == DEVICE_FAILED_MESSAGE
    clock.advance(5.0)
    assert player.state == "playing" and player.position_s == pytest.approx(10.0, abs=0.01)
    engine.play_effect(bell(0.2))  # quietly skipped, no new stream
    assert len(backend.streams) == 1


def test_play_hands_over_one_stream_starting_with_a_fade_in() -> None:
    engine, backend, _clock = _engine()
    player = engine.open(Mix(length=2 * SAMPLE_RATE, voice=_voice(2)))
    player.play()
    [stream] = backend.streams
    pcm = stream["pcm"]
    assert pcm.shape == (2 * SAMPLE_RATE, 1) and stream["rate"] == SAMPLE_RATE
    assert pcm[0, 0] == 0 and pcm[FADE_FRAMES, 0] == 10000  # faded in, then full
    assert np.all(np.diff(pcm[: FADE_FRAMES + 1, 0].astype(int)) >= 0)


def test_pause_fades_ahead_and_resume_starts_where_the_sound_stopped() -> None:
    engine, backend, clock = _engine()
    player = engine.open(Mix(length=10 * SAMPLE_RATE, voice=_voice(10)))
    player.play()
    clock.advance(2.0)
    engine._tick()
    player.pause()
    fade_at = int((2.0 + CHANGE_LEAD_S) * SAMPLE_RATE)
    first = backend.streams[0]["pcm"]
    assert first[fade_at - 1, 0] == 10000  # untouched up to the fade
    assert first[fade_at + FADE_FRAMES :].max() == 0  # silence after it
    assert player.position_s == pytest.approx(2.0 + CHANGE_LEAD_S, abs=0.001)
    clock.advance(5.0)
    engine._tick()  # the old stream lets go of the device
    engine._tick()
    player.play()
    assert len(backend.streams) == 2
    # The new stream begins exactly where the old one faded: nothing skipped.
    assert backend.streams[1]["pcm"].shape[0] == 10 * SAMPLE_RATE - fade_at


def test_volume_changes_fade_to_the_new_level_ahead_of_the_sound() -> None:
    engine, backend, clock = _engine()
    player = engine.open(Mix(length=10 * SAMPLE_RATE, voice=_voice(10)))
    player.play()
    clock.advance(1.0)
    engine._tick()
    engine.set_volume(0.5)
    pcm = backend.streams[0]["pcm"]
    at = int((1.0 + CHANGE_LEAD_S) * SAMPLE_RATE)
    assert pcm[at - 1, 0] == 10000
    assert pcm[at + FADE_FRAMES + 10, 0] == 5000
    ramp = pcm[at : at + FADE_FRAMES, 0].astype(int)
    assert np.all(np.diff(ramp) <= 0)  # a smooth slope, no step
    engine.set_muted(True)
    clock.advance(1.0)
    engine._tick()
    at2 = int((2.0 + CHANGE_LEAD_S) * SAMPLE_RATE)
    assert pcm[at2 + FADE_FRAMES + 10 :, 0][: SAMPLE_RATE].max() == 0


def test_seek_restarts_at_the_new_place() -> None:
    engine, backend, clock = _engine()
    voice = (np.arange(10 * SAMPLE_RATE) % 30000).astype(np.int16)[:, None]
    player = engine.open(Mix(length=10 * SAMPLE_RATE, voice=voice))
    player.play()
    clock.advance(1.0)
    player.seek(6.0)
    assert player.position_s == pytest.approx(6.0)
    clock.advance(1.0)
    engine._tick()
    engine._tick()
    clock.advance(0.5)
    engine._tick()
    second = backend.streams[-1]["pcm"]
    assert second.shape[0] == 4 * SAMPLE_RATE
    assert second[FADE_FRAMES + 5, 0] == voice[6 * SAMPLE_RATE + FADE_FRAMES + 5, 0]


def test_reaching_the_end_and_stop_all() -> None:
    engine, _backend, clock = _engine()
    player = engine.open(Mix(length=SAMPLE_RATE, voice=_voice(1)))
    player.play()
    clock.advance(1.5)
    engine._tick()
    assert player.state == "ended" and player.position_s == pytest.approx(1.0)
    clock.advance(0.2)
    engine._tick()  # the finished stream lets go of the device
    other = engine.open(Mix(length=5 * SAMPLE_RATE, voice=_voice(5)))
    other.play()
    clock.advance(0.5)
    engine.stop_all()
    assert other.state == "stopped"
    assert other.position_s == pytest.approx(0.5 + CHANGE_LEAD_S, abs=0.01)


def test_a_new_session_stops_the_old_one() -> None:
    engine, _backend, clock = _engine()
    first = engine.open(Mix(length=5 * SAMPLE_RATE, voice=_voice(5)))
    second = engine.open(Mix(length=5 * SAMPLE_RATE, voice=_voice(5)))
    first.play()
    clock.advance(1.0)
    second.play()
    assert first.state == "stopped" and engine.player is second


def test_effects_are_scaled_by_volume_and_gain_and_muted_means_nothing() -> None:
    engine, backend, _clock = _engine()
    engine.set_volume(0.5)
    engine.play_effect(np.full(2000, 0.5, dtype=np.float32), gain=0.5)
    pcm = backend.streams[0]["pcm"]
    assert pcm[1000, 0] == round(0.125 * 32768)
    assert pcm[0, 0] == 0 and pcm[-1, 0] == 0  # edges faded
    engine.play_effect(np.full((2000, 2), 0.5, dtype=np.float32), sample_rate=22050)
    assert backend.streams[1]["pcm"].shape == (4000, 2) and backend.streams[1]["channels"] == 2
    engine.set_muted(True)
    engine.play_effect(np.full(2000, 0.5, dtype=np.float32))
    assert len(backend.streams) == 2
