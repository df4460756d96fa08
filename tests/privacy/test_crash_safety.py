"""Power cut, crash, kill: whatever the person was told is saved, is there afterwards.

A child process writes sessions and worksheets through the store API and prints each
one after the store returned. We SIGKILL it at random moments, 200 times; after every
kill the database passes PRAGMA integrity_check and holds every reported record. Half
the runs write with the lock on, so encrypted writes are covered too."""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from ebbtide.core import lock as core_lock
from ebbtide.core.crypto import ScryptParams
from ebbtide.core.store import Store
from tests.privacy.helpers import PASSPHRASE, add_worksheet

WRITER = Path(__file__).resolve().parent / "crash_writer.py"
KILLS = 200


APP = Path(__file__).resolve().parents[2] / "app"


def _start(args: list[str]) -> subprocess.Popen[bytes]:
    # This checkout's code, whichever copy the interpreter has installed.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(APP), str(APP.parent), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, str(WRITER), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)


def _wait_for_line(proc: subprocess.Popen[bytes], want: bytes, timeout: float) -> bytes:
    """Read stdout until a line equal to `want` (or the timeout); returns what was read."""
    assert proc.stdout is not None
    seen = b""
    end = time.monotonic() + timeout
    fd = proc.stdout.fileno()
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], max(0.0, end - time.monotonic()))
        if not ready:
            break
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        seen += chunk
        if want in seen.split(b"\n"):
            break
    return seen


def _kill_and_collect(proc: subprocess.Popen[bytes], already: bytes) -> list[str]:
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate()
    text = (already + out).decode("utf-8", "replace")
    # Only whole lines: a line cut off by the kill was never fully reported.
    complete = text.split("\n")[:-1]
    return [line for line in complete if line[:2] in ("S ", "W ")]


def _check(db: Path, reported: set[str]) -> tuple[set[str], int]:
    conn = sqlite3.connect(str(db))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        present = {r[0] for r in conn.execute("SELECT 'S ' || uid FROM sessions")}
        present |= {r[0] for r in conn.execute("SELECT 'W ' || uid FROM worksheets")}
        orphans = conn.execute(
            "SELECT COUNT(*) FROM worksheets WHERE session_id IS NULL OR session_id NOT IN "
            "(SELECT id FROM sessions)").fetchone()[0]
    finally:
        conn.close()
    missing = reported - present
    assert not missing, f"{len(missing)} records reported saved are missing"
    return present, int(orphans)


def test_every_reported_record_survives_200_kills(tmp_path: Path) -> None:
    rng = random.Random(20260601)
    db = tmp_path / "crash" / "ebbtide.sqlite3"
    reported: set[str] = set()
    kills_while_writing = kills_while_opening = 0
    started = time.monotonic()
    for i in range(KILLS):
        if i == KILLS // 2:  # the second half writes with the lock on
            store = Store.open(db).store
            core_lock.enable_lock(store, PASSPHRASE, params=ScryptParams(n=2**10))
            store.close()
        args = [str(db)] + ([PASSPHRASE] if i >= KILLS // 2 else [])
        proc = _start(args)
        if rng.random() < 0.1:
            time.sleep(rng.uniform(0.0, 0.15))  # somewhere during start-up and opening
            seen = b""
            kills_while_opening += 1
        else:
            seen = _wait_for_line(proc, b"ready", timeout=20)
            time.sleep(rng.uniform(0.0, 0.06))
            kills_while_writing += 1
        reported.update(_kill_and_collect(proc, seen))
        _, orphans = _check(db, reported)
        assert orphans == 0  # a worksheet is never saved without its session
    # With the app's own reader: everything opens, encrypted notes decrypt.
    opened = Store.open(db)
    assert opened.moved_aside is None
    core_lock.unlock(opened.store, PASSPHRASE)
    notes = [s.note for s in opened.store.sessions(kinds=["checkin"])]
    assert all(n.startswith("note ") for n in notes)
    opened.store.close()
    sessions = sum(1 for r in reported if r.startswith("S "))
    worksheets = len(reported) - sessions
    print(f"\ncrash test: {KILLS} SIGKILLs ({kills_while_writing} while writing, "
          f"{kills_while_opening} while starting); {sessions} sessions and {worksheets} "
          f"worksheets reported saved, all present; integrity_check ok after every kill; "
          f"{time.monotonic() - started:.1f} s")
    assert sessions > KILLS // 2 and worksheets > KILLS // 2


def test_killed_while_turning_the_lock_on_leaves_all_plain_or_all_encrypted(
    tmp_path: Path,
) -> None:
    rng = random.Random(7)
    db = tmp_path / "enable" / "ebbtide.sqlite3"
    store = Store.open(db).store
    for i in range(1500):
        add_worksheet(store, f"worksheet {i} " + "words " * 30)
    store.close()
    outcomes = {"plain": 0, "encrypted": 0}
    for _ in range(12):
        proc = _start([str(db), PASSPHRASE, "--enable-lock"])
        _wait_for_line(proc, b"ready", timeout=20)
        time.sleep(rng.uniform(0.0, 0.12))
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        opened = Store.open(db).store
        values = list(core_lock.all_sealed_values(opened.conn))
        assert len(values) == 1500
        if core_lock.lock_enabled(opened):
            assert all(v.startswith(b"E2:") for v in values), {v[:3] for v in values}
            outcomes["encrypted"] += 1
            core_lock.disable_lock(opened, PASSPHRASE)  # start over for the next try
        else:
            assert all(v.startswith(b"P1:") for v in values)
            outcomes["plain"] += 1
        opened.close()
    print(f"\nkilled while turning the lock on: {outcomes}")
