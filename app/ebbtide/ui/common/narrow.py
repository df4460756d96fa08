"""Side-by-side columns that stack when the window is narrow, so nothing is squeezed
over its neighbour at the smallest window size (the page then scrolls instead)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QBoxLayout, QWidget


class StackWhenNarrow(QObject):
    """Lays `layout` (a row inside `widget`) out top to bottom while `widget` is
    narrower than `below` pixels, and side by side again once there is room."""

    def __init__(self, widget: QWidget, layout: QBoxLayout, below: int) -> None:
        super().__init__(widget)
        self.row = layout
        self.below = below
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            wanted = (QBoxLayout.Direction.TopToBottom if watched.width() < self.below
                      else QBoxLayout.Direction.LeftToRight)
            if self.row.direction() != wanted:
                self.row.setDirection(wanted)
        return False
