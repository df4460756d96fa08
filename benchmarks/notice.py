"""Notice & record with a year of entries.

    python benchmarks/notice.py              # the benchmark (365 trigger entries, 365
                                             # moments, 365 small risks, 365 journal
                                             # entries: one of each a day)
    python benchmarks/notice.py --demo DIR   # a data folder with that year, for screenshots

The benchmark fills a store with a year of daily entries, then measures, each against a
baseline measured in the same run:

  open page      making the Notice & record page and showing it on its first tab (the
                 365 trigger entries read, unsealed, described and listed; the other
                 tabs are read when first shown)
                 vs. a bare QListWidget filled with 365 ready-made lines and shown;
  trigger log    reading the trigger log again after a change (only what changed is
                 unsealed), and with every entry unsealed anew (as after unlocking):
                 filtering and filling the list too, vs. a bare list refilled with 365;
  evidence wall  the tab made and shown the first time (on a new page, before it is
                 made in the background), read again with every moment unsealed anew,
                 and after a change: the list filled, the wall laid and shown,
                 vs. the same bare list refilled;
                 The cold read is measured again with the lock on (AES-GCM).
  trigger entry  opening a new trigger entry (own tags and urges offered again), with
                 its form ready (it is made a moment after the page shows) and when
                 the form must be made first (the key pressed at once)
                 vs. showing an empty QPlainTextEdit;
  small risks,   the same three for each tab
  journal        vs. the same bare list refilled;
  wall paint     painting the wall of 365 moments on screen: drawn anew (as when the
                 entries, the size or the colours change), and repainted (hover, keys:
                 the drawn wall and the mark around the chosen brick)
                 vs. painting 365 plain rectangles with QPainter.drawRects.

The app's light theme (palette and style sheet) is applied, as in the app.

Aims: each view opens in under 100 ms, the wall paints in under 16 ms (one frame).
Medians of several runs, with their ratio to the baseline. Nothing asserts: numbers on a
shared machine wobble, so they are printed, not tested.
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
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "app"))

from ebbtide.core.notice import (
    Entry,
    EvidenceEntry,
    FeelingNote,
    JournalEntry,
    RiskEntry,
    TriggerEntry,
)
from ebbtide.core.notice_store import NoticeStore
from ebbtide.core.store import Store

DAY = 86_400.0
WHAT = ["No reply all afternoon.", "They put the phone face down when I came in.",
        "A name I didn't know in their messages.", "They were late home again.",
        "A song from that year came on.", "They went quiet at dinner."]
TAGS = ["late reply", "phone face down", "going quiet", "an old song", "late home",
        "a name"]
URGES = ["check-phone", "question", "check-where", "reassurance", "withdraw", "leave"]
FEELINGS = ["anxious", "hurt", "betrayed", "lonely", "insecure", "angry", "worried"]
SAID = ["I'll call at six.", "I'll be home by ten.", "I'll tell you if they get in touch.",
        "I'll come with you to the appointment.", ""]
DID = ["Called at six.", "Was home at quarter to ten.", "Showed me the message.",
       "Sat with me when I was low.", "Told me something hard before I asked."]


RISKS = ["Say how I feel: that I felt left out at dinner.", "Ask for a text when late.",
         "Let them help with the shopping.", "Share the worry instead of checking."]
FEARS = ["They'll brush it off.", "They'll think I'm needy.", "They'll get angry."]
QUESTIONS = ["roots", "now-or-then", "carried-over", "just-before", "older-reactions",
             "feel-safe", "keeps-coming-back", None]


def year_of_entries(end_utc: float, seed: int = 7) -> list[Entry]:
    """One trigger entry, one moment, one small risk and one journal entry a day for a
    year, ending at `end_utc`."""
    rng = random.Random(seed)
    entries: list[Entry] = []
    for day in range(365):
        # Local midnight of that day, then an hour people tend to be set off: most in
        # the evening, some at lunch, a few late at night.
        moment = datetime.fromtimestamp(end_utc - (365 - day) * DAY)
        midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
        hour = rng.choices([8, 12, 13, 17, 18, 19, 20, 21, 22, 23],
                           weights=[2, 3, 3, 4, 5, 6, 8, 9, 7, 3])[0]
        when = midnight + (hour + rng.random()) * 3600
        entries.append(TriggerEntry(
            what=rng.choice(WHAT) + " " + "It stayed with me. " * rng.randint(0, 6),
            feelings=[FeelingNote(w, rng.randint(20, 90)) for w in rng.sample(FEELINGS, 2)],
            body=rng.sample(["chest", "stomach", "throat", "shoulders"], 1),
            urges=rng.sample(URGES, rng.randint(1, 2)),
            did="Breathed for a minute, then asked calmly.",
            helped=rng.choice(["Box breathing.", "A walk.", "Writing it down.", ""]),
            now_or_then=rng.choice(["now", "then", "both", "unsure"]),
            tags=rng.sample(TAGS, rng.randint(1, 2)),
            occurred_utc=when, created_utc=when, updated_utc=when, status="done"))
        kept = rng.random() < 0.85
        entries.append(EvidenceEntry(
            said=rng.choice(SAID), did=rng.choice(DID) if kept else "It didn't happen.",
            shows=rng.sample(["reliability", "honesty", "compassion"],
                             rng.randint(0, 2) if kept else 0),
            who=rng.choice(["Sam", "Sam", "Sam", "Jo", "Mum", ""]),
            outcome="kept" if kept else "broken",
            occurred_utc=when + 3600, created_utc=when + 3600, updated_utc=when + 3600,
            status="done"))
        before = rng.randint(40, 95)
        tried = rng.random() < 0.9
        entries.append(RiskEntry(
            risk=rng.choice(RISKS), who=rng.choice(["Sam", "Jo", ""]),
            fear=rng.choice(FEARS), sure_before=before,
            happened="They listened." if tried else "",
            sure_after=max(0, before - rng.randint(0, 60)) if tried else None,
            outcome=rng.choices(["better", "as-feared", "hard"], [6, 3, 1])[0]
            if tried else None,
            occurred_utc=when - 7200, created_utc=when - 7200, updated_utc=when - 7200,
            status="done" if tried else "draft"))
        entries.append(JournalEntry(
            text="Writing it down helps me see it. " * rng.randint(5, 60),
            prompt=rng.choice(QUESTIONS),
            occurred_utc=when - 3600, created_utc=when - 3600, updated_utc=when - 3600,
            status="done"))
    return entries


def fill(store: Store, end_utc: float | None = None) -> int:
    return NoticeStore(store).save_many(year_of_entries(end_utc or time.time()))


def median_ms(run: Callable[[], object], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench() -> None:
    from PySide6.QtGui import QColor, QPainter
    from PySide6.QtWidgets import QApplication, QListWidget, QPlainTextEdit, QWidget

    from ebbtide.core.paths import resolve_paths
    from ebbtide.core.settings import Settings
    from ebbtide.ui.context import UiContext
    from ebbtide.ui.notice.page import NoticePage, Step
    from ebbtide.ui.operations import Change, ChangeNotice

    app = QApplication.instance() or QApplication(sys.argv)
    from ebbtide.ui.theme import ThemeManager

    ThemeManager(app).apply("light")  # the style sheet, as in the app: polishing costs
    with tempfile.TemporaryDirectory() as folder:
        paths = resolve_paths(Path(folder) / "data")
        store = Store.open(paths.database).store
        count = fill(store)
        ctx = UiContext(paths, store, Settings.load(paths.settings_file))
        lines = [f"Mon 01 Jan 2026, 10:00 · then\nanxious 70 · #late reply\n“line {i}”"
                 for i in range(count // 4)]

        def bare_list() -> QListWidget:
            widget = QListWidget()
            widget.setUniformItemSizes(True)
            widget.addItems(lines)
            widget.resize(1000, 700)
            widget.show()
            app.processEvents()
            return widget

        results: list[tuple[str, float, float, float]] = []
        pages: list[NoticePage] = []

        def fresh_page() -> float:
            """Make and show a page; the time it took. The forms an earlier page would
            make a moment after showing are stopped first, so they don't count here."""
            for earlier in pages:
                earlier.page_hidden()
            start = time.perf_counter()
            made = NoticePage(ctx)
            made.resize(1000, 800)
            made.show()
            made.page_shown()
            app.processEvents()
            pages.append(made)
            return (time.perf_counter() - start) * 1000

        base = median_ms(bare_list)
        opened = [fresh_page() for _ in range(5)]
        results.append(("open page", statistics.median(opened), base, 100))
        page = pages[-1]
        notice = ChangeNotice(Change.LOGS)

        def reload_triggers() -> None:
            page.data_changed(notice)  # on the trigger tab: that log is read again
            app.processEvents()

        def reload_triggers_cold() -> None:
            page.notices.forget()  # as after unlocking: every entry is unsealed again
            page.data_changed(notice)
            app.processEvents()

        refill = QListWidget()
        refill.setUniformItemSizes(True)
        refill.resize(1000, 700)
        refill.show()

        def bare_refill() -> None:
            refill.clear()
            refill.addItems(lines[: count // 4])
            app.processEvents()

        base_refill = median_ms(bare_refill)
        results.append(("trigger log, after a change", median_ms(reload_triggers),
                        base_refill, 100))
        results.append(("trigger log, unsealed anew", median_ms(reload_triggers_cold),
                        base_refill, 100))

        def on_tab(step: Step) -> tuple[Callable[[], None], Callable[[], None]]:
            """Reading the tab on show again: with every entry unsealed anew (as after
            unlocking), and after a change (only what changed is unsealed)."""
            def cold() -> None:
                page.notices.forget()
                page.data_changed(notice)
                app.processEvents()

            def warm() -> None:
                page.data_changed(notice)
                app.processEvents()

            page.show_step(step)
            app.processEvents()
            return cold, warm

        cold, warm = on_tab(Step.EVIDENCE)
        results.append(("evidence wall, unsealed anew", median_ms(cold), base_refill, 100))
        results.append(("evidence wall, after a change", median_ms(warm), base_refill, 100))

        page.show_step(Step.TRIGGERS)
        plain = QPlainTextEdit()
        plain.resize(800, 600)

        def bare_editor() -> None:
            plain.show()
            app.processEvents()
            plain.hide()

        def trigger_entry() -> None:
            page.new_entry("trigger")
            app.processEvents()
            page.trigger_editor.close_entry()

        bare = median_ms(bare_editor)
        page.trigger_editor  # noqa: B018 - made a moment after the page shows, normally
        results.append(("trigger entry", median_ms(trigger_entry), bare, 100))

        firsts = []
        for _ in range(3):
            fresh_page()
            fresh = pages[-1]
            start = time.perf_counter()
            fresh.new_entry("trigger")  # the form is made now: one key before it was ready
            app.processEvents()
            firsts.append((time.perf_counter() - start) * 1000)
            fresh.trigger_editor.close_entry()
        results.append(("trigger entry, form not made", statistics.median(firsts), bare,
                        100))

        page.show_step(Step.EVIDENCE)
        app.processEvents()
        wall = page.wall
        rects = [b.rect.toRect() for b in wall.bricks]

        class Rects(QWidget):
            def paintEvent(self, _event: object) -> None:
                painter = QPainter(self)
                painter.setBrush(QColor("#28737A"))
                painter.drawRects(rects)

        bare_wall = Rects()
        bare_wall.resize(wall.size())
        bare_wall.show()
        app.processEvents()

        def paint_wall() -> None:
            wall._picture = None  # as when the entries, the size or the colours change
            wall.repaint()

        def repaint_wall() -> None:  # hover and keys: the picture and the mark
            wall.repaint()

        def paint_rects() -> None:
            bare_wall.repaint()

        base_rects = median_ms(paint_rects, 21)
        results.append(("wall paint, drawn anew", median_ms(paint_wall, 21), base_rects, 16))
        results.append(("wall repaint (hover, keys)", median_ms(repaint_wall, 21),
                        base_rects, 16))

        for name, step in (("evidence wall", Step.EVIDENCE), ("small risks", Step.RISKS),
                           ("journal", Step.JOURNAL)):
            firsts: list[float] = []
            for _ in range(3):  # the tab made and shown for the first time, on a new page
                fresh_page()
                start = time.perf_counter()
                pages[-1].show_step(step)
                app.processEvents()
                firsts.append((time.perf_counter() - start) * 1000)
            results.append((f"{name}, made and shown", statistics.median(firsts),
                            base_refill, 100))

        for name, step in (("small risks", Step.RISKS), ("journal", Step.JOURNAL)):
            cold, warm = on_tab(step)
            results.append((f"{name}, unsealed anew", median_ms(cold), base_refill, 100))
            results.append((f"{name}, after a change", median_ms(warm), base_refill, 100))

        # The same cold read with the lock on: every entry decrypted (AES-GCM) as well.
        from ebbtide.core import lock as core_lock

        page.show_step(Step.TRIGGERS)
        core_lock.enable_lock(store, "benchmark harbour evening")
        results.append(("trigger log, anew, lock on", median_ms(reload_triggers_cold),
                        base_refill, 100))

        print(f"Notice & record, {count} entries ({count // 4} each of triggers, moments, "
              f"small risks and journal entries; {len(wall.bricks)} bricks on the wall), "
              "medians:")
        for name, ours, baseline, aim in results:
            verdict = "MET" if ours < aim else "MISSED"
            print(f"  {name:30s} {ours:7.2f} ms   baseline {baseline:7.2f} ms   "
                  f"ratio {ours / max(baseline, 1e-6):6.2f}   aim < {aim} ms: {verdict}")
        for made in pages:
            made.close()
        ctx.finish_writes()
        store.close()
        from ebbtide.ui.teardown import release_widgets

        release_widgets()  # in order, before Python exits (left to PySide, it can crash)


def demo(folder: Path) -> None:
    from ebbtide.core.paths import resolve_paths

    paths = resolve_paths(folder)
    store = Store.open(paths.database).store
    print(f"{fill(store)} entries written to {paths.database}")
    store.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", type=Path, help="write a year of entries into this folder")
    args = parser.parse_args()
    if args.demo:
        demo(args.demo)
    else:
        bench()
