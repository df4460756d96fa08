"""A small emotional risk, as a small experiment: choose something small to try, write
what you fear will happen and how sure you are (0–100); after trying it, what actually
happened and how sure you are now. Saved before it is tried, it is a plan (a draft);
with how it went, it is done — and one that went better than feared is a brick on the
wall."""

from __future__ import annotations

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QWidget,
)

from ebbtide.core.notice import MAX_NAME, RISK_OUTCOMES, Entry, NoticeWords, RiskEntry
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.context import UiContext
from ebbtide.ui.namecheck.rating import RatingInput
from ebbtide.ui.notice.editing import DraftEditor, question, text_box
from ebbtide.ui.theme import space

IDEA_COLUMNS = 3
OUTCOME_WORDS = {
    "better": "Better than I feared",
    "as-feared": "About as I feared",
    "hard": "It was hard",
}
assert tuple(OUTCOME_WORDS) == RISK_OUTCOMES


class RiskEditor(DraftEditor):
    heading_new = ("A small risk: something small enough to try this week, real enough "
                   "to learn from.")
    heading_edit = "Your small risk"

    def __init__(self, ctx: UiContext, words: NoticeWords, *, people: list[str],
                 parent: QWidget | None = None) -> None:
        self.words = words
        super().__init__(ctx, parent)
        form = self.form

        ideas_label = question("Some ideas (press one to start from it):", self)
        form.addWidget(ideas_label)
        grid = QGridLayout()
        grid.setSpacing(space("s"))
        self.idea_buttons: list[QPushButton] = []
        for n, choice in enumerate(words.risks):
            button = QPushButton(choice.label)
            button.setToolTip(choice.description)
            button.setAccessibleName(f"Idea: {choice.label}")
            button.setAccessibleDescription(choice.description)
            button.clicked.connect(lambda _=False, text=choice.label: self._use_idea(text))
            grid.addWidget(button, n // IDEA_COLUMNS, n % IDEA_COLUMNS)
            self.idea_buttons.append(button)
        form.addLayout(grid)

        self.risk = text_box("The small risk I will take", "What you will try, and when", 2)
        form.addWidget(question("The &risk I will take:", self.risk))
        form.addWidget(self.risk)
        row = QHBoxLayout()
        self.who = QComboBox()
        self.who.setEditable(True)
        self.who.setAccessibleName("Who it is with (optional)")
        line = self.who.lineEdit()
        assert line is not None
        line.setMaxLength(MAX_NAME)
        line.setPlaceholderText("A name of your own, or leave it empty")
        self.set_people(people)
        row.addWidget(question("&Who (optional):", self.who))
        row.addWidget(self.who, 1)
        self.when = QDateTimeEdit()
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd d MMM yyyy, HH:mm")
        self.when.setAccessibleName("When")
        row.addWidget(question("W&hen:", self.when))
        row.addWidget(self.when)
        form.addLayout(row)

        self.fear = text_box("What I fear will happen", "“They'll brush it off.”", 2)
        form.addWidget(question("What do you &fear will happen?", self.fear))
        form.addWidget(self.fear)
        self.sure_before = RatingInput("How sure I am that it will happen")
        form.addWidget(question("How sure are you that it will happen? (0–100)",
                                self.sure_before))
        form.addWidget(self.sure_before)

        form.addWidget(role_label("After you have tried it:", "subtitle"))
        self.happened = text_box("What actually happened", "What really happened", 2)
        form.addWidget(question("What &actually happened?", self.happened))
        form.addWidget(self.happened)
        self.sure_after = RatingInput("How sure I am now that the fear comes true")
        form.addWidget(question("How sure are you now that what you feared would happen? "
                                "(0–100)", self.sure_after))
        form.addWidget(self.sure_after)
        outcome_label = question("How did it go?", self)
        form.addWidget(outcome_label)
        outcome_row = QHBoxLayout()
        self.outcome_group = QButtonGroup(self)
        self.outcome_buttons: dict[str, QRadioButton] = {}
        for outcome, label in OUTCOME_WORDS.items():
            radio = QRadioButton(label)
            radio.setAccessibleName(f"How it went: {label}")
            radio.toggled.connect(self.edited)
            self.outcome_group.addButton(radio)
            self.outcome_buttons[outcome] = radio
            outcome_row.addWidget(radio)
        outcome_row.addStretch(1)
        form.addLayout(outcome_row)
        outcome_label.setBuddy(self.outcome_buttons["better"])
        form.addWidget(role_label(
            "Saved before you try it, it waits as a plan. Whatever happens, trying was the "
            "brave part; one that goes better than you feared becomes a brick on the wall.",
            "muted", wrap=True))
        form.addStretch(1)

        self.risk.textChanged.connect(self.edited)
        self.who.editTextChanged.connect(self.edited)
        self.when.dateTimeChanged.connect(self.edited)
        self.fear.textChanged.connect(self.edited)
        self.sure_before.valueChanged.connect(self.edited)
        self.happened.textChanged.connect(self.edited)
        self.sure_after.valueChanged.connect(self.edited)
        self.start()

    def _use_idea(self, text: str) -> None:
        if not self.risk.toPlainText().strip():
            self.risk.setPlainText(text + ": ")
        self.risk.setFocus()
        cursor = self.risk.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.risk.setTextCursor(cursor)

    def set_people(self, people: list[str]) -> None:
        current = self.who.currentText()
        self.who.blockSignals(True)
        self.who.clear()
        self.who.addItems(people)
        self.who.setEditText(current)
        self.who.blockSignals(False)

    def new_entry(self) -> Entry:
        return RiskEntry()

    def first_field(self) -> QWidget:
        return self.risk

    def finished_status(self) -> str:
        # Not tried yet: it stays a plan, to come back to.
        return "done" if self.outcome_group.checkedButton() is not None else "draft"

    def show_entry(self, entry: Entry) -> None:
        assert isinstance(entry, RiskEntry)
        self.risk.setPlainText(entry.risk)
        self.who.setEditText(entry.who)
        self.when.setDateTime(QDateTime.fromSecsSinceEpoch(int(entry.occurred_utc)))
        self.fear.setPlainText(entry.fear)
        self.sure_before.setValue(entry.sure_before)
        self.happened.setPlainText(entry.happened)
        self.sure_after.setValue(entry.sure_after)
        self.outcome_group.setExclusive(False)
        for outcome, radio in self.outcome_buttons.items():
            radio.setChecked(outcome == entry.outcome)
        self.outcome_group.setExclusive(True)

    def read_form(self) -> None:
        entry = self.entry
        assert isinstance(entry, RiskEntry)
        entry.risk = self.risk.toPlainText()
        entry.who = " ".join(self.who.currentText().split())[:MAX_NAME]
        entry.occurred_utc = float(self.when.dateTime().toSecsSinceEpoch())
        entry.fear = self.fear.toPlainText()
        entry.sure_before = self.sure_before.value()
        entry.happened = self.happened.toPlainText()
        entry.sure_after = self.sure_after.value()
        entry.outcome = next((o for o, r in self.outcome_buttons.items() if r.isChecked()),
                             None)
