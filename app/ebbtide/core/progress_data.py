"""The queries behind Progress: sessions in a time range as numpy arrays, straight from
SQL, with the range served by the sessions(started_utc) and sessions(kind, started_utc)
indexes. Aggregation happens in SQL (GROUP BY) or in numpy (ebbtide.core.stats), never
in a Python loop over rows. No Qt here.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
import json
import os
import tempfile
import time
import weakref
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ebbtide.core import stats
from ebbtide.core import store as store_module
from ebbtide.core.feelings import load_vocabulary
from ebbtide.core.paths import ensure_private_dir
from ebbtide.core.sessions import KIND_INFO, kind_label, kinds_in_chart_order
from ebbtide.core.store import (
    SessionKind,
    Store,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def known_kinds() -> tuple[str, ...]:
    """Every kind of session, in chart order (from the one table in core/sessions.py)."""
    return tuple(str(k) for k in kinds_in_chart_order())


KIND_WORDS = {str(kind): info.label for kind, info in KIND_INFO.items()}


def kind_words(kind: str) -> str:
    return kind_label(kind)


@dataclass(frozen=True)
class TimeRange:
    """Sessions that started in [since_utc, until_utc); None is open-ended."""

    since_utc: float | None = None
    until_utc: float | None = None

    @property
    def length_s(self) -> float | None:
        if self.since_utc is None or self.until_utc is None:
            return None
        return self.until_utc - self.since_utc

    def previous(self) -> TimeRange | None:
        """The range of the same length just before this one (None for open ranges)."""
        length = self.length_s
        if length is None or self.since_utc is None:
            return None
        return TimeRange(self.since_utc - length, self.since_utc)


def _range_where(rng: TimeRange, *extra: str) -> tuple[str, list[Any]]:
    return store_module.session_filter(rng.since_utc, rng.until_utc, None, *extra)


_BOTH_RATED = "distress_before IS NOT NULL AND distress_after IS NOT NULL"


def _kind_code_sql() -> str:
    """kind -> its index in known_kinds(), computed in SQL so rows come back as numbers."""
    cases = " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(known_kinds()))
    return f"CASE kind {cases} ELSE {len(known_kinds())} END"


# -- the headline: each rated session's before and after ---------------------------------


TREND_POINTS = 1500  # enough for a smooth line across any chart


@dataclass(frozen=True)
class CalmDown:
    """Rated sessions in a range, oldest first. `kind_codes` index known_kinds()
    (len(known_kinds()) for a kind this version does not know)."""

    ids: IntArray
    started: FloatArray
    before: FloatArray
    after: FloatArray
    kind_codes: IntArray

    @property
    def drop(self) -> FloatArray:
        return stats.drops(self.before, self.after)

    @functools.cached_property
    def low(self) -> FloatArray:
        """Each segment's lower end (worked out once, for hover)."""
        return np.minimum(self.before, self.after)

    @functools.cached_property
    def high(self) -> FloatArray:
        return np.maximum(self.before, self.after)

    @functools.cached_property
    def by_kind(self) -> list[tuple[FloatArray, FloatArray, FloatArray, FloatArray]]:
        """Per kind code: the segments' x and y (before, after pairs) and the ends' x and
        y, worked out once per range (a range shown again costs only drawing)."""
        out = []
        for code in range(len(known_kinds()) + 1):
            mask = self.kind_codes == code
            t = self.started[mask]
            out.append((np.repeat(t, 2),
                        np.column_stack((self.before[mask], self.after[mask])).ravel(),
                        t, self.after[mask]))
        return out

    @functools.cached_property
    def trends(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        """The 7- and 30-day average drop at up to TREND_POINTS times (once per range)."""
        at = stats.trend_times(self.started, TREND_POINTS)
        drop = self.drop
        week, month = (stats.rolling_mean(self.started, drop, days * stats.DAY_S, at=at)
                       for days in (7, 30))
        return at, week, month

    def __len__(self) -> int:
        return int(self.ids.size)


def calm_down_sql(rng: TimeRange) -> tuple[str, list[Any]]:
    # Before, after and kind travel packed in one integer (before·256 + after·16 + kind):
    # with 100,000 rows, every Python value a row carries costs time; numpy unpacks them.
    where, params = _range_where(rng, _BOTH_RATED)
    sql = (
        "SELECT id, started_utc, "
        f"distress_before * 256 + distress_after * 16 + {_kind_code_sql()} "
        f"FROM sessions {where} ORDER BY started_utc, id"
    )
    return sql, params


_CALM_DTYPE = np.dtype([("id", np.int64), ("t", np.float64), ("packed", np.int64)])


def calm_down(store: Store, rng: TimeRange) -> CalmDown:
    assert len(known_kinds()) < 16, "kind codes are packed into four bits"
    sql, params = calm_down_sql(rng)
    rows = np.fromiter(store.conn.execute(sql, params), dtype=_CALM_DTYPE)
    packed = rows["packed"]
    return CalmDown(
        ids=rows["id"].copy(),
        started=rows["t"].copy(),
        before=(packed >> 8).astype(np.float64),
        after=((packed >> 4) & 0xF).astype(np.float64),
        kind_codes=(packed & 0xF).astype(np.int64),
    )


# -- check-ins --------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckIns:
    ids: IntArray
    started: FloatArray
    distress: FloatArray

    def __len__(self) -> int:
        return int(self.ids.size)


def checkins_sql(rng: TimeRange) -> tuple[str, list[Any]]:
    where, params = _range_where(rng, "kind = ?", "distress_before IS NOT NULL")
    sql = f"SELECT id, started_utc, distress_before FROM sessions {where} ORDER BY started_utc, id"
    return sql, [*params, SessionKind.CHECKIN]


_CHECKIN_DTYPE = np.dtype([("id", np.int64), ("t", np.float64), ("d", np.float64)])


def checkins(store: Store, rng: TimeRange) -> CheckIns:
    sql, params = checkins_sql(rng)
    rows = np.fromiter(store.conn.execute(sql, params), dtype=_CHECKIN_DTYPE)
    return CheckIns(rows["id"].copy(), rows["t"].copy(), rows["d"].copy())


# -- what helps: average drop per practice -----------------------------------------------------


@dataclass(frozen=True)
class Practices:
    """One entry per practice with rated sessions in the range, most helpful first."""

    names: list[str]
    kinds: list[str]
    summary: stats.GroupSummary

    def __len__(self) -> int:
        return len(self.names)

    def results(self) -> list[stats.PracticeResult]:
        return [
            stats.PracticeResult(name, int(n), float(m))
            for name, n, m in zip(
                self.names, self.summary.counts, self.summary.means, strict=True
            )
        ]


# Worksheets each have their own uid; as a practice they are one thing.
_PRACTICE_KEY = f"CASE WHEN kind = '{SessionKind.WORKSHEET}' THEN '' ELSE content_id END"
# Every JSON function is behind json_valid (CASE evaluates only the branch taken): one
# malformed row (NaN from an old import, say) must never break Progress.
_LABEL = (
    "CASE WHEN json_valid(details) THEN CASE WHEN json_type(details, '$.label') = 'text' "
    "THEN json_extract(details, '$.label') END END"
)
_NEUTRAL_NAMES: dict[str, str] = {
    SessionKind.BREATHING: "Your own pattern",
    SessionKind.AUDIO: "Your recording",
}
# Where the things a person made are listed, and when each was made.
_MADE_BY_PERSON: dict[str, tuple[str, str]] = {
    SessionKind.BREATHING: ("custom_patterns", "created_utc"),
    SessionKind.AUDIO: ("recordings", "added_utc"),
}


def practices_sql(rng: TimeRange) -> tuple[str, list[Any]]:
    where, params = _range_where(rng, _BOTH_RATED)
    drop = "(distress_before - distress_after)"
    sql = (
        f"SELECT kind, {_PRACTICE_KEY} AS practice, COUNT(*), SUM({drop}), "
        f"SUM({drop} * {drop}), MAX(id) "
        f"FROM sessions {where} GROUP BY kind, practice"
    )
    return sql, params


class PracticeNamer:
    """Names for practices. Things a person named themselves get a neutral name ("Your
    own pattern 2"), numbered by first use over all time so the number does not change
    with the range. The numbering is remembered; make a new namer when sessions change."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._numbers: dict[str, dict[str, int]] = {}

    def labels(self, session_ids: list[int]) -> dict[int, str]:
        """details["label"] of a few sessions, looked up by primary key."""
        if not session_ids:
            return {}
        marks = ",".join("?" * len(session_ids))
        rows = self.store.conn.execute(
            f"SELECT id, {_LABEL} FROM sessions WHERE id IN ({marks})", session_ids
        ).fetchall()
        return {int(i): str(label) for i, label in rows if label}

    def number(self, kind: str, content_id: str) -> int:
        """The n in "Your own pattern n": the order the person made it in (a small table
        of their patterns or recordings); failing that, the order of first use."""
        table, made = _MADE_BY_PERSON[kind]
        by_making = self._numbering(kind, f"SELECT uid FROM {table} ORDER BY {made}, id")
        if content_id in by_making:
            return by_making[content_id]
        by_first_use = self._numbering(
            f"{kind}:first-use",
            "SELECT content_id FROM sessions WHERE kind = ? GROUP BY content_id "
            "ORDER BY MIN(started_utc), content_id",
            (kind,),
        )
        return by_first_use.get(content_id, 1)

    def _numbering(self, key: str, sql: str, params: tuple[Any, ...] = ()) -> dict[str, int]:
        """Ids numbered 1, 2, … in the order `sql` lists them (asked once, then kept)."""
        if key not in self._numbers:
            rows = self.store.conn.execute(sql, params).fetchall()
            self._numbers[key] = {str(c): n for n, (c,) in enumerate(rows, start=1)}
        return self._numbers[key]

    def name(self, kind: str, key: str, label: str | None) -> str:
        if label:
            return label
        if kind == SessionKind.WORKSHEET:
            return "Worksheets"
        if kind in _NEUTRAL_NAMES:
            return f"{_NEUTRAL_NAMES[kind]} {self.number(kind, key)}"
        return kind_words(kind)


def practices(store: Store, rng: TimeRange, namer: PracticeNamer | None = None) -> Practices:
    sql, params = practices_sql(rng)
    rows = store.conn.execute(sql, params).fetchall()  # one row per practice: a handful
    return _practices_from_rows(rows, namer or PracticeNamer(store))


def _practices_from_rows(rows: list[Any], namer: PracticeNamer) -> Practices:
    """Rows of (kind, practice key, count, sum of drops, sum of squares, latest id)."""
    if not rows:
        empty = stats.summarize_moments([], [], [])
        return Practices([], [], empty)
    kinds = [str(r[0]) for r in rows]
    summary = stats.summarize_moments([r[2] for r in rows], [r[3] for r in rows],
                                      [r[4] for r in rows])
    # The label of the latest session of each practice (one lookup by primary key).
    labels = namer.labels([int(r[5]) for r in rows])
    names = [namer.name(r[0], r[1], labels.get(int(r[5]))) for r in rows]
    # Practices with enough sessions behind them first (so a lucky one-off doesn't top
    # the list), most helpful first; ties go to the one with more sessions.
    solid = summary.counts >= stats.MIN_SESSIONS_FOR_BEST
    order = np.lexsort(
        (-summary.counts, -np.nan_to_num(summary.means, nan=-99.0), ~solid)
    )
    return Practices(
        names=[names[i] for i in order],
        kinds=[kinds[i] for i in order],
        summary=stats.GroupSummary(
            summary.counts[order], summary.means[order], summary.spreads[order]
        ),
    )


# -- feelings named --------------------------------------------------------------------------


def feelings_sql(rng: TimeRange, limit: int) -> tuple[str, list[Any]]:
    where, params = _range_where(rng, "details LIKE '%\"feelings\"%'", "j.type = 'text'")
    sql = (
        "SELECT lower(j.value) AS word, COUNT(*) AS n "
        "FROM sessions, json_each(CASE WHEN json_valid(sessions.details) THEN "
        f"sessions.details ELSE '{{}}' END, '$.feelings') AS j {where} "
        "GROUP BY word ORDER BY n DESC, word LIMIT ?"
    )
    return sql, [*params, int(limit)]


def feelings(store: Store, rng: TimeRange, limit: int = 8) -> list[tuple[str, int]]:
    """The feeling words named most often in the range, with how many times. A word
    saved under a name the vocabulary has since changed counts under today's name."""
    sql, params = feelings_sql(rng, -1)  # every word: renamed ones merge below
    vocabulary = load_vocabulary()
    counts: dict[str, int] = {}
    for word, n in store.conn.execute(sql, params):
        known = vocabulary.lookup(str(word))
        key = known.word if known else str(word)
        counts[key] = counts.get(key, 0) + int(n)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ranked[:limit] if limit >= 0 else ranked


# -- when: hour of day and weekday ----------------------------------------------------------


_NO_DROP = -99  # SQLite has no NaN; this marks an unrated session on the way to numpy


def time_of_day_sql(rng: TimeRange) -> tuple[str, list[Any]]:
    where, params = _range_where(rng)
    sql = (
        f"SELECT started_utc, COALESCE(distress_before - distress_after, {_NO_DROP}) "
        f"FROM sessions {where}"
    )
    return sql, params


_TOD_DTYPE = np.dtype([("t", np.float64), ("d", np.float64)])


def local_offset(t: float) -> float:
    """The local clock's offset from UTC at time t, in seconds (follows DST)."""
    return float(time.localtime(t).tm_gmtoff)


def time_of_day(store: Store, rng: TimeRange) -> stats.TimeOfDay:
    """Sessions and average drop by local hour and weekday; the local clock is worked
    out in numpy (stats.local_clock), not per row in SQL."""
    sql, params = time_of_day_sql(rng)
    rows = np.fromiter(store.conn.execute(sql, params), dtype=_TOD_DTYPE)
    drop = rows["d"].copy()
    drop[drop == _NO_DROP] = np.nan
    hours, weekdays = stats.local_clock(rows["t"], local_offset)
    return stats.time_of_day(hours, weekdays, drop)


# -- one session, for hover and the details dialog ----------------------------------------------


@dataclass(frozen=True)
class SessionFacts:
    """What Progress shows about one session: facts only, never the person's note."""

    id: int
    kind: str
    content_id: str
    started_utc: float
    duration_s: float
    distress_before: int | None
    distress_after: int | None
    completed: bool
    label: str | None
    feelings: tuple[str, ...]

    @property
    def practice_words(self) -> str:
        return self.label or kind_words(self.kind)


def session_facts(store: Store, session_id: int) -> SessionFacts | None:
    row = store.conn.execute(
        "SELECT id, kind, content_id, started_utc, duration_s, distress_before, "
        "distress_after, completed, details FROM sessions WHERE id = ?",
        (int(session_id),),
    ).fetchone()
    if row is None:
        return None
    try:
        details = json.loads(row[8])
    except (TypeError, ValueError):
        details = {}
    if not isinstance(details, dict):
        details = {}
    label = details.get("label")
    raw_feelings = details.get("feelings")
    feelings_named = (
        tuple(str(f) for f in raw_feelings if isinstance(f, str))
        if isinstance(raw_feelings, list) else ()
    )
    return SessionFacts(
        id=int(row[0]), kind=str(row[1]), content_id=str(row[2]),
        started_utc=float(row[3]), duration_s=float(row[4]),
        distress_before=row[5], distress_after=row[6], completed=bool(row[7]),
        label=label if isinstance(label, str) and label else None,
        feelings=feelings_named,
    )


def describe_session(facts: SessionFacts) -> str:
    """A few plain lines about a session, for a tooltip or the details dialog."""
    when = time.strftime("%a %d %b %Y, %H:%M", time.localtime(facts.started_utc))
    lines = [facts.practice_words, when]
    if facts.distress_before is not None and facts.distress_after is not None:
        drop = facts.distress_before - facts.distress_after
        change = (
            f"came down {stats.points(drop)}" if drop > 0
            else "stayed the same" if drop == 0
            else f"went up {stats.points(-drop)}"
        )
        lines.append(
            f"Distress {facts.distress_before} → {facts.distress_after} ({change})"
        )
    elif facts.distress_before is not None:
        lines.append(f"Distress {facts.distress_before} of 10")
    if facts.duration_s >= 60:
        lines.append(f"{round(facts.duration_s / 60)} min")
    elif facts.duration_s > 0:
        lines.append(f"{round(facts.duration_s)} s")
    if not facts.completed:
        lines.append("Ended early")
    if facts.feelings:
        lines.append("Named: " + ", ".join(facts.feelings))
    return "\n".join(lines)


# -- hover: which session is under the pointer ----------------------------------------------


def nearest_segment(
    data: CalmDown,
    x: float,
    y: float,
    x_per_px: float,
    y_per_px: float,
    radius_px: float = 8.0,
) -> int | None:
    """Index into `data` of the session whose before→after segment is nearest the point
    (x, y) in data coordinates, within radius_px pixels; None if none is that close.
    Binary search on the sorted start times, then numpy over the few candidates."""
    if len(data) == 0 or x_per_px <= 0 or y_per_px <= 0:
        return None
    dx_max = radius_px * x_per_px
    lo = int(np.searchsorted(data.started, x - dx_max, side="left"))
    hi = int(np.searchsorted(data.started, x + dx_max, side="right"))
    if hi <= lo:
        return None
    # In pixels: across to the segment, and up or down to its nearer end (0 beside it).
    # Few numpy calls: on a hover, each costs more than the arithmetic over a thousand.
    dx = data.started[lo:hi] - x
    dx *= 1.0 / x_per_px
    dy = np.minimum(np.maximum(y, data.low[lo:hi]), data.high[lo:hi])
    dy -= y
    dy *= 1.0 / y_per_px
    dx *= dx
    dy *= dy
    dx += dy
    best = int(dx.argmin())
    if dx[best] > radius_px * radius_px:
        return None
    return lo + best


# -- the ranges a person can choose ---------------------------------------------------------


RANGE_DAYS = {"week": 7, "month": 30, "year": 365}
RANGE_WORDS = {
    # key: (this period, the one before, for the summary sentence)
    "week": ("In the last 7 days", "the 7 days before"),
    "month": ("In the last 30 days", "the 30 days before"),
    "year": ("In the last year", "the year before"),
    "all": ("Since you started", ""),
}


def local_midnight(date: _dt.date) -> float:
    """UTC seconds at the start of a local calendar day (DST-aware, via mktime)."""
    return time.mktime((date.year, date.month, date.day, 0, 0, 0, 0, 0, -1))


def preset_range(key: str, now_utc: float) -> TimeRange:
    """"week", "month", "year": that many whole local days ending with today; "all":
    everything."""
    if key == "all":
        return TimeRange(None, None)
    today = _dt.date.fromtimestamp(now_utc)
    until = local_midnight(today + _dt.timedelta(days=1))
    since = local_midnight(today - _dt.timedelta(days=RANGE_DAYS[key] - 1))
    return TimeRange(since, until)


def custom_range(first_day: _dt.date, last_day: _dt.date) -> TimeRange:
    """From the start of first_day to the end of last_day (swapped if given backwards)."""
    if last_day < first_day:
        first_day, last_day = last_day, first_day
    return TimeRange(local_midnight(first_day), local_midnight(last_day + _dt.timedelta(days=1)))


def custom_words(first_day: _dt.date, last_day: _dt.date) -> tuple[str, str]:
    if last_day < first_day:
        first_day, last_day = last_day, first_day
    return (
        f"From {_day_words(first_day)} to {_day_words(last_day)}",
        "the same length of time before",
    )


def _day_words(day: _dt.date) -> str:
    return f"{day.day} {day.strftime('%b %Y')}"  # "3 Mar 2025", without a leading zero


# -- a lifetime in memory: every range is a slice ------------------------------------------------
#
# Reading 73,000 rated rows out of SQLite takes tens of milliseconds, and the per-practice
# GROUP BY sorts in a temporary B-tree. So Progress reads everything once per generation
# of the store (the store writes a new generation with every write, Store.transaction),
# keeps it as sorted arrays, and answers every range with `searchsorted` slices and
# `bincount`s. Between runs the arrays wait in one file in the cache folder, valid only
# for the generation they were read at.

LIFETIME_FORMAT = 1
LIFETIME_FILE = "progress-arrays.npz"

# before+1, after+1 (0 = not rated) and the kind code, packed in one integer per row.
_ALL_SQL_PACKED = (
    "(COALESCE(distress_before, -1) + 1) * 256 + (COALESCE(distress_after, -1) + 1) * 16 + "
)
_LIFE_DTYPE = np.dtype([("id", np.int64), ("t", np.float64), ("packed", np.int64),
                        ("practice", np.int64)])


@dataclass
class Lifetime:
    """Every session, oldest first, as arrays; per range, slices of them."""

    generation: str | None
    ids: IntArray
    started: FloatArray
    before: FloatArray  # NaN where not rated
    after: FloatArray
    kind_codes: IntArray
    practice_codes: IntArray  # index into practice_kinds/keys; -1 where not both rated
    practice_kinds: tuple[str, ...]
    practice_keys: tuple[str, ...]
    writes_seen: int = 0  # store.generation when read
    _rated: IntArray | None = None  # indices of sessions with both ratings
    _rated_started: FloatArray | None = None
    _clock: tuple[IntArray, IntArray] | None = None
    _feelings: tuple[FloatArray, IntArray, tuple[str, ...]] | None = None

    def __len__(self) -> int:
        return int(self.ids.size)

    def _span(self, times: FloatArray, rng: TimeRange) -> tuple[int, int]:
        lo = 0 if rng.since_utc is None else int(np.searchsorted(times, rng.since_utc, "left"))
        hi = (times.size if rng.until_utc is None
              else int(np.searchsorted(times, rng.until_utc, "left")))
        return lo, max(lo, hi)

    @property
    def rated(self) -> IntArray:
        if self._rated is None:
            self._rated = np.flatnonzero(~np.isnan(self.before) & ~np.isnan(self.after))
        return self._rated

    @property
    def rated_started(self) -> FloatArray:
        """Start times of the rated sessions (kept: every range and the glance slice it)."""
        if self._rated_started is None:
            self._rated_started = self.started[self.rated]
        return self._rated_started

    def calm_down(self, rng: TimeRange) -> CalmDown:
        rated = self.rated
        lo, hi = self._span(self.rated_started, rng) if rated.size else (0, 0)
        pick = rated[lo:hi]
        return CalmDown(self.ids[pick], self.started[pick], self.before[pick],
                        self.after[pick], self.kind_codes[pick])

    def checkins(self, rng: TimeRange) -> CheckIns:
        lo, hi = self._span(self.started, rng)
        code = known_kinds().index(str(SessionKind.CHECKIN))
        mask = (self.kind_codes[lo:hi] == code) & ~np.isnan(self.before[lo:hi])
        return CheckIns(self.ids[lo:hi][mask], self.started[lo:hi][mask],
                        self.before[lo:hi][mask])

    def practices(self, rng: TimeRange, namer: PracticeNamer) -> Practices:
        rated = self.rated
        lo, hi = self._span(self.rated_started, rng) if rated.size else (0, 0)
        pick = rated[lo:hi]
        n = len(self.practice_keys)
        codes = self.practice_codes[pick]
        if codes.size == 0 or n == 0:
            return Practices([], [], stats.summarize_moments([], [], []))
        drop = self.before[pick] - self.after[pick]
        counts = np.bincount(codes, minlength=n)
        sums = np.bincount(codes, weights=drop, minlength=n)
        squares = np.bincount(codes, weights=drop * drop, minlength=n)
        latest = np.full(n, -1, dtype=np.int64)
        np.maximum.at(latest, codes, self.ids[pick])
        present = np.flatnonzero(counts)
        rows = [(self.practice_kinds[i], self.practice_keys[i], int(counts[i]),
                 float(sums[i]), float(squares[i]), int(latest[i])) for i in present]
        return _practices_from_rows(rows, namer)

    def local_clock(self) -> tuple[IntArray, IntArray]:
        """Local hour and weekday of every session (worked out once)."""
        if self._clock is None:
            self._clock = stats.local_clock(self.started, local_offset)
        return self._clock

    def time_of_day(self, rng: TimeRange) -> stats.TimeOfDay:
        lo, hi = self._span(self.started, rng)
        hours, weekdays = self.local_clock()
        drop = self.before[lo:hi] - self.after[lo:hi]
        return stats.time_of_day(hours[lo:hi], weekdays[lo:hi], drop)

    def feelings(self, store: Store, rng: TimeRange, limit: int = 8) -> list[tuple[str, int]]:
        """As `feelings()`: the words named most often in the range (one query a
        generation, then a slice and a bincount)."""
        if self._feelings is None:
            sql = ("SELECT started_utc, lower(j.value) "
                   "FROM sessions, json_each(sessions.details, '$.feelings') AS j "
                   "WHERE details LIKE '%\"feelings\"%' AND j.type = 'text' "
                   "ORDER BY started_utc, sessions.id")
            words: dict[str, int] = {}
            times: list[float] = []
            codes: list[int] = []
            for t, word in store.conn.execute(sql):
                times.append(float(t))
                codes.append(words.setdefault(str(word), len(words)))
            self._feelings = (np.array(times, dtype=np.float64),
                              np.array(codes, dtype=np.int64), tuple(words))
        times_a, codes_a, names = self._feelings
        lo, hi = self._span(times_a, rng)
        counted = np.bincount(codes_a[lo:hi], minlength=len(names))
        vocabulary = load_vocabulary()
        merged: dict[str, int] = {}
        for i in np.flatnonzero(counted):
            known = vocabulary.lookup(names[i])
            key = known.word if known else names[i]
            merged[key] = merged.get(key, 0) + int(counted[i])
        ranked = sorted(merged.items(), key=lambda item: (-item[1], item[0]))
        return ranked[:limit] if limit >= 0 else ranked

    @property
    def first_start(self) -> float | None:
        return float(self.started[0]) if self.started.size else None

    # -- reading and keeping -------------------------------------------------------------

    @classmethod
    def read(cls, store: Store, generation: str | None) -> Lifetime:
        """Everything from the store: one pass over the sessions, plus the handful of
        practices (so each row's practice travels as a number, not a string)."""
        keys = store.conn.execute(
            f"SELECT DISTINCT kind, {_PRACTICE_KEY} FROM sessions WHERE {_BOTH_RATED}"
        ).fetchall()
        practice_kinds = tuple(str(k) for k, _ in keys)
        practice_keys = tuple(str(p) for _, p in keys)
        cases, params = [], []
        for i, (kind, key) in enumerate(keys):
            if kind == SessionKind.WORKSHEET:  # as _PRACTICE_KEY: worksheets are one
                cases.append(f"WHEN kind = ? THEN {i}")
                params.append(kind)
            else:
                cases.append(f"WHEN kind = ? AND content_id = ? THEN {i}")
                params += [kind, key]
        practice = f"CASE {' '.join(cases)} ELSE -1 END" if keys else "-1"
        sql = (
            f"SELECT id, started_utc, {_ALL_SQL_PACKED}{_kind_code_sql()}, "
            f"CASE WHEN {_BOTH_RATED} THEN {practice} ELSE -1 END "
            "FROM sessions ORDER BY started_utc, id"
        )
        rows = np.fromiter(store.conn.execute(sql, params), dtype=_LIFE_DTYPE)
        return cls.from_columns(generation, rows["id"], rows["t"], rows["packed"],
                                rows["practice"], practice_kinds, practice_keys)

    @classmethod
    def from_columns(cls, generation: str | None, ids: IntArray, started: FloatArray,
                     packed: IntArray, practice: IntArray, practice_kinds: tuple[str, ...],
                     practice_keys: tuple[str, ...]) -> Lifetime:
        before = ((packed >> 8) - 1).astype(np.float64)
        after = (((packed >> 4) & 0xF) - 1).astype(np.float64)
        before[before < 0] = np.nan
        after[after < 0] = np.nan
        return cls(generation, np.ascontiguousarray(ids), np.ascontiguousarray(started),
                   before, after, (packed & 0xF).astype(np.int64),
                   np.ascontiguousarray(practice), practice_kinds, practice_keys)

    def save(self, path: Path) -> None:
        """Keep the arrays for the next run: one file, written whole or not at all, 0600."""
        if self.generation is None:
            return
        packed = ((np.nan_to_num(self.before, nan=-1) + 1).astype(np.int64) << 8) \
            | ((np.nan_to_num(self.after, nan=-1) + 1).astype(np.int64) << 4) \
            | self.kind_codes
        header = json.dumps({"format": LIFETIME_FORMAT, "generation": self.generation,
                             "kinds": known_kinds(), "practice_kinds": self.practice_kinds,
                             "practice_keys": self.practice_keys})
        ensure_private_dir(path.parent)
        fd, tmp_name = tempfile.mkstemp(prefix=".progress-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                np.savez(out, header=np.array(header), ids=self.ids, started=self.started,
                         packed=packed, practice=self.practice_codes)
            os.replace(tmp_name, path)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path, generation: str | None) -> Lifetime | None:
        """The arrays kept by an earlier run, if they are of this very generation."""
        if generation is None:
            return None
        try:
            with np.load(path, allow_pickle=False) as kept:
                header = json.loads(str(kept["header"]))
                if (header.get("format") != LIFETIME_FORMAT
                        or header.get("generation") != generation
                        or tuple(header.get("kinds", ())) != known_kinds()):
                    return None
                return cls.from_columns(
                    generation, kept["ids"], kept["started"], kept["packed"],
                    kept["practice"], tuple(header["practice_kinds"]),
                    tuple(header["practice_keys"]))
        except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile):
            return None  # missing, cut short or from elsewhere: read the store instead


