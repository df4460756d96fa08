"""The tray menu, with and without a tray on the desktop, unlocked and locked: with the
lock on, nothing in it shows what the person wrote before the passphrase."""

from __future__ import annotations

import pytest

from ebbtide.core.settings import SettingKey
from ebbtide.ui.steady.tray import TrayController, ask_keep_in_tray


class Host:
    """The main window as the tray sees it, recording what was asked."""

    def __init__(self) -> None:
        self.locked = False
        self.calls: list[tuple[object, ...]] = []

    def show_steady(self, breath_only: bool = False) -> None:
        self.calls.append(("steady", breath_only))

    def show_window(self, page=None, options=None) -> None:  # type: ignore[no-untyped-def]
        self.calls.append(("window", page, options) if options else ("window", page))

    def breathe_now(self, pattern_id: str) -> None:
        self.calls.append(("breathe", pattern_id))

    def lock_now(self) -> None:
        self.calls.append(("lock",))
        self.locked = True

    def quit_app(self) -> None:
        self.calls.append(("quit",))

    def is_locked(self) -> bool:
        return self.locked

    def is_busy(self) -> bool:
        return False


@pytest.fixture
def host() -> Host:
    return Host()


def visible(tray: TrayController) -> dict[str, bool]:
    """The menu as a person sees it: each shown entry and whether it can be chosen."""
    tray.menu.aboutToShow.emit()
    return {a.text(): a.isEnabled() for a in tray.menu.actions()
            if a.isVisible() and not a.isSeparator()}


def test_the_menu_unlocked(qtbot, ui_ctx, host) -> None:  # type: ignore[no-untyped-def]
    tray = TrayController(host, ui_ctx, available=False)
    assert tray.icon is None  # no tray on this desktop (offscreen): no icon, same menu
    assert visible(tray) == {"Steady me now": True, "Check in": True, "Breathe": True,
                             "Log a trigger…": True, "Show Ebbtide": True, "Lock": True,
                             "Quit": True}
    for action in tray.menu.actions():
        if action.isVisible() and not action.isSeparator():
            action.trigger()
    assert host.calls == [("steady", False), ("window", "checkin"),
                          ("breathe", "extended-exhale"),
                          ("window", "notice", {"entry": "trigger"}),  # the quick entry
                          ("window", None), ("lock",),
                          ("quit",)]


def test_breathe_from_the_tray_uses_the_chosen_pattern(qtbot, ui_ctx, host) -> None:  # type: ignore[no-untyped-def]
    ui_ctx.set_setting(SettingKey.STEADY_PATTERN, "box")
    TrayController(host, ui_ctx, available=False).breathe_action.trigger()
    assert host.calls == [("breathe", "box")]  # one menu click: breathing starts


def test_locked_the_menu_offers_only_breathing(qtbot, ui_ctx, host) -> None:  # type: ignore[no-untyped-def]
    tray = TrayController(host, ui_ctx, available=False)
    host.locked = True
    shown = visible(tray)
    assert shown == {"Steady me now (breathing only, while locked)": True,
                     "Check in (after unlocking)": False, "Breathe (while locked)": True,
                     "Log a trigger (after unlocking)": False,
                     "Show Ebbtide to unlock": True, "Quit": True}
    tray.steady_action.trigger()
    tray.breathe_action.trigger()
    tray.checkin_action.trigger()  # disabled: does nothing
    tray.trigger_action.trigger()  # disabled too: the log is behind the lock
    assert host.calls == [("steady", True), ("steady", True)]


def test_clicking_the_icon_starts_steady_me_now(qtbot, ui_ctx, host) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QSystemTrayIcon

    tray = TrayController(host, ui_ctx, available=False)
    tray._activated(QSystemTrayIcon.ActivationReason.Trigger)
    tray._activated(QSystemTrayIcon.ActivationReason.Context)  # the menu, not the path
    assert host.calls == [("steady", False)]


def test_without_a_tray_closing_quits_and_nothing_is_asked(qtbot, ui_ctx, host) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    tray = TrayController(host, ui_ctx, available=False)
    assert not tray.keeps_running(QWidget())
    assert not tray.notify("A moment to breathe", "One breath.")
    assert ui_ctx.settings[SettingKey.KEEP_IN_TRAY] is None


def test_keeping_in_the_tray_is_asked_once(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    asked: list[bool] = []

    def ask(_parent: QWidget) -> bool:
        asked.append(True)
        return True

    assert ask_keep_in_tray(QWidget(), ui_ctx, ask)
    assert ask_keep_in_tray(QWidget(), ui_ctx, ask)
    assert asked == [True]  # the answer is kept as a setting
    assert ui_ctx.settings[SettingKey.KEEP_IN_TRAY] is True
    ui_ctx.set_setting(SettingKey.KEEP_IN_TRAY, False)  # Settings can change it
    assert not ask_keep_in_tray(QWidget(), ui_ctx, ask)


def test_closing_the_question_asks_again_next_time(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    assert not ask_keep_in_tray(QWidget(), ui_ctx, lambda _p: None)
    assert ui_ctx.settings[SettingKey.KEEP_IN_TRAY] is None
