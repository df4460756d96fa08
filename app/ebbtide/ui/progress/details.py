"""A small window with one session's facts, opened by clicking it on a Progress chart."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ebbtide.ui.theme import space


class SessionDetailsDialog(QDialog):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("A session")
        self.setAccessibleName("Session details")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(space("xl"), space("l"), space("xl"), space("l"))
        lines = text.split("\n")
        heading = QLabel(lines[0])
        heading.setProperty("role", "subtitle")
        heading.setAccessibleName(lines[0])
        layout.addWidget(heading)
        self.body = QLabel("\n".join(lines[1:]))
        self.body.setWordWrap(True)
        layout.addWidget(self.body)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close")
        layout.addWidget(buttons)
        self.setMinimumWidth(320)
