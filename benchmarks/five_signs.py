"""Progress → Five signs with five years of weekly checks (260 weeks, a few skipped).

    python benchmarks/five_signs.py              # the benchmark
    python benchmarks/five_signs.py --demo DIR   # a data folder with those five years

Measured, each against a baseline measured in the same run, turn about:

  open tab      the Five signs tab opened on a Progress page that has not shown it yet:
                the chart made, every week's scores read and unsealed, the series
                worked out, drawn and painted (a real grab), all time
                vs. the "How I've felt" tab opened the same way on the same page
                (the Progress chart nearest to it: a line over time and a bar chart),
                with six months of check-ins and sessions in the store;
  after a save  the tab drawn again after a weekly check was saved (a new store
                generation: every week read and unsealed again)
                vs. "How I've felt" drawn again after the same write;
  lock on       the same as "after a save" with the lock on (every score decrypted).

The app's light theme (palette and style sheet) is applied, as in the app. The pages are
made and the modules imported before the clock starts (start-up has its own benchmark).

Aim: the tab opens in under 100 ms. Medians, with their ratio to the baseline. Nothing
asserts: numbers on a shared machine wobble, so they are printed, not tested.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "app"))

from _aims import verdict

from ebbtide.core import five_signs
from ebbtide.core.five_signs import FiveSignsStore, WeeklyCheck, week_of
from ebbtide.core.store import Store

WEEKS = 260
AIM_MS = 100.0
RUNS = 7


def five_years(today: date | None = None, seed: int = 3) -> list[WeeklyCheck]:
    """A check most weeks for five years: each sign drifts slowly, softening over time,
    with harder stretches; about one week in eight is skipped, a sign now and then left
    out, and a short note every few weeks."""
    rng = random.Random(seed)
    today = today or date.today()
    ids = five_signs.load_five_signs().ids
    level = [3.4, 3.0, 2.6, 3.6, 3.1]
    checks = []
    for n in range(WEEKS - 1, -1, -1):
        if rng.random() < 0.12:
            continue
        scores = {}
        for j, sign in enumerate(ids):
            level[j] = min(4.0, max(0.0, level[j] - 0.008 + rng.uniform(-0.45, 0.45)))
            if rng.random() > 0.04:
                scores[sign] = round(level[j])
        note = "A harder week; the old worry came back." if rng.random() < 0.2 else ""
        checks.append(WeeklyCheck(week_of(today - timedelta(weeks=n)), scores, note))
    return checks


def median_pair(ours: Callable[[], object], baseline: Callable[[], object],
                runs: int = RUNS) -> tuple[float, float]:
    a: list[float] = []
    b: list[float] = []
    for _ in range(runs):
        for action, times in ((ours, a), (baseline, b)):
            t0 = time.perf_counter()
            action()
            times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(a), statistics.median(b)


def benchmark() -> None:
    import progress as bp  # the Progress benchmark's sessions, as it makes them
    from PySide6.QtWidgets import QApplication

    from ebbtide.core import lock as core_lock
    from ebbtide.core import progress_data
    from ebbtide.core.paths import resolve_paths
    from ebbtide.core.settings import Settings
    from ebbtide.ui.context import UiContext
    from ebbtide.ui.progress.page import TAB_FELT, TAB_SIGNS, ProgressPage
    from ebbtide.ui.theme import ThemeManager

    app = QApplication.instance() or QApplication([])
    ThemeManager(app).apply("light")  # polishing with the style sheet costs, as in the app
    folder = Path(tempfile.mkdtemp(prefix="ebbtide-bench-"))
    paths = resolve_paths(folder)
    store = Store.open(paths.database).store
    sessions = bp.fill_demo(store, weeks=26)
    checks = FiveSignsStore(store).save_many(five_years())
    print(f"{checks} weekly checks over {WEEKS} weeks; {sessions} sessions over 26 weeks")
    ctx = UiContext(paths, store, Settings(None))
    import ebbtide.ui.five_signs.chart  # noqa: F401  (imported once in the app, too)

    pages: list[ProgressPage] = []

    def fresh_page() -> ProgressPage:
        page = ProgressPage(ctx)
        page.resize(1100, 720)
        page.show()
        page.range_bar.choose("all")
        page.refresh()
        app.processEvents()
        pages.append(page)
        return page

    def opener(index: int, forget: Callable[[], None]) -> Callable[[], object]:
        """Open tab `index` on a page made beforehand (made outside the timing)."""
        ready: list[ProgressPage] = []

        def prepare() -> None:
            ready.append(fresh_page())
            forget()

        def run() -> object:
            page = ready.pop()
            page.tabs.setCurrentIndex(index)
            app.processEvents()
            return page.grab()  # a real paint of everything on show

        run.prepare = prepare  # type: ignore[attr-defined]
        return run

    def forget_signs() -> None:
        five_signs.forget_weekly_scores(store)

    def forget_felt() -> None:
        progress_data.forget_lifetime(store)

    def timed_pair(ours: Callable[[], object], baseline: Callable[[], object]
                   ) -> tuple[float, float]:
        a: list[float] = []
        b: list[float] = []
        for _ in range(RUNS):
            for action, times in ((ours, a), (baseline, b)):
                action.prepare()  # type: ignore[attr-defined]
                t0 = time.perf_counter()
                action()
                times.append((time.perf_counter() - t0) * 1000)
        return statistics.median(a), statistics.median(b)

    results = []
    ours, base = timed_pair(opener(TAB_SIGNS, forget_signs), opener(TAB_FELT, forget_felt))
    results.append(("Five signs tab, first opening", ours, base, AIM_MS))

    page = fresh_page()
    page.tabs.setCurrentIndex(TAB_SIGNS)
    felt_page = fresh_page()
    felt_page.tabs.setCurrentIndex(TAB_FELT)
    app.processEvents()

    def signs_after_write() -> object:
        store.meta_set("bench", str(time.perf_counter()))  # any write: a new generation
        page.signs.refresh()
        return page.grab()

    def felt_after_write() -> object:
        store.meta_set("bench", str(time.perf_counter()))
        felt_page._sessions_changed()
        return felt_page.grab()

    ours, base = median_pair(signs_after_write, felt_after_write)
    results.append(("Five signs, after a save", ours, base, AIM_MS))
    core_lock.enable_lock(store, "benchmark harbour evening")
    ours, base = median_pair(signs_after_write, felt_after_write)
    results.append(("Five signs, after a save, lock on", ours, base, AIM_MS))

    print(f"Progress → Five signs, {checks} weekly checks over five years, medians of "
          f"{RUNS}:")
    for name, ours, baseline, aim in results:
        ratio = ours / max(baseline, 1e-6)
        print(f"  {name:36s} {ours:7.1f} ms   baseline {baseline:7.1f} ms   "
              f"ratio {ratio:5.2f}")
        verdict(name, f"{ours:.1f} ms ({ratio:.2f}× the How I've felt tab, "
                      f"{baseline:.1f} ms)", f"< {aim:.0f} ms", ours < aim)
    for made in pages:
        made.close()
    store.close()
    from ebbtide.ui.teardown import release_widgets

    release_widgets()  # in order, before Python exits (a chart left to PySide crashes)


def demo(folder: Path) -> None:
    import progress as bp

    from ebbtide.core.paths import resolve_paths

    paths = resolve_paths(folder)
    store = Store.open(paths.database).store
    bp.fill_demo(store, weeks=26)
    count = FiveSignsStore(store).save_many(five_years())
    store.close()
    print(f"wrote {count} weekly checks to {paths.database}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", type=Path, help="write five years of checks into this folder")
    args = parser.parse_args()
    if args.demo:
        demo(args.demo)
    else:
        benchmark()


if __name__ == "__main__":
    main()
