"""The one store: an SQLite database in the person's data folder.

WAL mode, foreign keys on, synchronous=FULL so a write has reached the disk before any
caller is told it is saved. A person's own words go through a `Sealer` (plain by
default; the lock swaps in an encrypting one) and are never written to the log.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from ebbtide.core.migrations import (
    SCHEMA_VERSION,
    StoreTooNewError,
    migrate,
    pending,
    schema_version,
)
from ebbtide.core.sealing import (
    LockedSealer,
    Place,
    PlainSealer,
    Sealer,
    StoreError,
    StoreLocked,
)
from ebbtide.core.sessions import SessionKind, SessionRecord, new_uid

# Re-exported: code that opens a store also names its records and errors.
__all__ = [
    "GENERATION_META_KEY",
    "LOCK_META_KEY",
    "MOVED_ASIDE_KEY",
    "OpenedStore",
    "Place",
    "PlainSealer",
    "Sealer",
    "SessionKind",
    "SessionRecord",
    "Store",
    "StoreError",
    "StoreLocked",
    "StoreUnavailable",
    "new_uid",
]

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
# A database file and the companions SQLite may keep beside it.
DATABASE_SUFFIXES = ("", "-wal", "-shm", "-journal")
LOCK_META_KEY = "lock"  # present in `meta` when the passphrase lock is on (core/lock.py)
# Places of plain values an upgrade wrote into a locked store (JSON list); the next
# unlock seals exactly these. Any other plain value in a locked store is refused.
PLAIN_FROM_UPGRADE_KEY = "plain_from_upgrade"

# Where the last damaged store was set aside, kept in the fresh store's `meta` until the
# person has answered, so a start that never got to ask asks next time.
MOVED_ASIDE_KEY = "moved_aside"
# SQLite's words for a file that is really damaged. Anything else (a full disk, no
# permission, a busy file, an input/output error) is never damage.
_DAMAGE_CODES = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


class StoreUnavailable(StoreError):
    """The store could not be opened for a reason outside it (a full disk, permissions,
    an I/O error). Nothing was moved or changed; try again once that is fixed."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            "Ebbtide can't open your data right now: " + reason + " Nothing has been moved "
            "or changed. If the disk is full, freeing some space and trying again is "
            "enough.")
        self.reason = reason


