"""Forward-only schema migrations, versioned with PRAGMA user_version.

Each entry upgrades the schema from version N-1 to N. Never edit a migration that has
shipped: add a new one. Each one is tested from the previous version's fixture database
(tests/fixtures/store_v*.sqlite3, made by tests/fixtures/make_store_fixtures.py).

Columns named `*_sealed` hold a person's own words. They pass through the store's
sealer (plain UTF-8 by default, encrypted when the lock is on) and are never read by SQL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]


def _run(conn: sqlite3.Connection, script: str) -> None:
    # Not executescript(): it commits first, which would break a migration's transaction.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v1_sessions(conn: sqlite3.Connection) -> None:
    # One record type for every kind of practice, so Progress charts all from one query.
    # Times are UTC seconds since the epoch (REAL) so charts can take them as arrays.
    _run(
        conn,
        """
        CREATE TABLE sessions (
            id              INTEGER PRIMARY KEY,
            uid             TEXT NOT NULL UNIQUE,
            kind            TEXT NOT NULL,
            content_id      TEXT NOT NULL DEFAULT '',
            started_utc     REAL NOT NULL,
            ended_utc       REAL,
            duration_s      REAL NOT NULL DEFAULT 0 CHECK (duration_s >= 0),
            distress_before INTEGER CHECK (distress_before BETWEEN 0 AND 10),
            distress_after  INTEGER CHECK (distress_after BETWEEN 0 AND 10),
            completed       INTEGER NOT NULL DEFAULT 1 CHECK (completed IN (0, 1)),
            details         TEXT NOT NULL DEFAULT '{}',
            note_sealed     BLOB
        );
        CREATE INDEX sessions_by_start ON sessions (started_utc);
        CREATE INDEX sessions_by_kind_start ON sessions (kind, started_utc);
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
    )


def _v2_content_tables(conn: sqlite3.Connection) -> None:
    # Things people make: their own breathing patterns, worksheets, imported recordings.
    _run(
        conn,
        """
        CREATE TABLE custom_patterns (
            id          INTEGER PRIMARY KEY,
            uid         TEXT NOT NULL UNIQUE,
            name        TEXT NOT NULL,
            definition  TEXT NOT NULL,
            created_utc REAL NOT NULL,
            updated_utc REAL NOT NULL,
            deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
        );
        CREATE TABLE worksheets (
            id           INTEGER PRIMARY KEY,
            uid          TEXT NOT NULL UNIQUE,
            session_id   INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
            status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'done')),
            created_utc  REAL NOT NULL,
            updated_utc  REAL NOT NULL,
            tags         TEXT NOT NULL DEFAULT '{}',
            body_sealed  BLOB NOT NULL,
            deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
        );
        CREATE INDEX worksheets_by_update ON worksheets (updated_utc);
        CREATE TABLE recordings (
            id           INTEGER PRIMARY KEY,
            uid          TEXT NOT NULL UNIQUE,
            file_name    TEXT NOT NULL,
            title_sealed BLOB NOT NULL,
            duration_s   REAL NOT NULL,
            size_bytes   INTEGER NOT NULL,
            added_utc    REAL NOT NULL,
            deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
        );
        """
    )


def _v3_practice_index(conn: sqlite3.Connection) -> None:
    # Progress's "what helps me" groups by practice over a range: a covering index
    # halves that query on a lifetime of sessions.
    _run(
        conn,
        """
        CREATE INDEX sessions_by_practice
            ON sessions (kind, content_id, started_utc, distress_before, distress_after)
        """,
    )


def _v4_seal_pattern_names(conn: sqlite3.Connection) -> None:
    # A person's own pattern names are their words: move them into a sealed column, in
    # the plain sealed form (b"P1:" + UTF-8) that every sealer reads, and blank the old
    # column. Turning the lock on then encrypts them like every other *_sealed value.
    _run(
        conn,
        """
        ALTER TABLE custom_patterns ADD COLUMN name_sealed BLOB;
        UPDATE custom_patterns SET name_sealed = CAST('P1:' || name AS BLOB), name = ''
        """,
    )


def _v5_red_flags_out_of_sessions(conn: sqlite3.Connection) -> None:
    # What a person ticked about their safety belongs only in the sealed worksheet.
    # Earlier versions also kept a count of red flags in the worksheet's session
    # details, which are plain JSON (the lock does not encrypt them): take it out.
    conn.execute(
        "UPDATE sessions SET details = json_remove(details, '$.red_flags') "
        "WHERE kind = 'worksheet' AND json_valid(details) "
        "AND json_type(details, '$.red_flags') IS NOT NULL"
    )


def _v6_notice_entries(conn: sqlite3.Connection) -> None:
    # Notice & record (core/notice.py): trigger, evidence, small-risk and journal entries
    # in one table, told apart by `kind`. Everything the person wrote or chose is in
    # `body_sealed`; only the id, the kind, the status and the times are plain, so the
    # lock hides the rest.
    # Deleting is soft (`deleted`) so it can be undone.
    _run(
        conn,
        """
        CREATE TABLE notice_entries (
            id           INTEGER PRIMARY KEY,
            uid          TEXT NOT NULL UNIQUE,
            kind         TEXT NOT NULL,
            status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'done')),
            occurred_utc REAL NOT NULL,
            created_utc  REAL NOT NULL,
            updated_utc  REAL NOT NULL,
            body_sealed  BLOB NOT NULL,
            deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
        );
        CREATE INDEX notice_by_kind_time ON notice_entries (kind, deleted, occurred_utc)
        """,
    )


