"""Accessibility checks shared by the widget tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QTabBar, QWidget


def unnamed_controls(root: QWidget) -> list[str]:
    """Every control a person can reach by keyboard must have an accessible name (its
    own, or the text on a button). Returns descriptions of those that have none."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QLabel) or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        name = widget.accessibleName()
        if not name and isinstance(widget, QAbstractButton):
            name = widget.text().replace("&", "")
        if not name and isinstance(widget, QTabBar) and widget.count():
            # A tab bar is announced by its tabs: each must have a label.
            name = "tabs" if all(widget.tabText(i) for i in range(widget.count())) else ""
        parent = widget.parent()
        # Internal parts of a named composite (a spin box's line edit, a view's viewport).
        if (not name and isinstance(parent, QWidget) and parent.accessibleName()
                and type(widget).__name__ in ("QLineEdit", "QWidget")
                and type(parent).__name__ not in ("QWidget", "QFrame")):
            continue
        if not name:
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing
