"""Issue 13, behind the lock: a window left open behind the lock screen takes no key and
no click, a file dialog closes having written nothing, and a window closed while locked
never stops the lock from opening again."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)
from pytestqt.qtbot import QtBot

from ebbtide.core import lock as core_lock
from ebbtide.ui.context import UiContext
from ebbtide.ui.main_window import MainWindow
from ebbtide.ui.privacy import settings_tab as privacy_settings
from ebbtide.ui.privacy.lock import AskPassphraseDialog, LockScreen, install_lock
from ebbtide.ui.privacy.settings_tab import ConfirmDeleteDialog, PrivacyTab
from tests.privacy.helpers import PASSPHRASE, add_note_session
from tests.ui.modal import activate


def _dangerous_dialog(parent: MainWindow) -> tuple[QDialog, QLineEdit, QPushButton, list[str]]:
    """Like Settings → Privacy: a field to type 'delete' in and a button that acts."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Privacy")
    field = QLineEdit()
    field.setAccessibleName("Type delete")
    button = QPushButton("Delete all my data")
    pressed: list[str] = []
    button.clicked.connect(lambda: pressed.append(field.text()))
    layout = QVBoxLayout(dialog)
    layout.addWidget(field)
    layout.addWidget(button)
    dialog.show()
    return dialog, field, button, pressed


def test_a_dialog_left_open_behind_the_lock_takes_no_keys_or_clicks(
    qtbot: QtBot, ui_ctx: UiContext,
) -> None:
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    activate(qtbot, window)
    core_lock.enable_lock(ui_ctx.store, PASSPHRASE)
    controller = install_lock(window, ui_ctx)
    dialog, field, button, pressed = _dangerous_dialog(window)
    qtbot.waitExposed(dialog)
    controller.lock()
    # What an attacker tried: Tab onto the button and Space, type into the field, click.
    for widget in (button, field, dialog):
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        qtbot.keyClick(widget, Qt.Key.Key_Space)
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    qtbot.keyClicks(field, "delete")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    button.animateClick()  # even a click from code needs the button enabled
    qtbot.wait(200)
    assert pressed == [] and field.text() == ""
    assert dialog.isVisible() and core_lock.is_locked(ui_ctx.store)
    [cover] = dialog.findChildren(LockScreen)
    cover.secret.setText(PASSPHRASE)
    qtbot.keyClick(cover.secret, Qt.Key.Key_Return)
    assert not controller.locked and button.isEnabled() and field.isEnabled()


def test_a_file_dialog_closes_at_lock_and_writes_nothing(
    qtbot: QtBot, ui_ctx: UiContext, tmp_path: Path,
) -> None:
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    activate(qtbot, window)
    controller = install_lock(window, ui_ctx)
    chosen: list[str] = []
    dialog = QFileDialog(window, "Export worksheet", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.selectFile(str(tmp_path / "worksheet.txt"))
    dialog.fileSelected.connect(chosen.append)
    dialog.show()
    qtbot.waitExposed(dialog)
    controller.lock()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert not dialog.isVisible() and chosen == []
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_a_window_closed_while_locked_does_not_keep_the_lock_stuck(
    qtbot: QtBot, ui_ctx: UiContext,
) -> None:
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    activate(qtbot, window)
    core_lock.enable_lock(ui_ctx.store, PASSPHRASE)
    controller = install_lock(window, ui_ctx)
    dialog, _, _, _ = _dangerous_dialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    qtbot.waitExposed(dialog)
    controller.lock()
    dialog.close()  # closed by the program while locked, and deleted
    qtbot.wait(50)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert controller.try_unlock("not it at all", recovery=False) is False
    assert controller.try_unlock(PASSPHRASE, recovery=False) is True
    assert not controller.locked and not isinstance(window.centralWidget(), LockScreen)


def test_delete_all_asks_for_the_passphrase_at_the_moment_it_acts(
    qtbot: QtBot, ui_ctx: UiContext, monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_note_session(ui_ctx.store, "must survive a wrong passphrase")
    core_lock.enable_lock(ui_ctx.store, PASSPHRASE)
    monkeypatch.setattr(ConfirmDeleteDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    exited: list[int] = []
    monkeypatch.setattr(privacy_settings.QApplication, "exit", lambda code=0: exited.append(code))
    monkeypatch.setattr(QMessageBox, "information", lambda *args: None)
    asked: list[str] = []

    def answer(dialog: AskPassphraseDialog) -> int:
        asked.append(dialog.windowTitle())
        if len(asked) == 1:
            dialog.field.setText("a wrong guess here")
            return QDialog.DialogCode.Accepted
        assert "didn't match" in dialog.message.text()
        return QDialog.DialogCode.Rejected  # the attacker gives up

    monkeypatch.setattr(AskPassphraseDialog, "exec", answer)
    tab = PrivacyTab(ui_ctx)
    qtbot.addWidget(tab)
    tab._delete_all()
    assert asked == ["Delete everything", "Delete everything"] and exited == []
    assert ui_ctx.paths.database.exists() and ui_ctx.store.count_sessions() == 1

    def right(dialog: AskPassphraseDialog) -> int:
        dialog.field.setText(PASSPHRASE)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AskPassphraseDialog, "exec", right)
    tab._delete_all()
    assert exited == [0] and not ui_ctx.paths.database.exists()
