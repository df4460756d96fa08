"""Answer a modal dialog from a test: poll until it is open, then act on it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

_keep: list[QTimer] = []


def when_modal_opens(act: Callable[[QWidget], None], timeout_ms: int = 5000) -> None:
    timer = QTimer()
    timer.setInterval(10)
    waited = [0]

    def poll() -> None:
        waited[0] += 10
        modal = QApplication.activeModalWidget() or next(
            (w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isModal()), None
        )
        if modal is not None:
            timer.stop()
            act(modal)
        elif waited[0] > timeout_ms:
            timer.stop()

    timer.timeout.connect(poll)
    timer.start()
    _keep.append(timer)


def activate(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Show a window and make it the active one: window shortcuts (F1, Ctrl+L…) only
    reach the active window, and offscreen nothing activates by itself."""
    widget.show()
    qtbot.waitExposed(widget)
    handle = widget.windowHandle()
    assert handle is not None
    handle.requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