def is_damage(exc: BaseException) -> bool:
    """True only for SQLite saying the file itself is damaged or not a database."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name:
        return name.startswith(_DAMAGE_CODES)
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def _unavailable(exc: BaseException) -> StoreUnavailable:
    if isinstance(exc, OSError):
        reason = f"{exc.strerror or type(exc).__name__}."
    else:
        reason = f"{str(exc).rstrip('.')}."
    return StoreUnavailable(reason[0].upper() + reason[1:])

# A new random value with every write (see Store.transaction): what was worked out from
# the data (Progress's arrays, kept on disk between runs) is valid only while it matches.
GENERATION_META_KEY = "generation"

@dataclass(frozen=True)
class OpenedStore:
    store: Store
    moved_aside: Path | None  # where a damaged database was put, if one was


_SESSION_COLUMNS = (
    "id, uid, kind, content_id, started_utc, ended_utc, duration_s, distress_before, "
    "distress_after, completed, details, note_sealed"
)


INSERT_SESSION = (
    "INSERT INTO sessions (uid, kind, content_id, started_utc, ended_utc, duration_s, "
    "distress_before, distress_after, completed, details, note_sealed) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?)"
)
_UPDATE_FIELDS_NO_UID = (
    "kind=?, content_id=?, started_utc=?, ended_utc=?, duration_s=?, distress_before=?, "
    "distress_after=?, completed=?, details=?, note_sealed=?"
)


class Store:
    def __init__(self, conn: sqlite3.Connection, path: Path, sealer: Sealer | None = None):
        self.conn = conn
        self.path = path
        self.sealer: Sealer = sealer or PlainSealer()
        # Places of values that could not be read (damaged on disk): left out, counted.
        self.unreadable: set[Place] = set()
        #: Goes up with every committed write; the persisted twin is GENERATION_META_KEY.
        self.generation = 0

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        before_migrate: Callable[[Path], None] | None = None,
    ) -> OpenedStore:
        """Open (creating if needed) and migrate the store. A file that is not SQLite or
        is damaged is moved aside with a timestamp, never overwritten, and a fresh store
        is started; the caller tells the person where the old file went (and the fresh
        store remembers it, see MOVED_ASIDE_KEY). A full disk, a permission or an I/O
        error is never damage: StoreUnavailable is raised and nothing is touched."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            moved: Path | None = None
            if path.exists() and not _looks_healthy(path):
                moved = move_aside(path)
                log.warning("The store was damaged and has been moved aside to %s", moved)
            if path.exists():
                _refuse_newer_schema(path)  # before WAL mode rewrites the header
            conn = _connect(path)
        except OSError as exc:
            raise _unavailable(exc) from exc
        except sqlite3.Error as exc:
            if is_damage(exc):
                raise StoreError("Ebbtide's data file could not be read.") from exc
            raise _unavailable(exc) from exc
        try:
            if pending(conn) > 0 and schema_version(conn) > 0 and before_migrate is not None:
                before_migrate(path)
            if migrate(conn) > 0:
                note_plain_from_upgrade(conn)
        except sqlite3.DatabaseError as exc:
            conn.close()
            if not is_damage(exc):
                raise _unavailable(exc) from exc
            moved = move_aside(path)
            log.warning("The store could not be upgraded and has been moved aside to %s", moved)
            conn = _connect(path)
            migrate(conn)
        except OSError as exc:  # the backup before an upgrade could not be written
            conn.close()
            raise _unavailable(exc) from exc
        store = cls(conn, path)
        try:
            _make_private(path)
            if moved is not None:
                with store.transaction() as tx:
                    upsert_meta(tx, MOVED_ASIDE_KEY, str(moved))
            if store.meta_get(LOCK_META_KEY) is not None:
                # The lock is on: hold no key until the person unlocks (core/lock.py).
                # The crypto stays unloaded until then.
                store.sealer = LockedSealer()
        except (OSError, sqlite3.Error) as exc:
            conn.close()
            raise _unavailable(exc) from exc
        return OpenedStore(store, moved)

    @classmethod
    def in_memory(cls) -> Store:
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn)
        return cls(conn, Path(":memory:"))

    def close(self) -> None:
        self.conn.close()

    # -- transactions --------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT; rolled back on any error. When it returns, the
        write is on disk (synchronous=FULL)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            # Every write says so, in the same transaction: caches of the data follow.
            upsert_meta(self.conn, GENERATION_META_KEY, os.urandom(8).hex())
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")
        self.generation += 1

    def data_generation(self) -> str | None:
        """The persisted generation: changes with every write (None before the first)."""
        return self.meta_get(GENERATION_META_KEY)

    # -- words at rest ---------------------------------------------------------------

    def seal(self, text: str, place: Place | None = None) -> bytes:
        """`place` is (table, column, row uid): with the lock on, the sealed value opens
        only there. Pass it for every value a row holds."""
        return self.sealer.seal(text, place)

    def unseal(self, blob: bytes | None, place: Place | None = None) -> str:
        return "" if blob is None else self.sealer.unseal(bytes(blob), place)

    def unseal_or_skip(self, blob: bytes | None, place: Place) -> str | None:
        """The words, or None when this one value is damaged: it is left out (and
        counted in `unreadable`, logged without content) so the rest keeps working.
        Locked is not damage: StoreLocked still goes to the caller."""
        try:
            return self.unseal(blob, place)
        except StoreLocked:
            raise
        except (StoreError, UnicodeDecodeError) as exc:
            self.note_unreadable(place, exc)
            return None

    def note_unreadable(self, place: Place, exc: BaseException) -> None:
        if place not in self.unreadable:
            log.warning("A saved value in %s.%s could not be read and is left out (%s)",
                        place[0], place[1], type(exc).__name__)
        self.unreadable.add(place)

    # -- sessions ----------------------------------------------------------------------

    def add_session(self, record: SessionRecord) -> SessionRecord:
        with self.transaction() as conn:
            new_id = self.insert_session(conn, record)
        return replace(record, id=new_id)

    def add_sessions(self, records: Iterable[SessionRecord]) -> int:
        """Add many sessions in one transaction: all land, or none. Returns how many."""
        rows = [self._session_row(r) for r in records]
        with self.transaction() as conn:
            conn.executemany(INSERT_SESSION, rows)
        return len(rows)

    def save_session(self, record: SessionRecord) -> SessionRecord:
        """Add the session, or overwrite the one with its uid: a page saves a session
        when it stops and saves it again when the after-rating comes, by the same uid."""
        with self.transaction() as conn:
            row = conn.execute("SELECT id FROM sessions WHERE uid=?", (record.uid,)).fetchone()
            if row is None:
                session_id = self.insert_session(conn, record)
            else:
                session_id = int(row[0])
                self.rewrite_session(conn, session_id, record)
        return replace(record, id=session_id)

    def update_session(self, record: SessionRecord) -> None:
        if record.id is None:
            raise ValueError("Only a saved session can be updated.")
        with self.transaction() as conn:
            self.rewrite_session(conn, record.id, record)

    # Inside a transaction the caller already holds (to write a session together with
    # the thing it belongs to, such as a worksheet).

    def insert_session(self, conn: sqlite3.Connection, record: SessionRecord) -> int:
        cursor = conn.execute(INSERT_SESSION, self._session_row(record))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def rewrite_session(self, conn: sqlite3.Connection, session_id: int,
                        record: SessionRecord, *, keep_uid: bool = False) -> None:
        """Overwrite session `session_id` with `record` (keeping its uid if asked)."""
        if keep_uid:
            # The note is sealed to the row's own uid, so take it before sealing.
            found = conn.execute("SELECT uid FROM sessions WHERE id=?", (session_id,)).fetchone()
            if found is not None:
                record = replace(record, uid=str(found[0]))
        row = self._session_row(record)
        if keep_uid:
            conn.execute(f"UPDATE sessions SET {_UPDATE_FIELDS_NO_UID} WHERE id=?",
                         (*row[1:], session_id))
        else:
            conn.execute(f"UPDATE sessions SET uid=?, {_UPDATE_FIELDS_NO_UID} WHERE id=?",
                         (*row, session_id))

    def delete_session(self, session_id: int) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM sessions WHERE id=?", (session_id,))

    def get_session(self, session_id: int) -> SessionRecord | None:
        row = self.conn.execute(
            f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id=?", (session_id,)
        ).fetchone()
        return None if row is None else self._session_from_row(row)

    def sessions(
        self,
        since_utc: float | None = None,
        until_utc: float | None = None,
        kinds: Iterable[str] | None = None,
    ) -> list[SessionRecord]:
        """Sessions that started in [since, until), oldest first."""
        where, params = session_filter(since_utc, until_utc, kinds)
        rows = self.conn.execute(
            f"SELECT {_SESSION_COLUMNS} FROM sessions {where} ORDER BY started_utc, id",
            params,
        ).fetchall()
        return [self._session_from_row(row) for row in rows]

    def practice_days(self, since_utc: float) -> list[date]:
        """The local calendar days since `since_utc` on which any session started."""
        rows = self.conn.execute(
            "SELECT DISTINCT date(started_utc, 'unixepoch', 'localtime') FROM sessions "
            "WHERE started_utc >= ?", (float(since_utc),)).fetchall()
        return [date.fromisoformat(row[0]) for row in rows if row[0]]

    def count_sessions(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0])

    def session_row(self, r: SessionRecord) -> tuple[Any, ...]:
        """The values of INSERT_SESSION for a record (its note sealed to its place)."""
        return self._session_row(r)

    def _session_row(self, r: SessionRecord) -> tuple[Any, ...]:
        return (
            r.uid,
            r.kind,
            r.content_id,
            float(r.started_utc),
            None if r.ended_utc is None else float(r.ended_utc),
            float(r.duration_s),
            r.distress_before,
            r.distress_after,
            1 if r.completed else 0,
            # Never NaN or Infinity: SQLite's JSON functions would call the row malformed.
            json.dumps(dict(r.details), ensure_ascii=False, sort_keys=True, allow_nan=False),
            self.seal(r.note, ("sessions", "note_sealed", r.uid)) if r.note else None,
        )

    def _session_from_row(self, row: tuple[Any, ...]) -> SessionRecord:
        return SessionRecord(
            id=row[0],
            uid=row[1],
            kind=row[2],
            content_id=row[3],
            started_utc=row[4],
            ended_utc=row[5],
            duration_s=row[6],
            distress_before=row[7],
            distress_after=row[8],
            completed=bool(row[9]),
            details=json.loads(row[10]),
            note=self.unseal_or_skip(row[11], ("sessions", "note_sealed", row[1])) or "",
        )

    # -- small key/value facts about this store -----------------------------------------

    def meta_get(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return default if row is None else str(row[0])

    def meta_delete(self, key: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM meta WHERE key=?", (key,))

    def meta_set(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            upsert_meta(conn, key, value)


def upsert_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    """Set a `meta` value inside the caller's transaction."""
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value=excluded.value",
        (key, value),
    )


def sealed_columns(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(table, column) for every column named `*_sealed`, read from the schema."""
    found: list[tuple[str, str]] = []
    tables = conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    for (table,) in tables:
        for column in conn.execute(f'PRAGMA table_info("{table}")').fetchall():
            if str(column[1]).endswith("_sealed"):
                found.append((str(table), str(column[1])))
    return found


def row_key_column(conn: sqlite3.Connection, table: str) -> str:
    """What names a row in a sealed value's place: its uid, or its rowid in a table
    without one (every table with words has an INTEGER PRIMARY KEY, so rowids stay)."""
    columns = {str(c[1]) for c in conn.execute(f'PRAGMA table_info("{table}")')}
    return "uid" if "uid" in columns else "rowid"


def sealed_values(
    conn: sqlite3.Connection, *, prefix: bytes | None = None, other_than: bytes | None = None,
) -> Iterator[tuple[str, str, int, str, bytes]]:
    """(table, column, rowid, row key, blob) for every sealed value; only those whose
    3-byte form prefix is `prefix`, or is not `other_than`, when asked."""
    for table, column in sealed_columns(conn):
        key = row_key_column(conn, table)
        condition, params = "", []
        if prefix is not None:
            condition, params = f' AND substr("{column}", 1, 3) = ?', [prefix]
        elif other_than is not None:
            condition, params = f' AND substr("{column}", 1, 3) != ?', [other_than]
        rows = conn.execute(
            f'SELECT rowid, {key}, "{column}" FROM "{table}" '
            f'WHERE "{column}" IS NOT NULL{condition}', params).fetchall()
        for rowid, row_key, blob in rows:
            yield table, column, int(rowid), str(row_key), bytes(blob)


def note_plain_from_upgrade(conn: sqlite3.Connection) -> int:
    """After a migration of a locked store: remember where it wrote plain values (as v4
    did for pattern names), so the next unlock seals exactly those. Returns how many."""
    if conn.execute("SELECT 1 FROM meta WHERE key=?", (LOCK_META_KEY,)).fetchone() is None:
        return 0
    places = [[t, c, k] for t, c, _, k, _ in
              sealed_values(conn, prefix=PlainSealer.PREFIX)]
    old = conn.execute("SELECT value FROM meta WHERE key=?",
                       (PLAIN_FROM_UPGRADE_KEY,)).fetchone()
    if old is not None:
        places += [p for p in json.loads(old[0]) if p not in places]
    if places:
        conn.execute("BEGIN IMMEDIATE")
        try:
            upsert_meta(conn, PLAIN_FROM_UPGRADE_KEY, json.dumps(places))
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return len(places)


@dataclass(frozen=True)
class StoreHealth:
    whole: bool  # PRAGMA quick_check said ok
    unreadable: int  # sealed values that could not be opened (0 while locked)


def check_health(store: Store) -> StoreHealth:
    """For the background check after opening and after unlocking: SQLite's quick_check,
    and every sealed value tried once (never logged). Slow on a big store: not on the UI
    thread."""
    try:
        rows = store.conn.execute("PRAGMA quick_check").fetchall()
        whole = rows == [("ok",)]
    except sqlite3.DatabaseError as exc:
        whole = not is_damage(exc)
    if isinstance(store.sealer, LockedSealer):
        return StoreHealth(whole, 0)
    for table, column, _, key, blob in sealed_values(store.conn):
        try:
            store.sealer.unseal(blob, (table, column, key))
        except (StoreError, ValueError) as exc:
            store.note_unreadable((table, column, key), exc)
    return StoreHealth(whole, len(store.unreadable))


def session_filter(
    since_utc: float | None, until_utc: float | None, kinds: Iterable[str] | None,
    *extra: str,
) -> tuple[str, list[Any]]:
    """A WHERE clause over sessions that the (kind, started_utc) indexes can serve, with
    any `extra` conditions (their parameters go after the ones returned here)."""
    clauses: list[str] = []
    params: list[Any] = []
    if since_utc is not None:
        clauses.append("started_utc >= ?")
        params.append(float(since_utc))
    if until_utc is not None:
        clauses.append("started_utc < ?")
        params.append(float(until_utc))
    if kinds is not None:
        kind_list = list(kinds)
        clauses.append(f"kind IN ({','.join('?' * len(kind_list))})")
        params.extend(kind_list)
    clauses.extend(extra)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def _connect(path: Path) -> sqlite3.Connection:
    # Autocommit mode: transactions are explicit (Store.transaction, migrate).
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA secure_delete = ON")  # freed pages are zeroed, not left readable
    return conn


def _refuse_newer_schema(path: Path) -> None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        version = schema_version(conn)
    finally:
        conn.close()
    if version > SCHEMA_VERSION:
        raise StoreTooNewError(version)


def _looks_healthy(path: Path) -> bool:
    """A store we can safely open: empty (new), or SQLite that passes quick_check. False
    only for real damage; an error from outside the file (a full disk cannot make the
    read-only probe's -shm, no permission, I/O) raises, so nothing healthy is moved."""
    size = path.stat().st_size
    if size == 0:
        return True
    with path.open("rb") as f:
        if f.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            return False
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if is_damage(exc):
            return False
        raise
    return bool(result) and result[0] == "ok"


def move_aside(path: Path) -> Path:
    """Rename a store (and its companions) to `<name>.damaged-<timestamp>`."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    move_database(path, target)
    return target


def database_files(path: Path) -> list[Path]:
    """The database at `path` and every companion file SQLite may keep beside it."""
    return [Path(str(path) + suffix) for suffix in DATABASE_SUFFIXES]


def move_database(path: Path, target: Path) -> None:
    """Rename a database and its companions, every byte kept (never copied)."""
    for suffix in DATABASE_SUFFIXES:
        companion = Path(str(path) + suffix)
        if companion.exists():
            shutil.move(str(companion), str(target) + suffix)


def remove_database(path: Path) -> None:
    for companion in database_files(path):
        companion.unlink(missing_ok=True)


def _make_private(path: Path) -> None:
    if os.name != "posix":
        return
    for companion in database_files(path):
        if companion.exists():
            os.chmod(companion, 0o600)
