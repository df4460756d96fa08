"""How a rendered narration track is paced, measured from its samples and captions:
words a minute, the pauses at commas, the gaps between sentences, how phrase endings
fade, and whether a closing bell rings. audio/render.py prints these for every track and
the tests hold the shipped tracks to `PaceLimits`, so "unhurried" is a number that a
change cannot quietly break.

Pure numpy, no decoding: callers pass mono float samples.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

FRAME_S = 0.005
QUIET_DBFS = -55.0  # a pause: every 5 ms frame under this for at least MIN_PAUSE_S
MIN_PAUSE_S = 0.2
SENTENCE_GAP_FROM_S = 1.0  # a pause inside a caption this long is between two sentences
ENDING_FROM_DBFS = -40.0  # a phrase ending is timed from the last frame this loud…
ENDING_TO_DBFS = -80.0  # …to the first frame this quiet (or digital silence)
CLOSING_BELL_HZ = 220.0


@dataclass(frozen=True)
class PaceLimits:
    """What a calm guide sounds like, as ranges the shipped tracks must stay in."""

    wpm_span: tuple[float, float] = (115.0, 130.0)  # over the captions' spans, whole track
    sentence_gap_s: tuple[float, float] = (1.2, 3.0)
    ending_s: tuple[float, float] = (0.15, 0.25)
    min_gap_spread_s: float = 0.2  # gaps vary with meaning, never all the same length


@dataclass
class TrackFacts:
    words: int
    wpm_span: float
    wpm_voiced: float
    wpm_per_caption: list[float]
    phrase_pauses_s: list[float]
    sentence_gaps_s: list[float]
    rests_s: list[float]
    endings_s: list[float]
    bell_s: float | None
    bell_level_db: float = -120.0  # level of the bell's first second, dBFS
    bell_tonal: bool = False  # most of that second's energy is near CLOSING_BELL_HZ
    end_level_db: float = -120.0  # the track's last half second
    notes: list[str] = field(default_factory=list)

    def problems(self, limits: PaceLimits, bell_expected: bool) -> list[str]:
        found = list(self.notes)
        low, high = limits.wpm_span
        if not low <= self.wpm_span <= high:
            found.append(f"{self.wpm_span:.0f} words a minute over the captions "
                         f"(wanted {low:.0f}-{high:.0f})")
        low, high = limits.sentence_gap_s
        outside = [g for g in self.sentence_gaps_s if not low <= g <= high]
        if outside:
            found.append(f"gaps between sentences outside {low}-{high} s: "
                         + ", ".join(f"{g:.2f}" for g in outside[:5]))
        if len(self.sentence_gaps_s) > 2 and np.std(self.sentence_gaps_s) < limits.min_gap_spread_s:
            found.append("the gaps between sentences are all about the same length")
        low, high = limits.ending_s
        abrupt = [e for e in self.endings_s if not low <= e <= high]
        if abrupt:
            found.append(f"phrase endings outside {low * 1000:.0f}-{high * 1000:.0f} ms: "
                         + ", ".join(f"{e * 1000:.0f}" for e in abrupt[:5]))
        if bell_expected and not (self.bell_s is not None and self.bell_tonal
                                  and self.bell_level_db > -45.0):
            found.append("no closing bell rings after the last words")
        if not bell_expected:
            if self.bell_s is not None:
                found.append("a bell rings at the end of a track that should end in a fade")
            if self.end_level_db > -70.0:
                found.append(f"the track ends at {self.end_level_db:.0f} dBFS, not in a fade")
        return found


def frame_levels(samples: np.ndarray, rate: int, frame_s: float = FRAME_S) -> np.ndarray:
    """RMS of consecutive frames, dBFS (digital silence is -140)."""
    frame = max(1, int(frame_s * rate))
    usable = samples[: samples.size - samples.size % frame].reshape(-1, frame)
    return 10 * np.log10(np.mean(usable.astype(np.float64) ** 2, axis=1) + 1e-14)


def quiet_runs(levels: np.ndarray, frame_s: float, min_s: float) -> list[tuple[int, int]]:
    """[start, stop) frame indices of every run of quiet frames at least `min_s` long."""
    quiet = np.concatenate([[False], levels < QUIET_DBFS, [False]])
    edges = np.flatnonzero(np.diff(quiet.astype(np.int8)))
    runs = edges.reshape(-1, 2)
    return [(int(a), int(b)) for a, b in runs if (b - a) * frame_s >= min_s]


def ending_length(levels: np.ndarray, quiet_start: int, frame_s: float) -> float | None:
    """Seconds from the last frame at ENDING_FROM_DBFS before `quiet_start` to the
    first frame under ENDING_TO_DBFS after it; None if no speech is near."""
    window = int(0.6 / frame_s)
    before = levels[max(0, quiet_start - window) : quiet_start]
    loud = np.flatnonzero(before >= ENDING_FROM_DBFS)
    if loud.size == 0:
        return None
    last_loud = quiet_start - before.size + int(loud[-1])
    after = np.flatnonzero(levels[last_loud:] < ENDING_TO_DBFS)
    if after.size == 0:
        return None
    return float(after[0]) * frame_s


def measure_track(samples: np.ndarray, rate: int,
                  captions: Sequence[tuple[float, float, str]],
                  bell_s: float | None = None) -> TrackFacts:
    """Everything PaceLimits asks about, for one track and its captions."""
    levels = frame_levels(samples, rate)
    frame_s = max(1, int(FRAME_S * rate)) / rate  # the frames' true length, not rounded
    runs = quiet_runs(levels, frame_s, MIN_PAUSE_S)
    words_total, span_total, voiced_total = 0, 0.0, 0.0
    per_caption: list[float] = []
    commas: list[float] = []
    gaps: list[float] = []
    endings: list[float] = []
    for start_s, end_s, text in captions:
        words = len(text.split())
        span = end_s - start_s
        a, b = int(start_s / frame_s), int(end_s / frame_s)
        inside = [(max(s, a), min(e, b)) for s, e in runs if s < b and e > a]
        inner = [(s, e) for s, e in inside if s > a and e < b]  # not the edges
        quiet_s = sum((e - s) * frame_s for s, e in inner)
        for s, e in inner:
            length = (e - s) * frame_s
            if length >= SENTENCE_GAP_FROM_S:
                gaps.append(length)
                ending = ending_length(levels, s, frame_s)
                if ending is not None:
                    endings.append(ending)
            else:
                commas.append(length)
        # The ending of the caption's last phrase, into the rest after it.
        ending = ending_length(levels, min(b, levels.size), frame_s)
        if ending is not None:
            endings.append(ending)
        words_total += words
        span_total += span
        voiced_total += span - quiet_s
        per_caption.append(60.0 * words / span)
    rests = [captions[i + 1][0] - captions[i][1] for i in range(len(captions) - 1)]
    facts = TrackFacts(
        words=words_total,
        wpm_span=60.0 * words_total / span_total if span_total else 0.0,
        wpm_voiced=60.0 * words_total / voiced_total if voiced_total else 0.0,
        wpm_per_caption=per_caption,
        phrase_pauses_s=commas,
        sentence_gaps_s=gaps,
        rests_s=rests,
        endings_s=endings,
        bell_s=bell_s,
    )
    tail = samples[-int(0.5 * rate) :].astype(np.float64)
    facts.end_level_db = float(10 * np.log10(np.mean(tail**2) + 1e-14))
    if bell_s is not None:
        if captions and bell_s < captions[-1][1]:
            facts.notes.append("the closing bell rings before the last words end")
        ring = samples[int(bell_s * rate) : int((bell_s + 1.0) * rate)].astype(np.float64)
        if ring.size:
            facts.bell_level_db = float(10 * np.log10(np.mean(ring**2) + 1e-14))
            power = np.abs(np.fft.rfft(ring)) ** 2
            freqs = np.fft.rfftfreq(ring.size, 1 / rate)
            near = np.abs(freqs - CLOSING_BELL_HZ) < 10.0
            facts.bell_tonal = bool(power[near].sum() > 0.5 * power.sum())
    return facts
