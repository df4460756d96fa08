"""Two small layout helpers for Trust yourself's views: a view that scrolls on its own
(so a long day of promises never squeezes its rows), and a row of ideas that shows as
many as fit side by side, with a button for the others."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

MOST_IDEAS = 3  # at a time, however wide the window


def scrolled(view: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(view)
    return area


class IdeaRow(QWidget):
    """"Ideas: a · b · c  [Other ideas]": a click on an idea hands its words on (to fill a
    box the person then shapes). As many as fit in one line are shown; Other ideas
    shows the next ones, round and round."""

    chosen = Signal(str)

    def __init__(self, label: str, spoken: str) -> None:
        super().__init__()
        self.spoken = spoken  # "Idea", "To start": said before each idea's words
        # Its width comes from the page, never from its ideas: it shows what fits.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(1)
        self.ideas: tuple[str, ...] = ()
        self.start = 0
        self.shown = 0
        self.row = row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(label)
        row.addWidget(self.label)
        self.buttons: list[QPushButton] = []
        for _ in range(MOST_IDEAS):
            button = QPushButton()
            button.setProperty("role", "link")
            row.addWidget(button)
            self.buttons.append(button)
            button.clicked.connect(lambda _=False, b=button: self.chosen.emit(b.text()))
        self.more = QPushButton("Other &ideas")
        self.more.setAccessibleName("Other ideas: show different suggestions")
        row.addWidget(self.more)
        row.addStretch(1)
        self.more.clicked.connect(lambda: self.show_from(self.start + max(1, self.shown)))

    def set_ideas(self, ideas: tuple[str, ...]) -> None:
        self.ideas = ideas
        self.show_from(0)

    def show_from(self, start: int) -> None:
        count = len(self.ideas)
        self.start = start % count if count else 0
        room = self.width() - self.label.sizeHint().width() - self.more.sizeHint().width()
        spacing = self.row.spacing()
        self.shown = 0
        for n, button in enumerate(self.buttons):
            text = self.ideas[(self.start + n) % count] if n < count else ""
            button.setText(text)
            button.setAccessibleName(f"{self.spoken}: {text}")
            room -= button.sizeHint().width() + spacing
            # Always one; more while they fit (before the first layout, all of them).
            fits = n == 0 or room >= 0 or self.width() <= 0
            button.setVisible(bool(text) and fits)
            self.shown += int(bool(text) and fits)
        self.more.setVisible(count > self.shown)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.show_from(self.start)
