"""One sign's 0–4 scale in the weekly check, modelled on the distress scale
(ui/common/distress.py): one focus stop, one keypress picks a value (digits 0–4,
arrows, Home/End), Delete clears it (every sign may be left out), and the chosen
value's words show beside the numbers."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from ebbtide.core.five_signs import SCALE_MAX
from ebbtide.ui.common.announce import announce
from ebbtide.ui.common.roles import set_role
from ebbtide.ui.theme import margins, space


class SignScale(QWidget):
    valueChanged = Signal(object)  # int | None

    def __init__(self, name: str, labels: tuple[str, ...],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._labels = labels
        self._value: int | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        set_role(self, "slider")  # one control; the number buttons are its picture
        self.setObjectName("distressScale")  # the theme's focus ring around the whole scale
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAccessibleDescription(
            " ".join(f"{n}: {words}." for n, words in enumerate(labels))
            + " Type a number or use the arrow keys; Delete leaves it out.")
        row = QHBoxLayout(self)
        row.setContentsMargins(margins("xs"))
        row.setSpacing(space("xs"))
        self._group = QButtonGroup(self)
        self._group.setExclusive(False)  # so a value can be cleared
        self.buttons: list[QPushButton] = []
        for n in range(SCALE_MAX + 1):
            button = QPushButton(str(n))
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAccessibleName(f"{n}, {labels[n]}")
            button.setToolTip(labels[n])
            button.setFixedWidth(40)
            button.setProperty("role", "point")
            self._group.addButton(button, n)
            row.addWidget(button)
            self.buttons.append(button)
        self.words = QLabel()
        self.words.setProperty("role", "muted")
        row.addWidget(self.words)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._group.idClicked.connect(self._clicked)
        self._show(None)

    def polish_words(self) -> None:
        """Room for the longest label, in the font the theme gives it, so choosing moves
        nothing and every scale on the page is as wide as the others."""
        self.words.ensurePolished()
        metrics = self.words.fontMetrics()
        self.words.setFixedWidth(max(metrics.horizontalAdvance(t) for t in self._labels) + 6)

    def showEvent(self, event: QShowEvent) -> None:
        self.polish_words()
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange) \
                and hasattr(self, "words"):
            self.polish_words()

    def value(self) -> int | None:
        return self._value

    def setValue(self, value: int | None, *, quiet: bool = False) -> None:
        if value is not None and not 0 <= value <= SCALE_MAX:
            raise ValueError(f"A sign is rated from 0 to {SCALE_MAX}.")
        changed = value != self._value
        self._value = value
        self._show(value)
        if changed and value is not None and self.isVisible() and not quiet:
            announce(self, f"{value}, {self._labels[value]}")
        if changed:
            self.valueChanged.emit(value)

    def _show(self, value: int | None) -> None:
        for n, button in enumerate(self.buttons):
            button.setChecked(n == value)
        words = "Not answered" if value is None else self._labels[value]
        self.words.setText("" if value is None else words)
        self.setAccessibleName(f"{self._name}, 0 to {SCALE_MAX}: "
                               + ("not answered" if value is None
                                  else f"{value}, {self._labels[value]}"))

    def _clicked(self, n: int) -> None:
        self.setValue(None if self._value == n else n)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, text = event.key(), event.text()
        if len(text) == 1 and text.isdigit() and int(text) <= SCALE_MAX:
            self.setValue(int(text))
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Up):
            self.setValue(min(SCALE_MAX, (self._value if self._value is not None else -1) + 1))
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down):
            self.setValue(max(0, (self._value if self._value is not None else 1) - 1))
        elif key == Qt.Key.Key_Home:
            self.setValue(0)
        elif key == Qt.Key.Key_End:
            self.setValue(SCALE_MAX)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.setValue(None)
        else:
            super().keyPressEvent(event)
