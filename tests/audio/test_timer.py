"""The meditation timer: bells at the right moments, as a pure function of elapsed time."""

import numpy as np
import pytest

from ebbtide.audio import SAMPLE_RATE
from ebbtide.audio.timer import (
    BELL_END,
    BELL_INTERVAL,
    BELL_START,
    TimerPlan,
    bells_between,
    timer_mix,
    timer_state,
)


def test_twenty_minutes_with_five_minute_bells() -> None:
    plan = TimerPlan(duration_s=1200, delay_s=10, interval_s=300)
    assert [(b.at_s, b.kind) for b in plan.bells()] == [
        (10, BELL_START),
        (310, BELL_INTERVAL),
        (610, BELL_INTERVAL),
        (910, BELL_INTERVAL),
        (1210, BELL_END),  # the 20-minute interval bell is the end bell, not a second one
    ]


def test_bells_can_be_chosen_or_left_out() -> None:
    assert TimerPlan(duration_s=60, start_bell=False, end_bell=False).bells() == []
    only_end = TimerPlan(duration_s=60, start_bell=False)
    assert [b.kind for b in only_end.bells()] == [BELL_END]


def test_state_follows_elapsed_time_through_delay_sitting_and_done() -> None:
    plan = TimerPlan(duration_s=600, delay_s=30, interval_s=120)
    assert timer_state(plan, 0) == timer_state(plan, -5)
    s = timer_state(plan, 12.5)
    assert (s.phase, s.time_left_s, s.bells_rung) == ("settling", 17.5, 0)
    s = timer_state(plan, 30)
    assert (s.phase, s.time_left_s, s.bells_rung) == ("sitting", 600, 1)
    s = timer_state(plan, 151)
    assert (s.phase, s.bells_rung) == ("sitting", 2)
    s = timer_state(plan, 630)
    assert (s.phase, s.time_left_s, s.bells_rung) == ("done", 0, 6)


def test_bells_between_two_looks_are_reported_once() -> None:
    plan = TimerPlan(duration_s=600, interval_s=120)
    seen = []
    last = 0.0
    for now in np.arange(0.0, 700.0, 0.37):  # an irregular, fake clock
        seen += bells_between(plan, last, float(now))
        last = float(now)
    assert [b.at_s for b in seen] == [120, 240, 360, 480, 600]  # the start bell at 0 is
    assert bells_between(plan, -1, 0)[0].kind == BELL_START  # reported from before 0


def test_the_timer_sound_has_bells_where_the_plan_says() -> None:
    plan = TimerPlan(duration_s=20, delay_s=2, interval_s=10, bed=None)
    mix = timer_mix(plan)
    frames = sorted(b.frame for b in mix.bells)
    assert frames[:3] == [2 * SAMPLE_RATE, 12 * SAMPLE_RATE, 22 * SAMPLE_RATE]
    assert mix.silent_between(0, 2 * SAMPLE_RATE)  # quiet while settling
    assert not mix.silent_between(2 * SAMPLE_RATE, 3 * SAMPLE_RATE)
    assert mix.length_s > plan.total_s  # the end bell rings out


def test_silly_plans_are_refused_kindly() -> None:
    with pytest.raises(ValueError, match="three hours"):
        TimerPlan(duration_s=0)
    with pytest.raises(ValueError, match="ambient"):
        TimerPlan(duration_s=60, bed="thunder")
