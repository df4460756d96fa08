"""The mix for one listening session (a guided meditation or the person's own recording):
the voice, and under it either the ambient bed the person chose or, for a guided
meditation, a very quiet room tone.

Why the room tone is mixed here and not baked into the rendered files: it can be turned
off (the `room_tone_on` setting) without a second set of files; a chosen bed replaces it
instead of sitting on top of it; Vorbis codes noise at -62 dBFS poorly (it costs bits,
and the encoder's noise shaping makes it swirl), while digital silence costs nothing;
and the narration files stay exactly measurable (their phrase endings fall to true
silence, so the tests can time them).
"""

from __future__ import annotations

import numpy as np

from ebbtide.audio import SAMPLE_RATE
from ebbtide.audio.mixer import Mix
from ebbtide.audio.synth import room_tone
from ebbtide.audio.voice import Voice

BED_GAIN_UNDER_VOICE = 0.6
BED_TAIL_S = 4.0  # a bed rests this long after the last sound, fading with the end
ROOM_TONE_TAIL_S = 1.0  # the room tone only outlasts the file long enough to fade


def listening_mix(voice: np.ndarray | Voice, bed: np.ndarray | None = None,
                  room_tone_on: bool = False, sample_rate: int = SAMPLE_RATE) -> Mix:
    """`voice` is decoded int16 (frames, channels). A chosen `bed` (a loop from
    synth.bed) plays under it at BED_GAIN_UNDER_VOICE; with no bed and `room_tone_on`,
    the room tone plays instead. Either fades out with the end."""
    if bed is not None:
        loop, gain, tail_s = bed, BED_GAIN_UNDER_VOICE, BED_TAIL_S
    elif room_tone_on:
        loop, gain, tail_s = room_tone(sample_rate=sample_rate), 1.0, ROOM_TONE_TAIL_S
    else:
        loop, gain, tail_s = None, 1.0, 0.0
    length = voice.shape[0] + int(tail_s * sample_rate)
    return Mix(length=length, channels=voice.shape[1], voice=voice, bed=loop,
               bed_gain=gain, bed_until=length if loop is not None else None,
               sample_rate=sample_rate)


def level_dbfs(samples: np.ndarray) -> float:
    """RMS of float samples in dBFS (digital silence is -140)."""
    return float(10 * np.log10(np.mean(np.asarray(samples, dtype=np.float64) ** 2) + 1e-14))
