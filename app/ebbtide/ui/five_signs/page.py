"""Five signs: a short, optional weekly check of how much each of the five signs of trust
wounds showed up this week (0–4), with an optional note, and "Why these five?", which
says where trust wounds come from and why each sign makes sense as protection.

One check a week (ISO weeks, Monday to Sunday): saving the same week again replaces it,
and last week can be filled in too. The chart lives in Progress (ui/five_signs/chart.py).
A weekly reminder comes only if the person turns it on here (core/reminders.py).
"""

from __future__ import annotations

from datetime import date
from enum import Enum

from PySide6.QtCore import QSize, Qt, QTime
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core import five_signs
from ebbtide.core.five_signs import FiveSignsStore, WeeklyCheck
from ebbtide.core.sealing import StoreError, StoreLocked
from ebbtide.core.settings import SettingKey
from ebbtide.ui.common.announce import announce
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.common.narrow import StackWhenNarrow
from ebbtide.ui.common.roles import set_role
from ebbtide.ui.common.safety import offer_gentle_card
from ebbtide.ui.common.steps import StepStack
from ebbtide.ui.context import UiContext
from ebbtide.ui.five_signs.scale import SignScale
from ebbtide.ui.operations import Change, ChangeNotice
from ebbtide.ui.operations.five_signs import save_check
from ebbtide.ui.page import Page
from ebbtide.ui.registry import PageKey
from ebbtide.ui.theme import margins, space

SIDE_BY_SIDE_FROM = 640  # px: a sign's words and its scale side by side
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LOCKED = "Ebbtide is locked. Unlock it to see or change your weekly check."


class Step(Enum):
    CHECK = "check"
    WHY = "why"


