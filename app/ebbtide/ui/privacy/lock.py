"""The lock screen and everything around it: lock on demand (Ctrl+L), after the idle
time, and at start when the lock is on; unlock with the passphrase or the recovery key;
the first-run offer and the dialogs that set the lock up.

While locked nothing of the person's shows: the main window's contents are taken out
and a full-window lock screen takes their place, the menu bar, status bar and any other
open window are covered, and every title is just "Ebbtide". Pages are told
`page_hidden()` first, so exercises and sound stop and anything unsaved is saved while
the key is still in memory; then the key is forgotten.
"""

from __future__ import annotations

import sqlite3
import time
import weakref
from collections.abc import Callable
from functools import partial

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ebbtide import APP_NAME
from ebbtide.core import lock as core_lock
from ebbtide.core.crypto import WrongSecret
from ebbtide.core.keys import load_keys
from ebbtide.core.settings import SettingKey
from ebbtide.core.store import StoreError, StoreHealth
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.context import UiContext
from ebbtide.ui.operations import Change, ChangeNotice
from ebbtide.ui.operations import privacy as privacy_ops
from ebbtide.ui.page import Page
from ebbtide.ui.theme import margins, space

LOCK_SHORTCUT = "Ctrl+L"
QUICK_HIDE_KEY_ID = "window.quick_hide"  # keys in resources/content/keys.toml

_INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
}
# While locked, these never reach a covered window (only its lock screen): a dialog left
# open behind the lock must not take Tab, Space, Enter or a click.
_BLOCKED_WHILE_LOCKED = {
    QEvent.Type.KeyPress,
    QEvent.Type.KeyRelease,
    QEvent.Type.ShortcutOverride,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
    QEvent.Type.InputMethod,
}


def _alive(obj: object) -> bool:
    """Qt may have deleted a widget (a dialog closed while locked) behind Python's back."""
    return obj is not None and shiboken6.isValid(obj)


def _inside_lock_screen(widget: QWidget) -> bool:
    w: QWidget | None = widget
    while w is not None:
        if isinstance(w, LockScreen):
            return True
        w = w.parentWidget()
    return False

# One controller per context, so the settings tabs can reach the lock without the main
# window having to pass it around.
_controllers: weakref.WeakKeyDictionary[UiContext, LockController] = weakref.WeakKeyDictionary()


def controller_for(ctx: UiContext) -> LockController | None:
    return _controllers.get(ctx)


# -- the lock screen --------------------------------------------------------------------


