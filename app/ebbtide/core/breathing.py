"""The breathing schedule: where in the breath a person is, as a pure function of the
pattern, the ramp, the pace changes and the active seconds elapsed.

Nothing here is accumulated from timer ticks, so nothing can drift: after an hour the
phase shown is exactly the one the schedule names for that instant, whatever the frame
rate was or however long a frame stalled.

How time maps to breath. Let L(t) be the cycle length in seconds at active time t. The
number of cycles breathed by time t is θ(t) = ∫₀ᵗ du / L(u). The fractional part of θ
says where in the cycle we are; the pattern's phase proportions cut the cycle into
phases, so proportions are kept even while the cycle slows.

* Without a ramp L is constant and θ(t) = t / L₀.
* A ramp changes L linearly from L₀ to L₁ over R seconds: L(t) = L₀ + k·t with
  k = (L₁ − L₀)/R, so θ(t) = ln(1 + k·t/L₀)/k, then constant pace L₁. Both θ and its
  inverse are closed forms: every query is O(1).
* A pace change (+/−) at time tc scales the cycle from then on by s: θ(t) = θ(tc) +
  (θ_base(t) − θ_base(tc))/s. θ stays continuous, so the phase shown does not jump.
  Changes are kept as segments and found by bisection: O(log n) per query.
"""

from __future__ import annotations

import math
import time
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class PhaseKind(StrEnum):
    INHALE = "inhale"
    TOP_UP = "top_up"  # the short second inhale of a cyclic sigh
    HOLD = "hold"  # hold with the lungs full
    EXHALE = "exhale"
    HOLD_OUT = "hold_out"  # hold after the exhale

    @property
    def is_inhale(self) -> bool:
        return self in (PhaseKind.INHALE, PhaseKind.TOP_UP)

    @property
    def is_hold(self) -> bool:
        return self in (PhaseKind.HOLD, PhaseKind.HOLD_OUT)


PHASE_WORDS: dict[PhaseKind, str] = {
    PhaseKind.INHALE: "Breathe in",
    PhaseKind.TOP_UP: "A little more in",
    PhaseKind.HOLD: "Hold",
    PhaseKind.EXHALE: "Breathe out",
    PhaseKind.HOLD_OUT: "Hold",
}

MIN_BREATH_S = 0.5  # shortest inhale, top-up or exhale
MAX_PHASE_S = 60.0
PACE_STEP_S = 0.5  # one +/- press lengthens or shortens the first inhale by this much
TOP_UP_LEVEL = 0.8  # how full the first inhale gets when a top-up follows it
LEAD_IN_S = 3  # the 3-2-1 before the first breath


class PatternError(ValueError):
    """A pattern that cannot be breathed, in plain words."""


@dataclass(frozen=True)
class Phase:
    kind: PhaseKind
    seconds: float

    def __post_init__(self) -> None:
        check_phase(self.kind, self.seconds)


def check_phase(kind: PhaseKind, seconds: float) -> None:
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or math.isnan(seconds):
        raise PatternError(f"The {PHASE_WORDS[kind].lower()} time must be a number of seconds.")
    if abs(seconds * 10 - round(seconds * 10)) > 1e-6:
        raise PatternError("Times go in steps of a tenth of a second (for example 4.5).")
    low = 0.0 if kind.is_hold else MIN_BREATH_S
    if not low <= seconds <= MAX_PHASE_S:
        what = "A hold" if kind.is_hold else f"{PHASE_WORDS[kind]}"
        raise PatternError(f"{what} can last from {low:g} to {MAX_PHASE_S:g} seconds.")


def check_phases(phases: Sequence[Phase]) -> None:
    if not phases:
        raise PatternError("A pattern needs at least one breath in and one breath out.")
    kinds = [p.kind for p in phases]
    if PhaseKind.INHALE not in kinds or PhaseKind.EXHALE not in kinds:
        raise PatternError("A pattern needs at least one breath in and one breath out.")
    if PhaseKind.TOP_UP in kinds and kinds.index(PhaseKind.TOP_UP) < kinds.index(PhaseKind.INHALE):
        raise PatternError("A top-up breath comes after a first breath in.")


