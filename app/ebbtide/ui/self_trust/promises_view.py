"""Promises to myself: today's small promise (or a few), kept or not yet, and the month
counted kindly. No streaks and no red: a day that didn't go to plan gets warm words, a
promise not kept yet can be carried to today or let go."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, timedelta
from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.keys import load_keys
from ebbtide.core.promises import (
    KEPT,
    LET_GO,
    MAX_PROMISES_A_DAY,
    MONTHS,
    OPEN,
    Promise,
    carried,
    carry_offers,
    month_grid,
    month_words,
)
from ebbtide.core.self_trust import SelfTrustWords, pick_by_day
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.context import UiContext
from ebbtide.ui.operations import self_trust as ops
from ebbtide.ui.self_trust.layout import IdeaRow
from ebbtide.ui.self_trust.undoable import Undo, Undoable
from ebbtide.ui.theme import margins, space

MONTH_MOST_PX = 760
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def day_words(day: date, today: date) -> str:
    if day == today:
        return "Today"
    if day == today - timedelta(days=1):
        return "Yesterday"
    return f"{_DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def _clear(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        inner = item.layout()
        if widget is not None:
            widget.deleteLater()
        elif inner is not None:
            _clear(inner)


class TodayView(Undoable, QWidget):
    """Today's promises, ideas to start from, and yesterday's not-yet ones to carry."""

    listen_requested = Signal()

    def __init__(self, ctx: UiContext, words: SelfTrustWords,
                 today: Callable[[], date]) -> None:
        super().__init__()
        self.ctx = ctx
        self.words = words
        self.today = today
        self.promises: list[Promise] = []  # today's
        self.offers: list[Promise] = []  # earlier ones still "not yet"
        self.undo = Undo()
        self.kept_boxes: dict[str, QCheckBox] = {}
        self._refocus: str | None = None  # the promise whose Kept box had focus

        layout = QVBoxLayout(self)
        layout.setContentsMargins(margins(0, "s", 0))
        layout.setSpacing(space("m"))
        self.heading = role_label("", "heading")
        layout.addWidget(self.heading)
        layout.addWidget(role_label(
            "One small promise to yourself: small enough to keep. Mark it kept when you "
            "have; not yet is fine.", "muted", wrap=True))
        row = QHBoxLayout()
        self.entry = QLineEdit()
        self.entry.setPlaceholderText("A small promise for today…")
        self.entry.setAccessibleName("A small promise for today")
        self.entry.setMaxLength(200)
        self.add_button = QPushButton("&Promise")
        self.add_button.setProperty("role", "primary")
        self.add_button.setAccessibleName("Promise: add it to today")
        row.addWidget(self.entry, 1)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        self.ideas_row = IdeaRow("Ideas:", "Idea")
        layout.addWidget(self.ideas_row)

        self.list_box = QVBoxLayout()
        self.list_box.setSpacing(space("s"))
        layout.addLayout(self.list_box)
        self.status = role_label("", "muted", wrap=True)
        layout.addWidget(self.status)

        self.carry_card = QFrame()
        self.carry_card.setProperty("role", "card")
        carry = QVBoxLayout(self.carry_card)
        carry.setContentsMargins(margins("l", "m"))
        self.carry_words = role_label("", "", wrap=True)
        carry.addWidget(self.carry_words)
        self.carry_box = QVBoxLayout()
        carry.addLayout(self.carry_box)
        layout.addWidget(self.carry_card)

        undo_row = QHBoxLayout()
        self.notice = role_label("", "muted", wrap=True)
        self.undo_button = QPushButton("&Undo")
        self.undo_button.setAccessibleName("Undo the last change to your promises")
        self.undo_button.hide()
        undo_row.addWidget(self.notice, 1)
        undo_row.addWidget(self.undo_button)
        layout.addLayout(undo_row)

        listen = QHBoxLayout()
        self.listen_button = QPushButton("Listen: Small promises")
        self.listen_button.setAccessibleName(
            "Listen: Small promises, a guided meditation about keeping your word to yourself")
        self.listen_button.setToolTip("A guided meditation: be on your own side, and choose "
                                      "one small promise for today")
        listen.addWidget(self.listen_button)
        listen.addStretch(1)
        layout.addLayout(listen)
        layout.addStretch(1)

        self.add_button.clicked.connect(self.add_from_entry)
        self.entry.returnPressed.connect(self.add_from_entry)
        self.entry.textChanged.connect(lambda _t: self._update_add())
        self.ideas_row.chosen.connect(self._use_idea)
        self.undo_button.clicked.connect(self.undo_last)
        self.listen_button.clicked.connect(self.listen_requested.emit)
        self.ideas_row.set_ideas(self.words.suggestions)

    # -- showing ---------------------------------------------------------------------------

    def set_promises(self, near: list[Promise]) -> None:
        """Promises from the last few days to today (the page reads them)."""
        today = self.today()
        self.heading.setText(f"Today, {day_words(today, today + timedelta(days=2))}")
        self.promises = [p for p in near if p.day == today.isoformat()]
        self.offers = carry_offers(near, today)
        _clear(self.list_box)
        self.kept_boxes = {}
        for promise in self.promises:
            row = self._promise_row(promise)
            self.list_box.addWidget(row)
            row.show()  # at once, not on the next turn: focus may go straight to it
        box = self.kept_boxes.get(self._refocus or "")
        if box is not None:  # the rows are made anew: keep the keyboard where it was
            box.setFocus()
        self._refocus = None
        kept = [p for p in self.promises if p.kept]
        if not self.promises:
            self.status.setText(self.words.empty)
        elif len(kept) == len(self.promises):
            self.status.setText(pick_by_day(self.words.kept, today))
        elif kept:
            self.status.setText(f"{len(kept)} of {len(self.promises)} kept so far today. "
                                + pick_by_day(self.words.kept, today))
        else:
            self.status.setText("Not yet is fine: there is still today.")
        self._show_offers(today)
        self._update_add()
        self._order_tabs()

    def _order_tabs(self) -> None:
        """Rows made after the view come last in the window's Tab order: put them back
        where they are seen, between the ideas and the Listen button."""
        chain: list[QWidget] = [self.ideas_row.more]
        for row in (self.list_box.itemAt(n) for n in range(self.list_box.count())):
            widget = row.widget() if row is not None else None
            if widget is not None:
                chain += widget.findChildren(QCheckBox) + widget.findChildren(QPushButton)
        for n in range(self.carry_box.count()):
            item = self.carry_box.itemAt(n)
            widget = item.widget() if item is not None else None
            if widget is not None:
                chain += widget.findChildren(QPushButton)
        chain += [self.undo_button, self.listen_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def show_locked(self, text: str) -> None:
        self.promises, self.offers = [], []
        _clear(self.list_box)
        _clear(self.carry_box)
        self.carry_card.hide()
        self.status.setText(text)
        self.add_button.setEnabled(False)

    def _promise_row(self, promise: Promise) -> QWidget:
        row = QFrame()
        row.setProperty("role", "card")
        line = QHBoxLayout(row)
        line.setContentsMargins(margins("m", "s"))
        text = role_label(promise.text, "strong" if promise.kept else "", wrap=True)
        text.setTextFormat(Qt.TextFormat.PlainText)
        kept = QCheckBox("Kept")
        kept.setChecked(promise.kept)
        kept.setAccessibleName(f"Kept: {promise.text}")
        kept.setToolTip("Tick it when you have kept it. Not yet is fine.")
        self.kept_boxes[promise.uid] = kept
        delete = QPushButton("Remove")
        delete.setAccessibleName(f"Remove this promise: {promise.text}")
        line.addWidget(text, 1)
        line.addWidget(kept)
        line.addWidget(delete)
        kept.toggled.connect(lambda on, p=promise: self.mark(p, on))
        delete.clicked.connect(lambda _=False, p=promise: self.remove(p))
        return row

    def _show_offers(self, today: date) -> None:
        _clear(self.carry_box)
        if not self.offers:
            self.carry_card.hide()
            return
        self.carry_card.show()
        self.carry_words.setText(
            "Not kept yet from the last few days. " + pick_by_day(self.words.not_yet, today)
            + " Carry one to today, or let it go.")
        for promise in self.offers:
            holder = QWidget()
            line = QHBoxLayout(holder)
            line.setContentsMargins(0, 0, 0, 0)
            when = day_words(date.fromisoformat(promise.day), today)
            text = role_label(f"{when}: {promise.text}", "", wrap=True)
            text.setTextFormat(Qt.TextFormat.PlainText)
            carry = QPushButton("Carry to today")
            carry.setAccessibleName(f"Carry to today: {promise.text}")
            let_go = QPushButton("Let it go")
            let_go.setAccessibleName(f"Let it go: {promise.text}")
            line.addWidget(text, 1)
            line.addWidget(carry)
            line.addWidget(let_go)
            self.carry_box.addWidget(holder)
            holder.show()
            carry.clicked.connect(lambda _=False, p=promise: self.carry(p))
            let_go.clicked.connect(lambda _=False, p=promise: self.let_go(p))

    def _use_idea(self, text: str) -> None:
        # Into the box, not straight in: the promise is theirs to shape.
        self.entry.setText(text)
        self.entry.setFocus()

    def _update_add(self) -> None:
        room = sum(1 for p in self.promises if p.state == OPEN or p.kept) < MAX_PROMISES_A_DAY
        self.add_button.setEnabled(room and bool(self.entry.text().strip()))
        self.entry.setEnabled(room)
        self.entry.setPlaceholderText("A small promise for today…" if room else
                                      "That's plenty for one day.")

    # -- changing --------------------------------------------------------------------------

    def add_from_entry(self) -> None:
        text = " ".join(self.entry.text().split())
        if not text or not self.add_button.isEnabled():
            return
        promise = Promise(text, self.today().isoformat())
        self.entry.clear()
        self._change([], [promise], [promise], f"Promised: {text}.")

    def mark(self, promise: Promise, kept: bool) -> None:
        after = copy.deepcopy(promise)
        after.state = KEPT if kept else OPEN
        self._refocus = promise.uid
        words = ("Kept. " + pick_by_day(self.words.kept, self.today())) if kept \
            else "Marked not yet."
        self._change([promise], [], [after], words)

    def remove(self, promise: Promise) -> None:
        self.undo.remember([promise], [], "The promise is back.")
        ops.delete(self.ctx, promise, initiator=self,
                   on_success=lambda _: self._told("Removed.", undo=True))

    def carry(self, promise: Promise) -> None:
        old, new = carried(promise, self.today())
        self._change([promise], [new], [old, new], "Carried to today.")

    def let_go(self, promise: Promise) -> None:
        after = copy.deepcopy(promise)
        after.state = LET_GO
        self._change([promise], [], [after], self.words.let_go)


class MonthView(QWidget):
    """The month as a calendar: each day a promise was kept has a soft background and
    how many; nothing marks a day without one. One sentence says what was kept."""

    month_changed = Signal()

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__()
        self.today = today
        now = today()
        self.year, self.month = now.year, now.month
        self.setMaximumWidth(MONTH_MOST_PX)  # a calendar, not a banner, on a wide screen
        layout = QVBoxLayout(self)
        layout.setContentsMargins(margins(0, "s", 0))
        layout.setSpacing(space("m"))
        top = QHBoxLayout()
        self.earlier = QPushButton("‹ &Earlier")
        self.earlier.setAccessibleName("Earlier: the month before")
        self.title = role_label("", "heading")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.later = QPushButton("&Later ›")
        self.later.setAccessibleName("Later: the month after")
        top.addWidget(self.earlier)
        top.addWidget(self.title, 1)
        top.addWidget(self.later)
        layout.addLayout(top)
        self.summary = role_label("", "subtitle", wrap=True)
        layout.addWidget(self.summary)
        self.grid_box = QWidget()
        # Kept days: a soft background and a thin accent line, both the theme's.
        self.grid_box.setProperty("role", "month")
        self.grid = QGridLayout(self.grid_box)
        self.grid.setSpacing(space("xs"))
        self.grid.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.grid_box)
        layout.addWidget(role_label(
            "A soft background marks a day you kept a promise to yourself. Days without "
            "one are simply days.", "muted", wrap=True))
        layout.addStretch(1)
        self.earlier.clicked.connect(lambda: self.step_month(-1))
        self.later.clicked.connect(lambda: self.step_month(1))
        keys = load_keys()
        for sequence in keys.sequences("self_trust.month"):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            step = -1 if "Left" in sequence else 1
            shortcut.activated.connect(lambda s=step: self.step_month(s))

    def step_month(self, step: int) -> None:
        month = self.month - 1 + step
        year, month = self.year + month // 12, month % 12 + 1
        now = self.today()
        if (year, month) > (now.year, now.month):
            return
        self.year, self.month = year, month
        self.month_changed.emit()

    def range(self) -> tuple[str, str]:
        first = date(self.year, self.month, 1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return first.isoformat(), last.isoformat()

    def set_kept(self, kept_by_day: dict[str, int]) -> None:
        now = self.today()
        self.title.setText(f"{MONTHS[self.month - 1]} {self.year}")
        self.later.setEnabled((self.year, self.month) < (now.year, now.month))
        total = sum(kept_by_day.values())
        self.summary.setText(month_words(total, self.year, self.month, now))
        _clear(self.grid)
        for column, name in enumerate(WEEKDAYS):
            head = role_label(name, "muted")
            head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.grid.addWidget(head, 0, column)
        for row, week in enumerate(month_grid(self.year, self.month), start=1):
            for column, day in enumerate(week):
                if day == 0:
                    continue
                n = kept_by_day.get(f"{self.year:04d}-{self.month:02d}-{day:02d}", 0)
                cell = QLabel(f"{day}\n{n} kept" if n else f"{day}\n")
                cell.setAlignment(Qt.AlignmentFlag.AlignCenter)
                cell.setMinimumHeight(44)
                if n:
                    cell.setProperty("role", "notice")
                if date(self.year, self.month, day) == now:
                    cell.setText(cell.text().replace(f"{day}\n", f"{day} today\n", 1))
                    if not n:
                        cell.setProperty("role", "strong")
                self.grid.addWidget(cell, row, column)
        for column in range(7):
            self.grid.setColumnStretch(column, 1)

    def show_locked(self, text: str) -> None:
        _clear(self.grid)
        self.summary.setText(text)


