"""The decision log: a decision made in line with a value (picked from the person's
values or typed), the day; after a while, how it turned out. A gentle prompt offers the
ones ready to look back on; a short summary says how many held up, kindly."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.decisions import Decision, due, summary
from ebbtide.core.keys import load_keys
from ebbtide.core.promises import MONTHS
from ebbtide.core.self_trust import MAX_NOTE, MAX_TEXT, OUTCOMES, SelfTrustWords
from ebbtide.core.self_trust_store import Record
from ebbtide.ui.common.honest_list import HonestList
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.common.narrow import StackWhenNarrow
from ebbtide.ui.context import UiContext
from ebbtide.ui.self_trust.undoable import Undo, Undoable
from ebbtide.ui.theme import margins, space

UID_ROLE = Qt.ItemDataRole.UserRole
PREVIEW = 90
FORM_MOST_PX = 980  # a form to fill, not a banner, on a wide screen
SIDE_BY_SIDE_FROM = 860  # px: the list and the look-back side by side


def _day(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day} {MONTHS[d.month - 1][:3]} {d.year}"


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= PREVIEW else line[: PREVIEW - 1] + "…"


def describe(decision: Decision, words: SelfTrustWords, today: date) -> str:
    head = [_day(decision.decided_on)]
    if decision.value.strip():
        head.append(f"in line with {_short(decision.value)}")
    if decision.outcome:
        head.append(words.outcomes[decision.outcome].lower())
    elif decision.due_for_look_back(today):
        head.append("ready to look back on")
    lines = [" · ".join(head), _short(decision.decision)]
    if decision.note.strip():
        lines.append(f"“{_short(decision.note)}”")
    return "\n".join(lines)


class DecisionsView(Undoable, QWidget):
    def __init__(self, ctx: UiContext, words: SelfTrustWords,
                 today: Callable[[], date]) -> None:
        super().__init__()
        self.ctx = ctx
        self.words = words
        self.today = today
        self.decisions: list[Decision] = []
        self.undo = Undo()
        self._select: str | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(margins(0, "s", 0))
        layout.setSpacing(space("m"))
        layout.addWidget(role_label(words.decisions_intro, "muted", wrap=True))
        card = QFrame()
        card.setProperty("role", "card")
        form = QFormLayout(card)
        form.setContentsMargins(margins("l", "m"))
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        card.setMaximumWidth(FORM_MOST_PX)
        self.decision_entry = QLineEdit()
        self.decision_entry.setMaxLength(MAX_TEXT)
        self.decision_entry.setPlaceholderText("I said no to…, I asked for…, I left when…")
        self.decision_entry.setAccessibleName("What I decided")
        form.addRow("What I &decided", self.decision_entry)
        self.value_entry = QComboBox()
        self.value_entry.setEditable(True)
        self.value_entry.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.value_entry.setAccessibleName("In line with which value: choose or type")
        self.value_entry.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.value_entry.setMinimumContentsLength(16)
        line = self.value_entry.lineEdit()
        assert line is not None
        line.setMaxLength(MAX_TEXT)
        line.setPlaceholderText("One of your values, or type one")
        form.addRow("In line &with", self.value_entry)
        when = QHBoxLayout()
        self.date_entry = QDateEdit()
        self.date_entry.setCalendarPopup(True)
        self.date_entry.setDisplayFormat("d MMM yyyy")
        self.date_entry.setAccessibleName("When I decided")
        self.add_button = QPushButton("&Note this decision")
        self.add_button.setProperty("role", "primary")
        self.add_button.setAccessibleName("Note this decision")
        when.addWidget(self.date_entry)
        when.addStretch(1)
        when.addWidget(self.add_button)
        when_label = QLabel("W&hen")
        when_label.setBuddy(self.date_entry)
        form.addRow(when_label, when)
        layout.addWidget(card)

        self.due_note = role_label("", "notice", wrap=True)
        layout.addWidget(self.due_note)
        self.summary = role_label("", "subtitle", wrap=True)
        layout.addWidget(self.summary)
        self.empty = role_label("", "muted", wrap=True)  # warm words, where the list goes
        layout.addWidget(self.empty)

        body = QHBoxLayout()
        self.list = HonestList()
        self.list.setAccessibleName("Your decisions")
        self.list.setMinimumHeight(150)
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)
        self.list.setSpacing(space("xs"))
        self.list.setProperty("role", "roomy")
        body.addWidget(self.list, 3)
        self.look = QFrame()
        self.look.setProperty("role", "card")
        look = QVBoxLayout(self.look)
        look.setContentsMargins(margins("l", "m"))
        self.look_title = role_label("How did it turn out?", "strong", wrap=True)
        look.addWidget(self.look_title)
        self.look_hint = role_label("", "muted", wrap=True)
        look.addWidget(self.look_hint)
        self.outcome_group = QButtonGroup(self)
        self.outcome_buttons: dict[str, QRadioButton] = {}
        for outcome in OUTCOMES:
            radio = QRadioButton(words.outcomes[outcome])
            radio.setAccessibleName(f"It turned out: {words.outcomes[outcome]}")
            self.outcome_group.addButton(radio)
            self.outcome_buttons[outcome] = radio
            look.addWidget(radio)
        self.note_entry = QLineEdit()
        self.note_entry.setMaxLength(MAX_NOTE)
        self.note_entry.setPlaceholderText("A few words on how it went (optional)")
        self.note_entry.setAccessibleName("How it went, in a few words (optional)")
        look.addWidget(self.note_entry)
        self.look_button = QPushButton("&Save how it went")
        self.look_button.setAccessibleName("Save how it went")
        look.addWidget(self.look_button)
        look.addStretch(1)
        body.addWidget(self.look, 2)
        layout.addLayout(body, 1)
        StackWhenNarrow(self, body, below=SIDE_BY_SIDE_FROM)

        actions = QHBoxLayout()
        self.delete_button = QPushButton("&Delete")
        self.delete_button.setAccessibleName("Delete the chosen decision (can be undone)")
        self.undo_button = QPushButton("&Undo")
        self.undo_button.setAccessibleName("Undo the last change to your decisions")
        self.undo_button.hide()
        self.notice = role_label("", "muted", wrap=True)
        actions.addWidget(self.delete_button)
        actions.addWidget(self.notice, 1)
        actions.addWidget(self.undo_button)
        layout.addLayout(actions)

        self.add_button.clicked.connect(self.add_from_form)
        self.decision_entry.returnPressed.connect(self.add_from_form)
        self.decision_entry.textChanged.connect(lambda _t: self._update_buttons())
        self.list.currentRowChanged.connect(lambda _r: self._chosen())
        self.outcome_group.buttonToggled.connect(lambda *_a: self._update_buttons())
        self.look_button.clicked.connect(self.save_look_back)
        self.delete_button.clicked.connect(self.delete_current)
        self.undo_button.clicked.connect(self.undo_last)
        for sequence in load_keys().sequences("self_trust.delete"):
            keys = QShortcut(QKeySequence(sequence), self.list)
            keys.setContext(Qt.ShortcutContext.WidgetShortcut)
            keys.activated.connect(self.delete_current)
        self.reset_date()
        self._chosen()

    def reset_date(self) -> None:
        today = self.today()
        self.date_entry.setMaximumDate(QDate(today.year, today.month, today.day))
        self.date_entry.setDate(QDate(today.year, today.month, today.day))

    # -- showing ---------------------------------------------------------------------------

    def set_decisions(self, decisions: list[Decision], values: list[str]) -> None:
        self.decisions = decisions
        typed = self.value_entry.currentText()
        self.value_entry.blockSignals(True)
        self.value_entry.clear()
        self.value_entry.addItems(values)
        self.value_entry.setEditText(typed)
        self.value_entry.blockSignals(False)
        today = self.today()
        chosen = self._select or self.current_uid()
        self._select = None
        self.list.blockSignals(True)
        self.list.clear()
        for decision in decisions:
            row = QListWidgetItem(describe(decision, self.words, today))
            row.setData(UID_ROLE, decision.uid)
            self.list.addItem(row)
        self.list.blockSignals(False)
        ready = due(decisions, today)
        if ready:
            n = len(ready)
            self.due_note.setText(
                f"{n} decision{'s are' if n != 1 else ' is'} ready to look back on. "
                + self.words.look_back)
            self.due_note.show()
        else:
            self.due_note.hide()
        self.summary.setText(summary(decisions))
        self.summary.setVisible(bool(decisions))
        self.list.setVisible(bool(decisions))
        self.delete_button.setVisible(bool(decisions))
        if decisions:
            self.empty.hide()
            first_due = ready[-1].uid if ready else None  # the oldest waiting
            if not ((chosen and self.select_uid(chosen))
                    or (first_due and self.select_uid(first_due))):
                self.list.setCurrentRow(0)
        else:
            self.empty.setText(self.words.decisions_empty)
            self.empty.show()
        self._chosen()

    def show_locked(self, text: str) -> None:
        self.decisions = []
        self.list.clear()
        self.due_note.hide()
        self.summary.hide()
        self.list.hide()
        self.empty.setText(text)
        self.empty.show()
        self._chosen()

    def current_uid(self) -> str | None:
        row = self.list.currentItem()
        return None if row is None else str(row.data(UID_ROLE))

    def current(self) -> Decision | None:
        uid = self.current_uid()
        return next((d for d in self.decisions if d.uid == uid), None)

    def select_uid(self, uid: str) -> bool:
        for n in range(self.list.count()):
            if self.list.item(n).data(UID_ROLE) == uid:
                self.list.setCurrentRow(n)
                return True
        return False

    def _chosen(self) -> None:
        decision = self.current()
        self.look.setVisible(decision is not None)
        if decision is not None:
            self.outcome_group.setExclusive(False)
            for outcome, radio in self.outcome_buttons.items():
                radio.setChecked(outcome == decision.outcome)
            self.outcome_group.setExclusive(True)
            self.note_entry.setText(decision.note)
            if decision.outcome == "not-hoped":
                self.look_hint.setText(self.words.not_hoped)
            elif decision.looked_back:
                looked = decision.looked_back_on or decision.decided_on
                self.look_hint.setText(f"Looked back on {_day(looked)}.")
            elif decision.due_for_look_back(self.today()):
                self.look_hint.setText("Ready to look back on, whenever you like.")
            else:
                self.look_hint.setText("You can look back whenever you like; it will be "
                                       "offered in a couple of weeks.")
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.current() is not None
        self.delete_button.setEnabled(has)
        self.look_button.setEnabled(has and self.outcome_group.checkedButton() is not None)
        self.add_button.setEnabled(bool(self.decision_entry.text().strip()))

    # -- changing --------------------------------------------------------------------------

    def add_from_form(self) -> None:
        text = " ".join(self.decision_entry.text().split())
        if not text:
            return
        picked = self.date_entry.date()
        decision = Decision(text, " ".join(self.value_entry.currentText().split()),
                            date(picked.year(), picked.month(), picked.day()).isoformat())
        self.decision_entry.clear()
        self.value_entry.setEditText("")
        self.reset_date()
        self._select = decision.uid
        self._change([], [decision], [decision], "Noted. Come back to it in a while.")

    def save_look_back(self) -> None:
        decision = self.current()
        checked = self.outcome_group.checkedButton()
        if decision is None or checked is None:
            return
        outcome = next(o for o, b in self.outcome_buttons.items() if b is checked)
        after = copy.deepcopy(decision)
        after.outcome = outcome
        after.note = self.note_entry.text().strip()[:MAX_NOTE]
        after.looked_back_on = after.looked_back_on or self.today().isoformat()
        words = (self.words.not_hoped if outcome == "not-hoped"
                 else "Saved. Thank you for looking back.")
        self._select = decision.uid
        self._change([decision], [], [after], words)

    def delete_current(self) -> None:
        decision = self.current()
        if decision is None:
            return
        self._delete(decision)

    def _coming_back(self, back: list[Record]) -> None:
        if back:
            self._select = back[0].uid
