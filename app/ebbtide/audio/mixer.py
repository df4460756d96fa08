"""What plays in one listening session, and how it is mixed: a voice (decoded int16), an
ambient bed that loops, and bells at set times. Rendering is by blocks, so a long
recording is never copied whole into floats.

Pure numpy: the engine asks `Mix.render(start, n)` for the next block it needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from ebbtide.audio import SAMPLE_RATE

INT16_SCALE = 32768.0
BED_FADE_S = 4.0
END_FADE_S = 0.015


@dataclass(frozen=True)
class BellAt:
    """A bell that starts at `frame` (samples from the start of the session)."""

    frame: int
    samples: np.ndarray  # float32 mono
    gain: float = 1.0


class VoiceSource(Protocol):
    """A long voice read a block at a time (decode.Voice): int16 (frames, channels)."""

    @property
    def shape(self) -> tuple[int, int]: ...

    def read(self, start: int, n: int) -> np.ndarray: ...


@dataclass
class Mix:
    """Everything one session plays. `voice` is int16 of shape (n, channels), in memory
    or a VoiceSource read as it plays; `bed` is a float32 mono loop that runs from frame 0
    for the whole length."""

    length: int
    channels: int = 1
    voice: np.ndarray | VoiceSource | None = None
    voice_gain: float = 1.0
    bed: np.ndarray | None = None
    bed_gain: float = 1.0
    bells: Sequence[BellAt] = field(default_factory=tuple)
    sample_rate: int = SAMPLE_RATE
    bed_until: int | None = None  # the bed fades out over BED_FADE_S ending here

    def __post_init__(self) -> None:
        if self.channels not in (1, 2):
            raise ValueError("A mix has one or two channels.")
        if isinstance(self.voice, np.ndarray) and (self.voice.dtype != np.int16
                                                   or self.voice.ndim != 2):
            raise ValueError("The voice must be int16 samples shaped (frames, channels).")
        if self.voice is not None and self.voice.shape[1] != self.channels:
            raise ValueError("The voice and the mix need the same number of channels.")
        if self.bed is not None and (self.bed.ndim != 1 or self.bed.shape[0] == 0):
            raise ValueError("An ambient bed is a non-empty mono loop.")

    @property
    def length_s(self) -> float:
        return self.length / self.sample_rate

    def _bed_sounds(self, start: int) -> bool:
        return self.bed_until is None or start < self.bed_until

    def silent_between(self, start: int, stop: int) -> bool:
        """True when nothing at all sounds in [start, stop): the engine then leaves its
        (zeroed) buffer untouched, so a silent timer costs almost no memory."""
        if self.bed is not None and self.bed_gain > 0 and self._bed_sounds(start):
            return False
        if self.voice is not None and start < self.voice.shape[0]:
            return False
        return not any(
            b.frame < stop and b.frame + b.samples.shape[0] > start for b in self.bells
        )

    def render(self, start: int, n: int) -> np.ndarray:
        """Samples [start, start + n) as float32 (n, channels), unclipped."""
        n = max(0, min(n, self.length - start))
        out = np.zeros((n, self.channels), dtype=np.float32)
        if n == 0:
            return out
        stop = start + n
        if self.voice is not None and start < self.voice.shape[0]:
            end = min(stop, self.voice.shape[0])
            if isinstance(self.voice, np.ndarray):
                part = self.voice[start:end]
            else:
                part = self.voice.read(start, end - start)
            out[: part.shape[0]] += part.astype(np.float32) * (self.voice_gain / INT16_SCALE)
        if self.bed is not None and self.bed_gain > 0 and self._bed_sounds(start):
            loop = self.bed
            frames = np.arange(start, stop)
            layer = loop[frames % loop.shape[0]] * self.bed_gain
            if self.bed_until is not None:
                fade = BED_FADE_S * self.sample_rate
                layer *= np.clip((self.bed_until - frames) / fade, 0.0, 1.0).astype(np.float32)
            out += layer[:, None]
        self._add_bells(out, start, stop)
        end_fade = int(END_FADE_S * self.sample_rate)
        if stop > self.length - end_fade:
            # The very end fades to nothing, whatever was sounding: no click at the end.
            frames = np.arange(start, stop)
            out *= np.clip((self.length - frames) / end_fade, 0.0, 1.0).astype(np.float32)[
                :, None
            ]
        return out

    def _add_bells(self, out: np.ndarray, start: int, stop: int) -> None:
        for b in self.bells:
            b_stop = b.frame + b.samples.shape[0]
            if b.frame >= stop or b_stop <= start:
                continue
            lo = max(start, b.frame)
            hi = min(stop, b_stop)
            out[lo - start : hi - start] += (b.samples[lo - b.frame : hi - b.frame] * b.gain)[
                :, None
            ]


def to_int16(samples: np.ndarray) -> np.ndarray:
    """float in [-1, 1] → int16, clipped (never wrapped round, which would crack)."""
    scaled = np.clip(samples * INT16_SCALE, -INT16_SCALE, INT16_SCALE - 1)
    return scaled.astype(np.int16)


def resample(samples: np.ndarray, from_rate: int, to_rate: int) -> np.ndarray:
    """Change the sample rate of (n,) or (n, channels) samples, keeping the dtype, with
    soxr (band-limited: no images above the old top, no aliasing going down)."""
    if from_rate == to_rate or samples.shape[0] == 0:
        return samples
    if from_rate <= 0 or to_rate <= 0:
        raise ValueError("Sample rates must be positive.")
    import soxr

    src = samples.astype(np.float32)
    if samples.dtype == np.int16:
        src *= np.float32(1 / INT16_SCALE)
    out = soxr.resample(src, from_rate, to_rate, quality="HQ")
    if samples.dtype == np.int16:
        return np.clip(np.rint(out * INT16_SCALE), -32768, 32767).astype(np.int16)
    return out.astype(samples.dtype)
