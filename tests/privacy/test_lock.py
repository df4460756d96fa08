"""The lock's life: on, locked, unlocked (passphrase or recovery key), passphrase
changed, off — and every sealed column in every table follows, found from the schema."""

from __future__ import annotations

import sqlite3

import pytest

from ebbtide.core import lock as core_lock
from ebbtide.core.crypto import EncryptingSealer, WrongSecret
from ebbtide.core.paths import AppPaths
from ebbtide.core.sealing import StoreLocked
from ebbtide.core.store import PlainSealer, Store
from tests.privacy.helpers import (
    PASSPHRASE,
    SENTINEL,
    add_note_session,
    add_recording_row,
    add_worksheet,
    worksheet_body,
)


def raw_sealed(store: Store) -> list[bytes]:
    return list(core_lock.all_sealed_values(store.conn))


def test_turning_the_lock_on_encrypts_every_sealed_column(store: Store) -> None:
    session = add_note_session(store, SENTINEL)
    ws = add_worksheet(store, SENTINEL + " (worksheet)")
    add_recording_row(store, "From Dr. Okafor, week 3")
    assert {(t, c) for t, c in core_lock.sealed_columns(store.conn)} >= {
        ("sessions", "note_sealed"), ("worksheets", "body_sealed"),
        ("recordings", "title_sealed"),
    }
    result = core_lock.enable_lock(store, PASSPHRASE)
    values = raw_sealed(store)
    assert len(values) == 3 and all(v.startswith(b"E2:") for v in values)
    assert len(result.recovery_key.split("-")) == 8
    # Still open after turning it on: the person keeps working.
    assert store.get_session(session.id or 0).note == SENTINEL  # type: ignore[union-attr]
    assert worksheet_body(store, ws) == SENTINEL + " (worksheet)"


def test_a_table_added_later_is_covered_without_code_changes(store: Store) -> None:
    with store.transaction() as conn:
        conn.execute("CREATE TABLE journal (id INTEGER PRIMARY KEY, entry_sealed BLOB)")
        conn.execute("INSERT INTO journal (entry_sealed) VALUES (?)", (store.seal("dear diary"),))
    core_lock.enable_lock(store, PASSPHRASE)
    blob = store.conn.execute("SELECT entry_sealed FROM journal").fetchone()[0]
    assert bytes(blob).startswith(b"E2:") and b"diary" not in bytes(blob)


def test_lock_then_unlock_with_passphrase(store: Store) -> None:
    session = add_note_session(store, "a note")
    core_lock.enable_lock(store, PASSPHRASE)
    core_lock.lock_now(store)
    assert core_lock.is_locked(store)
    with pytest.raises(StoreLocked):
        store.get_session(session.id or 0)
    # Ratings and times are still there for charts; only words need the key.
    row = store.conn.execute("SELECT distress_before, distress_after FROM sessions").fetchone()
    assert tuple(row) == (7, 4)
    core_lock.unlock(store, PASSPHRASE)
    assert store.get_session(session.id or 0).note == "a note"  # type: ignore[union-attr]


def test_wrong_passphrase_changes_nothing(store: Store) -> None:
    add_note_session(store, "kept safe")
    core_lock.enable_lock(store, PASSPHRASE)
    core_lock.lock_now(store)
    before = raw_sealed(store)
    for _ in range(5):
        with pytest.raises(WrongSecret, match="does not open"):
            core_lock.unlock(store, "not the passphrase")
    assert core_lock.is_locked(store)
    assert raw_sealed(store) == before  # nothing deleted, nothing rewritten
    core_lock.unlock(store, PASSPHRASE)
    assert store.sessions()[0].note == "kept safe"


def test_forgotten_passphrase_recovery_key_opens_and_a_new_passphrase_can_be_set(
    store: Store,
) -> None:
    add_note_session(store, "still here")
    key = core_lock.enable_lock(store, PASSPHRASE).recovery_key
    core_lock.lock_now(store)
    with pytest.raises(WrongSecret):
        core_lock.unlock_with_recovery_key(store, "AAAA-" * 7 + "AAAA")
    core_lock.unlock_with_recovery_key(store, key.lower().replace("-", " "))
    assert store.sessions()[0].note == "still here"
    core_lock.set_new_passphrase(store, "a brand new phrase")
    core_lock.lock_now(store)
    with pytest.raises(WrongSecret):
        core_lock.unlock(store, PASSPHRASE)
    core_lock.unlock(store, "a brand new phrase")
    core_lock.lock_now(store)
    core_lock.unlock_with_recovery_key(store, key)  # the recovery key keeps working
    assert store.sessions()[0].note == "still here"


