"""A disclosure: a quiet text button ("Why this helps") that opens and closes the words
beneath it. Sources and studies live here, so a page leads with one warm line instead of
an academic paragraph. Reached with Tab, opened with Space or Enter; a screen reader hears
its name and whether it is expanded (see ui.common.roles, "disclosure")."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleStateChangeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ebbtide.ui.common.roles import set_role
from ebbtide.ui.theme import space

CLOSED, OPEN = "▸", "▾"


class Disclosure(QWidget):
    toggled = Signal(bool)

    def __init__(self, label: str = "Why this helps", text: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(space("xs"))
        self.button = QPushButton()
        self.button.setProperty("role", "text")
        self.button.setCheckable(True)
        self.button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.button.setAccessibleName(label)  # the arrow is a picture, not a word
        set_role(self.button, "disclosure")
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        self.body = QLabel(text)
        self.body.setWordWrap(True)
        self.body.setProperty("role", "caption")
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setAccessibleName(label)
        self.body.hide()
        layout.addWidget(self.body)
        self.button.toggled.connect(self._toggled)
        self._show_arrow(False)

    def set_text(self, text: str) -> None:
        self.body.setText(text)
        self.body.setAccessibleDescription(text)

    def text(self) -> str:
        return self.body.text()

    def is_open(self) -> bool:
        return self.button.isChecked()

    def set_open(self, on: bool) -> None:
        self.button.setChecked(on)

    def _show_arrow(self, on: bool) -> None:
        self.button.setText(f"{OPEN if on else CLOSED}  {self.label}")

    def _toggled(self, on: bool) -> None:
        self._show_arrow(on)
        self.body.setVisible(on)
        # A screen reader hears "expanded" or "collapsed" at once.
        changed = QAccessible.State()
        changed.expanded = True
        changed.collapsed = True
        QAccessible.updateAccessibility(QAccessibleStateChangeEvent(self.button, changed))
        self.toggled.emit(on)
