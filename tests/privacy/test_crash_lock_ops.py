"""SIGKILL while the lock turns on, turns off, the passphrase changes and a backup is
restored: after every kill the store passes integrity_check, nothing is lost, nothing
is half-changed, and nothing is readable without the passphrase while the lock is on
(in the store and its backups). The person's recordings are converted in the same
operations: after every kill each one still plays back byte for byte, and once the
next unlock has run none lies plain on disk while the lock is on.

The normal suite kills each operation a few times; the measured bar (50 each, written in
docs/design/lock.md) runs with EBBTIDE_CRASH_KILLS=50:

    EBBTIDE_CRASH_KILLS=50 python -m pytest -q -s tests/privacy/test_crash_lock_ops.py
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from ebbtide.core import backup as core_backup
from ebbtide.core import lock as core_lock
from ebbtide.core.crypto import ScryptParams, WrongSecret
from ebbtide.core.recordings import SEALED_META_KEY, RecordingLibrary
from ebbtide.core.sealed_files import is_sealed, remove_partials
from ebbtide.core.store import Store
from tests.privacy.helpers import PASSPHRASE, SENTINEL, add_note_session, add_worksheet
from tests.privacy.test_crash_safety import _start, _wait_for_line

KILLS = int(os.environ.get("EBBTIDE_CRASH_KILLS", "5"))
WORKSHEETS = 600
RECORDINGS = 4
RECORDING_BYTES = 3 * 1024 * 1024  # large enough that a kill lands while one is written
NEW_PASSPHRASE = "another calm shoreline"
FAST = ScryptParams(n=2**10)


def _recording_bytes(i: int) -> bytes:
    line = f"{SENTINEL} (recording {i}) ".encode()
    return (line * (RECORDING_BYTES // len(line) + 1))[:RECORDING_BYTES]


def _recordings(db: Path) -> Path:
    return db.parent / "recordings"


def _library(store: Store, db: Path) -> RecordingLibrary:
    return RecordingLibrary(store, _recordings(db), checker=lambda path: 60.0)


def _fill(db: Path) -> Store:
    store = Store.open(db).store
    add_note_session(store, SENTINEL)
    for i in range(WORKSHEETS):
        add_worksheet(store, f"worksheet {i} " + "words " * 30)
    library = _library(store, db)
    for i in range(RECORDINGS):
        source = db.parent / f"source-{i}.mp3"
        source.write_bytes(_recording_bytes(i))
        library.import_file(source, f"recording {i}")
        source.unlink()
    return store


def _recordings_whole(store: Store, db: Path) -> None:
    """Every recording reads back as it was, sealed or plain; once the next unlock has
    sealed what a kill left plain, nothing of them is plain while the lock is on."""
    folder = _recordings(db)
    remove_partials(folder)  # as every start does
    library = _library(store, db)
    recs = sorted(library.all(), key=lambda r: r.title)
    assert [r.title for r in recs] == [f"recording {i}" for i in range(RECORDINGS)]
    for i, rec in enumerate(recs):
        with library.opener(rec)() as f:
            assert f.read() == _recording_bytes(i), rec.title
    if core_lock.lock_enabled(store):
        core_lock.seal_pending_recordings(store, folder)
        assert store.meta_get(SEALED_META_KEY) == "1"
        assert all(is_sealed(library.path_of(r)) for r in recs)
        for path in folder.iterdir():
            assert SENTINEL.encode() not in path.read_bytes(), path.name
    else:
        assert not any(is_sealed(library.path_of(r)) for r in recs)


def _check_whole(db: Path) -> None:
    conn = sqlite3.connect(str(db))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()


def _nothing_plain_while_locked(store: Store, backups: Path) -> None:
    values = list(core_lock.all_sealed_values(store.conn))
    assert len(values) == WORKSHEETS + 1 + RECORDINGS  # recordings' titles are sealed too
    if core_lock.lock_enabled(store):
        assert all(v.startswith(b"E2:") for v in values)
        for backup in core_lock.backup_files(backups):
            assert SENTINEL.encode() not in backup.read_bytes(), backup.name
    else:
        assert all(v.startswith(b"P1:") for v in values)


def _kill_during(args: list[str], rng: random.Random, within_s: float) -> bool:
    """Start the child, kill it somewhere in the operation. True if it finished first."""
    proc = _start(args)
    seen = _wait_for_line(proc, b"ready", timeout=30)
    assert b"ready" in seen, proc.stderr.read() if proc.stderr else b""
    time.sleep(rng.uniform(0.0, within_s))
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate()
    return len((seen + out).strip().split(b"\n")) > 1


def _run(name: str, tmp_path: Path, setup: Callable[[Store, Path], None],
         op_args: Callable[[Path], list[str]], check: Callable[[Store, Path], str],
         reset: Callable[[Store, Path, str], None], within_s: float) -> dict[str, int]:
    rng = random.Random(hash(name) & 0xFFFF)
    db = tmp_path / name / "ebbtide.sqlite3"
    backups = db.parent / "backups"
    store = _fill(db)
    core_backup.backup_store(store, backups, now=datetime(2026, 5, 1, 9))
    setup(store, db)
    store.close()
    outcomes: dict[str, int] = {}
    for _ in range(KILLS):
        _kill_during(op_args(db), rng, within_s)
        _check_whole(db)
        opened = Store.open(db)
        assert opened.moved_aside is None
        outcome = check(opened.store, backups)
        _recordings_whole(opened.store, db)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        reset(opened.store, backups, outcome)
        opened.store.close()
    print(f"\nSIGKILL while {name}: {KILLS} kills, {outcomes}; integrity_check ok, "
          "nothing lost, nothing plain while locked, every recording whole")
    return outcomes


def test_killed_while_turning_the_lock_on(tmp_path: Path) -> None:
    def check(store: Store, backups: Path) -> str:
        _nothing_plain_while_locked(store, backups)
        if core_lock.lock_enabled(store):
            core_lock.unlock(store, PASSPHRASE)
            assert store.sessions()[0].note == SENTINEL
            return "on" if store.meta_get(SEALED_META_KEY) else "on, recordings part-way"
        return "off"

    def reset(store: Store, backups: Path, outcome: str) -> None:
        if outcome.startswith("on"):
            core_lock.disable_lock(store, PASSPHRASE, backups_dir=backups,
                                   recordings_dir=backups.parent / "recordings")

    _run("turning the lock on", tmp_path, lambda s, d: None,
         lambda db: [str(db), PASSPHRASE, "--enable-lock"], check, reset, 0.25)


def test_killed_while_turning_the_lock_off(tmp_path: Path) -> None:
    def setup(store: Store, db: Path) -> None:
        core_lock.enable_lock(store, PASSPHRASE, params=FAST, backups_dir=db.parent / "backups",
                              recordings_dir=_recordings(db))

    def check(store: Store, backups: Path) -> str:
        _nothing_plain_while_locked(store, backups)
        if core_lock.lock_enabled(store):
            core_lock.unlock(store, PASSPHRASE)
            assert store.sessions()[0].note == SENTINEL
            return ("still on" if store.meta_get(SEALED_META_KEY)
                    else "still on, recordings part-way")
        assert store.sessions()[0].note == SENTINEL
        return "off"

    def reset(store: Store, backups: Path, outcome: str) -> None:
        if outcome == "off":
            core_lock.enable_lock(store, PASSPHRASE, params=FAST, backups_dir=backups,
                                  recordings_dir=backups.parent / "recordings")

    _run("turning the lock off", tmp_path, setup,
         lambda db: [str(db), PASSPHRASE, "--disable-lock"], check, reset, 0.25)


def test_killed_while_changing_the_passphrase(tmp_path: Path) -> None:
    keys: list[str] = []

    def setup(store: Store, db: Path) -> None:
        keys.append(core_lock.enable_lock(store, PASSPHRASE, params=FAST,
                                          backups_dir=db.parent / "backups",
                                          recordings_dir=_recordings(db)).recovery_key)

    def check(store: Store, backups: Path) -> str:
        _nothing_plain_while_locked(store, backups)
        opened_with = []
        for phrase in (PASSPHRASE, NEW_PASSPHRASE):
            try:
                core_lock.unlock(store, phrase)
                opened_with.append(phrase)
            except WrongSecret:
                pass
        assert len(opened_with) == 1  # exactly one of them, never neither
        core_lock.lock_now(store)
        core_lock.unlock_with_recovery_key(store, keys[0])  # and the recovery key, always
        assert store.sessions()[0].note == SENTINEL
        return "old" if opened_with == [PASSPHRASE] else "new"

    def reset(store: Store, backups: Path, outcome: str) -> None:
        if outcome == "new":
            core_lock.change_passphrase(store, NEW_PASSPHRASE, PASSPHRASE, backups_dir=backups)

    _run("changing the passphrase", tmp_path, setup,
         lambda db: [str(db), PASSPHRASE, "--change-passphrase", NEW_PASSPHRASE], check,
         reset, 0.08)


def test_killed_while_restoring_a_backup(tmp_path: Path) -> None:
    kept: dict[str, Path] = {}

    def setup(store: Store, db: Path) -> None:
        core_lock.enable_lock(store, PASSPHRASE, params=FAST, backups_dir=db.parent / "backups",
                              recordings_dir=_recordings(db))
        # The backup to bring back: the same data and one more session.
        add_note_session(store, "only in the backup")
        kept["backup"] = core_backup.backup_store(store, db.parent / "elsewhere",
                                                  now=datetime(2026, 5, 2, 9))
        with store.transaction() as conn:
            conn.execute("DELETE FROM sessions WHERE note_sealed IS NOT NULL AND id = "
                         "(SELECT MAX(id) FROM sessions)")

    def check(store: Store, backups: Path) -> str:
        core_lock.unlock(store, PASSPHRASE)
        notes = [s.note for s in store.sessions(kinds=["checkin"])]
        _nothing_plain_while_locked_restore(store, backups)
        if notes == [SENTINEL, "only in the backup"]:
            return "restored"
        assert notes == [SENTINEL]
        return "as before"

    def reset(store: Store, backups: Path, outcome: str) -> None:
        if outcome == "restored":
            with store.transaction() as conn:
                conn.execute("DELETE FROM sessions WHERE id = (SELECT MAX(id) FROM sessions)")
        for aside in backups.glob("*before-restore*"):
            aside.unlink()  # keep the folder small; each was checked whole above

    _run("restoring a backup", tmp_path, setup,
         lambda db: [str(db), PASSPHRASE, "--restore", str(kept["backup"])], check, reset,
         0.15)


def _nothing_plain_while_locked_restore(store: Store, backups: Path) -> None:
    values = list(core_lock.all_sealed_values(store.conn))
    assert values and all(v.startswith(b"E2:") for v in values)
    for backup in core_lock.backup_files(backups):
        assert core_backup.is_good_backup(backup), backup.name  # whole or absent
        assert SENTINEL.encode() not in backup.read_bytes(), backup.name