_lifetimes: weakref.WeakKeyDictionary[Store, Lifetime] = weakref.WeakKeyDictionary()


def lifetime(store: Store, keep_in: Path | None = None) -> Lifetime:
    """All the sessions as arrays, for the store as it is now: from memory while no write
    has happened since, else from `keep_in` (a folder) if an earlier run left this
    generation there, else read from the store (and kept there for next time)."""
    generation = store.data_generation()
    held = _lifetimes.get(store)
    # A store no write has reached yet (new, or from before generations) has none on
    # disk: then the count of writes this run (store.generation) says it is unchanged.
    if held is not None and held.generation == generation and (
            generation is not None or held.writes_seen == store.generation):
        return held
    path = keep_in / LIFETIME_FILE if keep_in is not None else None
    life = Lifetime.load(path, generation) if path is not None else None
    if life is None:
        life = Lifetime.read(store, generation)
        if path is not None:
            with contextlib.suppress(OSError):  # only a head start for next time
                life.save(path)
    life.writes_seen = store.generation
    _lifetimes[store] = life
    return life


def forget_lifetime(store: Store) -> None:
    """Drop the arrays held for `store` (a restore can swap the data under it)."""
    _lifetimes.pop(store, None)


# -- year and all time: weeks or months, not a barcode of sessions -------------------------------

