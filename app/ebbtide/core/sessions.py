"""What a session is: its kind (one table says each kind's words, colour and chart
place), the record every kind shares, and the rule for the shortest session worth
keeping. No Qt, no SQL: the store writes these, Progress and export read them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any


class SessionKind(StrEnum):
    CHECKIN = "checkin"
    BREATHING = "breathing"
    AUDIO = "audio"
    TIMER = "timer"
    WORKSHEET = "worksheet"


@dataclass(frozen=True)
class KindInfo:
    label: str  # shown in Progress, exports and details
    colour: str  # an Okabe–Ito colour name the chart palette resolves per theme
    chart_order: int  # where the kind sits in legends and comparisons


# The one table. A new kind adds a member above and a row here; everything that names
# or colours kinds reads this.
KIND_INFO: dict[SessionKind, KindInfo] = {
    SessionKind.BREATHING: KindInfo("Breathing", "bluish_green", 0),
    SessionKind.AUDIO: KindInfo("Listening", "sky_blue", 1),
    SessionKind.TIMER: KindInfo("Silent timer", "reddish_purple", 2),
    SessionKind.WORKSHEET: KindInfo("Worksheet", "vermillion", 3),
    SessionKind.CHECKIN: KindInfo("Check-in", "blue", 4),
}


def kinds_in_chart_order() -> tuple[SessionKind, ...]:
    return tuple(sorted(KIND_INFO, key=lambda k: KIND_INFO[k].chart_order))


def kind_label(kind: str) -> str:
    """A kind's words; an unknown kind (from a newer Ebbtide's export) is spelled out."""
    try:
        return KIND_INFO[SessionKind(kind)].label
    except ValueError:
        return kind.replace("_", " ").replace("-", " ").capitalize()


# A start and an instant stop is not a session worth charting.
MIN_SAVED_S = 5.0


def worth_saving(practised_s: float, *, rated_before: bool, completed: bool = False) -> bool:
    """Keep a practice that lasted a few seconds, or that ran to its end, or that the
    person rated before starting and then began (their rating is theirs to keep even if
    they stop at once). Leaving during the lead-in, before any practice, keeps nothing:
    a session of no seconds would only confuse Progress."""
    return completed or practised_s >= MIN_SAVED_S or (rated_before and practised_s > 0)


# Most of a recording heard counts as "all the way through"; jumping to the end does not.
HEARD_THROUGH = 0.9


def listened_through(listened_s: float, length_s: float) -> bool:
    return length_s > 0 and listened_s >= HEARD_THROUGH * length_s


def days_in_a_row(days: Iterable[date], today: date) -> int:
    """How many days in a row, up to today, had a practice. A run that reached yesterday
    still counts today (the day is not over), so nothing looks lost at breakfast."""
    practised = set(days)
    day = today if today in practised else today - timedelta(days=1)
    run = 0
    while day in practised:
        run += 1
        day -= timedelta(days=1)
    return run


def streak_words(run: int) -> str:
    """Said only when it is something to be glad of; a gap is never mentioned."""
    return f"You have practised {run} days in a row." if run >= 2 else ""


def new_uid() -> str:
    import uuid  # here: start-up saves nothing, so it need not load uuid

    return uuid.uuid4().hex


@dataclass(frozen=True)
class SessionRecord:
    """One practice of any kind: a check-in, a breathing session, a recording listened
    to, a meditation timer, a worksheet. `details` holds kind-specific facts (plain JSON,
    no personal words); `note` holds personal words and is sealed at rest. `uid` is made
    here, so a page can save a session and later update it without waiting for an id."""

    kind: str
    started_utc: float
    content_id: str = ""
    ended_utc: float | None = None
    duration_s: float = 0.0
    distress_before: int | None = None
    distress_after: int | None = None
    completed: bool = True
    details: Mapping[str, Any] = field(default_factory=dict)
    note: str = ""
    uid: str = field(default_factory=new_uid)
    id: int | None = None

    def __post_init__(self) -> None:
        if not self.kind:
            raise ValueError("A session needs a kind.")
        for label, value in (("before", self.distress_before), ("after", self.distress_after)):
            if value is not None and not (isinstance(value, int) and 0 <= value <= 10):
                raise ValueError(f"Distress {label} must be a whole number from 0 to 10.")
        if self.duration_s < 0:
            raise ValueError("A session cannot last less than no time.")

    @property
    def drop(self) -> int | None:
        """How far distress came down (positive is calmer); None without both ratings."""
        if self.distress_before is None or self.distress_after is None:
            return None
        return self.distress_before - self.distress_after
