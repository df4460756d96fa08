"""Issue 13, item 6: nothing outside Ebbtide's folders remembers where a person saved
things, and a crash writes no memory image (core file) to disk."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from ebbtide.core.backup import make_data_private
from ebbtide.core.paths import AppPaths

APP = Path(__file__).resolve().parents[2] / "app"


def test_file_dialogs_remember_folders_only_in_our_private_config(
    qtbot: QtBot, paths: AppPaths, tmp_path: Path,
) -> None:
    from ebbtide.ui.privacy.traces import keep_qt_state_private

    keep_qt_state_private(paths)
    chosen = tmp_path / "a folder I visited"
    chosen.mkdir()
    dialog = QFileDialog(None, "Export worksheet", str(chosen))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.show()
    dialog.accept()
    dialog.deleteLater()
    del dialog
    qtbot.wait(50)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    state = paths.config_dir / "qt" / "QtProject.conf"
    assert state.exists() and "a%20folder%20I%20visited" in state.read_text()
    assert stat.S_IMODE((paths.config_dir / "qt").stat().st_mode) == 0o700
    make_data_private(paths)
    assert stat.S_IMODE(state.stat().st_mode) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="core files are a POSIX matter")
def test_core_dumps_are_off() -> None:
    code = ("import resource; from ebbtide.ui.privacy.traces import no_core_dumps; "
            "no_core_dumps(); print(resource.getrlimit(resource.RLIMIT_CORE))")
    env = {**os.environ, "PYTHONPATH": str(APP)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True).stdout
    assert out.strip() == "(0, 0)"


def test_the_app_turns_both_on_at_start() -> None:
    source = (APP / "ebbtide" / "application.py").read_text()
    assert "keep_traces_private(paths)" in source
    first_dialog = source.index("chosen = choose_writable_data_dir(paths")
    assert source.index("keep_traces_private(paths)") < first_dialog
