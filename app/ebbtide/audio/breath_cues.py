"""The sounds of a breathing session, synthesised here with numpy: a soft tone that rises
for as long as the inhale lasts, one that falls for the exhale, a faint tick as a hold
begins, a bell to start and to end, and optional spoken words ("in", "hold", "out").

Each cue belongs to a phase start (a `Boundary` from the pure schedule) and is played
when that boundary is crossed, so sound and picture read the same clock. A tone lasts
exactly its phase, so with eyes closed the tone itself says when to stop breathing in.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from ebbtide.audio import SAMPLE_RATE, synth
from ebbtide.audio.mixer import resample
from ebbtide.audio.synth import fade_ramp
from ebbtide.core.breathing import Boundary, PhaseKind, Schedule

log = logging.getLogger(__name__)

Samples = NDArray[np.float32]

# Loudness, as peak amplitude (1.0 = full scale). Soft: cues sit well under a voice.
TONE_PEAK = 0.28
TICK_PEAK = 0.06
BELL_PEAK = 0.35
SPOKEN_GAIN = 0.9

# A gentle fifth: G3 up to D4 on the inhale, back down on the exhale.
LOW_HZ = 196.0
HIGH_HZ = 293.66
TOP_UP_HZ = (HIGH_HZ, 329.63)  # the sip on top of a cyclic sigh rises a little more

SPOKEN_WORDS: dict[PhaseKind, str] = {
    PhaseKind.INHALE: "in",
    PhaseKind.TOP_UP: "in",
    PhaseKind.HOLD: "hold",
    PhaseKind.EXHALE: "out",
    PhaseKind.HOLD_OUT: "hold",
}


class EffectPlayer(Protocol):
    """The part of the audio engine cues need (ebbtide.audio.engine.AudioEngine)."""

    @property
    def available(self) -> bool: ...

    def play_effect(self, samples: Samples, sample_rate: int = SAMPLE_RATE,
                    gain: float = 1.0) -> object: ...

    def stop_all(self) -> None: ...


def _envelope(n: int, sr: int, attack_s: float, release_s: float) -> Samples:
    """Raised-cosine attack and release: no clicks, and the tone fades as the phase ends."""
    env = np.ones(n, dtype=np.float32)
    a = min(n // 2, int(attack_s * sr))
    r = min(n - a, int(release_s * sr))
    if a > 0:
        env[:a] = fade_ramp(a)
    if r > 0:
        env[n - r :] *= fade_ramp(r)[::-1]
    return env


def glide(seconds: float, from_hz: float, to_hz: float, peak: float = TONE_PEAK,
          sr: int = SAMPLE_RATE) -> Samples:
    """A soft tone whose pitch glides from one note to another, eased like a breath, with
    a quiet octave partial for warmth."""
    n = max(1, round(seconds * sr))
    p = np.linspace(0.0, 1.0, n, dtype=np.float64)
    eased = (1.0 - np.cos(np.pi * p)) / 2.0
    # Glide in log-frequency so the rise sounds even; integrate to get the phase.
    freq = from_hz * (to_hz / from_hz) ** eased
    phase = 2.0 * np.pi * np.cumsum(freq) / sr
    wave = np.sin(phase) + 0.18 * np.sin(2.0 * phase) + 0.05 * np.sin(3.0 * phase)
    wave /= 1.23
    attack = min(0.35, seconds * 0.25)
    release = min(0.6, seconds * 0.3)
    out = (wave * peak).astype(np.float32) * _envelope(n, sr, attack, release)
    return out


@lru_cache(maxsize=64)
def _cached_glide(centis: int, from_hz: float, to_hz: float) -> Samples:
    samples = glide(centis / 100.0, from_hz, to_hz)
    samples.setflags(write=False)
    return samples


def inhale_tone(seconds: float) -> Samples:
    return _cached_glide(round(seconds * 100), LOW_HZ, HIGH_HZ)


def top_up_tone(seconds: float) -> Samples:
    return _cached_glide(round(seconds * 100), *TOP_UP_HZ)


def exhale_tone(seconds: float) -> Samples:
    return _cached_glide(round(seconds * 100), HIGH_HZ, LOW_HZ)


@lru_cache(maxsize=1)
def hold_tick(sr: int = SAMPLE_RATE) -> Samples:
    """A faint wooden tick: a short, quickly fading 1.1 kHz sine."""
    n = int(0.06 * sr)
    t = np.arange(n, dtype=np.float32) / sr
    tick = np.sin(2 * np.pi * 1100.0 * t) * np.exp(-t / 0.012)
    tick *= _envelope(n, sr, 0.002, 0.01)
    out = (tick * TICK_PEAK).astype(np.float32)
    out.setflags(write=False)
    return out


@lru_cache(maxsize=2)
def bell(closing: bool = False, sr: int = SAMPLE_RATE) -> Samples:
    """A bell to begin (brighter) and to end (lower, longer): the shared synth's bell,
    so every bell in Ebbtide sounds of one family."""
    fundamental = 392.0 if closing else 523.25
    seconds = 5.0 if closing else 2.8  # the opening bell has faded before the first breath
    out = synth.bell(duration_s=seconds, freq=fundamental, level=BELL_PEAK, sample_rate=sr)
    out.setflags(write=False)
    return out


@lru_cache(maxsize=8)
def spoken_cue(word: str) -> tuple[Samples, int] | None:
    """The recorded word, mono float32, or None when it has not been rendered."""
    try:
        import soundfile

        from ebbtide.core.meditations import cue_file

        data, sr = soundfile.read(str(cue_file(word)), dtype="float32", always_2d=True)
    except Exception as exc:  # a missing cue file means: no spoken cues, not a crash
        log.info("Spoken cue unavailable (%s)", type(exc).__name__)
        return None
    mono = np.ascontiguousarray(data.mean(axis=1), dtype=np.float32)
    mono.setflags(write=False)
    return mono, int(sr)


def spoken_cues_available() -> bool:
    return all(spoken_cue(w) is not None for w in set(SPOKEN_WORDS.values()))


@dataclass(frozen=True)
class CueOptions:
    tones: bool = True
    spoken: bool = False
    hold_tick: bool = True
    bells: bool = True


@dataclass(frozen=True)
class Cue:
    samples: Samples
    sample_rate: int
    gain: float
    name: str  # "inhale", "exhale", "tick", "bell", "spoken:in", …


def phase_cues(boundary: Boundary, options: CueOptions) -> list[Cue]:
    """What plays as a phase begins."""
    cues: list[Cue] = []
    kind = boundary.kind
    if options.tones:
        if kind is PhaseKind.INHALE:
            cues.append(Cue(inhale_tone(boundary.seconds), SAMPLE_RATE, 1.0, "inhale"))
        elif kind is PhaseKind.TOP_UP:
            cues.append(Cue(top_up_tone(boundary.seconds), SAMPLE_RATE, 1.0, "top_up"))
        elif kind is PhaseKind.EXHALE:
            cues.append(Cue(exhale_tone(boundary.seconds), SAMPLE_RATE, 1.0, "exhale"))
        elif options.hold_tick:
            cues.append(Cue(hold_tick(), SAMPLE_RATE, 1.0, "tick"))
    if options.spoken:
        word = SPOKEN_WORDS[kind]
        spoken = spoken_cue(word)
        if spoken is not None:
            cues.append(Cue(spoken[0], spoken[1], SPOKEN_GAIN, f"spoken:{word}"))
    return cues


def bell_cue(closing: bool) -> Cue:
    return Cue(bell(closing), SAMPLE_RATE, 1.0, "end bell" if closing else "start bell")


class CuePlayer:
    """Plays a session's cues through the engine. Never raises: with no sound device
    the engine stays silent and the session goes on visually."""

    def __init__(self, engine: EffectPlayer, options: CueOptions) -> None:
        self.engine = engine
        self.options = options
        self.played: list[str] = []  # names, for the page's own status and for tests

    def _play(self, cues: Sequence[Cue]) -> None:
        for cue in cues:
            try:
                self.engine.play_effect(cue.samples, sample_rate=cue.sample_rate, gain=cue.gain)
            except Exception as exc:  # sound must never stop a breathing session
                log.warning("A breathing cue could not play (%s)", type(exc).__name__)
            self.played.append(cue.name)

    def prepare(self, boundary: Boundary) -> None:
        """Synthesise ahead, so the cue starts on time when its boundary comes."""
        phase_cues(boundary, self.options)

    def phase_started(self, boundary: Boundary) -> None:
        self._play(phase_cues(boundary, self.options))

    def phase_resumed(self, boundary: Boundary, offset_s: float) -> None:
        """After a pause: the rest of the phase's tone, from `offset_s` into it. Short
        cues (a tick, a word) are not repeated."""
        rest: list[Cue] = []
        for cue in phase_cues(boundary, self.options):
            start = round(offset_s * cue.sample_rate)
            if cue.name in ("inhale", "top_up", "exhale") and start < len(cue.samples) - 2205:
                tail = np.array(cue.samples[start:], dtype=np.float32)
                tail[:2205] *= np.linspace(0.0, 1.0, 2205, dtype=np.float32)  # 50 ms fade in
                rest.append(Cue(tail, cue.sample_rate, cue.gain, cue.name))
        self._play(rest)

    def session_started(self) -> None:
        if self.options.bells:
            self._play([bell_cue(closing=False)])

    def session_ended(self) -> None:
        self.engine.stop_all()
        if self.options.bells:
            self._play([bell_cue(closing=True)])

    def stop(self) -> None:
        self.engine.stop_all()


def render_session(schedule: Schedule, seconds: float, options: CueOptions,
                   lead_in_s: float = 0.0, sr: int = SAMPLE_RATE) -> Samples:
    """Every cue of the first `seconds` of breathing mixed into one track, each at its
    boundary's time: exactly what a person would hear, for listening tests and checks."""
    total = lead_in_s + seconds + (6.0 if options.bells else 1.0)
    track = np.zeros(int(total * sr), dtype=np.float32)

    def place(at_s: float, cue: Cue) -> None:
        samples = resample(cue.samples, cue.sample_rate, sr)  # the recorded words are 22.05 kHz
        start = round(at_s * sr)
        end = min(len(track), start + len(samples))
        if start < end:
            track[start:end] += samples[: end - start] * cue.gain

    if options.bells:
        place(0.0, bell_cue(closing=False))
    for boundary in schedule.boundaries_between(-1.0, seconds - 1e-9):
        for cue in phase_cues(boundary, options):
            place(lead_in_s + boundary.at, cue)
    if options.bells:
        place(lead_in_s + seconds, bell_cue(closing=True))
    np.clip(track, -1.0, 1.0, out=track)
    return track
