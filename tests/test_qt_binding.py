"""The Qt binding we pin must survive a long session of ordinary calls.

PySide6 6.12.0 on Python 3.11 leaks one reference to None on every call that returns
nothing and aborts the process ("none_dealloc") after a few thousand — seconds into a
60 fps breathing session. This runs that pattern in a child process."""

import os
import subprocess
import sys

LOOP = """
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
for _ in range(30000):
    label.setText("in")
    label.update()
print("survived")
"""


def test_many_void_qt_calls_do_not_crash_the_app() -> None:
    out = subprocess.run([sys.executable, "-c", LOOP], capture_output=True, text=True,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), timeout=120)
    assert out.returncode == 0 and "survived" in out.stdout, out.stderr[-500:]
