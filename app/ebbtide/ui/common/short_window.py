"""A page that lays itself out more tightly on a short window (800×600), so the
controls that start and stop things are on screen without scrolling."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

# Less room than this for a page (800×600 leaves about 550 px) is a short window.
SHORT_BELOW_PX = 640


class CompactWhenShort(QObject):
    """Calls `fit(compact)` now and whenever the room the window gives `page` crosses
    `below` pixels: the room is its frame's viewport (the page's parent), not the page's
    own height, which is taller than the window while the page scrolls."""

    def __init__(self, page: QWidget, fit: Callable[[bool], None],
                 below: int = SHORT_BELOW_PX) -> None:
        super().__init__(page)
        self.page = page
        self.fit = fit
        self.below = below
        self.compact: bool | None = None
        page.installEventFilter(self)
        self._check()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.page and event.type() == QEvent.Type.Resize:
            self._check()
        return False

    def _check(self) -> None:
        holder = self.page.parentWidget()
        room = holder.height() if holder is not None else self.page.height()
        compact = room < self.below
        if compact != self.compact:
            self.compact = compact
            self.fit(compact)