def cycle_seconds(phases: Sequence[Phase]) -> float:
    return float(sum(p.seconds for p in phases))


@dataclass(frozen=True)
class Ramp:
    """Slow (or quicken) the cycle from the pattern's pace to `target_bpm` breaths a
    minute over `minutes`, keeping the phase proportions."""

    target_bpm: float
    minutes: float

    def __post_init__(self) -> None:
        if not 1.0 <= self.target_bpm <= 30.0:
            raise PatternError("The target pace can be from 1 to 30 breaths a minute.")
        if not 0.5 <= self.minutes <= 60.0:
            raise PatternError("A ramp can take from half a minute to 60 minutes.")


class SessionMode(StrEnum):
    MINUTES = "minutes"
    CYCLES = "cycles"
    OPEN = "open"  # until stopped


@dataclass(frozen=True)
class SessionPlan:
    mode: SessionMode = SessionMode.MINUTES
    amount: int = 5  # minutes or cycles; ignored when open

    def __post_init__(self) -> None:
        if self.mode is SessionMode.MINUTES and not 1 <= self.amount <= 60:
            raise PatternError("A session can last from 1 to 60 minutes.")
        if self.mode is SessionMode.CYCLES and not 1 <= self.amount <= 1000:
            raise PatternError("A session can have from 1 to 1000 breaths.")


def ease_in_out(p: float) -> float:
    """Sine ease in-out: slow to start, slow to finish, like a breath."""
    p = min(1.0, max(0.0, p))
    return (1.0 - math.cos(math.pi * p)) / 2.0


def phase_levels(phases: Sequence[Phase]) -> list[tuple[float, float]]:
    """How full the lungs are (0..1) at the start and end of each phase. An inhale fills
    to 1, or to TOP_UP_LEVEL when a top-up follows before the next exhale; exhales
    empty; holds keep the level."""
    levels: list[tuple[float, float]] = []
    # Start from the level the cycle ends on, so a pattern starting on a hold is right.
    level = 0.0
    for _ in range(2):  # the second pass starts from the first pass's end level
        levels = []
        for i, phase in enumerate(phases):
            start = level
            if phase.kind is PhaseKind.INHALE:
                level = TOP_UP_LEVEL if _top_up_follows(phases, i) else 1.0
            elif phase.kind is PhaseKind.TOP_UP:
                level = 1.0
            elif phase.kind is PhaseKind.EXHALE:
                level = 0.0
            levels.append((start, level))
    return levels


def _top_up_follows(phases: Sequence[Phase], inhale_index: int) -> bool:
    """A top-up comes after this inhale, before the next exhale."""
    for later in phases[inhale_index + 1 :]:
        if later.kind is PhaseKind.EXHALE:
            return False
        if later.kind is PhaseKind.TOP_UP:
            return True
    return False


@dataclass(frozen=True)
class PhaseState:
    """Where the breath is at one instant of breathing time."""

    cycle_index: int
    phase_index: int
    kind: PhaseKind
    progress: float  # 0..1 through the phase
    seconds_left: float
    phase_seconds: float  # how long this phase lasts, as scheduled now
    level: float  # 0..1, how full the lungs are, eased like a breath
    cycles: float  # cycles breathed so far, fractional

    @property
    def word(self) -> str:
        return PHASE_WORDS[self.kind]


@dataclass(frozen=True)
class Boundary:
    """The start of a phase at breathing time `at`."""

    at: float
    cycle_index: int
    phase_index: int
    kind: PhaseKind
    seconds: float  # how long the phase that starts here lasts


@dataclass(frozen=True)
class _Segment:
    start_t: float
    start_cycles: float
    base_at_start: float  # θ_base(start_t)
    scale: float


