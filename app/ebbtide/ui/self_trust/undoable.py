"""Undo on the Trust yourself tabs: the last change kept in memory, a quiet line that says
what happened with an Undo button, and Ctrl+Z. One copy for the three tabs that change
things (promises, the lists, decisions)."""

from __future__ import annotations

import copy
from collections.abc import Sequence

from PySide6.QtWidgets import QLabel, QPushButton

from ebbtide.core.self_trust_store import Record
from ebbtide.ui.common.announce import announce
from ebbtide.ui.context import UiContext
from ebbtide.ui.operations import self_trust as ops


class Undo:
    """The last change on a tab, to put back: (records as they were, records to take
    out). Kept in memory only until the person leaves the page or the lock closes."""

    def __init__(self) -> None:
        self.back: list[Record] = []
        self.remove: list[Record] = []
        self.words = ""

    def remember(self, before: Sequence[Record], made: Sequence[Record], words: str) -> None:
        self.back, self.remove = copy.deepcopy(list(before)), copy.deepcopy(list(made))
        self.words = words

    def forget(self) -> None:
        self.back, self.remove, self.words = [], [], ""

    def __bool__(self) -> bool:
        return bool(self.back or self.remove)


class Undoable:
    """Mixed into a tab (a QWidget with `ctx`, `undo`, `notice` and `undo_button`):
    saving a change, deleting with undo, undoing, and saying each."""

    ctx: UiContext
    undo: Undo
    notice: QLabel
    undo_button: QPushButton

    def _change(self, before: Sequence[Record], made: Sequence[Record],
                save: Sequence[Record], words: str) -> None:
        self.undo.remember(before, made, "Undone.")
        ops.save(self.ctx, save, initiator=self,
                 on_success=lambda _: self._told(words, undo=True))

    def _delete(self, record: Record) -> None:
        self.undo.remember([record], [], "It's back.")
        ops.delete(self.ctx, record, initiator=self,
                   on_success=lambda _: self._told("Deleted.", undo=True))

    def undo_last(self) -> None:
        if not self.undo:
            return
        back, remove, words = self.undo.back, self.undo.remove, self.undo.words
        self.undo.forget()
        self._coming_back(back)
        ops.restore(self.ctx, back, remove, initiator=self,
                    on_success=lambda _: self._told(words, undo=False))

    def _coming_back(self, back: list[Record]) -> None:
        """Before an undo is written: a tab with a list selects what comes back."""

    def _told(self, words: str, *, undo: bool) -> None:
        self.notice.setText(words)
        self.undo_button.setVisible(undo and bool(self.undo))
        announce(self, words)  # type: ignore[arg-type]
        self._after_told()

    def _after_told(self) -> None:
        """After a change is said: a tab with a list gives it the focus back."""

    def forget_undo(self) -> None:
        self.undo.forget()
        self.undo_button.hide()
        self.notice.setText("")
