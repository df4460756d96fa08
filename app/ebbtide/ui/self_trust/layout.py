"""Two small layout helpers for Trust yourself's views: a view that scrolls on its own
(so a long day of promises never squeezes its rows), and a row of suggestions that
stands one above the other when it doesn't fit side by side."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QBoxLayout, QFrame, QScrollArea, QWidget


def scrolled(view: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(view)
    return area


class StackWhenCrowded(QObject):
    """Lays `row` (inside `widget`) out side by side while everything in it fits at its
    natural width, and one above the other when it doesn't (long suggestions, a narrow
    window). Call `fit()` after changing the row's words."""

    def __init__(self, widget: QWidget, row: QBoxLayout) -> None:
        super().__init__(widget)
        self.widget = widget
        self.row = row
        widget.installEventFilter(self)

    def needed(self) -> int:
        width = 0
        for n in range(self.row.count()):
            item = self.row.itemAt(n)
            inner = item.widget() if item is not None else None
            if inner is not None and not inner.isHidden():
                width += inner.sizeHint().width() + self.row.spacing()
        margins = self.row.contentsMargins()
        return width + margins.left() + margins.right()

    def fit(self) -> None:
        for n in range(self.row.count()):  # each keeps its own width, at the left
            item = self.row.itemAt(n)
            inner = item.widget() if item is not None else None
            if inner is not None:
                self.row.setAlignment(inner, Qt.AlignmentFlag.AlignLeft)
        wanted = (QBoxLayout.Direction.TopToBottom if self.needed() > self.widget.width()
                  else QBoxLayout.Direction.LeftToRight)
        if self.row.direction() != wanted:
            self.row.setDirection(wanted)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False