def _v7_self_trust(conn: sqlite3.Connection) -> None:
    # Trust yourself (core/promises.py, self_lists.py, decisions.py): small promises to
    # myself, the strengths / values / boundaries lists and the decision log. The person's
    # words are sealed; plain are only the ids, days, states, list names, order and
    # times, so a month can be counted and a list ordered without unsealing.
    _run(
        conn,
        """
        CREATE TABLE promises (
            id           INTEGER PRIMARY KEY,
            uid          TEXT NOT NULL UNIQUE,
            day          TEXT NOT NULL,
            state        TEXT NOT NULL DEFAULT 'open'
                         CHECK (state IN ('open', 'kept', 'let-go', 'carried')),
            carried_from TEXT,
            created_utc  REAL NOT NULL,
            updated_utc  REAL NOT NULL,
            text_sealed  BLOB NOT NULL
        );
        CREATE INDEX promises_by_day ON promises (day);
        CREATE TABLE self_list_items (
            id           INTEGER PRIMARY KEY,
            uid          TEXT NOT NULL UNIQUE,
            list         TEXT NOT NULL CHECK (list IN ('strengths', 'values', 'boundaries')),
            position     INTEGER NOT NULL DEFAULT 0,
            created_utc  REAL NOT NULL,
            updated_utc  REAL NOT NULL,
            text_sealed  BLOB NOT NULL
        );
        CREATE TABLE decisions (
            id           INTEGER PRIMARY KEY,
            uid          TEXT NOT NULL UNIQUE,
            decided_on   TEXT NOT NULL,
            created_utc  REAL NOT NULL,
            updated_utc  REAL NOT NULL,
            body_sealed  BLOB NOT NULL
        )
        """,
    )


def _v8_reach_out(conn: sqlite3.Connection) -> None:
    # Reach out (core/safe_people.py, core/asks.py): the person's safe people and their
    # reassurance asks. Everything they wrote is in `body_sealed`; only the id and the
    # times are plain. Deleting is soft (`deleted`) so it can be undone.
    _run(
        conn,
        """
        CREATE TABLE safe_people (
            id          INTEGER PRIMARY KEY,
            uid         TEXT NOT NULL UNIQUE,
            created_utc REAL NOT NULL,
            updated_utc REAL NOT NULL,
            body_sealed BLOB NOT NULL,
            deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
        );
        CREATE TABLE asks (
            id          INTEGER PRIMARY KEY,
            uid         TEXT NOT NULL UNIQUE,
            asked_utc   REAL NOT NULL,
            updated_utc REAL NOT NULL,
            body_sealed BLOB NOT NULL,
            deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
        );
        CREATE INDEX asks_by_time ON asks (deleted, asked_utc)
        """,
    )


def _v9_five_signs(conn: sqlite3.Connection) -> None:
    # The weekly check of the five signs (core/five_signs.py): one row an ISO week
    # ("2026-W48"), so saving the same week again overwrites it. The scores and the
    # note are sealed (the module says why the scores too); only the week and the
    # times are plain.
    _run(
        conn,
        """
        CREATE TABLE five_signs (
            id            INTEGER PRIMARY KEY,
            uid           TEXT NOT NULL UNIQUE,
            week          TEXT NOT NULL UNIQUE,
            created_utc   REAL NOT NULL,
            updated_utc   REAL NOT NULL,
            scores_sealed BLOB NOT NULL,
            note_sealed   BLOB
        )
        """,
    )


MIGRATIONS: list[Migration] = [
    _v1_sessions,
    _v2_content_tables,
    _v3_practice_index,
    _v4_seal_pattern_names,
    _v5_red_flags_out_of_sessions,
    _v6_notice_entries,
    _v7_self_trust,
    _v8_reach_out,
    _v9_five_signs,
]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def pending(conn: sqlite3.Connection) -> int:
    return SCHEMA_VERSION - schema_version(conn)


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the schema up to `target`. Returns how many migrations ran. The connection
    must be in autocommit mode (isolation_level=None). A store from a newer Ebbtide is
    refused rather than damaged."""
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        raise StoreTooNewError(current)
    versions = list(range(current + 1, target + 1))
    # One transaction per version: a half-applied migration is rolled back whole. A new
    # store takes them all in one (one commit and one sync to disk, not nine): rolled
    # back, it is as empty as it began.
    steps = [versions] if current == 0 and versions else [[v] for v in versions]
    for step in steps:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for version in step:
                MIGRATIONS[version - 1](conn)
            conn.execute(f"PRAGMA user_version = {step[-1]}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return len(versions)


class StoreTooNewError(RuntimeError):
    def __init__(self, version: int) -> None:
        super().__init__(
            f"This data was saved by a newer version of Ebbtide (schema {version}); "
            f"this version understands up to {SCHEMA_VERSION}. Please update Ebbtide."
        )
        self.version = version
