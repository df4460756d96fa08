"""Sounds made by our own code: a singing-bowl bell and ambient beds that loop without a
seam. Everything is float32 in [-1, 1], mono, at SAMPLE_RATE.

A struck bowl rings with a few inharmonic partials (their ratios are not whole numbers),
each decaying at its own rate; each partial is a close pair of tones a fraction of a hertz
apart, which gives the slow beating ("wah-wah") a real bowl has.
"""

from __future__ import annotations

import numpy as np

from ebbtide.audio import SAMPLE_RATE

# (ratio to the fundamental, relative level, decay time constant as a share of the length,
#  beat frequency in Hz). Ratios close to measured Tibetan-bowl modes (about 1 : 2.7 : 5.1).
_BOWL_PARTIALS: tuple[tuple[float, float, float, float], ...] = (
    (1.0, 1.00, 0.42, 0.55),
    (2.71, 0.42, 0.22, 0.9),
    (5.13, 0.16, 0.11, 1.4),
    (8.21, 0.05, 0.06, 2.1),
)

BED_NAMES: tuple[str, ...] = ("soft-noise", "rain", "low-drone")
BED_TITLES: dict[str, str] = {
    "soft-noise": "Soft noise",
    "rain": "Gentle rain",
    "low-drone": "Low hum",
}


def _frames(duration_s: float, sample_rate: int) -> int:
    return max(1, round(duration_s * sample_rate))