def test_changing_the_passphrase_rewraps_without_touching_the_words(store: Store) -> None:
    add_worksheet(store, "evidence for, evidence against")
    core_lock.enable_lock(store, PASSPHRASE)
    before = raw_sealed(store)
    with pytest.raises(WrongSecret):
        core_lock.change_passphrase(store, "wrong one here", "another phrase")
    core_lock.change_passphrase(store, PASSPHRASE, "another good phrase")
    assert raw_sealed(store) == before  # never decrypted on disk, not even for a moment
    core_lock.lock_now(store)
    with pytest.raises(WrongSecret):
        core_lock.unlock(store, PASSPHRASE)
    core_lock.unlock(store, "another good phrase")


def test_turning_the_lock_off_needs_the_passphrase_and_opens_everything(store: Store) -> None:
    add_note_session(store, "plain again")
    core_lock.enable_lock(store, PASSPHRASE)
    with pytest.raises(WrongSecret):
        core_lock.disable_lock(store, "not it at all")
    assert core_lock.lock_enabled(store)
    core_lock.disable_lock(store, PASSPHRASE)
    assert not core_lock.lock_enabled(store)
    assert isinstance(store.sealer, PlainSealer)
    assert all(v.startswith(b"P1:") for v in raw_sealed(store))
    assert store.sessions()[0].note == "plain again"


def test_a_short_passphrase_is_refused_kindly(store: Store) -> None:
    with pytest.raises(ValueError, match="at least 8"):
        core_lock.enable_lock(store, "short")
    assert not core_lock.lock_enabled(store)


def test_reopening_a_locked_store_starts_locked(paths: AppPaths) -> None:
    store = Store.open(paths.database).store
    add_note_session(store, "behind the lock")
    core_lock.enable_lock(store, PASSPHRASE)
    store.close()
    reopened = Store.open(paths.database).store
    try:
        assert core_lock.is_locked(reopened)
        with pytest.raises(StoreLocked):
            reopened.sessions()
        with pytest.raises(StoreLocked):  # no plain words can be written while locked
            add_note_session(reopened, "should not be written in plain")
        assert reopened.count_sessions() == 1
        core_lock.unlock(reopened, PASSPHRASE)
        assert isinstance(reopened.sealer, EncryptingSealer)
        assert reopened.sessions()[0].note == "behind the lock"
    finally:
        reopened.close()


def test_no_plain_page_is_left_after_the_lock_goes_on(paths: AppPaths) -> None:
    store = Store.open(paths.database).store
    for i in range(50):
        add_worksheet(store, f"{SENTINEL} #{i}")
    core_lock.enable_lock(store, PASSPHRASE)
    needle = SENTINEL.encode()
    for file in paths.data_dir.iterdir():
        if file.is_file():
            assert needle not in file.read_bytes(), file.name
    wal = paths.data_dir / (paths.database.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # checkpointed and truncated
    store.close()


def test_enabling_is_all_or_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    add_note_session(store, "first")
    add_worksheet(store, "second")

    def fail(conn: sqlite3.Connection, record: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(core_lock, "_write_lock_record", fail)
    with pytest.raises(OSError):
        core_lock.enable_lock(store, PASSPHRASE)
    assert all(v.startswith(b"P1:") for v in raw_sealed(store))
    assert not core_lock.lock_enabled(store)
    assert isinstance(store.sealer, PlainSealer)


def test_throttle_waits_longer_after_repeated_wrong_tries() -> None:
    throttle = core_lock.UnlockThrottle()
    delays = [throttle.record_failure(now=100.0) for _ in range(8)]
    assert delays[:2] == [0.0, 0.0]
    assert delays[2:6] == [2.0, 4.0, 8.0, 16.0]
    assert max(delays) == core_lock.UnlockThrottle.MAX_WAIT_S
    assert throttle.wait_seconds(now=110.0) == 20.0
    throttle.record_success()
    assert throttle.wait_seconds(now=110.0) == 0.0 and throttle.failures == 0
