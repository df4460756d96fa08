"""Reminders that never nag: an optional mindfulness bell every few minutes and an
optional daily check-in reminder at a chosen time, an optional weekly reminder of the
five signs check on a chosen day and time, with quiet hours, snooze, a daily
cap, and a way to turn each off from the reminder itself.

Pure and driven by an injected clock (a callable returning the local time as a
`datetime`), so tests move time by hand. The UI asks `due()` on a timer and shows what
it returns; nothing here knows about Qt, sound or storage.

The rules, chosen so a reminder is never a reproach:
- A bell that falls in quiet hours, over the cap, while snoozed, or that comes more
  than `BELL_LATE_MIN` late (the computer slept, an exercise was running) is skipped,
  never saved up: no bell rings "to catch up".
- The check-in reminder is shown once a day at most, only within `CHECKIN_GRACE_MIN`
  of its time (starting the computer late in the evening brings no "you missed it"),
  and not at all on a day it falls in quiet hours. The weekly reminder follows the
  same rule on its one day of the week.
- Snooze brings the same reminder back once, after the snooze, and nothing else comes
  in between.
- The weekly journal question comes on the chosen weekday, like the check-in reminder
  (once, within the grace, not in quiet hours). Which question is `next_in_turn`: each
  of the journal's questions once before any comes again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path

from ebbtide.core.content import TomlSource, check_known_keys, load_content, one_line_text, table_of
from ebbtide.core.settings import SettingKey, Settings

CHECKIN_GRACE_MIN = 60
SNOOZE_MIN = 10
BELL_LATE_MIN = 2  # a bell asked for later than this (asleep, mid-exercise) is skipped
BELL_MINUTES = (10, 15, 20, 30, 45, 60, 90, 120)


class ReminderKind(StrEnum):
    BELL = "bell"
    CHECKIN = "checkin"
    SIGNS = "signs"  # the weekly check of the five signs
    JOURNAL = "journal"


@dataclass(frozen=True)
class ReminderPlan:
    """What the person chose (from the settings)."""

    bell_on: bool = False
    bell_every_min: int = 30
    checkin_on: bool = False
    checkin_at: time = time(19, 0)
    quiet_on: bool = True
    quiet_from: time = time(21, 30)
    quiet_until: time = time(8, 0)
    daily_cap: int = 6
    signs_on: bool = False
    signs_weekday: int = 6  # 0 Monday … 6 Sunday
    signs_at: time = time(18, 0)
    journal_on: bool = False
    journal_weekday: int = 6  # Monday is 0, as datetime.weekday()
    journal_at: time = time(18, 0)


def parse_clock(text: str) -> time | None:
    """"07:30" → time(7, 30); None for anything else."""
    try:
        hours, minutes = text.split(":")
        return time(int(hours), int(minutes))
    except (ValueError, AttributeError):
        return None


def plan_from_settings(settings: Settings) -> ReminderPlan:
    def clock(key: SettingKey) -> time:
        return parse_clock(settings[key]) or time(0, 0)

    return ReminderPlan(
        bell_on=bool(settings[SettingKey.BELL_ON]),
        bell_every_min=int(settings[SettingKey.BELL_EVERY_MINUTES]),
        checkin_on=bool(settings[SettingKey.CHECKIN_REMINDER_ON]),
        checkin_at=clock(SettingKey.CHECKIN_REMINDER_AT),
        quiet_on=bool(settings[SettingKey.QUIET_HOURS_ON]),
        quiet_from=clock(SettingKey.QUIET_FROM),
        quiet_until=clock(SettingKey.QUIET_UNTIL),
        daily_cap=int(settings[SettingKey.REMINDERS_A_DAY]),
        signs_on=bool(settings[SettingKey.SIGNS_REMINDER_ON]),
        signs_weekday=int(settings[SettingKey.SIGNS_REMINDER_DAY]),
        signs_at=clock(SettingKey.SIGNS_REMINDER_AT),
        journal_on=bool(settings[SettingKey.JOURNAL_PROMPT_ON]),
        journal_weekday=int(settings[SettingKey.JOURNAL_PROMPT_DAY]),
        journal_at=clock(SettingKey.JOURNAL_PROMPT_AT),
    )


def next_in_turn(ids: Sequence[str], offered: Sequence[str]) -> tuple[str, list[str]]:
    """The next of `ids` not yet offered this round, and the round with it. When all
    have been offered (or the list changed so none is left), a new round begins."""
    if not ids:
        raise ValueError("nothing to offer")
    done = [i for i in offered if i in ids]
    left = [i for i in ids if i not in done]
    if not left:
        done, left = [], list(ids)
    return left[0], [*done, left[0]]


def in_quiet_hours(moment: time, start: time, end: time) -> bool:
    """Whether `moment` is in quiet hours from `start` to `end` (which may cross
    midnight); equal start and end mean no quiet hours."""
    if start == end:
        return False
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


@dataclass(frozen=True)
class ReminderWords:
    titles: dict[ReminderKind, str]
    lines: dict[ReminderKind, tuple[str, ...]]
    actions: dict[str, str]


@dataclass(frozen=True)
class Reminder:
    kind: ReminderKind
    title: str
    text: str
    at: datetime
    prompt: str | None = None  # the journal question's id (ReminderKind.JOURNAL)


_ACTION_KEYS = ("open_bell", "open_checkin", "open_signs", "open_journal", "snooze",
                "turn_off_bell", "turn_off_checkin", "turn_off_signs", "turn_off_journal",
                "dismiss", "turned_off")


def parse_reminder_words(source: TomlSource) -> ReminderWords:
    data = source.data
    check_known_keys(source, data, (*(kind.value for kind in ReminderKind), "actions"))
    titles: dict[ReminderKind, str] = {}
    lines: dict[ReminderKind, tuple[str, ...]] = {}
    for kind in ReminderKind:
        table = table_of(source, data.get(kind.value), f"[{kind.value}]", kind.value)
        check_known_keys(source, table, ("title", "lines"), kind.value)
        titles[kind] = one_line_text(source, table.get("title"), "title", kind.value, "title",
                                     limit=60)
        raw = table.get("lines")
        if not isinstance(raw, list) or not raw:
            raise source.error("lines must be a list of short lines", kind.value, "lines")
        lines[kind] = tuple(one_line_text(source, line, "each line", kind.value, "lines",
                                          limit=120) for line in raw)
    actions_table = table_of(source, data.get("actions"), "[actions]", "actions")
    check_known_keys(source, actions_table, _ACTION_KEYS, "actions")
    actions = {key: one_line_text(source, actions_table.get(key), key, "actions", key,
                                  limit=80) for key in _ACTION_KEYS}
    return ReminderWords(titles, lines, actions)


def load_reminder_words(path: Path | None = None) -> ReminderWords:
    return load_content(parse_reminder_words, path, "reminders.toml")


class ReminderScheduler:
    """Decides, each time it is asked, whether a reminder is due now."""

    def __init__(self, plan: ReminderPlan, now: Callable[[], datetime],
                 words: ReminderWords | None = None) -> None:
        self.now = now
        self.words = words or load_reminder_words()
        self.plan = plan
        self._next_bell: datetime | None = None
        self._checkin_day: date | None = None  # the day the check-in reminder was handled
        # The day each weekly reminder was last handled, shown or not.
        self._weekly_day: dict[ReminderKind, date] = {}
        self._count_day: date | None = None
        self._shown_today = 0
        self._snoozed_until: datetime | None = None
        self._snoozed_kind: ReminderKind | None = None
        self._turns = {kind: 0 for kind in ReminderKind}
        self.set_plan(plan)

    # -- the plan ------------------------------------------------------------------------

    def set_plan(self, plan: ReminderPlan) -> None:
        """A changed plan starts the bell's interval afresh from now."""
        old, self.plan = self.plan, plan
        if plan.bell_on and (self._next_bell is None or not old.bell_on
                             or old.bell_every_min != plan.bell_every_min):
            self._next_bell = self.now() + timedelta(minutes=plan.bell_every_min)
        if not plan.bell_on:
            self._next_bell = None
        if (self._snoozed_kind is ReminderKind.BELL and not plan.bell_on) or \
                (self._snoozed_kind is ReminderKind.CHECKIN and not plan.checkin_on) or \
                (self._snoozed_kind is ReminderKind.SIGNS and not plan.signs_on) or \
                (self._snoozed_kind is ReminderKind.JOURNAL and not plan.journal_on):
            self._snoozed_kind = self._snoozed_until = None

    def turn_off(self, kind: ReminderKind) -> ReminderPlan:
        """From the reminder itself: the plan without this kind (the caller saves it)."""
        if kind is ReminderKind.BELL:
            self.set_plan(replace(self.plan, bell_on=False))
        elif kind is ReminderKind.SIGNS:
            self.set_plan(replace(self.plan, signs_on=False))
        elif kind is ReminderKind.JOURNAL:
            self.set_plan(replace(self.plan, journal_on=False))
        else:
            self.set_plan(replace(self.plan, checkin_on=False))
        return self.plan

    def snooze(self, kind: ReminderKind, minutes: int = SNOOZE_MIN) -> None:
        """Bring `kind` back once, in `minutes`; nothing else is shown meanwhile."""
        self._snoozed_kind = kind
        self._snoozed_until = self.now() + timedelta(minutes=minutes)

    @property
    def shown_today(self) -> int:
        self._roll_day(self.now())
        return self._shown_today

    # -- asking --------------------------------------------------------------------------

    def due(self) -> Reminder | None:
        """The reminder to show now, or None. Asking often is fine: a reminder is
        returned once, and one that could not be shown (quiet, capped) is dropped."""
        now = self.now()
        self._roll_day(now)
        snoozed = self._due_after_snooze(now)
        if snoozed is not None or self._snoozed_until is not None:
            return snoozed
        kind = (self._checkin_due(now) or self._signs_due(now) or self._journal_due(now)
                or self._bell_due(now))
        if kind is None:
            return None
        return self._show(kind, now)

    def _roll_day(self, now: datetime) -> None:
        if self._count_day != now.date():
            self._count_day = now.date()
            self._shown_today = 0

    def _quiet(self, now: datetime) -> bool:
        return self.plan.quiet_on and in_quiet_hours(now.time(), self.plan.quiet_from,
                                                     self.plan.quiet_until)

    def _allowed(self, now: datetime) -> bool:
        return not self._quiet(now) and self._shown_today < self.plan.daily_cap

    def _due_after_snooze(self, now: datetime) -> Reminder | None:
        if self._snoozed_until is None or now < self._snoozed_until:
            return None
        kind = self._snoozed_kind
        self._snoozed_until = self._snoozed_kind = None
        if kind is None or not self._allowed(now):
            return None
        if kind is ReminderKind.BELL:  # the next bell counts from this one
            self._next_bell = now + timedelta(minutes=self.plan.bell_every_min)
        return self._show(kind, now)

    def _checkin_due(self, now: datetime) -> ReminderKind | None:
        if not self.plan.checkin_on or self._checkin_day == now.date():
            return None
        at = datetime.combine(now.date(), self.plan.checkin_at, tzinfo=now.tzinfo)
        if now < at:
            return None
        self._checkin_day = now.date()  # handled today, shown or not
        if now - at > timedelta(minutes=CHECKIN_GRACE_MIN) or not self._allowed(now):
            return None
        return ReminderKind.CHECKIN

    def _signs_due(self, now: datetime) -> ReminderKind | None:
        plan = self.plan
        return self._weekly_due(now, ReminderKind.SIGNS, plan.signs_on, plan.signs_weekday,
                                plan.signs_at)

    def _journal_due(self, now: datetime) -> ReminderKind | None:
        plan = self.plan
        return self._weekly_due(now, ReminderKind.JOURNAL, plan.journal_on,
                                plan.journal_weekday, plan.journal_at)

    def _weekly_due(self, now: datetime, kind: ReminderKind, on: bool, weekday: int,
                    at_time: time) -> ReminderKind | None:
        """Once, on the chosen day, within the grace after its time; never "catching up"
        on another day."""
        if not on or now.weekday() != weekday or self._weekly_day.get(kind) == now.date():
            return None
        at = datetime.combine(now.date(), at_time, tzinfo=now.tzinfo)
        if now < at:
            return None
        self._weekly_day[kind] = now.date()  # handled this week, shown or not
        if now - at > timedelta(minutes=CHECKIN_GRACE_MIN) or not self._allowed(now):
            return None
        return kind

    def _bell_due(self, now: datetime) -> ReminderKind | None:
        if not self.plan.bell_on or self._next_bell is None or now < self._next_bell:
            return None
        step = timedelta(minutes=self.plan.bell_every_min)
        on_time = now - self._next_bell <= timedelta(minutes=BELL_LATE_MIN)
        while self._next_bell <= now:  # missed bells (asleep, busy) are not saved up
            self._next_bell += step
        return ReminderKind.BELL if on_time and self._allowed(now) else None

    def _show(self, kind: ReminderKind, now: datetime) -> Reminder:
        self._shown_today += 1
        lines = self.words.lines[kind]
        text = lines[self._turns[kind] % len(lines)]
        self._turns[kind] += 1
        return Reminder(kind, self.words.titles[kind], text, now)
