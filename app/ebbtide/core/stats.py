"""Statistics behind Progress: pure numpy, no Qt, no store.

Every function takes plain arrays (times as UTC epoch seconds, distress 0–10 as float
with NaN where a rating is missing) so it can be tested on hand-made numbers and run on
a lifetime of sessions without a Python loop over rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

DAY_S = 86_400.0

# Below these counts the numbers are too thin to say anything about: one lucky (or
# hard) session must not read like a rule.
MIN_RATED_FOR_SUMMARY = 3  # rated sessions in the range before any sentence
MIN_RATED_FOR_COMPARISON = 3  # rated sessions in the period before, to compare with it
MIN_SESSIONS_FOR_BEST = 3  # sessions behind a practice before we call it helpful
MIN_PRACTICES_FOR_BEST = 2  # a "most helpful" needs something to be compared with
MIN_NOTABLE_DROP = 0.5  # points; a smaller average drop is not called "came down"
SAME_MARGIN = 0.3  # points; changes smaller than this are "about the same"


def drops(before: npt.ArrayLike, after: npt.ArrayLike) -> FloatArray:
    """How far distress came down in each session (positive is calmer); NaN where
    either rating is missing."""
    b = np.asarray(before, dtype=np.float64)
    a = np.asarray(after, dtype=np.float64)
    return b - a


def rated(before: npt.ArrayLike, after: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """True for sessions with both a before and an after rating."""
    return ~np.isnan(drops(before, after))


def mean_or_nan(values: npt.ArrayLike) -> float:
    v = np.asarray(values, dtype=np.float64)
    v = v[~np.isnan(v)]
    return float(v.mean()) if v.size else float("nan")


def rolling_mean(
    times: npt.ArrayLike,
    values: npt.ArrayLike,
    window_s: float,
    at: npt.ArrayLike | None = None,
) -> FloatArray:
    """For each time t in `at` (default: `times` itself), the mean of the values whose
    times fall in (t - window_s, t]. `times` must be sorted ascending. NaN values are
    left out; a window with nothing in it is NaN. O(n log n) with cumulative sums."""
    t = np.asarray(times, dtype=np.float64)
    v = np.asarray(values, dtype=np.float64)
    if t.shape != v.shape:
        raise ValueError("times and values must have the same length")
    query = t if at is None else np.asarray(at, dtype=np.float64)
    if query.size == 0:
        return np.empty(0, dtype=np.float64)
    if t.size and np.any(np.diff(t) < 0):
        raise ValueError("times must be sorted from oldest to newest")
    present = ~np.isnan(v)
    sums = np.concatenate(([0.0], np.cumsum(np.where(present, v, 0.0))))
    counts = np.concatenate(([0], np.cumsum(present)))
    # Window (q - w, q]: from the first index with time > q - w to the last with time <= q.
    lo = np.searchsorted(t, query - window_s, side="right")
    hi = np.searchsorted(t, query, side="right")
    n = counts[hi] - counts[lo]
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (sums[hi] - sums[lo]) / n
    out[n == 0] = np.nan
    return out


def trend_times(times: npt.ArrayLike, max_points: int) -> FloatArray:
    """Where to draw a trend line: at every session while there are few, else on an even
    grid (a screen has only so many pixels; 100,000 points would only cost time)."""
    t = np.asarray(times, dtype=np.float64)
    if t.size <= max_points:
        return t.copy()
    return np.linspace(float(t[0]), float(t[-1]), max_points)


def local_clock(times: npt.ArrayLike, offset_at: Callable[[float], float]) -> tuple[
    IntArray, IntArray
]:
    """Local hour (0–23) and weekday (0 Monday – 6 Sunday) of each UTC time, in numpy.

    `offset_at(t)` gives the local UTC offset in seconds at t (time.localtime(t).tm_gmtoff).
    It is asked once a day across the span, and where it changes (a clock change) the
    exact moment is found by bisection, so each time gets the right offset without a
    Python call per session."""
    t = np.asarray(times, dtype=np.float64)
    if t.size == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    first, last = float(t.min()), float(t.max())
    samples = np.arange(first, last + DAY_S, DAY_S)
    offsets = np.array([offset_at(float(x)) for x in samples])
    starts = [first]
    values = [offsets[0]]
    unsure: list[tuple[float, float]] = []
    for i in np.nonzero(np.diff(offsets))[0]:
        lo, hi = float(samples[i]), float(samples[i + 1])
        while hi - lo > 1.0:  # the change lies in (lo, hi]
            mid = (lo + hi) / 2
            if offset_at(mid) == offsets[i]:
                lo = mid
            else:
                hi = mid
        starts.append(hi)
        values.append(offsets[i + 1])
        unsure.append((lo, hi))
    which = np.searchsorted(np.array(starts), t, side="right") - 1
    offset = np.array(values)[which]
    for lo, hi in unsure:  # the odd session within a second of a clock change: ask
        for j in np.nonzero((t > lo) & (t <= hi))[0]:
            offset[j] = offset_at(float(t[j]))
    local = t + offset
    days = np.floor_divide(local, DAY_S)
    hours = (np.floor_divide(local - days * DAY_S, 3600)).astype(np.int64)
    weekdays = ((days.astype(np.int64) + 3) % 7).astype(np.int64)  # 1970-01-01: Thursday
    return hours, weekdays


@dataclass(frozen=True)
class GroupSummary:
    """Per group (a practice, an hour, a weekday): how many rated sessions, their mean
    drop and its spread (sample standard deviation; NaN below two sessions)."""

    counts: IntArray
    means: FloatArray
    spreads: FloatArray


def summarize_moments(
    counts: npt.ArrayLike, sums: npt.ArrayLike, sums_of_squares: npt.ArrayLike
) -> GroupSummary:
    """Mean and sample standard deviation from count, sum and sum of squares (what SQL
    can add up in one pass)."""
    n = np.asarray(counts, dtype=np.int64)
    s = np.asarray(sums, dtype=np.float64)
    ss = np.asarray(sums_of_squares, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(n > 0, s / np.maximum(n, 1), np.nan)
        variance = (ss - n * np.where(n > 0, means, 0.0) ** 2) / np.maximum(n - 1, 1)
    spreads = np.where(n > 1, np.sqrt(np.maximum(variance, 0.0)), np.nan)
    return GroupSummary(n, means.astype(np.float64), spreads.astype(np.float64))


def summarize_groups(codes: npt.ArrayLike, values: npt.ArrayLike, n_groups: int) -> GroupSummary:
    """Count, mean and spread of the values in each group 0..n_groups-1 (NaN values are
    left out) with bincount."""
    c = np.asarray(codes, dtype=np.int64)
    v = np.asarray(values, dtype=np.float64)
    keep = ~np.isnan(v)
    c, v = c[keep], v[keep]
    counts = np.bincount(c, minlength=n_groups)[:n_groups]
    sums = np.bincount(c, weights=v, minlength=n_groups)[:n_groups]
    squares = np.bincount(c, weights=v * v, minlength=n_groups)[:n_groups]
    return summarize_moments(counts, sums, squares)


@dataclass(frozen=True)
class TimeOfDay:
    """Sessions and average drop by local hour (0–23) and weekday (0 Monday – 6 Sunday)."""

    sessions_by_hour: IntArray
    drop_by_hour: GroupSummary
    sessions_by_weekday: IntArray
    drop_by_weekday: GroupSummary


WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def time_of_day(hours: npt.ArrayLike, weekdays: npt.ArrayLike, drop: npt.ArrayLike) -> TimeOfDay:
    """`hours` 0–23 and `weekdays` 0 (Monday) – 6 in local time, one per session;
    `drop` NaN where the session was not rated before and after."""
    h = np.asarray(hours, dtype=np.int64)
    w = np.asarray(weekdays, dtype=np.int64)
    return TimeOfDay(
        sessions_by_hour=np.bincount(h, minlength=24)[:24],
        drop_by_hour=summarize_groups(h, drop, 24),
        sessions_by_weekday=np.bincount(w, minlength=7)[:7],
        drop_by_weekday=summarize_groups(w, drop, 7),
    )


# -- the sentence above the charts --------------------------------------------------------


@dataclass(frozen=True)
class PracticeResult:
    name: str
    count: int
    mean_drop: float


def points(value: float) -> str:
    """A drop as people say it: one decimal, "1 point", "2.5 points"."""
    rounded = round(value, 1)
    text = f"{rounded:.1f}".rstrip("0").rstrip(".")
    return f"{text} point" if text == "1" else f"{text} points"


def summary_sentence(
    period_words: str,
    current_drops: npt.ArrayLike,
    previous_drops: npt.ArrayLike | None = None,
    previous_words: str = "",
    practices: list[PracticeResult] | None = None,
) -> str:
    """A short, kind summary of how much distress came down after practice.

    `period_words` names the range ("In the last 30 days"), `previous_words` the one
    before it ("the 30 days before"). Says nothing ("") when fewer than
    MIN_RATED_FOR_SUMMARY sessions were rated; mentions the earlier period only when it
    had enough sessions and the change is good news or about the same (it never scolds);
    names the most helpful practice only when at least two practices have
    MIN_SESSIONS_FOR_BEST sessions behind them.
    """
    current = np.asarray(current_drops, dtype=np.float64)
    current = current[~np.isnan(current)]
    if current.size < MIN_RATED_FOR_SUMMARY:
        return ""
    mean_now = float(current.mean())
    parts: list[str] = []
    if mean_now >= MIN_NOTABLE_DROP:
        first = (
            f"{period_words}, your distress came down by {points(mean_now)} on average "
            f"after practice"
        )
        if previous_drops is not None:
            previous = np.asarray(previous_drops, dtype=np.float64)
            previous = previous[~np.isnan(previous)]
            if previous.size >= MIN_RATED_FOR_COMPARISON:
                mean_before = float(previous.mean())
                if mean_now - mean_before >= SAME_MARGIN:
                    first += f", up from {points(mean_before)} {previous_words}"
                elif abs(mean_now - mean_before) < SAME_MARGIN:
                    first += f", much as {previous_words}"
        parts.append(first + ".")
    else:
        count = current.size
        parts.append(
            f"{period_words}, you rated {count:,} sessions before and after. "
            "Some days settle slowly, and showing up still counts."
        )
    best = _most_helpful(practices or [])
    if best is not None and mean_now >= MIN_NOTABLE_DROP:
        parts.append(
            f"{best.name} helped most: {points(best.mean_drop)} on average over "
            f"{best.count:,} sessions."
        )
    return " ".join(parts)


def _most_helpful(practices: list[PracticeResult]) -> PracticeResult | None:
    solid = [
        p for p in practices
        if p.count >= MIN_SESSIONS_FOR_BEST and not np.isnan(p.mean_drop)
    ]
    if len(solid) < MIN_PRACTICES_FOR_BEST:
        return None
    best = max(solid, key=lambda p: (p.mean_drop, p.count))
    return best if best.mean_drop >= MIN_NOTABLE_DROP else None


# -- week by week (or month by month): typical and spread, not a barcode -------------------


@dataclass(frozen=True)
class PeriodSummary:
    """Per period (a week or a month; `starts[i]` to `starts[i + 1]`, the last one up to
    `end`): how many rated sessions, and for before, after and the drop their median and
    interquartile range (the middle half of the sessions). NaN where a period is empty."""

    starts: FloatArray
    end: float
    counts: IntArray
    before: FloatArray  # shape (n, 3): 25th percentile, median, 75th
    after: FloatArray
    drop: FloatArray

    def __len__(self) -> int:
        return int(self.starts.size)

    @property
    def centres(self) -> FloatArray:
        ends = np.append(self.starts[1:], self.end)
        return (self.starts + ends) / 2


QUARTILES = (0.25, 0.5, 0.75)


def grouped_quantiles(groups: npt.ArrayLike, values: npt.ArrayLike, n_groups: int,
                      qs: tuple[float, ...] = QUARTILES) -> FloatArray:
    """Quantiles of whole-number `values` in each group 0..n_groups-1, the same as
    numpy's default (linear) percentile, without a Python loop over groups: ratings are
    whole numbers 0–10, so a histogram per group gives every order statistic by one
    searchsorted over the cumulative counts. Returns shape (n_groups, len(qs)); NaN rows
    for empty groups."""
    g = np.asarray(groups, dtype=np.int64)
    v = np.asarray(values, dtype=np.float64)
    out = np.full((n_groups, len(qs)), np.nan)
    if v.size == 0 or n_groups == 0:
        return out
    whole = np.rint(v)
    if np.any(whole != v):
        raise ValueError("grouped_quantiles works on whole numbers (ratings)")
    low = int(whole.min())
    width = int(whole.max()) - low + 1
    flat = g * width + (whole.astype(np.int64) - low)
    cum = np.cumsum(np.bincount(flat, minlength=n_groups * width))
    counts = np.bincount(g, minlength=n_groups)[:n_groups]
    firsts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    have = counts > 0
    for column, q in enumerate(qs):
        position = (counts[have] - 1) * q  # numpy's linear method: between two ranks
        lower = np.floor(position).astype(np.int64)
        upper = np.ceil(position).astype(np.int64)
        frac = position - lower

        def rank_value(rank: IntArray) -> FloatArray:
            index = np.searchsorted(cum, firsts[have] + rank, side="right")
            return (index % width + low).astype(np.float64)

        out[have, column] = rank_value(lower) * (1 - frac) + rank_value(upper) * frac
    return out


def period_summary(times: npt.ArrayLike, before: npt.ArrayLike, after: npt.ArrayLike,
                   starts: npt.ArrayLike, end: float) -> PeriodSummary:
    """Rated sessions (sorted `times`, whole-number ratings) summarised per period;
    `starts` are the periods' first moments, ascending, and `end` the last one's end.
    Sessions outside [starts[0], end) are left out."""
    t = np.asarray(times, dtype=np.float64)
    b = np.asarray(before, dtype=np.float64)
    a = np.asarray(after, dtype=np.float64)
    edges = np.asarray(starts, dtype=np.float64)
    n = int(edges.size)
    if n == 0:
        empty = np.empty((0, 3))
        return PeriodSummary(edges, float(end), np.empty(0, np.int64), empty, empty, empty)
    keep = (t >= edges[0]) & (t < end) & ~np.isnan(b) & ~np.isnan(a)
    t, b, a = t[keep], b[keep], a[keep]
    groups = np.searchsorted(edges, t, side="right") - 1
    counts = np.bincount(groups, minlength=n)[:n].astype(np.int64)
    return PeriodSummary(edges, float(end), counts, grouped_quantiles(groups, b, n),
                         grouped_quantiles(groups, a, n), grouped_quantiles(groups, b - a, n))
