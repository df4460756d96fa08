"""Start-up: paths, logging, the crash handler, settings, the data folder check, the
store (moving a damaged one aside), the theme, and the main window."""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from ebbtide import APP_NAME
from ebbtide.core.migrations import StoreTooNewError
from ebbtide.core.paths import AppPaths, ensure_private_dir, is_writable_dir, resolve_paths
from ebbtide.core.paths import resource_path as _resource_path
from ebbtide.core.settings import SettingKey, Settings
from ebbtide.core.store import LOCK_META_KEY, MOVED_ASIDE_KEY, Store, StoreUnavailable
from ebbtide.logs import configure_logging
from ebbtide.ui.context import UiContext

if TYPE_CHECKING:
    from ebbtide.ui.main_window import MainWindow
    from ebbtide.ui.theme import ThemeManager

log = logging.getLogger(__name__)

#: Set by the end-to-end tests: print when the window is on screen, then quit.
BENCH_ENV = "EBBTIDE_BENCH_STARTUP"


def install_crash_handler(log_file: Path) -> None:
    """An unhandled exception is logged (type and traceback, no personal words) and the
    person sees a short, kind message; the app keeps running."""

    def handle(kind: type[BaseException], error: BaseException,
               tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        # The traceback's frames, without the exception's message: a message can quote
        # what the person wrote.
        frames = "".join(traceback.format_tb(tb))
        log.error("Unexpected %s.%s\n%s", kind.__module__, kind.__qualname__, frames)
        if QApplication.instance() is not None:
            show_crash_message(log_file)

    sys.excepthook = handle


def crash_message_text(log_file: Path) -> str:
    return (
        "Something went wrong inside Ebbtide. This is not your fault, and what you had "
        "already saved is safe.\n\nIf it keeps happening, the details for whoever helps "
        f"fix it are in:\n{log_file}"
    )


def show_crash_message(log_file: Path, parent: QWidget | None = None) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, crash_message_text(log_file),
                      QMessageBox.StandardButton.Ok, parent)
    box.setAccessibleName("Something went wrong")
    box.exec()