class Schedule:
    """The pure map from breathing time (seconds, excluding pauses and lead-in) to the
    phase. Pace changes append segments from a given moment on; nothing else changes."""

    def __init__(self, phases: Sequence[Phase], ramp: Ramp | None = None) -> None:
        check_phases(phases)
        self.phases: tuple[Phase, ...] = tuple(phases)
        self.ramp = ramp
        self.base_cycle_s = cycle_seconds(phases)
        starts: list[float] = []
        acc = 0.0
        for p in phases:
            starts.append(acc / self.base_cycle_s)
            acc += p.seconds
        self._starts = starts
        self._ends = [*starts[1:], 1.0]
        self._levels = phase_levels(phases)
        if ramp is None:
            self._ramp_s = 0.0
            self._slope = 0.0
            self._target_cycle_s = self.base_cycle_s
        else:
            self._ramp_s = ramp.minutes * 60.0
            self._target_cycle_s = 60.0 / ramp.target_bpm
            self._slope = (self._target_cycle_s - self.base_cycle_s) / self._ramp_s
        self._base_at_ramp_end = self._base_cycles(self._ramp_s)
        self._segments: list[_Segment] = [_Segment(0.0, 0.0, 0.0, 1.0)]
        self._segment_times: list[float] = [0.0]
        self.pace_steps = 0
        first_inhale = next(p for p in phases if p.kind is PhaseKind.INHALE)
        self._first_inhale_s = first_inhale.seconds

    # -- the base map (pattern and ramp, no pace changes) ---------------------------

    def _base_cycles(self, t: float) -> float:
        l0, k, r = self.base_cycle_s, self._slope, self._ramp_s
        if t <= r:
            if abs(k) < 1e-12:
                return t / l0
            return math.log1p(k * t / l0) / k
        return self._base_cycles(r) + (t - r) / self._target_cycle_s

    def _base_time(self, cycles: float) -> float:
        l0, k, r = self.base_cycle_s, self._slope, self._ramp_s
        if cycles <= self._base_at_ramp_end:
            if abs(k) < 1e-12:
                return cycles * l0
            return l0 * math.expm1(k * cycles) / k
        return r + (cycles - self._base_at_ramp_end) * self._target_cycle_s

    def base_cycle_at(self, t: float) -> float:
        """The cycle length (seconds) the pattern and ramp give at time t."""
        if t >= self._ramp_s:
            return self._target_cycle_s
        return self.base_cycle_s + self._slope * max(0.0, t)

    # -- with pace changes -------------------------------------------------------------

    def cycles_at(self, t: float) -> float:
        """θ(t): cycles breathed by breathing time t (fractional)."""
        if t <= 0:
            return 0.0
        seg = self._segments[bisect_right(self._segment_times, t) - 1]
        return seg.start_cycles + (self._base_cycles(t) - seg.base_at_start) / seg.scale

    def time_at(self, cycles: float) -> float:
        """The inverse of cycles_at: when θ reaches `cycles`."""
        if cycles <= 0:
            return 0.0
        lo, hi = 0, len(self._segments)
        while hi - lo > 1:  # bisect on start_cycles, which rises with start_t
            mid = (lo + hi) // 2
            if self._segments[mid].start_cycles <= cycles:
                lo = mid
            else:
                hi = mid
        seg = self._segments[lo]
        return self._base_time(seg.base_at_start + (cycles - seg.start_cycles) * seg.scale)

    def cycle_seconds_at(self, t: float) -> float:
        """The current cycle length at time t, with pace changes."""
        seg = self._segments[bisect_right(self._segment_times, max(0.0, t)) - 1]
        return self.base_cycle_at(t) * seg.scale

    @property
    def scale(self) -> float:
        return self._segments[-1].scale

    def scale_for_steps(self, steps: int) -> float:
        return (self._first_inhale_s + PACE_STEP_S * steps) / self._first_inhale_s

    def _scale_allowed(self, scale: float) -> bool:
        stretch = max(1.0, self._target_cycle_s / self.base_cycle_s)
        shrink = min(1.0, self._target_cycle_s / self.base_cycle_s)
        for p in self.phases:
            if p.seconds == 0:
                continue
            if p.seconds * scale * stretch > MAX_PHASE_S + 1e-9:
                return False
            if not p.kind.is_hold and p.seconds * scale * shrink < MIN_BREATH_S - 1e-9:
                return False
        return True

    def change_pace(self, at_t: float, steps: int) -> bool:
        """From `at_t` on, make the first inhale `steps` × 0.5 s longer (negative:
        shorter), every phase scaled with it. The phase at `at_t` does not jump.
        Returns False (and changes nothing) past the 0.5–60 s limits."""
        new_steps = self.pace_steps + steps
        scale = self.scale_for_steps(new_steps)
        if steps == 0 or not self._scale_allowed(scale):
            return False
        at_t = max(at_t, self._segment_times[-1], 0.0)
        last = self._segments[-1]
        if at_t == last.start_t:
            # Two changes at one instant: the later one wins, θ is unchanged there.
            self._segments[-1] = _Segment(at_t, last.start_cycles, last.base_at_start, scale)
        else:
            seg = _Segment(at_t, self.cycles_at(at_t), self._base_cycles(at_t), scale)
            self._segments.append(seg)
            self._segment_times.append(at_t)
        self.pace_steps = new_steps
        return True

    # -- phases --------------------------------------------------------------------------

    def phase_index_at_fraction(self, fraction: float) -> int:
        # bisect_right skips zero-length phases: their start equals the next one's.
        return bisect_right(self._starts, fraction) - 1

    def state_at(self, t: float) -> PhaseState:
        t = max(0.0, t)
        cycles = self.cycles_at(t)
        cycle_index = math.floor(cycles)
        fraction = cycles - cycle_index
        i = self.phase_index_at_fraction(fraction)
        start, end = self._starts[i], self._ends[i]
        progress = (fraction - start) / (end - start)
        phase_start_t = self.time_at(cycle_index + start)
        phase_end_t = self.time_at(cycle_index + end)
        low, high = self._levels[i]
        return PhaseState(
            cycle_index=cycle_index,
            phase_index=i,
            kind=self.phases[i].kind,
            progress=min(1.0, max(0.0, progress)),
            seconds_left=max(0.0, phase_end_t - t),
            phase_seconds=phase_end_t - phase_start_t,
            level=low + (high - low) * ease_in_out(progress),
            cycles=cycles,
        )

    def boundaries_between(self, t0: float, t1: float) -> list[Boundary]:
        """Phase starts in (t0, t1] (a start at 0 counts when t0 < 0). Zero-length
        phases have no start."""
        if t1 < 0 or t1 <= t0:
            return []
        c0 = self.cycles_at(t0) if t0 >= 0 else -1.0
        c1 = self.cycles_at(t1)
        found: list[Boundary] = []
        for cycle in range(max(0, math.floor(c0)), math.floor(c1) + 1):
            for i, start in enumerate(self._starts):
                if self._ends[i] <= start:
                    continue
                c = cycle + start
                if c0 < c <= c1:
                    found.append(self._boundary(cycle, i))
        return found

    def next_boundary_after(self, t: float) -> Boundary:
        c = self.cycles_at(t) if t >= 0 else -1.0
        cycle = max(0, math.floor(c))
        while True:
            for i, start in enumerate(self._starts):
                if self._ends[i] > start and cycle + start > c:
                    return self._boundary(cycle, i)
            cycle += 1

    def phase_start_at(self, t: float) -> Boundary:
        """The start of the phase in progress at time t."""
        cycles = self.cycles_at(max(0.0, t))
        cycle = math.floor(cycles)
        return self._boundary(cycle, self.phase_index_at_fraction(cycles - cycle))

    def _boundary(self, cycle: int, i: int) -> Boundary:
        at = self.time_at(cycle + self._starts[i])
        return Boundary(
            at=at,
            cycle_index=cycle,
            phase_index=i,
            kind=self.phases[i].kind,
            seconds=self.time_at(cycle + self._ends[i]) - at,
        )


