"""The lock's state, kept in the store itself: set up, unlock, change the passphrase,
use the recovery key, turn off. Pure core (no Qt).

Where things live: one row `meta['lock']` (JSON) holds the scrypt parameters, the salts,
the data key wrapped under the passphrase and under the recovery key, and a verifier.
The passphrase and the recovery key are never stored.

What is sealed is found from the schema, not listed here: every column whose name ends
in `_sealed`, in every table, so a table added later is covered without touching this.

Backups in the backups folder always follow the live store: turning the lock on
encrypts them too, changing the passphrase re-wraps their key, turning it off opens
them. So restoring one never brings plain words back, nor a forgotten passphrase.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ebbtide.core.crypto import (
    WRAP_AAD_PASSPHRASE,
    WRAP_AAD_RECOVERY,
    EncryptingSealer,
    ScryptParams,
    WrongSecret,
    b64,
    format_recovery_key,
    key_matches_verifier,
    make_verifier,
    new_data_key,
    new_recovery_key,
    new_salt,
    parse_recovery_key,
    passphrase_key,
    recovery_key_key,
    unb64,
    unwrap,
    wrap,
)
from ebbtide.core.migrations import SCHEMA_VERSION, migrate, schema_version
from ebbtide.core.recordings import (
    SEALED_META_KEY,
    Progress,
    seal_recordings,
    unseal_recordings,
)
from ebbtide.core.sealing import LockedSealer, StoreLocked
from ebbtide.core.store import (
    LOCK_META_KEY,
    PLAIN_FROM_UPGRADE_KEY,
    PlainSealer,
    Sealer,
    Store,
    StoreError,
    sealed_columns,
    sealed_values,
    upsert_meta,
)

log = logging.getLogger(__name__)

MIN_PASSPHRASE_LENGTH = 8
DEFAULT_SCRYPT = ScryptParams()  # tests swap in a cheaper one

__all__ = [
    "LOCK_META_KEY",
    "EnableResult",
    "LockRecord",
    "StoreLocked",
    "UnlockThrottle",
    "WrongSecret",
    "change_passphrase",
    "check_passphrase",
    "disable_lock",
    "enable_lock",
    "is_locked",
    "lock_enabled",
    "lock_now",
    "passphrase_problem",
    "reseal_weaker",
    "seal_pending_recordings",
    "sealed_columns",
    "set_new_passphrase",
    "start_locked_if_needed",
    "unlock",
    "unlock_with_recovery_key",
]


# -- the record ------------------------------------------------------------------------


@dataclass(frozen=True)
class LockRecord:
    kdf: ScryptParams
    passphrase_salt: bytes
    passphrase_wrapped: bytes
    recovery_salt: bytes
    recovery_wrapped: bytes
    verifier: bytes
    version: int = 1

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": self.version,
                "cipher": "AES-256-GCM",
                "kdf": {"name": "scrypt", **self.kdf.as_dict()},
                "passphrase_salt": b64(self.passphrase_salt),
                "passphrase_wrapped": b64(self.passphrase_wrapped),
                "recovery_kdf": "HKDF-SHA256",
                "recovery_salt": b64(self.recovery_salt),
                "recovery_wrapped": b64(self.recovery_wrapped),
                "verifier": b64(self.verifier),
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> LockRecord:
        try:
            d = json.loads(text)
        except json.JSONDecodeError:
            raise StoreError("The lock's key record in this store is damaged.") from None
        if not isinstance(d, dict) or d.get("version") != 1 or not isinstance(d.get("kdf"), dict):
            raise StoreError(
                "This store's lock was made by a different version of Ebbtide; "
                "please update Ebbtide to open it."
            )
        return cls(
            kdf=ScryptParams.from_dict(d["kdf"]),
            passphrase_salt=unb64(d.get("passphrase_salt")),
            passphrase_wrapped=unb64(d.get("passphrase_wrapped")),
            recovery_salt=unb64(d.get("recovery_salt")),
            recovery_wrapped=unb64(d.get("recovery_wrapped")),
            verifier=unb64(d.get("verifier")),
        )


def read_lock_record(conn: sqlite3.Connection) -> LockRecord | None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key=?", (LOCK_META_KEY,)).fetchone()
    except sqlite3.OperationalError:  # a store with no meta table yet
        return None
    return None if row is None else LockRecord.from_json(str(row[0]))


def _write_lock_record(conn: sqlite3.Connection, record: LockRecord | None) -> None:
    if record is None:
        conn.execute("DELETE FROM meta WHERE key=?", (LOCK_META_KEY,))
    else:
        upsert_meta(conn, LOCK_META_KEY, record.to_json())


# -- questions -------------------------------------------------------------------------


def lock_enabled(store: Store) -> bool:
    """The lock is set up for this store (whether or not it is open right now)."""
    return read_lock_record(store.conn) is not None


def is_locked(store: Store) -> bool:
    """The lock is on and closed: no key in memory."""
    return isinstance(store.sealer, LockedSealer)


def passphrase_problem(passphrase: str) -> str | None:
    """A kind sentence if this passphrase would be too easy to guess, else None."""
    if len(passphrase.strip()) < MIN_PASSPHRASE_LENGTH:
        return (
            f"Please use at least {MIN_PASSPHRASE_LENGTH} characters. A few ordinary words "
            "strung together are easy to remember and hard to guess."
        )
    return None


# -- opening and closing ---------------------------------------------------------------


def start_locked_if_needed(store: Store) -> bool:
    """Right after opening: if the lock is on, hold no key until the person unlocks.
    Returns True when the store is now locked."""
    store.conn.execute("PRAGMA secure_delete = ON")  # freed space is zeroed, not left behind
    if read_lock_record(store.conn) is None:
        return False
    if not isinstance(store.sealer, EncryptingSealer):
        store.sealer = LockedSealer()
    return is_locked(store)


def lock_now(store: Store) -> None:
    """Forget the key. Only meaningful when the lock is on; otherwise does nothing."""
    if lock_enabled(store):
        store.sealer = LockedSealer()


def _require_record(store: Store) -> LockRecord:
    record = read_lock_record(store.conn)
    if record is None:
        raise StoreError("The lock is not turned on.")
    return record


def _key_from_passphrase(record: LockRecord, passphrase: str) -> bytes:
    kek = passphrase_key(passphrase, record.passphrase_salt, record.kdf)
    return _unwrap_data_key(record, kek, record.passphrase_wrapped, WRAP_AAD_PASSPHRASE,
                            "That passphrase does not open Ebbtide.")


def _key_from_recovery(record: LockRecord, recovery_key: str) -> bytes:
    kek = recovery_key_key(parse_recovery_key(recovery_key), record.recovery_salt)
    return _unwrap_data_key(record, kek, record.recovery_wrapped, WRAP_AAD_RECOVERY,
                            "That recovery key does not open Ebbtide.")


def _unwrap_data_key(record: LockRecord, kek: bytes, wrapped: bytes, aad: bytes,
                     wrong: str) -> bytes:
    """The data key that `kek` unwraps, checked against the store's verifier; WrongSecret
    (saying `wrong`) when the secret is not the one."""
    try:
        data_key = unwrap(kek, wrapped, aad)
    except WrongSecret:
        raise WrongSecret(wrong) from None
    if not key_matches_verifier(data_key, record.verifier):
        raise StoreError("The lock's key record in this store is damaged.")
    return data_key


def unlock(store: Store, passphrase: str) -> None:
    """Open the lock with the passphrase; raises WrongSecret (and changes nothing) if it
    is not the one. Values sealed by an older scheme are sealed again now."""
    _opened(store, _key_from_passphrase(_require_record(store), passphrase))


def _opened(store: Store, data_key: bytes) -> None:
    store.sealer = EncryptingSealer(data_key)
    try:
        if reseal_weaker(store) and not store.conn.in_transaction:
            scrub(store.conn)
    except (sqlite3.Error, OSError) as exc:  # a full disk, say: open all the same
        log.warning("Older sealed values could not be sealed again yet (%s); they will "
                    "be at the next unlock", type(exc).__name__)
        store.sealer = EncryptingSealer(data_key, read_e1=True)


def reseal_weaker(store: Store) -> int:
    """Seal again, bound to their place, the values an older Ebbtide sealed (E1) and the
    plain values an upgrade of the locked store wrote (listed by the store when it
    migrated). Any other plain value stays refused. Returns how many were sealed."""
    sealer = store.sealer
    assert isinstance(sealer, EncryptingSealer)
    legacy = EncryptingSealer(sealer.data_key, read_e1=True, read_plain=True)
    listed = store.meta_get(PLAIN_FROM_UPGRADE_KEY)
    allowed = {tuple(p) for p in json.loads(listed)} if listed else set()
    conn = store.conn
    updates: dict[tuple[str, str], list[tuple[bytes, int]]] = {}
    for table, column, rowid, key, blob in sealed_values(conn, other_than=sealer.PREFIX):
        place = (table, column, key)
        if blob.startswith(PlainSealer.PREFIX) and place not in allowed:
            log.warning("A plain value in a locked store was left as it is (not shown)")
            continue
        try:
            text = legacy.unseal(blob)
        except StoreError:
            continue  # damaged: left out where it is read (never thrown away)
        updates.setdefault((table, column), []).append((sealer.seal(text, place), rowid))
    if not updates and listed is None:
        return 0
    with store.transaction() as tx:
        for (table, column), rows in updates.items():
            tx.executemany(f'UPDATE "{table}" SET "{column}"=? WHERE rowid=?', rows)
        tx.execute("DELETE FROM meta WHERE key=?", (PLAIN_FROM_UPGRADE_KEY,))
    return sum(len(rows) for rows in updates.values())


def check_passphrase(store: Store, passphrase: str) -> None:
    """Raise WrongSecret unless `passphrase` opens this store; changes nothing. Asked
    right before an export, a restore or a delete while the lock is on."""
    _key_from_passphrase(_require_record(store), passphrase)


def unlock_with_recovery_key(store: Store, recovery_key: str) -> None:
    _opened(store, _key_from_recovery(_require_record(store), recovery_key))


def _current_key(store: Store, record: LockRecord) -> bytes:
    sealer = store.sealer
    if not isinstance(sealer, EncryptingSealer):
        raise StoreLocked()
    if not key_matches_verifier(sealer.data_key, record.verifier):
        raise StoreError("The key in memory does not belong to this store.")
    return sealer.data_key


# -- setting up, changing, turning off -------------------------------------------------


@dataclass(frozen=True)
class EnableResult:
    recovery_key: str  # formatted in groups; shown once, never stored
    backups_converted: int
    backups_left: int  # backups that could not be locked yet (busy, newer, damaged)
    tidy_pending: bool = False  # compacting the file failed (a full disk): tried again later
    recordings_pending: bool = False  # not every recording could be sealed yet: next unlock


def enable_lock(
    store: Store,
    passphrase: str,
    *,
    backups_dir: Path | None = None,
    recordings_dir: Path | None = None,
    params: ScryptParams | None = None,
    progress: Progress | None = None,
) -> EnableResult:
    """Turn the lock on: every sealed value is re-encrypted in one transaction (all or
    nothing), then the file is compacted so no plain page is left behind, and the
    recordings' files are sealed one by one (after the commit: sealing a file with a key
    the store does not keep yet would lose it in a crash)."""
    if lock_enabled(store):
        raise StoreError("The lock is already on.")
    problem = passphrase_problem(passphrase)
    if problem:
        raise ValueError(problem)
    params = params or DEFAULT_SCRYPT
    data_key = new_data_key()
    raw_recovery = new_recovery_key()
    pass_salt, rec_salt = new_salt(), new_salt()
    record = LockRecord(
        kdf=params,
        passphrase_salt=pass_salt,
        passphrase_wrapped=wrap(
            passphrase_key(passphrase, pass_salt, params), data_key, WRAP_AAD_PASSPHRASE
        ),
        recovery_salt=rec_salt,
        recovery_wrapped=wrap(
            recovery_key_key(raw_recovery, rec_salt), data_key, WRAP_AAD_RECOVERY
        ),
        verifier=make_verifier(data_key),
    )
    sealer = EncryptingSealer(data_key)
    converted = left = 0
    if backups_dir is not None:
        # The backups first: a crash between the two then leaves the store plain and the
        # backups locked with the passphrase just chosen — never the store locked and a
        # backup beside it still plain.
        converted, left = _sync_backups_with_key(backups_dir, data_key, target=record)
    try:
        with store.transaction() as conn:
            reseal_all(conn, reader=PlainSealer(), writer=sealer)
            _write_lock_record(conn, record)
            conn.execute("DELETE FROM meta WHERE key=?", (SEALED_META_KEY,))
    except BaseException:
        if backups_dir is not None:  # the store stays plain: so do its backups
            try:
                _sync_backups_with_key(backups_dir, data_key, target=None)
            except Exception as exc:
                log.warning("Backups could not be opened again (%s)", type(exc).__name__)
        raise
    store.sealer = sealer
    # The lock is on from here: nothing after this may keep the recovery key from being
    # shown, whatever fails (a full disk at VACUUM, a busy backup…).
    key_text = format_recovery_key(raw_recovery)
    tidy_pending = False
    try:
        scrub(store.conn)
    except Exception as exc:
        log.warning("Compacting after turning the lock on failed (%s)", type(exc).__name__)
        tidy_pending = True
    recordings_pending = False
    if recordings_dir is not None:
        try:
            seal_recordings(store, recordings_dir, data_key, progress)
            recordings_pending = store.meta_get(SEALED_META_KEY) is None
        except Exception as exc:
            log.warning("Recordings could not be sealed yet (%s)", type(exc).__name__)
            recordings_pending = True
    return EnableResult(key_text, converted, left, tidy_pending, recordings_pending)


def change_passphrase(
    store: Store, current: str, new: str, *, backups_dir: Path | None = None
) -> None:
    """Check the current passphrase, then re-wrap the data key under the new one. The
    words on disk are not touched, so they are never readable at any moment."""
    record = _require_record(store)
    data_key = _key_from_passphrase(record, current)
    store.sealer = EncryptingSealer(data_key)
    set_new_passphrase(store, new, backups_dir=backups_dir)


def set_new_passphrase(store: Store, new: str, *, backups_dir: Path | None = None) -> None:
    """Choose a new passphrase for an unlocked store (after using the recovery key, for
    example). The recovery key keeps working."""
    problem = passphrase_problem(new)
    if problem:
        raise ValueError(problem)
    record = _require_record(store)
    data_key = _current_key(store, record)
    salt = new_salt()
    updated = LockRecord(
        kdf=record.kdf,
        passphrase_salt=salt,
        passphrase_wrapped=wrap(
            passphrase_key(new, salt, record.kdf), data_key, WRAP_AAD_PASSPHRASE
        ),
        recovery_salt=record.recovery_salt,
        recovery_wrapped=record.recovery_wrapped,
        verifier=record.verifier,
    )
    with store.transaction() as conn:
        _write_lock_record(conn, updated)
    scrub(store.conn)  # the old wrapping is not left in a free page or the WAL
    if backups_dir is not None:
        sync_backups(store, backups_dir)


def disable_lock(store: Store, passphrase: str, *, backups_dir: Path | None = None,
                 recordings_dir: Path | None = None,
                 progress: Progress | None = None) -> None:
    """Turn the lock off (after the person confirmed with the passphrase): the
    recordings' files are opened first (while the store still keeps the key, so a crash
    part-way loses nothing: the next unlock seals them again), then every sealed value
    goes back to plain in one transaction, and the backups follow."""
    record = _require_record(store)
    data_key = _key_from_passphrase(record, passphrase)
    reader = EncryptingSealer(data_key, read_e1=True, read_plain=True)
    if recordings_dir is not None:
        store.meta_delete(SEALED_META_KEY)  # plain and sealed files both read from now
        try:
            unseal_recordings(store, recordings_dir, data_key, progress)
        except BaseException:
            _reseal_quietly(store, recordings_dir, data_key)
            raise
    try:
        with store.transaction() as conn:
            reseal_all(conn, reader=reader, writer=PlainSealer())
            _write_lock_record(conn, None)
    except BaseException:
        if recordings_dir is not None:  # the lock stays on: so do the recordings
            _reseal_quietly(store, recordings_dir, data_key)
        raise
    store.sealer = PlainSealer()
    scrub(store.conn)
    if backups_dir is not None:
        _sync_backups_with_key(backups_dir, data_key, target=None)


def _reseal_quietly(store: Store, recordings_dir: Path, data_key: bytes) -> None:
    try:
        seal_recordings(store, recordings_dir, data_key)
    except Exception as exc:  # the next unlock tries again
        log.warning("Recordings could not be sealed again yet (%s)", type(exc).__name__)


def seal_pending_recordings(store: Store, recordings_dir: Path) -> int:
    """After an unlock: seal any recording a crash or an older Ebbtide left plain while
    the lock is on. Does nothing once all are sealed, or with the lock off."""
    if read_lock_record(store.conn) is None or store.meta_get(SEALED_META_KEY) is not None:
        return 0
    data_key = _current_key(store, _require_record(store))
    return seal_recordings(store, recordings_dir, data_key)


def sealer_after_restore(store: Store, previous: Sealer) -> None:
    """After the store's contents were replaced (a backup restored): keep the open key if
    it belongs to the restored data, otherwise start locked or plain as the data says."""
    record = read_lock_record(store.conn)
    if record is None:
        store.sealer = PlainSealer()
    elif isinstance(previous, EncryptingSealer) and key_matches_verifier(
        previous.data_key, record.verifier
    ):
        store.sealer = previous
    else:
        store.sealer = LockedSealer()


# -- the generic re-sealing ---------------------------------------------------------------


def reseal_all(conn: sqlite3.Connection, *, reader: Sealer, writer: Sealer) -> int:
    """Rewrite every sealed value: read with `reader`, write with `writer`, each bound to
    its place. Must run in the caller's transaction. Returns how many were rewritten."""
    count = 0
    updates: dict[tuple[str, str], list[tuple[bytes, int]]] = {}
    for table, column, rowid, key, blob in sealed_values(conn):
        place = (table, column, key)
        updates.setdefault((table, column), []).append(
            (writer.seal(reader.unseal(blob, place), place), rowid))
    for (table, column), rows in updates.items():
        conn.executemany(f'UPDATE "{table}" SET "{column}"=? WHERE rowid=?', rows)
        count += len(rows)
    return count


