"""What a person hears at the start of a guided meditation, captured from simpleaudio's
real output through ALSA's file plugin (see capture.py): the pause before the first
words holds the quiet room tone, not digital silence, and then the voice comes in at
its level. Checks what was played, never when."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from .capture import run_captured

# These tests hear the real output through ALSA's file plugin, paced in real time by a
# second process. On a busy machine the pacer can fall a few frames behind and one
# capture misaligns; a real fault fails every try. So each gets two more tries (and
# pytest reports every rerun).
pytestmark = pytest.mark.flaky(reruns=2, reruns_delay=1)

RATE = 44100
SECONDS = 5


def _level(samples: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(samples.astype(np.float64) ** 2) + 1e-14))


def test_the_first_pause_holds_room_tone_then_the_voice_comes_in(tmp_path: Path) -> None:
    frames, out = run_captured(f"""
import time
from ebbtide.audio import SAMPLE_RATE
from ebbtide.audio.decode import decode_all
from ebbtide.audio.engine import AudioEngine
from ebbtide.audio.listening import listening_mix
from ebbtide.core.meditations import load_meditations
meditation = next(m for m in load_meditations() if m.id == 'steady-now')
engine = AudioEngine(volume=1.0)
assert engine.available, engine.unavailable_reason
voice = decode_all(meditation.audio_file)[: {SECONDS} * SAMPLE_RATE]
p = engine.open(listening_mix(voice, room_tone_on=True))
p.play()
while p.state == 'playing':
    time.sleep(0.02)
engine.wait_quiet()
print(meditation.captions[0].start_s)
""", tmp_path / "alsa")
    first_words_s = float(out.split()[-1])
    left = frames[:, 0].astype(np.float64) / 32768
    sounding = np.flatnonzero(left != 0)
    start, end = int(sounding[0]), int(sounding[-1])
    assert (end - start) / RATE > SECONDS - 0.1
    # Before the first words: the room tone, at -65 to -60 dBFS.
    lead_in = left[start + int(0.3 * RATE) : start + int((first_words_s - 0.2) * RATE)]
    assert -65.0 <= _level(lead_in) <= -60.0
    # Then the voice, at its level (-20 dBFS gated; a little under it, over a stretch
    # with short pauses in it).
    words = left[start + int(first_words_s * RATE) : start + int((first_words_s + 2.0) * RATE)]
    assert _level(words) > -30.0
    # And nowhere in between a stretch of digital silence (not even 20 ms).
    played = np.concatenate([[False], left[start:end] == 0, [False]])
    edges = np.flatnonzero(np.diff(played.astype(np.int8))).reshape(-1, 2)
    longest = int(np.max(edges[:, 1] - edges[:, 0], initial=0))
    assert longest < 0.02 * RATE