class BreathingClock:
    """Active seconds since start, with paused time taken out. The clock (monotonic by
    default) is injectable so tests and benchmarks can run an hour in a moment."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self._started_at: float | None = None
        self._paused_at: float | None = None
        self._paused_total = 0.0

    @property
    def started(self) -> bool:
        return self._started_at is not None

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def start(self) -> None:
        self._started_at = self._now()
        self._paused_at = None
        self._paused_total = 0.0

    def pause(self) -> None:
        if self._started_at is not None and self._paused_at is None:
            self._paused_at = self._now()

    def resume(self) -> None:
        if self._paused_at is not None:
            self._paused_total += self._now() - self._paused_at
            self._paused_at = None

    def elapsed(self) -> float:
        """Active seconds: frozen while paused, continuing from the same point after."""
        if self._started_at is None:
            return 0.0
        now = self._paused_at if self._paused_at is not None else self._now()
        return max(0.0, now - self._started_at - self._paused_total)

    def monotonic_at(self, active_s: float) -> float:
        """The clock reading at which `active_s` will be reached if nothing pauses."""
        if self._started_at is None:
            raise RuntimeError("The clock has not started.")
        return self._started_at + self._paused_total + active_s

    def now(self) -> float:
        return self._now()


class Stage(StrEnum):
    LEAD_IN = "lead_in"
    BREATHING = "breathing"
    DONE = "done"


@dataclass(frozen=True)
class SessionState:
    stage: Stage
    active_s: float  # active seconds since start, lead-in included
    breathing_s: float  # active seconds since the first breath
    lead_in_count: int  # 3, 2, 1 during the lead-in; 0 after
    phase: PhaseState | None  # None during the lead-in
    progress: float | None  # 0..1 through the session; None when open-ended
    cycles_completed: int


class BreathingSession:
    """One sitting: a lead-in, then the schedule until the plan is met (finishing the
    breath in progress), or until stopped. Reads its clock; holds no tick counts."""

    def __init__(
        self,
        phases: Sequence[Phase],
        plan: SessionPlan,
        ramp: Ramp | None = None,
        clock: BreathingClock | None = None,
        lead_in_s: float = LEAD_IN_S,
    ) -> None:
        self.schedule = Schedule(phases, ramp)
        self.plan = plan
        self.clock = clock or BreathingClock()
        self.lead_in_s = float(lead_in_s)

    # -- controls ------------------------------------------------------------------------

    def start(self) -> None:
        self.clock.start()

    def pause(self) -> None:
        self.clock.pause()

    def resume(self) -> None:
        self.clock.resume()

    @property
    def paused(self) -> bool:
        return self.clock.paused

    def change_pace(self, steps: int) -> bool:
        return self.schedule.change_pace(self.breathing_time(), steps)

    # -- time ----------------------------------------------------------------------------

    def breathing_time(self, active_s: float | None = None) -> float:
        a = self.clock.elapsed() if active_s is None else active_s
        return a - self.lead_in_s

    def end_cycles(self) -> float | None:
        """The cycle count at which the session ends, or None when open-ended."""
        if self.plan.mode is SessionMode.CYCLES:
            return float(self.plan.amount)
        if self.plan.mode is SessionMode.MINUTES:
            # End on a breath's end: the first cycle boundary at or after the time.
            reached = self.schedule.cycles_at(self.plan.amount * 60.0)
            return float(max(1, math.ceil(reached - 1e-6)))
        return None

    def end_time(self) -> float | None:
        """Breathing seconds at which the session ends (None when open-ended)."""
        end = self.end_cycles()
        return None if end is None else self.schedule.time_at(end)

    def state(self) -> SessionState:
        return self.state_at(self.clock.elapsed())

    def state_at(self, active_s: float) -> SessionState:
        t = active_s - self.lead_in_s
        if t < 0:
            return SessionState(
                stage=Stage.LEAD_IN,
                active_s=active_s,
                breathing_s=0.0,
                lead_in_count=max(1, math.ceil(-t - 1e-9)),
                phase=None,
                progress=None if self.plan.mode is SessionMode.OPEN else 0.0,
                cycles_completed=0,
            )
        end_t = self.end_time()
        if end_t is not None and t >= end_t:
            end_cycles = self.end_cycles() or 0.0
            return SessionState(
                stage=Stage.DONE,
                active_s=active_s,
                breathing_s=end_t,
                lead_in_count=0,
                phase=None,
                progress=1.0,
                cycles_completed=int(end_cycles),
            )
        phase = self.schedule.state_at(t)
        return SessionState(
            stage=Stage.BREATHING,
            active_s=active_s,
            breathing_s=t,
            lead_in_count=0,
            phase=phase,
            progress=None if end_t is None else min(1.0, t / end_t),
            cycles_completed=phase.cycle_index,
        )
