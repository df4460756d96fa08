"""The store with the lock on, against the same work with the lock off, in one run.

    python benchmarks/store.py [--worksheets 10000]

Two stores in a temporary folder get the same 10,000 worksheets (about 1.5 KB of words
each) and 1,000 sessions; one of them has the lock on (AES-256-GCM, scrypt n=2**17).
Then, each encrypted number printed beside its plain baseline and their ratio:

  save session    add one session with a note (a durable, fsynced write)
  save worksheet  add one worksheet body
  unlock          open the locked store and unlock it with the passphrase (scrypt is
                  most of this, by design) vs. opening the plain store
  read all        unseal all 10,000 worksheet bodies (what a search over them costs)
  lock on         turning the lock on for the whole plain store (re-encrypt + VACUUM)

Aims: unlock under 1 s; saving under 20 ms. Medians of several runs. Nothing asserts:
numbers on a shared machine wobble, so they are printed, not tested.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "app"))

from ebbtide.core import lock as core_lock
from ebbtide.core.store import SessionRecord, Store, new_uid

PASSPHRASE = "benchmark harbour evening"
WORDS = ("afraid", "message", "late", "again", "maybe", "evidence", "calm", "breath", "kind",
         "night", "phone", "trust", "question", "tired", "safe", "pattern", "accountable")


def body(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(220))


def fill(store: Store, worksheets: int, rng: random.Random) -> None:
    now = time.time()
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO worksheets (uid, status, created_utc, updated_utc, tags, body_sealed)"
            " VALUES (?, 'done', ?, ?, '{}', ?)",
            [(new_uid(), now - i * 3600, now - i * 3600, store.seal(body(rng)))
             for i in range(worksheets)],
        )
        conn.executemany(
            "INSERT INTO sessions (uid, kind, started_utc, duration_s, distress_before, "
            "distress_after, details, note_sealed) VALUES (?, 'breathing', ?, 300, 6, 3, '{}', ?)",
            [(new_uid(), now - i * 7200, store.seal("a short note")) for i in range(1000)],
        )


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def row(name: str, encrypted: float, plain: float, aim: str = "") -> None:
    ratio = encrypted / plain if plain > 0 else float("inf")
    print(f"{name:<15}{encrypted:>10.2f} ms{plain:>12.2f} ms{ratio:>9.2f}x   {aim}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worksheets", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as folder:
        plain_path = Path(folder) / "plain" / "ebbtide.sqlite3"
        locked_path = Path(folder) / "locked" / "ebbtide.sqlite3"
        plain = Store.open(plain_path).store
        locked = Store.open(locked_path).store
        started = time.perf_counter()
        core_lock.enable_lock(locked, PASSPHRASE)
        set_up_ms = (time.perf_counter() - started) * 1000
        fill(plain, args.worksheets, random.Random(2))
        fill(locked, args.worksheets, random.Random(2))

        def save_session(store: Store) -> Callable[[], object]:
            return lambda: store.add_session(SessionRecord(
                kind="checkin", started_utc=time.time(), distress_before=rng.randint(0, 10),
                note="I noticed the old fear and breathed with it."))

        def save_worksheet(store: Store) -> Callable[[], object]:
            def save() -> None:
                with store.transaction() as conn:
                    conn.execute(
                        "INSERT INTO worksheets (uid, status, created_utc, updated_utc, tags, "
                        "body_sealed) VALUES (?, 'draft', ?, ?, '{}', ?)",
                        (new_uid(), time.time(), time.time(), store.seal(body(rng))))
            return save

        def read_all(store: Store) -> Callable[[], object]:
            return lambda: [store.unseal(b) for (b,) in
                            store.conn.execute("SELECT body_sealed FROM worksheets")]

        results = {
            "save session": (median_ms(save_session(locked), 40),
                             median_ms(save_session(plain), 40)),
            "save worksheet": (median_ms(save_worksheet(locked), 40),
                               median_ms(save_worksheet(plain), 40)),
            "read all": (median_ms(read_all(locked), 5), median_ms(read_all(plain), 5)),
        }
        locked.close()
        plain.close()

        def open_and_unlock() -> None:
            store = Store.open(locked_path).store
            core_lock.unlock(store, PASSPHRASE)
            store.close()

        def open_plain() -> None:
            Store.open(plain_path).store.close()

        results["unlock"] = (median_ms(open_and_unlock, 5), median_ms(open_plain, 5))

        # Turning the lock on for a full store (copy of the plain one, so it stays a baseline).
        plain_copy = Store.open(plain_path).store
        started = time.perf_counter()
        core_lock.enable_lock(plain_copy, PASSPHRASE)
        lock_on_ms = (time.perf_counter() - started) * 1000
        plain_copy.close()

    print(f"Store benchmark: {args.worksheets:,} worksheets, 1,000 sessions; "
          f"scrypt n=2**{core_lock.DEFAULT_SCRYPT.n.bit_length() - 1}, "
          f"r={core_lock.DEFAULT_SCRYPT.r}, p={core_lock.DEFAULT_SCRYPT.p}")
    print(f"{'':<15}{'encrypted':>13}{'plain':>15}{'ratio':>10}")
    row("save session", *results["save session"], "aim < 20 ms")
    row("save worksheet", *results["save worksheet"], "aim < 20 ms")
    row("unlock", *results["unlock"], "aim < 1000 ms (open + scrypt + unwrap)")
    row("read all", *results["read all"], f"unseal {args.worksheets:,} bodies")
    print(f"{'lock on':<15}{lock_on_ms:>10.0f} ms   re-encrypt every sealed value + VACUUM "
          f"(set-up on an empty store: {set_up_ms:.0f} ms)")
    unlock_ms = results["unlock"][0]
    save_ms = max(results["save session"][0], results["save worksheet"][0])
    print(f"unlock {'within' if unlock_ms < 1000 else 'OVER'} its aim; "
          f"saving {'within' if save_ms < 20 else 'OVER'} its aim")


if __name__ == "__main__":
    main()
