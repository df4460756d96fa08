"""Start-up time (process start to main window shown) and resident memory at idle,
each as a ratio against a bare PySide6 window measured in the same run.

    .venv/bin/python benchmarks/startup.py [--runs N]

Runs alternate (bare, app, bare, app, ...) so machine noise hits both alike; the medians
are compared. Aim: both ratios at most 1.5.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

BARE_WINDOW = """
import sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.setWindowTitle("bare"); w.resize(1100, 720); w.show()
def rss():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0
def shown():
    print(f"EBBTIDE_SHOWN {time.time():.6f}", flush=True)
    QTimer.singleShot(300, lambda: (print(f"EBBTIDE_RSS_KB {rss()}", flush=True), app.quit()))
QTimer.singleShot(0, shown)
app.exec()
"""


def measure(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    started = time.time()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    if out.returncode != 0:
        raise SystemExit(f"{cmd} failed:\n{out.stderr}")
    values = dict(line.split(" ", 1) for line in out.stdout.splitlines() if " " in line)
    return float(values["EBBTIDE_SHOWN"]) - started, int(values["EBBTIDE_RSS_KB"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               EBBTIDE_BENCH_STARTUP="1")
    bare_t, bare_m, app_t, app_m = [], [], [], []
    with tempfile.TemporaryDirectory() as data:
        # A first run creates the store, so the timed runs open an existing one.
        measure([sys.executable, "-m", "ebbtide", "--data-dir", data], env)
        for _ in range(runs):
            t, m = measure([sys.executable, "-c", BARE_WINDOW], env)
            bare_t.append(t)
            bare_m.append(m)
            t, m = measure([sys.executable, "-m", "ebbtide", "--data-dir", data], env)
            app_t.append(t)
            app_m.append(m)
    bt, at = statistics.median(bare_t), statistics.median(app_t)
    bm, am = statistics.median(bare_m), statistics.median(app_m)
    print(f"start-up to window shown: bare {bt * 1000:.0f} ms, Ebbtide {at * 1000:.0f} ms, "
          f"ratio {at / bt:.2f} (aim <= 1.5)")
    print(f"resident memory at idle: bare {bm / 1024:.1f} MiB, Ebbtide {am / 1024:.1f} MiB, "
          f"ratio {am / bm:.2f} (aim <= 1.5)")


if __name__ == "__main__":
    main()
