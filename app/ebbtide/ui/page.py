"""The shape every page has. A page shows the core and sends it intents; it stops its
exercise and its sound when it is hidden, and on quit."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtWidgets import QWidget

from ebbtide.ui.context import UiContext
from ebbtide.ui.operations import ChangeNotice


class Page(QWidget):
    #: Shown in the navigation and the window title.
    title: ClassVar[str] = ""
    #: How wide the page grows on a wide window: a measure token of the theme
    #: (resources/themes/tokens.toml): "text" for one column, "wide" for a list beside
    #: a reading column, "charts" for Progress. Beyond it the page is centred.
    measure: ClassVar[str] = "text"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAccessibleName(self.title)
        ctx.ops.changed.connect(self.data_changed)

    def data_changed(self, notice: ChangeNotice) -> None:
        """Something was saved or changed (see ui/operations). Refresh what it touches."""

    def page_shown(self) -> None:
        """Called each time the person comes to this page."""

    def page_hidden(self) -> None:
        """Called when the person leaves this page: stop anything running, stop sound."""

    def shutting_down(self) -> None:
        """Called once when the app quits. By default the same as leaving the page."""
        self.page_hidden()

    def start_practice(self, options: dict[str, object]) -> None:
        """Another page asked to begin something here (see UiContext.practice_requested).
        By default, arriving on the page is enough."""

    def busy(self) -> bool:
        """True while an exercise is running (a stop key should stop it first)."""
        return False
