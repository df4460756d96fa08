"""Every earlier schema version (tests/fixtures/store_vN.sqlite3) opens, is backed up
before it is upgraded, keeps every record — and can then be locked and unlocked."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from ebbtide.core import backup as core_backup
from ebbtide.core import lock as core_lock
from ebbtide.core.migrations import SCHEMA_VERSION, schema_version
from ebbtide.core.paths import resolve_paths
from ebbtide.core.store import Store
from tests.privacy.helpers import PASSPHRASE

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
VERSIONS = sorted(int(p.stem.split("_v")[1]) for p in FIXTURES.glob("store_v*.sqlite3"))


def _rows(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    return {t: sorted(map(tuple, conn.execute(f'SELECT * FROM "{t}"')), key=repr)
            for t in tables}


@pytest.mark.parametrize("version", VERSIONS)
def test_an_old_store_is_backed_up_upgraded_kept_and_lockable(version: int,
                                                              tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "data")
    paths.data_dir.mkdir(parents=True)
    shutil.copy(FIXTURES / f"store_v{version}.sqlite3", paths.database)
    original = sqlite3.connect(FIXTURES / f"store_v{version}.sqlite3")
    old_rows = _rows(original)
    original.close()

    opened = Store.open(paths.database, before_migrate=core_backup.before_migrate_hook(paths))
    store = opened.store
    assert opened.moved_aside is None and schema_version(store.conn) == SCHEMA_VERSION
    upgraded = _rows(store.conn)
    for table, rows in old_rows.items():
        if table == "meta" or not rows:
            continue
        # Every old record is still there (new columns may have been added at the end).
        width = len(rows[0])
        assert sorted((r[:width] for r in upgraded[table]), key=repr) == rows

    backups = core_backup.list_backups(paths)
    if version < SCHEMA_VERSION:
        [made] = backups
        conn = sqlite3.connect(made.path)
        assert schema_version(conn) == version and _rows(conn) == old_rows
        conn.close()
    else:
        assert backups == []  # nothing to upgrade, nothing to back up

    notes_before = [s.note for s in store.sessions()]
    core_lock.enable_lock(store, PASSPHRASE, backups_dir=paths.backups_dir)
    core_lock.lock_now(store)
    core_lock.unlock(store, PASSPHRASE)
    assert [s.note for s in store.sessions()] == notes_before
    store.close()