def choose_writable_data_dir(paths: AppPaths, settings: Settings) -> AppPaths | None:
    """Ask for another folder while the data folder cannot be written. None: quit."""
    while not is_writable_dir(paths.data_dir):
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME,
                          f"Ebbtide can't save in this folder:\n{paths.data_dir}\n\n"
                          "It may be read-only, full, or on a drive that isn't connected. "
                          "You can choose another folder for your data.")
        choose = box.addButton("Choose another folder…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is not choose:
            return None
        folder = QFileDialog.getExistingDirectory(None, "Choose a folder for Ebbtide's data")
        if folder:
            paths = paths.with_data_dir(Path(folder))
            if is_writable_dir(paths.data_dir) and not paths.portable:
                settings.set(SettingKey.DATA_DIR, str(paths.data_dir))
                settings.save()  # before the window exists; nothing else is writing
    return paths


def damaged_store_message(moved_to: Path) -> str:
    return (
        "Ebbtide couldn't read its saved data, so it has set the old file safely aside "
        f"and started fresh. Nothing was deleted. The old file is here:\n{moved_to}"
    )


def run(data_dir: str | None, qt_argv: list[str], *, in_tray: bool = False) -> int:
    started = time.time()
    app = QApplication.instance() or QApplication(qt_argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("org.ebbtide.Ebbtide")

    paths = resolve_paths(data_dir)
    settings = Settings.load(paths.settings_file)
    if not paths.portable and settings[SettingKey.DATA_DIR]:
        paths = paths.with_data_dir(Path(settings[SettingKey.DATA_DIR]))
    from ebbtide.ui.privacy.traces import keep_traces_private

    keep_traces_private(paths)  # before any file dialog, and before anything can crash
    configure_logging(paths.log_file)
    install_crash_handler(paths.log_file)
    log.info("Starting %s", APP_NAME)

    from ebbtide.ui.theme import ThemeManager

    theme = ThemeManager(app)
    theme.apply(settings[SettingKey.THEME])

    chosen = choose_writable_data_dir(paths, settings)
    if chosen is None:
        return 1
    paths = chosen
    ensure_private_dir(paths.data_dir)

    def backup_before_migrate(db_path: Path) -> None:
        from ebbtide.core.backup import before_migrate_hook  # only when an upgrade is due

        before_migrate_hook(paths)(db_path)

    while True:
        try:
            opened = Store.open(paths.database, before_migrate=backup_before_migrate)
            break
        except StoreTooNewError as exc:
            QMessageBox.critical(None, APP_NAME, str(exc))
            return 1
        except StoreUnavailable as exc:  # a full disk is never damage: say so and wait
            if not _ask_to_try_again(str(exc)):
                return 1

    ctx = UiContext(paths, opened.store, settings)
    bench = bool(os.environ.get(BENCH_ENV))
    # Also when an earlier start moved it aside but never got to ask.
    pending = opened.store.meta_get(MOVED_ASIDE_KEY)
    moved_aside = opened.moved_aside or (Path(pending) if pending else None)
    if (not bench and not in_tray and moved_aside is None
            and not settings[SettingKey.WELCOME_SEEN]
            and opened.store.meta_get(LOCK_META_KEY) is None):
        show_welcome_first(ctx, theme, after_paint=lambda: _use_sound_cache(paths))
    else:
        window = show_main_window(ctx, theme, welcome=not bench, in_tray=in_tray)
        # Nothing plays before the first paint: the cache can wait until then.
        window.when_painted(lambda: _use_sound_cache(paths), first=True)
        if moved_aside is not None:
            window.when_painted(lambda: _after_damage(window, ctx, moved_aside))
        if bench:
            window.when_painted(lambda: _report_startup(app, started))
    QTimer.singleShot(2000, lambda: _daily_care(ctx))
    code = app.exec()
    ctx.finish_writes()  # however the app ended, what was asked for lands first
    ctx.store.close()
    from ebbtide.ui.teardown import release_widgets

    release_widgets()  # now, in order: left to PySide at exit, a chart can crash it
    return code


def show_main_window(ctx: UiContext, theme: ThemeManager | None = None, *,
                     welcome: bool = True, in_tray: bool = False) -> MainWindow:
    """Show the window, the check-in first; the rest is built just after the first paint,
    beginning with the welcome on a first run (unless `welcome` is False).

    With the lock on (one `meta` lookup says), everything is built and the lock installed
    before the window is shown, so the first frame is the lock screen and no action made
    later could slip past it. With it off, the lock's code (Ctrl+L, locking when idle) is
    loaded after the first paint, with the window icon."""
    from ebbtide.ui.main_window import MainWindow

    lock_on = ctx.store.meta_get(LOCK_META_KEY) is not None
    window = MainWindow(ctx, theme, rest_after_paint=not lock_on)
    if lock_on:
        _install_lock(window, ctx)
    else:
        window.when_painted(lambda: _install_lock(window, ctx), keys=True)
    window.when_painted(_set_window_icon)
    if welcome:  # first of all after the paint: on a first run, it is what is awaited
        window.when_painted(lambda: _welcome_if_first_run(window), first=True)
    if in_tray:  # started with the session: the tray decides whether the window shows
        window.build_rest()
        if not lock_on:
            _install_lock(window, ctx)
        if _install_tray(window, ctx):
            return window
    else:
        window.when_painted(lambda: _tray_after_paint(window, ctx))
    window.show()
    return window


def show_welcome_first(ctx: UiContext, theme: ThemeManager | None = None, *,
                       after_paint: Callable[[], None] | None = None) -> None:
    """A first run: the welcome is what the person waits for, so it is painted first, and
    the window (the check-in, then menus, the lock's keys, the tray) is built behind it
    just after that paint; it stays blocked until the welcome closes. Then the lock is
    offered, once, as it is after the welcome any other way."""
    from ebbtide.ui.help_dialogs import CrisisDialog, WelcomeDialog

    windows: list[MainWindow] = []

    def crisis() -> None:  # over the welcome: the window may not be there yet
        CrisisDialog(ctx, dialog).exec()

    dialog = WelcomeDialog(ctx.paths, crisis)

    def window_behind() -> MainWindow:
        if not windows:
            windows.append(show_main_window(ctx, theme, welcome=False))
            if after_paint is not None:
                windows[0].when_painted(after_paint, first=True)
            handle = dialog.windowHandle()
            if dialog.isVisible() and handle is not None:
                # Kept above the window, and the keys stay with the welcome.
                handle.setTransientParent(windows[0].windowHandle())
                dialog.raise_()
                dialog.activateWindow()
        return windows[0]

    def welcome() -> None:
        dialog.exec()
        window = window_behind()
        dialog.deleteLater()  # a window of its own, with no parent to take it along
        window.welcome_closed(first_time=True)

    dialog.painted.connect(window_behind)
    QTimer.singleShot(0, welcome)  # inside the app's own loop, so a quit ends both


def _tray_after_paint(window: MainWindow, ctx: UiContext) -> None:
    _install_tray(window, ctx)


def _install_tray(window: MainWindow, ctx: UiContext) -> bool:
    """The tray (if the desktop has one) and reminders. True when there is a tray."""
    from ebbtide.ui.steady.tray import install_tray

    window.tray = install_tray(window, ctx)
    if window.tray.icon is None:
        return False
    QApplication.setQuitOnLastWindowClosed(False)  # closing may leave Ebbtide in the tray
    return True


def _welcome_if_first_run(window: MainWindow) -> None:
    if not window.ctx.settings[SettingKey.WELCOME_SEEN]:
        window.show_welcome()


def _install_lock(window: MainWindow, ctx: UiContext) -> None:
    from ebbtide.ui.privacy.lock import install_lock

    window.add_to_app_menu(install_lock(window, ctx).lock_action)


def _set_window_icon() -> None:
    from PySide6.QtGui import QIcon

    QApplication.setWindowIcon(QIcon(str(_resource_path("icons", "ebbtide.svg"))))


def _use_sound_cache(paths: AppPaths) -> None:
    """Decoded sound plays from temporary files in the data folder's cache; any left by
    an earlier run (a crash) go now, just after the first paint (nothing plays before).
    `audio.cache` loads no numpy: start-up stays light."""
    from ebbtide.audio.cache import use_cache_dir
    from ebbtide.core.sealed_files import remove_partials

    try:
        use_cache_dir(paths.cache_dir)
        # A recording half-written when a crash came (an import or a lock change): the
        # whole file it was replacing, or not yet replacing, is still there.
        remove_partials(paths.recordings_dir)
    except OSError as exc:
        log.info("The sound cache could not be emptied (%s)", type(exc).__name__)


def _ask_to_try_again(text: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, text)
    box.setAccessibleName("Ebbtide can't open your data right now")
    again = box.addButton("Try again", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is again


def _after_damage(window: QWidget, ctx: UiContext, moved_aside: Path) -> None:
    """Offer the newest good backup; without one, say plainly what happened."""
    from ebbtide.ui.privacy.settings_tab import offer_restore_after_damage

    if not offer_restore_after_damage(window, ctx, moved_aside):
        QMessageBox.information(window, APP_NAME, damaged_store_message(moved_aside))


def _daily_care(ctx: UiContext) -> None:
    """Once a day, when Ebbtide is used: a backup, and folders and files kept private.
    Off the start-up path, so the window is on screen first."""
    from ebbtide.core.backup import daily_backup_if_due, make_data_private

    def care() -> None:
        daily_backup_if_due(ctx.store, ctx.paths)
        make_data_private(ctx.paths)

    def done(future: Future[None]) -> None:
        error = future.exception()
        if isinstance(error, OSError):
            log.warning("Daily backup could not be written (%s)", type(error).__name__)
            ctx.notice.emit("Today's backup couldn't be written. Your data itself is safe.")
        elif error is not None:
            raise error

    ctx.tasks.run_in_background(care, done)


def _report_startup(app: QApplication, started: float) -> None:
    """For the end-to-end tests: the window is shown; report, idle a moment, report
    memory, quit."""
    print(f"EBBTIDE_SHOWN {time.time():.6f}", flush=True)

    def finish() -> None:
        print(f"EBBTIDE_RSS_KB {_rss_kb()}", flush=True)
        app.quit()

    QTimer.singleShot(300, finish)


def _rss_kb() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
