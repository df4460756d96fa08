"""Issue 13, item 9: turning the lock on with a nearly full disk. A full disk at every
step either leaves everything as it was (plain, lock off, told why) or the lock is on
and the recovery key is handed back — never the lock on with the key lost."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime

import pytest

from ebbtide.core import backup as core_backup
from ebbtide.core import lock as core_lock
from ebbtide.core.paths import AppPaths
from ebbtide.core.store import Store
from tests.privacy.faults import FaultyConnection, Steps, full_disk_in
from tests.privacy.helpers import PASSPHRASE, add_note_session, add_worksheet


def _fresh(paths: AppPaths) -> Store:
    for p in paths.data_dir.glob("ebbtide.sqlite3*"):
        p.unlink()
    if paths.backups_dir.exists():
        for p in paths.backups_dir.iterdir():
            p.unlink()
    store = Store.open(paths.database).store
    for i in range(3):
        add_note_session(store, f"note {i}")
        add_worksheet(store, f"worksheet {i}")
    core_backup.backup_store(store, paths.backups_dir, now=datetime(2026, 5, 1, 9))
    return store


def _enable(store: Store, paths: AppPaths, steps: Steps,
            monkeypatch: pytest.MonkeyPatch) -> core_lock.EnableResult:
    real = store.conn
    store.conn = FaultyConnection(real, steps)  # type: ignore[assignment]
    try:
        with full_disk_in(monkeypatch, core_lock, steps):  # the backups too
            return core_lock.enable_lock(store, PASSPHRASE, backups_dir=paths.backups_dir)
    finally:
        store.conn = real


def test_a_full_disk_at_every_step_of_turning_the_lock_on(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch,
) -> None:
    counting = Steps()
    store = _fresh(paths)
    _enable(store, paths, counting, monkeypatch)
    store.close()
    total = counting.count
    assert total > 15
    outcomes = {"unchanged": 0, "on, key shown": 0, "backup left locked": 0}
    for step in range(1, total + 1):
        store = _fresh(paths)
        try:
            result = _enable(store, paths, Steps(step), monkeypatch)
        except sqlite3.OperationalError as exc:
            assert "full" in str(exc)
            store.close()
            reopened = Store.open(paths.database).store
            assert not core_lock.lock_enabled(reopened), f"step {step}: on, key lost"
            assert [s.note for s in reopened.sessions()] == ["note 0", "note 1", "note 2"]
            # As before in the backups too, unless the full disk stopped that as well.
            for backup in core_lock.backup_files(paths.backups_dir):
                with closing(sqlite3.connect(backup)) as conn:
                    plain = core_lock.read_lock_record(conn) is None
                outcomes["backup left locked"] += 0 if plain else 1
            outcomes["unchanged"] += 1
        else:
            store.close()
            reopened = Store.open(paths.database).store
            assert core_lock.lock_enabled(reopened)
            core_lock.unlock_with_recovery_key(reopened, result.recovery_key)
            assert [s.note for s in reopened.sessions()] == ["note 0", "note 1", "note 2"]
            outcomes["on, key shown"] += 1
        reopened.close()
    assert outcomes["unchanged"] and outcomes["on, key shown"]
    print(f"\ndisk full while turning the lock on: {total} steps, {outcomes}")
