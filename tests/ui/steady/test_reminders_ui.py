"""A reminder on the desktop: the soft bell, the notification, the card whose buttons
open the practice, snooze it or turn it off."""

from __future__ import annotations

from datetime import datetime, timedelta

from ebbtide.core.reminders import ReminderKind
from ebbtide.core.settings import SettingKey
from ebbtide.ui.steady.reminders import ReminderController
from tests.fakes import FakeEngine


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2026, 3, 2, 10, 0)

    def __call__(self) -> datetime:
        return self.at


def make(ctx, clock):  # type: ignore[no-untyped-def]
    shown: list[tuple[str, str]] = []
    opened: list[ReminderKind] = []
    controller = ReminderController(ctx, notify=lambda t, x: bool(shown.append((t, x))),
                                    open_practice=opened.append, now=clock)
    return controller, shown, opened


def test_a_bell_rings_softly_and_shows_its_card(qtbot, make_ui_ctx) -> None:  # type: ignore[no-untyped-def]
    engine = FakeEngine()
    ctx = make_ui_ctx(engine)
    ctx.set_setting(SettingKey.BELL_ON, True)
    ctx.set_setting(SettingKey.BELL_EVERY_MINUTES, 15)
    clock = Clock()
    controller, shown, opened = make(ctx, clock)
    clock.at += timedelta(minutes=14)
    assert controller.check() is None and shown == []
    clock.at += timedelta(minutes=1)
    reminder = controller.check()
    assert reminder is not None and reminder.kind is ReminderKind.BELL
    assert shown == [(reminder.title, reminder.text)]
    assert len(engine.calls) == 1  # the bell
    card = controller.card
    assert card is not None and card.isVisible()
    card.open_button.click()
    assert opened == [ReminderKind.BELL]
    assert not card.isVisible()
    controller.stop()


def test_turning_the_bell_off_from_its_card(qtbot, make_ui_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ui_ctx(FakeEngine())
    ctx.set_setting(SettingKey.BELL_ON, True)
    ctx.set_setting(SettingKey.BELL_EVERY_MINUTES, 10)
    clock = Clock()
    controller, shown, _opened = make(ctx, clock)
    clock.at += timedelta(minutes=10)
    controller.check()
    assert controller.card is not None
    controller.card.off_button.click()
    assert ctx.settings[SettingKey.BELL_ON] is False
    for _ in range(120):
        clock.at += timedelta(minutes=1)
        controller.check()
    assert len(shown) == 1
    controller.stop()


def test_later_brings_it_back_after_the_snooze(qtbot, make_ui_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ui_ctx(FakeEngine())
    clock = Clock()
    controller, shown, _opened = make(ctx, clock)
    # Turned on after the app started: the scheduler follows the settings.
    ctx.set_setting(SettingKey.CHECKIN_REMINDER_AT, "10:05")
    ctx.set_setting(SettingKey.CHECKIN_REMINDER_ON, True)
    at = []
    for minute in range(1, 40):
        clock.at = datetime(2026, 3, 2, 10, 0) + timedelta(minutes=minute)
        if controller.check() is not None:
            at.append(minute)
            if controller.card is not None and len(at) == 1:
                controller.card.later_button.click()
    assert at == [5, 15] and len(shown) == 2
    controller.stop()


def test_sound_off_means_no_bell(qtbot, make_ui_ctx) -> None:  # type: ignore[no-untyped-def]
    engine = FakeEngine()
    ctx = make_ui_ctx(engine)
    ctx.set_setting(SettingKey.SOUNDS_ON, False)
    ctx.set_setting(SettingKey.BELL_ON, True)
    clock = Clock()
    controller, _shown, _opened = make(ctx, clock)
    clock.at += timedelta(minutes=30)
    assert controller.check() is not None and engine.calls == []
    controller.stop()


def test_nothing_interrupts_a_running_exercise(qtbot, make_ui_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ui_ctx(FakeEngine())
    ctx.set_setting(SettingKey.BELL_ON, True)
    ctx.set_setting(SettingKey.BELL_EVERY_MINUTES, 10)
    clock = Clock()
    busy = [True]
    shown: list[tuple[str, str]] = []
    controller = ReminderController(ctx, notify=lambda t, x: bool(shown.append((t, x))),
                                    open_practice=print, now=clock, busy=lambda: busy[0])
    minutes = []
    for minute in range(1, 31):
        clock.at = datetime(2026, 3, 2, 10, 0) + timedelta(minutes=minute)
        busy[0] = minute < 15  # breathing until 10:15
        if controller.check() is not None:
            minutes.append(minute)
    # 10:10 fell in the exercise and is not saved up; the next is 10:20, then 10:30.
    assert minutes == [20, 30] and len(shown) == 2
    controller.stop()


def test_the_weekly_question_cycles_and_opens_a_journal_entry_on_it(
    qtbot, make_ui_ctx,  # type: ignore[no-untyped-def]
) -> None:
    from ebbtide.core.notice import load_notice_words

    ctx = make_ui_ctx(FakeEngine())
    ctx.set_setting(SettingKey.JOURNAL_PROMPT_ON, True)
    ctx.set_setting(SettingKey.JOURNAL_PROMPT_DAY, 0)  # Monday, as the clock starts
    ctx.set_setting(SettingKey.JOURNAL_PROMPT_AT, "10:30")
    ctx.set_setting(SettingKey.QUIET_HOURS_ON, False)
    clock = Clock()
    shown: list[tuple[str, str]] = []
    wrote: list[str | None] = []
    controller = ReminderController(ctx, notify=lambda t, x: bool(shown.append((t, x))),
                                    open_practice=print, open_journal=wrote.append,
                                    now=clock)
    questions = {c.id: c.label for c in load_notice_words().journal}
    asked = []
    for week in range(len(questions) + 1):
        clock.at = datetime(2026, 3, 2, 10, 31) + timedelta(weeks=week)
        reminder = controller.check()
        assert reminder is not None and reminder.kind is ReminderKind.JOURNAL
        assert reminder.prompt in questions
        assert questions[reminder.prompt] in shown[-1][1]  # the question, in the words
        asked.append(reminder.prompt)
    # Each question once before any comes again; the round survives a restart.
    assert sorted(asked[:-1]) == sorted(questions) and asked[-1] == asked[0]
    assert ctx.settings[SettingKey.JOURNAL_PROMPTS_OFFERED] == asked[-1]
    card = controller.card
    assert card is not None and card.open_button.text() == "Write about it"
    card.open_button.click()
    assert wrote == [asked[-1]]
    controller.stop()


def test_the_weekly_question_opens_the_journal_entry_in_the_window(
    qtbot, ui_ctx,  # type: ignore[no-untyped-def]
) -> None:
    from ebbtide.ui.main_window import MainWindow
    from ebbtide.ui.notice.page import Step
    from ebbtide.ui.steady.tray import TrayController

    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    window.show()
    tray = TrayController(window, ui_ctx, available=False)
    tray._write_journal("feel-safe")
    page = window.pages["notice"]
    assert window.current_page is page and page.step is Step.JOURNAL_ENTRY
    editor = page.journal_editor
    assert editor.question_label.text().startswith("What do I need to feel safe")
    assert page.prompt_label.text() == editor.question_label.text()
    window.close()
