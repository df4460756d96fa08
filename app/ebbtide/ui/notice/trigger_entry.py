"""The trigger entry: thirty seconds, when it happens. What happened, the feelings (the
Name & Check picker, with how strong), where in the body, the urge, what I did, what
helped, "now, or then?", and short tags of the person's own, offered again next time.
Every field may be left empty; a draft is kept as the person types."""

from __future__ import annotations

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from ebbtide.core.feelings import load_vocabulary
from ebbtide.core.notice import (
    MAX_TAG,
    MAX_TAGS,
    Entry,
    FeelingNote,
    NoticeWords,
    TriggerEntry,
    clean_words,
)
from ebbtide.core.worksheet import FeelingEntry, Worksheet
from ebbtide.ui import theme
from ebbtide.ui.common.discard import discard
from ebbtide.ui.common.flow import FlowLayout
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.context import UiContext
from ebbtide.ui.namecheck.feelings_body import BodyPlaces
from ebbtide.ui.namecheck.feelings_picker import FeelingsPicker
from ebbtide.ui.notice.editing import DraftEditor, question, text_box, when_field
from ebbtide.ui.theme import space

RECENT_TAGS = 8  # the person's own tags shown as buttons to tap again
TAG_COLUMNS = 4


def split_list(text: str) -> list[str]:
    return clean_words(text.split(","))