class FiveSignsPage(Page):
    title = "Five signs"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(ctx, parent)
        self.words = five_signs.load_five_signs()
        self._today = today  # tests fix the day; the app asks the clock each time
        self.loaded: WeeklyCheck | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(margins("xl", "l"))
        self.steps = StepStack()
        outer.addWidget(self.steps)
        self.steps.add_step(Step.CHECK, _narrow(self._build_check(), 1000))
        self.steps.add_step(Step.WHY, _narrow(self._build_why(), 820))
        self.show_step(Step.CHECK)

    # -- the check ---------------------------------------------------------------------------

    def _build_check(self) -> QWidget:
        view = QWidget()
        col = QVBoxLayout(view)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(space("s"))  # snug: the whole check fits a usual window
        heading = role_label("The weekly check", "title")
        col.addWidget(heading)
        col.addWidget(WrapLabel(
            "How much did each of these show up this week? No right answers; "
            "leave out any you like.",
            "subtitle"))

        weeks = QHBoxLayout()
        weeks.setSpacing(space("s"))
        weeks.addWidget(QLabel("For:"))
        self.week_group = QButtonGroup(self)
        self.this_week = QPushButton()
        self.last_week = QPushButton()
        for button in (self.this_week, self.last_week):
            button.setCheckable(True)
            set_role(button, "radio")
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            self.week_group.addButton(button)
            weeks.addWidget(button)
        # Which days the week is, beside the choice (room for the five signs below it).
        self.week_note = WrapLabel("", "muted")
        weeks.addSpacing(space("s"))
        weeks.addWidget(self.week_note, 1)
        self.this_week.setChecked(True)
        self.week_group.buttonToggled.connect(self._week_toggled)
        col.addLayout(weeks)

        self.scales: list[SignScale] = []
        for sign in self.words.signs:
            row = QHBoxLayout()
            row.setSpacing(space("s"))
            # Plain text in two labels: a rich-text label misjudges its wrapped height.
            name = role_label(sign.name, "strong")
            line = WrapLabel(sign.line)
            text = QWidget()
            words = QVBoxLayout(text)
            words.setContentsMargins(0, 0, 0, 0)
            words.setSpacing(0)
            words.addWidget(name)
            words.addWidget(line)
            scale = SignScale(sign.name, self.words.labels)
            scale.setAccessibleDescription(f"{sign.line} " + scale.accessibleDescription())
            name.setBuddy(scale)
            row.addWidget(text, 1)
            row.addWidget(scale, 0, Qt.AlignmentFlag.AlignVCenter)
            col.addLayout(row)
            # Narrow, the scale goes under its words rather than squeezing them.
            StackWhenNarrow(view, row, below=SIDE_BY_SIDE_FROM)
            self.scales.append(scale)
        col.addWidget(WrapLabel("  ·  ".join(f"{n} {w.lower()}" for n, w in
                                             enumerate(self.words.labels)), "muted"))

        note_label = QLabel("A note, if you like (only you can read it):")
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("A note for this week")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText("What was this week like?")
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 2 + 20)
        note_label.setBuddy(self.note)
        col.addWidget(note_label)
        col.addWidget(self.note)

        actions = QHBoxLayout()
        self.save_button = QPushButton("Save this week")
        self.save_button.setProperty("role", "primary")
        self.save_button.setAccessibleName("Save this week's check")
        self.save_button.clicked.connect(self.save)
        self.why_button = QPushButton("Why these five?")
        self.why_button.setAccessibleName("Why these five? Where trust wounds come from")
        self.why_button.clicked.connect(lambda: self.show_step(Step.WHY))
        self.chart_button = QPushButton("See the chart")
        self.chart_button.setAccessibleName("See the chart in Progress")
        self.chart_button.clicked.connect(self.open_chart)
        for button in (self.save_button, self.why_button, self.chart_button):
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            actions.addWidget(button)
        actions.addStretch(1)
        col.addLayout(actions)
        self.status = WrapLabel("", "muted")
        self.status.hide()  # until there is something to say
        col.addWidget(self.status)

        col.addWidget(self._build_reminder())
        col.addStretch(1)
        return view

    def _build_reminder(self) -> QWidget:
        """Off until the person asks; then once a week at the day and time they choose,
        through the reminders every other one uses (quiet hours and the daily cap too)."""
        box = QFrame()
        row = QHBoxLayout(box)  # one line: a check shouldn't need scrolling for its reminder
        row.setContentsMargins(margins(0, "xs", 0))
        settings = self.ctx.settings
        self.remind = QCheckBox("Remind me gently each week")
        self.remind.setAccessibleName("Remind me gently each week")
        self.remind.setChecked(bool(settings[SettingKey.SIGNS_REMINDER_ON]))
        self.remind_day = QComboBox()
        self.remind_day.setAccessibleName("Day of the weekly reminder")
        self.remind_day.addItems(WEEKDAYS)
        self.remind_day.setCurrentIndex(int(settings[SettingKey.SIGNS_REMINDER_DAY]))
        self.remind_at = QTimeEdit(QTime.fromString(settings[SettingKey.SIGNS_REMINDER_AT],
                                                    "HH:mm"))
        self.remind_at.setDisplayFormat("HH:mm")
        self.remind_at.setAccessibleName("Time of the weekly reminder")
        on_label, at_label = QLabel("On"), QLabel("at")
        on_label.setBuddy(self.remind_day)
        at_label.setBuddy(self.remind_at)
        for widget in (self.remind, on_label, self.remind_day, at_label, self.remind_at):
            row.addWidget(widget)
        row.addStretch(1)
        self.remind.toggled.connect(
            lambda on: self.ctx.set_setting(SettingKey.SIGNS_REMINDER_ON, on))
        self.remind_day.currentIndexChanged.connect(
            lambda i: self.ctx.set_setting(SettingKey.SIGNS_REMINDER_DAY, int(i)))
        self.remind_at.timeChanged.connect(
            lambda t: self.ctx.set_setting(SettingKey.SIGNS_REMINDER_AT, t.toString("HH:mm")))
        return box

    # -- why these five ------------------------------------------------------------------------

    def _build_why(self) -> QWidget:
        view = QWidget()
        col = QVBoxLayout(view)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(space("m"))
        heading = role_label(self.words.why_title, "title")
        col.addWidget(heading)
        for paragraph in self.words.intro:
            col.addWidget(_reading(paragraph))
        for sign in self.words.signs:
            block = QWidget()  # a sign's name sits with its words, apart from the rest
            pair = QVBoxLayout(block)
            pair.setContentsMargins(margins(0, "xs", 0))
            pair.setSpacing(space("xs"))
            pair.addWidget(role_label(sign.name, "strong"))
            pair.addWidget(_reading(sign.why))
            col.addWidget(block)
        for paragraph in self.words.outro:
            col.addWidget(_reading(paragraph))
        col.addWidget(WrapLabel(self.words.source, "muted"))
        row = QHBoxLayout()
        self.back_button = QPushButton("Back to the check")
        self.back_button.setProperty("role", "primary")
        self.back_button.setAccessibleName("Back to the weekly check")
        self.back_button.clicked.connect(lambda: self.show_step(Step.CHECK))
        self.back_button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        row.addWidget(self.back_button)
        row.addStretch(1)
        col.addLayout(row)
        col.addStretch(1)
        return view

    # -- moving about ----------------------------------------------------------------------------

    def show_step(self, step: Step) -> None:
        # Only the step on show asks for room: a long hidden step would otherwise make
        # the page scroll for nothing.
        for other in Step:
            policy = (QSizePolicy.Policy.Preferred if other is step
                      else QSizePolicy.Policy.Ignored)
            self.steps.view(other).setSizePolicy(policy, policy)
        self.steps.show_step(step)
        if step is Step.WHY:
            self.back_button.setFocus()
        else:
            self.scales[0].setFocus()

    def start_practice(self, options: dict[str, object]) -> None:
        self.show_step(Step.WHY if options.get("step") == "why" else Step.CHECK)

    def open_chart(self) -> None:
        self.ctx.practice_requested.emit(PageKey.PROGRESS, {"tab": "five_signs"})

    def page_shown(self) -> None:
        self._label_weeks()
        self.load_week()

    # -- the data ----------------------------------------------------------------------------------

    def today(self) -> date:
        return self._today or date.today()

    def chosen_week(self) -> str:
        week = five_signs.week_of(self.today())
        return five_signs.previous_week(week) if self.last_week.isChecked() else week

    def _label_weeks(self) -> None:
        this = five_signs.week_of(self.today())
        last = five_signs.previous_week(this)
        for button, words, week in ((self.this_week, "This week", this),
                                    (self.last_week, "Last week", last)):
            button.setText(words)
            button.setToolTip(five_signs.week_words(week))
            button.setAccessibleName(f"{words}, {five_signs.week_words(week)}")

    def _week_toggled(self, _button: QPushButton, on: bool) -> None:
        if on:
            self.load_week()

    def load_week(self) -> None:
        """Show the chosen week's check, or empty scales for a week not checked yet."""
        week = self.chosen_week()
        try:
            check = FiveSignsStore(self.ctx.store).load(week)
        except StoreLocked:
            self._set_enabled(False)
            self.week_note.setText(LOCKED)
            return
        except StoreError as exc:
            self.week_note.setText(str(exc))
            return
        self._set_enabled(True)
        self.loaded = check
        for sign, scale in zip(self.words.signs, self.scales, strict=True):
            scale.setValue(None if check is None else check.scores.get(sign.id), quiet=True)
        self.note.setPlainText("" if check is None else check.note)
        when = f"Monday to Sunday, {five_signs.week_words(week)}."
        self.week_note.setText(
            when if check is None else
            f"{when} You filled this week in already: change anything, and saving "
            "replaces it.")
        self.status.setText("")
        self.status.hide()

    def _set_enabled(self, on: bool) -> None:
        for widget in (*self.scales, self.note, self.save_button):
            widget.setEnabled(on)

    def current_check(self) -> WeeklyCheck:
        scores = {sign.id: scale.value() for sign, scale in
                  zip(self.words.signs, self.scales, strict=True) if scale.value() is not None}
        check = WeeklyCheck(week=self.chosen_week(),
                            scores={k: int(v) for k, v in scores.items() if v is not None},
                            note=self.note.toPlainText())
        if self.loaded is not None and self.loaded.week == check.week:
            check.uid, check.created_utc = self.loaded.uid, self.loaded.created_utc
        return check

    def save(self) -> None:
        check = self.current_check()
        if check.is_empty() and self.loaded is None:
            self._say("Nothing to save yet: choose a number for any of the signs, or "
                      "write a note.")
            return

        def saved(kept: WeeklyCheck) -> None:
            self.loaded = kept
            self.week_note.setText(f"Monday to Sunday, {five_signs.week_words(kept.week)}. "
                                   "Saved: changing anything and saving again replaces it.")
            self._say(f"Saved for the week of {five_signs.week_words(kept.week)}. Thank you "
                      "for taking a moment with this.")
            if kept.note:  # very hard words in the note: help first, kindly
                offer_gentle_card(self.ctx, self, None, [kept.note])

        def failed(error: Exception) -> None:
            if not isinstance(error, StoreError):
                raise error
            self._say(f"That couldn't be saved: {error}")

        save_check(self.ctx, check, initiator=self, on_success=saved, on_failure=failed)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))
        announce(self.status, text)

    def data_changed(self, notice: ChangeNotice) -> None:
        if notice.initiator is self:
            return
        if notice.touches(Change.FIVE_SIGNS | Change.ALL_DATA | Change.LOCK) \
                and self.isVisible():
            self.load_week()