def bell(duration_s: float = 6.0, freq: float = 220.0, level: float = 0.6,
         sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """A soft singing-bowl strike: a quick (5 ms) onset, a long exponential decay, and a
    gentle fade over the last 10% so it ends on silence. Peak at `level`."""
    n = _frames(duration_s, sample_rate)
    t = np.arange(n, dtype=np.float64) / sample_rate
    out = np.zeros(n, dtype=np.float64)
    for ratio, amp, decay_share, beat_hz in _BOWL_PARTIALS:
        f = freq * ratio
        if f >= sample_rate / 2 - 500:
            continue
        tau = max(0.05, decay_share * duration_s)
        envelope = amp * np.exp(-t / tau)
        # Two tones beat_hz apart sum to a tone whose loudness swells and fades slowly.
        pair = np.sin(2 * np.pi * f * t) + 0.3 * np.sin(2 * np.pi * (f + beat_hz) * t + 0.7)
        out += envelope * pair
    attack = min(n, int(0.005 * sample_rate))
    if attack > 1:
        out[:attack] *= np.linspace(0.0, 1.0, attack)
    tail = max(1, n // 10)
    out[-tail:] *= np.linspace(1.0, 0.0, tail) ** 2
    peak = float(np.max(np.abs(out))) or 1.0
    return (out * (level / peak)).astype(np.float32)


def tone(duration_s: float, freq: float, level: float = 0.3, fade_s: float = 0.02,
         sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """A plain sine with short fades at both ends (no click)."""
    n = _frames(duration_s, sample_rate)
    t = np.arange(n, dtype=np.float64) / sample_rate
    out = level * np.sin(2 * np.pi * freq * t)
    return apply_edge_fades(out.astype(np.float32), fade_s, sample_rate)


def apply_edge_fades(samples: np.ndarray, fade_s: float = 0.01,
                     sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Fade the first and last `fade_s` seconds in place (a raised-cosine ramp) and return
    the array: a sound that starts or stops on a non-zero sample clicks."""
    n = samples.shape[0]
    k = min(n // 2, int(fade_s * sample_rate))
    if k > 1:
        ramp = fade_ramp(k)
        shape = (k,) + (1,) * (samples.ndim - 1)
        samples[:k] *= ramp.reshape(shape)
        samples[-k:] *= ramp[::-1].reshape(shape)
    return samples


def fade_ramp(n: int) -> np.ndarray:
    """0 → 1 over n samples along a raised cosine (smoother than a straight line)."""
    if n <= 1:
        return np.ones(max(n, 0), dtype=np.float32)
    x = np.linspace(0.0, np.pi, n, dtype=np.float64)
    return (0.5 - 0.5 * np.cos(x)).astype(np.float32)


# -- ambient beds -------------------------------------------------------------------------


def _lowpass(x: np.ndarray, cutoff_hz: float, sample_rate: int) -> np.ndarray:
    """A gentle low-pass done in the frequency domain (circular, so the loop stays whole)."""
    spectrum = np.fft.rfft(x)
    freqs = np.fft.rfftfreq(x.shape[0], 1 / sample_rate)
    spectrum *= 1.0 / np.sqrt(1.0 + (freqs / cutoff_hz) ** 4)
    return np.fft.irfft(spectrum, n=x.shape[0])


def _shaped_noise(n: int, rng: np.random.Generator, cutoff_hz: float,
                  sample_rate: int) -> np.ndarray:
    # Pink-ish noise (1/f power) shaped in the frequency domain: circular by construction.
    spectrum = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1 / sample_rate)
    freqs[0] = freqs[1]
    spectrum /= np.sqrt(freqs / 20.0)
    spectrum *= 1.0 / np.sqrt(1.0 + (freqs / cutoff_hz) ** 4)
    spectrum[0] = 0.0
    return np.fft.irfft(spectrum, n=n)


def bed(name: str, duration_s: float = 20.0, level: float = 0.25, seed: int = 7,
        sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """One of BED_NAMES as a loop of `duration_s` seconds whose end runs straight into its
    start: noise is made circular in the frequency domain, slow swells use whole cycles
    of the loop, and the result is crossfaded across the wrap as a safety net. RMS is
    about `level` / 3 so the peak stays near `level`."""
    if name not in BED_NAMES:
        raise ValueError(f"There is no ambient sound called {name!r}.")
    loop_n = _frames(duration_s, sample_rate)
    overlap = min(loop_n // 4, int(0.5 * sample_rate))
    n = loop_n + overlap  # made a little long; the extra is crossfaded into the start
    rng = np.random.default_rng(seed)
    t = np.arange(n, dtype=np.float64) / sample_rate
    loop_hz = 1.0 / (loop_n / sample_rate)  # a whole number of cycles per loop keeps it seamless

    if name == "soft-noise":
        x = _shaped_noise(n, rng, 900.0, sample_rate)
        x *= 1.0 + 0.25 * np.sin(2 * np.pi * loop_hz * 2 * t)  # a slow, ocean-like breath
    elif name == "rain":
        x = 0.6 * _shaped_noise(n, rng, 3500.0, sample_rate)
        # Soft drops: short decaying clicks of filtered noise scattered through the loop.
        drops = np.zeros(n)
        count = int(duration_s * 40)
        starts = rng.integers(0, n, size=count)
        drops[starts] = rng.uniform(0.3, 1.0, size=count) * rng.choice([-1, 1], size=count)
        kernel_n = int(0.004 * sample_rate)
        kernel = np.exp(-np.arange(kernel_n) / (kernel_n / 5))
        drops = np.real(np.fft.ifft(np.fft.fft(drops) * np.fft.fft(kernel, n)))  # circular
        x += 0.8 * _lowpass(drops, 2500.0, sample_rate) / (np.std(drops) + 1e-9) * np.std(x)
    else:  # low-drone
        x = np.zeros(n)
        # Frequencies rounded to whole cycles per loop, so each partial wraps exactly.
        for base, amp in ((55.0, 1.0), (82.5, 0.5), (110.0, 0.35), (165.0, 0.12)):
            f = round(base / loop_hz) * loop_hz
            swell = 1.0 + 0.3 * np.sin(2 * np.pi * loop_hz * 3 * t + base)
            x += amp * swell * np.sin(2 * np.pi * f * t)
        x += 0.08 * _shaped_noise(n, rng, 300.0, sample_rate)

    x = _crossfade_wrap(x, loop_n)
    x -= float(np.mean(x))
    peak = float(np.max(np.abs(x))) or 1.0
    return (x * (level / peak)).astype(np.float32)


def _crossfade_wrap(x: np.ndarray, loop_n: int) -> np.ndarray:
    """Turn `x` (loop_n + k samples) into a loop of loop_n samples: the k samples past the
    loop's end are what naturally follows x[loop_n - 1], so blending them into the first k
    samples (fading from them into the original start) makes the wrap from the last
    sample back to the first as smooth as any step inside the sound."""
    k = x.shape[0] - loop_n
    out = x[:loop_n].copy()
    if k >= 2:
        ramp = fade_ramp(k).astype(np.float64)
        out[:k] = x[loop_n:] * (1.0 - ramp) + x[:k] * ramp
    return out


# -- room tone ------------------------------------------------------------------------

ROOM_TONE_DBFS = -62.0  # RMS: audible in a pause on headphones, lost under any word


def room_tone(duration_s: float = 23.0, seed: int = 3,
              sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """The near-silence of a quiet room, as a seamless loop: soft pink-ish noise with the
    highs rolled off, RMS exactly ROOM_TONE_DBFS. Played under a guided meditation, its
    pauses sound like a room rather than a dropout (the rendered narration is digital
    silence between phrases)."""
    loop_n = _frames(duration_s, sample_rate)
    overlap = min(loop_n // 4, int(0.5 * sample_rate))
    rng = np.random.default_rng(seed)
    x = _crossfade_wrap(_shaped_noise(loop_n + overlap, rng, 1200.0, sample_rate), loop_n)
    x -= float(np.mean(x))
    rms = float(np.sqrt(np.mean(x**2))) or 1.0
    return (x * (10 ** (ROOM_TONE_DBFS / 20) / rms)).astype(np.float32)