SUMMARY_AFTER_DAYS = 120  # a range longer than this shows each week (or month), not each session
MONTHS_AFTER_DAYS = 2 * 365  # and longer than this, each month


def summary_unit(span_s: float) -> str | None:
    """"week", "month", or None (each session as its own line) for a span of time."""
    days = span_s / stats.DAY_S
    if days <= SUMMARY_AFTER_DAYS:
        return None
    return "month" if days > MONTHS_AFTER_DAYS else "week"


def period_starts(since_utc: float, until_utc: float, unit: str) -> FloatArray:
    """Local calendar weeks (from Monday) or months covering [since, until): the start of
    each, in UTC seconds (mktime follows clock changes)."""
    first = _dt.date.fromtimestamp(since_utc)
    last = _dt.date.fromtimestamp(max(since_utc, until_utc - 1))
    starts: list[float] = []
    if unit == "week":
        day = first - _dt.timedelta(days=first.weekday())
        while day <= last:
            starts.append(local_midnight(day))
            day += _dt.timedelta(days=7)
    elif unit == "month":
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            starts.append(local_midnight(_dt.date(year, month, 1)))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    else:
        raise ValueError(f"unknown period {unit!r}")
    return np.array(starts, dtype=np.float64)


def periods(calm: CalmDown, since_utc: float, until_utc: float,
            unit: str) -> stats.PeriodSummary:
    """The range's rated sessions as weeks or months (typical before and after, spread)."""
    starts = period_starts(since_utc, until_utc, unit)
    end = until_utc
    if starts.size:  # the last period runs to its own end, not to the range's
        nxt = period_starts(float(starts[-1]), float(starts[-1]) + 40 * stats.DAY_S, unit)
        end = float(nxt[1]) if nxt.size > 1 else until_utc
    return stats.period_summary(calm.started, calm.before, calm.after, starts, end)


