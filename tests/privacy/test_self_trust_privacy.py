"""Trust yourself's words behind the lock: the three new sealed columns are found and
encrypted without any change to the lock, stay closed while locked (the month can still
be counted), and go with *Delete all my data*."""

from __future__ import annotations

from ebbtide.core import lock as core_lock
from ebbtide.core import wipe
from ebbtide.core.decisions import Decision
from ebbtide.core.paths import AppPaths
from ebbtide.core.promises import KEPT, Promise
from ebbtide.core.sealing import StoreLocked
from ebbtide.core.self_lists import ListItem
from ebbtide.core.self_trust_store import SelfTrustStore
from ebbtide.core.store import Store
from tests.privacy.helpers import PASSPHRASE, SENTINEL


def _fill(store: Store) -> SelfTrustStore:
    own = SelfTrustStore(store)
    own.save_all([Promise(SENTINEL, "2026-11-30", KEPT),
                  ListItem(SENTINEL + " (value)", "values"),
                  Decision(SENTINEL + " (decision)", SENTINEL[:20], note=SENTINEL)])
    return own


def test_the_lock_encrypts_promises_lists_and_decisions(store: Store) -> None:
    own = _fill(store)
    assert {("promises", "text_sealed"), ("self_list_items", "text_sealed"),
            ("decisions", "body_sealed")} <= set(core_lock.sealed_columns(store.conn))
    core_lock.enable_lock(store, PASSPHRASE)
    values = list(core_lock.all_sealed_values(store.conn))
    assert len(values) == 3 and all(v.startswith(b"E2:") for v in values)
    assert all(b"Marlowe" not in v for v in values)
    assert own.everything().all()[0].text == SENTINEL  # still open while unlocked
    core_lock.lock_now(store)
    try:
        own.promises()
    except StoreLocked:
        pass
    else:
        raise AssertionError("a promise was read while locked")
    # Facts only: the month is still counted for the calendar.
    assert own.kept_between("2026-11-01", "2026-11-30") == {"2026-11-30": 1}
    core_lock.unlock(store, PASSPHRASE)
    assert [d.note for d in own.decisions()] == [SENTINEL]


def test_delete_all_my_data_takes_them_with_the_store(paths: AppPaths) -> None:
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    store = Store.open(paths.database).store
    _fill(store)
    report = wipe.wipe_all(paths, store)
    assert report.complete and not paths.database.exists()
    fresh = Store.open(paths.database).store
    assert SelfTrustStore(fresh).everything().all() == []
    fresh.close()
