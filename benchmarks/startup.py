"""Start-up, as a person meets it, against a bare PySide6 window measured in the same run.

    python benchmarks/startup.py [--runs 7] [--x11 [DISPLAY]]

Three measures, each from the moment the process is started:

  painted      the main window's first paint has finished (not "shown": a zero-delay
               timer fires before anything is painted);
  key          the check-in takes a key: a real "5" sent to whatever has the focus lands
               in the distress scale (baseline: a line edit in the bare window);
  welcome      the first run: the welcome is painted and holds the focus (the store
               is created, so this is the slowest start a person sees);

and the resident memory at idle (300 ms after the key). All of app/ is compiled first
(`compileall` into a temporary pycache, PYTHONPYCACHEPREFIX), and a warm-up run of each
kind comes before the timed ones, so nothing is compiled from source while timed.
Runs interleave (bare, app, app first-run, bare, …) so noise hits all alike; medians.

With `--x11`, the same runs again on a real X server through Qt's xcb platform (the
display given, or an Xvfb started for the run on a free display), where "painted" is
the first paint flushed to the X server: start-up to pixels on a real X screen.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _aims import verdict

# The check-in page, imported by the measured process. The UI is being reorganised:
# when it moves (to ebbtide.ui.checkin.page), change this one line.
CHECKIN_PAGE = ("ebbtide.ui.checkin.page", "CheckinPage")

REPO = Path(__file__).resolve().parent.parent
AIM_TIME, AIM_MEMORY = 1.5, 1.3

# Runs in the measured process, before anything else: watches paints and focus, then
# sends one key, prints what it saw (seconds since BENCH_T0) and ends the process.
PROBE = r"""
import importlib, os, sys, time
T0 = float(os.environ["BENCH_T0"])
MODE = os.environ["BENCH_MODE"]
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMainWindow
app = QApplication(sys.argv[:1])
seen = {}

def mark(name):
    if name not in seen:
        seen[name] = time.time() - T0
        print(f"BENCH {name} {seen[name]:.6f}", flush=True)
        # CPU time (all threads, Python's start-up included): far less moved by the load
        # of other processes than the wall clock.
        print(f"BENCH cpu_{name} {time.process_time():.6f}", flush=True)

def rss_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0

def finish():
    print(f"BENCH rss_kb {rss_kb()}", flush=True)
    os._exit(0)

def target():
    if MODE == "bare":
        return BARE_EDIT
    module, name = os.environ["BENCH_CHECKIN"].split(":")
    cls = getattr(importlib.import_module(module), name)
    for w in app.topLevelWidgets():
        page = w.findChild(cls)
        if page is not None:
            return page
    return None

def try_key():
    # Only once the page holds the focus: a key sent earlier would be lost.
    page, focus = target(), app.focusWidget()
    if page is None or focus is None or not page.isVisible() or not (
            focus is page or page.isAncestorOf(focus)):
        QTimer.singleShot(0, try_key)
        return
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(focus, QKeyEvent(kind, Qt.Key.Key_5,
                                                Qt.KeyboardModifier.NoModifier, "5"))
    took = (page.text() == "5") if MODE == "bare" else (page.scale.value() == 5)
    if not took:
        print("BENCH key_lost 1", flush=True)
        os._exit(3)
    mark("key")
    QTimer.singleShot(300, finish)

def after_window_paint():
    mark("painted")
    if MODE == "welcome":
        return  # wait for the welcome
    try_key()

def after_welcome_paint():
    if app.focusWidget() is not None and isinstance(app.focusWidget().window(), QDialog):
        mark("welcome")
        QTimer.singleShot(300, finish)
    else:
        QTimer.singleShot(0, after_welcome_paint)