def week_context(life: Lifetime, now_utc: float) -> tuple[FloatArray, FloatArray, FloatArray,
                                                           tuple[str, FloatArray] | None]:
    """What `ups_and_downs.week_sentence` needs, from all the person's rated sessions:
    distress after practice this week (the last 7 days), the four weeks before, the
    last 30 days, and the calendar month three months back (its name and values)."""
    today = _dt.date.fromtimestamp(now_utc)
    tomorrow = local_midnight(today + _dt.timedelta(days=1))

    def after_in(since: float, until: float) -> FloatArray:
        return life.calm_down(TimeRange(since, until)).after

    week_start = local_midnight(today - _dt.timedelta(days=6))
    four_before = local_midnight(today - _dt.timedelta(days=34))
    month_start = local_midnight(today - _dt.timedelta(days=29))
    year, month = today.year, today.month - 3
    if month < 1:
        year, month = year - 1, month + 12
    earlier_start = local_midnight(_dt.date(year, month, 1))
    next_y, next_m = (year + 1, 1) if month == 12 else (year, month + 1)
    earlier_end = local_midnight(_dt.date(next_y, next_m, 1))
    earlier = (_dt.date(year, month, 1).strftime("%B"), after_in(earlier_start, earlier_end))
    return (after_in(week_start, tomorrow), after_in(four_before, week_start),
            after_in(month_start, tomorrow), earlier)


def sessions_outside(life: Lifetime, rng: TimeRange) -> int:
    """How many sessions lie outside a range (so "sessions outside this range" is only
    ever said when there are some)."""
    lo, hi = life._span(life.started, rng)
    return len(life) - (hi - lo)
