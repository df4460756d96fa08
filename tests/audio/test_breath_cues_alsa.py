"""Listen to a breathing session the way a person hears it: simpleaudio's real output is
captured through ALSA's file plugin (in a subprocess, with ALSA_CONFIG_PATH), then we
find each cue in the recording and check order, spacing and loudness. The null device
does not pace in real time, so we check what was played, not when."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from ebbtide.audio.breath_cues import HIGH_HZ, LOW_HZ

# These tests hear the real output through ALSA's file plugin, paced in real time by a
# second process. On a busy machine the pacer can fall a few frames behind and one
# capture misaligns; a real fault fails every try. So each gets two more tries (and
# pytest reports every rerun).
pytestmark = pytest.mark.flaky(reruns=2, reruns_delay=1)

SR = 44100
LEAD_IN = 3.0
CYCLES = 2

PLAY = textwrap.dedent(
    f"""
    import numpy as np, simpleaudio
    from ebbtide.audio.breath_cues import CueOptions, render_session
    from ebbtide.core.breathing import Phase, PhaseKind as K, Schedule
    box = Schedule([Phase(K.INHALE, 4), Phase(K.HOLD, 4), Phase(K.EXHALE, 4),
                    Phase(K.HOLD_OUT, 4)])
    track = render_session(box, {CYCLES} * 16.0, CueOptions(), lead_in_s={LEAD_IN})
    pcm = np.round(track * 32767).astype(np.int16)
    simpleaudio.play_buffer(pcm.tobytes(), 1, 2, {SR}).wait_done()
    """
)


@pytest.fixture(scope="module")
def heard(tmp_path_factory: pytest.TempPathFactory) -> np.ndarray:
    folder = tmp_path_factory.mktemp("alsa")
    raw = folder / "out.raw"
    conf = folder / "asound.conf"
    conf.write_text(
        f'pcm.!default {{ type file; slave.pcm "null"; file "{raw}"; format "raw" }}\n'
    )
    env = dict(os.environ, ALSA_CONFIG_PATH=f"/usr/share/alsa/alsa.conf:{conf}")
    repo = Path(__file__).resolve().parents[2]
    env["PYTHONPATH"] = str(repo / "app")
    subprocess.run([sys.executable, "-c", PLAY], env=env, check=True, timeout=120)
    return np.frombuffer(raw.read_bytes(), dtype="<i2").astype(np.float32) / 32768.0


WIN = 220  # samples in one envelope window (about 5 ms)


def envelope(x: np.ndarray) -> np.ndarray:
    """Peak level in ~5 ms windows."""
    n = len(x) // WIN
    return np.abs(x[: n * WIN]).reshape(n, WIN).max(axis=1)


def onsets(x: np.ndarray, threshold: float = 0.0015) -> list[float]:
    """Times where sound rises out of (near) silence and grows into a real cue, so a
    fading tail that flickers around the threshold is not counted."""
    env = np.concatenate([[0.0], envelope(x)])  # silence before the recording starts
    found: list[float] = []
    for i in range(1, len(env)):
        if env[i - 1] <= threshold < env[i] and env[i : i + 20].max() > 10 * threshold:
            found.append((i - 1) * WIN / SR)
    return found


def pitch(x: np.ndarray) -> float:
    window = x * np.hanning(len(x))
    spectrum = np.abs(np.fft.rfft(window, n=8 * len(x)))
    return float(np.argmax(spectrum) * SR / (8 * len(x)))


def at(x: np.ndarray, t: float, length: float = 0.25) -> np.ndarray:
    return x[int(t * SR) : int((t + length) * SR)]


def test_the_whole_session_was_played(heard: np.ndarray) -> None:
    assert len(heard) / SR == pytest.approx(LEAD_IN + CYCLES * 16 + 6, abs=0.05)


def test_cues_come_in_order_with_the_right_spacing(heard: np.ndarray) -> None:
    found = onsets(heard)
    # Bell, then per cycle: inhale tone, hold tick, exhale tone, hold tick; then the bell.
    expected = [0.0]
    for cycle in range(CYCLES):
        base = LEAD_IN + 16 * cycle
        expected += [base, base + 4, base + 8, base + 12]
    expected.append(LEAD_IN + 16 * CYCLES)
    assert len(found) == len(expected)
    # Within 30 ms of the schedule (the soft attack takes a few ms to rise).
    assert np.max(np.abs(np.array(found) - np.array(expected))) <= 0.03
    # Tones rise on the inhale and fall on the exhale.
    for cycle in range(CYCLES):
        base = LEAD_IN + 16 * cycle
        assert pitch(at(heard, base + 0.3)) == pytest.approx(LOW_HZ, rel=0.05)
        assert pitch(at(heard, base + 3.4)) == pytest.approx(HIGH_HZ, rel=0.05)
        assert pitch(at(heard, base + 8.3)) == pytest.approx(HIGH_HZ, rel=0.05)
        assert pitch(at(heard, base + 11.4)) == pytest.approx(LOW_HZ, rel=0.05)


def test_loudness_soft_tones_faint_ticks_quiet_holds(heard: np.ndarray) -> None:
    tone_peak = np.abs(at(heard, LEAD_IN, 4.0)).max()
    tick_peak = np.abs(at(heard, LEAD_IN + 4, 0.1)).max()
    assert 0.15 < tone_peak < 0.3  # soft, never near clipping
    assert 0.02 < tick_peak < tone_peak / 3  # faint
    # After the tick, the rest of the hold is silent.
    assert np.abs(at(heard, LEAD_IN + 4.2, 3.7)).max() < 0.002
    # Nothing but the bell's fading tail before the first breath, nothing clips anywhere.
    assert np.abs(at(heard, 2.9, 0.1)).max() < 0.01
    assert np.abs(heard).max() < 0.99
