"""The store with the lock on, against the same work with the lock off, in one run.

    python benchmarks/store.py [--worksheets 10000]

Two stores in a temporary folder get the same 10,000 real worksheets (about 1.5 KB of
words each, in the worksheet's own JSON) and 1,000 sessions; one of them has the lock on
(AES-256-GCM, scrypt n=2**17).
Then, each encrypted number printed beside its plain baseline and their ratio:

  save session    add one session with a note (a durable, fsynced write)
  save worksheet  add one worksheet body
  unlock          open the locked store, unlock it with the passphrase (scrypt, by
                  design) and read every worksheet as the history shows them
                  (WorksheetStore.all(): unseal and parse each body) vs. opening the
                  plain store and reading the same. Every body must open and parse, or
                  the run stops; printed below it: its parts (open, key, read) and the
                  CPU time of a turn
  read all        unseal all 10,000 worksheet bodies (what a search over them costs)
  lock on         turning the lock on for the whole plain store (re-encrypt + VACUUM)

Aims: unlock (with the reading) under 1 s; saving under 20 ms. Medians of several runs,
encrypted and plain taken turn about. Each aim is printed with MET or MISSED.
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

from _aims import verdict

from ebbtide.core import lock as core_lock
from ebbtide.core.store import SessionRecord, Store, new_uid
from ebbtide.core.worksheet import Worksheet
from ebbtide.core.worksheet_store import WorksheetStore, encode_body

PASSPHRASE = "benchmark harbour evening"
WORDS = ("afraid", "message", "late", "again", "maybe", "evidence", "calm", "breath", "kind",
         "night", "phone", "trust", "question", "tired", "safe", "pattern", "accountable")


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def body(rng: random.Random) -> str:
    """A finished worksheet's stored body (about 1.5 KB of words)."""
    sheet = Worksheet(status="done", situation=words(rng, 50), thoughts=words(rng, 40),
                      hot_thought=words(rng, 10), evidence_for=words(rng, 40),
                      evidence_against=words(rng, 40), balanced_thought=words(rng, 40),
                      distress_before=7, distress_after=4)
    return encode_body(sheet)


def fill(store: Store, worksheets: int, rng: random.Random) -> None:
    now = time.time()
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO worksheets (uid, status, created_utc, updated_utc, tags, body_sealed)"
            " VALUES (?, 'done', ?, ?, '{}', ?)",
            [(uid, now - i * 3600, now - i * 3600,
              store.seal(body(rng), ("worksheets", "body_sealed", uid)))
             for i, uid in enumerate(new_uid() for _ in range(worksheets))],
        )
        conn.executemany(
            "INSERT INTO sessions (uid, kind, started_utc, duration_s, distress_before, "
            "distress_after, details, note_sealed) VALUES (?, 'breathing', ?, 300, 6, 3, '{}', ?)",
            [(new_uid(), now - i * 7200, store.seal("a short note")) for i in range(1000)],
        )


def interleaved_ms(ours: Callable[[], object], baseline: Callable[[], object],
                   runs: int) -> tuple[float, float]:
    """Medians of `runs` timings of each, taken turn about."""
    a: list[float] = []
    b: list[float] = []
    for _ in range(runs):
        for action, times in ((ours, a), (baseline, b)):
            started = time.perf_counter()
            action()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(a), statistics.median(b)


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
                    uid = new_uid()
                    conn.execute(
                        "INSERT INTO worksheets (uid, status, created_utc, updated_utc, tags, "
                        "body_sealed) VALUES (?, 'draft', ?, ?, '{}', ?)",
                        (uid, time.time(), time.time(),
                         store.seal(body(rng), ("worksheets", "body_sealed", uid))))
            return save

        def read_all(store: Store) -> Callable[[], object]:
            # Each body opens only in its own row (the lock binds it there), as the app reads.
            return lambda: [store.unseal(b, ("worksheets", "body_sealed", uid)) for (uid, b) in
                            store.conn.execute("SELECT uid, body_sealed FROM worksheets")]

        results = {
            "save session": interleaved_ms(save_session(locked), save_session(plain), 40),
            "save worksheet": interleaved_ms(save_worksheet(locked), save_worksheet(plain),
                                             40),
            "read all": interleaved_ms(read_all(locked), read_all(plain), 5),
        }
        locked.close()
        plain.close()
        shown: list[int] = []
        parts: dict[str, list[float]] = {"open": [], "key": [], "read": []}

        def read_every_worksheet(store: Store) -> None:
            sheets = WorksheetStore(store).all()  # what the history shows
            # Every body opened and parsed: one that did not is left out and counted.
            if store.unreadable or any(not s.situation for s in sheets):
                raise SystemExit(f"{len(store.unreadable)} worksheets could not be read")
            shown.append(len(sheets))

        def open_and_unlock() -> None:
            t0 = time.perf_counter()
            store = Store.open(locked_path).store
            t1 = time.perf_counter()
            core_lock.unlock(store, PASSPHRASE)
            t2 = time.perf_counter()
            read_every_worksheet(store)
            t3 = time.perf_counter()
            store.close()
            for name, took in (("open", t1 - t0), ("key", t2 - t1), ("read", t3 - t2)):
                parts[name].append(took * 1000)

        def open_plain() -> None:
            store = Store.open(plain_path).store
            read_every_worksheet(store)
            store.close()

        cpu = time.process_time()
        results["unlock"] = interleaved_ms(open_and_unlock, open_plain, 5)
        cpu_ms = (time.process_time() - cpu) * 1000
        if min(shown) < args.worksheets:
            raise SystemExit(f"only {min(shown)} of {args.worksheets} worksheets were read")

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
    row("unlock", *results["unlock"], "aim < 1000 ms (open + scrypt + read every worksheet)")
    print(f"{'':<15}of which: open {statistics.median(parts['open']):.0f} ms, key "
          f"{statistics.median(parts['key']):.0f} ms (scrypt: fixed, by design), read and "
          f"check every body {statistics.median(parts['read']):.0f} ms; "
          f"CPU for both columns {cpu_ms / 5:.0f} ms a turn")
    row("read all", *results["read all"], f"unseal {args.worksheets:,} bodies")
    print(f"{'lock on':<15}{lock_on_ms:>10.0f} ms   re-encrypt every sealed value + VACUUM "
          f"(set-up on an empty store: {set_up_ms:.0f} ms)")
    unlock_ms = results["unlock"][0]
    verdict("unlock and read every worksheet", f"{unlock_ms:.0f} ms "
            f"({args.worksheets:,} worksheets)", "< 1000 ms", unlock_ms < 1000)
    for name in ("save session", "save worksheet"):
        ms = results[name][0]
        verdict(f"{name}, lock on", f"{ms:.2f} ms", "< 20 ms", ms < 20)


if __name__ == "__main__":
    main()
