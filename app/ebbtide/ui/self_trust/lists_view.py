"""Strengths, values and boundaries: the person's own three lists, one shown at a time,
each with a few prompts to start from. Add, change (F2 or Change…), move up and down,
delete; Undo puts back the last change until the person leaves the page."""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLineEdit,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.keys import load_keys
from ebbtide.core.self_lists import ListItem, in_order, moved, next_position
from ebbtide.core.self_trust import LIST_KINDS, MAX_TEXT, SelfTrustWords
from ebbtide.core.self_trust_store import Record
from ebbtide.ui.common.honest_list import HonestList
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.common.roles import set_role
from ebbtide.ui.context import UiContext
from ebbtide.ui.self_trust.layout import IdeaRow
from ebbtide.ui.self_trust.undoable import Undo, Undoable
from ebbtide.ui.theme import margins, space

UID_ROLE = Qt.ItemDataRole.UserRole


class ListsView(Undoable, QWidget):
    changed_list = Signal(str)

    def __init__(self, ctx: UiContext, words: SelfTrustWords) -> None:
        super().__init__()
        self.ctx = ctx
        self.words = words
        self.kind = LIST_KINDS[0]
        self.items: list[ListItem] = []  # all three lists
        self.undo = Undo()
        self._select: str | None = None  # the item to choose after the next reload

        layout = QVBoxLayout(self)
        layout.setContentsMargins(margins(0, "s", 0))
        layout.setSpacing(space("m"))
        choose = QHBoxLayout()
        self.choice = QButtonGroup(self)
        self.choice.setExclusive(True)
        self.kind_buttons: dict[str, QPushButton] = {}
        for kind in LIST_KINDS:
            title = words.lists[kind].title
            button = QPushButton(title)
            button.setCheckable(True)
            button.setAccessibleName(f"{title}: show this list")
            set_role(button, "radio")
            self.choice.addButton(button)
            self.kind_buttons[kind] = button
            choose.addWidget(button)
            button.clicked.connect(lambda _=False, k=kind: self.show_kind(k))
        choose.addStretch(1)
        layout.addLayout(choose)
        self.intro = role_label("", "muted", wrap=True)
        layout.addWidget(self.intro)

        add = QHBoxLayout()
        self.entry = QLineEdit()
        self.entry.setMaxLength(MAX_TEXT)
        self.add_button = QPushButton("&Add")
        self.add_button.setProperty("role", "primary")
        add.addWidget(self.entry, 1)
        add.addWidget(self.add_button)
        layout.addLayout(add)
        self.prompts_row = IdeaRow("To start:", "To start")
        layout.addWidget(self.prompts_row)
        self.prompts_row.chosen.connect(self._use_prompt)

        self.list = HonestList()
        self.list.setMinimumHeight(140)
        self.list.setWordWrap(True)
        self.list.setSpacing(space("xs"))
        self.list.setProperty("role", "roomy")
        self.list.setAlternatingRowColors(True)
        self.empty = role_label("", "muted", wrap=True)  # warm words, above the list
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)

        actions = QHBoxLayout()
        self.edit_button = QPushButton("&Change…")
        self.up_button = QPushButton("Move u&p")
        self.down_button = QPushButton("Move do&wn")
        self.delete_button = QPushButton("&Delete")
        self.undo_button = QPushButton("&Undo")
        self.undo_button.hide()
        self.notice = role_label("", "muted", wrap=True)
        for button in (self.edit_button, self.up_button, self.down_button,
                       self.delete_button):
            actions.addWidget(button)
        actions.addWidget(self.notice, 1)
        actions.addWidget(self.undo_button)
        layout.addLayout(actions)

        self.add_button.clicked.connect(self.add_from_entry)
        self.entry.returnPressed.connect(self.add_from_entry)
        self.entry.textChanged.connect(lambda _t: self._update_buttons())
        self.list.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.list.itemChanged.connect(self._edited)
        self.edit_button.clicked.connect(self.edit_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.delete_button.clicked.connect(self.delete_current)
        self.undo_button.clicked.connect(self.undo_last)
        for sequence in load_keys().sequences("self_trust.delete"):
            keys = QShortcut(QKeySequence(sequence), self.list)
            keys.setContext(Qt.ShortcutContext.WidgetShortcut)
            keys.activated.connect(self.delete_current)
        for sequence in load_keys().sequences("self_trust.move"):
            keys = QShortcut(QKeySequence(sequence), self.list)
            keys.setContext(Qt.ShortcutContext.WidgetShortcut)
            step = -1 if "Up" in sequence else 1
            keys.activated.connect(lambda s=step: self.move_current(s))
        self.show_kind(self.kind)

    # -- showing ---------------------------------------------------------------------------

    def show_kind(self, kind: str) -> None:
        self.kind = kind
        words = self.words.lists[kind]
        self.kind_buttons[kind].setChecked(True)
        self.intro.setText(words.intro)
        noun = words.title.lower()
        self.entry.setPlaceholderText(f"Add to your {noun}…")
        self.entry.setAccessibleName(f"Add to your {noun}")
        self.add_button.setAccessibleName(f"Add it to your {noun}")
        self.list.setAccessibleName(f"Your {noun}")
        self.edit_button.setAccessibleName(f"Change the chosen one of your {noun}")
        self.up_button.setAccessibleName("Move up: earlier in the list")
        self.down_button.setAccessibleName("Move down: later in the list")
        self.delete_button.setAccessibleName(f"Delete the chosen one of your {noun} "
                                             "(can be undone)")
        self.undo_button.setAccessibleName("Undo the last change to your lists")
        self.prompts_row.set_ideas(words.prompts)
        self._fill()
        self.changed_list.emit(kind)

    def set_items(self, items: list[ListItem]) -> None:
        self.items = items
        self._fill()

    def show_locked(self, text: str) -> None:
        self.items = []
        self.list.clear()
        self.empty.setText(text)
        self.add_button.setEnabled(False)

    def current_list(self) -> list[ListItem]:
        return in_order(self.items, self.kind)

    def _fill(self) -> None:
        chosen = self._select or self.current_uid()
        self._select = None
        self.list.blockSignals(True)
        self.list.clear()
        for item in self.current_list():
            row = QListWidgetItem(item.text)
            row.setData(UID_ROLE, item.uid)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsEditable)
            self.list.addItem(row)
        self.list.blockSignals(False)
        if self.list.count():
            self.empty.setText("")
            self.empty.hide()
            if not (chosen and self.select_uid(chosen)):
                self.list.setCurrentRow(0)
        else:
            self.empty.setText(self.words.lists[self.kind].empty)
            self.empty.show()
        self._update_buttons()

    def current_uid(self) -> str | None:
        row = self.list.currentItem()
        return None if row is None else str(row.data(UID_ROLE))

    def current(self) -> ListItem | None:
        uid = self.current_uid()
        return next((i for i in self.items if i.uid == uid), None)

    def select_uid(self, uid: str) -> bool:
        for n in range(self.list.count()):
            if self.list.item(n).data(UID_ROLE) == uid:
                self.list.setCurrentRow(n)
                return True
        return False

    def _update_buttons(self) -> None:
        row = self.list.currentRow()
        has = row >= 0
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        self.up_button.setEnabled(has and row > 0)
        self.down_button.setEnabled(has and row < self.list.count() - 1)
        self.add_button.setEnabled(bool(self.entry.text().strip()))

    def _use_prompt(self, text: str) -> None:
        self.entry.setText(text)
        self.entry.setFocus()

    # -- changing --------------------------------------------------------------------------

    def add_from_entry(self) -> None:
        text = " ".join(self.entry.text().split())
        if not text:
            return
        item = ListItem(text, self.kind, next_position(self.items, self.kind))
        self.entry.clear()
        self._select = item.uid
        self._change([], [item], [item], f"Added to your {self._noun()}.")

    def edit_current(self) -> None:
        row = self.list.currentItem()
        if row is not None:
            self.list.editItem(row)

    def _edited(self, row: QListWidgetItem) -> None:
        item = next((i for i in self.items if i.uid == row.data(UID_ROLE)), None)
        text = " ".join(row.text().split())[:MAX_TEXT]
        if item is None or text == item.text:
            return
        if not text:  # emptied: put the words back rather than keep an empty line
            self.list.blockSignals(True)
            row.setText(item.text)
            self.list.blockSignals(False)
            return
        after = copy.deepcopy(item)
        after.text = text
        self._select = item.uid
        self._change([item], [], [after], "Changed.")

    def move_current(self, step: int) -> None:
        item = self.current()
        if item is None:
            return
        before = copy.deepcopy(self.current_list())
        order = copy.deepcopy(self.current_list())
        changed = moved(order, item.uid, step)
        if not changed:
            return
        self._select = item.uid
        self._change([b for b in before if b.uid in {c.uid for c in changed}], [], changed,
                     "Moved up." if step < 0 else "Moved down.")

    def delete_current(self) -> None:
        item = self.current()
        if item is None:
            return
        self._delete(item)

    def _coming_back(self, back: list[Record]) -> None:
        if back:
            self._select = back[0].uid

    def _after_told(self) -> None:
        if self.isVisible():
            self.list.setFocus()

    def _noun(self) -> str:
        return self.words.lists[self.kind].title.lower()
