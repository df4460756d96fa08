"""Say something to a screen reader without moving focus: an outcome (saved, imported),
a chosen number, a breathing phase. Orca hears it however focus lies."""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget


def announce(widget: QWidget, text: str, *, assertive: bool = False) -> None:
    """Announce `text` from `widget` (which must be alive); polite unless `assertive`."""
    if not text:
        return
    event = QAccessibleAnnouncementEvent(widget, text)
    if assertive:
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
    QAccessible.updateAccessibility(event)
