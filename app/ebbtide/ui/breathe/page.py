"""Breathe: pick or make a pattern, rate distress (optional), breathe with a picture and
soft sounds, stop at any moment with Esc, rate again, and see the change in words.

Keys during a session: Space pauses and resumes, Esc stops at once (no question),
+ and − make each breath half a second longer or shorter, F11 fills the screen.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from enum import Enum, auto
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ebbtide.audio.breath_cues import CueOptions, CuePlayer, spoken_cues_available
from ebbtide.core.breathing import (
    LEAD_IN_S,
    BreathingClock,
    BreathingSession,
    PatternError,
    PhaseKind,
    Ramp,
    SessionMode,
    SessionPlan,
)
from ebbtide.core.moments import NextAction
from ebbtide.core.patterns import Pattern, PatternFileError, PatternRepository
from ebbtide.core.sealing import StoreError
from ebbtide.core.sessions import SessionRecord
from ebbtide.core.settings import SettingKey
from ebbtide.ui.breathe.pattern_editor import PatternEditor
from ebbtide.ui.breathe.record import breathing_record
from ebbtide.ui.breathe.runner import BreathRunner
from ebbtide.ui.breathe.view import BreathView
from ebbtide.ui.common.announce import announce
from ebbtide.ui.common.disclosure import Disclosure
from ebbtide.ui.common.distress import DistressScale
from ebbtide.ui.common.fit import ButtonsThatFit
from ebbtide.ui.common.honest_list import HonestList
from ebbtide.ui.common.moment import MomentPanel, open_next
from ebbtide.ui.common.narrow import StackWhenNarrow
from ebbtide.ui.common.safety import offer_gentle_card
from ebbtide.ui.common.steps import StepStack
from ebbtide.ui.operations import ChangeNotice
from ebbtide.ui.operations import patterns as pattern_ops
from ebbtide.ui.operations.sessions import save_session
from ebbtide.ui.page import Page
from ebbtide.ui.self_trust.true_card import TrueAboutYouCard
from ebbtide.ui.theme import margins, space

log = logging.getLogger(__name__)

CLOSE_MS = 5000  # the gentle close: the end bell rings and the words rest a moment
AUTO_CONTINUE_MS = 1000  # after a rating keypress (long enough to type "1" "0")
KEYS_HINT = "Space pause · Esc stop · + / − longer or shorter breaths · F11 full screen"


def duration_words(seconds: float) -> str:
    seconds = round(seconds)
    minutes, secs = divmod(seconds, 60)
    if minutes == 0:
        return f"{secs} second{'s' if secs != 1 else ''}"
    text = f"{minutes} minute{'s' if minutes != 1 else ''}"
    if secs:
        text += f" {secs} second{'s' if secs != 1 else ''}"
    return text


def change_words(before: int | None, after: int | None) -> str:
    """The change in distress, said plainly and without judgement."""
    if before is None and after is None:
        return ""
    if after is None:
        return f"Your distress before was {before} out of 10."
    if before is None:
        return f"Your distress now is {after} out of 10."
    if before == after:
        return f"Your distress stayed at {before} out of 10."
    return f"Your distress went from {before} to {after}."


class _Details(QScrollArea):
    """The pattern's details. It asks for no more height than its minimum: stacked on a
    small window, a column with wrapped words takes its preferred height as its least
    (Qt's height-for-width), and the pattern list above it would be squeezed."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumHeight())


def _label(text: str, role: str | None = None, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    if role:
        label.setProperty("role", role)
    label.setWordWrap(wrap)
    return label


def _button(text: str, accessible: str, primary: bool = False) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(accessible)
    if primary:
        button.setProperty("role", "primary")
    return button


PAUSE_WORDS = ("Pause (Space)", "Pause")
RESUME_WORDS = ("Resume (Space)", "Resume")
SESSION_KEYS_HINT = "Space pause · − + the pace · F11 full screen · Esc stop"


class Step(Enum):
    """Where the Breathe page is: choosing, rating before, breathing, rating after, done."""

    SETUP = auto()
    BEFORE = auto()
    SESSION = auto()
    AFTER = auto()
    END = auto()


class _SessionKeys(QObject):
    """Space, Esc, +/−, F11 go to the session whichever control has focus, so Space on
    a focused Stop button still pauses rather than stopping."""

    def __init__(self, page: BreathePage) -> None:
        super().__init__(page)
        self.page = page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            assert isinstance(event, QKeyEvent)
            handled = self.page.session_key(event.key(), event.type() is QEvent.Type.KeyPress)
            if handled:
                event.accept()
                return True
        return False


class FocusWindow(QWidget):
    """Full screen: only the breathing picture. F11 or Esc leaves (Esc also stops)."""

    def __init__(self, page: BreathePage) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle("Breathe — Ebbtide")
        self.setAccessibleName("Breathing, full screen")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(margins("xl"))
        self.view = BreathView()
        layout.addWidget(self.view, 1)
        hint = _label(KEYS_HINT, "muted")
        hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(hint)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.view.installEventFilter(page.keys)
        self.installEventFilter(page.keys)


class BreathePage(Page):
    title = "Breathe"
    measure = "wide"

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx, parent)
        presets_problem = False
        try:
            self.repo = PatternRepository(ctx.store)
        except PatternFileError as exc:  # a broken install: still offer the person's own
            log.error("Breathing presets could not be loaded: %s", exc)
            self.repo = PatternRepository(ctx.store, preset_patterns=[])
            presets_problem = True
        self.keys = _SessionKeys(self)
        self.runner: BreathRunner | None = None
        self.pattern: Pattern | None = None
        self.focus_window: FocusWindow | None = None
        self.record: SessionRecord | None = None  # the saved session, for the after rating
        self._before: int | None = None
        self._started_wall = 0.0
        self._undo_uid: str | None = None
        self.clock_factory = time.monotonic  # tests and benchmarks can swap the clock
        self.close_ms = CLOSE_MS

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.stack = StepStack()
        outer.addWidget(self.stack)
        self.setup_view = self.stack.add_step(Step.SETUP, self._build_setup())
        self.before_view, self.before_scale = self._build_rating(before=True)
        self.stack.add_step(Step.BEFORE, self.before_view)
        self.session_view = self.stack.add_step(Step.SESSION, self._build_session())
        self.after_view, self.after_scale = self._build_rating(before=False)
        self.stack.add_step(Step.AFTER, self.after_view)
        self.end_view = self.stack.add_step(Step.END, self._build_end())

        self._close_timer = QTimer(self)
        self._close_timer.setSingleShot(True)
        self._close_timer.timeout.connect(self._ask_after)
        self._auto_timer = QTimer(self)
        self._auto_timer.setSingleShot(True)
        self._auto_timer.timeout.connect(self._rating_auto_continue)
        self._info_timer = QTimer(self)  # a ramp changes the pace slowly: refresh the words
        self._info_timer.setInterval(1000)
        self._info_timer.timeout.connect(self._update_info)

        undo = QShortcut(QKeySequence.StandardKey.Undo, self)
        undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo.activated.connect(self.undo_delete)
        self._refresh_patterns(select=ctx.settings[SettingKey.BREATHE_LAST_PATTERN])
        if presets_problem:
            self._say("The built-in patterns could not be loaded, so only your own are "
                      "listed. Reinstalling Ebbtide should bring them back.")

    # -- building --------------------------------------------------------------------------

    def _build_setup(self) -> QWidget:
        page = QWidget()
        row = QHBoxLayout(page)
        row.setContentsMargins(margins("xxl", "xl"))
        row.setSpacing(space("xl"))

        left_widget = QWidget()
        left_widget.setMinimumWidth(250)
        left_widget.setMaximumWidth(310)  # the details on the right keep their room
        left = QVBoxLayout(left_widget)
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(space("m"))
        heading = _label("Breathe", "title", wrap=False)
        left.addWidget(heading)
        left.addWidget(_label("Choose a pattern", "muted", wrap=False))
        self.pattern_list = HonestList()
        self.pattern_list.setAccessibleName("Breathing patterns")
        self.pattern_list.setSpacing(space("xs"))
        self.pattern_list.setProperty("role", "roomy")
        self.pattern_list.currentItemChanged.connect(self._pattern_chosen)
        self.pattern_list.itemActivated.connect(lambda _item: self.begin())
        left.addWidget(self.pattern_list, 1)
        manage = QHBoxLayout()
        self.new_button = _button("New…", "New pattern")
        self.edit_button = _button("Edit…", "Edit pattern")
        self.copy_button = _button("Copy", "Copy pattern")
        manage.addWidget(self.new_button)
        manage.addWidget(self.edit_button)
        manage.addWidget(self.copy_button)
        left.addLayout(manage)
        manage2 = QHBoxLayout()
        self.rename_button = _button("Rename…", "Rename pattern")
        self.delete_button = _button("Delete", "Delete pattern")
        manage2.addWidget(self.rename_button)
        manage2.addWidget(self.delete_button)
        left.addLayout(manage2)
        self.new_button.clicked.connect(self.new_pattern)
        self.edit_button.clicked.connect(self.edit_pattern)
        self.copy_button.clicked.connect(self.duplicate_pattern)
        self.rename_button.clicked.connect(self.rename_pattern)
        self.delete_button.clicked.connect(self.delete_pattern)
        undo_row = QHBoxLayout()
        self.status = _label("", "muted")
        self.undo_button = _button("Undo", "Undo delete")
        self.undo_button.clicked.connect(self.undo_delete)
        self.undo_button.hide()
        undo_row.addWidget(self.status, 1)
        undo_row.addWidget(self.undo_button)
        left.addLayout(undo_row)
        row.addWidget(left_widget)

        right_widget = QWidget()
        right = QVBoxLayout(right_widget)
        right.setContentsMargins(0, 0, space("s"), 0)
        right.setSpacing(space("m"))
        self.pattern_title = _label("", "title")
        self.pattern_summary = _label("", "subtitle")
        # One warm line on why it may help; the study and its source open beneath
        # "Why this helps".
        self.pattern_helps = _label("")
        self.why_this_helps = Disclosure("Why this helps")
        for w in (self.pattern_title, self.pattern_summary, self.pattern_helps,
                  self.why_this_helps):
            right.addWidget(w)

        card = QFrame()
        card.setProperty("role", "card")
        form = QVBoxLayout(card)
        form.setContentsMargins(margins("l"))
        form.setSpacing(space("m"))
        form.addWidget(_label("This session", "subtitle"))
        length_grid = QGridLayout()
        length_grid.setHorizontalSpacing(space("m"))
        self.length_group = QButtonGroup(self)
        self.by_minutes = QRadioButton("Minutes")
        self.by_minutes.setAccessibleName("Session length in minutes")
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 60)
        self.minutes.setValue(5)
        self.minutes.setAccessibleName("Minutes")
        self.by_cycles = QRadioButton("Breaths")
        self.by_cycles.setAccessibleName("Session length in breaths")
        self.cycles = QSpinBox()
        self.cycles.setRange(1, 500)
        self.cycles.setValue(10)
        self.cycles.setAccessibleName("Breaths")
        self.open_ended = QRadioButton("Until I stop")
        self.open_ended.setAccessibleName("Until I stop")
        for n, (radio, spin) in enumerate(((self.by_minutes, self.minutes),
                                           (self.by_cycles, self.cycles),
                                           (self.open_ended, None))):
            self.length_group.addButton(radio, n)
            row_n, col_n = (0, 2 * n) if spin is not None else (1, 0)
            length_grid.addWidget(radio, row_n, col_n)
            if spin is not None:
                spin.setMinimumWidth(90)
                length_grid.addWidget(spin, row_n, col_n + 1)
                radio.toggled.connect(spin.setEnabled)
        length_grid.setColumnStretch(4, 1)
        self.by_minutes.setChecked(True)
        self.cycles.setEnabled(False)
        form.addLayout(length_grid)

        sound_row = QHBoxLayout()
        self.tones = QCheckBox("Soft tones")
        self.tones.setAccessibleDescription("Soft rising and falling tones")
        self.tones.setChecked(bool(self.ctx.settings[SettingKey.BREATHE_TONE_CUES]))
        self.tones.toggled.connect(
            lambda on: self.ctx.set_setting(SettingKey.BREATHE_TONE_CUES, on))
        self.spoken = QCheckBox("Spoken words (in, hold, out)")
        self.spoken.setAccessibleDescription(
            "Spoken cues, and each phase announced to a screen reader")
        self.spoken.setChecked(bool(self.ctx.settings[SettingKey.BREATHE_SPOKEN_CUES]))
        self.spoken.toggled.connect(
            lambda on: self.ctx.set_setting(SettingKey.BREATHE_SPOKEN_CUES, on))
        sound_row.addWidget(self.tones)
        sound_row.addWidget(self.spoken)
        sound_row.addStretch(1)
        form.addLayout(sound_row)
        self.sound_notice = _label("", "notice")
        self.sound_notice.hide()
        form.addWidget(self.sound_notice)
        self.ramp_on = QCheckBox("Slow down gradually")
        self.ramp_on.setAccessibleName("Slow down gradually")
        form.addWidget(self.ramp_on)
        ramp_grid = QGridLayout()
        ramp_grid.setContentsMargins(space("xl"), 0, 0, 0)
        ramp_grid.setHorizontalSpacing(space("s"))
        self.ramp_target = QDoubleSpinBox()
        self.ramp_target.setRange(2.0, 12.0)
        self.ramp_target.setSingleStep(0.5)
        self.ramp_target.setDecimals(1)
        self.ramp_target.setValue(4.5)
        self.ramp_target.setMinimumWidth(90)
        self.ramp_target.setAccessibleName("Target breaths a minute")
        self.ramp_minutes = QSpinBox()
        self.ramp_minutes.setRange(1, 60)
        self.ramp_minutes.setValue(5)
        self.ramp_minutes.setMinimumWidth(90)
        self.ramp_minutes.setAccessibleName("Minutes to slow down over")
        ramp_grid.addWidget(QLabel("to"), 0, 0)
        ramp_grid.addWidget(self.ramp_target, 0, 1)
        ramp_grid.addWidget(QLabel("breaths a minute,"), 0, 2)
        ramp_grid.addWidget(QLabel("over"), 1, 0)
        ramp_grid.addWidget(self.ramp_minutes, 1, 1)
        ramp_grid.addWidget(QLabel("minutes"), 1, 2)
        ramp_grid.setColumnStretch(3, 1)
        for box in (self.ramp_target, self.ramp_minutes):
            box.setEnabled(False)
            self.ramp_on.toggled.connect(box.setEnabled)
        form.addLayout(ramp_grid)

        right.addWidget(card)

        right.addStretch(1)

        scroll = _Details()
        scroll.setAccessibleName("About this pattern and this session")
        scroll.setWidget(right_widget)
        scroll.setWidgetResizable(True)
        # A frame that only shows as the focus ring (the theme styles #patternDetails).
        scroll.setObjectName("patternDetails")
        scroll.setFrameShape(QFrame.Shape.StyledPanel)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        right_column = QVBoxLayout()
        right_column.addWidget(scroll, 1)
        # Begin stays in view however long the description is.
        begin_row = QHBoxLayout()
        self.begin_button = _button("Begin", "Begin breathing", primary=True)
        self.begin_button.setMinimumWidth(160)
        self.begin_button.clicked.connect(self.begin)
        begin_row.addWidget(self.begin_button)
        hint = _label(KEYS_HINT, "muted")
        begin_row.addWidget(hint, 1)
        right_column.addLayout(begin_row)
        row.addLayout(right_column, 1)
        # When the two columns stack on a small window, both keep room to read.
        scroll.setMinimumHeight(240)
        self.pattern_list.setMinimumHeight(150)
        StackWhenNarrow(page, row, below=760)
        return page

    def _build_rating(self, before: bool) -> tuple[QWidget, DistressScale]:
        page = QWidget()
        col = QVBoxLayout(page)
        # Wide sides hold the question and its scale to a calm column.
        wide = 2 * space("xxl")
        col.setContentsMargins(wide, space("xxl"), wide, space("xxl"))
        col.setSpacing(space("l"))
        col.addStretch(1)
        question = ("Before you begin: how much distress do you feel right now?" if before
                    else "And now, how much distress do you feel?")
        col.addWidget(_label(question, "title"))
        col.addWidget(_label("0 is calm, 10 is as much as you can imagine. Type a number, "
                             "or press Enter to skip. There is no right answer.", "subtitle"))
        scale = DistressScale("Distress before" if before else "Distress after")
        col.addWidget(scale)
        buttons = QHBoxLayout()
        go = _button("Continue" if before else "Save", "Continue" if before else "Save rating",
                     primary=True)
        skip = _button("Skip", "Skip the rating")
        skip.setProperty("role", "text")  # a way out, quieter than the answer
        buttons.addWidget(go)
        buttons.addWidget(skip)
        buttons.addStretch(1)
        col.addLayout(buttons)
        col.addStretch(2)
        if before:
            go.clicked.connect(self._before_done)
            skip.clicked.connect(lambda: self._before_done(skip=True))
        else:
            go.clicked.connect(self._after_done)
            skip.clicked.connect(lambda: self._after_done(skip=True))
        scale.valueChanged.connect(lambda v: self._auto_timer.start(AUTO_CONTINUE_MS)
                                   if v is not None else self._auto_timer.stop())
        page.installEventFilter(self.keys)
        scale.installEventFilter(self.keys)
        for b in (go, skip):
            b.installEventFilter(self.keys)
        return page, scale

    def _build_session(self) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(margins("xl", "l"))
        self.view = BreathView()
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        col.addWidget(self.view, 1)
        self.session_info = _label("", "muted")
        self.session_info.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        col.addWidget(self.session_info)
        self.session_notice = _label("", "notice")
        self.session_notice.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.session_notice.hide()
        col.addWidget(self.session_notice)
        controls_row = QWidget()
        controls = QHBoxLayout(controls_row)
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addStretch(1)
        self.pause_button = _button("Pause (Space)", "Pause or resume")
        self.shorter_button = _button("Shorter breaths (−)", "Shorter breaths")
        self.longer_button = _button("Longer breaths (+)", "Longer breaths")
        self.focus_button = _button("Full screen (F11)", "Full screen")
        self.stop_button = _button("Stop (Esc)", "Stop")
        self.pause_button.clicked.connect(self.toggle_pause)
        self.shorter_button.clicked.connect(lambda: self.change_pace(-1))
        self.longer_button.clicked.connect(lambda: self.change_pace(+1))
        self.focus_button.clicked.connect(self.toggle_focus_mode)
        self.stop_button.clicked.connect(self.stop)
        for b in (self.pause_button, self.shorter_button, self.longer_button,
                  self.focus_button, self.stop_button):
            controls.addWidget(b)
            b.installEventFilter(self.keys)
        controls.addStretch(1)
        col.addWidget(controls_row)
        # On a small window the buttons drop their keys, and one quiet line says them.
        self.session_keys = _label(SESSION_KEYS_HINT, "caption")
        self.session_keys.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        col.addWidget(self.session_keys)
        self.session_words = ButtonsThatFit(controls_row, {
            self.pause_button: PAUSE_WORDS,
            self.shorter_button: ("Shorter breaths (−)", "Shorter"),
            self.longer_button: ("Longer breaths (+)", "Longer"),
            self.focus_button: ("Full screen (F11)", "Full screen"),
            self.stop_button: ("Stop (Esc)", "Stop"),
        }, self.session_keys)
        page.installEventFilter(self.keys)
        self.view.installEventFilter(self.keys)
        return page

    def _build_end(self) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        wide = 2 * space("xxl")
        col.setContentsMargins(wide, space("xxl"), wide, space("xxl"))
        col.setSpacing(space("m"))
        col.addStretch(1)
        self.end_title = _label("", "title")
        self.end_detail = _label("", "subtitle")
        self.end_change = _label("", "muted")
        for w in (self.end_title, self.end_detail, self.end_change):
            col.addWidget(w)
        # The held moment: the change as a picture, a warm line, a next step that fits.
        self.moment = MomentPanel()
        self.moment.chosen.connect(self._next_step)
        col.addWidget(self.moment)
        self.true_card = TrueAboutYouCard(self.ctx)  # after a hard session, if wanted
        col.addWidget(self.true_card)
        buttons = QHBoxLayout()
        self.again_button = _button("Breathe again", "Breathe again", primary=True)
        self.back_button = _button("Back to patterns", "Back to patterns")
        self.again_button.clicked.connect(self.begin)
        self.back_button.clicked.connect(self.show_setup)
        buttons.addWidget(self.again_button)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        col.addLayout(buttons)
        col.addStretch(2)
        return page

    # -- patterns --------------------------------------------------------------------------

    def _refresh_patterns(self, select: str | None = None) -> None:
        current = select or (self.pattern.id if self.pattern else None)
        self.pattern_list.blockSignals(True)
        self.pattern_list.clear()
        chosen_row = 0
        for pattern in self.repo.all():
            text = f"{pattern.name}\n{pattern.summary()}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, pattern.id)
            kind = "built in" if pattern.preset else "yours"
            item.setData(Qt.ItemDataRole.AccessibleTextRole,
                         f"{pattern.name}, {pattern.summary()}, {kind}")
            self.pattern_list.addItem(item)
            if pattern.id == current:
                chosen_row = self.pattern_list.count() - 1
        self.pattern_list.blockSignals(False)
        self.pattern_list.setCurrentRow(chosen_row)
        self._pattern_chosen()

    def _pattern_chosen(self, *_args: Any) -> None:
        item = self.pattern_list.currentItem()
        self.pattern = None if item is None else self.repo.get(item.data(Qt.ItemDataRole.UserRole))
        p = self.pattern
        self.begin_button.setEnabled(p is not None)
        self.edit_button.setEnabled(p is not None and not p.preset)
        self.rename_button.setEnabled(p is not None and not p.preset)
        self.delete_button.setEnabled(p is not None and not p.preset)
        self.copy_button.setEnabled(p is not None)
        if p is None:
            return
        self.pattern_title.setText(p.name)
        self.pattern_summary.setText(
            f"{p.summary()}  ·  about {p.breaths_per_minute:.1f} breaths a minute")
        if p.preset:
            self.pattern_helps.setText(p.helps)
            self.why_this_helps.set_text(f"{p.why}\n\nSource: {p.source}")
        else:
            self.pattern_helps.setText("Your own pattern. Edit it, copy it or rename it "
                                       "with the buttons under the list.")
            self.why_this_helps.set_text("")
        self.why_this_helps.setVisible(p.preset)
        if p.suggested_minutes:
            self.by_minutes.setChecked(True)
            self.minutes.setValue(p.suggested_minutes)
        elif p.suggested_cycles:
            self.by_cycles.setChecked(True)
            self.cycles.setValue(p.suggested_cycles)

    def _say(self, text: str, undo: bool = False) -> None:
        self.status.setText(text)
        self.undo_button.setVisible(undo)
        self.ctx.notice.emit(text)

    def new_pattern(self) -> None:
        editor = PatternEditor(None, self)
        if editor.exec():
            self._save_from_editor(editor, None)

    def edit_pattern(self) -> None:
        if self.pattern is None or self.pattern.preset:
            return
        editor = PatternEditor(self.pattern, self)
        if editor.exec():
            self._save_from_editor(editor, self.pattern.id)

    def _save_from_editor(self, editor: PatternEditor, uid: str | None) -> None:
        def saved(pattern: Pattern) -> None:
            self._refresh_patterns(select=pattern.id)
            self._say("Saved.")

        if uid is None:
            pattern_ops.create_pattern(self.ctx, self.repo, editor.pattern_name(),
                                       editor.phases(), initiator=self, on_success=saved,
                                       on_failure=self._pattern_problem)
        else:
            pattern_ops.update_pattern(self.ctx, self.repo, uid, editor.pattern_name(),
                                       editor.phases(), initiator=self, on_success=saved,
                                       on_failure=self._pattern_problem)

    def _pattern_problem(self, error: Exception) -> None:
        if not isinstance(error, (PatternError, StoreError)):
            raise error
        self._say(str(error))

    def duplicate_pattern(self) -> None:
        if self.pattern is None:
            return

        def copied(copy: Pattern) -> None:
            self._refresh_patterns(select=copy.id)
            self._say("Copied. You can change this copy as you like.")

        pattern_ops.duplicate_pattern(self.ctx, self.repo, self.pattern.id, initiator=self,
                                      on_success=copied)

    def rename_pattern(self) -> None:
        if self.pattern is None or self.pattern.preset:
            return
        name, ok = QInputDialog.getText(self, "Rename pattern", "New name:",
                                        QLineEdit.EchoMode.Normal, self.pattern.name)
        if not ok:
            return

        def renamed(pattern: Pattern) -> None:
            self._refresh_patterns(select=pattern.id)
            self._say("Renamed.")

        pattern_ops.rename_pattern(self.ctx, self.repo, self.pattern.id, name, initiator=self,
                                   on_success=renamed, on_failure=self._pattern_problem)

    def delete_pattern(self) -> None:
        if self.pattern is None or self.pattern.preset:
            return
        uid = self.pattern.id

        def deleted(_: None) -> None:
            self._undo_uid = uid
            self._refresh_patterns(select="")
            self._say("Pattern deleted. Ctrl+Z or Undo brings it back.", undo=True)

        pattern_ops.delete_pattern(self.ctx, self.repo, uid, initiator=self, on_success=deleted)

    def undo_delete(self) -> None:
        if self._undo_uid is None:
            return
        uid, self._undo_uid = self._undo_uid, None

        def back(_: None) -> None:
            self._refresh_patterns(select=uid)
            self._say("Brought back.")

        pattern_ops.undelete_pattern(self.ctx, self.repo, uid, initiator=self, on_success=back)

    # -- a session -----------------------------------------------------------------------

    def plan(self) -> SessionPlan:
        if self.by_cycles.isChecked():
            return SessionPlan(SessionMode.CYCLES, self.cycles.value())
        if self.open_ended.isChecked():
            return SessionPlan(SessionMode.OPEN)
        return SessionPlan(SessionMode.MINUTES, self.minutes.value())

    def ramp(self) -> Ramp | None:
        if not self.ramp_on.isChecked():
            return None
        return Ramp(self.ramp_target.value(), float(self.ramp_minutes.value()))

    def start_practice(self, options: dict[str, object]) -> None:
        """From the check-in: {"pattern": id, "minutes": n, "distress": 0-10 or absent}.
        The before-rating is asked as usual, filled in with the check-in's number so one
        Enter confirms it."""
        pattern = options.get("pattern")
        minutes = options.get("minutes")
        distress = options.get("distress")
        if not isinstance(pattern, str) or not self.start_pattern(
            pattern, minutes if isinstance(minutes, int) else None
        ):
            return
        if isinstance(distress, int) and 0 <= distress <= 10:
            self.before_scale.setValue(distress)
            self._auto_timer.stop()  # a number they did not type here: let them confirm

    def start_pattern(self, pattern_id: str, minutes: int | None = None,
                      ask_rating: bool = True) -> bool:
        """For other parts of the app (a "steady me now" path): choose a pattern and
        begin. Returns False if there is no such pattern."""
        for row in range(self.pattern_list.count()):
            if self.pattern_list.item(row).data(Qt.ItemDataRole.UserRole) == pattern_id:
                self.pattern_list.setCurrentRow(row)
                break
        else:
            return False
        if minutes is not None:
            self.by_minutes.setChecked(True)
            self.minutes.setValue(minutes)
        if ask_rating:
            self.begin()
        else:
            self._stop_runner()
            self._before = None
            self.record = None
            self.start_breathing()
        return True

    def begin(self) -> None:
        """Start: first the optional rating, then the breathing."""
        if self.pattern is None:
            return
        self._stop_runner()
        self.ctx.set_setting(SettingKey.BREATHE_LAST_PATTERN, self.pattern.id)
        self.record = None
        self._before = None
        self.before_scale.clear()
        self._auto_timer.stop()
        self.stack.show_step(Step.BEFORE)
        self.before_scale.setFocus()

    def _before_done(self, skip: bool = False) -> None:
        self._auto_timer.stop()
        self._before = None if skip else self.before_scale.value()
        self.start_breathing()

    def _cue_options(self) -> CueOptions:
        return CueOptions(tones=self.tones.isChecked(),
                          spoken=self.spoken.isChecked() and spoken_cues_available())

    def start_breathing(self) -> None:
        if self.pattern is None:
            return
        try:
            session = BreathingSession(self.pattern.phases, self.plan(), self.ramp(),
                                       BreathingClock(self.clock_factory), lead_in_s=LEAD_IN_S)
        except PatternError as exc:
            self._say(str(exc))
            self.show_setup()
            return
        player = self._make_player()
        views: list[QWidget] = [self.view]
        if self.focus_window is not None:
            views.append(self.focus_window.view)
        self.runner = BreathRunner(session, player, views, self)
        self.runner.finished.connect(self._finished)
        self.runner.changed.connect(self._update_info)
        for v in self._views():
            v.set_source(self.runner.state)
            v.paused = False
            v.set_reduced_motion(bool(self.ctx.settings[SettingKey.REDUCED_MOTION]))
            v.announce_phases = bool(self.ctx.settings[SettingKey.BREATHE_SPOKEN_CUES])
        self._started_wall = time.time()
        self.stack.show_step(Step.SESSION)
        self.view.setFocus()
        self.runner.start()
        self._update_info()
        self._info_timer.start()

    def _make_player(self) -> CuePlayer | None:
        options = self._cue_options()
        wants_sound = (bool(self.ctx.settings[SettingKey.SOUNDS_ON])
                       and (options.tones or options.spoken))
        if not wants_sound:
            self.session_notice.hide()
            return None
        engine = self.ctx.audio
        if not engine.available:
            # Our own words: the engine's reason is written for other pages.
            # Said once a run (not on every screen): the first silent practice says it.
            text = self.ctx.sound_notice_once(
                "No sound device is available, so this session is silent: "
                "the picture and the count will guide you.", mine=False)
            self.session_notice.setText(text or "")
            self.session_notice.setVisible(bool(text))
            return None
        self.session_notice.hide()
        return CuePlayer(engine, options)

    def _views(self) -> list[BreathView]:
        views = [self.view]
        if self.focus_window is not None:
            views.append(self.focus_window.view)
        return views

    def _update_info(self) -> None:
        if self.runner is None:
            return
        schedule = self.runner.session.schedule
        t = max(0.0, self.runner.session.breathing_time())
        cycle = schedule.cycle_seconds_at(t)
        first = next(p for p in schedule.phases if p.kind is PhaseKind.INHALE)
        inhale = first.seconds * cycle / schedule.base_cycle_s
        plan = self.runner.session.plan
        length = {SessionMode.MINUTES: f"{plan.amount} min",
                  SessionMode.CYCLES: f"{plan.amount} breaths",
                  SessionMode.OPEN: "until you stop"}[plan.mode]
        self.session_info.setText(
            f"{self.pattern.name if self.pattern else ''} · {length} · breathing in "
            f"{inhale:.1f} s · {60.0 / cycle:.1f} breaths a minute")
        paused = self.runner.paused
        self.session_words.set_words(self.pause_button,
                                     *(RESUME_WORDS if paused else PAUSE_WORDS))
        for v in self._views():
            v.paused = paused
            v.update()

    def toggle_pause(self) -> None:
        if self.runner is not None and self.runner.running:
            self.runner.toggle_pause()

    def change_pace(self, steps: int) -> None:
        if self.runner is None:
            return
        if not self.runner.change_pace(steps):
            self.ctx.notice.emit("That is as far as the pace goes.")

    def stop(self) -> None:
        """Esc: stop now, no question. Sound fades at once; the time so far is kept."""
        if self.runner is None or not self.runner.running:
            return
        self.runner.stop()
        self._info_timer.stop()
        self._leave_focus_mode()
        saved = self._save(completed=False)
        if saved:
            self._show_after_rating()
        else:
            self.show_setup()
            self._say("Stopped. Nothing was saved, as it was only a few seconds.")

    def _finished(self) -> None:
        self._info_timer.stop()
        self._save(completed=True)
        for v in self._views():
            v.update()
        self._close_timer.start(self.close_ms)

    def _ask_after(self) -> None:
        self._leave_focus_mode()
        self._show_after_rating()

    def _show_after_rating(self) -> None:
        self._close_timer.stop()
        self.after_scale.clear()
        self._auto_timer.stop()
        self.stack.show_step(Step.AFTER)
        self.after_scale.setFocus()

    def _after_done(self, skip: bool = False) -> None:
        self._auto_timer.stop()
        after = None if skip else self.after_scale.value()
        self._keep_after_rating(after)
        self._show_end(after)
        offer_gentle_card(self.ctx, self, after, [])

    def _keep_after_rating(self, after: int | None) -> None:
        if self.record is not None and after is not None:
            self.record = replace(self.record, distress_after=after)
            save_session(self.ctx, self.record, initiator=self)

    def _rating_auto_continue(self) -> None:
        if self.stack.step is Step.BEFORE:
            self._before_done()
        elif self.stack.step is Step.AFTER:
            self._after_done()

    def _save(self, completed: bool) -> bool:
        """Save the session (before the after-rating, so nothing is lost if the person
        walks away). Returns False when there was too little to keep."""
        if self.runner is None or self.pattern is None:
            return False
        record = breathing_record(self.pattern, self.runner.session,
                                  started_utc=self._started_wall,
                                  distress_before=self._before, completed=completed)
        if record is None:
            return False
        self.record = record
        save_session(self.ctx, self.record, initiator=self)
        return True

    def _show_end(self, after: int | None) -> None:
        record = self.record
        if record is None:
            self.show_setup()
            return
        cycles = int(record.details.get("cycles_completed", 0))
        name = self.pattern.name if self.pattern else "this pattern"
        if record.completed:
            self.end_title.setText("That's the end of the session.")
        else:
            self.end_title.setText("You stopped. That's fine.")
        detail = f"You breathed for {duration_words(record.duration_s)} with {name}"
        if cycles:
            detail += f": {cycles} full breath{'s' if cycles != 1 else ''}"
        self.end_detail.setText(detail + ".")
        self.end_change.setText(change_words(record.distress_before, after))
        self.moment.show_change(record.distress_before, after,
                                bool(self.ctx.settings[SettingKey.REDUCED_MOTION]))
        self.true_card.show_for(record.distress_before)
        self.stack.show_step(Step.END)
        self.again_button.setFocus()
        announce(self, " ".join(w.text() for w in (self.end_title, self.end_detail,
                                                   self.end_change) if w.text())
                 + " " + self.moment.text())

    def _next_step(self, action: NextAction) -> None:
        if action is NextAction.ANOTHER_PRACTICE:
            self.show_setup()  # another pattern is here already
            self.pattern_list.setFocus()
        else:
            open_next(self.ctx, action)

    def show_setup(self) -> None:
        self._stop_runner()
        self.stack.show_step(Step.SETUP)
        self.pattern_list.setFocus()

    def _stop_runner(self) -> None:
        self._close_timer.stop()
        self._info_timer.stop()
        if self.runner is not None:
            self.runner.stop()
            for v in self._views():
                v.set_source(None)
            self.runner.deleteLater()
            self.runner = None

    # -- keys ---------------------------------------------------------------------------------

    def session_key(self, key: int, press: bool) -> bool:
        """Keys that work whatever has focus on the rating and session screens. Returns
        True when the key was ours."""
        current = self.stack.step
        if current in (Step.BEFORE, Step.AFTER):
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
                if press:
                    skip = key == Qt.Key.Key_Escape
                    if current is Step.BEFORE:
                        self._before_done(skip=skip)
                    else:
                        self._after_done(skip=skip)
                return True
            return False
        if current is not Step.SESSION:
            return False
        runner = self.runner
        if key == Qt.Key.Key_Escape:
            if press:
                if runner is not None and runner.running:
                    self.stop()
                else:  # the gentle close: Esc goes straight on
                    self._ask_after()
            return True
        if key == Qt.Key.Key_Space:
            if press:
                self.toggle_pause()
            return True
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            if press:
                self.change_pace(+1)
            return True
        if key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            if press:
                self.change_pace(-1)
            return True
        if key == Qt.Key.Key_F11:
            if press:
                self.toggle_focus_mode()
            return True
        return False

    # -- focus mode ----------------------------------------------------------------------------

    def toggle_focus_mode(self) -> None:
        if self.focus_window is not None:
            self._leave_focus_mode()
            return
        self.focus_window = FocusWindow(self)
        if self.runner is not None:
            self.focus_window.view.set_source(self.runner.state)
            self.focus_window.view.paused = self.runner.paused
            self.runner.views.append(self.focus_window.view)
        self.focus_window.view.set_reduced_motion(bool(self.ctx.settings[SettingKey.REDUCED_MOTION]))
        screen = (self.window().screen() if self.window() is not None else None)
        if screen is not None:  # without a window manager, full screen is only a size
            self.focus_window.setGeometry(screen.geometry())
        self.focus_window.showFullScreen()
        self.focus_window.activateWindow()
        self.focus_window.view.setFocus()

    def _leave_focus_mode(self) -> None:
        window, self.focus_window = self.focus_window, None
        if window is None:
            return
        if self.runner is not None and window.view in self.runner.views:
            self.runner.views.remove(window.view)
        window.close()
        window.deleteLater()
        if self.stack.step is Step.SESSION:
            self.view.setFocus()

    # -- page life -------------------------------------------------------------------------------

    def data_changed(self, notice: ChangeNotice) -> None:
        key = notice.setting
        if key is SettingKey.REDUCED_MOTION:
            for v in self._views():
                v.set_reduced_motion(bool(self.ctx.settings[key]))
        elif key is SettingKey.BREATHE_TONE_CUES:
            self.tones.setChecked(bool(self.ctx.settings[key]))
        elif key is SettingKey.BREATHE_SPOKEN_CUES:
            self.spoken.setChecked(bool(self.ctx.settings[key]))

    def page_shown(self) -> None:
        self.spoken.setEnabled(spoken_cues_available())
        if not self.spoken.isEnabled():
            self.spoken.setToolTip("The spoken words have not been installed.")
        if self.ctx.settings[SettingKey.SOUNDS_ON] and self.ctx.audio_started \
                and not self.ctx.audio.available:
            self.sound_notice.setText("Sound isn't available on this computer right now; "
                                      "sessions run with the picture and the count.")
            self.sound_notice.show()
        if self.stack.step is Step.SETUP:
            self.pattern_list.setFocus()

    def page_hidden(self) -> None:
        """Leaving the page stops the session (it is kept, as stopped early) and all sound.
        An after-rating already chosen is kept too (leaving, or the lock coming down,
        is not the same as skipping it)."""
        if self.runner is not None and self.runner.running:
            self.runner.stop()
            self._save(completed=False)
        elif self.stack.step is Step.AFTER:
            self._keep_after_rating(self.after_scale.value())
        self._leave_focus_mode()
        self._stop_runner()
        self._auto_timer.stop()
        self.ctx.stop_all_sound()
        if self.stack.step is not Step.SETUP:
            self.stack.show_step(Step.SETUP)

    def busy(self) -> bool:
        return self.runner is not None and self.runner.running