def scrub(conn: sqlite3.Connection) -> None:
    """Leave no old page behind: fold the WAL into the file, rebuild the file (VACUUM),
    and truncate the WAL to nothing."""
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("VACUUM")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# -- backups follow the live store -----------------------------------------------------------


def backup_files(backups_dir: Path) -> list[Path]:
    if not backups_dir.is_dir():
        return []
    return sorted(p for p in backups_dir.iterdir() if p.suffix == ".sqlite3" and p.is_file())


def sync_backups(store: Store, backups_dir: Path) -> tuple[int, int]:
    """Bring every backup to the live store's lock state (needs the store unlocked when
    the lock is on). Returns (converted, removed)."""
    record = read_lock_record(store.conn)
    if record is None:
        return 0, 0  # turning off is done by disable_lock with the key in hand
    data_key = _current_key(store, record)
    return _sync_backups_with_key(backups_dir, data_key, target=record)


def _sync_backups_with_key(
    backups_dir: Path, data_key: bytes, target: LockRecord | None
) -> tuple[int, int]:
    """Returns (converted, left as they are for now). A backup is never deleted here: one
    held open by another program or one from a newer Ebbtide is left alone and tried
    again after the next unlock."""
    converted = left = 0
    if target is not None and backups_dir.is_dir():
        # A backup cut off half-way (by a crash) was never whole, and may hold plain words.
        for partial in backups_dir.glob("*.part"):
            partial.unlink(missing_ok=True)
    for path in backup_files(backups_dir):
        try:
            if _convert_backup(path, data_key, target):
                converted += 1
        except (sqlite3.Error, StoreError, UnicodeDecodeError, OSError, RuntimeError) as exc:
            log.warning("A backup could not be brought to the lock's state yet; it is "
                        "kept and tried again later (%s)", type(exc).__name__)
            left += 1
    return converted, left


