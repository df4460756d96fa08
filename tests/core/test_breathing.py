"""The breathing schedule: the phase is a pure function of time, exact after an hour,
frozen by pause, continuous through pace changes, and exact through a ramp."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebbtide.core.breathing import (
    BreathingClock,
    BreathingSession,
    PatternError,
    Phase,
    PhaseKind,
    Ramp,
    Schedule,
    SessionMode,
    SessionPlan,
    Stage,
    ease_in_out,
)
from ebbtide.core.patterns import presets
from tests.fakes import FakeClock

IN, T, H, E, HO = (PhaseKind.INHALE, PhaseKind.TOP_UP, PhaseKind.HOLD, PhaseKind.EXHALE,
                  PhaseKind.HOLD_OUT)


def box() -> list[Phase]:
    return [Phase(IN, 4), Phase(H, 4), Phase(E, 4), Phase(HO, 4)]


def four_seven_eight() -> list[Phase]:
    return [Phase(IN, 4), Phase(H, 7), Phase(E, 8), Phase(HO, 0)]


def test_box_phase_and_progress_at_chosen_times() -> None:
    s = Schedule(box())
    st0 = s.state_at(0.0)
    assert (st0.kind, st0.cycle_index, st0.word) == (IN, 0, "Breathe in")
    assert st0.seconds_left == pytest.approx(4.0)
    mid_hold = s.state_at(6.0)
    assert mid_hold.kind is H and mid_hold.word == "Hold"
    assert mid_hold.progress == pytest.approx(0.5)
    assert mid_hold.seconds_left == pytest.approx(2.0)
    exhale = s.state_at(9.0)
    assert exhale.kind is E and exhale.word == "Breathe out"
    assert exhale.seconds_left == pytest.approx(3.0)
    second_cycle = s.state_at(16.5)
    assert second_cycle.cycle_index == 1 and second_cycle.kind is IN


def test_zero_length_holds_are_never_shown() -> None:
    s = Schedule([Phase(IN, 4), Phase(H, 0), Phase(E, 6), Phase(HO, 0)])
    kinds = {s.state_at(t / 10).kind for t in range(0, 400)}
    assert kinds == {IN, E}
    starts = [b.kind for b in s.boundaries_between(-1, 19.9)]
    assert starts == [IN, E, IN, E]


def test_level_grows_on_inhale_rests_on_hold_and_shrinks_on_exhale() -> None:
    s = Schedule(box())
    assert s.state_at(0).level == pytest.approx(0.0)
    assert s.state_at(1).level < s.state_at(2).level < s.state_at(3).level
    assert s.state_at(4.5).level == s.state_at(7.5).level == pytest.approx(1.0)
    assert s.state_at(9).level > s.state_at(11).level
    # Eased like a breath: slower at the ends than in the middle.
    assert s.state_at(0.4).level < 0.1 * 1.5 and s.state_at(2.0).level == pytest.approx(0.5)
    assert ease_in_out(0.5) == pytest.approx(0.5)


def test_cyclic_sigh_tops_up_after_the_first_inhale() -> None:
    s = Schedule([Phase(IN, 2.5), Phase(T, 1), Phase(E, 7)])
    assert s.state_at(2.49).level == pytest.approx(0.8, abs=0.01)
    top = s.state_at(3.0)
    assert top.kind is T and top.word == "A little more in"
    assert s.state_at(3.49).level == pytest.approx(1.0, abs=0.01)
    assert s.state_at(10.4).level < 0.01


@pytest.mark.parametrize("pattern", presets(), ids=lambda p: p.id)
def test_every_preset_cycle_length(pattern) -> None:  # type: ignore[no-untyped-def]
    expected = {
        "box": 16.0, "4-7-8": 19.0, "resonance-6": 10.0, "resonance-5.5": 11.0,
        "coherent": 12.0, "extended-exhale": 10.0, "cyclic-sigh": 10.5,
    }[pattern.id]
    s = Schedule(pattern.phases)
    assert s.base_cycle_s == expected
    assert s.time_at(1.0) == pytest.approx(expected)
    assert s.state_at(expected * 7 + 0.01).cycle_index == 7


def test_no_drift_after_sixty_simulated_minutes() -> None:
    s = Schedule(four_seven_eight())
    hour = 3600.0
    # 3600 / 19 = 189.47… cycles: 0.47… × 19 = 9 s into the cycle, 5 s into the hold.
    state = s.state_at(hour)
    assert state.cycle_index == 189
    assert state.kind is H
    assert state.seconds_left == pytest.approx(2.0, abs=1e-9)
    # The same instant reached through thousands of irregular frames agrees exactly.
    t = 0.0
    frame = 0
    while t < hour:
        t = min(hour, t + (0.016 if frame % 97 else 0.9))  # a stalled frame now and then
        frame += 1
    assert s.state_at(t) == state


def test_clock_pause_freezes_and_resume_continues_from_the_same_point() -> None:
    fake = FakeClock()
    clock = BreathingClock(fake)
    session = BreathingSession(box(), SessionPlan(SessionMode.OPEN), clock=clock, lead_in_s=3)
    session.start()
    fake.now += 3 + 5.5
    before = session.state()
    assert before.phase is not None and before.phase.kind is H
    session.pause()
    fake.now += 120  # a long pause
    assert session.state() == before
    session.resume()
    assert session.state() == before
    fake.now += 0.5
    after = session.state()
    assert after.breathing_s == pytest.approx(6.0)
    session.pause()
    session.pause()  # a second pause changes nothing
    fake.now += 10
    session.resume()
    session.resume()
    assert session.state().breathing_s == pytest.approx(6.0)


def test_lead_in_counts_three_two_one() -> None:
    fake = FakeClock()
    session = BreathingSession(box(), SessionPlan(SessionMode.CYCLES, 2),
                               clock=BreathingClock(fake))
    session.start()
    counts = []
    for tenth in range(0, 30, 5):
        counts.append(session.state_at(tenth / 10).lead_in_count)
    assert counts == [3, 3, 2, 2, 1, 1]
    assert session.state_at(3.0).stage is Stage.BREATHING


def test_cycle_plan_ends_after_the_last_breath() -> None:
    session = BreathingSession(box(), SessionPlan(SessionMode.CYCLES, 3), lead_in_s=3)
    assert session.state_at(3 + 47.9).stage is Stage.BREATHING
    done = session.state_at(3 + 48.0)
    assert done.stage is Stage.DONE and done.cycles_completed == 3 and done.progress == 1.0
    assert session.state_at(3 + 24).progress == pytest.approx(0.5)


def test_minutes_plan_finishes_the_breath_in_progress() -> None:
    session = BreathingSession(four_seven_eight(), SessionPlan(SessionMode.MINUTES, 1))
    # 60 s of 19 s cycles reaches into the fourth cycle: end after it, at 76 s.
    assert session.end_time() == pytest.approx(76.0)
    assert session.state_at(3 + 75.9).stage is Stage.BREATHING
    assert session.state_at(3 + 76.0).stage is Stage.DONE


def test_open_plan_has_no_end_and_no_progress() -> None:
    session = BreathingSession(box(), SessionPlan(SessionMode.OPEN))
    late = session.state_at(3 + 10 * 3600)
    assert late.stage is Stage.BREATHING and late.progress is None


def test_ramp_slows_the_cycle_to_the_target_keeping_proportions() -> None:
    # From 6 to 4.5 breaths a minute over 10 minutes.
    s = Schedule([Phase(IN, 5), Phase(E, 5)], Ramp(target_bpm=4.5, minutes=10))
    assert s.cycle_seconds_at(0) == pytest.approx(10.0)
    assert s.cycle_seconds_at(300) == pytest.approx(11.6667, abs=1e-3)
    assert s.cycle_seconds_at(600) == pytest.approx(60 / 4.5)
    assert s.cycle_seconds_at(5000) == pytest.approx(60 / 4.5)
    # Integral of 1/L: ln(L1/L0)/k cycles in the ramp.
    k = (60 / 4.5 - 10) / 600
    assert s.cycles_at(600) == pytest.approx(math.log((60 / 4.5) / 10) / k)
    # Proportions kept: in a late cycle inhale and exhale last the same.
    b = [x for x in s.boundaries_between(2000, 2040)]
    durations = [x.seconds for x in b]
    assert durations[0] == pytest.approx(durations[1])
    assert durations[0] == pytest.approx(60 / 4.5 / 2)
    # Inside the ramp each cycle is longer than the one before.
    starts = [x.at for x in s.boundaries_between(-1, 600) if x.kind is IN]
    lengths = [b - a for a, b in itertools.pairwise(starts)]
    assert all(b > a for a, b in itertools.pairwise(lengths))


@given(st.floats(min_value=0, max_value=7200, allow_nan=False))
def test_ramp_time_and_cycles_are_exact_inverses(t: float) -> None:
    s = Schedule([Phase(IN, 4), Phase(H, 2), Phase(E, 6)], Ramp(target_bpm=3.5, minutes=15))
    assert s.time_at(s.cycles_at(t)) == pytest.approx(t, abs=1e-6)


def test_pace_change_lengthens_breaths_without_a_jump() -> None:
    s = Schedule([Phase(IN, 5), Phase(E, 5)])
    before = s.state_at(32.0)  # 2 s into the third inhale
    assert s.change_pace(32.0, +1)
    after = s.state_at(32.0)
    assert after.kind is before.kind and after.cycle_index == before.cycle_index
    assert after.progress == pytest.approx(before.progress)
    assert after.level == pytest.approx(before.level)
    # From now on a cycle is 11 s: inhale 5.5, exhale 5.5.
    assert s.cycle_seconds_at(40) == pytest.approx(11.0)
    assert after.seconds_left == pytest.approx(3 * 1.1)
    nxt = s.next_boundary_after(32.0)
    assert nxt.kind is E and nxt.seconds == pytest.approx(5.5)
    # Going back down two steps: 4.5 s breaths; earlier times are unchanged.
    assert s.change_pace(50.0, -2)
    assert s.cycle_seconds_at(60) == pytest.approx(9.0)
    assert s.state_at(20.0) == Schedule([Phase(IN, 5), Phase(E, 5)]).state_at(20.0)


def test_pace_change_continuity_over_many_changes() -> None:
    s = Schedule(four_seven_eight(), Ramp(target_bpm=2.5, minutes=5))
    for n in range(1, 40):
        t = n * 13.7
        before = s.state_at(t)
        s.change_pace(t, +1 if n % 3 else -1)
        after = s.state_at(t)
        assert after.cycles == pytest.approx(before.cycles, abs=1e-9)
        assert after.level == pytest.approx(before.level, abs=1e-9)


def test_pace_cannot_go_past_the_limits() -> None:
    s = Schedule([Phase(IN, 1), Phase(E, 1)])
    assert s.change_pace(0, -1)  # 0.5 s breaths: the shortest
    assert not s.change_pace(1, -1)
    assert s.cycle_seconds_at(5) == pytest.approx(1.0)


def test_boundaries_are_found_once_each_whatever_the_frame_size() -> None:
    s = Schedule(box())
    whole = s.boundaries_between(-1, 159.9)
    assert len(whole) == 40
    stepped = []
    t = -1.0
    while t < 159.9:
        nxt = min(159.9, t + 0.37)
        stepped.extend(s.boundaries_between(t, nxt))
        t = nxt
    assert stepped == whole
    assert [b.at for b in whole[:5]] == pytest.approx([0, 4, 8, 12, 16])


@pytest.mark.parametrize(
    "phases, message",
    [
        ([Phase(IN, 4), Phase(H, 4)], "breath in and one breath out"),
        ([Phase(E, 4), Phase(T, 1)], "breath in and one breath out"),
    ],
)
def test_unbreathable_patterns_are_refused(phases, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PatternError, match=message):
        Schedule(phases)


@pytest.mark.parametrize("kind, seconds", [(IN, 0.4), (E, 61), (H, -1), (IN, 4.25)])
def test_phase_limits(kind: PhaseKind, seconds: float) -> None:
    with pytest.raises(PatternError):
        Phase(kind, seconds)


def test_phase_limits_allow_zero_holds_and_tenths() -> None:
    assert Phase(H, 0).seconds == 0
    assert Phase(IN, 0.5).seconds == 0.5
    assert Phase(E, 60).seconds == 60
    assert Phase(IN, 4.3).seconds == 4.3


def test_an_hour_with_pauses_lands_exactly_where_the_schedule_says() -> None:
    fake = FakeClock()
    session = BreathingSession(box(), SessionPlan(SessionMode.OPEN), clock=BreathingClock(fake),
                               lead_in_s=3)
    session.start()
    active = 0.0
    for minute in range(60):
        fake.now += 50.0
        active += 50.0
        session.pause()
        fake.now += 7.0 + minute % 5  # paused time never counts
        session.resume()
        fake.now += 10.0
        active += 10.0
    state = session.state()
    assert state.active_s == pytest.approx(3600.0)
    assert state.phase == Schedule(box()).state_at(active - 3)
