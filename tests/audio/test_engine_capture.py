"""What simpleaudio really handed to ALSA, captured through ALSA's file plugin (see
capture.py) while the engine plays in a subprocess. These check what was played and in
what order, never when: the capture is paced like a sound card, but timing is not tested.

The test voice is stereo and says where it is: left = position % 30000 - 15000, right =
1000 * (position // 30000) + 500. Any clean captured frame decodes to exactly one
position; a faded one almost never passes for clean.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ebbtide.audio.engine import FADE_FRAMES

from .capture import run_captured

# These tests hear the real output through ALSA's file plugin, paced in real time by a
# second process. On a busy machine the pacer can fall a few frames behind and one
# capture misaligns; a real fault fails every try. So each gets two more tries (and
# pytest reports every rerun).
pytestmark = pytest.mark.flaky(reruns=2, reruns_delay=1)

RATE = 44100
PREAMBLE = """
import time, numpy as np
from ebbtide.audio import SAMPLE_RATE
from ebbtide.audio.engine import AudioEngine
from ebbtide.audio.mixer import Mix, BellAt
def position_voice(seconds):
    pos = np.arange(int(seconds * SAMPLE_RATE))
    return np.stack([pos % 30000 - 15000, 1000 * (pos // 30000) + 500], axis=1).astype(np.int16)
def wait_end(p):
    while p.state == 'playing':
        time.sleep(0.02)
engine = AudioEngine(volume=1.0)
assert engine.available, engine.unavailable_reason
"""


def _positions(frames: np.ndarray) -> np.ndarray:
    """The position each clean frame encodes (-1 for frames that are faded or silent)."""
    left = frames[:, 0].astype(np.int64)
    right = frames[:, 1].astype(np.int64)
    pos = (right // 1000) * 30000 + left + 15000
    clean = (right % 1000 == 500) & (left + 15000 >= 0) & (left + 15000 < 30000)
    clean &= (frames != 0).any(axis=1)
    pos = np.where(clean, pos, -1)
    # A faded frame can pass for clean by chance, but never two in a row in sequence.
    follows = np.zeros_like(clean)
    follows[1:] = (pos[1:] == pos[:-1] + 1) & (pos[1:] >= 0)
    leads = np.zeros_like(clean)
    leads[:-1] = follows[1:]
    return np.where(follows | leads, pos, -1)


def _aligned(got: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """The stretch of the capture that lines up with `expected` (a few silent frames,
    the start-up probe, may come first)."""
    probe = expected[2000:6000]
    best = min(range(0, 3000), key=lambda k: float(np.abs(got[k + 2000 : k + 6000] - probe).sum()))
    return got[best : best + expected.shape[0]]


def _capture(tmp_path: Path, body: str) -> tuple[np.ndarray, str]:
    return run_captured(PREAMBLE + body, tmp_path / "alsa")


def test_plays_every_sample_in_order(tmp_path: Path) -> None:
    frames, _ = _capture(tmp_path, """
p = engine.open(Mix(length=2 * SAMPLE_RATE, channels=2, voice=position_voice(2)))
p.play(); wait_end(p); engine.wait_quiet()
""")
    pos = _positions(frames)
    heard = pos[pos >= 0]
    # After the 15 ms fade in, every sample, once, in order, to the 15 ms fade at the end.
    assert heard[0] <= FADE_FRAMES + 1
    assert np.all(np.diff(heard) == 1)
    assert 2 * RATE - FADE_FRAMES - 2 <= heard[-1] <= 2 * RATE - 1


def test_pause_and_resume_lose_and_repeat_nothing_beyond_the_fade(tmp_path: Path) -> None:
    frames, out = _capture(tmp_path, """
p = engine.open(Mix(length=3 * SAMPLE_RATE, channels=2, voice=position_voice(3)))
p.play(); time.sleep(1.0); p.pause(); print(round(p.position_s * SAMPLE_RATE))
time.sleep(1.0); p.play(); wait_end(p); engine.wait_quiet()
""")
    paused_at = int(out.split()[0])
    pos = _positions(frames)
    heard = pos[pos >= 0]
    steps = np.diff(heard)
    jumps = np.flatnonzero(steps != 1)
    assert len(jumps) == 1  # one seam: the pause
    before, after = heard[jumps[0]], heard[jumps[0] + 1]
    # The first stream faded out from paused_at; the second faded in from there.
    assert paused_at - 2 <= before + 1 <= paused_at + 2
    assert paused_at <= after <= paused_at + FADE_FRAMES + 2
    assert heard[0] <= FADE_FRAMES + 1
    assert 3 * RATE - FADE_FRAMES - 2 <= heard[-1] <= 3 * RATE - 1
    # Between the two: a fade to silence, never a cut.
    seam = np.flatnonzero(pos == before)[0]
    tail = np.abs(frames[seam : seam + FADE_FRAMES + 5, 0].astype(int))
    assert tail[-1] == 0 and np.all(np.diff(tail[FADE_FRAMES // 2 :]) <= 1000)


def test_volume_scales_what_is_played(tmp_path: Path) -> None:
    frames, _ = _capture(tmp_path, """
n = 3 * SAMPLE_RATE
t = np.arange(n) / SAMPLE_RATE
tone = (16000 * np.sin(2 * np.pi * 300 * t)).astype(np.int16)[:, None]
engine.set_volume(0.8)
p = engine.open(Mix(length=n, channels=1, voice=tone))
p.play(); time.sleep(1.0); engine.set_volume(0.4); wait_end(p); engine.wait_quiet()
""")
    left = frames[:, 0].astype(float)
    loud = np.flatnonzero(np.abs(left) > 100)
    start, end = loud[0], loud[-1]
    first = left[start + 4410 : start + 4410 + 22050]  # well before the change
    last = left[end - 22050 : end - 4410]  # well after it
    peak_first, peak_last = np.abs(first).max(), np.abs(last).max()
    assert peak_first == pytest.approx(0.8 * 16000, rel=0.01)
    assert peak_last == pytest.approx(0.4 * 16000, rel=0.01)
    # The change itself is a slope, not a step: no sample jumps more than the tone can.
    assert np.abs(np.diff(left[start:end])).max() < 2 * np.pi * 300 / RATE * 16000 * 1.1


def test_bell_and_bed_are_mixed_at_their_levels(tmp_path: Path) -> None:
    frames, _ = _capture(tmp_path, """
from ebbtide.audio.synth import bed, bell
loop = bed('low-drone', duration_s=2.0, level=0.2)
ding = bell(duration_s=1.0, freq=440.0, level=0.5)
mix = Mix(length=3 * SAMPLE_RATE, channels=1, bed=loop, bed_gain=0.5,
          bells=(BellAt(SAMPLE_RATE, ding, 0.8),))
engine.set_volume(0.5)
p = engine.open(mix)
p.play(); wait_end(p); engine.wait_quiet()
expected = mix.render(0, mix.length)[:, 0] * 0.5
np.save('""" + str(tmp_path / "expected.npy") + """', expected)
""")
    expected = np.load(tmp_path / "expected.npy")
    got = frames[:, 0].astype(np.float64) / 32768
    got = _aligned(got, expected)
    body = slice(FADE_FRAMES, expected.shape[0] - FADE_FRAMES)
    assert np.abs(got[body] - expected[body]).max() < 3 / 32768  # rounding only
    # The bell sits one second in, at 0.8 × 0.5 of its 0.5 peak over the bed.
    bell_part = got[RATE : RATE + 4410]
    assert np.abs(bell_part).max() == pytest.approx(0.5 * 0.8 * 0.5 + 0.05, abs=0.05)
    assert np.abs(got).max() < 1.0  # nothing clipped


def test_stop_fades_and_leaves_silence(tmp_path: Path) -> None:
    frames, out = _capture(tmp_path, """
n = 4 * SAMPLE_RATE
t = np.arange(n) / SAMPLE_RATE
tone = (12000 * np.sin(2 * np.pi * 200 * t)).astype(np.int16)[:, None]
p = engine.open(Mix(length=n, channels=1, voice=tone))
p.play(); time.sleep(1.0); engine.stop_all(); print(round(p.position_s * SAMPLE_RATE))
time.sleep(1.0); engine.wait_quiet()
""")
    stopped_at = int(out.split()[0])
    left = frames[:, 0].astype(int)
    sounding = np.flatnonzero(left != 0)
    last = sounding[-1]
    first = sounding[0]
    # Sound ends within a fade of where the engine said it stopped, well before the end.
    assert abs((last - first) - stopped_at) <= FADE_FRAMES + 2
    assert last - first < 2 * RATE
    assert np.all(left[last + 1 :] == 0)  # silence after
    # The last 15 ms get quieter: no click.
    ending = np.abs(left[last - FADE_FRAMES : last + 1])
    assert ending[-40:].max() < ending[:40].max() / 4


def test_effects_are_played_as_given(tmp_path: Path) -> None:
    frames, _ = _capture(tmp_path, """
from ebbtide.audio.synth import bell
engine.set_volume(0.5)
ding = bell(duration_s=0.5, freq=330.0, level=0.6)
engine.play_effect(ding, gain=0.5)
time.sleep(1.0); engine.wait_quiet()
np.save('""" + str(tmp_path / "ding.npy") + """', ding)
""")
    ding = np.load(tmp_path / "ding.npy") * 0.25
    got = frames[:, 0].astype(np.float64) / 32768
    got = _aligned(got, ding)
    assert np.abs(got[200:-200] - ding[200:-200]).max() < 3 / 32768
