"""A 0–10 distress scale (SUDS) with words at 0, 5 and 10. One keypress picks a value:
digits 0–9, "10" typed quickly, arrows, Home/End; Delete clears it (rating is optional)."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from ebbtide.ui.common.announce import announce
from ebbtide.ui.common.roles import set_role
from ebbtide.ui.theme import margins, space

ANCHORS = {
    0: "Calm, at ease",
    5: "Upset, still coping",
    10: "As bad as it gets",
}

def value_words(n: int) -> str:
    """How a chosen number is said: "6 out of 10", with the words at 0, 5 and 10."""
    return f"{n} out of 10" + (f", {ANCHORS[n]}" if n in ANCHORS else "")


_TEN_WINDOW_S = 0.9  # "1" then "0" within this time means 10


class DistressScale(QWidget):
    valueChanged = Signal(object)  # int | None

    def __init__(self, label: str = "Distress", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._label = label
        self.setAccessibleName(f"{label}, 0 to 10")
        # The words under the scale, said here too: the scale's parts aren't read apart.
        self.setAccessibleDescription(
            " ".join(f"{n}: {words}." for n, words in ANCHORS.items())
            + " Type a number or use the arrow keys."
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        set_role(self, "slider")  # one control; its number buttons are only the picture
        # Styled background so the theme's focus ring shows around the whole scale.
        self.setObjectName("distressScale")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._value: int | None = None
        self._last_one_at = 0.0
        layout = QGridLayout(self)
        layout.setContentsMargins(margins("xs"))
        layout.setHorizontalSpacing(space("xs"))
        self._group = QButtonGroup(self)
        self._group.setExclusive(False)  # so a value can be cleared
        self.buttons: list[QPushButton] = []
        for n in range(11):
            button = QPushButton(str(n))
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scale itself takes focus
            button.setAccessibleName(value_words(n))
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setMinimumWidth(30)
            # The theme gives the scale's buttons narrow side padding, so "10" still fits
            # when the window is at its smallest.
            self._group.addButton(button, n)
            layout.addWidget(button, 0, n)
            self.buttons.append(button)
        for n, words in ANCHORS.items():
            anchor = QLabel(words)
            anchor.setProperty("role", "muted")
            anchor.setWordWrap(True)
            align = {0: Qt.AlignmentFlag.AlignLeft, 5: Qt.AlignmentFlag.AlignHCenter,
                     10: Qt.AlignmentFlag.AlignRight}[n]
            start = {0: 0, 5: 3, 10: 8}[n]
            layout.addWidget(anchor, 1, start, 1, 3 if n != 5 else 5, align)
        # On a narrow window the words wrap onto a second line: keep room for it, so
        # they never slide up over the numbers.
        layout.setRowMinimumHeight(1, 2 * self.fontMetrics().lineSpacing() + 2)
        # Never shorter than its numbers and words need: the page scrolls instead.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._group.idClicked.connect(self._clicked)

    def value(self) -> int | None:
        return self._value

    def setValue(self, value: int | None) -> None:
        if value is not None and not 0 <= value <= 10:
            raise ValueError("Distress is a number from 0 to 10.")
        if value == self._value:
            return
        self._value = value
        for n, button in enumerate(self.buttons):
            button.setChecked(n == value)
        # The one control a screen reader meets says the chosen number and its words.
        chosen = "none chosen" if value is None else value_words(value)
        self.setAccessibleName(f"{self._label}, 0 to 10: {chosen}")
        if value is not None and self.isVisible():
            announce(self, chosen)
        self.valueChanged.emit(value)

    def clear(self) -> None:
        self.setValue(None)

    def _clicked(self, n: int) -> None:
        self.setValue(None if self._value == n else n)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        text = event.text()
        if text.isdigit() and len(text) == 1:
            digit = int(text)
            now = time.monotonic()
            if digit == 0 and self._value == 1 and now - self._last_one_at < _TEN_WINDOW_S:
                self.setValue(10)
            else:
                self.setValue(digit)
            self._last_one_at = now if digit == 1 else 0.0
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Up):
            self.setValue(min(10, (self._value if self._value is not None else -1) + 1))
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down):
            self.setValue(max(0, (self._value if self._value is not None else 1) - 1))
        elif key == Qt.Key.Key_Home:
            self.setValue(0)
        elif key == Qt.Key.Key_End:
            self.setValue(10)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear()
        else:
            super().keyPressEvent(event)
