import os
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from ebbtide.core.migrations import SCHEMA_VERSION, StoreTooNewError
from ebbtide.core.store import (
    SessionKind,
    SessionRecord,
    Store,
    session_filter,
)


def test_a_saved_session_is_read_back_whole(store: Store) -> None:
    saved = store.add_session(
        SessionRecord(kind=SessionKind.BREATHING, content_id="box", started_utc=1000.0,
                      ended_utc=1300.0, duration_s=300.0, distress_before=7,
                      distress_after=4, completed=False, details={"cycles": 18},
                      note="felt my shoulders drop")
    )
    assert saved.id is not None
    again = store.get_session(saved.id)
    assert again == saved
    assert again is not None and again.drop == 3


def test_a_write_is_on_disk_before_add_session_returns(store: Store, paths) -> None:
    store.add_session(SessionRecord(kind=SessionKind.CHECKIN, started_utc=5.0, distress_before=3))
    # A second, independent connection (another process would see the same) finds it.
    other = sqlite3.connect(paths.database)
    assert other.execute("SELECT distress_before FROM sessions").fetchall() == [(3,)]
    other.close()


def test_store_runs_in_wal_mode_with_foreign_keys(store: Store) -> None:
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


@pytest.mark.parametrize("bad", [-1, 11, 3.5, "7"])
def test_distress_outside_0_to_10_is_refused(bad) -> None:
    with pytest.raises(ValueError, match="0 to 10"):
        SessionRecord(kind=SessionKind.CHECKIN, started_utc=0.0, distress_before=bad)


def test_sessions_filter_by_time_range_and_kind(store: Store) -> None:
    for t, kind in [(10.0, SessionKind.CHECKIN), (20.0, SessionKind.BREATHING),
                    (30.0, SessionKind.CHECKIN)]:
        store.add_session(SessionRecord(kind=kind, started_utc=t))
    assert [s.started_utc for s in store.sessions(since_utc=15.0)] == [20.0, 30.0]
    assert [s.started_utc for s in store.sessions(until_utc=30.0)] == [10.0, 20.0]
    assert [s.started_utc for s in store.sessions(kinds=[SessionKind.CHECKIN])] == [10.0, 30.0]


def test_update_and_delete(store: Store) -> None:
    saved = store.add_session(SessionRecord(kind=SessionKind.CHECKIN, started_utc=1.0,
                                            distress_before=8))

    store.update_session(replace(saved, distress_after=5))
    assert store.get_session(saved.id).distress_after == 5  # type: ignore[arg-type, union-attr]
    store.delete_session(saved.id)  # type: ignore[arg-type]
    assert store.get_session(saved.id) is None  # type: ignore[arg-type]


def test_failed_write_leaves_nothing_half_done(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as conn:
        conn.execute("INSERT INTO meta (key, value) VALUES ('a', '1')")
        raise RuntimeError("power cut")
    assert store.meta_get("a") is None


def test_range_queries_use_an_index(store: Store) -> None:
    where, params = session_filter(0.0, 100.0, None)
    plan = store.conn.execute(f"EXPLAIN QUERY PLAN SELECT * FROM sessions {where}",
                              params).fetchall()
    assert any("USING INDEX sessions_by_start" in row[3] for row in plan), plan
    where, params = session_filter(0.0, 100.0, [SessionKind.CHECKIN])
    plan = store.conn.execute(f"EXPLAIN QUERY PLAN SELECT * FROM sessions {where}",
                              params).fetchall()
    assert any("USING INDEX" in row[3] for row in plan), plan


def test_a_file_that_is_not_sqlite_is_moved_aside_not_overwritten(paths) -> None:
    paths.data_dir.mkdir(parents=True)
    paths.database.write_text("my grocery list, not a database")
    opened = Store.open(paths.database)
    assert opened.moved_aside is not None
    assert opened.moved_aside.read_text() == "my grocery list, not a database"
    assert opened.moved_aside.name.startswith("ebbtide.sqlite3.damaged-")
    assert opened.store.count_sessions() == 0  # a fresh store
    opened.store.close()


def test_a_damaged_sqlite_file_is_moved_aside(paths) -> None:
    first = Store.open(paths.database).store
    for i in range(200):
        first.add_session(SessionRecord(kind=SessionKind.CHECKIN, started_utc=float(i),
                                        note="x" * 500))
    first.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    first.close()
    data = bytearray(paths.database.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # scribble over a page, header intact
    paths.database.write_bytes(bytes(data))
    opened = Store.open(paths.database)
    assert opened.moved_aside is not None and opened.moved_aside.exists()
    assert opened.moved_aside.read_bytes() == bytes(data)
    opened.store.close()


def test_a_store_from_a_newer_ebbtide_is_refused_untouched(paths) -> None:
    paths.data_dir.mkdir(parents=True)
    conn = sqlite3.connect(paths.database)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    before = paths.database.read_bytes()
    with pytest.raises(StoreTooNewError, match="newer version"):
        Store.open(paths.database)
    assert paths.database.read_bytes() == before


@pytest.mark.skipif(os.name != "posix", reason="file modes are a POSIX idea")
def test_database_file_is_private(store: Store, paths) -> None:
    assert (paths.database.stat().st_mode & 0o777) == 0o600


def test_words_are_sealed_at_rest_and_read_back(store: Store, paths: Path) -> None:
    saved = store.add_session(SessionRecord(kind=SessionKind.CHECKIN, started_utc=1.0,
                                            note="שלום 👋 e\u0301"))
    raw = store.conn.execute("SELECT note_sealed FROM sessions").fetchone()[0]
    assert raw.startswith(b"P1:")
    assert store.get_session(saved.id).note == "שלום 👋 e\u0301"  # type: ignore[arg-type, union-attr]


def test_days_in_a_row_count_up_to_today_and_never_mention_a_gap() -> None:
    from datetime import date, timedelta

    from ebbtide.core.sessions import days_in_a_row, streak_words

    today = date(2026, 11, 30)
    run = [today - timedelta(days=n) for n in range(4)]
    assert days_in_a_row(run, today) == 4
    assert days_in_a_row(run[1:], today) == 3  # today isn't over: yesterday's run counts
    assert days_in_a_row([today - timedelta(days=2)], today) == 0
    assert streak_words(3) == "You have practised 3 days in a row."
    assert streak_words(1) == "" and streak_words(0) == ""  # nothing said, nothing lost


def test_every_write_gives_the_store_a_new_generation_and_a_failed_one_does_not(
    store: Store,
) -> None:
    seen = [store.data_generation()]
    record = store.add_session(SessionRecord(kind=SessionKind.CHECKIN, started_utc=1.0e9,
                                             content_id="checkin", distress_before=4))
    seen.append(store.data_generation())
    store.update_session(replace(record, distress_before=5))
    seen.append(store.data_generation())
    assert record.id is not None
    store.delete_session(record.id)
    seen.append(store.data_generation())
    assert len(set(seen)) == 4 and None not in seen[1:]
    with pytest.raises(RuntimeError), store.transaction() as conn:
        conn.execute("DELETE FROM sessions")
        raise RuntimeError("changed my mind")
    assert store.data_generation() == seen[-1]
