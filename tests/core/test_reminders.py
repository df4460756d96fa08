"""Reminders with a hand-moved clock: the bell at its minutes, the daily check-in
reminder, quiet hours, snooze, the daily cap, turning one off from the reminder."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from ebbtide.core.content import ContentError
from ebbtide.core.reminders import (
    CHECKIN_GRACE_MIN,
    ReminderKind,
    ReminderPlan,
    ReminderScheduler,
    in_quiet_hours,
    load_reminder_words,
    parse_clock,
    plan_from_settings,
)
from ebbtide.core.settings import SettingKey, Settings


class Clock:
    def __init__(self, start: datetime) -> None:
        self.at = start

    def __call__(self) -> datetime:
        return self.at


def run(scheduler: ReminderScheduler, clock: Clock, minutes: int) -> list[tuple[str, str]]:
    """Ask once a minute for `minutes`; the (HH:MM, kind) of every reminder shown."""
    shown = []
    for _ in range(minutes):
        clock.at += timedelta(minutes=1)
        reminder = scheduler.due()
        if reminder is not None:
            shown.append((reminder.at.strftime("%H:%M"), reminder.kind.value))
    return shown


def test_the_bell_rings_every_interval_and_only_then() -> None:
    clock = Clock(datetime(2026, 3, 2, 10, 0))
    plan = ReminderPlan(bell_on=True, bell_every_min=20, quiet_on=False, daily_cap=20)
    shown = run(ReminderScheduler(plan, clock), clock, 70)
    assert shown == [("10:20", "bell"), ("10:40", "bell"), ("11:00", "bell")]


def test_nothing_rings_when_everything_is_off() -> None:
    clock = Clock(datetime(2026, 3, 2, 0, 0))
    assert run(ReminderScheduler(ReminderPlan(), clock), clock, 24 * 60) == []


def test_quiet_hours_skip_bells_without_saving_them_up() -> None:
    clock = Clock(datetime(2026, 3, 2, 21, 0))
    plan = ReminderPlan(bell_on=True, bell_every_min=30, quiet_on=True,
                        quiet_from=time(21, 30), quiet_until=time(8, 0), daily_cap=48)
    shown = run(ReminderScheduler(plan, clock), clock, 12 * 60)  # 21:00 → 09:00
    # 21:30 is quiet already; the first bell after quiet hours is 08:00, then 08:30.
    assert shown == [("08:00", "bell"), ("08:30", "bell"), ("09:00", "bell")]


def test_quiet_hours_that_cross_midnight() -> None:
    assert in_quiet_hours(time(23, 0), time(22, 0), time(7, 0))
    assert in_quiet_hours(time(6, 59), time(22, 0), time(7, 0))
    assert not in_quiet_hours(time(7, 0), time(22, 0), time(7, 0))
    assert in_quiet_hours(time(13, 0), time(12, 0), time(14, 0))
    assert not in_quiet_hours(time(13, 0), time(9, 0), time(9, 0))  # same: none


def test_the_daily_cap_holds_and_starts_again_the_next_day() -> None:
    clock = Clock(datetime(2026, 3, 2, 9, 0))
    plan = ReminderPlan(bell_on=True, bell_every_min=60, quiet_on=False, daily_cap=3)
    scheduler = ReminderScheduler(plan, clock)
    shown = run(scheduler, clock, 24 * 60)  # 09:00 today → 09:00 tomorrow
    assert shown == [("10:00", "bell"), ("11:00", "bell"), ("12:00", "bell"),
                     ("00:00", "bell"), ("01:00", "bell"), ("02:00", "bell")]


def test_the_checkin_reminder_comes_once_at_its_time() -> None:
    clock = Clock(datetime(2026, 3, 2, 18, 0))
    plan = ReminderPlan(checkin_on=True, checkin_at=time(19, 15), quiet_on=False)
    shown = run(ReminderScheduler(plan, clock), clock, 26 * 60)
    assert shown == [("19:15", "checkin"), ("19:15", "checkin")]  # today and tomorrow


def test_a_late_start_brings_no_missed_checkin_reminder() -> None:
    clock = Clock(datetime(2026, 3, 2, 19, 15) + timedelta(minutes=CHECKIN_GRACE_MIN + 1))
    plan = ReminderPlan(checkin_on=True, checkin_at=time(19, 15), quiet_on=False)
    assert run(ReminderScheduler(plan, clock), clock, 180) == []


def test_a_checkin_time_inside_quiet_hours_is_not_shown() -> None:
    clock = Clock(datetime(2026, 3, 2, 21, 0))
    plan = ReminderPlan(checkin_on=True, checkin_at=time(22, 0), quiet_on=True,
                        quiet_from=time(21, 30), quiet_until=time(7, 0))
    assert run(ReminderScheduler(plan, clock), clock, 6 * 60) == []


def test_snooze_brings_the_same_reminder_back_once_and_nothing_between() -> None:
    clock = Clock(datetime(2026, 3, 2, 10, 0))
    plan = ReminderPlan(bell_on=True, bell_every_min=5, quiet_on=False, daily_cap=40)
    scheduler = ReminderScheduler(plan, clock)
    assert run(scheduler, clock, 5) == [("10:05", "bell")]
    scheduler.snooze(ReminderKind.BELL, minutes=30)
    shown = run(scheduler, clock, 40)
    # No bell at 10:10 … 10:30; the snoozed one at 10:35, then every 5 minutes again.
    assert shown == [("10:35", "bell"), ("10:40", "bell"), ("10:45", "bell")]


def test_a_snoozed_reminder_does_not_break_quiet_hours() -> None:
    clock = Clock(datetime(2026, 3, 2, 21, 0))
    plan = ReminderPlan(checkin_on=True, checkin_at=time(21, 1), quiet_on=True,
                        quiet_from=time(21, 30), quiet_until=time(7, 0))
    scheduler = ReminderScheduler(plan, clock)
    assert run(scheduler, clock, 1) == [("21:01", "checkin")]
    scheduler.snooze(ReminderKind.CHECKIN, minutes=60)
    assert run(scheduler, clock, 120) == []


def test_turning_a_reminder_off_from_itself() -> None:
    clock = Clock(datetime(2026, 3, 2, 10, 0))
    plan = ReminderPlan(bell_on=True, bell_every_min=10, checkin_on=True,
                        checkin_at=time(11, 0), quiet_on=False, daily_cap=40)
    scheduler = ReminderScheduler(plan, clock)
    assert run(scheduler, clock, 10) == [("10:10", "bell")]
    new_plan = scheduler.turn_off(ReminderKind.BELL)
    assert not new_plan.bell_on and new_plan.checkin_on
    assert run(scheduler, clock, 60) == [("11:00", "checkin")]


def test_the_words_take_turns_and_never_scold() -> None:
    words = load_reminder_words()
    clock = Clock(datetime(2026, 3, 2, 10, 0))
    plan = ReminderPlan(bell_on=True, bell_every_min=5, quiet_on=False, daily_cap=40)
    scheduler = ReminderScheduler(plan, clock)
    texts = []
    for _ in range(40):
        clock.at += timedelta(minutes=1)
        reminder = scheduler.due()
        if reminder is not None:
            texts.append(reminder.text)
    assert texts[: len(words.lines[ReminderKind.BELL])] == list(words.lines[ReminderKind.BELL])
    every_word = " " + " ".join([*words.titles.values(), *words.actions.values(),
                           *(line for lines in words.lines.values() for line in lines)]).lower()
    for scolding in ("forgot", "missed", "streak", " should ", "don't break", "failed"):
        assert scolding not in every_word


def test_a_broken_words_file_names_file_and_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "reminders.toml"
    bad.write_text('[bell]\ntitle = "A bell"\nlines = []\n[checkin]\ntitle = "x"\n'
                   'lines = ["y"]\n[actions]\n', encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_reminder_words(bad)
    assert "reminders.toml, line 3" in str(caught.value)


def test_the_plan_comes_from_the_settings() -> None:
    settings = Settings(None)
    assert not plan_from_settings(settings).bell_on  # off until chosen
    settings.set(SettingKey.BELL_ON, True)
    settings.set(SettingKey.CHECKIN_REMINDER_AT, "07:45")
    assert not settings.set(SettingKey.QUIET_FROM, "25:00")
    plan = plan_from_settings(settings)
    assert plan.bell_on and plan.checkin_at == time(7, 45) and plan.quiet_from == time(21, 30)
    assert parse_clock("7h") is None


def test_a_bell_the_computer_slept_through_is_not_rung_late() -> None:
    clock = Clock(datetime(2026, 3, 2, 10, 0))
    plan = ReminderPlan(bell_on=True, bell_every_min=30, quiet_on=False, daily_cap=20)
    scheduler = ReminderScheduler(plan, clock)
    clock.at = datetime(2026, 3, 2, 11, 47)  # asleep from 10:00 to 11:47
    assert scheduler.due() is None
    assert run(scheduler, clock, 45) == [("12:00", "bell"), ("12:30", "bell")]
