"""Settings → Privacy and Settings → Backups, as a person uses them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from ebbtide.core import backup as core_backup
from ebbtide.core import lock as core_lock
from ebbtide.core.settings import SettingKey
from ebbtide.ui.context import UiContext
from ebbtide.ui.operations import Change
from ebbtide.ui.privacy import settings_tab as privacy_settings
from ebbtide.ui.privacy.lock import PassphraseDialog
from ebbtide.ui.privacy.settings_tab import (
    AskPassphraseDialog,
    BackupsTab,
    ConfirmDeleteDialog,
    PrivacyTab,
    human_size,
    privacy_settings_tabs,
)
from ebbtide.ui.settings_dialog import EXTRA_TABS, SettingsDialog
from tests.privacy.helpers import PASSPHRASE, add_note_session
from tests.ui.a11y import unnamed_controls


def test_the_settings_dialog_gains_privacy_and_backups_tabs(
    qtbot: QtBot, ui_ctx: UiContext, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("ebbtide.ui.settings_dialog.EXTRA_TABS",
                        [*EXTRA_TABS, privacy_settings_tabs])
    dialog = SettingsDialog(ui_ctx)
    qtbot.addWidget(dialog)
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert "Privacy" in titles and "Backups" in titles
    for i in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(i)
        tab = dialog.tabs.widget(i)
        assert tab is not None and unnamed_controls(tab) == []


def test_privacy_tab_follows_the_lock_and_saves_the_idle_time(
    qtbot: QtBot, ui_ctx: UiContext, monkeypatch: pytest.MonkeyPatch,
) -> None:
    tab = PrivacyTab(ui_ctx)
    qtbot.addWidget(tab)
    tab.show()
    assert "off" in tab.status.text() and tab.turn_on.isVisible() and not tab.turn_off.isVisible()
    tab.idle.setValue(10)
    assert ui_ctx.settings[SettingKey.LOCK_IDLE_MINUTES] == 10
    assert tab.idle.specialValueText().startswith("never")

    core_lock.enable_lock(ui_ctx.store, PASSPHRASE)
    tab.refresh()
    assert "on" in tab.status.text() and tab.change.isVisible() and tab.turn_off.isVisible()

    # Change the passphrase: a wrong current one is met kindly, then it works.
    tries = iter([("wrong current one", "a new good phrase"), (PASSPHRASE, "a new good phrase")])

    def change(dialog: PassphraseDialog) -> int:
        try:
            current, new = next(tries)
        except StopIteration:
            return QDialog.DialogCode.Rejected
        dialog.current.setText(current)
        dialog.first.setText(new)
        dialog.second.setText(new)
        dialog._check()
        return dialog.result()

    monkeypatch.setattr(PassphraseDialog, "exec", change)
    tab._change()
    core_lock.lock_now(ui_ctx.store)
    core_lock.unlock(ui_ctx.store, "a new good phrase")

    def confirm_off(dialog: AskPassphraseDialog) -> int:
        dialog.field.setText("a new good phrase")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AskPassphraseDialog, "exec", confirm_off)
    tab._turn_off()
    assert not core_lock.lock_enabled(ui_ctx.store)
    assert tab.turn_on.isVisible()


def cell(tab: BackupsTab, row: int, column: int) -> str:
    item = tab.table.item(row, column)
    return "" if item is None else item.text()


def test_backups_tab_lists_restores_and_backs_up_to_a_folder(
    qtbot: QtBot, ui_ctx: UiContext, tmp_path: Path,
) -> None:
    tab = BackupsTab(ui_ctx)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.empty.isVisible() and not tab.restore_button.isEnabled()
    add_note_session(ui_ctx.store, "before")
    core_backup.daily_backup_if_due(ui_ctx.store, ui_ctx.paths, now=datetime(2026, 4, 3, 8, 30))
    add_note_session(ui_ctx.store, "after")
    tab.refresh()
    assert tab.table.rowCount() == 1
    assert cell(tab, 0, 0) == "Friday 03 April 2026, 08:30"
    assert cell(tab, 0, 1) == "Daily"
    assert cell(tab, 0, 2).endswith("KB")
    changed: list[bool] = []
    ui_ctx.ops.changed.connect(lambda notice: changed.append(notice.touches(Change.SESSIONS)))
    message = tab.restore(tab.selected())  # type: ignore[arg-type]
    assert message.startswith("Restored.") and changed == [True]
    assert [s.note for s in ui_ctx.store.sessions()] == ["before"]
    assert tab.table.rowCount() == 2  # the store as it was is listed, to go back to
    assert cell(tab, 0, 1) == "Before a restore"

    message = tab.backup_to(tmp_path / "elsewhere")
    assert "Saved a backup to" in message and "lock is off" in message
    assert list((tmp_path / "elsewhere").glob("ebbtide-backup-*.sqlite3"))


def test_delete_all_needs_the_word_and_then_removes_everything(
    qtbot: QtBot, ui_ctx: UiContext, monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths = ui_ctx.paths
    add_note_session(ui_ctx.store, "to be deleted")
    core_backup.daily_backup_if_due(ui_ctx.store, paths)
    paths.recordings_dir.mkdir(parents=True)
    (paths.recordings_dir / "therapist.ogg").write_bytes(b"OggS")
    paths.log_dir.mkdir(parents=True, exist_ok=True)
    paths.log_file.write_text("Started\n")
    ui_ctx.set_setting(SettingKey.THEME, "dark")

    confirm = ConfirmDeleteDialog(ui_ctx)
    qtbot.addWidget(confirm)
    assert not confirm.delete_button.isEnabled()
    confirm.word.setText("delet")
    assert not confirm.delete_button.isEnabled()
    confirm.word.setText("Delete ")
    assert confirm.delete_button.isEnabled()

    told: list[str] = []
    exited: list[int] = []
    monkeypatch.setattr(ConfirmDeleteDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    monkeypatch.setattr(privacy_settings.QApplication, "exit", lambda code=0: exited.append(code))
    tab = PrivacyTab(ui_ctx)
    qtbot.addWidget(tab)
    tab._delete_all()
    assert told and "Everything Ebbtide kept is deleted" in told[0] and exited == [0]
    for gone in (paths.database, paths.backups_dir, paths.recordings_dir, paths.log_file,
                 paths.settings_file):
        assert not gone.exists(), gone
    ui_ctx.set_setting(SettingKey.THEME, "light")  # later saves do not bring the file back
    ui_ctx.finish_writes()
    assert not paths.settings_file.exists()


@pytest.mark.parametrize(("n", "text"), [(500, "500 bytes"), (2048, "2.0 KB"),
                                         (5 * 1024 * 1024, "5.0 MB")])
def test_sizes_read_naturally(n: int, text: str) -> None:
    assert human_size(n) == text


def test_after_a_damaged_start_the_newest_good_backup_comes_back(
    qtbot: QtBot, tmp_path: Path,
) -> None:
    from ebbtide.core.paths import resolve_paths
    from ebbtide.core.settings import Settings
    from ebbtide.core.store import Store
    from ebbtide.ui.privacy.settings_tab import restore_after_damage

    paths = resolve_paths(tmp_path / "damaged")
    first = Store.open(paths.database).store
    add_note_session(first, "saved last week")
    core_backup.daily_backup_if_due(first, paths, now=datetime(2026, 4, 3, 8, 30))
    first.close()
    paths.database.write_bytes(b"not a database any more" * 50)
    opened = Store.open(paths.database)  # as start-up does: moved aside, fresh store
    assert opened.moved_aside is not None and opened.store.count_sessions() == 0
    ctx = UiContext(paths, opened.store, Settings.load(paths.settings_file))
    message = restore_after_damage(ctx)
    assert message is not None and "Friday 03 April 2026" in message
    assert [s.note for s in ctx.store.sessions()] == ["saved last week"]
    assert opened.moved_aside.exists()
    opened.store.close()


def test_a_backup_saved_to_a_folder_can_be_restored_from_the_app(
    qtbot: QtBot, ui_ctx: UiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QFileDialog

    tab = BackupsTab(ui_ctx)
    qtbot.addWidget(tab)
    add_note_session(ui_ctx.store, "kept in the folder")
    made = tab.backup_to(tmp_path / "usb")
    [saved] = list((tmp_path / "usb").glob("ebbtide-backup-*.sqlite3"))
    assert "Saved a backup to" in made
    add_note_session(ui_ctx.store, "written later")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(saved), ""))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.restore_file.click()
    assert tab.message.text().startswith("Restored.")
    assert [s.note for s in ui_ctx.store.sessions()] == ["kept in the folder"]
