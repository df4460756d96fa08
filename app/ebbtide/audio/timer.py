"""The silent meditation timer: a plan (how long, a settling delay, which bells, an
optional ambient bed) and what it means at any moment.

Where the timer is, and which bells have rung, is a pure function of the time elapsed
since it started (a monotonic clock, paused time left out). Nothing is counted from timer
ticks, so it cannot drift.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ebbtide.audio import SAMPLE_RATE
from ebbtide.audio.mixer import BellAt, Mix
from ebbtide.audio.synth import BED_NAMES, bed, bell

BELL_START = "start"
BELL_INTERVAL = "interval"
BELL_END = "end"
# The end bell rings out after the sitting is over.
BELL_RING_S = 7.0
END_BELL_REPEAT_S = 2.5
MAX_DURATION_S = 3 * 3600.0
MAX_DELAY_S = 600.0


@dataclass(frozen=True)
class BellEvent:
    at_s: float  # from the moment the timer was started (the delay included)
    kind: str


@dataclass(frozen=True)
class TimerPlan:
    duration_s: float
    delay_s: float = 0.0
    start_bell: bool = True
    interval_s: float = 0.0  # 0: no interval bells
    end_bell: bool = True
    bed: str | None = None

    def __post_init__(self) -> None:
        if not (0 < self.duration_s <= MAX_DURATION_S):
            raise ValueError("A sitting lasts from a moment to three hours.")
        if not (0 <= self.delay_s <= MAX_DELAY_S):
            raise ValueError("The settling time is from none to ten minutes.")
        if self.interval_s < 0:
            raise ValueError("The time between bells cannot be negative.")
        if self.bed is not None and self.bed not in BED_NAMES:
            raise ValueError(f"There is no ambient sound called {self.bed!r}.")

    @property
    def total_s(self) -> float:
        return self.delay_s + self.duration_s

    def bells(self) -> list[BellEvent]:
        """Every bell, in order. Interval bells fall strictly inside the sitting, so one
        never doubles the start or the end bell."""
        events: list[BellEvent] = []
        if self.start_bell:
            events.append(BellEvent(self.delay_s, BELL_START))
        if self.interval_s > 0:
            count = math.ceil(self.duration_s / self.interval_s) - 1
            for k in range(1, count + 1):
                at = self.delay_s + k * self.interval_s
                if at < self.total_s - 1e-6:
                    events.append(BellEvent(at, BELL_INTERVAL))
        if self.end_bell:
            events.append(BellEvent(self.total_s, BELL_END))
        return events


@dataclass(frozen=True)
class TimerState:
    phase: str  # "settling" (the delay), "sitting", "done"
    time_left_s: float  # of the phase we are in (0 when done)
    bells_rung: int  # how many bells have begun


def timer_state(plan: TimerPlan, elapsed_s: float) -> TimerState:
    """Where the timer is after `elapsed_s` seconds of (unpaused) time."""
    elapsed_s = max(0.0, elapsed_s)
    rung = sum(1 for b in plan.bells() if b.at_s <= elapsed_s)
    if elapsed_s < plan.delay_s:
        return TimerState("settling", plan.delay_s - elapsed_s, rung)
    if elapsed_s < plan.total_s:
        return TimerState("sitting", plan.total_s - elapsed_s, rung)
    return TimerState("done", 0.0, rung)


def bells_between(plan: TimerPlan, after_s: float, upto_s: float) -> list[BellEvent]:
    """Bells that begin in (after_s, upto_s]: what rang since the page last looked."""
    return [b for b in plan.bells() if after_s < b.at_s <= upto_s]


def _bell_sound(kind: str) -> tuple[np.ndarray, float]:
    if kind == BELL_INTERVAL:
        return bell(duration_s=5.0, freq=294.0, level=0.6), 0.55  # lighter, a little higher
    return bell(duration_s=BELL_RING_S, freq=220.0, level=0.6), 1.0


def timer_mix(plan: TimerPlan, bed_gain: float = 1.0) -> Mix:
    """The timer's sound: bells at their times over an optional bed. It lasts until the
    last bell has rung out (the end bell rings twice, softly, then fades)."""
    sounds: dict[str, tuple[np.ndarray, float]] = {}
    bells: list[BellAt] = []
    for event in plan.bells():
        if event.kind not in sounds:
            sounds[event.kind] = _bell_sound(event.kind)
        samples, gain = sounds[event.kind]
        frame = round(event.at_s * SAMPLE_RATE)
        bells.append(BellAt(frame, samples, gain))
        if event.kind == BELL_END:
            bells.append(BellAt(frame + round(END_BELL_REPEAT_S * SAMPLE_RATE), samples,
                                gain * 0.7))
    tail = BELL_RING_S + END_BELL_REPEAT_S if plan.end_bell else 0.5
    length = round((plan.total_s + tail) * SAMPLE_RATE)
    loop = bed(plan.bed) if plan.bed else None
    return Mix(length=length, channels=1, bed=loop, bed_gain=bed_gain, bells=tuple(bells),
               bed_until=round(plan.total_s * SAMPLE_RATE))
