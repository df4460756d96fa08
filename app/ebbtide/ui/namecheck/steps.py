"""The ten steps of the worksheet as views. Each view writes what the person enters
straight into the Worksheet it was given and says `changed`; `load` shows a worksheet
without raising `changed`. Text boxes are plain text only (pasted formatting is
dropped, the words are kept), and Tab moves on rather than typing a tab."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.feelings import Vocabulary
from ebbtide.core.keys import load_keys
from ebbtide.core.notice import EvidenceEntry, load_notice_words
from ebbtide.core.notice_links import keep_quotes_in_text, quote_evidence
from ebbtide.core.notice_store import NoticeStore
from ebbtide.core.sealing import StoreError
from ebbtide.core.traps import Traps
from ebbtide.core.worksheet import (
    MAX_TEXT,
    StepText,
    Worksheet,
    WorksheetPrompts,
    safety_flag_on,
    visible_prompts,
)
from ebbtide.ui import theme
from ebbtide.ui.common.announce import announce
from ebbtide.ui.common.discard import discard
from ebbtide.ui.common.distress import DistressScale
from ebbtide.ui.common.flow import FlowLayout
from ebbtide.ui.common.safety import SafetyCard
from ebbtide.ui.context import UiContext
from ebbtide.ui.namecheck.feelings_body import BodyPlaces
from ebbtide.ui.namecheck.feelings_picker import FeelingRow, FeelingsPicker, meaning_of
from ebbtide.ui.namecheck.rating import RatingInput
from ebbtide.ui.reach.people import CompactPeople
from ebbtide.ui.theme import space


def label(text: str, role: str | None = None, buddy: QWidget | None = None) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(True)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        widget.setProperty("role", role)
    if buddy is not None:
        widget.setBuddy(buddy)
    return widget


class PlainField(QPlainTextEdit):
    """A plain-text box bound to one piece of the worksheet."""

    edited = Signal()

    def __init__(self, name: str, placeholder: str = "", min_lines: int = 3) -> None:
        super().__init__()
        self.setAccessibleName(name)
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * min_lines + 16)
        self.textChanged.connect(self._changed)
        self._loading = False

    def set_text(self, text: str) -> None:
        if self.toPlainText() != text:
            self._loading = True
            self.setPlainText(text)
            self._loading = False

    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit()


class HintsBox(QWidget):
    """Hint questions, shown only when asked for."""

    def __init__(self, hints: tuple[str, ...], button_text: str = "Show some questions to help"
                 ) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.button = QPushButton(button_text)
        self.button.setCheckable(True)
        self.button.setAccessibleName(button_text)
        self.text = label("\n".join(f"• {h}" for h in hints), "notice")
        self.text.hide()
        self.button.toggled.connect(self.text.setVisible)
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.text)


class StepView(QWidget):
    changed = Signal()

    def __init__(self, step: StepText) -> None:
        super().__init__()
        self.step = step
        self.sheet = Worksheet()
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, space("l"), 0)  # room for the scroll bar
        self.layout_.setSpacing(space("m"))
        self.layout_.addWidget(label(step.lead, "subtitle"))
        if step.source:
            self.layout_.addWidget(label(step.source, "muted"))
        self._loading = False

    def load(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self._loading = True
        try:
            self.show_sheet(sheet)
        finally:
            self._loading = False

    def show_sheet(self, sheet: Worksheet) -> None:
        raise NotImplementedError

    def first_focus(self) -> QWidget:
        raise NotImplementedError

    def _set(self, apply: Callable[[], None]) -> None:
        if not self._loading:
            apply()
            self.changed.emit()

    def bind_text(self, field: PlainField, attr: str) -> None:
        field.edited.connect(lambda: self._set(
            lambda: setattr(self.sheet, attr, field.toPlainText())))

    def bind_answer(self, field: PlainField, question_id: str) -> None:
        field.edited.connect(lambda: self._set(
            lambda: self.sheet.answers.__setitem__(question_id, field.toPlainText())))

    def add_choices(self, question: str, choices: dict[str, str], attr: str) -> QButtonGroup:
        self.layout_.addWidget(label(question))
        row = QHBoxLayout()
        group = QButtonGroup(self)
        for n, (choice_id, text) in enumerate(choices.items()):
            radio = QRadioButton(text)
            radio.setAccessibleName(f"{question} {text}")
            radio.setProperty("choice", choice_id)
            group.addButton(radio, n)
            row.addWidget(radio)
        row.addStretch(1)
        self.layout_.addLayout(row)
        def chosen(button: QAbstractButton, on: bool) -> None:
            if on:
                self._set(lambda: setattr(self.sheet, attr, str(button.property("choice"))))

        group.buttonToggled.connect(chosen)
        return group

    @staticmethod
    def show_choice(group: QButtonGroup, value: str) -> None:
        group.setExclusive(False)
        for button in group.buttons():
            button.setChecked(button.property("choice") == value)
        group.setExclusive(True)



class SituationStep(StepView):
    def __init__(self, step: StepText, prompts: WorksheetPrompts) -> None:
        super().__init__(step)
        self.distress = DistressScale("Distress at the start")
        self.layout_.addWidget(label(prompts.distress_before, buddy=self.distress))
        self.layout_.addWidget(self.distress)
        self.layout_.addWidget(label(prompts.distress_scale, "muted"))
        self.field = PlainField("What happened, as a camera would have seen it",
                                step.placeholder, min_lines=5)
        self.layout_.addWidget(label("What happened:", buddy=self.field))
        self.layout_.addWidget(self.field, 1)
        self.layout_.addWidget(HintsBox(step.hints))
        self.distress.valueChanged.connect(
            lambda v: self._set(lambda: setattr(self.sheet, "distress_before", v)))
        self.bind_text(self.field, "situation")

    def show_sheet(self, sheet: Worksheet) -> None:
        self.distress.setValue(sheet.distress_before)
        self.field.set_text(sheet.situation)

    def first_focus(self) -> QWidget:
        return self.distress


class FeelingsStep(StepView):
    def __init__(self, step: StepText, vocabulary: Vocabulary, own_words: list[str]) -> None:
        super().__init__(step)
        self.picker = FeelingsPicker(vocabulary, own_words)
        self.layout_.addWidget(self.picker)
        self.body = BodyPlaces(vocabulary.body_places)
        self.layout_.addWidget(label("Where do you feel it in your body? Tick any that fit."))
        self.layout_.addWidget(self.body)
        self.picker.changed.connect(lambda: self._set(lambda: None))
        self.body.changed.connect(
            lambda: self._set(lambda: setattr(self.sheet, "body_places", self.body.chosen())))
        # The urge: noticing it is not acting on it (DBT's check the facts asks for it).
        self.layout_.addWidget(label(step.urges_lead))
        self.urges: dict[str, QCheckBox] = {}
        urges_box = QWidget()
        urge_row = FlowLayout(urges_box, spacing=theme.space("l"))  # wraps when narrow
        for urge in step.urges:
            box = QCheckBox(urge.text)
            box.setAccessibleName(f"Urge: {urge.text}")
            box.toggled.connect(lambda _on: self._set(self._read_urges))
            urge_row.addWidget(box)
            self.urges[urge.id] = box
        self.layout_.addWidget(urges_box)
        self.own_urge = QLineEdit()
        self.own_urge.setPlaceholderText(step.own_urge_placeholder)
        self.own_urge.setAccessibleName("Another urge, in your own words")
        self.own_urge.setMaxLength(500)
        self.own_urge.textEdited.connect(
            lambda text: self._set(lambda: setattr(self.sheet, "own_urge", text)))
        self.layout_.addWidget(self.own_urge)

    def _read_urges(self) -> None:
        self.sheet.urges = [u for u, box in self.urges.items() if box.isChecked()]

    def show_sheet(self, sheet: Worksheet) -> None:
        self.picker.set_sheet(sheet)
        self.body.set_chosen(sheet.body_places)
        for urge_id, box in self.urges.items():
            box.setChecked(urge_id in sheet.urges)
        self.own_urge.setText(sheet.own_urge)

    def first_focus(self) -> QWidget:
        return self.picker.search


class ThoughtsStep(StepView):
    def __init__(self, step: StepText) -> None:
        super().__init__(step)
        self.field = PlainField("The thoughts that went through my mind, one a line",
                                step.placeholder, min_lines=5)
        self.layout_.addWidget(label("What went through my mind:", buddy=self.field))
        self.layout_.addWidget(self.field, 1)
        self.hot = QComboBox()
        self.hot.setEditable(True)
        self.hot_edit: QLineEdit
        self.hot.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.hot.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.hot.setMinimumContentsLength(20)
        self.hot.setAccessibleName("The hot thought: the one that hurts most")
        hot_edit = self.hot.lineEdit()
        assert hot_edit is not None
        self.hot_edit = hot_edit
        hot_edit.setPlaceholderText("Choose a line above, or write it here")
        hot_edit.setMaxLength(MAX_TEXT)
        self.layout_.addWidget(label("The one that hurts most (the hot thought):",
                                     buddy=self.hot))
        self.layout_.addWidget(self.hot)
        self.belief = RatingInput("How much I believe the hot thought")
        self.layout_.addWidget(label("How much do you believe it right now? (0–100)",
                                     buddy=self.belief))
        self.layout_.addWidget(self.belief)
        self.bind_text(self.field, "thoughts")
        self.field.edited.connect(self._offer_lines)
        hot_edit.textChanged.connect(
            lambda t: self._set(lambda: setattr(self.sheet, "hot_thought", t)))
        self.belief.valueChanged.connect(
            lambda v: self._set(lambda: setattr(self.sheet, "belief_before", v)))

    def _offer_lines(self) -> None:
        current = self.hot.currentText()
        # Offer each written line; a line too long to read in a list stays out of it.
        lines = [line for line in self.field.toPlainText().splitlines()
                 if line.strip() and len(line) <= 500]
        for widget in (self.hot, self.hot_edit):
            widget.blockSignals(True)
        self.hot.clear()
        self.hot.addItems(lines[:50])
        self.hot.setEditText(current)
        for widget in (self.hot, self.hot_edit):
            widget.blockSignals(False)

    def show_sheet(self, sheet: Worksheet) -> None:
        self.field.set_text(sheet.thoughts)
        self._offer_lines()
        self.hot.setEditText(sheet.hot_thought)
        self.belief.setValue(sheet.belief_before)

    def first_focus(self) -> QWidget:
        return self.field


class TrapsStep(StepView):
    def __init__(self, step: StepText, traps: Traps) -> None:
        super().__init__(step)
        grid = QGridLayout()
        grid.setHorizontalSpacing(space("l"))
        grid.setVerticalSpacing(space("xs"))
        self.boxes: dict[str, QCheckBox] = {}
        for n, trap in enumerate(traps):
            box = QCheckBox(trap.name)
            box.setAccessibleName(f"{trap.name}: {trap.description}")
            box.setAccessibleDescription(f"For example: {trap.example}")
            box.setProperty("role", "strong")
            text = label(f"{trap.description} {trap.example}", "muted")
            text.setContentsMargins(space("xl"), 0, 0, space("s"))
            grid.addWidget(box, (n // 2) * 2, n % 2)
            grid.addWidget(text, (n // 2) * 2 + 1, n % 2, Qt.AlignmentFlag.AlignTop)
            box.toggled.connect(lambda _on: self._set(self._read_boxes))
            self.boxes[trap.id] = box
        self.layout_.addLayout(grid)
        self.own = PlainField("My own names for a thinking trap, one a line",
                              "for example: the old movie playing again", min_lines=2)
        self.layout_.addWidget(label("Your own (one a line):", buddy=self.own))
        self.layout_.addWidget(self.own)
        self.own.edited.connect(lambda: self._set(self._read_own))

    def _read_boxes(self) -> None:
        unknown = [t for t in self.sheet.traps if t not in self.boxes]
        self.sheet.traps = [t for t, box in self.boxes.items() if box.isChecked()] + unknown

    def _read_own(self) -> None:
        self.sheet.own_traps = [line for line in self.own.toPlainText().split("\n")
                                if line.strip()]

    def show_sheet(self, sheet: Worksheet) -> None:
        for trap_id, box in self.boxes.items():
            box.setChecked(trap_id in sheet.traps)
        self.own.set_text("\n".join(sheet.own_traps))

    def first_focus(self) -> QWidget:
        return next(iter(self.boxes.values()))


class EvidenceStep(StepView):
    def __init__(self, step: StepText, ctx: UiContext | None = None) -> None:
        super().__init__(step)
        self.ctx = ctx
        columns = QHBoxLayout()
        self.for_field = PlainField("Evidence for the hot thought, one a line",
                                    "What I saw, heard or know that supports it", 8)
        self.against_field = PlainField("Evidence against the hot thought, one a line",
                                        "What I saw, heard or know that does not fit it", 8)
        self.quote_buttons: dict[str, QPushButton] = {}
        for side, title, field in (("for", "For — what supports it:", self.for_field),
                                   ("against", "Against — what does not fit:",
                                    self.against_field)):
            column = QVBoxLayout()
            column.addWidget(label(title, buddy=field))
            column.addWidget(field, 1)
            # "What has this person done over time?": moments from the evidence log.
            button = QPushButton("Quote from my evidence log…")
            button.setAccessibleName(
                f"Quote from my evidence log: moments to add as evidence {side} the "
                "hot thought")
            button.clicked.connect(lambda _=False, s=side: self.quote_from_log(s))
            self.quote_buttons[side] = button
            row = QHBoxLayout()
            row.addWidget(button)
            row.addStretch(1)
            column.addLayout(row)
            columns.addLayout(column, 1)
        self.layout_.addLayout(columns, 1)
        # Tab goes from one box to the other, then to the two quote buttons.
        QWidget.setTabOrder(self.for_field, self.against_field)
        QWidget.setTabOrder(self.against_field, self.quote_buttons["for"])
        QWidget.setTabOrder(self.quote_buttons["for"], self.quote_buttons["against"])
        self.quote_note = label("", "muted")
        self.quote_note.hide()
        self.layout_.addWidget(self.quote_note)
        self.hints = HintsBox(step.hints)
        self.layout_.addWidget(self.hints)
        for field, attr in ((self.for_field, "evidence_for"),
                            (self.against_field, "evidence_against")):
            field.edited.connect(lambda f=field, a=attr: self._set(
                lambda: self._typed(a, f.toPlainText())))

    def _typed(self, attr: str, text: str) -> None:
        setattr(self.sheet, attr, text)
        keep_quotes_in_text(self.sheet)  # a quote taken out of the box is let go

    def show_sheet(self, sheet: Worksheet) -> None:
        self.for_field.set_text(sheet.evidence_for)
        self.against_field.set_text(sheet.evidence_against)
        self.quote_note.hide()

    def first_focus(self) -> QWidget:
        return self.for_field

    # -- quoting the evidence log --------------------------------------------------------

    def read_evidence(self) -> list[EvidenceEntry]:
        """The finished moments in the evidence log, newest first (raises StoreError
        while Ebbtide is locked)."""
        assert self.ctx is not None
        return NoticeStore(self.ctx.store).evidence()

    def quote_from_log(self, side: str) -> None:
        from ebbtide.ui.namecheck.evidence_picker import EvidencePicker

        try:
            entries = self.read_evidence()
        except StoreError as exc:
            self._say(f"The evidence log cannot be read just now: {exc}")
            return
        already = {q.uid for q in self.sheet.quotes if q.side == side}
        picker = EvidencePicker(entries, load_notice_words(), side, already, self)
        if picker.exec() == QDialog.DialogCode.Accepted:
            self.add_quotes(picker.chosen(), side)
        field = self.for_field if side == "for" else self.against_field
        field.setFocus()

    def add_quotes(self, entries: list[EvidenceEntry], side: str) -> int:
        added = quote_evidence(self.sheet, entries, side, load_notice_words())
        if added:
            self.for_field.set_text(self.sheet.evidence_for)
            self.against_field.set_text(self.sheet.evidence_against)
            self.changed.emit()
            self._say(f"Quoted {added} moment{'s' if added != 1 else ''} from your "
                      "evidence log. Change or remove the lines as you like.")
        return added

    def _say(self, text: str) -> None:
        self.quote_note.setText(text)
        self.quote_note.show()
        announce(self, text)


class QuestionsStep(StepView):
    """A step of open questions, each with its own answer box."""

    def __init__(self, step: StepText, questions_later: bool = False) -> None:
        super().__init__(step)
        self.fields: dict[str, PlainField] = {}
        self.question_labels: dict[str, QLabel] = {}
        if not questions_later:
            self.add_questions(step)

    def add_questions(self, step: StepText) -> None:
        for question in step.questions:
            field = PlainField(question.text, min_lines=2)
            title = label(question.text, buddy=field)
            self.layout_.addWidget(title)
            self.layout_.addWidget(field)
            self.bind_answer(field, question.id)
            self.fields[question.id] = field
            self.question_labels[question.id] = title

    def show_visible_questions(self, sheet: Worksheet) -> None:
        """While a safety flag is on, no prompt suggests telling, asking or confronting
        the other person (what was written there stays in the worksheet)."""
        shown = {q.id for q in visible_prompts(self.step, sheet)}
        for qid, field in self.fields.items():
            field.setVisible(qid in shown)
            self.question_labels[qid].setVisible(qid in shown)

    def show_sheet(self, sheet: Worksheet) -> None:
        for qid, field in self.fields.items():
            field.set_text(sheet.answers.get(qid, ""))
        self.show_visible_questions(sheet)

    def first_focus(self) -> QWidget:
        return next(iter(self.fields.values()))


class ExpectationsStep(QuestionsStep):
    def __init__(self, ctx: UiContext, step: StepText, prompts: WorksheetPrompts) -> None:
        super().__init__(step, questions_later=True)
        self.prompts = prompts
        self.exp = prompts.expectations
        self.pattern = self.add_choices(self.exp.pattern_question, self.exp.pattern_choices,
                                     "pattern")
        self.accountability = self.add_choices(self.exp.accountability_question,
                                            self.exp.accountability_choices, "accountability")
        self.layout_.addWidget(label(self.exp.red_flags_lead))
        self.flags: dict[str, QCheckBox] = {}
        for flag_id, text in self.exp.red_flags.items():
            box = QCheckBox(text)
            box.setAccessibleName(f"Red flag: {text}")
            box.toggled.connect(lambda _on: self._set(self._read_flags))
            self.layout_.addWidget(box)
            self.flags[flag_id] = box
        self.named = label(self.exp.red_flags_named, "flag-note")
        self.named.hide()
        self.layout_.addWidget(self.named)
        # Fear, control or harm: the safety card, calmly, right where it was named.
        self.safety_card = SafetyCard(ctx)
        self.safety_card.hide()
        self.layout_.addWidget(self.safety_card)
        self.add_questions(step)

    def _read_flags(self) -> None:
        self.sheet.red_flags = [f for f, box in self.flags.items() if box.isChecked()]
        self._show_flag_words(self.sheet)

    def _show_flag_words(self, sheet: Worksheet) -> None:
        safety = safety_flag_on(sheet, self.prompts)
        # Only a safety flag: the card says it all. Another flag: the plain words.
        self.named.setVisible(bool(sheet.red_flags) and not safety)
        if safety:
            self.safety_card.refresh()
        self.safety_card.setVisible(safety)
        self.show_visible_questions(sheet)

    def show_sheet(self, sheet: Worksheet) -> None:
        self.show_choice(self.pattern, sheet.pattern)
        self.show_choice(self.accountability, sheet.accountability)
        for flag_id, box in self.flags.items():
            box.setChecked(flag_id in sheet.red_flags)
        super().show_sheet(sheet)
        self._show_flag_words(sheet)

    def first_focus(self) -> QWidget:
        return self.pattern.buttons()[0]


class IfFearTrueStep(QuestionsStep):
    """The check-the-facts questions, ending on: does the feeling fit the facts?"""

    def __init__(self, ctx: UiContext, step: StepText) -> None:
        super().__init__(step)
        # "Who and what would help?": the person's safe people (Reach out), as a reminder
        # right under that question, with their ready messages a click away.
        key = load_keys()["window.go.reach"].label
        self.people = CompactPeople(
            ctx, heading="Your safe people, from Reach out",
            empty=f"None written down yet. Reach out ({key}) is where you can add the "
                  "people and groups you can lean on.")
        cope = self.fields.get("cope")
        at = self.layout_.indexOf(cope) + 1 if cope is not None else self.layout_.count()
        self.layout_.insertWidget(at, self.people)
        self.fits = self.add_choices(step.fits_question, step.fits_choices, "fits_facts")

    def show_sheet(self, sheet: Worksheet) -> None:
        super().show_sheet(sheet)
        self.show_choice(self.fits, sheet.fits_facts)


class BalancedStep(StepView):
    def __init__(self, step: StepText) -> None:
        super().__init__(step)
        self.layout_.addWidget(label(step.tip, "notice"))
        self.reminder = label("", "muted")
        self.layout_.addWidget(self.reminder)
        self.field = PlainField("My balanced thought", step.placeholder, min_lines=4)
        self.layout_.addWidget(label("A balanced thought:", buddy=self.field))
        self.layout_.addWidget(self.field, 1)
        self.belief = RatingInput("How much I believe the balanced thought")
        self.layout_.addWidget(label("How much do you believe it? (0–100)", buddy=self.belief))
        self.layout_.addWidget(self.belief)
        self.bind_text(self.field, "balanced_thought")
        self.belief.valueChanged.connect(
            lambda v: self._set(lambda: setattr(self.sheet, "balanced_belief", v)))

    def show_sheet(self, sheet: Worksheet) -> None:
        def first(text: str) -> str:
            line = next((x for x in text.splitlines() if x.strip()), "")
            return line if len(line) <= 120 else line[:119] + "…"

        parts = []
        if sheet.evidence_for.strip():
            parts.append(f"For: {first(sheet.evidence_for)}")
        if sheet.evidence_against.strip():
            parts.append(f"Against: {first(sheet.evidence_against)}")
        self.reminder.setText("\n".join(parts))
        self.reminder.setVisible(bool(parts))
        self.field.set_text(sheet.balanced_thought)
        self.belief.setValue(sheet.balanced_belief)

    def first_focus(self) -> QWidget:
        return self.field


class RerateStep(StepView):
    def __init__(self, step: StepText, prompts: WorksheetPrompts,
                 vocabulary: Vocabulary) -> None:
        super().__init__(step)
        self.vocabulary = vocabulary
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(space("xs"))
        self.layout_.addLayout(self.rows_box)
        self.rows: list[FeelingRow] = []
        self.no_feelings = label("No feelings were named on step 2 — that is fine.", "muted")
        self.layout_.addWidget(self.no_feelings)
        self.belief_label = label("")
        self.belief = RatingInput("How much I believe the hot thought now")
        self.belief_label.setBuddy(self.belief)
        self.layout_.addWidget(self.belief_label)
        self.layout_.addWidget(self.belief)
        self.distress = DistressScale("Distress at the end")
        self.layout_.addWidget(label(prompts.distress_after, buddy=self.distress))
        self.layout_.addWidget(self.distress)
        self.belief.valueChanged.connect(
            lambda v: self._set(lambda: setattr(self.sheet, "belief_after", v)))
        self.distress.valueChanged.connect(
            lambda v: self._set(lambda: setattr(self.sheet, "distress_after", v)))

    def show_sheet(self, sheet: Worksheet) -> None:
        for row in self.rows:
            discard(row)
        self.rows = []
        for entry in sheet.feelings:
            meaning, tone = meaning_of(entry, self.vocabulary)
            before = "not rated" if entry.before is None else f"{entry.before}"
            row = FeelingRow(entry, f"At the start: {before}. {meaning}", tone, after=True)
            row.rated.connect(self.changed)
            row.entered.connect(self.focusNextChild)
            self.rows_box.addWidget(row)
            self.rows.append(row)
        self.no_feelings.setVisible(not self.rows)
        before = "not rated" if sheet.belief_before is None else str(sheet.belief_before)
        self.belief_label.setText(
            f"How much do you believe the hot thought now? (at the start: {before})")
        self.belief.setValue(sheet.belief_after)
        self.distress.setValue(sheet.distress_after)

    def first_focus(self) -> QWidget:
        return self.rows[0].rating.spin if self.rows else self.belief.spin

    def focusNextPrevChild(self, next: bool) -> bool:
        # Rows made after start-up would sit at the end of Qt's Tab chain; walk this
        # step in reading order instead: each feeling, the hot thought, distress.
        order: list[QWidget] = [r.rating.spin for r in self.rows]
        order += [self.belief.spin, self.distress]
        current = QApplication.focusWidget()
        if current in order:
            index = order.index(current) + (1 if next else -1)
            if 0 <= index < len(order):
                reason = (Qt.FocusReason.TabFocusReason if next
                          else Qt.FocusReason.BacktabFocusReason)
                order[index].setFocus(reason)
                scroll = self.parentWidget()
                while scroll is not None and not isinstance(scroll, QScrollArea):
                    scroll = scroll.parentWidget()
                if scroll is not None:
                    scroll.ensureWidgetVisible(order[index])
                return True
        return super().focusNextPrevChild(next)


def make_step_views(ctx: UiContext, prompts: WorksheetPrompts, vocabulary: Vocabulary,
                    traps: Traps, own_words: list[str]) -> list[StepView]:
    s = prompts.steps
    views: list[StepView] = [
        SituationStep(s["situation"], prompts),
        FeelingsStep(s["feelings"], vocabulary, own_words),
        ThoughtsStep(s["thoughts"]),
        TrapsStep(s["traps"], traps),
        EvidenceStep(s["evidence"], ctx),
        QuestionsStep(s["now-or-then"]),
        ExpectationsStep(ctx, s["expectations"], prompts),
        IfFearTrueStep(ctx, s["if-fear-true"]),
        BalancedStep(s["balanced"]),
        RerateStep(s["rerate"], prompts, vocabulary),
    ]
    for view in views:
        if not isinstance(view, SituationStep | ThoughtsStep | EvidenceStep | BalancedStep):
            view.layout_.addStretch(1)  # no box to grow: keep the step at the top
    return views

