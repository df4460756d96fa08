"""A label in one of the theme's text roles (title, subtitle, muted, notice): one call
instead of three lines at every heading and hint."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def role_label(text: str = "", role: str = "", *, wrap: bool = False) -> QLabel:
    label = QLabel(text)
    if role:
        label.setProperty("role", role)
    label.setWordWrap(wrap)
    return label