class LockScreen(QWidget):
    """A calm, full-window screen. With a passphrase lock it asks for the passphrase (or
    the recovery key); without one it is a privacy screen with a single button."""

    unlock_requested = Signal(str, bool)  # secret, is_recovery_key
    show_requested = Signal()  # privacy screen only
    help_requested = Signal()  # crisis help: needs no passphrase, shows nothing written
    breathe_requested = Signal()  # a short breathing exercise, likewise

    def __init__(self, has_passphrase: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAccessibleName("Ebbtide is locked")
        self.setAutoFillBackground(True)
        self.has_passphrase = has_passphrase
        self.use_recovery = False

        outer = QVBoxLayout(self)
        outer.addStretch(2)
        card = QFrame()
        card.setObjectName("lockCard")
        card.setProperty("role", "card")
        card.setFixedWidth(440)  # a fixed width lets wrapped text measure its height
        layout = QVBoxLayout(card)
        layout.setContentsMargins(margins("xxl", "xl"))
        layout.setSpacing(space("m"))
        self.heading = role_label(
            "Ebbtide is locked" if has_passphrase else "Ebbtide is resting", "title")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.heading)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.explain.setProperty("role", "muted")
        self.explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.explain)

        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setMinimumWidth(300)
        self.secret.returnPressed.connect(self._submit)
        self.unlock_button = QPushButton("Unlock")
        self.unlock_button.setProperty("role", "primary")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._submit)
        self.switch_button = QPushButton()
        self.switch_button.setFlat(True)
        # A quiet link-like button (styled in the theme); its focus ring stays visible.
        self.switch_button.setProperty("role", "link")
        self.switch_button.clicked.connect(self._toggle_recovery)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.show_button = QPushButton("Show Ebbtide")
        self.show_button.setProperty("role", "primary")
        self.show_button.setAccessibleName("Show Ebbtide again")
        self.show_button.clicked.connect(self.show_requested.emit)

        if has_passphrase:
            layout.addWidget(self.secret)
            layout.addWidget(self.unlock_button)
            layout.addWidget(self.switch_button)
            layout.addWidget(self.message)
            self.show_button.hide()
        else:
            for w in (self.secret, self.unlock_button, self.switch_button, self.message):
                w.hide()
            layout.addWidget(self.show_button)
        self._set_mode(recovery=False)

        # Help that needs no passphrase, below the card: a person in crisis who has
        # forgotten it is never stuck here.
        self.help_button = QPushButton("If you need help now")
        self.help_button.setAccessibleName("If you need help now: crisis lines")
        self.help_button.clicked.connect(self.help_requested.emit)
        self.breathe_button = QPushButton("Breathe for a moment")
        self.breathe_button.setAccessibleName("Breathe for a moment: two minutes")
        self.breathe_button.clicked.connect(self.breathe_requested.emit)
        help_row = QHBoxLayout()
        help_row.addStretch(1)
        help_row.addWidget(self.help_button)
        help_row.addWidget(self.breathe_button)
        help_row.addStretch(1)

        # Stretches, not an alignment flag: an aligned widget gets its size hint only, and
        # wrapped text would be cut off.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addSpacing(space("l"))
        outer.addLayout(help_row)
        outer.addStretch(3)

    def _set_mode(self, recovery: bool) -> None:
        self.use_recovery = recovery
        self.secret.clear()
        self.message.clear()
        if not self.has_passphrase:
            self.explain.setText("Your things are out of sight. Nothing has been closed.")
        elif recovery:
            self.explain.setText("Type the recovery key you wrote down when you set up the "
                                 "lock. Spaces and dashes don't matter.")
            self.secret.setEchoMode(QLineEdit.EchoMode.Normal)
            self.secret.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
            self.secret.setAccessibleName("Recovery key")
            self.switch_button.setText("Use my passphrase instead")
        else:
            self.explain.setText("Your words are encrypted. Type your passphrase to open "
                                 "them.")
            self.secret.setEchoMode(QLineEdit.EchoMode.Password)
            self.secret.setPlaceholderText("Passphrase")
            self.secret.setAccessibleName("Passphrase")
            self.switch_button.setText("Use recovery key instead")
        self.switch_button.setAccessibleName(self.switch_button.text())
        self.secret.setFocus()

    def _toggle_recovery(self) -> None:
        self._set_mode(not self.use_recovery)

    def _submit(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        text = self.secret.text()
        if not text:
            self.message.setText("Type your passphrase, then press Enter.")
            return
        self.unlock_requested.emit(text, self.use_recovery)

    def set_waiting(self, seconds: int, text: str) -> None:
        self.unlock_button.setEnabled(seconds <= 0)
        self.message.setText(text)

    def focus_entry(self) -> None:
        (self.secret if self.has_passphrase else self.show_button).setFocus()


# -- the controller ---------------------------------------------------------------------


class LockController(QObject):
    locked_changed = Signal(bool)

    def __init__(self, window: QMainWindow, ctx: UiContext) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self.throttle = core_lock.UnlockThrottle()
        self.screens: list[LockScreen] = []
        self._locked = False
        self._saved_central: QWidget | None = None
        self._saved_title = ""
        self._covered: list[tuple[QWidget, LockScreen, str]] = []
        self._disabled_actions: list[QAction] = []
        self._hidden_bars: list[QWidget] = []
        self._disabled_widgets: list[QWidget] = []
        self._told_unreadable = 0
        self._told_damage = False

        self.lock_action = QAction("&Lock Ebbtide", window)
        self.lock_action.setShortcut(QKeySequence(LOCK_SHORTCUT))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self.lock)
        window.addAction(self.lock_action)
        self._lock_keys = QKeySequence(LOCK_SHORTCUT)
        self._hide_keys = [QKeySequence(k) for k in load_keys().sequences(QUICK_HIDE_KEY_ID)]

        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self._idle_timeout)
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        ctx.ops.changed.connect(self._data_changed)
        self.restart_idle_timer()

    # -- state ---------------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        return self._locked

    def idle_ms(self) -> int:
        return int(self.ctx.settings[SettingKey.LOCK_IDLE_MINUTES]) * 60_000

    def restart_idle_timer(self) -> None:
        if self.idle_ms() > 0 and not self.locked:
            self.idle_timer.start(self.idle_ms())
        else:
            self.idle_timer.stop()

    def _data_changed(self, notice: ChangeNotice) -> None:
        if notice.setting is SettingKey.LOCK_IDLE_MINUTES:
            self.restart_idle_timer()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and QKeySequence(event.keyCombination()) in self._hide_keys:
            # Quick hide works from every page and dialog, locked or not, so an
            # app-wide filter (like Ctrl+L's) rather than a shortcut.
            QTimer.singleShot(0, self.quick_hide)
            return True
        if self.locked and kind in _BLOCKED_WHILE_LOCKED and isinstance(watched, QWidget) \
                and self._is_covered(watched):
            return True
        if kind == QEvent.Type.KeyPress and not self.locked and isinstance(event, QKeyEvent) \
                and QKeySequence(event.keyCombination()) == self._lock_keys:
            # A modal dialog blocks the window's shortcut; Ctrl+L must lock all the same.
            QTimer.singleShot(0, self.lock)
            return True
        if kind in _INPUT_EVENTS and not self.locked and self.idle_timer.isActive():
            self.idle_timer.start(self.idle_ms())
        elif kind == QEvent.Type.Resize and self._covered:
            for window, screen, _ in self._live_covered():
                if watched is window:
                    screen.setGeometry(window.rect())
        return False

    def _is_covered(self, widget: QWidget) -> bool:
        """A widget in the main window or a covered window, outside its lock screen."""
        if _inside_lock_screen(widget):
            return False
        top = widget.window()
        return top is self.window or any(top is w for w, _, _ in self._live_covered())

    def _live_covered(self) -> list[tuple[QWidget, LockScreen, str]]:
        self._covered = [c for c in self._covered if _alive(c[0]) and _alive(c[1])]
        return self._covered

    def live_screens(self) -> list[LockScreen]:
        self.screens = [s for s in self.screens if _alive(s)]
        return self.screens

    def _idle_timeout(self) -> None:
        page = self._current_page()
        if page is not None and page.busy():
            self.restart_idle_timer()  # never interrupt a running exercise
            return
        self.lock()

    # -- locking ------------------------------------------------------------------------------

    def pages(self) -> list[Page]:
        pages = getattr(self.window, "pages", None)
        if isinstance(pages, dict):
            return [p for p in pages.values() if isinstance(p, Page)]
        central = self._saved_central or self.window.centralWidget()
        return central.findChildren(Page) if central is not None else []

    def _current_page(self) -> Page | None:
        page = getattr(self.window, "current_page", None)
        return page if isinstance(page, Page) else None

    def lock(self) -> None:
        """Cover everything; with the passphrase lock on, also forget the key."""
        if self.locked:
            return
        for page in self.pages():
            page.page_hidden()  # stop and save while the key is still here
        self._locked = True
        self.ctx.stop_all_sound()
        has_passphrase = core_lock.lock_enabled(self.ctx.store)

        self._saved_title = self.window.windowTitle()
        self.window.setWindowTitle(APP_NAME)
        # isHidden, not isVisible: at start-up the window is not shown yet.
        for bar in (self.window.menuBar(), self.window.statusBar()):
            if not bar.isHidden():
                bar.hide()
                self._hidden_bars.append(bar)
        for child in self.window.findChildren(QWidget):
            if child.parent() is self.window and not child.isHidden() and \
                    isinstance(child, QToolBar | QDockWidget):
                child.hide()
                self._hidden_bars.append(child)
        for action in self.window.actions():
            if action is not self.lock_action and action.isEnabled():
                action.setEnabled(False)
                self._disabled_actions.append(action)
        self._saved_central = self.window.takeCentralWidget()
        main_screen = self._new_screen(has_passphrase)
        self.window.setCentralWidget(main_screen)
        self._cover_other_windows(has_passphrase)

        if has_passphrase:
            core_lock.lock_now(self.ctx.store)
        self.idle_timer.stop()
        main_screen.focus_entry()
        self.locked_changed.emit(True)

    def _new_screen(self, has_passphrase: bool) -> LockScreen:
        screen = LockScreen(has_passphrase)
        screen.unlock_requested.connect(self.try_unlock)
        screen.show_requested.connect(self._unlocked)
        screen.help_requested.connect(self.show_crisis_help)
        screen.breathe_requested.connect(self.breathe_while_locked)
        self.screens.append(screen)
        return screen

    def _cover_other_windows(self, has_passphrase: bool) -> None:
        for widget in QApplication.topLevelWidgets():
            if widget is self.window or not widget.isVisible() or widget in self.screens:
                continue
            if widget.windowType() in (Qt.WindowType.Popup, Qt.WindowType.ToolTip):
                widget.hide()  # menus and tooltips simply close
                continue
            if isinstance(widget, QFileDialog):
                # A file dialog's Enter writes a file: it closes, having written nothing.
                widget.setWindowTitle(APP_NAME)
                widget.reject()
                continue
            screen = self._new_screen(has_passphrase)
            screen.setParent(widget)
            screen.setGeometry(widget.rect())
            # Everything else in the window is disabled, so Tab stays on the lock screen.
            direct = Qt.FindChildOption.FindDirectChildrenOnly
            for child in widget.findChildren(QWidget, options=direct):
                if child is not screen and child.isEnabled():
                    child.setEnabled(False)
                    self._disabled_widgets.append(child)
            screen.show()
            screen.raise_()
            self._covered.append((widget, screen, widget.windowTitle()))
            widget.setWindowTitle(APP_NAME)

    # -- unlocking -----------------------------------------------------------------------------

    def try_unlock(self, secret: str, recovery: bool) -> bool:
        now = time.monotonic()
        wait = self.throttle.wait_seconds(now)
        if wait > 0:
            self._show_wait(wait)
            return False
        try:
            privacy_ops.unlock(self.ctx, secret, recovery=recovery, parent=self.window)
        except WrongSecret as exc:
            delay = self.throttle.record_failure(time.monotonic())
            if "32 letters" in str(exc):
                text = str(exc)
            elif recovery:
                text = "That recovery key didn't open it. Check each group of four and try again."
            else:
                text = "That passphrase didn't open it. Take your time and try again."
            for screen in self.live_screens():
                screen.secret.selectAll()
                screen.set_waiting(0, text)
            if delay > 0:
                self._show_wait(delay)
            return False
        except StoreError as exc:
            for screen in self.live_screens():
                screen.set_waiting(0, str(exc))
            return False
        self.throttle.record_success()
        self._unlocked()
        if recovery:
            QTimer.singleShot(0, self._offer_new_passphrase)
        return True

    def _show_wait(self, seconds: float) -> None:
        self._wait_until = time.monotonic() + seconds
        self._tick()
        self._countdown.start()

    def _tick(self) -> None:
        left = max(0, round(getattr(self, "_wait_until", 0.0) - time.monotonic()))
        if left <= 0:
            self._countdown.stop()
            for screen in self.live_screens():
                screen.set_waiting(0, "You can try again now.")
            return
        for screen in self.live_screens():
            screen.set_waiting(left, f"Let's pause a moment — you can try again in {left} s. "
                                     "Nothing has been changed.")

    def _unlocked(self) -> None:
        if not self.locked:
            return
        self._countdown.stop()
        # A covered window may have been closed (and deleted) while locked: skip it.
        for window, screen, title in self._live_covered():
            screen.hide()
            screen.deleteLater()
            window.setWindowTitle(title)
        self._covered.clear()
        for widget in self._disabled_widgets:
            if _alive(widget):
                widget.setEnabled(True)
        self._disabled_widgets.clear()
        self.window.takeCentralWidget()  # the lock screen
        if self._saved_central is not None:
            self.window.setCentralWidget(self._saved_central)
        self._saved_central = None
        self._locked = False
        for screen in self.live_screens():
            screen.deleteLater()
        self.screens.clear()
        for bar in self._hidden_bars:
            bar.show()
        self._hidden_bars.clear()
        for action in self._disabled_actions:
            action.setEnabled(True)
        self._disabled_actions.clear()
        self.window.setWindowTitle(self._saved_title)
        page = self._current_page()
        if page is not None:
            page.page_shown()
        if core_lock.lock_enabled(self.ctx.store):
            privacy_ops.sync_backups(self.ctx)
            privacy_ops.seal_pending_recordings(self.ctx)
            self.check_health()  # now the words can be tried too
        self.restart_idle_timer()
        self.locked_changed.emit(False)

    # -- help without the passphrase ---------------------------------------------------------

    def show_crisis_help(self) -> None:
        from ebbtide.ui.privacy.lock_help import CrisisHelpDialog

        CrisisHelpDialog(self.ctx, self.window).exec()

    def breathe_while_locked(self) -> None:
        from ebbtide.ui.privacy.lock_help import LockedBreathingDialog

        LockedBreathingDialog(self.ctx, self.window).exec()

    # -- quick hide --------------------------------------------------------------------------

    def quick_hide(self) -> None:
        """Out of sight at once: locked (or, with no lock set, the calm screen), every
        title "Ebbtide", and the window minimised with whatever was open over it."""
        self.lock()
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and widget.isWindow() and \
                    widget.windowType() not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip):
                widget.showMinimized()

    # -- health --------------------------------------------------------------------------

    def check_health(self) -> None:
        """In the background after opening and after each unlock: SQLite's quick_check
        and every sealed value tried. Told kindly, once, if something is wrong."""
        privacy_ops.check_health(self.ctx, self.tell_health)

    def tell_health(self, health: StoreHealth) -> None:
        if self.locked:
            return  # told after the next unlock instead
        if health.unreadable and health.unreadable != self._told_unreadable:
            self._told_unreadable = health.unreadable
            n = health.unreadable
            one = n == 1
            self.ctx.notice.emit(
                f"{n} saved {'entry' if one else 'entries'} couldn't be read (damaged on "
                f"disk) and {'is' if one else 'are'} left out. Everything else is here; a "
                f"backup may still have {'it' if one else 'them'}.")
        if not health.whole and not self._told_damage:
            self._told_damage = True
            self.offer_backup_for_damage()

    def offer_backup_for_damage(self) -> None:
        from ebbtide.core import backup as core_backup

        good = core_backup.newest_good_backup(self.ctx.paths)
        box = QMessageBox(self.window)
        box.setWindowTitle(APP_NAME)
        box.setAccessibleName("Some saved data is damaged")
        box.setIcon(QMessageBox.Icon.Information)
        box.setText("Ebbtide noticed that part of its saved data is damaged. What can be "
                    "read is still here, and nothing has been changed.")
        restore = None
        if good is not None:
            when = good.created.strftime("%A %d %B %Y, %H:%M")
            box.setInformativeText(f"There is a whole backup from {when}. You can bring it "
                                   "back now (what you have is kept aside first), or later "
                                   "from Settings → Backups.")
            restore = box.addButton("Restore the backup", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if restore is None or box.clickedButton() is not restore or good is None:
            return
        if not confirm_with_passphrase(self.window, self.ctx, "Restoring replaces what you "
                                       "have now (it is kept aside first).", "Restore"):
            return
        for page in self.pages():
            page.page_hidden()
        try:
            privacy_ops.restore_backup(self.ctx, good, self.window)
        except (StoreError, OSError, RuntimeError) as exc:
            self.ctx.notice.emit(f"The backup was not restored: {exc}")
            return
        if core_lock.is_locked(self.ctx.store):
            self.lock()

    def _offer_new_passphrase(self) -> None:
        dialog = PassphraseDialog(
            "Choose a new passphrase",
            "You came in with your recovery key. If you've forgotten your passphrase, "
            "choose a new one now. Your recovery key keeps working.",
            need_current=False,
            parent=self.window,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            privacy_ops.set_new_passphrase(self.ctx, dialog.new_passphrase(), self.window)
            self.ctx.notice.emit("Your new passphrase is set.")


def install_lock(window: QMainWindow, ctx: UiContext) -> LockController:
    """Called by the main window once it is built. Locks at once when the lock is on."""
    controller = LockController(window, ctx)
    _controllers[ctx] = controller
    if core_lock.start_locked_if_needed(ctx.store) or core_lock.is_locked(ctx.store):
        controller.lock()
    else:
        controller.check_health()
    return controller


# -- dialogs ---------------------------------------------------------------------------------


class PassphraseDialog(QDialog):
    """New passphrase (twice), optionally the current one first."""

    def __init__(self, title: str, intro: str, *, need_current: bool,
                 parent: QWidget | None = None, accept_text: str = "Save") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        text = QLabel(intro)
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.current = QLineEdit()
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.current.setAccessibleName("Current passphrase")
        if need_current:
            form.addRow("Current passphrase", self.current)
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName("New passphrase")
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setAccessibleName("New passphrase again")
        form.addRow("New passphrase", self.first)
        form.addRow("Once more", self.second)
        layout.addLayout(form)
        self.show_text = QCheckBox("Show what I type")
        self.show_text.setAccessibleName("Show what I type")
        self.show_text.toggled.connect(self._show_toggled)
        layout.addWidget(self.show_text)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setText("A few ordinary words strung together are easy to remember and "
                             "hard to guess. At least 8 characters.")
        layout.addWidget(self.problem)
        self.need_current = need_current
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setProperty("role", "primary")
        cancel = buttons.addButton("Not now", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAccessibleName("Not now")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.current if need_current else self.first).setFocus()

    def _show_toggled(self, on: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
        for field in (self.current, self.first, self.second):
            field.setEchoMode(mode)

    def _check(self) -> None:
        problem = core_lock.passphrase_problem(self.first.text())
        if self.need_current and not self.current.text():
            problem = "Please type your current passphrase first."
        elif problem is None and self.first.text() != self.second.text():
            problem = "The two new passphrases are not the same yet. Please type them again."
        if problem:
            self.problem.setText(problem)
            return
        self.accept()

    def new_passphrase(self) -> str:
        return self.first.text()

    def current_passphrase(self) -> str:
        return self.current.text()


class RecoveryKeyDialog(QDialog):
    """Shows the recovery key once. It can't be shown again, so closing asks that it was
    written down."""

    def __init__(self, recovery_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your recovery key")
        self.setAccessibleName("Your recovery key")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "The lock is on. If you ever forget your passphrase, this recovery key opens "
            "Ebbtide instead. Please write it down on paper and keep it somewhere safe "
            "and private. It is shown only this once; Ebbtide does not keep a copy."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        groups = recovery_key.split("-")
        half = (len(groups) + 1) // 2  # two even lines of four groups
        self.key_label = role_label(
            " ".join(groups[:half]) + "\n" + " ".join(groups[half:]), "notice")
        # Large and monospaced (the theme's #recoveryKey), so each character is easy to
        # copy by hand.
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                               | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setWordWrap(True)
        self.key_label.setAccessibleDescription(" ".join(recovery_key.replace("-", " ")))
        self.key_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.key_label.setObjectName("recoveryKey")
        layout.addWidget(self.key_label)
        self.written = QCheckBox("I have written it down somewhere safe")
        self.written.setAccessibleName("I have written the recovery key down")
        layout.addWidget(self.written)
        buttons = QDialogButtonBox()
        self.done_button = buttons.addButton("Done", QDialogButtonBox.ButtonRole.AcceptRole)
        self.done_button.setProperty("role", "primary")
        self.done_button.setEnabled(False)
        self.written.toggled.connect(self.done_button.setEnabled)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def reject(self) -> None:  # Esc: only once it is written down
        if self.written.isChecked():
            super().reject()


class AskPassphraseDialog(QDialog):
    def __init__(self, title: str, text: str, action: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        label = QLabel(text)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName("Passphrase")
        self.field.setPlaceholderText("Passphrase")
        layout.addWidget(self.field)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        go = buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        go.setProperty("role", "primary")
        buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def confirm_with_passphrase(parent: QWidget | None, ctx: UiContext, what: str,
                            action: str) -> bool:
    """With the lock on, ask for the passphrase right before an action that takes words
    out of Ebbtide or removes them (export, restore, delete): a window that was left open
    is not enough. True when the lock is off or the passphrase matched."""
    if not core_lock.lock_enabled(ctx.store):
        return True
    controller = controller_for(ctx)
    if core_lock.is_locked(ctx.store) or (controller is not None and controller.locked):
        return False
    dialog = AskPassphraseDialog(action, f"{what} Type your passphrase to go ahead.",
                                 action, parent)
    while dialog.exec() == QDialog.DialogCode.Accepted:
        secret = dialog.field.text()
        try:
            ctx.ops.run_and_wait(partial(core_lock.check_passphrase, passphrase=secret),
                                 changes=Change(0), progress="Checking…", parent=parent)
        except WrongSecret:
            dialog.message.setText("That passphrase didn't match. Nothing has changed.")
            dialog.field.clear()
            continue
        return True
    return False


def set_up_lock(parent: QWidget | None, ctx: UiContext,
                show_key: Callable[[str, QWidget | None], None] | None = None) -> bool:
    """Ask for a passphrase, turn the lock on, show the recovery key. True if it is on."""
    dialog = PassphraseDialog(
        "Lock Ebbtide with a passphrase",
        "With the lock on, everything you write in your own words is encrypted on this "
        "computer. Only your passphrase (or the recovery key you'll be shown next) can "
        "open it. Ebbtide never stores your passphrase, so please pick one you'll remember.",
        need_current=False, parent=parent, accept_text="Turn the lock on",
    )
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    try:
        result = privacy_ops.enable_lock(ctx, dialog.new_passphrase(), parent)
    except (StoreError, ValueError) as exc:
        QMessageBox.warning(parent, APP_NAME, f"The lock could not be turned on. {exc}")
        return False
    except (sqlite3.Error, OSError):  # before the lock was committed: nothing changed
        QMessageBox.warning(parent, APP_NAME, "The lock could not be turned on: the disk "
                            "may be full. Nothing has changed; your words are as they were.")
        return False
    (show_key or _show_recovery_key)(result.recovery_key, parent)
    later = " Some backups will be locked the next time you unlock." \
        if result.backups_left else ""
    ctx.notice.emit("The lock is on. Press Ctrl+L whenever you want to lock Ebbtide." + later)
    return True


def _show_recovery_key(recovery_key: str, parent: QWidget | None) -> None:
    RecoveryKeyDialog(recovery_key, parent).exec()


def offer_lock(parent: QWidget | None, ctx: UiContext) -> bool:
    """The gentle first-run offer (the welcome dialog calls this). True if the lock was
    turned on."""
    if core_lock.lock_enabled(ctx.store):
        return True
    box = QMessageBox(parent)
    box.setWindowTitle("Keep your words private")
    box.setAccessibleName("Keep your words private")
    box.setIcon(QMessageBox.Icon.Question)
    box.setText("Would you like to lock Ebbtide with a passphrase?")
    box.setInformativeText(
        "If someone else can open this computer, a lock keeps what you write here "
        "encrypted and out of sight. It's up to you — you can also turn it on later in "
        "Settings → Privacy."
    )
    yes = box.addButton("Set up a lock…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not yes:
        return False
    return set_up_lock(parent, ctx)

