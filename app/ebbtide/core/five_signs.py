"""The five signs of trust wounds, week by week: a short, optional check of how much
suspicion, fear of being open, keeping people at a distance, jealousy and needing to be
in control showed up this week (0–4), with an optional note. One check per ISO week:
saving the same week again overwrites it.

The words (names, one-liners, the scale's labels, the "Why these five?" page) are data
in resources/content/five_signs.toml. Table `five_signs` (see core/migrations.py) keeps
the week, a uid and the times plain; the scores and the note are sealed.

Why the scores are sealed too, not only the note: sessions keep their numbers plain
because a distress rating says little by itself, but "jealousy: most of the time, week
of 3 March" is a sentence about the person's inner life and their relationship — the
kind of thing someone looking over their shoulder must not be able to read from the
file. So the scores go through `store.seal` like any of the person's own words, and the
lock encrypts them. What stays plain is only that a check was made in a given week.
Reading 260 sealed weeks for the chart costs a few milliseconds, and the chart keeps
what it read for the store's generation (`weekly_scores`).

No Qt here.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import re
import time
import uuid
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ebbtide.core.content import TomlSource, check_known_keys, load_content, one_line_text, table_of
from ebbtide.core.store import Store

log = logging.getLogger(__name__)

SCALE_MAX = 4  # 0 (not at all) … 4 (most of the time)
NOTE_MAX_CHARS = 20_000
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_ID = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_UID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
TABLE = "five_signs"

FloatArray = npt.NDArray[np.float64]


class FiveSignsError(ValueError):
    """A weekly check that can't be kept. The message names the field, never the words."""


# -- the words ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sign:
    id: str
    name: str
    short: str  # for the chart's key and table
    line: str  # what it feels like, in one line
    why: str  # why it makes sense as protection


@dataclass(frozen=True)
class FiveSignsWords:
    signs: tuple[Sign, ...]
    labels: tuple[str, ...]  # the scale, 0 … 4
    why_title: str
    intro: tuple[str, ...]
    outro: tuple[str, ...]
    source: str

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.signs)

    def label(self, value: int) -> str:
        return self.labels[value]


