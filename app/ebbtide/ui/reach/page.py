"""Reach out: the person's safe people (written down on a calm day, ready for a hard
one) and the reassurance request builder with the history of asks and how they went.
Also reached from Name & Check's "the feeling fits" ending, with the situation carried
over, and from *If you need help now*."""

from __future__ import annotations

from enum import Enum, auto

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.asks import Ask, AskStore, ReachWords, load_reach_words, safety_named_recently
from ebbtide.core.content import ContentError
from ebbtide.core.notice import short_when
from ebbtide.core.safe_people import SafePerson
from ebbtide.core.sealing import StoreError
from ebbtide.core.worksheet import safety_flag_on
from ebbtide.core.worksheet_store import WorksheetStore
from ebbtide.ui.common.announce import announce
from ebbtide.ui.common.honest_list import HonestList
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.common.steps import StepStack
from ebbtide.ui.context import UiContext
from ebbtide.ui.operations import Change, ChangeNotice
from ebbtide.ui.operations import reach as reach_ops
from ebbtide.ui.page import Page
from ebbtide.ui.reach.builder import AskBuilder
from ebbtide.ui.reach.people import PersonEditor, copy_to_clipboard, read_people
from ebbtide.ui.theme import margins, space

UID_ROLE = Qt.ItemDataRole.UserRole
LOCKED = "Ebbtide is locked. Unlock it to see your safe people and your asks."
OUTCOME_BUTTONS = (("helped", "It helped"), ("didnt", "It didn't help"),
                   ("not-sent", "Not sent"))


class Step(Enum):
    HOME = auto()  # safe people, and the asks
    PERSON = auto()  # adding or changing one safe person
    BUILDER = auto()  # the reassurance request builder


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    return button


