"""A disclosure: a quiet text button ("Why this helps") that opens and closes the words
beneath it. Sources and studies live here, so a page leads with one warm line instead of
an academic paragraph. Reached with Tab, opened with Space or Enter; a screen reader hears
its name and whether it is expanded (see ui.common.roles, "disclosure")."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleStateChangeEvent,
    QIcon,
    QPainter,
    QPalette,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ebbtide.ui.common.roles import set_role
from ebbtide.ui.theme import space

ARROW_PX = 10


def arrow_icon(colour: QPalette, open_: bool) -> QIcon:
    """A small triangle, pointing right (closed) or down (open), in the link colour: a
    picture, so a screen reader hears the words and the state, not "triangle"."""
    pixmap = QPixmap(ARROW_PX * 2, ARROW_PX * 2)  # drawn at twice the size, for sharpness
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour.color(QPalette.ColorRole.Link))
    s = ARROW_PX * 2
    points = ([QPointF(s * 0.15, s * 0.3), QPointF(s * 0.85, s * 0.3), QPointF(s * 0.5, s * 0.75)]
              if open_ else
              [QPointF(s * 0.3, s * 0.15), QPointF(s * 0.75, s * 0.5), QPointF(s * 0.3, s * 0.85)])
    painter.drawPolygon(QPolygonF(points))
    painter.end()
    return QIcon(pixmap)


class Disclosure(QWidget):
    toggled = Signal(bool)

    def __init__(self, label: str = "Why this helps", text: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(space("xs"))
        self.button = QPushButton(label)
        self.button.setProperty("role", "text")
        self.button.setIconSize(QSize(ARROW_PX, ARROW_PX))
        self.button.setCheckable(True)
        self.button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        set_role(self.button, "disclosure")
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        self.body = QLabel(text)
        self.body.setWordWrap(True)
        self.body.setProperty("role", "muted")  # body size: a paragraph to read, not small print
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # No fixed name: a label's name is the words it shows (see DEVELOPING, UI).
        self.body.hide()
        layout.addWidget(self.body)
        self.button.toggled.connect(self._toggled)
        self._show_arrow(False)

    def set_text(self, text: str) -> None:
        self.body.setText(text)

    def text(self) -> str:
        return self.body.text()

    def is_open(self) -> bool:
        return self.button.isChecked()

    def set_open(self, on: bool) -> None:
        self.button.setChecked(on)

    def _show_arrow(self, on: bool) -> None:
        self.button.setIcon(arrow_icon(self.button.palette(), on))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:  # another theme: the arrow follows
            self._show_arrow(self.is_open())
        super().changeEvent(event)

    def _toggled(self, on: bool) -> None:
        self._show_arrow(on)
        self.body.setVisible(on)
        # A screen reader hears "expanded" or "collapsed" at once.
        changed = QAccessible.State()
        changed.expanded = True
        changed.collapsed = True
        QAccessible.updateAccessibility(QAccessibleStateChangeEvent(self.button, changed))
        self.toggled.emit(on)
