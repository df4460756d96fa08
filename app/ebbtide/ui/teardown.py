"""Taking the windows apart before Python exits, in an order that cannot crash.

Whatever Qt object is still alive when the interpreter shuts down is deleted by PySide's
own exit handler, in no set order and with Python half gone. Closing a window is not
enough: closed, it is only hidden (and the main window is still referred to after the
event loop ends).

The order matters because of pyqtgraph: each plot builds its options menu from a form
(`PlotItem.__init__`) and then hands the form's parts to the menu's actions, leaving the
form itself behind as an empty, hidden top-level widget. Deleting that empty form before
the plot leaves PySide holding stale records of the parts it once had, and deleting the
plot afterwards then crashes the process (a segmentation fault, exit -11, seen at the end
of `benchmarks/five_signs.py` once everything else had gone well). So the windows with
something in them (pages, menus) go first, their plots and menus with them, and only
then the empty leftovers. Every way out — the app, the self-check, the benchmarks —
calls `release_widgets` while Python is whole."""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QWidget


def release_widgets() -> int:
    """Delete every top-level widget now: the ones holding anything first (and with them
    every child and chart), then the empty ones pyqtgraph leaves behind; then let Python
    drop what referred to them. Returns how many top-level widgets were deleted."""
    deleted = 0
    for wanted in (_holds_something, lambda _widget: True):
        batch = [w for w in QApplication.topLevelWidgets() if wanted(w)]
        for widget in batch:
            widget.deleteLater()
        # Deferred deletes are otherwise done only by a running event loop.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        deleted += len(batch)
    gc.collect()
    return deleted


def _holds_something(widget: QWidget) -> bool:
    return bool(widget.children())
