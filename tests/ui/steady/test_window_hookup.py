"""Steady me now from the main window (a button beside "If you need help now", the menu,
Ctrl+0), from the tray while locked, and the window kept in the tray on closing."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ebbtide.ui.breathe.page import Step as BreatheStep
from ebbtide.ui.main_window import MainWindow
from ebbtide.ui.steady.tray import TrayController
from ebbtide.ui.steady.window import SteadyWindow, Step
from tests.ui.modal import activate


def shown(qtbot, ctx) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    activate(qtbot, window)
    return window


def test_the_button_beside_crisis_help_opens_the_path(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    window = shown(qtbot, ui_ctx)
    layout = window.crisis_button.parentWidget().layout()
    assert layout.indexOf(window.steady_button) == layout.indexOf(window.crisis_button) - 1
    qtbot.mouseClick(window.steady_button, Qt.MouseButton.LeftButton)
    path = window.steady_window
    assert isinstance(path, SteadyWindow) and path.isVisible() and path.step is Step.RATE
    assert not path.breath_only
    path.close()
    window.close()


def test_ctrl_0_opens_the_path_once(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    window = shown(qtbot, ui_ctx)
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    first = window.steady_window
    assert first is not None and first.isVisible()
    window.show_steady()  # asked again (the tray, the button): the same path comes forward
    assert window.steady_window is first
    window.close()  # closing the window closes the path, keeping what was done
    assert not first.isVisible()


def test_breathing_from_the_tray_starts_at_once(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    window = shown(qtbot, ui_ctx)
    tray = TrayController(window, ui_ctx, available=False)
    tray.breathe_action.trigger()
    page = window.pages["breathe"]
    assert window.current_page is page and page.stack.step is BreatheStep.SESSION
    assert page.pattern is not None and page.pattern.id == "extended-exhale"
    window.close()


def test_locked_the_tray_gives_breathing_only(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    from ebbtide.ui.privacy.lock import install_lock

    window = shown(qtbot, ui_ctx)
    controller = install_lock(window, ui_ctx)
    tray = TrayController(window, ui_ctx, available=False)
    controller.lock()
    tray.menu.aboutToShow.emit()
    assert not tray.checkin_action.isEnabled()
    tray.steady_action.trigger()
    path = window.steady_window
    assert path is not None and path.breath_only and path.step is Step.BREATHE
    path.close()
    window.close()


class KeepingTray:
    icon = object()

    def __init__(self) -> None:
        self.shut = False

    def keeps_running(self, _window) -> bool:  # type: ignore[no-untyped-def]
        return True

    def shut_down(self) -> None:
        self.shut = True


def test_closing_keeps_it_in_the_tray_and_quit_ends_it(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    window = shown(qtbot, ui_ctx)
    window.tray = tray = KeepingTray()
    window.close()
    assert not window.isVisible() and not tray.shut  # hidden, still running
    assert window.pages["checkin"] is not None
    window.quit_app()
    assert tray.shut


def test_without_a_tray_closing_closes(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    window = shown(qtbot, ui_ctx)
    window.tray = TrayController(window, ui_ctx, available=False)
    assert window.close()


def test_log_a_trigger_from_the_tray_opens_the_quick_entry(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    from ebbtide.ui.notice.page import Step as NoticeStep

    window = shown(qtbot, ui_ctx)
    window.showMinimized()  # tucked away, as when the tray is the way back in
    tray = TrayController(window, ui_ctx, available=False)
    tray.trigger_action.trigger()
    page = window.pages["notice"]
    assert not window.isMinimized()  # the window comes back, raised
    assert window.current_page is page and page.step is NoticeStep.TRIGGER_ENTRY
    assert page.trigger_editor.what.hasFocus() or qtbot.waitUntil(
        lambda: page.trigger_editor.what.hasFocus(), timeout=2000) is None


def test_a_result_screens_steady_step_opens_the_path(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    """After a practice where distress went up, the end screen offers Steady me now."""
    from ebbtide.core.moments import NextAction
    from ebbtide.ui.common.moment import open_next

    window = shown(qtbot, ui_ctx)
    open_next(ui_ctx, NextAction.STEADY)
    path = window.steady_window
    assert isinstance(path, SteadyWindow) and path.isVisible()
    path.close()
    open_next(ui_ctx, NextAction.NOTICE_WHAT_HELPED)  # a journal entry, to note what helped
    assert window.current_page is window.page("notice")
    window.close()
