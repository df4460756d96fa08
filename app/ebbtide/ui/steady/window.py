"""Steady me now: one guided path in a focused window, for when old hurt flares and
choosing between pages is too much.

Rate distress → about two minutes of breathing → name the feeling → now, or then? →
(if wanted) the worksheet afterwards → rate again → the change in one sentence.

Every step: Enter goes on, PgDown skips it, Esc leaves the path at once, keeping what
was done. What was done is saved as ONE session Progress already charts: a breathing
session (its before and after ratings, the feeling and now-or-then as plain facts in
its details) when any breathing was kept; otherwise a check-in carrying the ratings and
the feeling. One record, so a single moment of distress is not counted twice.

With the lock on and locked, the window offers the breathing alone (`breath_only`):
a preset pattern, nothing read from or written to the locked store.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from enum import Enum, auto
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ebbtide import APP_NAME
from ebbtide.core.breathing import (
    LEAD_IN_S,
    BreathingClock,
    BreathingSession,
    SessionMode,
    SessionPlan,
)
from ebbtide.core.crisis_words import load_crisis_words, needs_gentle_card
from ebbtide.core.patterns import Pattern, PatternRepository, presets
from ebbtide.core.sessions import MIN_SAVED_S, SessionKind, SessionRecord
from ebbtide.core.settings import SettingKey
from ebbtide.ui.common.distress import DistressScale
from ebbtide.ui.common.honest_list import HonestList
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.common.steps import StepStack
from ebbtide.ui.context import UiContext
from ebbtide.ui.operations.sessions import save_session
from ebbtide.ui.steady.content import load_steady_words
from ebbtide.ui.theme import margins, space

DEFAULT_PATTERN = "extended-exhale"  # "Longer breath out"
BREATH_MINUTES = 2
AUTO_CONTINUE_MS = 1000  # after a rating keypress (long enough to type "1" "0")
CLOSE_MS = 3000  # after the last breath, the bell rings before the path goes on
KEYS_HINT = "Enter go on · PgDown skip this step · Esc leave (what you did is kept)"


class Step(Enum):
    RATE = auto()
    BREATHE = auto()
    FEELING = auto()
    NOW_OR_THEN = auto()
    NEXT = auto()
    RATE_AGAIN = auto()
    CHANGE = auto()


ORDER = list(Step)


def change_sentence(before: int | None, after: int | None) -> str:
    """The change in one sentence, plainly and without judgement."""
    if before is None and after is None:
        return "You took some time for yourself. That counts."
    if after is None:
        return f"You started at {before} out of 10."
    if before is None:
        return f"You are at {after} out of 10 now."
    if after < before:
        return f"Your distress came down from {before} to {after}."
    if after == before:
        return f"Your distress is where it was, at {before}. Some moments are like that."
    return (f"Your distress went from {before} to {after}. That happens; "
            "it is fine to rest, or to reach out to someone.")


class _PathKeys(QObject):
    """Esc, PgDown and Enter reach the path whichever control in its window has focus."""

    def __init__(self, window: SteadyWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self.window:
            return False
        assert isinstance(event, QKeyEvent)
        if self.window.path_key(event.key(), event.type() is QEvent.Type.KeyPress):
            event.accept()
            return True
        return False


class SteadyWindow(QWidget):
    """The path. `finished(record or None)` when it closes, with what was saved."""

    finished = Signal(object)

    def __init__(self, ctx: UiContext, *, breath_only: bool = False,
                 open_page: Callable[[str, dict[str, object]], None] | None = None,
                 show_crisis: Callable[[], None] | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.breath_only = breath_only
        self.open_page = open_page or (lambda key, options: ctx.practice_requested.emit(
            key, options))
        self.show_crisis = show_crisis or self._crisis_dialog
        self.words = load_steady_words()
        self.before: int | None = None
        self.after: int | None = None
        self.feeling: str | None = None
        self.now_or_then: str | None = None
        self.then_open: str | None = None  # a page to open when the path ends
        self._opened_wall = time.time()
        self.breath_record: SessionRecord | None = None
        self.saved: SessionRecord | None = None
        self.uid: str | None = None
        self.runner: Any = None  # BreathRunner, made when breathing starts
        self.crisis_box: QMessageBox | None = None
        self._crisis_shown = False
        self._closed = False
        self._started_wall = 0.0
        self.clock_factory = clock  # tests move the breathing clock by hand
        self.close_ms = CLOSE_MS
        self.pattern = self._pattern()

        self.setWindowTitle(f"Steady me now — {APP_NAME}")
        self.setAccessibleName("Steady me now")
        self.resize(760, 560)
        self.setMinimumSize(560, 440)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(margins("xxl", "xl", "l"))
        outer.setSpacing(space("m"))
        self.progress = role_label("", "muted")
        self.progress.setAccessibleName("Where you are in the path")
        outer.addWidget(self.progress)
        self.stack = StepStack()
        outer.addWidget(self.stack, 1)
        self.before_scale = self._rating_step(
            Step.RATE, "Steady me now",
            "How much distress do you feel right now? 0 is calm, 10 is as bad as it gets.")
        self._breathe_step()
        self._feeling_step()
        self._now_or_then_step()
        self._next_step()
        self.after_scale = self._rating_step(
            Step.RATE_AGAIN, "And now?", "How much distress do you feel now, 0 to 10?")
        self._change_step()

        buttons = QHBoxLayout()
        self.leave_button = QPushButton("Leave (Esc)")
        self.leave_button.setAccessibleName("Leave the path, keeping what you did")
        self.leave_button.clicked.connect(self.leave)
        self.skip_button = QPushButton("Skip this step (PgDown)")
        self.skip_button.setAccessibleName("Skip this step")
        self.skip_button.clicked.connect(self.skip)
        self.go_button = QPushButton("Go on (Enter)")
        self.go_button.setProperty("role", "primary")
        self.go_button.setAccessibleName("Go on")
        self.go_button.clicked.connect(self.go_on)
        buttons.addWidget(self.leave_button)
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.go_button)
        outer.addLayout(buttons)
        self.hint = role_label(KEYS_HINT, "muted", wrap=True)
        outer.addWidget(self.hint)

        self._auto_timer = QTimer(self)
        self._auto_timer.setSingleShot(True)
        self._auto_timer.timeout.connect(self.go_on)
        self._close_timer = QTimer(self)
        self._close_timer.setSingleShot(True)
        self._close_timer.timeout.connect(self._breathing_done)
        self.keys = _PathKeys(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.keys)
        self.before_scale.valueChanged.connect(self._rated)
        self.after_scale.valueChanged.connect(self._rated)
        if breath_only:
            self.leave_button.setText("Stop (Esc)")
            self.leave_button.setAccessibleName("Stop breathing")
            self.hint.setText("Space pause · Esc stop. Ebbtide is locked: nothing is "
                              "saved, and nothing of yours is shown.")
            self._show(Step.BREATHE)
        else:
            self._show(Step.RATE)

    # -- building -------------------------------------------------------------------------

    def _page(self, step: Step, title: str, text: str = "") -> QVBoxLayout:
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(space("m"))
        heading = role_label(title, "title", wrap=True)
        heading.setAccessibleName(title)
        col.addWidget(heading)
        if text:
            col.addWidget(role_label(text, "subtitle", wrap=True))
        self.stack.add_step(step, page)
        return col

    def _rating_step(self, step: Step, title: str, text: str) -> DistressScale:
        col = self._page(step, title, text)
        scale = DistressScale("Distress now" if step is Step.RATE_AGAIN else "Distress")
        col.addWidget(scale)
        col.addWidget(role_label("Type a number, or click one. Enter goes on.", "muted"))
        col.addStretch(1)
        return scale

    def _breathe_step(self) -> None:
        from ebbtide.ui.breathe.view import BreathView  # the feature's own picture

        name = self.pattern.name
        col = self._page(Step.BREATHE, "Breathe with the circle",
                         f"{name}, for about {BREATH_MINUTES} minutes. Space pauses.")
        self.view = BreathView()
        self.view.setAccessibleName("Breathing")
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.view.setMinimumHeight(220)
        col.addWidget(self.view, 1)

    def _feeling_step(self) -> None:
        col = self._page(Step.FEELING, "Is there a word for it?",
                         "Pick the one that fits best, if one does. Naming a feeling can "
                         "make it a little smaller.")
        self.feelings = HonestList()
        self.feelings.setAccessibleName("Feeling words")
        self.feelings.setViewMode(QListView.ViewMode.ListMode)
        self.feelings.setFlow(QListView.Flow.LeftToRight)
        self.feelings.setWrapping(True)
        self.feelings.setResizeMode(QListView.ResizeMode.Adjust)
        self.feelings.setSpacing(space("xs"))
        self.feelings.setProperty("role", "roomy")
        for word in self.words.feelings:
            item = QListWidgetItem(word)
            item.setData(Qt.ItemDataRole.UserRole, word)
            self.feelings.addItem(item)
        self.feelings.itemActivated.connect(lambda _item: self.go_on())
        col.addWidget(self.feelings, 1)

    def _now_or_then_step(self) -> None:
        col = self._page(Step.NOW_OR_THEN, self.words.question, self.words.intro)
        self.answers = HonestList()
        self.answers.setAccessibleName("Now, or then?")
        self.answers.setProperty("role", "roomy")
        for answer in self.words.answers:
            item = QListWidgetItem(answer.label)
            item.setData(Qt.ItemDataRole.UserRole, answer.id)
            self.answers.addItem(item)
        self.answers.setMaximumHeight(self.answers.sizeHintForRow(0) * 4 + 12)
        self.answers.itemActivated.connect(lambda _item: self.go_on())
        self.answers.itemSelectionChanged.connect(self._answer_chosen)
        col.addWidget(self.answers)
        self.answer_after = role_label("", "", wrap=True)
        self.answer_after.setAccessibleName("About your answer")
        col.addWidget(self.answer_after)
        col.addStretch(1)

    def _next_step(self) -> None:
        col = self._page(Step.NEXT, "Would you like to look closer?",
                         "Only if it feels right. The worksheet helps check a thought "
                         "against what you know. It opens when this path ends.")
        self.next_choice = HonestList()
        self.next_choice.setAccessibleName("After this path")
        self.next_choice.setProperty("role", "roomy")
        self._next_options: list[tuple[str, str, dict[str, object]]] = [
            ("Not now", "", {}),
            ("Open the worksheet when we finish", "namecheck", {}),
            ("Note it in the trigger log when we finish", "notice", {"entry": "trigger"}),
        ]
        for text, key, _options in self._next_options:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.next_choice.addItem(item)
        self.next_choice.setCurrentRow(0)
        self.next_choice.setMaximumHeight(self.next_choice.sizeHintForRow(0) * 4 + 12)
        self.next_choice.itemActivated.connect(lambda _item: self.go_on())
        col.addWidget(self.next_choice)
        col.addStretch(1)

    def _change_step(self) -> None:
        col = self._page(Step.CHANGE, "Thank you for taking this time")
        self.change_text = role_label("", "subtitle", wrap=True)
        self.change_text.setAccessibleName("The change")
        col.addWidget(self.change_text)
        self.saved_text = role_label("", "muted", wrap=True)
        self.saved_text.setAccessibleName("What was kept")
        col.addWidget(self.saved_text)
        col.addStretch(1)

    # -- moving through the steps ----------------------------------------------------------

    @property
    def step(self) -> Step:
        step = self.stack.step
        assert isinstance(step, Step)
        return step

    def _show(self, step: Step) -> None:
        self._auto_timer.stop()
        self.stack.show_step(step)
        shown = [s for s in ORDER if s is not Step.CHANGE]
        if step in shown and not self.breath_only:
            self.progress.setText(f"Step {shown.index(step) + 1} of {len(shown)}")
        else:
            self.progress.setText("")
        last = step is Step.CHANGE or self.breath_only
        self.skip_button.setVisible(not last)
        self.leave_button.setVisible(step is not Step.CHANGE)  # Close says it all there
        self.hint.setVisible(step is not Step.CHANGE)
        self.go_button.setText("Close (Enter)" if step is Step.CHANGE
                               else "Done (Enter)" if self.breath_only else "Go on (Enter)")
        if step is Step.BREATHE:
            self.start_breathing()
        elif step is Step.CHANGE:
            self.change_text.setText(change_sentence(self.before, self.after))
            self.saved_text.setText(self._saved_words())
        self._focus_step()

    def _focus_step(self) -> None:
        focus = {Step.RATE: self.before_scale, Step.BREATHE: self.view,
                 Step.FEELING: self.feelings, Step.NOW_OR_THEN: self.answers,
                 Step.NEXT: self.next_choice, Step.RATE_AGAIN: self.after_scale,
                 Step.CHANGE: self.go_button}[self.step]
        focus.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.activateWindow()
        self._focus_step()

    def _following(self, step: Step) -> Step:
        return ORDER[ORDER.index(step) + 1]

    def go_on(self) -> None:
        """Enter: keep this step's answer and go on."""
        self._auto_timer.stop()
        if self.crisis_box is not None:
            return  # the path waits while the crisis help is open
        step = self.step
        if step is Step.RATE:
            self.before = self.before_scale.value()
        elif step is Step.BREATHE:
            self._stop_breathing(completed=False)
            if self.breath_only:
                self.close()
                return
        elif step is Step.FEELING:
            self.feeling = self._chosen(self.feelings)
        elif step is Step.NOW_OR_THEN:
            self.now_or_then = self._chosen(self.answers)
        elif step is Step.NEXT:
            self.then_open = self._chosen(self.next_choice) or None
        elif step is Step.RATE_AGAIN:
            self.after = self.after_scale.value()
        elif step is Step.CHANGE:
            self.close()
            return
        self._advance(step)

    @staticmethod
    def _chosen(choices: QListWidget) -> str | None:
        """The highlighted choice. Focus alone marks a row without choosing it, so Enter
        with nothing highlighted goes on without an answer."""
        items = choices.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def skip(self) -> None:
        """PgDown: this step without an answer."""
        self._auto_timer.stop()
        if self.crisis_box is not None:
            return
        step = self.step
        if step is Step.BREATHE:
            self._stop_breathing(completed=False)
            if self.breath_only:
                self.close()
                return
        elif step is Step.CHANGE:
            self.close()
            return
        self._advance(step)

    def _advance(self, step: Step) -> None:
        if step is not Step.RATE:
            self.save()
        if self._wants_crisis_help() and not self._crisis_shown:
            self._crisis_shown = True
            self._offer_crisis_help(lambda: self._show(self._following(step)))
            return
        self._show(self._following(step))

    def leave(self) -> None:
        """Esc: out at once, keeping what was done."""
        self.close()

    def _rated(self, value: int | None) -> None:
        if value is not None:
            self._auto_timer.start(AUTO_CONTINUE_MS)
        else:
            self._auto_timer.stop()

    def _answer_chosen(self) -> None:
        answer = self.words.answer(self._chosen(self.answers))
        self.answer_after.setText(answer.after if answer else "")

    # -- keys ------------------------------------------------------------------------------

    def path_key(self, key: int, press: bool) -> bool:
        """Keys that work wherever focus is in the path's window. True when ours."""
        if self.crisis_box is not None and self.crisis_box.isVisible():
            return False  # the message box has its own keys
        if key == Qt.Key.Key_Escape:
            if press:
                self.leave()
            return True
        if key == Qt.Key.Key_PageDown and self.step is not Step.CHANGE:
            if press:
                self.skip()
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if press:
                self.go_on()
            return True
        if key == Qt.Key.Key_Space and self.step is Step.BREATHE:
            if press and self.runner is not None and self.runner.running:
                self.runner.toggle_pause()
            return True
        return False

    # -- breathing -----------------------------------------------------------------------

    def _pattern(self) -> Pattern:
        wanted = str(self.ctx.settings[SettingKey.STEADY_PATTERN] or DEFAULT_PATTERN)
        if not self.breath_only:  # the person's own patterns have sealed names
            try:
                found = PatternRepository(self.ctx.store).get(wanted)
            except Exception:  # a broken or locked store: a preset still helps
                found = None
            if found is not None:
                return found
        by_id = {p.id: p for p in presets()}
        return by_id.get(wanted) or by_id.get(DEFAULT_PATTERN) or presets()[0]

    def start_breathing(self) -> None:
        from ebbtide.audio.breath_cues import CueOptions, CuePlayer, spoken_cues_available
        from ebbtide.ui.breathe.runner import BreathRunner

        session = BreathingSession(self.pattern.phases,
                                   SessionPlan(SessionMode.MINUTES, BREATH_MINUTES), None,
                                   BreathingClock(self.clock_factory), lead_in_s=LEAD_IN_S)
        settings = self.ctx.settings
        options = CueOptions(tones=bool(settings[SettingKey.BREATHE_TONE_CUES]),
                             spoken=bool(settings[SettingKey.BREATHE_SPOKEN_CUES])
                             and spoken_cues_available())
        player = None
        if settings[SettingKey.SOUNDS_ON] and (options.tones or options.spoken) \
                and self.ctx.audio.available:
            player = CuePlayer(self.ctx.audio, options)
        self.runner = BreathRunner(session, player, [self.view], self)
        self.runner.finished.connect(lambda: self._close_timer.start(self.close_ms))
        self.view.set_source(self.runner.state)
        self.view.set_reduced_motion(bool(settings[SettingKey.REDUCED_MOTION]))
        self._started_wall = time.time()
        self.runner.start()

    def _breathing_done(self) -> None:
        if self.step is Step.BREATHE:
            self._stop_breathing(completed=True)
            if self.breath_only:
                self.close()
            else:
                self._advance(Step.BREATHE)

    def _stop_breathing(self, completed: bool) -> None:
        """Stop at once and keep what was practised (in memory; saved with the rest)."""
        self._close_timer.stop()
        runner, self.runner = self.runner, None
        if runner is None:
            return
        completed = completed or runner.done
        runner.stop()
        self.view.set_source(None)
        runner.deleteLater()
        if self.breath_only:
            return
        from ebbtide.ui.breathe.record import breathing_record

        record = breathing_record(self.pattern, runner.session,
                                  started_utc=self._started_wall,
                                  distress_before=self.before, completed=completed)
        # The rating lives in the path's record either way: a breathing session skipped
        # at once is no breathing session.
        if record is not None and (completed or record.duration_s >= MIN_SAVED_S):
            self.breath_record = record

    # -- crisis help -----------------------------------------------------------------------

    def _wants_crisis_help(self) -> bool:
        words = [self.feeling] if self.feeling else []
        return needs_gentle_card(self.before, words) or needs_gentle_card(self.after, [])

    def _offer_crisis_help(self, then: Callable[[], None]) -> None:
        """A plain message first (the gentle card is its own feature); the path goes on
        when it is closed, whichever way."""
        card = load_crisis_words().card
        box = QMessageBox(QMessageBox.Icon.NoIcon, card.title, card.title, parent=self)
        box.setInformativeText(f"{card.text}\n\n{card.practice_text}")
        box.setAccessibleName(card.title)
        help_button = box.addButton(card.help_button, QMessageBox.ButtonRole.ActionRole)
        go_on = box.addButton("Go on", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(go_on)
        box.setEscapeButton(go_on)
        self.crisis_box = box

        def closed() -> None:
            self.crisis_box = None
            if box.clickedButton() is help_button:
                self.show_crisis()
            then()

        box.finished.connect(lambda _result: closed())
        box.open()

    def _crisis_dialog(self) -> None:
        from ebbtide.ui.help_dialogs import CrisisDialog

        CrisisDialog(self.ctx, self).exec()

    # -- saving ----------------------------------------------------------------------------

    def record(self) -> SessionRecord | None:
        """What the path has done so far, as one session (None: nothing to keep)."""
        facts: dict[str, Any] = {"path": "steady"}
        if self.feeling:
            facts["feelings"] = [self.feeling]
        if self.now_or_then:
            facts["now_or_then"] = self.now_or_then
        if self.breath_record is not None:
            details = {**self.breath_record.details, **facts}
            return replace(self.breath_record, distress_after=self.after, details=details,
                           uid=self.uid or self.breath_record.uid)
        if self.before is None and self.after is None and not self.feeling:
            return None
        checkin = SessionRecord(kind=SessionKind.CHECKIN, content_id="steady",
                                started_utc=self._opened_wall, ended_utc=self._opened_wall,
                                distress_before=self.before, distress_after=self.after,
                                details={"label": "Steady me now", **facts})
        return replace(checkin, uid=self.uid) if self.uid else checkin

    def save(self) -> None:
        if self.breath_only:
            return
        record = self.record()
        if record is None or record == self.saved:
            return
        if self.saved is not None and self.saved.kind != record.kind:
            record = replace(record, uid=self.saved.uid)
        self.uid = record.uid
        self.saved = record
        save_session(self.ctx, record, initiator=self)

    def _saved_words(self) -> str:
        if self.saved is None:
            return "Nothing was saved: there was nothing to keep."
        if self.saved.kind == SessionKind.BREATHING:
            return "Kept in Progress as a breathing session, with your ratings."
        return "Kept in Progress as a check-in."

    # -- closing -------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        event.accept()
        if self._closed:
            return
        self._closed = True
        if self.step is Step.BREATHE:
            self._stop_breathing(completed=False)
        elif self.step is Step.RATE and self.before_scale.value() is not None:
            self.before = self.before_scale.value()  # typed, not yet confirmed: theirs
        elif self.step is Step.RATE_AGAIN and self.after_scale.value() is not None:
            self.after = self.after_scale.value()
        self._auto_timer.stop()
        self.ctx.stop_all_sound()
        self.save()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.keys)
        if self.then_open:
            options = next((o for _t, key, o in self._next_options if key == self.then_open), {})
            self.open_page(self.then_open, dict(options))
        self.finished.emit(self.saved)
