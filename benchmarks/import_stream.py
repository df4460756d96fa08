"""Importing a very large sessions export: the streaming import against the old way
(the whole file read into memory and parsed at once), in one run.

    python benchmarks/import_stream.py [--sessions 1000000]

Writes an export of N check-in sessions (each with a short note and a few details) to a
temporary folder, then imports it into an empty store in a child process each way and
prints, for each, the wall time and the child's peak memory (ru_maxrss), and the
streaming/old ratios. The streaming import is what the app runs, on its worker thread,
with progress. Nothing asserts: numbers on a shared machine wobble.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from ebbtide.core import exchange
from ebbtide.core.store import Store
mode, source, db = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
store = Store.open(db).store
started = time.perf_counter()
if mode == "stream":
    ticks = []
    report = exchange.import_file(store, source, ticks.append)
else:  # the old way: all of it in memory, then one add_sessions
    records = exchange.parse_export(source.read_bytes())
    report = exchange.ImportReport(store.add_sessions(records), 0)
elapsed = time.perf_counter() - started
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"s": elapsed, "peak_mb": peak_mb, "added": report.added}))
"""


def write_export(path: Path, n: int) -> None:
    t0 = 1_780_000_000.0
    with path.open("w", encoding="utf-8") as f:
        f.write('{"format": "ebbtide-sessions", "version": 1, '
                '"exported_utc": "2026-11-30T00:00:00Z", "sessions": [\n')
        for i in range(n):
            record = {"uid": f"s{i:09d}", "kind": "checkin", "content_id": "",
                      "started_utc": t0 + i * 60, "ended_utc": None, "duration_s": 30.0,
                      "distress_before": i % 11, "distress_after": (i + 3) % 11,
                      "completed": True, "details": {"feelings": ["tired", "hopeful"]},
                      "note": f"an evening note, number {i}"}
            f.write(("," if i else "") + json.dumps(record) + "\n")
        f.write("]}\n")


def run(mode: str, source: Path, folder: Path) -> dict[str, float]:
    db = folder / f"{mode}.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(APP)}
    out = subprocess.run([sys.executable, "-c", CHILD, mode, str(source), str(db)],
                         capture_output=True, text=True, env=env, check=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "export.json"
        started = time.perf_counter()
        write_export(source, args.sessions)
        size_mb = source.stat().st_size / 1e6
        print(f"export: {args.sessions:,} sessions, {size_mb:.0f} MB "
              f"(written in {time.perf_counter() - started:.1f} s)")
        old = run("old", source, folder)
        new = run("stream", source, folder)
        assert old["added"] == new["added"] == args.sessions
        print(f"{'':14}{'time':>10}{'peak memory':>16}")
        print(f"{'old (in RAM)':14}{old['s']:>9.1f}s{old['peak_mb']:>13.0f} MB")
        print(f"{'streaming':14}{new['s']:>9.1f}s{new['peak_mb']:>13.0f} MB")
        print(f"ratio streaming/old: time {new['s'] / old['s']:.2f}, "
              f"memory {new['peak_mb'] / old['peak_mb']:.3f}")


if __name__ == "__main__":
    main()
