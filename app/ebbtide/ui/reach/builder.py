"""The reassurance request builder: the worry named, then the facts, the feeling, the
ask and why it helps both, a preview to edit freely, and Copy. Before the steps, the
one-ask-per-worry check; instead of all of it, the safety card when a worksheet names
fear, control or harm (core/asks.py says why)."""

from __future__ import annotations

import time
from enum import Enum, auto

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.asks import (
    FIELD_IDS,
    Ask,
    AskStep,
    ReachWords,
    compose_message,
    recent_ask,
)
from ebbtide.core.notice import short_when
from ebbtide.core.safe_people import SafePerson
from ebbtide.ui.common.announce import announce
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.common.safety import SafetyCard
from ebbtide.ui.common.steps import StepStack
from ebbtide.ui.context import UiContext
from ebbtide.ui.operations import reach as reach_ops
from ebbtide.ui.reach.people import copy_to_clipboard
from ebbtide.ui.theme import space

# What the loop view offers instead of a second ask (as the worksheet's next step does).
PRACTICES: dict[str, tuple[str, dict[str, object]]] = {
    "breathe": ("Breathe for a few minutes", {"pattern": "extended-exhale", "minutes": 3}),
    "listen": ("Listen: Now, or then?", {"meditation": "now-or-then"}),
}


class View(Enum):
    """Where the builder is. The guided steps are STEP (which one: `step_index`)."""

    SAFETY = auto()
    STEP = auto()
    LOOP = auto()
    PREVIEW = auto()


