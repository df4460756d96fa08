"""Issue 13, item 8: a backup that can't be converted when the lock turns on — held open
by another program, or written by a newer Ebbtide — is never deleted. The busy one is
locked at the next unlock; the newer one is left exactly as it is."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from ebbtide.core import backup as core_backup
from ebbtide.core import lock as core_lock
from ebbtide.core.migrations import SCHEMA_VERSION
from ebbtide.core.paths import AppPaths
from ebbtide.core.store import Store
from tests.privacy.helpers import PASSPHRASE, SENTINEL, add_note_session


def test_busy_and_newer_backups_are_kept_and_the_busy_one_locked_later(
    paths: AppPaths,
) -> None:
    store = Store.open(paths.database).store
    add_note_session(store, SENTINEL)
    busy = core_backup.backup_store(store, paths.backups_dir, now=datetime(2026, 5, 1, 9))
    newer = core_backup.backup_store(store, paths.backups_dir, now=datetime(2026, 5, 2, 9))
    with sqlite3.connect(newer, isolation_level=None) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    newer_bytes = newer.read_bytes()
    holder = sqlite3.connect(busy, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program has it open, mid-write

    result = core_lock.enable_lock(store, PASSPHRASE, backups_dir=paths.backups_dir)
    assert result.recovery_key and result.backups_left == 1
    assert busy.exists() and newer.exists()
    assert newer.read_bytes() == newer_bytes  # from a newer Ebbtide: left alone
    holder.execute("ROLLBACK")
    holder.close()

    core_lock.lock_now(store)
    core_lock.unlock(store, PASSPHRASE)
    core_lock.sync_backups(store, paths.backups_dir)  # as the lock screen does after unlock
    assert busy.exists() and SENTINEL.encode() not in busy.read_bytes()
    assert newer.read_bytes() == newer_bytes
    store.close()
