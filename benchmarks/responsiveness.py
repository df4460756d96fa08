"""Does the window stay alive while the long jobs run? A 10 ms timer ticks on the UI
thread while each job runs through the one write path (ui/operations, on the one
worker); the longest gap between two ticks is how long the window was frozen.

Baseline, in the same run: the same job run on the UI thread itself, as the pages once
did behind a wait cursor. Aim: no gap over 100 ms.

    python benchmarks/responsiveness.py
"""

from __future__ import annotations

import itertools
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "app"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _aims import verdict
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ebbtide.core import exchange
from ebbtide.core import lock as core_lock
from ebbtide.core.paths import resolve_paths
from ebbtide.core.sessions import SessionKind, SessionRecord
from ebbtide.core.settings import Settings
from ebbtide.core.store import Store
from ebbtide.ui.context import UiContext
from ebbtide.ui.operations import Change

AIM_MS = 100.0
TICK_MS = 10
SESSIONS = 20_000
PASSPHRASE = "a long quiet harbour morning"


def longest_gap_ms(app: QApplication, start: Callable[[], None],
                   done: Callable[[], bool]) -> float:
    """Start a job, keep the event loop turning until it is done, and return the
    longest time between two ticks of a 10 ms timer."""
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    ticks.append(time.perf_counter())
    start()
    while not done():
        app.processEvents()
        time.sleep(0.001)
    app.processEvents()
    ticks.append(time.perf_counter())
    timer.stop()
    return max(b - a for a, b in itertools.pairwise(ticks)) * 1000


def fresh_context() -> UiContext:
    paths = resolve_paths(tempfile.mkdtemp(prefix="ebbtide-bench-"))
    store = Store.open(paths.database).store
    store.add_sessions(SessionRecord(kind=SessionKind.CHECKIN, started_utc=1.7e9 + n,
                                     distress_before=n % 11, note=f"words {n}")
                       for n in range(SESSIONS))
    return UiContext(paths, store, Settings(None))


def through_the_worker(app: QApplication, ctx: UiContext,
                       job: Callable[[Store], object]) -> float:
    finished: list[bool] = []
    return longest_gap_ms(
        app,
        lambda: ctx.ops.run(job, changes=Change.LOCK,
                            on_success=lambda _r: finished.append(True),
                            on_failure=lambda _e: finished.append(True)),
        lambda: bool(finished))


def on_the_ui_thread(app: QApplication, ctx: UiContext,
                     job: Callable[[Store], object]) -> float:
    finished: list[bool] = []

    def run() -> None:
        job(ctx.store)
        finished.append(True)

    return longest_gap_ms(app, lambda: QTimer.singleShot(0, run), lambda: bool(finished))


def main() -> int:
    app = QApplication.instance() or QApplication([])
    jobs: list[tuple[str, Callable[[UiContext], Callable[[Store], object]]]] = [
        ("turn the lock on", lambda ctx: lambda store: core_lock.enable_lock(
            store, PASSPHRASE, backups_dir=ctx.paths.backups_dir)),
        ("export everything as JSON", lambda ctx: lambda store: exchange.export_json(store)),
    ]
    print(f"{SESSIONS:,} sessions; a {TICK_MS} ms timer on the UI thread; "
          f"longest gap between ticks")
    for what, make in jobs:
        ours_ctx, base_ctx = fresh_context(), fresh_context()
        ours = through_the_worker(app, ours_ctx, make(ours_ctx))
        base = on_the_ui_thread(app, base_ctx, make(base_ctx))
        print(f"  {what}: {ours:.0f} ms through the worker, {base:.0f} ms on the UI thread")
        verdict(f"window frozen while it runs: {what}", f"{ours:.0f} ms",
                           f"≤ {AIM_MS:.0f} ms", ours <= AIM_MS)
        for ctx in (ours_ctx, base_ctx):
            ctx.finish_writes()
            ctx.store.close()
    from ebbtide.ui.teardown import release_widgets

    release_widgets()  # in order, before Python exits (left to PySide, it can crash)
    return 0  # a miss is reported in its AIM line, not as an error


if __name__ == "__main__":
    sys.exit(main())
