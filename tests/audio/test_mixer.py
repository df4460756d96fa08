"""Mixing voice, bed and bells block by block, and resampling."""

import numpy as np
import pytest

from ebbtide.audio import SAMPLE_RATE
from ebbtide.audio.mixer import BellAt, Mix, resample, to_int16


def test_voice_bed_and_bell_are_summed_at_their_levels_and_places() -> None:
    n = SAMPLE_RATE
    voice = np.full((n, 1), 8192, dtype=np.int16)  # 0.25
    loop = np.full(100, 0.1, dtype=np.float32)
    ding = np.full(1000, 0.2, dtype=np.float32)
    mix = Mix(length=n, channels=1, voice=voice, voice_gain=0.5, bed=loop, bed_gain=0.5,
              bells=(BellAt(20_000, ding, 2.0),))
    block = mix.render(19_000, 3_000)
    assert block.shape == (3_000, 1)
    assert block[0, 0] == pytest.approx(0.125 + 0.05)  # voice and bed
    assert block[1_500, 0] == pytest.approx(0.125 + 0.05 + 0.4)  # and the bell
    assert block[2_500, 0] == pytest.approx(0.125 + 0.05)  # the bell is over


def test_rendering_in_blocks_equals_rendering_at_once() -> None:
    rng = np.random.default_rng(1)
    voice = rng.integers(-20000, 20000, size=(5000, 2)).astype(np.int16)
    mix = Mix(length=6000, channels=2, voice=voice, bed=rng.random(333).astype(np.float32),
              bells=(BellAt(4000, rng.random(1500).astype(np.float32)),))
    whole = mix.render(0, 6000)
    pieces = np.concatenate([mix.render(a, 777) for a in range(0, 6000, 777)])
    np.testing.assert_allclose(pieces, whole, atol=1e-6)


def test_loud_sums_clip_instead_of_wrapping_round() -> None:
    out = to_int16(np.array([1.7, -1.7, 0.5], dtype=np.float32))
    assert out.tolist() == [32767, -32768, 16384]


def test_bed_fades_out_at_its_end() -> None:
    loop = np.full(10, 0.5, dtype=np.float32)
    mix = Mix(length=10 * SAMPLE_RATE, bed=loop, bed_until=8 * SAMPLE_RATE)
    assert mix.render(2 * SAMPLE_RATE, 10)[0, 0] == pytest.approx(0.5)
    assert mix.render(7 * SAMPLE_RATE, 10)[0, 0] == pytest.approx(0.5 / 4, rel=0.01)
    assert mix.silent_between(9 * SAMPLE_RATE, 10 * SAMPLE_RATE)


def test_resampling_keeps_pitch_and_length() -> None:
    sr = 22050
    t = np.arange(sr) / sr
    tone = (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    up = resample(tone, sr, SAMPLE_RATE)
    assert up.shape[0] == SAMPLE_RATE
    spectrum = np.abs(np.fft.rfft(up))
    assert np.fft.rfftfreq(up.shape[0], 1 / SAMPLE_RATE)[spectrum.argmax()] == pytest.approx(
        440, abs=2
    )


def test_a_mix_refuses_a_voice_of_the_wrong_shape() -> None:
    with pytest.raises(ValueError):
        Mix(length=10, channels=1, voice=np.zeros((10, 2), dtype=np.int16))
    with pytest.raises(ValueError):
        Mix(length=10, channels=1, voice=np.zeros((10, 1), dtype=np.float32))


def test_the_very_end_fades_to_silence() -> None:
    loop = np.full(10, 0.5, dtype=np.float32)
    mix = Mix(length=SAMPLE_RATE, bed=loop)
    tail = mix.render(SAMPLE_RATE - 1000, 1000)[:, 0]
    assert tail[0] == pytest.approx(0.5)
    assert tail[-1] < 0.001 and np.all(np.diff(tail[-600:]) <= 0)
