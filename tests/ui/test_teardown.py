"""Quitting never ends in a crash: windows with charts are taken apart before Python
exits, in an order that cannot crash (`ui.teardown.release_widgets`). Each case runs in
its own process, since what is checked is how a process ends."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

CHARTS = """
import pyqtgraph as pg
from PySide6.QtWidgets import QApplication
app = QApplication([])
views = []
for _ in range(4):  # each plot leaves an empty form behind for its menu
    view = pg.GraphicsLayoutWidget()
    view.addPlot(row=0, col=0)
    view.addPlot(row=1, col=0)
    view.show()
    views.append(view)
app.processEvents()
"""


def _run(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "app"), "QT_QPA_PLATFORM": "offscreen",
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=60)


def test_charts_left_open_at_exit_are_released_without_a_crash(tmp_path: Path) -> None:
    done = _run(CHARTS + """
from ebbtide.ui.teardown import release_widgets
released = release_widgets()
print("released", released, "left", len(QApplication.topLevelWidgets()))
""", tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    released, left = done.stdout.split()[1::2]
    assert int(released) > 4 and int(left) == 0  # the views, their menus and leftovers


def test_the_order_matters(tmp_path: Path) -> None:
    """Why release_widgets takes two passes: deleting the empty leftovers with (or
    before) the charts crashes the process; so does leaving it all to PySide at exit."""
    everything_at_once = _run(CHARTS + """
from PySide6.QtCore import QCoreApplication, QEvent
for widget in QApplication.topLevelWidgets():
    widget.deleteLater()
QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
""", tmp_path)
    assert everything_at_once.returncode != 0
    assert _run(CHARTS, tmp_path).returncode != 0


def test_the_app_quits_cleanly_after_showing_progress(tmp_path: Path) -> None:
    """The app's own way out, after every Progress chart was drawn: exit status 0 and no
    window left for PySide to take apart at exit."""
    folder = tmp_path / "ebbtide"
    done = _run(f"""
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from ebbtide.cli import main
from ebbtide.core.paths import resolve_paths
from ebbtide.core.settings import SettingKey, Settings
settings = Settings.load(resolve_paths(Path({str(folder)!r})).settings_file)
settings.set(SettingKey.WELCOME_SEEN, True)  # no welcome waiting for an answer
settings.save()
app = QApplication(["ebbtide"])

def progress_then_quit():
    window = next(w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow")
    window.build_rest()
    window.show_window("progress")
    page = window.page("progress")
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        app.processEvents()
    window.quit_app()

QTimer.singleShot(300, progress_then_quit)
code = main(["--data-dir", {str(folder)!r}])
print("exit", code, "left", len(QApplication.topLevelWidgets()))
raise SystemExit(code)
""", tmp_path)
    assert done.returncode == 0, done.stdout[-1000:] + done.stderr[-2000:]
    assert done.stdout.split()[-4:] == ["exit", "0", "left", "0"]


def test_every_benchmark_that_makes_windows_releases_them() -> None:
    makers = [path for path in sorted((REPO / "benchmarks").glob("*.py"))
              if "QApplication.instance() or QApplication(" in path.read_text("utf-8")]
    assert makers  # the check below checks something
    for path in makers:
        assert "release_widgets()" in path.read_text("utf-8"), path.name
