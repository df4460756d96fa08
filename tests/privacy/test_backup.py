"""Backups: one a day, kept 7 days and 4 weeks, one before every upgrade, restorable
(with the current store kept aside first), and locked whenever the lock is on."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from ebbtide.core import backup as core_backup
from ebbtide.core import lock as core_lock
from ebbtide.core.migrations import SCHEMA_VERSION, schema_version
from ebbtide.core.paths import AppPaths
from ebbtide.core.sealing import LockedSealer
from ebbtide.core.store import Store
from tests.privacy.helpers import PASSPHRASE, SENTINEL, add_note_session, add_worksheet

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def uids(path: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT uid FROM sessions")}
    finally:
        conn.close()


def test_one_daily_backup_a_day(store: Store, paths: AppPaths) -> None:
    add_note_session(store, "today")
    morning = datetime(2026, 3, 2, 9, 0)
    made = core_backup.daily_backup_if_due(store, paths, now=morning)
    assert made is not None and made.parent == paths.backups_dir
    assert core_backup.daily_backup_if_due(store, paths, now=morning + timedelta(hours=8)) is None
    assert core_backup.daily_backup_if_due(store, paths, now=morning + timedelta(days=1))
    listed = core_backup.list_backups(paths)
    assert [b.created.date().day for b in listed] == [3, 2]  # newest first
    assert all(b.size_bytes > 0 and b.label == "Daily" for b in listed)
    assert uids(listed[0].path) == {s.uid for s in store.sessions()}


def test_keeps_the_last_7_days_and_the_last_4_weeks(store: Store, paths: AppPaths) -> None:
    start = datetime(2026, 1, 1, 12, 0)  # a Thursday
    for day in range(60):
        core_backup.daily_backup_if_due(store, paths, now=start + timedelta(days=day))
    kept = sorted(b.created.date() for b in core_backup.list_backups(paths))
    last = (start + timedelta(days=59)).date()
    last_7 = {last - timedelta(days=d) for d in range(7)}
    assert last_7 <= set(kept)
    weeks = {d.isocalendar()[:2] for d in kept}
    assert len(weeks) == 4  # the newest of each of the last four weeks, nothing older
    assert len(kept) <= 7 + 4


def test_backup_before_migrate_keeps_the_old_schema(paths: AppPaths) -> None:
    old = FIXTURES / "store_v1.sqlite3"
    paths.data_dir.mkdir(parents=True)
    shutil.copy(old, paths.database)
    before = uids(paths.database)
    opened = Store.open(paths.database, before_migrate=core_backup.before_migrate_hook(paths))
    try:
        [made] = core_backup.list_backups(paths)
        assert made.kind == core_backup.KIND_BEFORE_UPGRADE
        conn = sqlite3.connect(made.path)
        assert schema_version(conn) == 1
        conn.close()
        assert uids(made.path) == before
        assert schema_version(opened.store.conn) == SCHEMA_VERSION
    finally:
        opened.store.close()


def test_restore_into_the_open_store_keeps_the_current_one_aside(
    store: Store, paths: AppPaths
) -> None:
    first = add_note_session(store, "from yesterday")
    yesterday = core_backup.daily_backup_if_due(store, paths, now=datetime(2026, 5, 1, 10))
    assert yesterday is not None
    second = add_note_session(store, "from today")
    aside = core_backup.restore_backup(paths, core_backup.list_backups(paths)[0], store)
    assert [s.uid for s in store.sessions()] == [first.uid]
    assert uids(aside) == {first.uid, second.uid}  # nothing lost: today's is kept aside
    assert core_backup.list_backups(paths)[0].kind == core_backup.KIND_BEFORE_RESTORE
    # And the person can go back to what they had.
    core_backup.restore_backup(paths, aside, store)
    assert {s.note for s in store.sessions()} == {"from yesterday", "from today"}


def test_restore_at_start_up_when_the_store_is_damaged(paths: AppPaths) -> None:
    store = Store.open(paths.database).store
    kept = add_note_session(store, "worth keeping")
    core_backup.daily_backup_if_due(store, paths, now=datetime(2026, 5, 1, 10))
    store.close()
    damaged_bytes = b"this is not a database" * 100
    paths.database.write_bytes(damaged_bytes)
    # A newer backup that is itself damaged is skipped.
    bad = paths.backups_dir / "ebbtide-20260502-100000-daily.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 2000)
    good = core_backup.newest_good_backup(paths)
    assert good is not None and good.created == datetime(2026, 5, 1, 10)
    aside = core_backup.restore_backup(paths, good)
    assert aside.read_bytes() == damaged_bytes  # the damaged file is kept, byte for byte
    reopened = Store.open(paths.database)
    assert reopened.moved_aside is None
    assert [s.note for s in reopened.store.sessions()] == ["worth keeping"]
    assert reopened.store.sessions()[0].uid == kept.uid
    reopened.store.close()


def test_a_damaged_backup_is_not_restored(store: Store, paths: AppPaths) -> None:
    add_note_session(store, "now")
    bad = paths.backups_dir / "ebbtide-20260502-100000-daily.sqlite3"
    paths.backups_dir.mkdir(parents=True, exist_ok=True)
    bad.write_bytes(b"garbage")
    with pytest.raises(core_backup.BackupError, match="Nothing changed"):
        core_backup.restore_backup(paths, bad, store)
    assert [s.note for s in store.sessions()] == ["now"]


def test_backups_follow_the_lock(store: Store, paths: AppPaths) -> None:
    add_worksheet(store, SENTINEL)
    core_backup.daily_backup_if_due(store, paths, now=datetime(2026, 5, 1, 10))
    [plain] = core_backup.list_backups(paths)
    assert SENTINEL.encode() in plain.path.read_bytes()

    result = core_lock.enable_lock(store, PASSPHRASE, backups_dir=paths.backups_dir)
    assert result.backups_converted == 1
    assert SENTINEL.encode() not in plain.path.read_bytes()

    # A locked backup opens with the current passphrase, also after it changes.
    core_lock.change_passphrase(store, PASSPHRASE, "second phrase here",
                                backups_dir=paths.backups_dir)
    conn = sqlite3.connect(plain.path, isolation_level=None)
    copy = Store(conn, plain.path, LockedSealer())
    core_lock.unlock(copy, "second phrase here")
    bodies = conn.execute("SELECT uid, body_sealed FROM worksheets").fetchall()
    assert SENTINEL in [copy.unseal(b, ("worksheets", "body_sealed", u)) for u, b in bodies]
    conn.close()

    # Restoring a locked backup keeps the app open: it is the same key.
    core_backup.restore_backup(paths, plain, store)
    assert not core_lock.is_locked(store)

    core_lock.disable_lock(store, "second phrase here", backups_dir=paths.backups_dir)
    for b in core_backup.list_backups(paths):
        conn = sqlite3.connect(b.path)
        assert core_lock.read_lock_record(conn) is None
        conn.close()


def test_back_up_now_to_a_chosen_folder(store: Store, tmp_path: Path) -> None:
    add_note_session(store, "to the USB stick")
    made = core_backup.backup_to_folder(store, tmp_path / "usb")
    assert made.parent == tmp_path / "usb" and made.name.startswith("ebbtide-backup-")
    assert core_backup.is_good_backup(made)
    assert uids(made) == {s.uid for s in store.sessions()}
    assert not Path(str(made) + "-wal").exists()  # one self-contained file


def test_a_backup_cut_off_by_a_crash_does_not_linger(store: Store, paths: AppPaths) -> None:
    add_worksheet(store, SENTINEL)
    paths.backups_dir.mkdir(parents=True)
    partial = paths.backups_dir / "ebbtide-20260501-100000-daily.sqlite3.part"
    partial.write_bytes(SENTINEL.encode())  # half a backup, with plain words in it
    assert all(b.path != partial for b in core_backup.list_backups(paths))
    core_lock.enable_lock(store, PASSPHRASE, backups_dir=paths.backups_dir)
    assert not partial.exists()
    partial.write_bytes(b"half")
    core_backup.daily_backup_if_due(store, paths)
    assert not partial.exists()


def test_a_backup_from_a_newer_ebbtide_is_not_restored(store: Store, paths: AppPaths) -> None:
    add_note_session(store, "today's")
    made = core_backup.backup_store(store, paths.backups_dir)
    conn = sqlite3.connect(made, isolation_level=None)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(core_backup.BackupError, match="newer version"):
        core_backup.restore_backup(paths, made, store)
    assert [s.note for s in store.sessions()] == ["today's"]
