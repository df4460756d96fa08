"""Issue 13, items 3 and 4: every sealed value is bound to its table, column and row, a
plain value is never shown as the person's words once the lock is on, and values an
older Ebbtide left weaker (E1, or plain after upgrading a locked store) are sealed again
at the next unlock — in the store and in its backups."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from ebbtide.core import backup as core_backup
from ebbtide.core import lock as core_lock
from ebbtide.core.crypto import NONCE_BYTES, SEAL_AAD, EncryptingSealer, _aesgcm
from ebbtide.core.paths import AppPaths
from ebbtide.core.patterns import PatternRepository
from ebbtide.core.store import Store, StoreError
from tests.privacy.helpers import PASSPHRASE, add_note_session, add_worksheet, worksheet_body

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _swap(store: Store, sql_a: str, sql_b: str, update_a: str, update_b: str) -> None:
    a = store.conn.execute(sql_a).fetchone()[0]
    b = store.conn.execute(sql_b).fetchone()[0]
    with store.transaction() as conn:
        conn.execute(update_a, (b,))
        conn.execute(update_b, (a,))


def test_a_value_moved_to_another_row_or_column_does_not_open(store: Store) -> None:
    first = add_worksheet(store, "the first worksheet")
    second = add_worksheet(store, "the second worksheet")
    session = add_note_session(store, "a note of mine")
    core_lock.enable_lock(store, PASSPHRASE)
    # Someone with the file swaps the two bodies, and puts a body in the note's place.
    _swap(store, f"SELECT body_sealed FROM worksheets WHERE uid='{first}'",
          f"SELECT body_sealed FROM worksheets WHERE uid='{second}'",
          f"UPDATE worksheets SET body_sealed=? WHERE uid='{first}'",
          f"UPDATE worksheets SET body_sealed=? WHERE uid='{second}'")
    with pytest.raises(StoreError, match="changed or damaged"):
        worksheet_body(store, first)
    body = store.conn.execute(
        f"SELECT body_sealed FROM worksheets WHERE uid='{second}'").fetchone()[0]
    with store.transaction() as conn:
        conn.execute("UPDATE sessions SET note_sealed=? WHERE id=?", (body, session.id))
    moved = store.get_session(session.id)
    assert moved is not None and moved.note == ""  # left out, not shown as the note
    assert ("sessions", "note_sealed", session.uid) in store.unreadable


def test_a_plain_value_in_a_locked_store_is_never_shown_as_theirs(store: Store) -> None:
    session = add_note_session(store, "my real note")
    core_lock.enable_lock(store, PASSPHRASE)
    with store.transaction() as conn:
        conn.execute("UPDATE sessions SET note_sealed=CAST('P1:planted words' AS BLOB) "
                     "WHERE id=?", (session.id,))
    core_lock.lock_now(store)
    with pytest.raises(StoreError):
        store.get_session(session.id)
    core_lock.unlock(store, PASSPHRASE)
    with pytest.raises(StoreError, match="not sealed by your lock"):
        store.unseal(store.conn.execute("SELECT note_sealed FROM sessions").fetchone()[0],
                     ("sessions", "note_sealed", session.uid))
    shown = store.get_session(session.id)
    assert shown is not None and shown.note == ""
    # Not laundered into a sealed value by the unlock either.
    raw = store.conn.execute("SELECT note_sealed FROM sessions").fetchone()[0]
    assert bytes(raw) == b"P1:planted words"


def _old_e1(key: bytes, text: str) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return b"E1:" + nonce + _aesgcm(key).encrypt(nonce, text.encode(), SEAL_AAD)


def test_values_from_the_older_scheme_are_sealed_again_at_unlock(store: Store) -> None:
    session = add_note_session(store, "placeholder")
    core_lock.enable_lock(store, PASSPHRASE)
    sealer = store.sealer
    assert isinstance(sealer, EncryptingSealer)
    with store.transaction() as conn:
        conn.execute("UPDATE sessions SET note_sealed=? WHERE id=?",
                     (_old_e1(sealer.data_key, "written by an older Ebbtide"), session.id))
    core_lock.lock_now(store)
    core_lock.unlock(store, PASSPHRASE)
    raw = bytes(store.conn.execute("SELECT note_sealed FROM sessions").fetchone()[0])
    assert raw.startswith(b"E2:")
    assert store.get_session(session.id).note == "written by an older Ebbtide"


def test_upgrading_a_locked_v3_store_seals_pattern_names_and_its_backup(
    paths: AppPaths,
) -> None:
    name = "For when Sam is late again"
    db = paths.database
    db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "store_v3.sqlite3", db)
    conn = sqlite3.connect(db, isolation_level=None)
    phases = json.dumps([{"kind": "inhale", "seconds": 4}, {"kind": "exhale", "seconds": 6}])
    conn.execute("INSERT INTO custom_patterns (uid, name, definition, created_utc, "
                 "updated_utc) VALUES ('p1', ?, ?, 1.0, 1.0)", (name, phases))
    old = Store(conn, db)
    core_lock.enable_lock(old, PASSPHRASE)  # the lock as a v3 Ebbtide turned it on
    old.close()

    store = Store.open(db, before_migrate=core_backup.before_migrate_hook(paths)).store
    assert core_lock.is_locked(store)
    assert name not in [p.name for p in PatternRepository(store, []).customs()]  # not shown
    core_lock.unlock(store, PASSPHRASE)
    core_lock.sync_backups(store, paths.backups_dir)  # as the lock screen does after unlock
    raw = store.conn.execute("SELECT name_sealed FROM custom_patterns").fetchone()[0]
    assert bytes(raw).startswith(b"E2:")
    assert [p.name for p in PatternRepository(store, []).customs()] == [name]
    store.close()
    assert name.encode() not in db.read_bytes()
    [backup] = core_backup.list_backups(paths)
    assert name.encode() not in backup.path.read_bytes()
    copy = Store(sqlite3.connect(backup.path, isolation_level=None), backup.path)
    core_lock.start_locked_if_needed(copy)
    core_lock.unlock(copy, PASSPHRASE)
    assert [p.name for p in PatternRepository(copy, []).customs()] == [name]
    copy.close()
