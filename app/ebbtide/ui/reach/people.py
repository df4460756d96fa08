"""Safe people, shown where they help: a compact list with one "Copy message" button each
(on *If you need help now* and in the worksheet's step about who could help), and the
form to add or change one (Reach out)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.asks import ReachWords
from ebbtide.core.notice import clean_words
from ebbtide.core.safe_people import SafePeopleStore, SafePerson
from ebbtide.core.sealing import StoreError
from ebbtide.ui.common.announce import announce
from ebbtide.ui.common.discard import discard
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.context import UiContext
from ebbtide.ui.operations import Change, ChangeNotice
from ebbtide.ui.theme import space


def copy_to_clipboard(text: str) -> None:
    """The one place a message reaches the clipboard (copied by the person's click)."""
    QGuiApplication.clipboard().setText(text)


def read_people(ctx: UiContext) -> list[SafePerson] | None:
    """The person's safe people, or None while Ebbtide is locked (or they can't be read)."""
    try:
        return SafePeopleStore(ctx.store).all()
    except StoreError:
        return None


class CompactPeople(QWidget):
    """Name, what they help with, and "Copy message": what a hard moment needs, no more.
    It follows changes made elsewhere (Reach out) while it is open."""

    def __init__(self, ctx: UiContext, *, heading: str = "Your safe people",
                 empty: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._empty_words = empty
        self.setAccessibleName(heading)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(space("s"))
        self.heading = role_label(heading, "strong")
        outer.addWidget(self.heading)
        self.rows = QGridLayout()
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setHorizontalSpacing(space("m"))
        self.rows.setVerticalSpacing(space("xs"))
        self.rows.setColumnStretch(0, 1)
        outer.addLayout(self.rows)
        self.empty = role_label(empty, "muted", wrap=True)
        outer.addWidget(self.empty)
        self.status = role_label("", "muted", wrap=True)
        self.status.hide()
        outer.addWidget(self.status)
        self.copy_buttons: dict[str, QPushButton] = {}
        self.people: list[SafePerson] = []
        ctx.ops.changed.connect(self._changed)
        self.reload()

    def _changed(self, notice: ChangeNotice) -> None:
        if notice.touches(Change.REACH | Change.LOCK | Change.ALL_DATA):
            self.reload()

    def reload(self) -> None:
        while (item := self.rows.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                discard(widget)
        self.copy_buttons.clear()
        people = read_people(self.ctx)
        self.people = people or []
        for row, person in enumerate(self.people):
            helps = person.helps_text()
            text = f"{person.name} — {helps}" if helps else person.name
            label = QLabel(text)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            self.rows.addWidget(label, row, 0)
            if person.message.strip():
                button = QPushButton("Copy message")
                button.setAccessibleName(f"Copy message for {person.name}")
                button.setToolTip(person.message)
                button.clicked.connect(lambda _=False, p=person: self.copy_message(p))
                self.rows.addWidget(button, row, 1)
                self.copy_buttons[person.uid] = button
        self.empty.setVisible(not self.people and bool(self._empty_words))
        self.setVisible(bool(self.people) or bool(self._empty_words))
        if people is None:  # locked: nothing of theirs is shown, nothing is said
            self.setVisible(False)

    def copy_message(self, person: SafePerson) -> None:
        copy_to_clipboard(person.message)
        words = f"Copied your message for {person.name}. Paste it wherever you write to them."
        self.status.setText(words)
        self.status.show()
        announce(self.status, words)


class PersonEditor(QWidget):
    """Add or change one safe person. Save keeps it; Cancel (Esc) leaves it as it was."""

    saved = Signal(object)  # the SafePerson as the form has it (not yet written)
    cancelled = Signal()

    def __init__(self, words: ReachWords, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = words
        self.person = SafePerson()
        self.setMaximumWidth(980)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(space("xs"))  # snug: the whole form fits an 800×600 window
        self.heading = role_label("Add a safe person", "title")
        layout.addWidget(self.heading)

        self.name = QLineEdit()
        self.name.setAccessibleName("Name")
        self.name.setPlaceholderText("A name, or a group: Sam, my sister, the Tuesday group")
        self.name.setMaxLength(80)
        layout.addWidget(self._label("&Name", self.name))
        layout.addWidget(self.name)

        helps_label = QLabel("What they help with")
        helps_label.setProperty("role", "strong")
        layout.addWidget(helps_label)
        grid = QGridLayout()
        grid.setHorizontalSpacing(space("l"))
        self.help_boxes: list[QCheckBox] = []
        for n, phrase in enumerate(words.helps):
            box = QCheckBox(phrase)
            box.setAccessibleName(phrase)
            grid.addWidget(box, n // 2, n % 2)
            self.help_boxes.append(box)
        layout.addLayout(grid)
        self.helps_own = QLineEdit()
        self.helps_own.setAccessibleName("What they help with, in your own words")
        self.helps_own.setPlaceholderText("Anything else, in your own words")
        self.helps_own.setMaxLength(300)
        layout.addWidget(self.helps_own)

        self.reach = QLineEdit()
        self.reach.setAccessibleName("How to reach them")
        self.reach.setPlaceholderText("A number, a handle, a place")
        self.reach.setMaxLength(300)
        layout.addWidget(self._label("How to &reach them", self.reach))
        layout.addWidget(self.reach)
        layout.addWidget(role_label(words.reach_note, "muted", wrap=True))

        self.message = QPlainTextEdit()
        self.message.setAccessibleName("A short message, ready to send")
        self.message.setPlaceholderText(words.message_placeholder)
        self.message.setTabChangesFocus(True)
        self.message.setFixedHeight(self.message.fontMetrics().lineSpacing() * 3 + 18)
        layout.addWidget(self._label("A short &message, written now, ready for a hard moment",
                                     self.message))
        layout.addWidget(self.message)

        row = QHBoxLayout()
        self.save_button = QPushButton("&Save")
        self.save_button.setProperty("role", "primary")
        self.save_button.setAccessibleName("Save this safe person")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel: leave without saving")
        self.status = role_label("", "muted", wrap=True)
        row.addWidget(self.save_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.status, 1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.save_button.clicked.connect(self._save)
        self.cancel_button.clicked.connect(self.cancelled.emit)
        escape = QShortcut(QKeySequence("Esc"), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.cancelled.emit)

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setProperty("role", "strong")
        label.setBuddy(buddy)
        return label

    def start(self, person: SafePerson | None = None) -> None:
        self.person = person if person is not None else SafePerson()
        p = self.person
        self.heading.setText("Add a safe person" if person is None else f"Change {p.name}")
        self.name.setText(p.name)
        offered = set(self.words.helps)
        for box in self.help_boxes:
            box.setChecked(box.text() in p.helps)
        # A phrase this version no longer offers stays, in the person's own words.
        others = [h for h in p.helps if h not in offered]
        self.helps_own.setText(", ".join([*others, p.helps_own] if p.helps_own else others))
        self.reach.setText(p.reach)
        self.message.setPlainText(p.message)
        self.status.setText("")
        self.name.setFocus()

    def read_form(self) -> SafePerson:
        p = self.person
        p.name = " ".join(self.name.text().split())
        p.helps = clean_words([b.text() for b in self.help_boxes if b.isChecked()])
        p.helps_own = self.helps_own.text().strip()
        p.reach = self.reach.text().strip()
        p.message = self.message.toPlainText().strip()
        return p

    def _save(self) -> None:
        person = self.read_form()
        if not person.name:
            self.status.setText("A name first — any name or nickname you'll recognise.")
            self.name.setFocus()
            return
        self.saved.emit(person)
