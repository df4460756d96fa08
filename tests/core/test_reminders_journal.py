"""The weekly journal question: on the chosen weekday at the chosen time, once, kept out
of quiet hours like every reminder, and each of the journal's questions offered once
before any comes again."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from ebbtide.core.reminders import ReminderKind, ReminderPlan, ReminderScheduler, next_in_turn
from ebbtide.core.settings import SETTINGS, SettingKey


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2026, 3, 2, 9, 0)  # a Monday

    def __call__(self) -> datetime:
        return self.at


def test_it_is_off_until_the_person_turns_it_on() -> None:
    assert SETTINGS[SettingKey.JOURNAL_PROMPT_ON].default is False
    clock = Clock()
    scheduler = ReminderScheduler(ReminderPlan(journal_weekday=0), clock)
    for _ in range(7 * 24):
        clock.at += timedelta(hours=1)
        assert scheduler.due() is None


def test_once_a_week_on_the_chosen_day_and_time() -> None:
    clock = Clock()
    plan = ReminderPlan(journal_on=True, journal_weekday=2, journal_at=time(18, 0),
                        quiet_on=False)
    scheduler = ReminderScheduler(plan, clock)
    shown = []
    for _ in range(21 * 24 * 4):  # three weeks, asked every quarter of an hour
        clock.at += timedelta(minutes=15)
        reminder = scheduler.due()
        if reminder is not None:
            shown.append(reminder)
    assert [r.kind for r in shown] == [ReminderKind.JOURNAL] * 3
    assert all(r.at.weekday() == 2 and r.at.time() == time(18, 0) for r in shown)
    assert "question" in shown[0].title.lower()


def test_not_in_quiet_hours_and_not_late() -> None:
    clock = Clock()
    plan = ReminderPlan(journal_on=True, journal_weekday=0, journal_at=time(22, 0))
    scheduler = ReminderScheduler(plan, clock)  # quiet from 21:30: it stays away
    clock.at = clock.at.replace(hour=22, minute=5)
    assert scheduler.due() is None
    clock = Clock()
    scheduler = ReminderScheduler(ReminderPlan(journal_on=True, journal_weekday=0,
                                               journal_at=time(10, 0)), clock)
    clock.at = clock.at.replace(hour=15)  # the computer woke long after: no "you missed"
    assert scheduler.due() is None


def test_turned_off_from_the_reminder() -> None:
    clock = Clock()
    scheduler = ReminderScheduler(ReminderPlan(journal_on=True, journal_weekday=0,
                                               journal_at=time(10, 0)), clock)
    plan = scheduler.turn_off(ReminderKind.JOURNAL)
    assert not plan.journal_on
    clock.at = clock.at.replace(hour=10, minute=1)
    assert scheduler.due() is None


def test_every_question_once_before_any_comes_again() -> None:
    ids = ["roots", "now-or-then", "carried-over"]
    offered: list[str] = []
    seen = []
    for _ in range(7):
        chosen, offered = next_in_turn(ids, offered)
        seen.append(chosen)
    assert seen[:3] == ids and seen[3:6] == ids and seen[6] == "roots"
    # A question no longer shipped is forgotten; a new one is offered in this round.
    chosen, offered = next_in_turn(["roots", "feel-safe"], ["roots", "gone"])
    assert chosen == "feel-safe" and offered == ["roots", "feel-safe"]
    with pytest.raises(ValueError):
        next_in_turn([], [])
