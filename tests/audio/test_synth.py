"""The sounds we make ourselves: a bell that rings out to silence, beds that loop."""

import numpy as np
import pytest

from ebbtide.audio import SAMPLE_RATE
from ebbtide.audio.synth import BED_NAMES, bed, bell


def test_bell_strikes_softly_rings_long_and_ends_in_silence() -> None:
    b = bell(duration_s=6.0, freq=220.0, level=0.6)
    assert b.dtype == np.float32 and b.ndim == 1 and b.shape[0] == 6 * SAMPLE_RATE
    assert np.max(np.abs(b)) == pytest.approx(0.6, abs=1e-3)  # never clips
    assert abs(b[0]) < 1e-3 and abs(b[-1]) < 1e-3  # no click at either end
    two = 2 * SAMPLE_RATE  # windows longer than the slow beating
    loud = [float(np.sqrt(np.mean(b[i * two : (i + 1) * two] ** 2))) for i in range(3)]
    assert loud[0] > loud[1] > loud[2]  # it decays...
    assert loud[1] > 0.2 * loud[0]  # ...slowly: still ringing well after the strike


def test_bell_is_a_bowl_not_a_beep() -> None:
    """Inharmonic partials: energy well away from whole multiples of the strike."""
    b = bell(duration_s=4.0, freq=200.0)
    spectrum = np.abs(np.fft.rfft(b))
    freqs = np.fft.rfftfreq(b.shape[0], 1 / SAMPLE_RATE)
    near = lambda f: spectrum[(freqs > f - 15) & (freqs < f + 15)].max()  # noqa: E731
    assert near(542) > 0.1 * near(200)  # the 2.71 partial
    assert near(400) < 0.05 * near(200)  # not the octave a plain tone would have


@pytest.mark.parametrize("name", BED_NAMES)
def test_beds_loop_without_a_seam(name: str) -> None:
    loop = bed(name, duration_s=8.0, level=0.25)
    assert loop.dtype == np.float32
    assert np.max(np.abs(loop)) <= 0.25 + 1e-6
    steps = np.abs(np.diff(loop))
    wrap = abs(float(loop[0]) - float(loop[-1]))
    # The step from the last sample back to the first is like any step inside the loop.
    assert wrap <= np.percentile(steps, 99.9)
    # Played twice in a row, the join has no burst of energy.
    twice = np.concatenate([loop, loop])
    join = twice[loop.shape[0] - 441 : loop.shape[0] + 441]
    assert np.sqrt(np.mean(np.diff(join) ** 2)) < 3 * np.sqrt(np.mean(steps**2))


def test_an_unknown_bed_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="waves"):
        bed("waves")
