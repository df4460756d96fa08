"""Opening a window at a size that fits the screen it opens on."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

SCREEN_MARGIN_PX = 48  # room for the window's frame and a panel


def resize_within_screen(window: QWidget, width: int, height: int) -> None:
    """Resize `window` to `width`×`height`, or to what its screen has room for: a dialog
    made for a large screen opens whole on an 800×600 one instead of running off it."""
    screen = window.screen()
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, room.width() - SCREEN_MARGIN_PX)
        height = min(height, room.height() - SCREEN_MARGIN_PX)
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    window.resize(max(width, least.width()), max(height, least.height()))
