"""An evidence entry, "said it, did it": a moment with someone — what they said or
promised, what they did, which of reliability, honesty and compassion it shows — and
whether it was kept or broken. Broken ones are recorded too, so the wall stays honest."""

from __future__ import annotations

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.notice import Entry, EvidenceEntry, NoticeWords
from ebbtide.ui import theme
from ebbtide.ui.common.flow import FlowLayout
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.context import UiContext
from ebbtide.ui.notice.editing import (
    DraftEditor,
    PeopleBox,
    question,
    text_box,
    when_field,
    who_and_when,
)

OUTCOME_WORDS = {
    "kept": ("Kept", "They did what they said, or showed it: a brick on the wall."),
    "broken": ("Broken", "It didn't happen as they said: a gap in the wall, honestly kept."),
}


class EvidenceEditor(DraftEditor):
    heading_new = ("A moment with someone: what they said, what they did. "
                   "Kept or broken, both belong here.")
    heading_edit = "Your moment"

    def __init__(self, ctx: UiContext, words: NoticeWords, *, people: list[str],
                 parent: QWidget | None = None) -> None:
        self.words = words
        super().__init__(ctx, parent)
        form = self.form

        self.who = PeopleBox("Who it was with (optional)", people)
        self.when = when_field("When it happened")
        form.addWidget(who_and_when(self.who, self.when))

        self.said = text_box("What they said or promised",
                             "“I'll call you at six.” Leave it empty if nothing was said.")
        form.addWidget(question("What did they &say or promise?", self.said))
        form.addWidget(self.said)
        self.did = text_box("What they did", "“Called at six, right on time.”")
        form.addWidget(question("What did they &do?", self.did))
        form.addWidget(self.did)

        shows_label = question("What does it show? (any, or none)", self)
        form.addWidget(shows_label)
        shows_box = QWidget()
        shows_row = FlowLayout(shows_box, spacing=theme.space("s"))  # wraps when narrow
        self.show_buttons: dict[str, QPushButton] = {}
        for choice in words.shows:
            button = QPushButton(choice.label)
            button.setCheckable(True)
            button.setToolTip(choice.description)
            button.setAccessibleName(f"It shows {choice.label.lower()}")
            button.setAccessibleDescription(choice.description)
            button.toggled.connect(self.edited)
            shows_row.addWidget(button)
            self.show_buttons[choice.id] = button
        form.addWidget(shows_box)
        shows_label.setBuddy(next(iter(self.show_buttons.values())))

        outcome_label = question("Was it kept?", self)
        form.addWidget(outcome_label)
        # One above the other: each says what it means, too long to sit side by side.
        outcome_row = QVBoxLayout()
        self.outcome_group = QButtonGroup(self)
        self.outcome_buttons: dict[str, QRadioButton] = {}
        for outcome, (label, meaning) in OUTCOME_WORDS.items():
            radio = QRadioButton(label)
            radio.setAccessibleName(label)
            radio.setAccessibleDescription(meaning)
            radio.toggled.connect(self.edited)
            self.outcome_group.addButton(radio)
            self.outcome_buttons[outcome] = radio
            outcome_row.addWidget(radio)
            # What each means, on its own line under it: wraps on a narrow window.
            meaning_line = role_label(meaning, "caption", wrap=True)
            meaning_line.setIndent(theme.space("xl"))
            outcome_row.addWidget(meaning_line)
        form.addLayout(outcome_row)
        outcome_label.setBuddy(self.outcome_buttons["kept"])
        form.addWidget(role_label(
            "Anyone can be here: a partner, a friend, family, someone at work. Small "
            "moments count; trust is built from many of them.", "muted", wrap=True))
        form.addStretch(1)

        self.who.editTextChanged.connect(self.edited)
        self.when.dateTimeChanged.connect(self.edited)
        self.said.textChanged.connect(self.edited)
        self.did.textChanged.connect(self.edited)
        self.start()

    def set_people(self, people: list[str]) -> None:
        self.who.set_people(people)

    def new_entry(self) -> Entry:
        return EvidenceEntry()

    def first_field(self) -> QWidget:
        return self.said

    def show_entry(self, entry: Entry) -> None:
        assert isinstance(entry, EvidenceEntry)
        self.who.setEditText(entry.who)
        self.when.setDateTime(QDateTime.fromSecsSinceEpoch(int(entry.occurred_utc)))
        self.said.setPlainText(entry.said)
        self.did.setPlainText(entry.did)
        for show_id, button in self.show_buttons.items():
            button.setChecked(show_id in entry.shows)
        self.outcome_buttons[entry.outcome].setChecked(True)

    def read_form(self) -> None:
        entry = self.entry
        assert isinstance(entry, EvidenceEntry)
        entry.who = self.who.name()
        entry.occurred_utc = float(self.when.dateTime().toSecsSinceEpoch())
        entry.said = self.said.toPlainText()
        entry.did = self.did.toPlainText()
        known = set(self.show_buttons)
        entry.shows = [s for s, b in self.show_buttons.items() if b.isChecked()] + [
            s for s in entry.shows if s not in known]
        entry.outcome = next(o for o, r in self.outcome_buttons.items() if r.isChecked())
