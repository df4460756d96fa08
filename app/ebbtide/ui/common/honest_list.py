"""A list that tells a screen reader it has focus only when it does.

Qt reports a list's current item as focused even while focus is somewhere else, so the
page list, the breathing patterns and the meditations each claimed focus next to whatever
the person was really on. `HonestList` keeps its current item to itself while it has no
focus (Qt's selection model has none, which is what the screen reader asks), and gives it
back the moment focus or a key returns. Code asking `currentRow()` or `currentItem()` still
gets the remembered one, and nothing is announced as changed on the way."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, QSignalBlocker
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

_QUIET = QItemSelectionModel.SelectionFlag.NoUpdate


class HonestList(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kept = QPersistentModelIndex()

    # -- what the rest of the app sees: the current item, focused or not ---------------------

    def currentIndex(self) -> QModelIndex:
        real = super().currentIndex()
        if real.isValid() or not self._kept.isValid():
            return real
        return self.model().index(self._kept.row(), self._kept.column())

    def currentRow(self) -> int:
        return self.currentIndex().row()

    def currentItem(self) -> QListWidgetItem | None:  # type: ignore[override]
        index = self.currentIndex()
        return self.item(index.row()) if index.isValid() else None

    def setCurrentRow(self, row: int) -> None:  # type: ignore[override]
        self._kept = QPersistentModelIndex()
        super().setCurrentRow(row)
        self._step_aside()

    def setCurrentItem(self, item: QListWidgetItem) -> None:  # type: ignore[override]
        self._kept = QPersistentModelIndex()
        super().setCurrentItem(item)
        self._step_aside()

    # -- focus ------------------------------------------------------------------------------

    def _step_aside(self) -> None:
        """Without focus: remember the current item, and let Qt have none."""
        if self.hasFocus() or self.window().focusWidget() is self:
            return
        real = super().currentIndex()
        if not real.isValid():
            return
        self._kept = QPersistentModelIndex(real)
        with QSignalBlocker(self.selectionModel()):
            self.selectionModel().setCurrentIndex(QModelIndex(), _QUIET)
        self.viewport().update()

    def _step_back(self) -> None:
        if super().currentIndex().isValid() or not self._kept.isValid():
            return
        index = self.model().index(self._kept.row(), self._kept.column())
        self._kept = QPersistentModelIndex()
        # Before Qt's own handling, which would otherwise make the first row current.
        with QSignalBlocker(self.selectionModel()):
            self.selectionModel().setCurrentIndex(index, _QUIET)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._step_back()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._step_aside()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Keys can reach the list before it is told it has focus (a window that was never
        # activated, as without a window manager).
        self._step_back()
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._step_back()
        super().mousePressEvent(event)