class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj.isWidgetType():
            win = obj.window()
            # Runs once the whole paint pass (this event and its siblings) is done.
            if isinstance(win, QMainWindow) and "window" not in seen:
                seen["window"] = True
                if os.environ.get("BENCH_ACTIVATE") and app.activeWindow() is None:
                    win.activateWindow()  # an X server with no window manager: as one would
                QTimer.singleShot(0, after_window_paint)
            elif isinstance(win, QDialog) and MODE == "welcome" and "dialog" not in seen:
                seen["dialog"] = True
                if os.environ.get("BENCH_ACTIVATE") and app.activeWindow() is None:
                    win.activateWindow()
                QTimer.singleShot(0, after_welcome_paint)
        return False

watch = Watch()
app.installEventFilter(watch)
if MODE == "bare":
    w = QMainWindow(); w.setWindowTitle("bare"); w.resize(1100, 720)
    BARE_EDIT = QLineEdit(); w.setCentralWidget(BARE_EDIT); w.show(); BARE_EDIT.setFocus()
    app.exec()
else:
    from ebbtide.application import run
    sys.exit(run(os.environ["BENCH_DATA"], sys.argv[:1]))
"""


def measure(mode: str, env: dict[str, str], data: Path | None = None) -> dict[str, float]:
    env = dict(env, BENCH_MODE=mode, BENCH_CHECKIN=":".join(CHECKIN_PAGE),
               BENCH_DATA=str(data or ""))
    env["BENCH_T0"] = f"{time.time():.6f}"
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                         env=env, timeout=120, cwd=REPO)
    values = {}
    for line in out.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "BENCH":
            values[parts[1]] = float(parts[2])
    wanted = {"bare": "key", "checkin": "key", "welcome": "welcome"}[mode]
    if out.returncode != 0 or wanted not in values:
        raise SystemExit(f"{mode} run failed (exit {out.returncode}):\n{out.stdout}\n"
                         f"{out.stderr[-3000:]}")
    return values


Rows = dict[str, list[dict[str, float]]]


def series(env: dict[str, str], runs: int, tmp: Path, name: str) -> Rows:
    """Warm-up runs, then `runs` of each kind interleaved (bare, app, app first-run, …)."""
    seen_dir = tmp / f"returning-{name}"
    _mark_welcome_seen(seen_dir)
    # Warm-up: the store is created, and the standard library and PySide6 compile
    # into the temporary pycache, before anything is timed.
    measure("bare", env)
    measure("checkin", env, seen_dir)
    measure("welcome", env, tmp / f"first-{name}-0")
    rows: Rows = {"bare": [], "checkin": [], "welcome": []}
    for i in range(runs):
        rows["bare"].append(measure("bare", env))
        rows["checkin"].append(measure("checkin", env, seen_dir))
        rows["welcome"].append(measure("welcome", env, tmp / f"first-{name}-{i + 1}"))
    return rows


def x_server(display: str) -> tuple[str, subprocess.Popen[bytes] | None]:
    """The X display to measure on: `display` if given, else an Xvfb of our own on a free
    display number (Xvfb picks it and writes it to a pipe). "" when there is none."""
    if display:
        return display, None
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        return "", None
    read, write = os.pipe()
    proc = subprocess.Popen([xvfb, "-displayfd", str(write), "-screen", "0", "1920x1080x24",
                             "-nolisten", "tcp"], pass_fds=(write,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        number = pipe.readline().strip().decode()  # written once the server is ready
    if not number:
        proc.kill()
        return "", None
    return f":{number}", proc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--x11", nargs="?", const="", default=None, metavar="DISPLAY",
                        help="also measure on a real X server (xcb): this display, or an "
                             "Xvfb started for the run when none is given")
    args = parser.parse_args()
    runs = args.runs
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                   PYTHONPATH=str(REPO / "app"), PYTHONPYCACHEPREFIX=str(Path(tmp) / "pyc"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("EBBTIDE_BENCH_STARTUP", None)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "app")],
                       env=env, check=True)
        rows = series(env, runs, Path(tmp), "offscreen")
        x_rows, display = None, ""
        if args.x11 is not None:
            display, server = x_server(args.x11)
            if display:
                try:
                    x_env = dict(env, QT_QPA_PLATFORM="xcb", DISPLAY=display,
                                 BENCH_ACTIVATE="1")
                    x_env.pop("WAYLAND_DISPLAY", None)
                    x_rows = series(x_env, runs, Path(tmp), "x11")
                finally:
                    if server is not None:
                        server.terminate()
                        server.wait()

    def med(table: Rows, mode: str, key: str) -> float:
        return statistics.median(r[key] for r in table[mode])

    print(f"Start-up from process start, medians of {runs} interleaved runs "
          "(offscreen, app/ precompiled)")
    bare_paint, bare_key = med(rows, "bare", "painted"), med(rows, "bare", "key")
    app_paint, app_key = med(rows, "checkin", "painted"), med(rows, "checkin", "key")
    first_paint, welcome = med(rows, "welcome", "painted"), med(rows, "welcome", "welcome")
    bare_mem = med(rows, "bare", "rss_kb") / 1024
    app_mem = med(rows, "checkin", "rss_kb") / 1024
    _line("window painted", bare_paint, app_paint)
    _line("check-in takes a key", bare_key, app_key)
    _line("first run: painted", bare_paint, first_paint)
    _line("first run: welcome up", bare_key, welcome)
    print(f"  memory at idle          bare {bare_mem:6.1f} MiB  Ebbtide {app_mem:6.1f} MiB  "
          f"ratio {app_mem / bare_mem:.2f}")
    print("  CPU time, all threads (less moved by other processes than the clock):")
    _line("  to the window painted", med(rows, "bare", "cpu_painted"),
          med(rows, "checkin", "cpu_painted"))
    _line("  to the welcome up", med(rows, "bare", "cpu_key"),
          med(rows, "welcome", "cpu_welcome"))
    if x_rows is not None:
        print(f"On a real X server ({display}, xcb), medians of {runs} interleaved runs")
        x_bare, x_app = med(x_rows, "bare", "painted"), med(x_rows, "checkin", "painted")
        _line("window painted", x_bare, x_app)
        _line("check-in takes a key", med(x_rows, "bare", "key"), med(x_rows, "checkin", "key"))
        _line("first run: welcome up", med(x_rows, "bare", "key"),
              med(x_rows, "welcome", "welcome"))
        _line("CPU to window painted", med(x_rows, "bare", "cpu_painted"),
              med(x_rows, "checkin", "cpu_painted"))
    elif args.x11 is not None:
        print("On a real X server: not measured (no DISPLAY given and no Xvfb found)")
    verdict("start-up to the window painted", f"{app_paint / bare_paint:.2f}× bare",
            f"≤ {AIM_TIME}×", app_paint / bare_paint <= AIM_TIME)
    verdict("start-up to the check-in taking a key", f"{app_key / bare_key:.2f}× bare",
            f"≤ {AIM_TIME}×", app_key / bare_key <= AIM_TIME)
    verdict("first run to the welcome taking a key", f"{welcome / bare_key:.2f}× bare",
            f"≤ {AIM_TIME}×", welcome / bare_key <= AIM_TIME)
    verdict("memory at idle", f"{app_mem / bare_mem:.2f}× bare", f"≤ {AIM_MEMORY}×",
            app_mem / bare_mem <= AIM_MEMORY)
    if x_rows is not None:
        ratio = x_app / x_bare
        verdict("start-up to pixels on a real X screen", f"{ratio:.2f}× bare",
                f"≤ {AIM_TIME}×", ratio <= AIM_TIME)


def _line(what: str, bare: float, app: float) -> None:
    print(f"  {what:<23} bare {bare * 1000:6.0f} ms   Ebbtide {app * 1000:6.0f} ms   "
          f"ratio {app / bare:.2f}")


def _mark_welcome_seen(data: Path) -> None:
    """A returning person: the welcome was seen on an earlier day."""
    sys.path.insert(0, str(REPO / "app"))
    from ebbtide.core.paths import resolve_paths
    from ebbtide.core.settings import Settings

    paths = resolve_paths(data)
    settings = Settings.load(paths.settings_file)
    settings.set("welcome_seen", True)
    settings.save()  # set() changes memory only


if __name__ == "__main__":
    main()
