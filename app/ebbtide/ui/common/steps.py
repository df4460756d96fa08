"""A page's steps, named: which view shows is a step of the page's own enum, never found
by asking the stack which widget it holds."""

from __future__ import annotations

from enum import Enum
from typing import Any

from PySide6.QtWidgets import QStackedWidget, QWidget


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
        self.setCurrentWidget(self._views[step])

    @property
    def step(self) -> Enum | None:
        return self._step

    def view(self, step: Enum) -> QWidget:
        return self._views[step]