def _paragraphs(source: TomlSource, value: Any, *keys: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise source.error(f"{keys[-1]} must be a list of paragraphs", *keys)
    return tuple(one_line_text(source, p, "each paragraph", *keys, limit=600) for p in value)


def parse_five_signs(source: TomlSource) -> FiveSignsWords:
    data = source.data
    check_known_keys(source, data, ("scale", "signs", "why"))
    scale = table_of(source, data.get("scale"), "[scale]", "scale")
    check_known_keys(source, scale, ("labels",), "scale")
    raw_labels = scale.get("labels")
    if not isinstance(raw_labels, list) or len(raw_labels) != SCALE_MAX + 1:
        raise source.error(f"labels must be {SCALE_MAX + 1} words, for 0 to {SCALE_MAX}",
                           "scale", "labels")
    labels = tuple(one_line_text(source, t, "each label", "scale", "labels", limit=24)
                   for t in raw_labels)
    raw_signs = data.get("signs")
    if not isinstance(raw_signs, list) or len(raw_signs) != 5:
        raise source.error("there must be exactly five [[signs]]", "signs")
    signs: list[Sign] = []
    for n, raw in enumerate(raw_signs):
        table = table_of(source, raw, "each [[signs]]", "signs", n)
        check_known_keys(source, table, ("id", "name", "short", "line", "why"), "signs", n)
        sign_id = table.get("id")
        if not isinstance(sign_id, str) or not _ID.match(sign_id):
            raise source.error("id must be a short lower-case name", "signs", n, "id")
        if sign_id in {s.id for s in signs}:
            raise source.error(f"the id {sign_id!r} is used twice", "signs", n, "id")
        signs.append(Sign(
            sign_id,
            one_line_text(source, table.get("name"), "name", "signs", n, "name", limit=40),
            one_line_text(source, table.get("short"), "short", "signs", n, "short", limit=20),
            one_line_text(source, table.get("line"), "line", "signs", n, "line", limit=90),
            one_line_text(source, table.get("why"), "why", "signs", n, "why", limit=400),
        ))
    why = table_of(source, data.get("why"), "[why]", "why")
    check_known_keys(source, why, ("title", "intro", "outro", "source"), "why")
    return FiveSignsWords(
        tuple(signs), labels,
        one_line_text(source, why.get("title"), "title", "why", "title", limit=60),
        _paragraphs(source, why.get("intro"), "why", "intro"),
        _paragraphs(source, why.get("outro"), "why", "outro"),
        one_line_text(source, why.get("source"), "source", "why", "source"),
    )


def load_five_signs(path: Path | None = None) -> FiveSignsWords:
    return load_content(parse_five_signs, path, "five_signs.toml")


# -- weeks ------------------------------------------------------------------------------------


def week_of(day: date) -> str:
    """The ISO week a day falls in: "2026-W48" (weeks start on Monday)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(text: Any) -> tuple[int, int]:
    """"2026-W48" → (2026, 48); FiveSignsError for anything that isn't a real ISO week."""
    match = _WEEK.match(text) if isinstance(text, str) else None
    if match is None:
        raise FiveSignsError("week must look like 2026-W48")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError:
        raise FiveSignsError("week is not a week of that year") from None
    return year, week


def week_monday(week: str) -> date:
    year, number = parse_week(week)
    return date.fromisocalendar(year, number, 1)


@functools.lru_cache(maxsize=1024)
def week_words(week: str) -> str:
    """"24–30 Nov 2026": how a week is shown to a person."""
    monday = week_monday(week)
    sunday = monday + timedelta(days=6)
    if monday.month == sunday.month:
        return f"{monday.day}–{sunday.day} {sunday:%b %Y}"
    if monday.year == sunday.year:
        return f"{monday.day} {monday:%b} – {sunday.day} {sunday:%b %Y}"
    return f"{monday.day} {monday:%b %Y} – {sunday.day} {sunday:%b %Y}"


def week_start_epoch(week: str) -> float:
    """Local midnight at the start of the week's Monday, in epoch seconds (the chart's x)."""
    monday = week_monday(week)
    return datetime(monday.year, monday.month, monday.day).timestamp()


def previous_week(week: str) -> str:
    return week_of(week_monday(week) - timedelta(days=7))


# -- the record -------------------------------------------------------------------------------


def _new_uid() -> str:
    return uuid.uuid4().hex


@dataclass
class WeeklyCheck:
    """One week's check. `scores` maps a sign's id to 0–4; a sign left out was not
    answered (and the chart shows a gap for it, never a zero)."""

    week: str
    scores: dict[str, int] = field(default_factory=dict)
    note: str = ""
    uid: str = field(default_factory=_new_uid)
    created_utc: float = field(default_factory=time.time)
    updated_utc: float = field(default_factory=time.time)

    def validate(self) -> None:
        parse_week(self.week)
        if not isinstance(self.uid, str) or not _UID.match(self.uid):
            raise FiveSignsError("uid must be letters, digits, - or _")
        if not isinstance(self.scores, dict):
            raise FiveSignsError("scores must be a table of sign to number")
        for key, value in self.scores.items():
            if not isinstance(key, str) or not _ID.match(key):
                raise FiveSignsError("scores must be named by sign")
            if isinstance(value, bool) or not isinstance(value, int) \
                    or not 0 <= value <= SCALE_MAX:
                raise FiveSignsError(f"each score must be a whole number from 0 to {SCALE_MAX}")
        if not isinstance(self.note, str):
            raise FiveSignsError("note must be text")
        if len(self.note) > NOTE_MAX_CHARS:
            raise FiveSignsError(f"note is longer than {NOTE_MAX_CHARS:,} characters")
        try:
            self.note.encode("utf-8")
        except UnicodeEncodeError:
            raise FiveSignsError("note is not text Ebbtide can keep") from None
        for name in ("created_utc", "updated_utc"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) \
                    or not math.isfinite(value) or not 0 <= value < 7_258_118_400:
                raise FiveSignsError(f"{name} must be a time")

    def is_empty(self) -> bool:
        return not self.scores and not self.note.strip()

    def to_dict(self) -> dict[str, Any]:
        return {"uid": self.uid, "week": self.week, "scores": dict(self.scores),
                "note": self.note, "created_utc": self.created_utc,
                "updated_utc": self.updated_utc}

    @classmethod
    def from_dict(cls, raw: Any) -> WeeklyCheck:
        if not isinstance(raw, dict):
            raise FiveSignsError("a weekly check must be a table")
        known = {"uid", "week", "scores", "note", "created_utc", "updated_utc"}
        for key in raw:
            if key not in known:
                raise FiveSignsError(f"unknown field {str(key)[:40]!r}")
        for key in ("uid", "week", "scores"):
            if key not in raw:
                raise FiveSignsError(f"{key} is missing")
        now = time.time()
        check = cls(week=raw["week"], scores=raw["scores"], note=raw.get("note", ""),
                    uid=raw["uid"], created_utc=raw.get("created_utc", now),
                    updated_utc=raw.get("updated_utc", now))
        check.validate()
        check.scores = dict(check.scores)
        check.created_utc = float(check.created_utc)
        check.updated_utc = float(check.updated_utc)
        return check


# -- keeping them ------------------------------------------------------------------------------


def _place(column: str, uid: str) -> tuple[str, str, str]:
    return (TABLE, column, uid)


class FiveSignsStore:
    def __init__(self, store: Store) -> None:
        self.store = store

    def save(self, check: WeeklyCheck, now: float | None = None) -> WeeklyCheck:
        """Keep this week's check: a week that has one already is overwritten (its uid
        and first time stay)."""
        check.updated_utc = time.time() if now is None else now
        check.validate()
        with self.store.transaction() as conn:
            row = conn.execute(f"SELECT uid, created_utc FROM {TABLE} WHERE week=?",
                               (check.week,)).fetchone()
            if row is not None:
                check.uid, check.created_utc = row[0], float(row[1])
            self.write(conn, check)
        return check

    def write(self, conn: Any, check: WeeklyCheck) -> None:
        """Inside a transaction the caller holds (import): by week, add or overwrite."""
        scores = json.dumps(check.scores, sort_keys=True)
        conn.execute(
            f"INSERT INTO {TABLE} (uid, week, created_utc, updated_utc, scores_sealed, "
            "note_sealed) VALUES (?,?,?,?,?,?) ON CONFLICT (week) DO UPDATE SET "
            "updated_utc=excluded.updated_utc, scores_sealed=excluded.scores_sealed, "
            "note_sealed=excluded.note_sealed",
            (check.uid, check.week, float(check.created_utc), float(check.updated_utc),
             self.store.seal(scores, _place("scores_sealed", check.uid)),
             self.store.seal(check.note, _place("note_sealed", check.uid))
             if check.note else None),
        )

    def save_many(self, checks: Iterable[WeeklyCheck]) -> int:
        """Many weeks in one transaction (benchmarks, tests): all land, or none."""
        count = 0
        with self.store.transaction() as conn:
            for check in checks:
                check.validate()
                self.write(conn, check)
                count += 1
        return count

    def delete(self, week: str) -> None:
        with self.store.transaction() as conn:
            conn.execute(f"DELETE FROM {TABLE} WHERE week=?", (week,))

    def load(self, week: str) -> WeeklyCheck | None:
        """The week's check with its note (StoreLocked while locked)."""
        row = self.store.conn.execute(
            f"SELECT uid, week, created_utc, updated_utc, scores_sealed, note_sealed "
            f"FROM {TABLE} WHERE week=?", (week,)).fetchone()
        return None if row is None else self._from_row(row, with_note=True)

    def weeks(self) -> set[str]:
        return {r[0] for r in self.store.conn.execute(f"SELECT week FROM {TABLE}")}

    def all_checks(self) -> list[WeeklyCheck]:
        """Every check with its note, oldest week first (export). A damaged value is left
        out (and counted by the store); StoreLocked goes to the caller."""
        rows = self.store.conn.execute(
            f"SELECT uid, week, created_utc, updated_utc, scores_sealed, note_sealed "
            f"FROM {TABLE} ORDER BY week").fetchall()
        checks = [self._from_row(r, with_note=True) for r in rows]
        return [c for c in checks if c is not None]

    def scores_by_week(self) -> dict[str, dict[str, int]]:
        """Every week's scores, without the notes (the chart never needs them)."""
        out: dict[str, dict[str, int]] = {}
        for uid, week, blob in self.store.conn.execute(
                f"SELECT uid, week, scores_sealed FROM {TABLE} ORDER BY week"):
            scores = _scores(self.store.unseal_or_skip(blob, _place("scores_sealed", uid)))
            if scores is not None:
                out[week] = scores
        return out

    def _from_row(self, row: Sequence[Any], *, with_note: bool) -> WeeklyCheck | None:
        uid, week, created, updated, scores_blob, note_blob = row
        scores = _scores(self.store.unseal_or_skip(scores_blob, _place("scores_sealed", uid)))
        if scores is None:
            return None
        note = ""
        if with_note and note_blob is not None:
            note = self.store.unseal_or_skip(note_blob, _place("note_sealed", uid)) or ""
        return WeeklyCheck(week=week, scores=scores, note=note, uid=uid,
                           created_utc=float(created), updated_utc=float(updated))


def _scores(text: str | None) -> dict[str, int] | None:
    if text is None:
        return None
    try:
        raw = json.loads(text)
    except ValueError:
        return None
    if not isinstance(raw, dict):
        return None
    return {k: v for k, v in raw.items() if isinstance(k, str) and isinstance(v, int)
            and not isinstance(v, bool) and 0 <= v <= SCALE_MAX}


# -- for the chart ------------------------------------------------------------------------------


# What the chart read, per store and its generation: opening the tab again after no
# write costs nothing. A lock change gives no new generation, so the page forgets
# (forget_weekly_scores) when the lock changes.
@dataclass
class _Held:
    generation: str | None
    writes_seen: int
    scores: dict[str, dict[str, int]]


_held: weakref.WeakKeyDictionary[Store, _Held] = weakref.WeakKeyDictionary()


def weekly_scores(store: Store) -> dict[str, dict[str, int]]:
    """Every week's scores (StoreLocked while locked), read once a store generation."""
    generation = store.data_generation()
    held = _held.get(store)
    if held is not None and held.generation == generation and (
            generation is not None or held.writes_seen == store.generation):
        return held.scores
    scores = FiveSignsStore(store).scores_by_week()
    _held[store] = _Held(generation, store.generation, scores)
    return scores


def forget_weekly_scores(store: Store) -> None:
    _held.pop(store, None)


@dataclass(frozen=True)
class WeeklySeries:
    """One row a week, every week from `first` to `last` with none skipped; NaN where a
    week had no check or a sign was not answered (drawn as a gap, never as a zero)."""

    weeks: tuple[str, ...]
    x: FloatArray  # local midnight at each Monday, epoch seconds
    values: FloatArray  # shape (weeks, signs)
    ids: tuple[str, ...]

    @property
    def checked(self) -> int:
        """How many weeks have at least one answer."""
        return int(np.count_nonzero(~np.all(np.isnan(self.values), axis=1))) \
            if self.values.size else 0


def weekly_series(scores: Mapping[str, Mapping[str, int]], ids: Sequence[str],
                  first: str | None = None, last: str | None = None) -> WeeklySeries:
    """The weeks from `first` (default: the first check) to `last` (default: the last
    check), one row each; only checks inside are used."""
    known = sorted(scores)
    if first is None:
        first = known[0] if known else None
    if last is None:
        last = known[-1] if known else None
    if first is None or last is None or first > last:
        return WeeklySeries((), np.empty(0), np.empty((0, len(ids))), tuple(ids))
    start, end = week_monday(first), week_monday(last)
    n = (end - start).days // 7 + 1
    weeks = tuple(week_of(start + timedelta(days=7 * i)) for i in range(n))
    index = {w: i for i, w in enumerate(weeks)}
    values = np.full((n, len(ids)), np.nan)
    for week, row in scores.items():
        i = index.get(week)
        if i is None:
            continue
        for j, sign in enumerate(ids):
            value = row.get(sign)
            if value is not None:
                values[i, j] = value
    # Local midnight at the first Monday, then a week at a time (a clock change moves a
    # point by an hour, which no one can see on a chart of weeks).
    x = datetime(start.year, start.month, start.day).timestamp() + 7 * 86_400.0 * np.arange(
        n, dtype=np.float64)
    return WeeklySeries(weeks, x, values, tuple(ids))


def describe(series: WeeklySeries, words: FiveSignsWords, *, latest: bool = True) -> str:
    """The chart in a few sentences: how many checks, the latest (unless `latest` is
    False: the table shows it), and what changed between the most recent checks and the
    ones before. Never a verdict."""
    rows = _checked_rows(series)
    if not rows:
        return "No weekly checks in this time yet."
    first, last = series.weeks[rows[0]], series.weeks[rows[-1]]
    count = "1 weekly check" if len(rows) == 1 else f"{len(rows)} weekly checks"
    text = (f"{count}, {_monday_words(first)} to {_monday_words(last)}."
            if len(rows) > 1 else
            f"{count}, in the week of {week_words(first)}.")
    newest = series.values[rows[-1]]
    parts = [f"{s.short}: {words.label(int(v)).lower()}"
             for s, v in zip(words.signs, newest, strict=True) if not math.isnan(v)]
    if parts and latest:
        text += " In the latest: " + "; ".join(parts) + "."
    half = min(4, len(rows) // 2)
    if half >= 2:
        recent = series.values[rows[-half:]]
        before = series.values[rows[-2 * half:-half]]
        softer, stronger = [], []
        for j, sign in enumerate(words.signs):
            a, b = _mean(recent[:, j]), _mean(before[:, j])
            if a is None or b is None:
                continue
            if a <= b - 0.5:
                softer.append(sign.short.lower())
            elif a >= b + 0.5:
                stronger.append(sign.short.lower())
        span = f"the last {half} checks"
        if softer:
            text += f" {_and(softer).capitalize()}: less over {span} than the {half} before."
        if stronger:
            text += (f" {_and(stronger).capitalize()}: more over {span}; signs come and "
                     "go, and a harder stretch is part of healing.")
    return text


def _checked_rows(series: WeeklySeries) -> list[int]:
    if not series.values.size:
        return []
    return np.flatnonzero(~np.all(np.isnan(series.values), axis=1)).tolist()


def _monday_words(week: str) -> str:
    monday = week_monday(week)
    return f"{monday.day} {monday:%b %Y}"


def _mean(column: FloatArray) -> float | None:
    finite = column[~np.isnan(column)]
    return float(finite.mean()) if finite.size else None


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def table_rows(series: WeeklySeries, words: FiveSignsWords) -> list[list[str]]:
    """The chart as a table: one row a checked week, newest first; "–" for a sign not
    answered. Weeks without a check are not rows (nothing is made up for them)."""
    cells = ["–", *(f"{n} {label.lower()}" for n, label in enumerate(words.labels))]
    # NaN becomes -1, so each value picks its words from `cells` by index.
    codes = np.where(np.isnan(series.values), -1, series.values).astype(int) + 1
    return [[f"Week of {week_words(series.weeks[i])}", *(cells[c] for c in codes[i])]
            for i in reversed(_checked_rows(series))]
