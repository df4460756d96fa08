"""The lock and the backups: turning the lock on and off, unlocking, a new passphrase,
restoring and writing backups, deleting everything. Each is slow (scrypt, re-encrypting,
copying a database), so each runs on the worker while the window stays alive, and each
is waited on by the dialog that asked, which words the outcome."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

from ebbtide.core import backup as core_backup
from ebbtide.core import lock as core_lock
from ebbtide.core.store import MOVED_ASIDE_KEY, StoreHealth
from ebbtide.core.store import check_health as check_store_health
from ebbtide.core.wipe import WipeReport, wipe_all
from ebbtide.ui.operations import Change
from ebbtide.ui.tasks import NoteWords

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ebbtide.ui.context import UiContext


def _recordings_progress(note: NoteWords, verb: str) -> Callable[[int, int], None]:
    """The lock's note counts the recordings as each one is converted."""
    return lambda done, total: note.say(f"{verb} your recordings ({done} of {total})…")


def enable_lock(ctx: UiContext, passphrase: str, parent: QWidget | None
                ) -> core_lock.EnableResult:
    backups, recordings = ctx.paths.backups_dir, ctx.paths.recordings_dir
    note = NoteWords(ctx.tasks)
    return ctx.ops.run_and_wait(
        lambda store: core_lock.enable_lock(
            store, passphrase, backups_dir=backups, recordings_dir=recordings,
            progress=_recordings_progress(note, "Locking")),
        changes=Change.LOCK | Change.ALL_DATA, progress="Locking your words away…",
        parent=parent, note_words=note)


def change_passphrase(ctx: UiContext, current: str, new: str, parent: QWidget | None) -> None:
    backups = ctx.paths.backups_dir
    ctx.ops.run_and_wait(
        lambda store: core_lock.change_passphrase(store, current, new, backups_dir=backups),
        changes=Change.LOCK, progress="Changing your passphrase…", parent=parent)


def set_new_passphrase(ctx: UiContext, new: str, parent: QWidget | None) -> None:
    backups = ctx.paths.backups_dir
    ctx.ops.run_and_wait(
        lambda store: core_lock.set_new_passphrase(store, new, backups_dir=backups),
        changes=Change.LOCK, progress="Setting your new passphrase…", parent=parent)


def disable_lock(ctx: UiContext, passphrase: str, parent: QWidget | None) -> None:
    backups, recordings = ctx.paths.backups_dir, ctx.paths.recordings_dir
    note = NoteWords(ctx.tasks)
    ctx.ops.run_and_wait(
        lambda store: core_lock.disable_lock(
            store, passphrase, backups_dir=backups, recordings_dir=recordings,
            progress=_recordings_progress(note, "Unlocking")),
        changes=Change.LOCK | Change.ALL_DATA, progress="Turning the lock off…",
        parent=parent, note_words=note)


def unlock(ctx: UiContext, secret: str, *, recovery: bool, parent: QWidget | None) -> None:
    def job(store: object) -> None:
        if recovery:
            core_lock.unlock_with_recovery_key(ctx.store, secret)
        else:
            core_lock.unlock(ctx.store, secret)

    ctx.ops.run_and_wait(job, changes=Change.LOCK, progress="Opening…", parent=parent)


def sync_backups(ctx: UiContext) -> None:
    """After unlocking: a backup left plain by an interrupted change is locked now.
    Quiet: a problem here is logged by the core and tried again next time."""
    backups = ctx.paths.backups_dir
    ctx.ops.run(lambda store: core_lock.sync_backups(store, backups), changes=Change(0),
                on_failure=lambda _error: None)


def seal_pending_recordings(ctx: UiContext) -> None:
    """After unlocking: recordings a crash (or an older Ebbtide) left plain behind the
    lock are sealed now. Quiet, like `sync_backups`: a problem is logged and tried again
    at the next unlock."""
    recordings = ctx.paths.recordings_dir
    ctx.ops.run(lambda store: core_lock.seal_pending_recordings(store, recordings),
                changes=Change(0), on_failure=lambda _error: None)


def restore_backup(ctx: UiContext, chosen: core_backup.BackupInfo | Path,
                   parent: QWidget | None) -> Path:
    """Returns where what the person had just before was kept."""
    paths = ctx.paths
    return ctx.ops.run_and_wait(
        lambda store: core_backup.restore_backup(paths, chosen, store),
        changes=Change.ALL_DATA | Change.LOCK, progress="Bringing your backup back…",
        parent=parent)


def backup_to_folder(ctx: UiContext, folder: Path, parent: QWidget | None) -> Path:
    return ctx.ops.run_and_wait(
        lambda store: core_backup.backup_to_folder(store, folder), changes=Change(0),
        progress="Saving a backup…", parent=parent)


def check_health(ctx: UiContext, on_done: Callable[[StoreHealth], None]) -> None:
    """quick_check and every sealed value tried, on the worker (a read: no notice)."""
    store = ctx.store

    def done(future: Future[StoreHealth]) -> None:
        error = future.exception()
        if error is None:
            on_done(future.result())
        else:  # a check that could not run is not damage; it is tried at the next unlock
            log.warning("The health check could not run (%s)", type(error).__name__)

    ctx.tasks.run_in_background(lambda: check_store_health(store), done)


def forget_moved_aside(ctx: UiContext) -> None:
    """The person has been told about a store set aside at start: don't ask again."""
    ctx.ops.run(lambda store: store.meta_delete(MOVED_ASIDE_KEY), changes=Change(0))


def delete_everything(ctx: UiContext, parent: QWidget | None) -> WipeReport:
    paths = ctx.paths
    return ctx.ops.run_and_wait(lambda store: wipe_all(paths, store),
                                changes=Change.ALL_DATA | Change.LOCK | Change.SETTINGS,
                                progress="Deleting your data…", parent=parent)
