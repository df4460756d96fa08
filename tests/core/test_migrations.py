import shutil
import sqlite3
from pathlib import Path

import pytest

from ebbtide.core import migrations
from ebbtide.core.migrations import SCHEMA_VERSION, migrate, schema_version
from ebbtide.core.store import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _fixture_versions() -> list[int]:
    return sorted(int(p.stem.split("_v")[1]) for p in FIXTURES.glob("store_v*.sqlite3"))


def test_there_is_a_fixture_for_every_schema_version() -> None:
    assert _fixture_versions() == list(range(1, SCHEMA_VERSION + 1))


@pytest.mark.parametrize("version", _fixture_versions())
def test_every_earlier_store_upgrades_and_keeps_every_record(version: int, tmp_path) -> None:
    db = tmp_path / "ebbtide.sqlite3"
    shutil.copy(FIXTURES / f"store_v{version}.sqlite3", db)
    opened = Store.open(db)
    store = opened.store
    assert opened.moved_aside is None
    assert schema_version(store.conn) == SCHEMA_VERSION
    sessions = store.sessions()
    assert [s.uid for s in sessions] == ["fixture-1", "fixture-2", "fixture-3"]
    assert sessions[0].note == "tired"
    assert sessions[1].details == {"cycles": 18} and sessions[1].drop == 3
    assert sessions[2].completed is False
    store.close()


def test_a_failing_migration_leaves_the_store_as_it_was(tmp_path, monkeypatch) -> None:
    db = tmp_path / "s.sqlite3"
    shutil.copy(FIXTURES / "store_v1.sqlite3", db)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk went away")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS[:1], broken])
    conn = sqlite3.connect(db, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, target=2)
    assert schema_version(conn) == 1
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in tables
    assert conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 3
    conn.close()


def test_backup_hook_runs_before_an_upgrade_but_not_on_a_new_store(tmp_path) -> None:
    seen: list[Path] = []
    db = tmp_path / "ebbtide.sqlite3"
    Store.open(db, before_migrate=seen.append).store.close()
    assert seen == []  # a brand-new store has nothing to protect
    old = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "store_v1.sqlite3", old)
    Store.open(old, before_migrate=seen.append).store.close()
    assert seen == [old]


def test_own_pattern_names_move_into_a_sealed_column(tmp_path) -> None:
    db = tmp_path / "ebbtide.sqlite3"
    shutil.copy(FIXTURES / "store_v3.sqlite3", db)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute(
        "INSERT INTO custom_patterns (uid, name, definition, created_utc, updated_utc) "
        "VALUES ('p1', 'For when Sam is late', '[]', 1.0, 1.0)"
    )
    conn.close()
    store = Store.open(db).store
    name, sealed = store.conn.execute(
        "SELECT name, name_sealed FROM custom_patterns").fetchone()
    assert name == "" and store.unseal(sealed) == "For when Sam is late"
    store.close()


def test_red_flag_counts_leave_the_plain_session_details(tmp_path) -> None:
    # Before version 5 a finished worksheet's session kept how many red flags were
    # ticked, in plain JSON; it belongs only in the sealed worksheet.
    db = tmp_path / "ebbtide.sqlite3"
    shutil.copy(FIXTURES / "store_v4.sqlite3", db)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute(
        "INSERT INTO sessions (uid, kind, content_id, started_utc, details) VALUES "
        "('w1', 'worksheet', 'sheet-1', 1.0, "
        "'{\"label\": \"Name & Check worksheet\", \"traps\": [], \"red_flags\": 2}')"
    )
    conn.close()
    store = Store.open(db).store
    by_uid = {s.uid: s for s in store.sessions()}
    assert by_uid["w1"].details == {"label": "Name & Check worksheet", "traps": []}
    assert by_uid["fixture-2"].details == {"cycles": 18}  # other sessions untouched
    store.close()


def test_a_v6_store_gains_trust_yourself_and_keeps_its_words_sealed(tmp_path) -> None:
    from ebbtide.core.promises import Promise
    from ebbtide.core.self_trust_store import SelfTrustStore

    db = tmp_path / "ebbtide.sqlite3"
    shutil.copy(FIXTURES / "store_v6.sqlite3", db)
    store = Store.open(db).store
    own = SelfTrustStore(store)
    assert own.everything().all() == []
    own.save(Promise("step outside", "2026-11-30"))
    blob = store.conn.execute("SELECT text_sealed FROM promises").fetchone()[0]
    assert bytes(blob).startswith(b"P1:")  # the sealer's form, so the lock finds it
    assert [p.text for p in own.promises()] == ["step outside"]
    store.close()


def test_a_new_store_is_made_whole_or_not_at_all(tmp_path, monkeypatch) -> None:
    # A new store takes every version in one transaction (one sync to disk, not one a
    # version): a failure in the last leaves it as empty as it began, to be made again.
    def broken(conn: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    conn = sqlite3.connect(tmp_path / "new.sqlite3", isolation_level=None)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS[:-1], broken])
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn)
    assert schema_version(conn) == 0
    assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
    monkeypatch.undo()
    assert migrate(conn) == SCHEMA_VERSION
    assert schema_version(conn) == SCHEMA_VERSION
    conn.close()
