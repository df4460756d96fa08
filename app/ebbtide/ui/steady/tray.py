"""The tray: Ebbtide within reach from anywhere on the desktop.

Its menu offers Steady me now, Check in, Breathe, Log a trigger, Lock and Quit; clicking the icon
itself starts Steady me now (so breathing is two clicks or keys away: the icon, then a
number or PgDown). With Ebbtide locked, the menu shows nothing of the person's: Steady
me now and Breathe offer the breathing alone (a preset circle, nothing read or
saved), Check in waits for the passphrase, and Lock becomes "Show Ebbtide to unlock".

On a desktop with no tray (or offscreen) the controller still exists, with its menu,
so everything else works the same; only the icon and its notifications are missing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QSystemTrayIcon, QWidget

from ebbtide import APP_NAME
from ebbtide.core.reminders import ReminderKind
from ebbtide.core.settings import SettingKey
from ebbtide.ui.context import UiContext
from ebbtide.ui.steady.reminders import ReminderController


class TrayHost(Protocol):
    """What the tray asks of the main window."""

    def show_steady(self, breath_only: bool = False) -> None: ...
    def show_window(self, page: str | None = None, options: dict[str, object] | None = None,
                    ) -> None: ...
    def breathe_now(self, pattern_id: str) -> None: ...
    def lock_now(self) -> None: ...
    def quit_app(self) -> None: ...
    def is_locked(self) -> bool: ...
    def is_busy(self) -> bool: ...


def tray_available() -> bool:
    return QSystemTrayIcon.isSystemTrayAvailable()


class TrayController(QObject):
    def __init__(self, host: TrayHost, ctx: UiContext, *, available: bool | None = None,
                 icon: QIcon | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.ctx = ctx
        self.available = tray_available() if available is None else available
        self.menu = QMenu()
        self.menu.setAccessibleName(f"{APP_NAME} in the tray")
        self.steady_action = self._add("Steady me now", lambda: self.host.show_steady(
            breath_only=self.host.is_locked()))
        self.checkin_action = self._add("Check in", lambda: self.host.show_window("checkin"))
        self.breathe_action = self._add("Breathe", self._breathe)
        # A new trigger entry (Notice & record), in the window, raised.
        self.trigger_action = self._add("Log a trigger…", lambda: self.host.show_window(
            "notice", {"entry": "trigger"}))
        self.menu.addSeparator()
        self.show_action = self._add(f"Show {APP_NAME}", lambda: self.host.show_window())
        self.lock_action = self._add("Lock", self.host.lock_now)
        self.menu.addSeparator()
        self.quit_action = self._add("Quit", self.host.quit_app)
        self.menu.aboutToShow.connect(self.refresh)
        self.reminders: ReminderController | None = None
        self.icon: QSystemTrayIcon | None = None
        if self.available:
            self.icon = QSystemTrayIcon(icon or QApplication.windowIcon(), self)
            self.icon.setToolTip(APP_NAME)
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(self._activated)
            self.icon.show()
        self.refresh()

    def _add(self, text: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self.menu)
        action.triggered.connect(lambda _=False: slot())
        self.menu.addAction(action)
        return action

    def _breathe(self) -> None:
        if self.host.is_locked():
            self.host.show_steady(breath_only=True)
        else:  # straight into two minutes of breathing, no question first
            self.host.breathe_now(self._pattern())

    def _pattern(self) -> str:
        return str(self.ctx.settings[SettingKey.STEADY_PATTERN] or "extended-exhale")

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            self.host.show_steady(breath_only=self.host.is_locked())

    def refresh(self) -> None:
        """Offer only what shows nothing of the person's while locked."""
        locked = self.host.is_locked()
        self.steady_action.setText("Steady me now (breathing only, while locked)" if locked
                                   else "Steady me now")
        self.breathe_action.setText("Breathe (while locked)" if locked else "Breathe")
        self.checkin_action.setEnabled(not locked)
        self.checkin_action.setText("Check in (after unlocking)" if locked else "Check in")
        self.trigger_action.setEnabled(not locked)
        self.trigger_action.setText("Log a trigger (after unlocking)" if locked
                                    else "Log a trigger…")
        self.show_action.setText(f"Show {APP_NAME} to unlock" if locked
                                 else f"Show {APP_NAME}")
        self.lock_action.setVisible(not locked)

    def notify(self, title: str, text: str) -> bool:
        """A desktop notification through the tray; False when there is no tray."""
        if self.icon is None:
            return False
        self.icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.NoIcon, 12_000)
        return True

    def start_reminders(self) -> ReminderController:
        """The reminders ring while Ebbtide runs, with or without a tray."""
        self.reminders = ReminderController(self.ctx, notify=self.notify,
                                            open_practice=self._open_from_reminder,
                                            open_journal=self._write_journal,
                                            busy=self.host.is_busy, parent=self)
        if self.icon is not None:  # a click on the notification opens its practice
            self.icon.messageClicked.connect(self._notification_clicked)
        return self.reminders

    def _open_from_reminder(self, kind: ReminderKind) -> None:
        if kind is ReminderKind.BELL:
            self.host.show_steady(breath_only=self.host.is_locked())
        elif kind is ReminderKind.SIGNS:
            self.host.show_window("five_signs")
        else:
            self.host.show_window("checkin")

    def _write_journal(self, prompt: str | None) -> None:
        """The weekly question: a journal entry on it (after unlocking, when locked)."""
        self.host.show_window("notice", {"entry": "journal", "prompt": prompt})

    def _notification_clicked(self) -> None:
        if self.reminders is not None and self.reminders.last is not None:
            self.reminders.open_practice(self.reminders.last)

    def keeps_running(self, window: QWidget) -> bool:
        """Closing the window: True to stay in the tray instead of quitting."""
        return self.icon is not None and ask_keep_in_tray(window, self.ctx)

    def shut_down(self) -> None:
        if self.reminders is not None:
            self.reminders.stop()
        if self.icon is not None:
            self.icon.hide()


def ask_keep_in_tray(parent: QWidget, ctx: UiContext,
                     ask: Callable[[QWidget], bool | None] | None = None) -> bool:
    """Closing the window: keep running in the tray? Asked once; the answer is a setting
    (Settings → Tray and reminders changes it). True: hide, don't quit."""
    answer = ctx.settings[SettingKey.KEEP_IN_TRAY]
    if answer is None:
        answer = (ask or _ask)(parent)
        if answer is None:  # the question itself was closed: quit, ask again next time
            return False
        ctx.set_setting(SettingKey.KEEP_IN_TRAY, answer)
    return bool(answer)


def _ask(parent: QWidget) -> bool | None:
    box = QMessageBox(QMessageBox.Icon.Question, APP_NAME,
                      f"Keep {APP_NAME} in the tray when the window closes? Steady me now "
                      "and any reminders you turn on stay one click away. You can change "
                      "this in Settings, Tray and reminders.", parent=parent)
    keep = box.addButton("Keep it in the tray", QMessageBox.ButtonRole.YesRole)
    quit_button = box.addButton("Quit", QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(keep)
    box.exec()
    clicked = box.clickedButton()
    if clicked is keep:
        return True
    if clicked is quit_button:
        return False
    return None



def install_tray(window: TrayHost, ctx: UiContext) -> TrayController:
    """The tray and the reminders, for the running app (application.py)."""
    tray = TrayController(window, ctx, parent=window if isinstance(window, QObject) else None)
    tray.start_reminders()
    return tray