class StepView(QWidget):
    """One guided step: its title, a gentle lead, and a box for each of its fields."""

    entered = Signal()  # Enter pressed in a one-line box

    def __init__(self, step: AskStep, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step = step
        self.layout_ = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(space("s"))
        self.title = role_label(step.title, "heading")
        layout.addWidget(self.title)
        layout.addWidget(role_label(step.lead, wrap=True))
        self.boxes: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.extra = QVBoxLayout()  # the worry step adds "who it is for" here
        for f in step.fields:
            box: QLineEdit | QPlainTextEdit
            if f.id == "worry":
                box = QLineEdit()
                box.setMaxLength(80)
                box.returnPressed.connect(self.entered.emit)  # Enter in a line goes on
            else:
                box = QPlainTextEdit()
                box.setTabChangesFocus(True)
                box.setFixedHeight(box.fontMetrics().lineSpacing() * 3 + 18)
            box.setAccessibleName(f.label)
            box.setPlaceholderText(f.placeholder)
            label = QLabel(f.label)
            label.setProperty("role", "strong")
            label.setWordWrap(True)
            label.setBuddy(box)
            layout.addWidget(label)
            layout.addWidget(box)
            self.boxes[f.id] = box
        layout.addLayout(self.extra)
        layout.addStretch(1)

    def first_box(self) -> QWidget:
        return next(iter(self.boxes.values()))


def _scrolled(view: QWidget) -> QScrollArea:
    """A view that scrolls in a small window; the builder's buttons stay in view below.
    (The preview does not: its box takes the room, and Copy stays under it.)"""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(view)
    return scroll


def _text(box: QLineEdit | QPlainTextEdit) -> str:
    return box.text() if isinstance(box, QLineEdit) else box.toPlainText()


def _set(box: QLineEdit | QPlainTextEdit, text: str) -> None:
    if isinstance(box, QLineEdit):
        box.setText(text)
    else:
        box.setPlainText(text)


class AskBuilder(QWidget):
    closed = Signal()
    saved = Signal(object)  # the Ask, once kept

    def __init__(self, ctx: UiContext, words: ReachWords, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.words = words
        self.ask = Ask()
        self.asks: list[Ask] = []  # the history, for the one-ask-per-worry check
        self.step_index = 0
        self.went_on = False  # the person chose to go on past the loop view
        self.setMaximumWidth(980)  # a message-sized column, even on a wide screen
        self._composed_from: tuple[str, ...] | None = None
        self._kept = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(space("m"))
        self.title = role_label(words.asks_title, "title", wrap=True)
        outer.addWidget(self.title)
        self.where = role_label("", "muted")
        outer.addWidget(self.where)
        self.stack = StepStack()
        outer.addWidget(self.stack, 1)

        # -- safety -------------------------------------------------------------------------
        safety = QWidget()
        sl = QVBoxLayout(safety)
        sl.setContentsMargins(0, 0, 0, 0)
        self.safety_text = role_label(words.safety_text, wrap=True)
        sl.addWidget(self.safety_text)
        self.safety_card = SafetyCard(ctx)
        sl.addWidget(self.safety_card)
        sl.addStretch(1)
        self.stack.add_step(View.SAFETY, _scrolled(safety))

        # -- the guided steps ----------------------------------------------------------------
        # The steps are data: which one shows is `step_index`, kept here.
        self.step_stack = QStackedWidget()
        self.step_views: list[StepView] = []
        for step in words.steps:
            view = StepView(step)
            self.step_views.append(view)
            self.step_stack.addWidget(view)
        first = self.step_views[0]
        first.layout_.insertWidget(0, role_label(words.asks_intro, "notice", wrap=True))
        first.layout_.insertWidget(1, role_label(words.asks_source, "muted", wrap=True))
        self.person = QComboBox()
        self.person.setAccessibleName("Who it is for (you can leave this)")
        who = QLabel("&Who it is for")
        who.setProperty("role", "strong")
        who.setBuddy(self.person)
        worry_view = next((v for v in self.step_views if "worry" in v.boxes), first)
        worry_view.extra.addWidget(who)
        worry_view.extra.addWidget(self.person)
        self.stack.add_step(View.STEP, _scrolled(self.step_stack))

        # -- one ask per worry ---------------------------------------------------------------
        loop = QWidget()
        ll = QVBoxLayout(loop)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.setSpacing(space("s"))
        ll.addWidget(role_label(words.loop_title, "heading", wrap=True))
        ll.addWidget(role_label(words.loop_text, wrap=True))
        self.earlier = role_label("", "notice", wrap=True)
        self.earlier.setTextFormat(Qt.TextFormat.PlainText)
        ll.addWidget(self.earlier)
        practices = QHBoxLayout()
        self.practice_buttons: dict[str, QPushButton] = {}
        for key, (label, options) in PRACTICES.items():
            button = QPushButton(label)
            button.setAccessibleName(label)
            button.clicked.connect(lambda _=False, k=key, o=options:
                                   ctx.practice_requested.emit(k, o))
            practices.addWidget(button)
            self.practice_buttons[key] = button
        practices.addStretch(1)
        ll.addLayout(practices)
        self.practice_buttons["breathe"].setProperty("role", "primary")
        self.go_on_button = QPushButton(words.loop_go_on)
        self.go_on_button.setAccessibleName(words.loop_go_on)
        self.go_on_button.clicked.connect(self._go_on)
        go_on_row = QHBoxLayout()
        go_on_row.addWidget(self.go_on_button)
        go_on_row.addStretch(1)
        ll.addLayout(go_on_row)
        ll.addStretch(1)
        self.stack.add_step(View.LOOP, _scrolled(loop))

        # -- preview -------------------------------------------------------------------------
        preview = QWidget()
        pl = QVBoxLayout(preview)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.setSpacing(space("s"))
        pl.addWidget(role_label(words.preview_title, "heading"))
        pl.addWidget(role_label(words.preview_lead, wrap=True))
        self.message = QPlainTextEdit()
        self.message.setAccessibleName("Your message, to edit freely")
        self.message.setTabChangesFocus(True)
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 5 + 18)
        pl.addWidget(self.message, 1)
        self.copy_button = QPushButton("&Copy message")
        self.copy_button.setProperty("role", "primary")
        self.copy_button.setAccessibleName("Copy message")
        self.copy_button.clicked.connect(self.copy)
        self.status = role_label("", "muted", wrap=True)
        copy_row = QHBoxLayout()
        copy_row.addWidget(self.copy_button)
        copy_row.addWidget(self.status, 1)
        pl.addLayout(copy_row)
        self.stack.add_step(View.PREVIEW, preview)

        # -- moving --------------------------------------------------------------------------
        buttons = QHBoxLayout()
        self.back_button = QPushButton("&Back")
        self.back_button.setAccessibleName("Back")
        self.next_button = QPushButton("&Next")
        self.next_button.setProperty("role", "primary")
        self.next_button.setAccessibleName("Next")
        self.close_button = QPushButton("C&lose")
        self.close_button.setAccessibleName("Close the builder")
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        outer.addLayout(buttons)
        for view in self.step_views:
            view.entered.connect(self.next)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.close_builder)

    # -- opening -------------------------------------------------------------------------

    def open(self, *, people: list[SafePerson], asks: list[Ask], safety: bool,
             facts: str = "", person_uid: str | None = None) -> None:
        """Start a new ask; `facts` carries a worksheet's situation over."""
        self.ask = Ask(facts=facts, person_uid=person_uid)
        self.asks = asks
        self.went_on = False
        self._composed_from = None
        self._kept = False
        self.status.setText("")
        self.message.clear()
        for view in self.step_views:
            for field_id, box in view.boxes.items():
                _set(box, getattr(self.ask, field_id))
        self.person.clear()
        self.person.addItem("No one in particular", None)
        for p in people:
            self.person.addItem(p.name, p.uid)
        index = self.person.findData(person_uid) if person_uid else 0
        self.person.setCurrentIndex(max(index, 0))
        self.title.setText("Your safety comes first" if safety else self.words.asks_title)
        if safety:
            self.safety_card.refresh()
            self._show(View.SAFETY)
            self.close_button.setFocus()
        else:
            self.show_step(0)

    @property
    def view(self) -> View | None:
        step = self.stack.step
        return step if isinstance(step, View) else None

    def _show(self, view: View) -> None:
        self.stack.show_step(view)
        in_steps = view is View.STEP
        self.back_button.setVisible(view in (View.STEP, View.LOOP, View.PREVIEW))
        self.back_button.setEnabled(not (in_steps and self.step_index == 0))
        self.next_button.setVisible(in_steps)
        count = len(self.step_views)
        if in_steps:
            self.where.setText(f"Step {self.step_index + 1} of {count + 1}")
        elif view is View.PREVIEW:
            self.where.setText(f"Step {count + 1} of {count + 1}")
        else:
            self.where.setText("")
        self.where.setVisible(bool(self.where.text()))

    def show_step(self, index: int) -> None:
        self.step_index = index
        self.step_stack.setCurrentWidget(self.step_views[index])
        self._show(View.STEP)
        self.step_views[index].first_box().setFocus()

    # -- moving ----------------------------------------------------------------------------

    def read_steps(self) -> Ask:
        for view in self.step_views:
            for field_id, box in view.boxes.items():
                setattr(self.ask, field_id, _text(box).strip())
        self.ask.person_uid = self.person.currentData()
        return self.ask

    def next(self) -> None:
        if self.view is not View.STEP:
            return
        self.read_steps()
        view = self.step_views[self.step_index]
        if "worry" in view.boxes and not self.went_on:
            earlier = recent_ask(self.asks, self.ask.worry)
            if earlier is not None:
                self.show_loop(earlier)
                return
        if self.step_index + 1 < len(self.step_views):
            self.show_step(self.step_index + 1)
        else:
            self.show_preview()

    def back(self) -> None:
        if self.view is View.PREVIEW:
            self.show_step(len(self.step_views) - 1)
        elif self.view is View.LOOP:
            self.show_step(self.step_index)
        elif self.view is View.STEP and self.step_index > 0:
            self.read_steps()
            self.show_step(self.step_index - 1)

    def show_loop(self, earlier: Ask) -> None:
        said = earlier.message.strip() or "(no message kept)"
        self.earlier.setText(f"On {short_when(earlier.asked_utc)} you asked about "
                             f"“{earlier.worry}”:\n\n{said}\n\nHow it went: "
                             f"{earlier.outcome_words}.")
        self._show(View.LOOP)
        self.practice_buttons["breathe"].setFocus()

    def _go_on(self) -> None:
        """Going on is the person's choice, and it is respected without a second word."""
        self.went_on = True
        self.show_step(min(self.step_index + 1, len(self.step_views) - 1))

    def show_preview(self) -> None:
        source = tuple(getattr(self.ask, f) for f in FIELD_IDS)
        # Their own edits stay unless the steps changed since the message was made.
        if source != self._composed_from or not self.message.toPlainText().strip():
            self.message.setPlainText(compose_message(self.words, self.ask))
            self._composed_from = source
        self._show(View.PREVIEW)
        self.message.setFocus()

    # -- copy and keep ------------------------------------------------------------------------

    def copy(self) -> None:
        text = self.message.toPlainText().strip()
        if not text:
            self.status.setText("There's nothing to copy yet: write a few words above.")
            self.message.setFocus()
            return
        copy_to_clipboard(text)
        self.ask.message = text
        if not self._kept:
            self.ask.asked_utc = time.time()
        self._kept = True
        reach_ops.save_ask(self.ctx, self.ask, initiator=self, on_success=self._saved,
                           on_failure=self._not_saved)
        self.status.setText(self.words.copied)
        announce(self.status, self.words.copied)

    def _saved(self, ask: Ask) -> None:
        self.saved.emit(ask)

    def _not_saved(self, error: Exception) -> None:
        self.status.setText("Copied, but it couldn't be kept in your asks just now "
                            f"({error}).")

    def close_builder(self) -> None:
        self.closed.emit()

