"""The lock as a person meets it: Ctrl+L, the idle time, the lock screen, a wrong
passphrase, the recovery key, and nothing of theirs showing while locked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ebbtide.core import lock as core_lock
from ebbtide.core.settings import SettingKey
from ebbtide.ui.context import UiContext
from ebbtide.ui.main_window import MainWindow
from ebbtide.ui.operations import Change, ChangeNotice
from ebbtide.ui.privacy.lock import (
    LockScreen,
    PassphraseDialog,
    RecoveryKeyDialog,
    install_lock,
    offer_lock,
    set_up_lock,
)
from tests.privacy.helpers import PASSPHRASE, add_note_session
from tests.ui.a11y import unnamed_controls
from tests.ui.modal import activate, when_modal_opens


@pytest.fixture
def window(qtbot: QtBot, ui_ctx: UiContext) -> MainWindow:
    w = MainWindow(ui_ctx)
    qtbot.addWidget(w)
    activate(qtbot, w)
    return w


def lock_screen(window: MainWindow) -> LockScreen:
    central = window.centralWidget()
    assert isinstance(central, LockScreen)
    return central


def test_ctrl_l_without_a_lock_hides_everything_until_asked(
    qtbot: QtBot, window: MainWindow, ui_ctx: UiContext,
) -> None:
    controller = install_lock(window, ui_ctx)
    page = window.current_page
    assert page is not None
    hidden_calls: list[bool] = []
    page.page_hidden = lambda: hidden_calls.append(True)  # type: ignore[method-assign]
    title_before = window.windowTitle()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert controller.locked and hidden_calls
    screen = lock_screen(window)
    assert window.windowTitle() == "Ebbtide"
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    qtbot.waitUntil(screen.isVisible)
    assert not screen.secret.isVisibleTo(screen) and screen.show_button.isVisibleTo(screen)
    assert unnamed_controls(screen) == []
    qtbot.mouseClick(screen.show_button, Qt.MouseButton.LeftButton)
    assert not controller.locked
    assert window.centralWidget() is not None and not isinstance(window.centralWidget(), LockScreen)
    assert window.windowTitle() == title_before and window.menuBar().isVisible()


def test_with_the_lock_on_the_key_is_dropped_and_the_passphrase_brings_it_back(
    qtbot: QtBot, window: MainWindow, ui_ctx: UiContext,
) -> None:
    session = add_note_session(ui_ctx.store, "a private note")
    core_lock.enable_lock(ui_ctx.store, PASSPHRASE)
    controller = install_lock(window, ui_ctx)
    assert not controller.locked  # turned on in this run: still open
    controller.lock()
    assert core_lock.is_locked(ui_ctx.store)
    screen = lock_screen(window)
    assert screen.secret.accessibleName() == "Passphrase"
    # Shortcuts of the window (Ctrl+1 …) do nothing while locked.
    assert all(not a.isEnabled() for a in window.actions() if a is not controller.lock_action)

    qtbot.keyClicks(screen.secret, "not my passphrase")
    qtbot.keyClick(screen.secret, Qt.Key.Key_Return)
    assert controller.locked
    assert "didn't open" in screen.message.text()

    screen.secret.setText(PASSPHRASE)
    qtbot.keyClick(screen.secret, Qt.Key.Key_Return)
    assert not controller.locked
    assert ui_ctx.store.get_session(session.id).note == "a private note"
    assert all(a.isEnabled() for a in window.actions())


def test_repeated_wrong_tries_pause_calmly_and_delete_nothing(
    qtbot: QtBot, window: MainWindow, ui_ctx: UiContext,
) -> None:
    add_note_session(ui_ctx.store, "still here afterwards")
    core_lock.enable_lock(ui_ctx.store, PASSPHRASE)
    controller = install_lock(window, ui_ctx)
    controller.lock()
    screen = lock_screen(window)
    for _ in range(3):
        controller.try_unlock("wrong guess again", recovery=False)
    assert not screen.unlock_button.isEnabled()
    assert "try again in" in screen.message.text()
    assert "Nothing has been changed" in screen.message.text()
    assert controller.try_unlock(PASSPHRASE, recovery=False) is False  # still pausing
    controller.throttle.record_success()  # the pause has passed
    assert controller.try_unlock(PASSPHRASE, recovery=False)
    assert [s.note for s in ui_ctx.store.sessions()] == ["still here afterwards"]


def test_recovery_key_opens_and_offers_a_new_passphrase(
    qtbot: QtBot, window: MainWindow, ui_ctx: UiContext, monkeypatch: pytest.MonkeyPatch,
) -> None:
    key = core_lock.enable_lock(ui_ctx.store, PASSPHRASE).recovery_key
    controller = install_lock(window, ui_ctx)
    controller.lock()
    screen = lock_screen(window)
    qtbot.mouseClick(screen.switch_button, Qt.MouseButton.LeftButton)
    assert screen.use_recovery and screen.secret.accessibleName() == "Recovery key"

    def choose_new(dialog: PassphraseDialog) -> int:
        dialog.first.setText("my fresh passphrase")
        dialog.second.setText("my fresh passphrase")
        dialog._check()
        return dialog.result()

    monkeypatch.setattr(PassphraseDialog, "exec", choose_new)
    screen.secret.setText(key.replace("-", " ").lower())
    qtbot.keyClick(screen.secret, Qt.Key.Key_Return)
    assert not controller.locked
    qtbot.waitUntil(lambda: "new passphrase" in window.statusBar().currentMessage())
    core_lock.lock_now(ui_ctx.store)
    core_lock.unlock(ui_ctx.store, "my fresh passphrase")


def test_the_idle_time_locks_but_never_interrupts_an_exercise(
    qtbot: QtBot, window: MainWindow, ui_ctx: UiContext,
) -> None:
    controller = install_lock(window, ui_ctx)
    assert not controller.idle_timer.isActive()  # 0 = never
    ui_ctx.set_setting(SettingKey.LOCK_IDLE_MINUTES, 5)
    assert controller.idle_timer.isActive() and controller.idle_timer.interval() == 5 * 60_000
    page = window.current_page
    assert page is not None
    page.busy = lambda: True  # type: ignore[method-assign]
    controller.idle_timer.timeout.emit()
    assert not controller.locked and controller.idle_timer.isActive()
    page.busy = lambda: False  # type: ignore[method-assign]
    controller.idle_timer.timeout.emit()
    assert controller.locked and not controller.idle_timer.isActive()


def test_starts_locked_when_the_lock_is_on(qtbot: QtBot, ui_ctx: UiContext) -> None:
    core_lock.enable_lock(ui_ctx.store, PASSPHRASE)
    core_lock.lock_now(ui_ctx.store)  # as Store.open leaves a locked store
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    controller = install_lock(window, ui_ctx)  # before the window is shown, as at start
    window.show()
    qtbot.waitExposed(window)
    assert controller.locked and window.windowTitle() == "Ebbtide"
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    qtbot.waitUntil(lock_screen(window).secret.isVisible)
    assert controller.try_unlock(PASSPHRASE, recovery=False)
    assert window.menuBar().isVisible()


def test_other_open_windows_are_covered_and_come_back(
    qtbot: QtBot, window: MainWindow, ui_ctx: UiContext,
) -> None:
    controller = install_lock(window, ui_ctx)
    other = QDialog(window)
    other.setWindowTitle("Worksheet: what happened on Tuesday")
    QVBoxLayout(other).addWidget(QLabel("my own words here"))
    other.show()
    qtbot.waitExposed(other)
    controller.lock()
    assert other.windowTitle() == "Ebbtide"
    covers = [w for w in other.findChildren(LockScreen) if w.isVisible()]
    assert covers and covers[0].geometry() == other.rect()
    covers[0].show_requested.emit()
    assert other.windowTitle() == "Worksheet: what happened on Tuesday"
    qtbot.waitUntil(lambda: not other.findChildren(LockScreen))


def test_setting_up_the_lock_shows_the_recovery_key_once(
    qtbot: QtBot, ui_ctx: UiContext, monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_note_session(ui_ctx.store, "to be encrypted")

    def fill(dialog: PassphraseDialog) -> int:
        dialog.first.setText("short")
        dialog.second.setText("short")
        dialog._check()
        assert "at least 8" in dialog.problem.text()
        dialog.first.setText(PASSPHRASE)
        dialog.second.setText(PASSPHRASE + " typo")
        dialog._check()
        assert "not the same" in dialog.problem.text()
        dialog.second.setText(PASSPHRASE)
        dialog._check()
        return dialog.result()

    monkeypatch.setattr(PassphraseDialog, "exec", fill)
    shown: list[str] = []
    assert set_up_lock(None, ui_ctx, show_key=lambda key, parent: shown.append(key))
    assert core_lock.lock_enabled(ui_ctx.store) and len(shown) == 1
    core_lock.lock_now(ui_ctx.store)
    core_lock.unlock_with_recovery_key(ui_ctx.store, shown[0])
    assert ui_ctx.store.sessions()[0].note == "to be encrypted"


def test_recovery_key_dialog_needs_it_written_down_before_closing(qtbot: QtBot) -> None:
    dialog = RecoveryKeyDialog("ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.key_label.text() == "ABCD EFGH IJKL MNOP\nQRST UVWX YZ23 4567"
    assert not dialog.done_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # not closed by accident
    dialog.written.setChecked(True)
    assert dialog.done_button.isEnabled()
    assert unnamed_controls(dialog) == []


def _click_in_next_box(text: str) -> None:
    def answer(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        assert "lock Ebbtide with a passphrase" in box.text()
        next(b for b in box.buttons() if b.text() == text).click()

    when_modal_opens(answer)


def test_the_first_run_offer_is_gentle_and_can_be_declined(
    qtbot: QtBot, ui_ctx: UiContext, monkeypatch: pytest.MonkeyPatch,
) -> None:
    _click_in_next_box("Not now")
    assert offer_lock(None, ui_ctx) is False
    assert not core_lock.lock_enabled(ui_ctx.store)

    def fill(dialog: PassphraseDialog) -> int:
        dialog.first.setText(PASSPHRASE)
        dialog.second.setText(PASSPHRASE)
        dialog._check()
        return dialog.result()

    monkeypatch.setattr(PassphraseDialog, "exec", fill)
    monkeypatch.setattr(RecoveryKeyDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    _click_in_next_box("Set up a lock…")
    assert offer_lock(None, ui_ctx) is True
    assert core_lock.lock_enabled(ui_ctx.store)
    assert offer_lock(None, ui_ctx) is True  # already on: no question asked again


def test_ctrl_l_locks_even_from_inside_a_modal_dialog(
    qtbot: QtBot, window: MainWindow, ui_ctx: UiContext,
) -> None:
    core_lock.enable_lock(ui_ctx.store, PASSPHRASE)
    controller = install_lock(window, ui_ctx)
    dialog = QDialog(window)
    dialog.setWindowTitle("Evidence for and against")
    dialog.setModal(True)
    field = QLineEdit()
    field.setAccessibleName("Evidence")
    QVBoxLayout(dialog).addWidget(field)
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: controller.locked)
    assert field.text() == "" and dialog.windowTitle() == "Ebbtide"
    # The modal dialog blocks the main window, so it can be unlocked right there.
    [cover] = dialog.findChildren(LockScreen)
    assert cover.secret.isVisibleTo(dialog)
    cover.secret.setText(PASSPHRASE)
    qtbot.keyClick(cover.secret, Qt.Key.Key_Return)
    assert not controller.locked and dialog.windowTitle() == "Evidence for and against"
    assert dialog.isVisible()  # nothing typed there was lost: the dialog stayed open


def test_every_page_behaves_while_locked_and_the_app_can_close(
    qtbot: QtBot, window: MainWindow, ui_ctx: UiContext,
) -> None:
    # Visit every page so each one exists, then lock: refreshes and closing must not
    # reach for words (pytest-qt fails the test on any exception inside Qt's calls).
    for i in range(len(window.specs)):
        window.show_page(i)
    add_note_session(ui_ctx.store, "written before the lock")
    core_lock.enable_lock(ui_ctx.store, PASSPHRASE)
    controller = install_lock(window, ui_ctx)
    controller.lock()
    ui_ctx.ops.changed.emit(ChangeNotice(Change.SESSIONS))
    ui_ctx.set_setting(SettingKey.THEME, "dark")
    assert core_lock.is_locked(ui_ctx.store)
    window.close()
    assert not window.isVisible()
