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
from pathlib import Path
from typing import Any

from ebbtide.core.migrations import (
    SCHEMA_VERSION,
    StoreTooNewError,
    migrate,
    pending,
    schema_version,
)
from ebbtide.core.sealing import LockedSealer, PlainSealer, Sealer, StoreError, StoreLocked
from ebbtide.core.sessions import SessionKind, SessionRecord, new_uid

# Re-exported: code that opens a store also names its records and errors.
__all__ = ["GENERATION_META_KEY", "LOCK_META_KEY", "OpenedStore", "PlainSealer", "Sealer",
           "SessionKind", "SessionRecord", "Store", "StoreError", "StoreLocked", "new_uid"]

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
# A database file and the companions SQLite may keep beside it.
DATABASE_SUFFIXES = ("", "-wal", "-shm", "-journal")
LOCK_META_KEY = "lock"  # present in `meta` when the passphrase lock is on (core/lock.py)
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


_INSERT_SESSION = (
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
        is started; the caller tells the person where the old file went."""
        path.parent.mkdir(parents=True, exist_ok=True)
        moved: Path | None = None
        if path.exists() and not _looks_healthy(path):
            moved = move_aside(path)
            log.warning("The store was damaged and has been moved aside to %s", moved)
        if path.exists():
            _refuse_newer_schema(path)  # before WAL mode rewrites the header
        conn = _connect(path)
        try:
            if pending(conn) > 0 and schema_version(conn) > 0 and before_migrate is not None:
                before_migrate(path)
            migrate(conn)
        except sqlite3.DatabaseError:
            conn.close()
            moved = move_aside(path)
            log.warning("The store could not be upgraded and has been moved aside to %s", moved)
            conn = _connect(path)
            migrate(conn)
        _make_private(path)
        store = cls(conn, path)
        if store.meta_get(LOCK_META_KEY) is not None:
            # The lock is on: hold no key until the person unlocks (core/lock.py). The
            # crypto stays unloaded until then.
            store.sealer = LockedSealer()
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

    def seal(self, text: str) -> bytes:
        return self.sealer.seal(text)

    def unseal(self, blob: bytes | None) -> str:
        return "" if blob is None else self.sealer.unseal(bytes(blob))

    # -- sessions ----------------------------------------------------------------------

    def add_session(self, record: SessionRecord) -> SessionRecord:
        with self.transaction() as conn:
            new_id = self.insert_session(conn, record)
        return replace(record, id=new_id)

    def add_sessions(self, records: Iterable[SessionRecord]) -> int:
        """Add many sessions in one transaction: all land, or none. Returns how many."""
        rows = [self._session_row(r) for r in records]
        with self.transaction() as conn:
            conn.executemany(_INSERT_SESSION, rows)
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
        cursor = conn.execute(_INSERT_SESSION, self._session_row(record))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def rewrite_session(self, conn: sqlite3.Connection, session_id: int,
                        record: SessionRecord, *, keep_uid: bool = False) -> None:
        """Overwrite session `session_id` with `record` (keeping its uid if asked)."""
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

    def count_sessions(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0])

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
            json.dumps(dict(r.details), ensure_ascii=False, sort_keys=True),
            self.seal(r.note) if r.note else None,
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
            note=self.unseal(row[11]),
        )

    # -- small key/value facts about this store -----------------------------------------

    def meta_get(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return default if row is None else str(row[0])

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
    """A store we can safely open: empty (new), or SQLite that passes quick_check."""
    try:
        size = path.stat().st_size
        if size == 0:
            return True
        with path.open("rb") as f:
            if f.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return False
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()
        finally:
            conn.close()
        return bool(result) and result[0] == "ok"
    except (OSError, sqlite3.DatabaseError):
        return False


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
