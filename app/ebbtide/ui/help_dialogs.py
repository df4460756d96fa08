"""Welcome (shown once, then from Help), Help with the keyboard shortcuts, and crisis
lines: words from resources/content/help.toml."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.help_text import HelpSection, load_help_text
from ebbtide.core.paths import AppPaths
from ebbtide.ui.common.labels import role_label


class _TextDialog(QDialog):
    def __init__(self, section: HelpSection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(section.title)
        self.setAccessibleName(section.title)
        self.setMinimumWidth(560)
        self.body_layout = QVBoxLayout(self)
        self.body_layout.setContentsMargins(28, 24, 28, 20)
        self.body_layout.setSpacing(14)
        heading = role_label(section.title, "title")
        self.body_layout.addWidget(heading)
        self.body = QLabel(section.body)
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setAccessibleName(section.title)
        self.body_layout.addWidget(self.body)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self.accept)


class WelcomeDialog(_TextDialog):
    def __init__(self, paths: AppPaths, on_crisis: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(load_help_text().welcome, parent)
        where = role_label(f"Your data is kept in:\n{paths.data_dir}", "muted", wrap=True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.setAccessibleName("Where your data is kept")
        self.body_layout.addWidget(where)
        crisis = QPushButton("If you need help now")
        crisis.setAccessibleName("Crisis help: phone lines you can reach now")
        crisis.clicked.connect(on_crisis)
        self.body_layout.addWidget(crisis, 0, Qt.AlignmentFlag.AlignLeft)
        begin = self.buttons.addButton("Begin", QDialogButtonBox.ButtonRole.AcceptRole)
        begin.setProperty("role", "primary")
        begin.setAccessibleName("Begin")
        begin.setDefault(True)
        self._begin = begin
        self.buttons.removeButton(self.buttons.button(QDialogButtonBox.StandardButton.Close))
        self.body_layout.addWidget(self.buttons)


    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._begin.setFocus()  # Enter begins; the crisis button is one Tab away


class HelpDialog(_TextDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        text = load_help_text()
        super().__init__(text.help, parent)
        keys = QFormLayout()
        keys.setHorizontalSpacing(24)
        for combo, does in text.shortcuts:
            label = role_label(combo, "muted")
            keys.addRow(label, QLabel(does))
        self.body_layout.addLayout(keys)
        self.body_layout.addWidget(self.buttons)


class CrisisDialog(_TextDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(load_help_text().crisis, parent)
        self.body_layout.addWidget(self.buttons)
