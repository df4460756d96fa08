"""Taking a widget out of a page for good."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def discard(widget: QWidget) -> None:
    """Hide, unparent and delete `widget`. Hidden first: a widget just added to a shown
    layout has a "show me" queued, and once unparented that would open it as a window of
    its own (a stray feeling row on the desktop) before the deletion comes round."""
    widget.hide()
    widget.setParent(None)
    widget.deleteLater()
