"""A self-examination journal entry: one question at a time (or none, writing freely),
and room to write. Kept as a draft while the person writes, like every entry."""

from __future__ import annotations

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QDateTimeEdit, QHBoxLayout, QPlainTextEdit, QWidget

from ebbtide.core.notice import MAX_JOURNAL, Entry, JournalEntry, NoticeWords
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.context import UiContext
from ebbtide.ui.notice.editing import DraftEditor, question


class JournalEditor(DraftEditor):
    heading_new = "Write as much or as little as you like. Nobody reads this but you."
    heading_edit = "Your journal entry"

    def __init__(self, ctx: UiContext, words: NoticeWords,
                 parent: QWidget | None = None) -> None:
        self.words = words
        self._prompt: str | None = None
        super().__init__(ctx, parent)
        form = self.form
        self.question_label = role_label("", "subtitle", wrap=True)
        self.question_label.setAccessibleName("The question")
        form.addWidget(self.question_label)
        self.hint = role_label("", "muted", wrap=True)
        form.addWidget(self.hint)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("What I write")
        self.text.setPlaceholderText("Start anywhere…")
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(self.text.fontMetrics().lineSpacing() * 10)
        form.addWidget(self.text, 1)
        row = QHBoxLayout()
        self.when = QDateTimeEdit()
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd d MMM yyyy, HH:mm")
        self.when.setAccessibleName("When it was written")
        row.addWidget(question("W&hen:", self.when))
        row.addWidget(self.when)
        row.addStretch(1)
        form.addLayout(row)
        self.text.textChanged.connect(self.edited)
        self.when.dateTimeChanged.connect(self.edited)
        self.start()

    def set_prompt(self, prompt: str | None) -> None:
        """The question a new entry answers (before `start`)."""
        self._prompt = prompt

    def new_entry(self) -> Entry:
        return JournalEntry(prompt=getattr(self, "_prompt", None))

    def first_field(self) -> QWidget:
        return self.text

    def show_entry(self, entry: Entry) -> None:
        assert isinstance(entry, JournalEntry)
        asked = entry.question(self.words)
        self.question_label.setText(asked or "Writing freely")
        hint = next((c.description for c in self.words.journal if c.id == entry.prompt), "")
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self.text.setPlainText(entry.text)
        self.when.setDateTime(QDateTime.fromSecsSinceEpoch(int(entry.occurred_utc)))

    def read_form(self) -> None:
        entry = self.entry
        assert isinstance(entry, JournalEntry)
        entry.text = self.text.toPlainText()[:MAX_JOURNAL]
        entry.occurred_utc = float(self.when.dateTime().toSecsSinceEpoch())