def _narrow(content: QWidget, most: int) -> QWidget:
    """`content` no wider than `most`, at the left: on a wide screen the scales stay
    near their words and lines stay easy to read."""
    content.setMaximumWidth(most)
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(content, 1)
    row.addStretch(0)
    return holder


class WrapLabel(QLabel):
    """Wrapped words that always get the height they need at the width they have. (The
    page sits in a step stack, which does not pass height-for-width up to the window's
    scrolling frame: so the label asks for that height as its minimum, and the page
    scrolls rather than clipping a line.)"""

    def __init__(self, text: str = "", role: str = "") -> None:
        super().__init__(text)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        if role:
            self.setProperty("role", role)
        # As tall as the words, no taller: spare height goes below everything.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.minimumHeight()) if self.minimumHeight() else hint

    def hasHeightForWidth(self) -> bool:
        # The minimum height says it all: the page's own minimum is then exact, which
        # the window's scrolling frame goes by.
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit(event.size().width())

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit(self.width())

    def _fit(self, width: int) -> None:
        # Measured from the words themselves: QLabel.heightForWidth would count the
        # minimum set here last time, and never let a label shrink again.
        if width <= 0 or not self.text():
            return
        margins = self.contentsMargins()
        room = width - margins.left() - margins.right() - 2 * self.margin()
        flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
        text = self.text() if self.textFormat() != Qt.TextFormat.RichText else ""
        if not text:
            return
        need = self.fontMetrics().boundingRect(0, 0, max(room, 1), 100_000, flags, text).height()
        need += margins.top() + margins.bottom() + 2 * self.margin()
        if need != self.minimumHeight():
            self.setMinimumHeight(need)


def _reading(text: str) -> QLabel:
    """A paragraph to read: wrapped, never wider than is easy to follow."""
    return WrapLabel(text)
