"""Settings → Privacy (the lock, the idle time, deleting everything) and Settings →
Backups (list, restore, back up now). The settings dialog adds these tabs through
`privacy_settings_tabs(ctx)`."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ebbtide import APP_NAME
from ebbtide.core import backup as core_backup
from ebbtide.core import lock as core_lock
from ebbtide.core.crypto import WrongSecret
from ebbtide.core.settings import SettingKey
from ebbtide.core.store import StoreError
from ebbtide.core.wipe import data_items
from ebbtide.ui.common.spin import count_suffix
from ebbtide.ui.context import UiContext
from ebbtide.ui.operations import privacy as privacy_ops
from ebbtide.ui.privacy.lock import (
    LOCK_SHORTCUT,
    AskPassphraseDialog,
    PassphraseDialog,
    confirm_with_passphrase,
    controller_for,
    set_up_lock,
)
from ebbtide.ui.theme import space

CONFIRM_WORD = "delete"
RIGHT_ALIGNED = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def privacy_settings_tabs(ctx: UiContext) -> list[tuple[str, QWidget]]:
    return [("Privacy", PrivacyTab(ctx)), ("Backups", BackupsTab(ctx))]


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} bytes"


class PrivacyTab(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAccessibleName("Privacy settings")
        layout = QVBoxLayout(self)
        layout.setSpacing(space("l"))

        lock_box = QGroupBox("Lock")
        lock_layout = QVBoxLayout(lock_box)
        self.status = QLabel()
        self.status.setWordWrap(True)
        lock_layout.addWidget(self.status)
        row = QHBoxLayout()
        self.turn_on = QPushButton("Turn the lock on…")
        self.turn_on.clicked.connect(self._turn_on)
        self.change = QPushButton("Change passphrase…")
        self.change.clicked.connect(self._change)
        self.turn_off = QPushButton("Turn the lock off…")
        self.turn_off.clicked.connect(self._turn_off)
        self.lock_now = QPushButton(f"Lock now ({LOCK_SHORTCUT})")
        self.lock_now.setAccessibleName("Lock now")
        self.lock_now.clicked.connect(self._lock_now)
        for button in (self.turn_on, self.change, self.turn_off, self.lock_now):
            button.setAccessibleName(button.accessibleName() or button.text().rstrip("…"))
            row.addWidget(button)
        row.addStretch(1)
        lock_layout.addLayout(row)
        idle_row = QHBoxLayout()
        idle_label = QLabel("Lock after")
        self.idle = QSpinBox()
        self.idle.setRange(0, 240)
        count_suffix(self.idle, "minute", "minutes", " without use")
        self.idle.setSpecialValueText("never (only when I ask)")
        self.idle.setValue(int(ctx.settings[SettingKey.LOCK_IDLE_MINUTES]))
        self.idle.setAccessibleName("Lock after this many minutes without use; 0 is never")
        idle_label.setBuddy(self.idle)
        self.idle.valueChanged.connect(
            lambda v: ctx.set_setting(SettingKey.LOCK_IDLE_MINUTES, int(v)))
        idle_row.addWidget(idle_label)
        idle_row.addWidget(self.idle)
        idle_row.addStretch(1)
        lock_layout.addLayout(idle_row)
        layout.addWidget(lock_box)

        delete_box = QGroupBox("Delete all my data")
        delete_layout = QVBoxLayout(delete_box)
        explain = QLabel(
            "Removes everything Ebbtide has kept on this computer: your entries and "
            "practice history, backups, imported recordings, settings and logs. It can't "
            "be undone. Ebbtide closes afterwards."
        )
        explain.setWordWrap(True)
        delete_layout.addWidget(explain)
        self.delete_button = QPushButton("Delete all my data…")
        self.delete_button.setObjectName("dangerButton")
        self.delete_button.setAccessibleName("Delete all my data")
        self.delete_button.clicked.connect(self._delete_all)
        delete_row = QHBoxLayout()
        delete_row.addWidget(self.delete_button)
        delete_row.addStretch(1)
        delete_layout.addLayout(delete_row)
        layout.addWidget(delete_box)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        on = core_lock.lock_enabled(self.ctx.store)
        if on:
            self.status.setText(
                "The lock is on. Your own words — worksheet answers, notes, journal "
                "entries and recording titles — are encrypted on this computer."
            )
        else:
            self.status.setText(
                "The lock is off. Your words are kept on this computer without encryption, "
                "so anyone who can open its files could read them. "
                f"{LOCK_SHORTCUT} still hides the window whenever you like."
            )
        self.turn_on.setVisible(not on)
        self.change.setVisible(on)
        self.turn_off.setVisible(on)

    def _turn_on(self) -> None:
        set_up_lock(self, self.ctx)
        self.refresh()

    def _change(self) -> None:
        dialog = PassphraseDialog(
            "Change passphrase",
            "Your words stay encrypted the whole time; only the key that opens them changes. "
            "Your recovery key keeps working.",
            need_current=True, parent=self,
        )
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                privacy_ops.change_passphrase(self.ctx, dialog.current_passphrase(),
                                              dialog.new_passphrase(), self)
            except WrongSecret:
                dialog.problem.setText("The current passphrase didn't match. Please try again.")
                dialog.current.clear()
                dialog.current.setFocus()
                continue
            self.ctx.notice.emit("Your passphrase is changed.")
            break
        self.refresh()

    def _turn_off(self) -> None:
        dialog = AskPassphraseDialog(
            "Turn the lock off",
            "With the lock off, your words are kept on this computer without encryption, "
            "and backups are opened too. Type your passphrase to confirm.",
            "Turn the lock off", self,
        )
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                privacy_ops.disable_lock(self.ctx, dialog.field.text(), self)
            except WrongSecret:
                dialog.message.setText("That passphrase didn't match. Nothing has changed.")
                dialog.field.clear()
                continue
            self.ctx.notice.emit("The lock is off.")
            break
        self.refresh()

    def _lock_now(self) -> None:
        controller = controller_for(self.ctx)
        if controller is None:
            return
        window = self.window()
        if isinstance(window, QDialog):
            window.accept()  # close Settings first, so nothing lingers behind the lock
        controller.lock()

    def _delete_all(self) -> None:
        dialog = ConfirmDeleteDialog(self.ctx, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if not confirm_with_passphrase(self, self.ctx, "This deletes everything, backups "
                                       "included.", "Delete everything"):
            return
        controller = controller_for(self.ctx)
        if controller is not None:
            for page in controller.pages():
                page.page_hidden()
        self.ctx.stop_all_sound()
        report = privacy_ops.delete_everything(self.ctx, self)
        self.ctx.settings.path = None  # nothing may write the settings file back
        text = report.summary()
        if report.failed:
            text += "\n\n" + "\n".join(str(p) for p in report.failed)
        QMessageBox.information(self, APP_NAME, text + "\n\nEbbtide will close now.")
        QApplication.exit(0)


class ConfirmDeleteDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Delete all my data")
        self.setAccessibleName("Delete all my data")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        items = data_items(ctx.paths)
        text = QLabel(
            "This removes everything Ebbtide has kept: your entries, practice history, "
            f"backups, recordings, settings and logs ({len(items)} files and folders). "
            "It cannot be undone.\n\n"
            f"If you're sure, type the word “{CONFIRM_WORD}” below."
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        self.word = QLineEdit()
        self.word.setAccessibleName(f"Type {CONFIRM_WORD} to confirm")
        self.word.setPlaceholderText(CONFIRM_WORD)
        layout.addWidget(self.word)
        buttons = QDialogButtonBox()
        self.delete_button = buttons.addButton("Delete everything",
                                               QDialogButtonBox.ButtonRole.DestructiveRole)
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self.accept)
        keep = buttons.addButton("Keep my data", QDialogButtonBox.ButtonRole.RejectRole)
        keep.setDefault(True)
        # The filled button is the one Enter presses: keeping, never the deletion.
        keep.setProperty("role", "primary")
        buttons.rejected.connect(self.reject)
        self.word.textChanged.connect(
            lambda t: self.delete_button.setEnabled(t.strip().lower() == CONFIRM_WORD)
        )
        layout.addWidget(buttons)


class BackupsTab(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAccessibleName("Backups")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Ebbtide backs up your data once a day when you use it, keeping the last "
            "7 days and the last 4 weeks, and before every update. Backups stay on this "
            "computer and are locked whenever the lock is on."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Made", "Why", "Size"])
        self.table.setAccessibleName("Backups, newest first")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table, 1)
        self.empty = QLabel("No backups yet. The first one is made today.")
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        self.restore_button = QPushButton("Restore this backup…")
        self.restore_button.setAccessibleName("Restore the selected backup")
        self.restore_button.clicked.connect(self._restore)
        self.backup_now = QPushButton("Back up now to a folder…")
        self.backup_now.setAccessibleName("Back up now to a folder")
        self.backup_now.clicked.connect(self._backup_to_folder)
        # A backup saved to a folder (or another computer's) comes back from here.
        self.restore_file = QPushButton("Restore from a file…")
        self.restore_file.setAccessibleName("Restore a backup saved in a folder")
        self.restore_file.clicked.connect(self._restore_from_file)
        row.addWidget(self.restore_button)
        row.addWidget(self.restore_file)
        row.addStretch(1)
        row.addWidget(self.backup_now)
        layout.addLayout(row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        self.backups = core_backup.list_backups(self.ctx.paths)
        self.table.setRowCount(len(self.backups))
        for r, b in enumerate(self.backups):
            cells = (b.created.strftime("%A %d %B %Y, %H:%M"), b.label, human_size(b.size_bytes))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 2:
                    item.setTextAlignment(RIGHT_ALIGNED)
                self.table.setItem(r, c, item)
        self.empty.setVisible(not self.backups)
        self.table.setVisible(bool(self.backups))
        if self.backups:
            self.table.selectRow(0)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def selected(self) -> core_backup.BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.backups[rows[0].row()]

    def _restore(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        when = chosen.created.strftime("%A %d %B %Y, %H:%M")
        answer = QMessageBox.question(
            self, "Restore a backup",
            f"Bring back your data as it was on {when}?\n\nWhat you have now is kept aside "
            "as a backup first, so nothing is lost — you can restore it again later.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        if not confirm_with_passphrase(self, self.ctx, "Restoring replaces what you have "
                                       "now (it is kept aside first).", "Restore"):
            return
        self.message.setText(self.restore(chosen))

    def _restore_from_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Restore a backup from a file", str(Path.home()),
            "Ebbtide backups (ebbtide-backup-*.sqlite3 *.sqlite3);;All files (*)")
        if not chosen:
            return
        answer = QMessageBox.question(
            self, "Restore a backup",
            f"Bring back your data as it is in “{Path(chosen).name}”?\n\nWhat you have now is "
            "kept aside as a backup first, so nothing is lost.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.message.setText(self.restore(Path(chosen)))

    def restore(self, chosen: core_backup.BackupInfo | Path) -> str:
        """Restore and say what happened (kept separate from the question for tests)."""
        controller = controller_for(self.ctx)
        if controller is not None:
            for page in controller.pages():
                page.page_hidden()  # save and stop before the data changes underneath
        try:
            aside = privacy_ops.restore_backup(self.ctx, chosen, self)
        except (core_backup.BackupError, StoreError, OSError) as exc:
            return f"The backup was not restored: {exc}"
        self.refresh()
        text = (f"Restored. What you had just before is kept as a backup "
                f"(“{core_backup.KIND_LABELS[core_backup.KIND_BEFORE_RESTORE]}”, {aside.name}).")
        if core_lock.is_locked(self.ctx.store) and controller is not None:
            window = self.window()
            if isinstance(window, QDialog):
                window.accept()
            controller.lock()  # the restored data has its own passphrase
        return text

    def _backup_to_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Choose a folder for the backup")
        if folder and confirm_with_passphrase(self, self.ctx, "A backup leaves Ebbtide's "
                                              "folder.", "Save the backup"):
            self.message.setText(self.backup_to(Path(folder)))

    def backup_to(self, folder: Path) -> str:
        try:
            made = privacy_ops.backup_to_folder(self.ctx, folder, self)
        except (OSError, StoreError) as exc:
            return f"The backup could not be saved there ({type(exc).__name__}). " \
                   "Please choose another folder."
        extra = " It is locked with your passphrase." if core_lock.lock_enabled(self.ctx.store) \
            else " The lock is off, so anyone who opens that file can read it."
        return f"Saved a backup to {made}.{extra}"


# -- a damaged store at start-up ----------------------------------------------------------------


def restore_after_damage(ctx: UiContext,
                         chosen: core_backup.BackupInfo | Path | None = None) -> str | None:
    """Bring back `chosen` (by default the newest whole backup) into the (fresh) store.
    Returns what to tell the person, or None when there is nothing good to bring back."""
    good = chosen if chosen is not None else core_backup.newest_good_backup(ctx.paths)
    if good is None:
        return None
    try:
        privacy_ops.restore_backup(ctx, good, None)
    except (core_backup.BackupError, StoreError, OSError) as exc:
        return f"The backup could not be restored: {exc}"
    if isinstance(good, Path):
        return "Your data is back from the file that was set aside."
    return (f"Your data is back as it was on {good.created.strftime('%A %d %B %Y, %H:%M')}. "
            "The damaged file is still kept aside, untouched.")


def offer_restore_after_damage(parent: QWidget | None, ctx: UiContext, moved_to: Path) -> bool:
    """For start-up after Store.open set a store aside (this start or an earlier one that
    never got to ask): offer the set-aside file itself when it is whole after all, and the
    newest good backup. Returns True if something was brought back. (If the restored data
    is locked, the lock screen asks for the passphrase as usual.)"""
    privacy_ops.forget_moved_aside(ctx)  # asked once; the file itself stays where it is
    good = core_backup.newest_good_backup(ctx.paths)
    aside_whole = moved_to.exists() and core_backup.is_good_backup(moved_to)
    if good is None and not aside_whole:
        return False
    box = QMessageBox(parent)
    box.setWindowTitle(APP_NAME)
    box.setAccessibleName("Restore from a backup")
    box.setIcon(QMessageBox.Icon.Question)
    box.setText("Ebbtide couldn't read its saved data, so it set the file safely aside "
                "(nothing was deleted).")
    lines = []
    if aside_whole:
        lines.append("The file that was set aside opens now, so it can simply come back.")
    if good is not None:
        lines.append(f"There is a whole backup from {good.created.strftime('%A %d %B %Y, %H:%M')}.")
    box.setInformativeText(" ".join(lines) + " Would you like to bring your data back?"
                           f"\n\nThe file that was set aside is here:\n{moved_to}")
    bring_back = box.addButton("Bring back the set-aside file",
                               QMessageBox.ButtonRole.AcceptRole) if aside_whole else None
    restore = box.addButton("Restore the backup", QMessageBox.ButtonRole.AcceptRole) \
        if good is not None else None
    box.addButton("Start fresh", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if clicked is None or clicked not in (bring_back, restore):
        return False
    message = restore_after_damage(ctx, moved_to if clicked is bring_back else good)
    if message:
        QMessageBox.information(parent, APP_NAME, message)
    controller = controller_for(ctx)
    if controller is not None and core_lock.is_locked(ctx.store):
        controller.lock()
    return message is not None and message.startswith("Your data is back")
