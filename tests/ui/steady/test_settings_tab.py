"""Settings → Reminders: each control changes its setting at once; starting with the
session writes and removes the autostart entry."""

from __future__ import annotations

from PySide6.QtCore import QTime

from ebbtide.core.settings import SettingKey
from ebbtide.ui.settings_dialog import SettingsDialog
from ebbtide.ui.steady.settings_tab import RemindersTab


def test_the_tab_is_in_settings(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(ui_ctx)
    qtbot.addWidget(dialog)
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert "Reminders" in titles


def test_controls_change_settings(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    tab = RemindersTab(ui_ctx, set_autostart=lambda on: None)
    qtbot.addWidget(tab)
    assert not tab.bell_on.isChecked() and not tab.checkin_on.isChecked()  # off at first
    tab.bell_on.setChecked(True)
    tab.bell_minutes.setValue(45)
    tab.checkin_on.setChecked(True)
    tab.checkin_at.setTime(QTime(7, 30))
    tab.quiet_from.setTime(QTime(22, 0))
    tab.cap.setValue(3)
    tab.keep_in_tray.setChecked(True)
    tab.pattern.setCurrentIndex(tab.pattern.findData("box"))
    s = ui_ctx.settings
    assert (s[SettingKey.BELL_ON], s[SettingKey.BELL_EVERY_MINUTES]) == (True, 45)
    assert (s[SettingKey.CHECKIN_REMINDER_ON], s[SettingKey.CHECKIN_REMINDER_AT]) == (True,
                                                                                       "07:30")
    assert s[SettingKey.QUIET_FROM] == "22:00" and s[SettingKey.REMINDERS_A_DAY] == 3
    assert s[SettingKey.KEEP_IN_TRAY] is True and s[SettingKey.STEADY_PATTERN] == "box"


def test_start_with_the_session(qtbot, ui_ctx, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    tab = RemindersTab(ui_ctx)
    qtbot.addWidget(tab)
    entry = tmp_path / "autostart" / "org.ebbtide.Ebbtide.desktop"
    tab.start_with_session.setChecked(True)
    assert entry.exists() and ui_ctx.settings[SettingKey.START_WITH_SESSION]
    tab.start_with_session.setChecked(False)
    assert not entry.exists() and not ui_ctx.settings[SettingKey.START_WITH_SESSION]


def test_a_folder_that_cannot_be_written_is_said_plainly(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    def fail(on: bool) -> None:
        raise PermissionError(13, "Permission denied")

    tab = RemindersTab(ui_ctx, set_autostart=fail)
    qtbot.addWidget(tab)
    tab.start_with_session.setChecked(True)
    assert not tab.start_with_session.isChecked()
    assert "Permission denied" in tab.autostart_note.text()
    assert not ui_ctx.settings[SettingKey.START_WITH_SESSION]


def test_the_weekly_journal_question_is_off_until_chosen(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    tab = RemindersTab(ui_ctx, set_autostart=lambda on: None)
    qtbot.addWidget(tab)
    assert not tab.journal_on.isChecked() and tab.journal_day.currentText() == "Sunday"
    tab.journal_on.setChecked(True)
    tab.journal_day.setCurrentIndex(tab.journal_day.findText("Wednesday"))
    tab.journal_at.setTime(QTime(20, 15))
    s = ui_ctx.settings
    assert s[SettingKey.JOURNAL_PROMPT_ON] is True
    assert (s[SettingKey.JOURNAL_PROMPT_DAY], s[SettingKey.JOURNAL_PROMPT_AT]) == (2, "20:15")
    assert all(w.accessibleName() for w in (tab.journal_on, tab.journal_day, tab.journal_at))
