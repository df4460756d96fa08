"""Settings → Reminders: the mindfulness bell, the daily check-in reminder, the weekly
journal question, quiet hours,
how many a day, the tray, starting with the session, and the pattern Steady me now uses.
Everything here is off until the person turns it on (quiet hours aside)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core import autostart
from ebbtide.core.patterns import presets
from ebbtide.core.settings import SettingKey
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.context import UiContext

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def reminders_settings_tabs(ctx: UiContext) -> list[tuple[str, QWidget]]:
    return [("Reminders", RemindersTab(ctx))]


class RemindersTab(QWidget):
    def __init__(self, ctx: UiContext, *,
                 set_autostart: Callable[[bool], object] = autostart.set_autostart) -> None:
        super().__init__()
        self.ctx = ctx
        self._set_autostart = set_autostart
        col = QVBoxLayout(self)
        col.addWidget(role_label("Reminders come only if you want them, never more than "
                                 "you choose, and each can be turned off from the "
                                 "reminder itself.", "muted", wrap=True))

        bells = QGroupBox("Reminders")
        form = QFormLayout(bells)
        self.bell_on = self._check("A mindfulness bell, with a line to breathe with",
                                   SettingKey.BELL_ON)
        self.bell_minutes = self._spin(SettingKey.BELL_EVERY_MINUTES, 5, 240, " minutes",
                                       "Minutes between bells")
        form.addRow(self._row(self.bell_on, QLabel("every"), self.bell_minutes))
        self.checkin_on = self._check("A gentle daily check-in reminder at",
                                      SettingKey.CHECKIN_REMINDER_ON)
        self.checkin_at = self._time(SettingKey.CHECKIN_REMINDER_AT, "Check-in reminder time")
        form.addRow(self._row(self.checkin_on, self.checkin_at))
        self.quiet_on = self._check("Quiet hours from", SettingKey.QUIET_HOURS_ON)
        self.quiet_from = self._time(SettingKey.QUIET_FROM, "Quiet hours start")
        self.quiet_until = self._time(SettingKey.QUIET_UNTIL, "Quiet hours end")
        form.addRow(self._row(self.quiet_on, self.quiet_from, QLabel("until"),
                              self.quiet_until))
        # A question from the self-examination journal, once a week (Notice & record).
        self.journal_on = self._check("A journal question each", SettingKey.JOURNAL_PROMPT_ON)
        self.journal_on.setAccessibleName(
            "A self-examination journal question once a week, on the day and at the time "
            "chosen")
        self.journal_day = QComboBox()
        self.journal_day.setAccessibleName("The weekday of the journal question")
        for n, day in enumerate(WEEKDAYS):
            self.journal_day.addItem(day, n)
        self.journal_day.setCurrentIndex(int(ctx.settings[SettingKey.JOURNAL_PROMPT_DAY]))
        self.journal_day.currentIndexChanged.connect(
            lambda i: ctx.set_setting(SettingKey.JOURNAL_PROMPT_DAY, int(i)))
        self.journal_at = self._time(SettingKey.JOURNAL_PROMPT_AT, "Journal question time")
        form.addRow(self._row(self.journal_on, self.journal_day, QLabel("at"),
                              self.journal_at))
        self.cap = self._spin(SettingKey.REMINDERS_A_DAY, 1, 48, "", "At most this many a day")
        form.addRow("At most this many a day:", self._row(self.cap))
        col.addWidget(bells)

        desktop = QGroupBox("On the desktop")
        dcol = QVBoxLayout(desktop)
        self.keep_in_tray = QCheckBox("Keep Ebbtide in the tray when I close the window")
        self.keep_in_tray.setAccessibleName("Keep in the tray when the window closes")
        self.keep_in_tray.setChecked(bool(ctx.settings[SettingKey.KEEP_IN_TRAY]))
        self.keep_in_tray.toggled.connect(
            lambda on: ctx.set_setting(SettingKey.KEEP_IN_TRAY, on))
        dcol.addWidget(self.keep_in_tray)
        self.start_with_session = QCheckBox("Start Ebbtide in the tray when I log in")
        self.start_with_session.setAccessibleName("Start with the session")
        self.start_with_session.setChecked(bool(ctx.settings[SettingKey.START_WITH_SESSION]))
        self.start_with_session.toggled.connect(self._autostart_toggled)
        dcol.addWidget(self.start_with_session)
        self.autostart_note = role_label("", "muted", wrap=True)
        dcol.addWidget(self.autostart_note)
        prow = QHBoxLayout()
        prow.addWidget(QLabel("Steady me now breathes with:"))
        self.pattern = QComboBox()
        self.pattern.setAccessibleName("The breathing pattern of Steady me now")
        for pattern in presets():
            self.pattern.addItem(pattern.name, pattern.id)
        found = self.pattern.findData(ctx.settings[SettingKey.STEADY_PATTERN])
        self.pattern.setCurrentIndex(max(0, found))
        self.pattern.currentIndexChanged.connect(
            lambda _i: ctx.set_setting(SettingKey.STEADY_PATTERN, self.pattern.currentData()))
        prow.addWidget(self.pattern, 1)
        dcol.addLayout(prow)
        col.addWidget(desktop)
        col.addStretch(1)

    # -- small builders -----------------------------------------------------------------

    def _check(self, text: str, key: SettingKey) -> QCheckBox:
        box = QCheckBox(text)
        box.setAccessibleName(text)
        box.setChecked(bool(self.ctx.settings[key]))
        box.toggled.connect(lambda on: self.ctx.set_setting(key, on))
        return box

    def _spin(self, key: SettingKey, lo: int, hi: int, suffix: str, name: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(lo, hi)
        spin.setSuffix(suffix)
        spin.setAccessibleName(name)
        spin.setValue(int(self.ctx.settings[key]))
        spin.valueChanged.connect(lambda v: self.ctx.set_setting(key, int(v)))
        return spin

    def _time(self, key: SettingKey, name: str) -> QTimeEdit:
        edit = QTimeEdit(QTime.fromString(self.ctx.settings[key], "HH:mm"))
        edit.setDisplayFormat("HH:mm")
        edit.setAccessibleName(name)
        edit.timeChanged.connect(lambda t: self.ctx.set_setting(key, t.toString("HH:mm")))
        return edit

    @staticmethod
    def _row(*widgets: QWidget) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            # Words and fields keep their own width: the row, not its words, gives way.
            widget.setSizePolicy(QSizePolicy.Policy.Fixed, widget.sizePolicy().verticalPolicy())
            layout.addWidget(widget)
        layout.addStretch(1)
        return row

    def _autostart_toggled(self, on: bool) -> None:
        try:
            path = self._set_autostart(on)
        except OSError as exc:
            self.autostart_note.setText(f"That could not be changed: {exc.strerror or exc}.")
            self.start_with_session.blockSignals(True)
            self.start_with_session.setChecked(not on)
            self.start_with_session.blockSignals(False)
            return
        self.ctx.set_setting(SettingKey.START_WITH_SESSION, on)
        self.autostart_note.setText(f"Added {path}." if on else "Removed; Ebbtide will "
                                    "not start by itself.")
