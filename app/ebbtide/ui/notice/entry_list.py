"""A list of notice entries with search and filters (like the worksheet history's),
open, and delete with undo (the Undo button or Ctrl+Z) until the person leaves the page.
One widget serves both logs; what differs (how a line reads, which filters) is handed in."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.keys import load_keys
from ebbtide.core.notice import Entry, NoticeWords, matches
from ebbtide.ui.common.honest_list import HonestList
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.common.narrow import StackWhenNarrow
from ebbtide.ui.context import UiContext
from ebbtide.ui.operations import logs as logs_ops
from ebbtide.ui.theme import space

DAY = 86_400.0
PERIODS: list[tuple[str, int | None]] = [
    ("Any time", None), ("The last 7 days", 7), ("The last 30 days", 30),
    ("The last year", 365),
]
UID_ROLE = Qt.ItemDataRole.UserRole
LINES = 3  # each entry in the list reads as three lines


@dataclass(frozen=True)
class Filter:
    """A drop-down: 'any' first, then choices made from the entries loaded."""

    accessible_name: str
    any_label: str
    choices: Callable[[list[Entry]], list[tuple[str, object]]]
    keep: Callable[[Entry, object], bool]
    label: str = "Show"  # the visible word before the drop-down, which names it


FILTERS_SIDE_BY_SIDE_FROM = 760  # px of the list's width


class EntryList(QWidget):
    open_requested = Signal(object)  # Entry
    current_changed = Signal(object)  # uid or None
    deleted = Signal()

    def __init__(self, ctx: UiContext, *, noun: str, nouns: str, words: NoticeWords,
                 describe: Callable[[Entry], str], filters: list[Filter],
                 empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.noun = noun
        self.nouns = nouns  # "trigger entries": English plurals are not all an "s"
        self.words = words
        self.describe = describe
        self.filters = filters
        self.empty_text = empty_text
        self.entries: list[Entry] = []
        # Each entry's line, by uid and last change: refilling after a save only
        # describes what changed.
        self._lines: dict[str, tuple[float, str, str]] = {}
        self.last_deleted: str | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(space("s"))
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search what you wrote…")
        self.search.setAccessibleName(f"Search your {nouns}")
        self.search.setClearButtonEnabled(True)
        # The search has its own line, so the filters beside each other fit a measure.
        layout.addWidget(self.search)
        self.combos: list[QComboBox] = []
        for spec in filters:
            combo = QComboBox()
            combo.setAccessibleName(spec.accessible_name)
            # As wide as a dozen letters or so, not as wide as the longest tag.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(13)
            combo.addItem(spec.any_label, None)
            label = QLabel(spec.label)
            label.setBuddy(combo)  # a combo is named by its label, not its current choice
            row.addWidget(label)
            row.addWidget(combo, 1)
            self.combos.append(combo)
        self.period = QComboBox()
        self.period.setAccessibleName(f"Only {nouns} from this time")
        for text, days in PERIODS:
            self.period.addItem(text, days)
        self.period.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.period.setMinimumContentsLength(8)
        when = QLabel("When")
        when.setBuddy(self.period)
        row.addWidget(when)
        row.addWidget(self.period, 1)
        layout.addLayout(row)
        # On a small window the filters stand one above the other, readable.
        StackWhenNarrow(self, row, below=FILTERS_SIDE_BY_SIDE_FROM)

        self.list = HonestList()
        self.list.setAccessibleName(f"Your {nouns}")
        self.list.setAlternatingRowColors(True)
        # Every line is LINES lines of text, cut with "…" rather than wrapped: the list
        # then lays out a year of entries without measuring each one.
        self.list.setWordWrap(False)
        self.list.setUniformItemSizes(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setMinimumHeight(120)
        self.list.setSpacing(space("xs"))
        self.list.setProperty("role", "roomy")
        layout.addWidget(self.list, 1)
        self.empty = role_label("", "muted", wrap=True)
        layout.addWidget(self.empty)

        actions = QHBoxLayout()
        self.open_button = QPushButton("&Open")
        self.open_button.setAccessibleName(f"Open the chosen {noun} to read or change it")
        self.delete_button = QPushButton("&Delete")
        self.delete_button.setAccessibleName(f"Delete the chosen {noun} (can be undone)")
        self.undo_button = QPushButton("&Undo delete")
        self.undo_button.setAccessibleName(f"Undo: bring the deleted {noun} back")
        self.undo_button.hide()
        self.notice = role_label("", "muted")
        actions.addWidget(self.open_button)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        actions.addWidget(self.notice)
        actions.addWidget(self.undo_button)
        layout.addLayout(actions)
        self.action_row = actions  # a log may add its own buttons (after Open and Delete)

        keys = load_keys()
        # Delete only in the list itself (in the search box it deletes letters); undo
        # anywhere in the list's part of the page.
        for sequence in keys.sequences("notice.delete"):
            shortcut = QShortcut(QKeySequence(sequence), self.list)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.delete_current)
        for sequence in keys.sequences("notice.undo"):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.undo_delete)

        self.search.textChanged.connect(self.refresh)
        for combo in (*self.combos, self.period):
            combo.currentIndexChanged.connect(self.refresh)
        self.list.itemActivated.connect(lambda _item: self._open())
        self.list.currentRowChanged.connect(self._row_changed)
        self.open_button.clicked.connect(self._open)
        self.delete_button.clicked.connect(self.delete_current)
        self.undo_button.clicked.connect(self.undo_delete)

    # -- filling ---------------------------------------------------------------------------

    def set_entries(self, entries: list[Entry]) -> None:
        """The entries to list, newest first (the page reads them from the store)."""
        self.entries = entries
        for spec, combo in zip(self.filters, self.combos, strict=True):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(spec.any_label, None)
            for text, key in spec.choices(entries):
                combo.addItem(text, key)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        self.refresh()

    def show_message(self, text: str) -> None:
        """Instead of entries (for example while Ebbtide is locked)."""
        self.entries = []
        self.list.clear()
        self.empty.setText(text)
        self._update_buttons()

    def found(self) -> list[Entry]:
        days = self.period.currentData()
        since = None if days is None else time.time() - float(days) * DAY
        text = self.search.text()
        result = []
        for entry in self.entries:
            if since is not None and entry.occurred_utc < since:
                continue
            if not all(combo.currentData() is None or spec.keep(entry, combo.currentData())
                       for spec, combo in zip(self.filters, self.combos, strict=True)):
                continue
            if not matches(entry, text, self.words):
                continue
            result.append(entry)
        return result

    def refresh(self) -> None:
        current = self.current_uid()
        found = self.found()
        self.list.blockSignals(True)
        self.list.clear()
        for entry in found:
            item = QListWidgetItem(self._line(entry))
            item.setData(UID_ROLE, entry.uid)
            self.list.addItem(item)
        self.list.blockSignals(False)
        filtering = bool(self.search.text().strip()) or any(
            c.currentIndex() > 0 for c in (*self.combos, self.period))
        if found:
            n = len(found)
            self.empty.setText(f"{n} {self.noun if n == 1 else self.nouns}")
            if not (current and self.select_uid(current)):
                self.list.setCurrentRow(0)
        elif filtering:
            self.empty.setText("Nothing matches. Try fewer words or another filter.")
        else:
            self.empty.setText(self.empty_text)
        self._update_buttons()
        self.current_changed.emit(self.current_uid())

    def forget_lines(self) -> None:
        """Describe every entry anew at the next refresh (what the lines show changed
        without the entries changing, such as a worksheet started from one)."""
        self._lines.clear()

    def _line(self, entry: Entry) -> str:
        known = self._lines.get(entry.uid)
        if known is not None and known[:2] == (entry.updated_utc, entry.status):
            return known[2]
        lines = self.describe(entry).split("\n")[:LINES]
        line = "\n".join(lines + [""] * (LINES - len(lines)))
        self._lines[entry.uid] = (entry.updated_utc, entry.status, line)
        return line

    # -- choosing --------------------------------------------------------------------------

    def current_uid(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(UID_ROLE))

    def current(self) -> Entry | None:
        uid = self.current_uid()
        return next((e for e in self.entries if e.uid == uid), None)

    def select_uid(self, uid: str) -> bool:
        for row in range(self.list.count()):
            if self.list.item(row).data(UID_ROLE) == uid:
                self.list.setCurrentRow(row)
                return True
        return False

    def _row_changed(self, _row: int) -> None:
        self._update_buttons()
        self.current_changed.emit(self.current_uid())

    def _update_buttons(self) -> None:
        has = self.list.currentItem() is not None
        self.open_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _open(self) -> None:
        entry = self.current()
        if entry is not None:
            self.open_requested.emit(entry)

    # -- delete and undo ---------------------------------------------------------------------

    def delete_current(self) -> None:
        uid = self.current_uid()
        if uid is None:
            return
        row = self.list.currentRow()

        def deleted(_: None) -> None:
            self.last_deleted = uid
            self.notice.setText(f"The {self.noun} is deleted.")
            self.undo_button.show()
            self.deleted.emit()
            self.list.setCurrentRow(min(row, self.list.count() - 1))
            self.list.setFocus()

        logs_ops.delete_entry(self.ctx, uid, initiator=self, on_success=deleted)

    def undo_delete(self) -> None:
        uid = self.last_deleted
        if uid is None:
            return

        def back(_entry: Entry | None) -> None:
            self.last_deleted = None
            self.notice.setText(f"The {self.noun} is back.")
            self.undo_button.hide()
            self.select_uid(uid)
            self.list.setFocus()

        logs_ops.undelete_entry(self.ctx, uid, initiator=self, on_success=back)

    def forget_undo(self) -> None:
        self.last_deleted = None
        self.undo_button.hide()
        self.notice.setText("")
