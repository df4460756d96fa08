"""A page's steps, named: which view shows is a step of the page's own enum, never found
by asking the stack which widget it holds."""

from __future__ import annotations

from enum import Enum
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QStackedWidget, QWidget


class StepStack(QStackedWidget):
    """One view per step; `step` says where the page is, `show_step` moves it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._views: dict[Any, QWidget] = {}
        self._step: Enum | None = None

    def add_step(self, step: Enum, view: QWidget) -> QWidget:
        self._views[step] = view
        self.addWidget(view)
        if self._step is None:
            self._step = step
        return view

    def show_step(self, step: Enum) -> None:
        self._step = step
        view = self._views[step]
        focused = QApplication.focusWidget()
        leaving = (focused is not None and self.isAncestorOf(focused)
                   and not view.isAncestorOf(focused))
        if leaving and focused is not None:
            # Hiding the focused step would lend focus to the next control in the window
            # (the page list) for a moment, and a screen reader would say so: let go first.
            # The page then focuses what the new step needs, or else its first control.
            focused.clearFocus()
        self.setCurrentWidget(view)
        if leaving:
            QTimer.singleShot(0, lambda: self._focus_if_lost(view))

    def _focus_if_lost(self, view: QWidget) -> None:
        if QApplication.focusWidget() is None and self.currentWidget() is view:
            view.focusNextChild()

    @property
    def step(self) -> Enum | None:
        return self._step

    def view(self, step: Enum) -> QWidget:
        return self._views[step]