def _convert_backup(path: Path, data_key: bytes, target: LockRecord | None) -> bool:
    """Make one backup file match `target` (a lock record, or None for plain), with every
    value sealed the current way. Backups under a different key, and backups from a newer
    Ebbtide, are left as they are. Returns True if it was changed."""
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=0.5)
    try:
        version = schema_version(conn)
        if version > SCHEMA_VERSION:
            log.info("A backup from a newer Ebbtide was left as it is")
            return False
        current = read_lock_record(conn)
        if current is not None and not key_matches_verifier(data_key, current.verifier):
            return False  # locked under some other key: nothing plain in it to worry about
        reader = EncryptingSealer(data_key, read_e1=True, read_plain=True)
        if target is None:
            if current is None:
                return False
            writer: Sealer = PlainSealer()
        else:
            writer = EncryptingSealer(data_key)
            # An older backup (say from before an upgrade) is upgraded, so words its
            # schema kept plain (v3 pattern names) are sealed like the rest.
            if version < SCHEMA_VERSION and version > 0:
                conn.execute("PRAGMA journal_mode = DELETE")
                migrate(conn)
            weaker = next(sealed_values(conn, other_than=EncryptingSealer.PREFIX), None)
            if current == target and weaker is None:
                return False
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("BEGIN IMMEDIATE")
        try:
            reseal_all(conn, reader=reader, writer=writer)
            _write_lock_record(conn, target)
            conn.execute("DELETE FROM meta WHERE key=?", (PLAIN_FROM_UPGRADE_KEY,))
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        conn.execute("VACUUM")
        return True
    finally:
        conn.close()


# -- wrong tries ---------------------------------------------------------------------------


class UnlockThrottle:
    """A short pause that grows after repeated wrong tries: none for the first two, then
    2, 4, 8, … seconds, never more than 30. Nothing is ever deleted for wrong tries.
    Times are passed in (monotonic seconds) so this is easy to test."""

    FREE_TRIES = 3
    MAX_WAIT_S = 30.0

    def __init__(self) -> None:
        self.failures = 0
        self._not_before = 0.0

    def wait_seconds(self, now: float) -> float:
        return max(0.0, self._not_before - now)

    def record_failure(self, now: float) -> float:
        """Note a wrong try; returns how long to wait before the next one."""
        self.failures += 1
        extra = self.failures - self.FREE_TRIES
        delay = 0.0 if extra < 0 else min(2.0 ** (extra + 1), self.MAX_WAIT_S)
        self._not_before = now + delay
        return delay

    def record_success(self) -> None:
        self.failures = 0
        self._not_before = 0.0


def all_sealed_values(conn: sqlite3.Connection) -> Iterable[bytes]:
    """Every sealed blob, for tests and checks (never logged)."""
    for *_, blob in sealed_values(conn):
        yield blob