class ReachPage(Page):
    title = "Reach out"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.people: list[SafePerson] = []
        self.asks: list[Ask] = []
        self._undo: tuple[str, str] | None = None  # ("person" | "ask", uid)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(margins("xl", "l"))
        try:
            self.words: ReachWords | None = load_reach_words()
        except ContentError as exc:
            problem = role_label(f"Reach out could not load its words, so it is resting.\n"
                                 f"{exc}", "notice", wrap=True)
            outer.addWidget(problem)
            outer.addStretch(1)
            self.words = None
            return
        words = self.words
        self.stack = StepStack()
        outer.addWidget(self.stack)
        self.stack.add_step(Step.HOME, self._build_home(words))
        self.editor = PersonEditor(words)
        self.editor.saved.connect(self._save_person)
        self.editor.cancelled.connect(self.show_home)
        self.stack.add_step(Step.PERSON, self._scrolled(self.editor))
        self.builder = AskBuilder(ctx, words)
        self.builder.closed.connect(self.show_home)
        self.stack.add_step(Step.BUILDER, self.builder)
        self.reload()

    @staticmethod
    def _scrolled(widget: QWidget) -> QScrollArea:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(widget)
        return scroll

    def _build_home(self, words: ReachWords) -> QWidget:
        home = QWidget()
        home.setMaximumWidth(1200)  # lines stay readable on a wide screen
        layout = QVBoxLayout(home)
        layout.setContentsMargins(0, 0, space("m"), 0)
        layout.setSpacing(space("s"))
        layout.addWidget(role_label("Reach out", "title"))
        self.locked_note = role_label(LOCKED, "notice", wrap=True)
        self.locked_note.hide()
        layout.addWidget(self.locked_note)

        self.content = QWidget()
        body = QVBoxLayout(self.content)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(space("s"))
        layout.addWidget(self.content)
        body.addWidget(role_label(words.people_intro, "subtitle", wrap=True))
        body.addWidget(role_label("Safe people", "heading"))
        suggestions = "\n".join(f"• {s}" for s in words.people_suggestions)
        self.people_empty = role_label(f"{words.people_empty}\n{suggestions}", "muted",
                                       wrap=True)
        body.addWidget(self.people_empty)
        self.people_list = HonestList()
        self.people_list.setAccessibleName("Your safe people")
        self.people_list.setWordWrap(True)
        self.people_list.setSpacing(space("xs"))  # a little air between one person and the next
        self.people_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.people_list.setMinimumHeight(110)
        body.addWidget(self.people_list)
        row = QHBoxLayout()
        self.add_button = _button("&Add someone", "Add someone: a new safe person")
        self.edit_button = _button("&Change", "Change the chosen safe person")
        self.copy_button = _button("Copy &message",
                                   "Copy message: the chosen person's ready message")
        self.delete_person_button = _button("Delete", "Delete the chosen safe person "
                                                      "(can be undone)")
        for b in (self.add_button, self.edit_button, self.copy_button,
                  self.delete_person_button):
            row.addWidget(b)
        row.addStretch(1)
        body.addLayout(row)
        self.people_status = role_label("", "muted", wrap=True)
        body.addWidget(self.people_status)

        body.addSpacing(space("s"))
        body.addWidget(role_label(words.asks_title, "heading", wrap=True))
        body.addWidget(role_label(words.asks_intro, wrap=True))
        ask_row = QHBoxLayout()
        self.build_button = _button("&Prepare a request…", "Prepare a request for reassurance")
        self.build_button.setProperty("role", "primary")
        ask_row.addWidget(self.build_button)
        ask_row.addStretch(1)
        body.addLayout(ask_row)
        self.asks_empty = role_label("Your asks will be listed here, with how each one went.",
                                     "muted", wrap=True)
        body.addWidget(self.asks_empty)
        self.asks_list = HonestList()
        self.asks_list.setAccessibleName("Your asks, newest first")
        self.asks_list.setWordWrap(True)
        self.asks_list.setSpacing(space("xs"))
        self.asks_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.asks_list.setMinimumHeight(130)
        body.addWidget(self.asks_list)
        outcome_row = QHBoxLayout()
        went = QLabel("How it went:")
        outcome_row.addWidget(went)
        self.outcome_buttons: dict[str, QPushButton] = {}
        for outcome, text in OUTCOME_BUTTONS:
            button = _button(text, f"How it went: {text.replace('&', '')}")
            button.clicked.connect(lambda _=False, o=outcome: self.set_outcome(o))
            outcome_row.addWidget(button)
            self.outcome_buttons[outcome] = button
        outcome_row.addStretch(1)
        body.addLayout(outcome_row)
        undo_row = QHBoxLayout()
        self.delete_ask_button = _button("Delete", "Delete the chosen ask (can be undone)")
        undo_row.addWidget(self.delete_ask_button)
        self.undo_button = _button("&Undo delete", "Undo: bring back what was deleted")
        self.undo_button.hide()
        undo_row.addWidget(self.undo_button)
        self.status = role_label("", "muted", wrap=True)
        undo_row.addWidget(self.status, 1)
        body.addLayout(undo_row)
        layout.addStretch(1)

        self.add_button.clicked.connect(lambda: self.edit_person(None))
        self.edit_button.clicked.connect(self._edit_current)
        self.people_list.itemActivated.connect(lambda _item: self._edit_current())
        self.copy_button.clicked.connect(self._copy_current)
        self.delete_person_button.clicked.connect(self._delete_person)
        self.build_button.clicked.connect(lambda: self.open_builder())
        self.delete_ask_button.clicked.connect(self._delete_ask)
        self.undo_button.clicked.connect(self.undo_delete)
        self.people_list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.asks_list.currentRowChanged.connect(lambda _row: self._update_buttons())
        undo = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), home)
        undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo.activated.connect(self.undo_delete)
        return self._scrolled(home)

    # -- reading -------------------------------------------------------------------------

    def reload(self) -> None:
        if self.words is None:
            return
        people = read_people(self.ctx)
        try:
            asks = AskStore(self.ctx.store).all() if people is not None else None
        except StoreError:
            asks = None
        locked = people is None or asks is None
        self.locked_note.setVisible(locked)
        self.content.setVisible(not locked)
        self.people = people or []
        self.asks = asks or []
        self._fill_people()
        self._fill_asks()
        self._update_buttons()

    def _fill_people(self) -> None:
        chosen = self._current(self.people_list)
        self.people_list.clear()
        for person in self.people:
            lines = [person.name]
            if person.helps_text():
                lines.append(f"Helps with: {person.helps_text()}")
            if person.reach:
                lines.append(f"Reach: {person.reach}")
            item = QListWidgetItem("\n".join(lines))
            item.setData(UID_ROLE, person.uid)
            self.people_list.addItem(item)
            if person.uid == chosen:
                self.people_list.setCurrentItem(item)
        self.people_empty.setVisible(not self.people)
        self.people_list.setVisible(bool(self.people))

    def _fill_asks(self) -> None:
        chosen = self._current(self.asks_list)
        self.asks_list.clear()
        names = {p.uid: p.name for p in self.people}
        for ask in self.asks:
            head = [short_when(ask.asked_utc)]
            if ask.worry:
                head.append(f"“{ask.worry}”")
            if ask.person_uid in names:
                head.append(f"to {names[ask.person_uid]}")
            head.append(ask.outcome_words)
            first = " ".join(ask.message.split())
            if len(first) > 160:
                first = first[:160] + "…"
            item = QListWidgetItem(" · ".join(head) + "\n" + first)
            item.setData(UID_ROLE, ask.uid)
            self.asks_list.addItem(item)
            if ask.uid == chosen:
                self.asks_list.setCurrentItem(item)
        self.asks_empty.setVisible(not self.asks)
        self.asks_list.setVisible(bool(self.asks))

    @staticmethod
    def _current(listing: QListWidget) -> str | None:
        item = listing.currentItem()
        return None if item is None else item.data(UID_ROLE)

    def _person(self) -> SafePerson | None:
        uid = self._current(self.people_list)
        return next((p for p in self.people if p.uid == uid), None)

    def _update_buttons(self) -> None:
        person = self._person()
        self.edit_button.setEnabled(person is not None)
        self.delete_person_button.setEnabled(person is not None)
        self.copy_button.setEnabled(person is not None and bool(person.message.strip()))
        has_ask = self._current(self.asks_list) is not None
        for button in (*self.outcome_buttons.values(), self.delete_ask_button):
            button.setEnabled(has_ask)

    # -- safe people -----------------------------------------------------------------------

    def edit_person(self, person: SafePerson | None) -> None:
        self.editor.start(person)
        self.stack.show_step(Step.PERSON)
        self.editor.name.setFocus()

    def _edit_current(self) -> None:
        person = self._person()
        if person is not None:
            self.edit_person(person)

    def _save_person(self, person: SafePerson) -> None:
        def saved(kept: SafePerson) -> None:
            self.show_home()
            self._select(self.people_list, kept.uid)
            self._say(f"{kept.name} is on your list.")

        def failed(error: Exception) -> None:
            self.editor.status.setText(f"Not saved: {error}")

        reach_ops.save_person(self.ctx, person, initiator=self, on_success=saved,
                              on_failure=failed)

    def _copy_current(self) -> None:
        person = self._person()
        if person is None or not person.message.strip():
            return
        copy_to_clipboard(person.message)
        words = f"Copied your message for {person.name}. Paste it wherever you write to them."
        self.people_status.setText(words)
        announce(self.people_status, words)

    def _delete_person(self) -> None:
        person = self._person()
        if person is None:
            return
        reach_ops.delete_person(self.ctx, person.uid, initiator=self,
                                on_success=lambda _: self._deleted("person", person.uid,
                                                                   person.name))

    # -- asks --------------------------------------------------------------------------------

    def open_builder(self, facts: str = "", worksheet_uid: str | None = None) -> None:
        self.stack.show_step(Step.BUILDER)
        self.builder.open(people=self.people, asks=self.asks,
                          safety=self.safety_named(worksheet_uid), facts=facts)

    def safety_named(self, worksheet_uid: str | None = None) -> bool:
        """A worksheet names fear, control or harm: the one carried over, or any touched
        lately (core.asks.SAFETY_LOOKBACK_DAYS). When unsure (it can't be read), the
        safety card is the kinder mistake."""
        sheets = WorksheetStore(self.ctx.store)
        try:
            carried = sheets.load(worksheet_uid) if worksheet_uid else None
            if carried is not None and safety_flag_on(carried):
                return True
            return safety_named_recently(sheets.all())
        except (StoreError, ValueError):
            return True

    def set_outcome(self, outcome: str) -> None:
        uid = self._current(self.asks_list)
        if uid is None:
            return
        current = next((a for a in self.asks if a.uid == uid), None)
        # Choosing the outcome it already has clears it: "not said yet" again.
        value = None if current is not None and current.outcome == outcome else outcome
        reach_ops.set_outcome(self.ctx, uid, value, initiator=self,
                              on_success=lambda ask: self._outcome_set(ask))

    def _outcome_set(self, ask: Ask | None) -> None:
        self.reload()
        if ask is not None:
            self._select(self.asks_list, ask.uid)
            self._say(f"Kept: {ask.outcome_words.lower()}.")

    def _delete_ask(self) -> None:
        uid = self._current(self.asks_list)
        if uid is not None:
            reach_ops.delete_ask(self.ctx, uid, initiator=self,
                                 on_success=lambda _: self._deleted("ask", uid, "The ask"))

    def _deleted(self, kind: str, uid: str, name: str) -> None:
        self._undo = (kind, uid)
        self.reload()
        self.undo_button.show()
        self._say(f"{name} deleted. Undo brings it back until you leave this page.")

    def undo_delete(self) -> None:
        if self._undo is None:
            return
        kind, uid = self._undo
        self._undo = None
        undo = reach_ops.undelete_person if kind == "person" else reach_ops.undelete_ask
        listing = self.people_list if kind == "person" else self.asks_list

        def back(_: object) -> None:
            self.reload()
            self.undo_button.hide()
            self._select(listing, uid)
            self._say("Brought back.")

        undo(self.ctx, uid, initiator=self, on_success=back)

    def _say(self, words: str) -> None:
        self.status.setText(words)
        announce(self.status, words)

    @staticmethod
    def _select(listing: QListWidget, uid: str) -> None:
        for row in range(listing.count()):
            if listing.item(row).data(UID_ROLE) == uid:
                listing.setCurrentRow(row)
                listing.setFocus()
                return

    # -- page life --------------------------------------------------------------------------

    def show_home(self) -> None:
        if self.words is None:
            return
        self.stack.show_step(Step.HOME)
        self.reload()
        self.build_button.setFocus()

    def data_changed(self, notice: ChangeNotice) -> None:
        if notice.initiator is self or self.words is None:
            return
        if (notice.touches(Change.REACH | Change.LOCK | Change.ALL_DATA)
                and self.stack.step is Step.HOME):
            self.reload()

    def start_practice(self, options: dict[str, object]) -> None:
        """{"builder": True, "facts": the worksheet's situation, "worksheet": its uid}."""
        if self.words is None:
            return
        if options.get("builder"):
            facts = options.get("facts")
            uid = options.get("worksheet")
            self.reload()
            self.open_builder(facts if isinstance(facts, str) else "",
                              uid if isinstance(uid, str) else None)

    def page_shown(self) -> None:
        if self.words is not None and self.stack.step is Step.HOME:
            self.reload()

    def page_hidden(self) -> None:
        # Undo lasts until the person leaves the page; then what was deleted goes for good.
        if self._undo is not None:
            self._undo = None
            self.undo_button.hide()
            reach_ops.forget_deleted(self.ctx, initiator=self)
