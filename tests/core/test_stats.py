"""Every statistic behind Progress, on small hand-made numbers with known answers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ebbtide.core import stats
from ebbtide.core.stats import PracticeResult, summary_sentence

NAN = float("nan")
DAY = stats.DAY_S


def test_drop_is_before_minus_after_and_missing_ratings_stay_missing() -> None:
    d = stats.drops([7, 5, NAN, 4], [3, 6, 2, NAN])
    assert d[:2].tolist() == [4.0, -1.0]
    assert np.isnan(d[2]) and np.isnan(d[3])
    assert stats.rated([7, NAN], [3, 3]).tolist() == [True, False]


def test_rolling_mean_covers_the_window_ending_at_each_session() -> None:
    times = np.array([0, 1, 2, 8, 9]) * DAY
    values = np.array([2.0, 4.0, 6.0, 1.0, 3.0])
    week = stats.rolling_mean(times, values, 7 * DAY)
    # Day 8 looks back over (1, 8]: days 2 and 8 -> (6 + 1) / 2.
    assert week.tolist() == [2.0, 3.0, 4.0, 3.5, 2.0]  # day 9: (2, 9] holds days 8, 9
    month = stats.rolling_mean(times, values, 30 * DAY)
    assert month[-1] == pytest.approx(16 / 5)


def test_rolling_mean_leaves_out_unrated_sessions_and_keeps_gaps_empty() -> None:
    times = np.array([0.0, 1.0, 100.0]) * DAY
    values = np.array([NAN, 3.0, NAN])
    out = stats.rolling_mean(times, values, 7 * DAY)
    assert math.isnan(out[0]) and out[1] == 3.0 and math.isnan(out[2])


def test_rolling_mean_refuses_unsorted_times() -> None:
    with pytest.raises(ValueError):
        stats.rolling_mean([2.0, 1.0], [1.0, 1.0], DAY)
    assert stats.rolling_mean([], [], DAY).size == 0


def test_group_summary_counts_means_and_spread() -> None:
    codes = [0, 0, 0, 1, 2, 2]
    values = [1.0, 2.0, 3.0, 5.0, 4.0, NAN]
    s = stats.summarize_groups(codes, values, 4)
    assert s.counts.tolist() == [3, 1, 1, 0]
    assert s.means[:3].tolist() == [2.0, 5.0, 4.0]
    assert math.isnan(s.means[3])
    assert s.spreads[0] == pytest.approx(1.0)  # sample sd of 1, 2, 3
    assert math.isnan(s.spreads[1])  # one session has no spread


def test_moments_from_sql_agree_with_numpy() -> None:
    s = stats.summarize_moments([4], [10.0], [1 + 4 + 9 + 16])  # values 1..4
    assert s.means[0] == 2.5
    assert s.spreads[0] == pytest.approx(np.std([1, 2, 3, 4], ddof=1))


def test_time_of_day_counts_every_session_but_averages_rated_ones() -> None:
    hours = [8, 8, 8, 22]
    weekdays = [0, 0, 6, 6]
    drop = [2.0, 4.0, NAN, 1.0]
    tod = stats.time_of_day(hours, weekdays, drop)
    assert tod.sessions_by_hour[8] == 3 and tod.sessions_by_hour[22] == 1
    assert tod.sessions_by_hour.sum() == 4 and tod.sessions_by_hour.size == 24
    assert tod.drop_by_hour.means[8] == 3.0 and tod.drop_by_hour.counts[8] == 2
    assert tod.sessions_by_weekday.tolist() == [2, 0, 0, 0, 0, 0, 2]
    assert tod.drop_by_weekday.means[6] == 1.0


def test_points_are_rounded_for_people() -> None:
    assert stats.points(2.64) == "2.6 points"
    assert stats.points(1.0) == "1 point"
    assert stats.points(3.0) == "3 points"
    assert stats.points(0.04) == "0 points"


# -- the summary sentence ----------------------------------------------------------------


def test_summary_says_how_much_distress_came_down_and_compares_kindly() -> None:
    text = summary_sentence(
        "In the last 30 days", [3, 2, 3, 2.4], [1, 2, 1.2], "the 30 days before"
    )
    assert text == (
        "In the last 30 days, your distress came down by 2.6 points on average after "
        "practice, up from 1.4 points the 30 days before."
    )


def test_summary_is_silent_when_the_data_is_thin() -> None:
    below = stats.MIN_RATED_FOR_SUMMARY - 1
    assert summary_sentence("This week", [3.0] * below) == ""
    assert summary_sentence("This week", [3.0, NAN, NAN, NAN]) == ""
    assert summary_sentence("This week", [3.0] * stats.MIN_RATED_FOR_SUMMARY) != ""


def test_summary_leaves_out_a_thin_earlier_period() -> None:
    thin = [0.0] * (stats.MIN_RATED_FOR_COMPARISON - 1)
    text = summary_sentence("This month", [2, 2, 2], thin, "the month before")
    assert "month before" not in text and "came down by 2 points" in text


def test_summary_never_scolds_when_the_drop_was_smaller_than_before() -> None:
    text = summary_sentence("This month", [1, 1, 1], [3, 3, 3], "the month before")
    assert "before" not in text  # no "down from", no comparison at all
    assert "came down by 1 point" in text
    same = summary_sentence("This month", [2, 2, 2], [2.1, 2, 2], "the month before")
    assert same.endswith("much as the month before.")


def test_summary_without_a_real_drop_is_gentle() -> None:
    text = summary_sentence("This week", [0, -1, 0.5])
    assert "came down" not in text
    assert "3 sessions" in text and "counts" in text


def test_summary_names_the_most_helpful_practice_only_with_enough_behind_it() -> None:
    practices = [
        PracticeResult("Box breathing", 5, 2.8),
        PracticeResult("Body scan", 4, 1.9),
        PracticeResult("Lucky once", 1, 6.0),
    ]
    text = summary_sentence("This month", [2, 3, 3], practices=practices)
    assert text.endswith("Box breathing helped most: 2.8 points on average over 5 sessions.")
    # Only one practice with enough sessions: nothing to compare, so no "most".
    alone = summary_sentence("This month", [2, 3, 3], practices=practices[:1] + practices[2:])
    assert "helped most" not in alone


def test_rolling_mean_can_be_read_at_other_times() -> None:
    times = np.array([0.0, 1.0, 2.0]) * DAY
    values = np.array([3.0, 5.0, 1.0])
    out = stats.rolling_mean(times, values, 2 * DAY, at=np.array([-1.0, 1.5, 2.0, 9.0]) * DAY)
    assert math.isnan(out[0])  # before the first session: nothing to average
    assert out[1:3].tolist() == [4.0, 3.0] and math.isnan(out[3])


def test_trend_times_are_every_session_or_an_even_grid() -> None:
    few = np.array([1.0, 5.0, 6.0])
    assert stats.trend_times(few, 10).tolist() == few.tolist()
    many = np.arange(1000.0)
    grid = stats.trend_times(many, 11)
    assert np.allclose(grid, [0.0, 99.9, 199.8, 299.7, 399.6, 499.5, 599.4, 699.3, 799.2,
                              899.1, 999.0])


def test_local_clock_follows_a_clock_change_to_the_second() -> None:
    change = 20 * DAY + 5 * 3600 + 17.0  # summer time starts here: +1 h becomes +2 h

    def offset_at(t: float) -> float:
        return 3600.0 if t < change else 7200.0

    times = np.array([0.0, 3 * 3600.0, change - 1, change, 25 * DAY + 22 * 3600])
    hours, weekdays = stats.local_clock(times, offset_at)
    # 1970-01-01 00:00 UTC was a Thursday, 01:00 local (UTC+1).
    assert hours.tolist() == [1, 4, 6, 7, 0]
    # Thursday 1 Jan; Wednesday 21 Jan either side of the change; Monday 26 Jan 22:00
    # UTC is already midnight, Tuesday 27 Jan, in UTC+2.
    assert weekdays.tolist() == [3, 3, 2, 2, 1]
