"""Year and all time as weeks (or months): each period's typical before and after
(the median) and its spread (the middle half), from whole-number ratings."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ebbtide.core import stats

WEEK = 7 * stats.DAY_S


def test_a_hand_made_fortnight() -> None:
    times = np.array([0.5, 1, 2, 3, 8, 9]) * stats.DAY_S
    before = [8, 6, 7, 9, 5, 5]
    after = [4, 4, 5, 3, 5, 4]
    s = stats.period_summary(times, before, after, [0.0, WEEK], 2 * WEEK)
    assert s.counts.tolist() == [4, 2]
    assert s.before[0].tolist() == pytest.approx([6.75, 7.5, 8.25])
    assert s.after[0, 1] == 4.0
    assert s.drop[1, 1] == pytest.approx(0.5)
    assert s.centres.tolist() == [WEEK / 2, 1.5 * WEEK]


def test_an_empty_week_is_empty_not_zero() -> None:
    s = stats.period_summary([0.0], [5], [3], [0.0, WEEK, 2 * WEEK], 3 * WEEK)
    assert s.counts.tolist() == [1, 0, 0]
    assert np.isnan(s.after[1]).all() and s.after[0, 1] == 3.0


def test_unrated_and_outside_sessions_are_left_out() -> None:
    nan = float("nan")
    s = stats.period_summary([-1.0, 1.0, 2.0, WEEK + 1], [5, 6, nan, 7], [2, 2, 2, 2],
                             [0.0], WEEK)
    assert s.counts.tolist() == [1]


ratings = st.integers(min_value=0, max_value=10)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.floats(min_value=0, max_value=20 * WEEK - 1), ratings, ratings),
                max_size=200),
       st.integers(min_value=1, max_value=20))
def test_medians_lie_within_each_week_and_counts_add_up(sessions, weeks) -> None:  # type: ignore[no-untyped-def]
    sessions.sort()
    times = np.array([t for t, _, _ in sessions], dtype=float)
    before = np.array([b for _, b, _ in sessions], dtype=float)
    after = np.array([a for _, _, a in sessions], dtype=float)
    starts = np.arange(weeks) * WEEK * (20 / weeks)
    s = stats.period_summary(times, before, after, starts, 20 * WEEK)
    assert int(s.counts.sum()) == len(sessions)
    for i in range(weeks):
        end = starts[i + 1] if i + 1 < weeks else 20 * WEEK
        inside = (times >= starts[i]) & (times < end)
        if not inside.any():
            assert np.isnan(s.after[i]).all()
            continue
        for values, summary in ((before, s.before), (after, s.after),
                                (before - after, s.drop)):
            q1, median, q3 = summary[i]
            assert values[inside].min() <= q1 <= median <= q3 <= values[inside].max()
            assert summary[i].tolist() == pytest.approx(
                np.percentile(values[inside], [25, 50, 75]).tolist())


def test_fractions_are_refused() -> None:
    with pytest.raises(ValueError):
        stats.grouped_quantiles([0], [2.5], 1)
