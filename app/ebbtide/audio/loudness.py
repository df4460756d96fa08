"""Loudness as a listener hears it (ITU-R BS.1770's K-weighting), in plain numpy.

BS.1770 filters the signal (a high shelf near 1.5 kHz and a high pass near 38 Hz) and
takes the mean square. The mean square of a filtered signal only depends on its power
spectrum times the filter's power response (Parseval), so here the filter is applied in
the frequency domain: no IIR loop, no scipy. `block_loudness` does the same per 400 ms
block with BS.1770's gates, which is how the programme loudness (LUFS) of a whole track
is measured; each block is filtered on its own, so it agrees with a sample-by-sample
meter to within a few hundredths of a LU on speech.

Used by audio/render.py to level the cue words and by the tests that check the shipped
files. No Qt, no decoding.
"""

from __future__ import annotations

import numpy as np

# (gain dB, Q, corner Hz, kind): BS.1770's two stages, as RBJ biquads at any sample rate.
_STAGES = ((4.0, 1 / np.sqrt(2), 1500.0, "high_shelf"), (0.0, 0.5, 38.0, "high_pass"))


def _biquad(gain_db: float, q: float, fc: float, rate: int,
            kind: str) -> tuple[tuple[float, ...], tuple[float, ...]]:
    a_gain = 10 ** (gain_db / 40.0)
    w0 = 2.0 * np.pi * fc / rate
    alpha = np.sin(w0) / (2.0 * q)
    cos, root = np.cos(w0), 2 * np.sqrt(a_gain) * alpha
    if kind == "high_shelf":
        b = (a_gain * ((a_gain + 1) + (a_gain - 1) * cos + root),
             -2 * a_gain * ((a_gain - 1) + (a_gain + 1) * cos),
             a_gain * ((a_gain + 1) + (a_gain - 1) * cos - root))
        a = ((a_gain + 1) - (a_gain - 1) * cos + root,
             2 * ((a_gain - 1) - (a_gain + 1) * cos),
             (a_gain + 1) - (a_gain - 1) * cos - root)
    else:
        b = ((1 + cos) / 2, -(1 + cos), (1 + cos) / 2)
        a = (1 + alpha, -2 * cos, 1 - alpha)
    return b, a


def k_weighting_power(freqs: np.ndarray, rate: int) -> np.ndarray:
    """|H(f)|² of the K-weighting filter at `freqs` (Hz)."""
    z = np.exp(-1j * 2 * np.pi * freqs / rate)
    power = np.ones(freqs.shape, dtype=np.float64)
    for gain_db, q, fc, kind in _STAGES:
        b, a = _biquad(float(gain_db), float(q), float(fc), rate, str(kind))
        response = (b[0] + b[1] * z + b[2] * z**2) / (a[0] + a[1] * z + a[2] * z**2)
        power *= np.abs(response) ** 2
    return power


def _weighted_mean_square(frames: np.ndarray, rate: int) -> np.ndarray:
    """K-weighted mean square of each row of `frames`."""
    n = frames.shape[-1]
    spectrum = np.abs(np.fft.rfft(frames.astype(np.float64), axis=-1)) ** 2
    weights = np.full(spectrum.shape[-1], 2.0)  # one-sided spectrum: count both halves
    weights[0] = 1.0
    if n % 2 == 0:
        weights[-1] = 1.0
    weights *= k_weighting_power(np.fft.rfftfreq(n, 1 / rate), rate)
    return np.asarray((spectrum * weights).sum(axis=-1) / n**2)


def word_loudness(samples: np.ndarray, rate: int) -> float:
    """Loudness (LUFS, ungated) of one short sound such as a spoken cue word: too short
    for BS.1770's 400 ms blocks, so the whole sound is one block."""
    if samples.size == 0:
        return -120.0
    power = float(_weighted_mean_square(samples[None, :], rate)[0])
    return -0.691 + 10 * np.log10(max(power, 1e-12))


def block_loudness(samples: np.ndarray, rate: int) -> float:
    """Integrated loudness (LUFS) of a mono track: 400 ms blocks, 75 % overlap, the
    absolute gate at -70 LUFS and the relative gate 10 LU under the mean."""
    block = int(0.4 * rate)
    hop = block // 4
    if samples.size < block:
        return word_loudness(samples, rate)
    starts = np.arange(0, samples.size - block + 1, hop)
    powers = np.concatenate([
        _weighted_mean_square(np.stack([samples[s : s + block] for s in chunk]), rate)
        for chunk in np.array_split(starts, max(1, starts.size // 512))
    ])
    lufs = -0.691 + 10 * np.log10(np.maximum(powers, 1e-12))
    powers = powers[lufs > -70.0]
    if powers.size == 0:
        return -120.0
    relative = -0.691 + 10 * np.log10(powers.mean()) - 10.0
    gated = powers[-0.691 + 10 * np.log10(powers) > relative]
    return float(-0.691 + 10 * np.log10(gated.mean()))
