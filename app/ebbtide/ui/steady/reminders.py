"""Reminders on the desktop: the pure scheduler (ebbtide.core.reminders) asked on a
timer; what it returns is shown as the desktop's own notification through the tray,
with a soft bell, and as a small card whose buttons act on it: open the practice,
later, or turn this reminder off. Without a tray, the card alone is shown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ebbtide import APP_NAME
from ebbtide.core.reminders import (
    Reminder,
    ReminderKind,
    ReminderScheduler,
    load_reminder_words,
    next_in_turn,
    plan_from_settings,
)
from ebbtide.core.settings import SettingKey
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.context import UiContext
from ebbtide.ui.operations import ChangeNotice
from ebbtide.ui.theme import margins, space

TICK_MS = 20_000  # asked three times a minute: a reminder is at most this late
REMINDER_SETTINGS = {SettingKey.BELL_ON, SettingKey.BELL_EVERY_MINUTES,
                     SettingKey.CHECKIN_REMINDER_ON, SettingKey.CHECKIN_REMINDER_AT,
                     SettingKey.QUIET_HOURS_ON, SettingKey.QUIET_FROM, SettingKey.QUIET_UNTIL,
                     SettingKey.REMINDERS_A_DAY, SettingKey.SIGNS_REMINDER_ON,
                     SettingKey.SIGNS_REMINDER_DAY, SettingKey.SIGNS_REMINDER_AT,
                     SettingKey.JOURNAL_PROMPT_ON, SettingKey.JOURNAL_PROMPT_DAY,
                     SettingKey.JOURNAL_PROMPT_AT}
OFF_SETTING = {ReminderKind.BELL: SettingKey.BELL_ON,
               ReminderKind.CHECKIN: SettingKey.CHECKIN_REMINDER_ON,
               ReminderKind.SIGNS: SettingKey.SIGNS_REMINDER_ON,
               ReminderKind.JOURNAL: SettingKey.JOURNAL_PROMPT_ON}


class ReminderCard(QWidget):
    """A small window that asks for nothing: the reminder's words and what can be done
    with it. It does not take the keyboard from what the person is typing."""

    def __init__(self, reminder: Reminder, controller: ReminderController) -> None:
        super().__init__(None, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.reminder = reminder
        self.controller = controller
        actions = controller.words.actions
        self.setWindowTitle(f"{reminder.title} — {APP_NAME}")
        self.setAccessibleName(reminder.title)
        col = QVBoxLayout(self)
        col.setContentsMargins(margins("l", "l", "m"))
        col.setSpacing(space("s"))
        col.addWidget(role_label(reminder.title, "subtitle", wrap=True))
        col.addWidget(role_label(reminder.text, "", wrap=True))
        row = QHBoxLayout()
        kind = reminder.kind.value
        self.open_button = self._button(row, actions[f"open_{kind}"],
                                        controller.open_practice, primary=True)
        self.later_button = self._button(row, actions["snooze"], controller.snooze)
        self.off_button = self._button(row, actions[f"turn_off_{kind}"], controller.turn_off)
        self.thanks_button = self._button(row, actions["dismiss"], lambda _r: None)
        col.addLayout(row)
        self.setMinimumWidth(420)

    def _button(self, row: QHBoxLayout, text: str,
                act: Callable[[Reminder], None], primary: bool = False) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text)
        if primary:
            button.setProperty("role", "primary")
        def clicked() -> None:
            act(self.reminder)
            self.close()

        button.clicked.connect(clicked)
        row.addWidget(button)
        return button


class ReminderController(QObject):
    """Asks the scheduler on a timer and shows what is due."""

    def __init__(self, ctx: UiContext, *, notify: Callable[[str, str], bool],
                 open_practice: Callable[[ReminderKind], None],
                 open_journal: Callable[[str | None], None] | None = None,
                 now: Callable[[], datetime] = datetime.now,
                 busy: Callable[[], bool] = lambda: False,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.notify = notify
        self._open = open_practice
        self._open_journal = open_journal
        self.busy = busy  # in the middle of an exercise: nothing interrupts it
        self.words = load_reminder_words()
        self.scheduler = ReminderScheduler(plan_from_settings(ctx.settings), now, self.words)
        self.card: ReminderCard | None = None
        self.last: Reminder | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        ctx.ops.changed.connect(self._data_changed)

    def _data_changed(self, notice: ChangeNotice) -> None:
        if notice.setting in REMINDER_SETTINGS:
            self.scheduler.set_plan(plan_from_settings(self.ctx.settings))

    def check(self) -> Reminder | None:
        if self.busy():  # asked again after: a missed bell is not saved up
            return None
        reminder = self.scheduler.due()
        return None if reminder is None else self.show(reminder)

    def with_question(self, reminder: Reminder) -> Reminder:
        """The weekly journal reminder carries the next question in turn (each once
        before any comes again; the round is kept in the settings)."""
        from ebbtide.core.notice import load_notice_words  # only when it is due: not at start

        questions = {c.id: c.label for c in load_notice_words().journal}
        offered = [i for i in str(self.ctx.settings[SettingKey.JOURNAL_PROMPTS_OFFERED]
                                  or "").split(",") if i]
        chosen, offered = next_in_turn(list(questions), offered)
        self.ctx.set_setting(SettingKey.JOURNAL_PROMPTS_OFFERED, ",".join(offered))
        return replace(reminder, text=f"{reminder.text}\n\n{questions[chosen]}",
                       prompt=chosen)

    def show(self, reminder: Reminder) -> Reminder:
        """Show it (the journal's with its question in turn); returns what was shown."""
        if reminder.kind is ReminderKind.JOURNAL and reminder.prompt is None:
            reminder = self.with_question(reminder)
        self.last = reminder
        if reminder.kind is ReminderKind.BELL and self.ctx.settings[SettingKey.SOUNDS_ON]:
            from ebbtide.audio.synth import bell  # numpy only when a bell rings

            self.ctx.audio.play_effect(bell(4.0, level=0.35))
        self.notify(reminder.title, reminder.text)
        # The card carries the buttons a notification cannot: shown either way.
        if self.card is not None:
            self.card.close()
        self.card = ReminderCard(reminder, self)
        self.card.destroyed.connect(lambda _=None: setattr(self, "card", None))
        self.card.adjustSize()
        screen = QGuiApplication.primaryScreen()
        if screen is not None:  # where notifications usually appear: bottom right
            room = screen.availableGeometry()
            self.card.move(room.right() - self.card.width() - 24,
                           room.bottom() - self.card.height() - 48)
        self.card.show()
        return reminder

    # -- what the card's buttons do -------------------------------------------------------

    def open_practice(self, reminder: Reminder) -> None:
        if reminder.kind is ReminderKind.JOURNAL and self._open_journal is not None:
            self._open_journal(reminder.prompt)
        else:
            self._open(reminder.kind)

    def snooze(self, reminder: Reminder) -> None:
        self.scheduler.snooze(reminder.kind)

    def turn_off(self, reminder: Reminder) -> None:
        self.scheduler.turn_off(reminder.kind)
        self.ctx.set_setting(OFF_SETTING[reminder.kind], False)
        self.ctx.notice.emit(self.words.actions["turned_off"])

    def stop(self) -> None:
        self.timer.stop()
        if self.card is not None:
            self.card.close()
