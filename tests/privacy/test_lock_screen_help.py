"""Issue 11, the lock screen's part: crisis help and a short breathing exercise are
reachable from the lock screen without the passphrase, reveal nothing the person wrote,
and a breathing session done while locked is kept as numbers only; and a quick-hide key
(F12 or Ctrl+Shift+H) locks or blanks everything at once, from any page or dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout
from pytestqt.qtbot import QtBot

from ebbtide.core import lock as core_lock
from ebbtide.core.breathing import BreathingClock
from ebbtide.core.help_lines import load_help_lines
from ebbtide.core.keys import load_keys
from ebbtide.core.settings import SettingKey
from ebbtide.ui.context import UiContext
from ebbtide.ui.main_window import MainWindow
from ebbtide.ui.privacy.lock import LockScreen, install_lock
from ebbtide.ui.privacy.lock_help import CrisisHelpDialog, LockedBreathingDialog
from tests.conftest import settle
from tests.fakes import FakeClock
from tests.privacy.helpers import PASSPHRASE, SENTINEL, add_note_session
from tests.ui.a11y import unnamed_controls
from tests.ui.modal import activate, when_modal_opens


@pytest.fixture
def window(qtbot: QtBot, ui_ctx: UiContext) -> MainWindow:
    w = MainWindow(ui_ctx)
    qtbot.addWidget(w)
    activate(qtbot, w)
    return w


def test_crisis_help_opens_from_the_lock_screen_for_the_persons_country(
    qtbot: QtBot, window: MainWindow, ui_ctx: UiContext,
) -> None:
    add_note_session(ui_ctx.store, SENTINEL)
    core_lock.enable_lock(ui_ctx.store, PASSPHRASE)
    ui_ctx.set_setting(SettingKey.COUNTRY, "NZ")
    controller = install_lock(window, ui_ctx)
    controller.lock()
    screen = window.centralWidget()
    assert isinstance(screen, LockScreen)
    assert screen.help_button.isVisibleTo(screen) and screen.breathe_button.isVisibleTo(screen)
    assert unnamed_controls(screen) == []
    shown: list[str] = []

    def read(dialog: object) -> None:
        assert isinstance(dialog, CrisisHelpDialog)
        shown.append(dialog.text.text())
        assert dialog.windowTitle() == "Ebbtide" and unnamed_controls(dialog) == []
        dialog.reject()

    when_modal_opens(read)
    qtbot.mouseClick(screen.help_button, Qt.MouseButton.LeftButton)
    first = load_help_lines().ordered_for("NZ")[0]
    assert shown and shown[0].startswith(first.name) and "1737" in shown[0]
    assert "Marlowe" not in shown[0]
    assert core_lock.is_locked(ui_ctx.store) and controller.locked


def test_breathing_while_locked_is_saved_as_numbers_and_esc_stops_it(
    qtbot: QtBot, window: MainWindow, ui_ctx: UiContext,
) -> None:
    core_lock.enable_lock(ui_ctx.store, PASSPHRASE)
    controller = install_lock(window, ui_ctx)
    controller.lock()
    clock = FakeClock()
    dialog = LockedBreathingDialog(ui_ctx, window, BreathingClock(clock))
    qtbot.addWidget(dialog)
    dialog.show()
    assert unnamed_controls(dialog) == [] and dialog.windowTitle() == "Ebbtide"
    clock.advance(45.0)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # stops at once, no question
    assert not dialog.isVisible() and dialog.saved is not None
    settle(ui_ctx)
    assert core_lock.is_locked(ui_ctx.store)  # saved without the key
    [row] = ui_ctx.store.conn.execute(
        "SELECT kind, content_id, duration_s, note_sealed FROM sessions").fetchall()
    assert row[0] == "breathing" and row[1] == "extended-exhale" and row[3] is None
    assert 30 <= row[2] <= 45
    core_lock.unlock(ui_ctx.store, PASSPHRASE)
    assert ui_ctx.store.sessions()[0].note == ""


def test_a_full_breathing_session_ends_by_itself_after_two_minutes(
    qtbot: QtBot, ui_ctx: UiContext,
) -> None:
    clock = FakeClock()
    dialog = LockedBreathingDialog(ui_ctx, None, BreathingClock(clock))
    qtbot.addWidget(dialog)
    dialog.show()
    clock.advance(200.0)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.saved is not None and dialog.saved.completed
    settle(ui_ctx)


@pytest.mark.parametrize("with_lock", [True, False])
@pytest.mark.parametrize("key", ["F12", "Ctrl+Shift+H"])
def test_quick_hide_works_from_inside_a_dialog(
    qtbot: QtBot, window: MainWindow, ui_ctx: UiContext, with_lock: bool, key: str,
) -> None:
    assert key in load_keys().sequences("window.quick_hide")
    if with_lock:
        core_lock.enable_lock(ui_ctx.store, PASSPHRASE)
    controller = install_lock(window, ui_ctx)
    dialog = QDialog(window)
    dialog.setWindowTitle("What happened on Tuesday")
    field = QLineEdit()
    QVBoxLayout(dialog).addWidget(field)
    dialog.setModal(True)
    dialog.open()
    qtbot.waitExposed(dialog)
    field.setFocus()
    modifiers = Qt.KeyboardModifier.NoModifier
    qt_key = Qt.Key.Key_F12
    if key == "Ctrl+Shift+H":
        modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        qt_key = Qt.Key.Key_H
    qtbot.keyClick(field, qt_key, modifiers)
    qtbot.waitUntil(lambda: controller.locked)
    assert field.text() == ""
    assert core_lock.is_locked(ui_ctx.store) == with_lock
    assert window.windowTitle() == "Ebbtide" and dialog.windowTitle() == "Ebbtide"
    visible = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert all(w.isMinimized() or w.windowTitle() == "Ebbtide" for w in visible)
    assert window.isMinimized()