class TriggerEditor(DraftEditor):
    heading_new = "Something set you off. Take thirty seconds to note it; every box can stay empty."
    heading_edit = "Your trigger entry"

    def __init__(self, ctx: UiContext, words: NoticeWords, *, own_tags: list[str],
                 own_urges: list[str], parent: QWidget | None = None) -> None:
        self.words = words
        self.vocabulary = load_vocabulary()
        super().__init__(ctx, parent)
        form = self.form

        self.what = text_box("What happened", "What happened, in a few words…")
        form.addWidget(question("&What happened?", self.what))
        form.addWidget(self.what)
        when_row = QHBoxLayout()
        self.when = when_field("When it happened")
        when_label = question("W&hen:", self.when)
        when_row.addWidget(when_label)
        when_row.addWidget(self.when)
        when_row.addStretch(1)
        form.addLayout(when_row)

        self.feelings = FeelingsPicker(self.vocabulary)
        form.addWidget(question("What did you &feel, and how strongly?", self.feelings.search))
        form.addWidget(self.feelings)

        self.body = BodyPlaces(self.vocabulary.body_places)
        body_label = question("Where did you feel it in your body?", self.body)
        form.addWidget(body_label)
        form.addWidget(self.body)

        urge_label = question("What did part of you want to &do? (the urge, not what you did)",
                              self)
        form.addWidget(urge_label)
        urges_box = QWidget()
        urges = FlowLayout(urges_box, spacing=theme.space("s"))  # wraps when narrow
        self.urge_buttons: dict[str, QPushButton] = {}
        for choice in words.urges:
            button = QPushButton(choice.label)
            button.setCheckable(True)
            button.setToolTip(choice.description)
            button.setAccessibleName(f"Urge: {choice.label}")
            button.setAccessibleDescription(choice.description)
            button.toggled.connect(self.edited)
            urges.addWidget(button)
            self.urge_buttons[choice.id] = button
        form.addWidget(urges_box)
        urge_label.setBuddy(next(iter(self.urge_buttons.values())))
        self.own_urges = QLineEdit()
        self.own_urges.setPlaceholderText("Another urge, in your words (a comma between two)")
        self.own_urges.setAccessibleName("Another urge, in my own words")
        self._complete(self.own_urges, own_urges)
        form.addWidget(self.own_urges)

        self.did = text_box("What I did", "What you did (it is fine if it was the urge)", 2)
        form.addWidget(question("What did you do &then?", self.did))
        form.addWidget(self.did)
        self.helped = text_box("What helped", "Anything that helped, even a little", 2)
        form.addWidget(question("What &helped?", self.helped))
        form.addWidget(self.helped)

        then_label = question("Now, or then? Does this feel like today, or an old hurt?", self)
        form.addWidget(then_label)
        then_box = QWidget()
        then_row = FlowLayout(then_box, spacing=theme.space("l"))  # wraps when narrow
        self.then_group = QButtonGroup(self)
        self.then_buttons: dict[str, QRadioButton] = {}
        for choice in words.now_or_then:
            radio = QRadioButton(choice.label)
            radio.setToolTip(choice.description)
            radio.setAccessibleName(f"Now or then: {choice.label}")
            radio.setAccessibleDescription(choice.description)
            radio.toggled.connect(self.edited)
            self.then_group.addButton(radio)
            self.then_buttons[choice.id] = radio
            then_row.addWidget(radio)
        form.addWidget(then_box)
        then_label.setBuddy(next(iter(self.then_buttons.values())))

        self.tags = QLineEdit()
        self.tags.setPlaceholderText("Short tags of your own, like: late reply, phone face down")
        self.tags.setAccessibleName("My tags for this trigger, a comma between them")
        self.tags.setMaxLength(MAX_TAGS * (MAX_TAG + 2))
        form.addWidget(question("&Tags (your own words, to see what keeps coming back):",
                                self.tags))
        form.addWidget(self.tags)
        self.recent_hint = role_label("Used before (press to add or take away):", "muted")
        form.addWidget(self.recent_hint)
        self.recent_grid = QGridLayout()
        self.recent_grid.setSpacing(space("s"))
        self.recent_buttons: list[QPushButton] = []
        form.addLayout(self.recent_grid)
        self.tag_note = role_label("", "muted", wrap=True)
        form.addWidget(self.tag_note)
        self.set_offered(own_tags, own_urges)
        form.addStretch(1)

        self.what.textChanged.connect(self.edited)
        self.when.dateTimeChanged.connect(self.edited)
        self.feelings.changed.connect(self.edited)
        self.body.changed.connect(self.edited)
        self.own_urges.textEdited.connect(self.edited)
        self.did.textChanged.connect(self.edited)
        self.helped.textChanged.connect(self.edited)
        self.tags.textEdited.connect(self.edited)
        self.tags.textChanged.connect(self._sync_recent)

        # Save, then look at the thought behind it in a Name & Check worksheet.
        self.check_after = False
        self.check_button = QPushButton("Save and chec&k this thought")
        self.check_button.setAccessibleName(
            "Save and check this thought: a Name and Check worksheet with what happened "
            "and the feelings filled in")
        self.buttons.insertWidget(1, self.check_button)
        self.check_button.clicked.connect(self.save_and_check)
        self.start()

    def set_checked(self, checked: bool) -> None:
        """Whether this entry already has a worksheet (the button then opens it)."""
        words = "Save and open its wor&ksheet" if checked else "Save and chec&k this thought"
        self.check_button.setText(words)
        self.check_button.setAccessibleName(
            "Save and open the worksheet this thought was checked in" if checked else
            "Save and check this thought: a Name and Check worksheet with what happened "
            "and the feelings filled in")

    def save_and_check(self) -> None:
        self.check_after = True
        self.save()
        if self.entry.is_empty():
            self.check_after = False  # nothing to save, so nothing to check yet

    def _complete(self, line: QLineEdit, words: list[str]) -> None:
        completer = QCompleter(words, line)
        completer.setCaseSensitivity(completer.caseSensitivity().CaseInsensitive)
        line.setCompleter(completer)

    def set_offered(self, own_tags: list[str], own_urges: list[str]) -> None:
        """The person's own tags and urges from earlier entries, offered again."""
        self._complete(self.own_urges, own_urges)
        self._complete(self.tags, own_tags)
        for button in self.recent_buttons:
            discard(button)
        self.recent_buttons = []
        for n, tag in enumerate(own_tags[:RECENT_TAGS]):
            button = QPushButton(tag)
            button.setCheckable(True)
            button.setAccessibleName(f"Tag used before: {tag}")
            button.toggled.connect(lambda on, t=tag: self._toggle_tag(t, on))
            self.recent_grid.addWidget(button, n // TAG_COLUMNS, n % TAG_COLUMNS)
            self.recent_buttons.append(button)
        self.recent_hint.setVisible(bool(self.recent_buttons))
        self._sync_recent()

    def _toggle_tag(self, tag: str, on: bool) -> None:
        tags = split_list(self.tags.text())
        present = [t for t in tags if t.casefold() == tag.casefold()]
        if on and not present:
            tags.append(tag)
        elif not on and present:
            tags = [t for t in tags if t.casefold() != tag.casefold()]
        else:
            return
        self.tags.setText(", ".join(tags))
        self.edited()

    def _sync_recent(self) -> None:
        chosen = {t.casefold() for t in split_list(self.tags.text())}
        for button in self.recent_buttons:
            button.blockSignals(True)
            button.setChecked(button.text().casefold() in chosen)
            button.blockSignals(False)

    # -- the entry ↔ the form ------------------------------------------------------------

    def new_entry(self) -> Entry:
        return TriggerEntry()

    def first_field(self) -> QWidget:
        return self.what

    def show_entry(self, entry: Entry) -> None:
        assert isinstance(entry, TriggerEntry)
        self.check_after = False
        self.what.setPlainText(entry.what)
        self.when.setDateTime(QDateTime.fromSecsSinceEpoch(int(entry.occurred_utc)))
        sheet = Worksheet()
        sheet.feelings = [FeelingEntry(f.word, f.intensity, None, own=f.own)
                          for f in entry.feelings]
        self.feelings.set_sheet(sheet)
        self.body.set_chosen(entry.body)
        for urge_id, button in self.urge_buttons.items():
            button.setChecked(urge_id in entry.urges)
        self.own_urges.setText(", ".join(entry.own_urges))
        self.did.setPlainText(entry.did)
        self.helped.setPlainText(entry.helped)
        self.then_group.setExclusive(False)
        for then_id, radio in self.then_buttons.items():
            radio.setChecked(then_id == entry.now_or_then)
        self.then_group.setExclusive(True)
        self.tags.setText(", ".join(entry.tags))
        self.tag_note.setText("")

    def read_form(self) -> None:
        entry = self.entry
        assert isinstance(entry, TriggerEntry)
        entry.what = self.what.toPlainText()
        entry.occurred_utc = float(self.when.dateTime().toSecsSinceEpoch())
        entry.feelings = [FeelingNote(f.word, f.before, f.own)
                          for f in self.feelings.sheet.feelings]
        entry.body = list(self.body.chosen())
        # Urges this version no longer lists stay as they were saved.
        known = set(self.urge_buttons)
        entry.urges = [u for u, b in self.urge_buttons.items() if b.isChecked()] + [
            u for u in entry.urges if u not in known]
        own = split_list(self.own_urges.text())
        entry.own_urges = clean_words([u[:MAX_TAG * 2] for u in own])[:MAX_TAGS]
        entry.did = self.did.toPlainText()
        entry.helped = self.helped.toPlainText()
        entry.now_or_then = next((i for i, r in self.then_buttons.items() if r.isChecked()),
                                 None)
        tags = split_list(self.tags.text())
        long_ones = [t for t in tags if len(t) > MAX_TAG]
        entry.tags = clean_words([t[:MAX_TAG] for t in tags])[:MAX_TAGS]
        self.tag_note.setText(
            f"A tag is kept to {MAX_TAG} characters, so it stays short enough to count."
            if long_ones else
            f"Up to {MAX_TAGS} tags are kept." if len(tags) > MAX_TAGS else "")

