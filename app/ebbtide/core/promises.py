"""Promises to myself: one small promise for today (or a few), written by the person,
marked kept or not yet. Pure core.

There are no streaks and nothing counts against anyone: the month view counts the
promises kept, never the ones that weren't. A promise still open on a later day can be
carried to today (a new promise with the same words; the old one says "carried") or
let go kindly. Stored sealed by core/self_trust_store.py.
"""

from __future__ import annotations

import calendar
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ebbtide.core.self_trust import (
    SelfTrustError,
    check_day,
    check_fields,
    check_text,
    check_time,
    check_uid,
)
from ebbtide.core.sessions import new_uid

# "One small promise (or a few)": more than this in a day is no longer small.
MAX_PROMISES_A_DAY = 3
# Open promises from this many days back are offered to carry to today; older ones are
# left quietly where they are.
CARRY_WITHIN_DAYS = 7
OPEN = "open"  # not yet
KEPT = "kept"
LET_GO = "let-go"
CARRIED = "carried"  # carried to a later day (a new promise holds the words now)
STATES = (OPEN, KEPT, LET_GO, CARRIED)
# Ebbtide speaks English whatever the system's locale (calendar.month_name follows it).
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

_FIELDS = frozenset({"uid", "text", "day", "state", "carried_from", "created_utc",
                     "updated_utc"})


def _now() -> float:
    return time.time()


def _today() -> str:
    return date.today().isoformat()


@dataclass
class Promise:
    text: str = ""
    day: str = field(default_factory=_today)  # the local day it is for, "2026-11-30"
    state: str = OPEN
    carried_from: str | None = None  # the uid of the promise it was carried from
    uid: str = field(default_factory=new_uid)
    created_utc: float = field(default_factory=_now)
    updated_utc: float = field(default_factory=_now)

    kind = "promise"

    @property
    def kept(self) -> bool:
        return self.state == KEPT

    @property
    def open(self) -> bool:
        return self.state == OPEN

    def to_dict(self) -> dict[str, Any]:
        return {"uid": self.uid, "text": self.text, "day": self.day, "state": self.state,
                "carried_from": self.carried_from, "created_utc": self.created_utc,
                "updated_utc": self.updated_utc}

    @classmethod
    def from_dict(cls, raw: Any) -> Promise:
        raw = check_fields(raw, _FIELDS, "a promise")
        state = raw.get("state", OPEN)
        if state not in STATES:
            raise SelfTrustError(f"state must be one of {', '.join(STATES)}")
        carried_from = raw.get("carried_from")
        if carried_from is not None:
            carried_from = check_uid(carried_from)
        return cls(text=check_text(raw.get("text"), "the promise"),
                   day=check_day(raw.get("day"), "the day"),
                   state=state, carried_from=carried_from, uid=check_uid(raw.get("uid")),
                   created_utc=check_time(raw.get("created_utc"), "when it was written"),
                   updated_utc=check_time(raw.get("updated_utc"), "when it was changed"))

    def validate(self) -> None:
        Promise.from_dict(self.to_dict())


def carry_offers(promises: list[Promise], today: date) -> list[Promise]:
    """Promises from the last few days still "not yet": each can be carried to today or
    let go. Most recent day first."""
    first = (today - timedelta(days=CARRY_WITHIN_DAYS)).isoformat()
    day = today.isoformat()
    offers = [p for p in promises if p.open and first <= p.day < day]
    return sorted(offers, key=lambda p: (p.day, p.created_utc), reverse=True)


def carried(promise: Promise, today: date, now: float | None = None) -> tuple[Promise, Promise]:
    """(the old promise marked carried, a new one for today with the same words)."""
    stamp = _now() if now is None else now
    old = Promise(promise.text, promise.day, CARRIED, promise.carried_from, promise.uid,
                  promise.created_utc, stamp)
    new = Promise(promise.text, today.isoformat(), OPEN, promise.uid, new_uid(), stamp, stamp)
    return old, new


def kept_by_day(promises: list[Promise], year: int, month: int) -> dict[int, int]:
    """How many promises were kept on each day of the month (days with none left out)."""
    prefix = f"{year:04d}-{month:02d}-"
    counts: dict[int, int] = {}
    for p in promises:
        if p.kept and p.day.startswith(prefix):
            day = int(p.day[-2:])
            counts[day] = counts.get(day, 0) + 1
    return counts


def month_words(kept: int, year: int, month: int, today: date) -> str:
    """The month in one kind sentence: what was kept, never what wasn't."""
    this_month = (year, month) == (today.year, today.month)
    when = "this month" if this_month else f"in {MONTHS[month - 1]} {year}"
    if kept == 0:
        if this_month:
            return ("No promises kept yet this month, and that is all right. "
                    "One small one is a good start.")
        return f"No promises were marked kept {when}. Every month is a fresh start."
    noun = "small promise" if kept == 1 else "small promises"
    return f"You kept {kept} {noun} {when}."


def month_grid(year: int, month: int) -> list[list[int]]:
    """The month as weeks of day numbers, Monday first; 0 where a week spills over."""
    return calendar.Calendar(firstweekday=0).monthdayscalendar(year, month)
