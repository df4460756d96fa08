"""Listen: guided meditations with captions, the person's own recordings, and a silent
meditation timer with bells. Distress before and after is optional; each session is
saved with what was listened to, for how long, and whether it was finished.

Keys while listening: Space play or pause, Left / Right ten seconds back or on, Esc stop
at once. In the timer: Space pause or go on, Esc stop. Ctrl+Z brings back a recording
that was just removed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from enum import Enum, auto
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ebbtide.audio.decode import (
    DAMAGED_SEALED,
    DIALOG_FILTER,
    AudioFileError,
    decode,
    recording_duration,
)
from ebbtide.audio.engine import Player
from ebbtide.audio.listening import listening_mix
from ebbtide.audio.mixer import Mix
from ebbtide.audio.synth import bed
from ebbtide.audio.timer import TimerPlan, timer_mix
from ebbtide.core.meditations import Caption, Meditation, MeditationContentError
from ebbtide.core.meditations import load_meditations as _load_meditations
from ebbtide.core.moments import NextAction
from ebbtide.core.recordings import CANT_OPEN, Recording, RecordingError, RecordingLibrary
from ebbtide.core.sessions import SessionKind, SessionRecord, listened_through, worth_saving
from ebbtide.core.settings import SettingKey
from ebbtide.ui.common.announce import announce
from ebbtide.ui.common.distress import DistressScale
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.common.moment import MomentPanel, open_next
from ebbtide.ui.common.roles import honest_tabs
from ebbtide.ui.common.safety import offer_gentle_card
from ebbtide.ui.common.short_window import CompactWhenShort
from ebbtide.ui.common.steps import StepStack
from ebbtide.ui.listen.library import KIND_MEDITATION, ListenLibrary
from ebbtide.ui.listen.player import ListenPlayerView
from ebbtide.ui.listen.timer import TimerSetup, TimerView
from ebbtide.ui.operations import ChangeNotice
from ebbtide.ui.operations import recordings as recording_ops
from ebbtide.ui.operations.sessions import save_session
from ebbtide.ui.page import Page
from ebbtide.ui.self_trust.true_card import TrueAboutYouCard
from ebbtide.ui.theme import space

log = logging.getLogger(__name__)

REFRESH_MS = 100

# Tests point this at a small meditation of their own.
load_meditations: Callable[[], list[Meditation]] = _load_meditations


class Step(Enum):
    """Where the Listen page is: choosing, a meditation or recording playing, the silent
    timer, the after-rating, or the result."""

    CHOOSE = auto()
    PLAYING = auto()
    SITTING = auto()
    AFTER = auto()
    RESULT = auto()  # the held moment: before → after, a warm line, a next step


@dataclass
class _Session:
    kind: str
    content_id: str
    started_utc: float
    before: int | None
    details: dict[str, Any] = field(default_factory=dict)
    listened_s: float = 0.0
    completed: bool = False
    plan: TimerPlan | None = None


def duration_words(seconds: float) -> str:
    """"4 minutes 5 seconds", for a person to read (a clock face is for the player)."""
    total = max(0, round(seconds))
    minutes, secs = divmod(total, 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if secs or not minutes:
        parts.append(f"{secs} second{'s' if secs != 1 else ''}")
    return " ".join(parts)


def _error_text(exc: BaseException) -> str:
    message = getattr(exc, "message", None)
    if isinstance(message, str):
        return message
    return "Something went wrong reading that sound. Nothing in your library was changed."


class ListenPage(Page):
    title = "Listen"
    measure = "wide"

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx, parent)
        self.recordings = RecordingLibrary(ctx.store, ctx.paths.recordings_dir, recording_duration)
        self.meditations: list[Meditation] = []
        self.player: Player | None = None
        self.session: _Session | None = None
        self._meditations_loaded = False
        self._loading = False
        self._last_tick: float | None = None
        self._removed: Recording | None = None
        self._told_sound = False  # this session is the one saying "no sound device"

        self.outer = outer = QVBoxLayout(self)
        outer.setSpacing(space("m"))
        self.stack = StepStack()
        outer.addWidget(self.stack)

        # -- choosing ----------------------------------------------------------------------
        self.choose_view = QWidget()
        choose = QVBoxLayout(self.choose_view)
        choose.setContentsMargins(0, 0, 0, 0)
        choose.setSpacing(space("m"))
        self.choose_layout = choose
        heading = role_label("Listen", "title")
        choose.addWidget(heading)
        self.intro = intro = QLabel("Lie back or sit comfortably. You can pause, go back or "
                                    "stop at any moment.")
        intro.setProperty("role", "subtitle")
        intro.setWordWrap(True)
        choose.addWidget(intro)
        self.message = role_label("", "notice", wrap=True)
        self.message.hide()
        choose.addWidget(self.message)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("What to listen to")
        self.tabs.tabBar().setAccessibleName("Guided and your own, or the meditation timer")
        self.library = ListenLibrary()
        honest_tabs(self.tabs)
        self.tabs.addTab(self.library, "Guided and your own")
        timer_tab = QWidget()
        timer_layout = QVBoxLayout(timer_tab)
        timer_layout.setContentsMargins(space("l"), space("m"), space("l"), space("m"))
        timer_layout.setSpacing(space("s"))
        self.timer_intro = timer_intro = QLabel(
            "Sit in silence for as long as you choose. Bells mark the start, the end and, "
            "if you like, the time in between.")
        timer_intro.setWordWrap(True)
        timer_layout.addWidget(timer_intro)
        self.timer_setup = TimerSetup()
        timer_layout.addWidget(self.timer_setup)
        self.timer_begin = QPushButton("Begin the timer")
        self.timer_begin.setProperty("role", "primary")
        self.timer_begin.clicked.connect(self.begin_timer)
        timer_row = QHBoxLayout()
        timer_row.addWidget(self.timer_begin)
        timer_row.addStretch(1)
        timer_layout.addLayout(timer_row)
        timer_layout.addStretch(1)
        self.tabs.addTab(timer_tab, "Meditation timer")
        choose.addWidget(self.tabs, 1)

        before_card = QFrame()
        before_card.setProperty("role", "card")
        before_layout = QVBoxLayout(before_card)
        before_layout.setContentsMargins(space("l"), space("s"), space("l"), space("s"))
        before_label = QLabel("Before you begin, if you like: how much distress do you feel?")
        self.before_scale = DistressScale("Distress before, optional")
        before_label.setBuddy(self.before_scale)
        before_layout.addWidget(before_label)
        before_layout.addWidget(self.before_scale)
        choose.addWidget(before_card)
        self.stack.add_step(Step.CHOOSE, self.choose_view)

        # -- listening, sitting, afterwards ---------------------------------------------------
        self.player_view = ListenPlayerView()
        self.player_view.stop_requested.connect(self.stop)
        self.player_view.volume_changed.connect(self._volume_changed)
        self.player_view.captions_toggled.connect(
            lambda on: self.ctx.set_setting(SettingKey.CAPTIONS_ON, bool(on)))
        self.stack.add_step(Step.PLAYING, self.player_view)
        self.timer_view = TimerView()
        self.timer_view.stop_button.clicked.connect(self.stop)
        self.stack.add_step(Step.SITTING, self.timer_view)
        self.after_view = self._build_after_view()
        self.stack.add_step(Step.AFTER, self.after_view)
        self.result_view = self._build_result_view()
        self.stack.add_step(Step.RESULT, self.result_view)

        self.library.room_tone.setChecked(bool(ctx.settings[SettingKey.ROOM_TONE_ON]))
        self.library.room_tone.toggled.connect(
            lambda on: self.ctx.set_setting(SettingKey.ROOM_TONE_ON, bool(on)))
        self.library.begin_requested.connect(self.begin)
        self.library.add_requested.connect(self._choose_files)
        self.library.files_dropped.connect(lambda files: self.import_files(
            [Path(f) for f in files]))
        self.library.rename_requested.connect(self._ask_rename)
        self.library.remove_requested.connect(self.remove_recording)
        self.library.undo_requested.connect(self.undo_remove)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        # Space and the arrows belong to the player and the timer only, so on the
        # choosing view they still press buttons and move through lists.
        for view in (self.player_view, self.timer_view):
            self._shortcut(view, Qt.Key.Key_Space, self.toggle)
        self._shortcut(self.player_view, Qt.Key.Key_Left, lambda: self._skip(-10.0))
        self._shortcut(self.player_view, Qt.Key.Key_Right, lambda: self._skip(10.0))
        self._shortcut(self, Qt.Key.Key_Escape, self.escape)
        undo = QShortcut(QKeySequence.StandardKey.Undo, self)
        undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo.activated.connect(self.undo_remove)
        self._load_recordings()
        CompactWhenShort(self, self._fit_height)

    def _fit_height(self, compact: bool) -> None:
        """A short window: smaller margins and no intro line; the glow, the caption's
        card and the timer's ring give up room first."""
        if compact:
            self.outer.setContentsMargins(space("l"), space("m"), space("l"), space("s"))
        else:
            self.outer.setContentsMargins(space("xxl"), space("xxl"), space("xxl"),
                                          space("xl"))
        self.choose_layout.setSpacing(space("s") if compact else space("m"))
        self.intro.setVisible(not compact)
        # The form says the same in its labels; and a tab widget is as tall as its
        # tallest tab, so the timer's tab must not outgrow the library's.
        self.timer_intro.setVisible(not compact)
        self.player_view.set_compact(compact)
        self.timer_view.set_compact(compact)

    def _build_after_view(self) -> QWidget:
        view = QWidget()
        layout = QVBoxLayout(view)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(space("m"))
        self.after_title = role_label("Welcome back", "title")
        layout.addWidget(self.after_title)
        self.after_summary = role_label("", "subtitle", wrap=True)
        layout.addWidget(self.after_summary)
        card = QFrame()
        card.setProperty("role", "card")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(space("xl"), space("l"), space("xl"), space("l"))
        after_label = QLabel("How much distress do you feel now? (optional)")
        self.after_scale = DistressScale("Distress now, optional")
        after_label.setBuddy(self.after_scale)
        inner.addWidget(after_label)
        inner.addWidget(self.after_scale)
        layout.addWidget(card)
        self.true_card = TrueAboutYouCard(self.ctx)  # after a hard session, if wanted
        layout.addWidget(self.true_card)
        row = QHBoxLayout()
        self.save_button = QPushButton("Save and finish")
        self.save_button.setProperty("role", "primary")
        self.save_button.clicked.connect(lambda: self.finish(save_rating=True))
        self.skip_button = QPushButton("Finish without rating")
        self.skip_button.setProperty("role", "text")  # a way out, quieter than the answer
        self.skip_button.clicked.connect(lambda: self.finish(save_rating=False))
        row.addWidget(self.save_button)
        row.addWidget(self.skip_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        return view

    def _build_result_view(self) -> QWidget:
        view = QWidget()
        layout = QVBoxLayout(view)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(space("m"))
        layout.addStretch(1)
        self.result_title = role_label("Welcome back", "title", wrap=True)
        layout.addWidget(self.result_title)
        self.result_summary = role_label("", "subtitle", wrap=True)
        layout.addWidget(self.result_summary)
        self.moment = MomentPanel()
        self.moment.chosen.connect(self._next_step)
        layout.addWidget(self.moment)
        row = QHBoxLayout()
        self.done_button = QPushButton("Back to Listen")
        self.done_button.setProperty("role", "primary")
        self.done_button.clicked.connect(self.show_choose)
        row.addWidget(self.done_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        return view

    def show_choose(self) -> None:
        self.stack.show_step(Step.CHOOSE)
        self.library.meditation_list.setFocus()

    def _next_step(self, action: NextAction) -> None:
        if action is NextAction.ANOTHER_PRACTICE:
            open_next(self.ctx, NextAction.ANOTHER_PRACTICE)  # Breathe: a change of practice
            self.stack.show_step(Step.CHOOSE)
        else:
            self.stack.show_step(Step.CHOOSE)
            open_next(self.ctx, action)

    @staticmethod
    def _shortcut(owner: QWidget, key: Qt.Key, slot: Callable[[], None]) -> None:
        shortcut = QShortcut(QKeySequence(key), owner)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)

    # -- the page's life -----------------------------------------------------------------------

    def page_shown(self) -> None:
        if not self._meditations_loaded:
            self._meditations_loaded = True
            try:
                self.meditations = load_meditations()
            except (MeditationContentError, OSError) as exc:
                log.warning("Built-in meditations could not be loaded: %s", type(exc).__name__)
                self.show_message("The guided meditations could not be loaded just now. "
                                  "Your own recordings and the timer still work.")
                self.meditations = []
            self.library.set_meditations(self.meditations)
        if self.stack.step is Step.CHOOSE:
            self.library.meditation_list.setFocus()

    def start_practice(self, options: dict[str, object]) -> None:
        """From the check-in: {"meditation": id} chooses it, ready to Begin."""
        meditation = options.get("meditation")
        if isinstance(meditation, str) and self.stack.step is Step.CHOOSE:
            self.tabs.setCurrentWidget(self.library)
            self.library.select(KIND_MEDITATION, meditation)
            self.library.begin_button.setFocus()

    def page_hidden(self) -> None:
        """Leaving the page stops the sound; a session under way is kept, as stopped
        early, without an after-rating."""
        if self.session is not None:
            if self.stack.step is not Step.AFTER:
                self._halt(completed=False)
            # A rating already chosen is kept (leaving, or the lock, is not skipping it).
            self.finish(save_rating=self.after_scale.value() is not None, show_result=False)
        elif self.stack.step is Step.RESULT:
            self.stack.show_step(Step.CHOOSE)
        self.ctx.stop_all_sound()
        self._refresh_timer.stop()
        if self._removed is not None:
            recording_ops.forget_removed_recordings(self.ctx, self.recordings, initiator=self)
        self.library.show_undo(None)
        self._removed = None

    def data_changed(self, notice: ChangeNotice) -> None:
        if notice.setting is SettingKey.REDUCED_MOTION:
            self.player_view.set_reduced_motion(bool(self.ctx.settings[SettingKey.REDUCED_MOTION]))

    def busy(self) -> bool:
        return self.stack.step in (Step.PLAYING, Step.SITTING)

    # -- messages ----------------------------------------------------------

    def show_message(self, text: str | None) -> None:
        self.message.setText(text or "")
        self.message.setVisible(bool(text))

    def _sound_notice(self) -> str | None:
        if not self.ctx.audio_started:
            return None
        reason = self.ctx.audio.unavailable_reason
        if reason is None and not self.ctx.settings[SettingKey.SOUNDS_ON]:
            reason = "Sounds are turned off in Settings, so this plays silently."
        if reason is None:
            return None
        # What still works depends on what is playing.
        if self.stack.step is Step.SITTING:
            text = f"{reason} The bells are shown here instead."
        elif self.player_view.captions:
            text = f"{reason} Captions still show."
        else:
            text = reason
        return text

    def _show_sound_notice(self, view: ListenPlayerView | TimerView) -> None:
        """Why this is silent, said by the first silent session of the run only; the
        view knows it is silent either way (a bell is then "shown, not heard")."""
        text = self._sound_notice()
        shown = self.ctx.sound_notice_once(text, mine=self._told_sound)
        self._told_sound = shown is not None
        view.set_notice(shown, silent=bool(text))

    # -- beginning ----------------------------------------------------------

    def begin(self, kind: str, item_id: str) -> None:
        """Start a guided meditation or a recording (decoded in the background)."""
        if self._loading:
            return
        self.show_message(None)
        bed_name = self.library.bed.currentData()
        if kind == KIND_MEDITATION:
            meditation = next((m for m in self.meditations if m.id == item_id), None)
            if meditation is None:
                return
            path = meditation.audio_file
            title, captions = meditation.title, meditation.captions
            details: dict[str, Any] = {"label": meditation.title, "source": "meditation"}
            opener = None
        else:
            recording = self.recordings.get(item_id)
            if recording is None:
                return
            path = self.recordings.path_of(recording)
            try:
                opener = self.recordings.opener(recording)
            except RecordingError as exc:
                self.show_message(exc.message)
                return
            title, captions = recording.title, ()
            details = {"source": "recording"}
        if bed_name:
            details["bed"] = bed_name
        self._loading = True
        self.library.begin_button.setEnabled(False)
        self.library.begin_button.setText("Getting it ready…")

        guided = kind == KIND_MEDITATION
        room_tone_on = guided and bool(self.ctx.settings[SettingKey.ROOM_TONE_ON])

        def prepare() -> Mix:
            # A person's own recording is private: decoded, it never lies plain on disk.
            # A sealed one streams through the decoder a chunk at a time (the decoded
            # sound goes to the cache encrypted, like any recording's): no plain copy.
            try:
                voice = decode(path, private=not guided, opener=opener)
            except AudioFileError as exc:
                if guided or exc.reason != DAMAGED_SEALED:
                    raise
                raise RecordingError(CANT_OPEN) from exc
            loop = bed(bed_name) if bed_name else None
            # A chosen bed, or else (guided meditations) the quiet room tone in the pauses.
            return listening_mix(voice, loop, room_tone_on=room_tone_on)

        def ready(mix: Mix) -> None:
            self._start_listening(kind, item_id, title, captions, mix, details)

        self._run(prepare, ready, self._begin_failed)

    def _begin_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, AudioFileError | RecordingError):
            log.warning("A recording could not be prepared: %s", type(exc).__name__)
        self.show_message(_error_text(exc))

    def _run(self, job: Callable[[], Any], ready: Callable[[Any], None],
             failed: Callable[[BaseException], None]) -> None:
        """Decode on the one worker; the page comes back to life when it is done."""

        def finished(future: Future[Any]) -> None:
            self._loading = False
            self.library.begin_button.setText("Begin")
            self.library.begin_button.setEnabled(self.library.selected() is not None)
            error = future.exception()
            if error is not None:
                failed(error)
            else:
                ready(future.result())

        self.ctx.tasks.run_in_background(job, finished)

    def _start_listening(self, kind: str, item_id: str, title: str,
                         captions: tuple[Caption, ...], mix: Mix,
                         details: dict[str, Any]) -> None:
        details["length_s"] = round(mix.length_s, 1)
        self._told_sound = False
        self.session = _Session(SessionKind.AUDIO, item_id, time.time(), self.before_scale.value(),
                                details)
        engine = self.ctx.audio
        self.player = engine.open(mix)
        self.player_view.set_reduced_motion(bool(self.ctx.settings[SettingKey.REDUCED_MOTION]))
        self.player_view.show_session(title, self.player, captions,
                                      self.ctx.settings[SettingKey.VOLUME],
                                      self.ctx.settings[SettingKey.CAPTIONS_ON])
        self.stack.show_step(Step.PLAYING)
        self.player.play()
        self._last_tick = engine.clock()
        self._show_sound_notice(self.player_view)
        self.player_view.play_button.setFocus()
        self._refresh_timer.start()
        self.refresh()

    def begin_timer(self) -> None:
        try:
            plan = self.timer_setup.plan()
        except ValueError as exc:
            self.show_message(str(exc))
            return
        mix = timer_mix(plan)
        details: dict[str, Any] = {"label": "Meditation timer", "planned_s": plan.duration_s,
                                   "interval_s": plan.interval_s, "delay_s": plan.delay_s}
        if plan.bed:
            details["bed"] = plan.bed
        self._told_sound = False
        self.session = _Session(SessionKind.TIMER, "timer", time.time(), self.before_scale.value(),
                                details, plan=plan)
        self.player = self.ctx.audio.open(mix)
        self.timer_view.start(plan, self.player)
        self.stack.show_step(Step.SITTING)
        self.player.play()
        self._show_sound_notice(self.timer_view)
        self.timer_view.pause_button.setFocus()
        self._refresh_timer.start()
        self.refresh()

    # -- while it plays ----------------------------------------------------------

    def refresh(self) -> None:
        player, session = self.player, self.session
        if player is None or session is None:
            return
        step = self.stack.step
        now = self.ctx.audio.clock()
        if self._last_tick is not None and player.state == "playing":
            session.listened_s += max(0.0, now - self._last_tick)
        self._last_tick = now
        if step is Step.PLAYING:
            self.player_view.refresh()
            self._show_sound_notice(self.player_view)
        elif step is Step.SITTING:
            self.timer_view.refresh()
            self._show_sound_notice(self.timer_view)
        if player.state == "ended":
            # Skipped to the end is not "all the way through": that takes most of it heard.
            self._halt(completed=session.kind == SessionKind.TIMER
                       or listened_through(session.listened_s, player.length_s))

    def toggle(self) -> None:
        step = self.stack.step
        if step is Step.PLAYING:
            self.player_view.toggle()
        elif step is Step.SITTING:
            self.timer_view.toggle()
        self.refresh()

    def _skip(self, seconds: float) -> None:
        if self.stack.step is Step.PLAYING:
            self.player_view.skip(seconds)

    def escape(self) -> None:
        if self.busy():
            self.stop()
        elif self.stack.step is Step.AFTER:
            self.finish(save_rating=False)
        elif self.stack.step is Step.RESULT:
            self.show_choose()

    def stop(self) -> None:
        """Esc or the Stop button: quiet at once, then the after-rating."""
        if self.busy():
            self._halt(completed=False)

    def _volume_changed(self, value: int) -> None:
        self.ctx.set_setting(SettingKey.VOLUME, int(value))  # the context tells the engine

    def _halt(self, completed: bool) -> None:
        """Stop the sound and move to the after view."""
        self._refresh_timer.stop()
        self.player_view.glow.set_moving(False)
        session, player = self.session, self.player
        if player is not None:
            if player.state == "playing":
                now = self.ctx.audio.clock()
                if self._last_tick is not None and session is not None:
                    session.listened_s += max(0.0, now - self._last_tick)
            player.stop()
        self._last_tick = None
        if session is None:
            self.stack.show_step(Step.CHOOSE)
            return
        if session.kind == SessionKind.TIMER and session.plan is not None and player is not None:
            sat = min(max(0.0, player.position_s - session.plan.delay_s),
                      session.plan.duration_s)
            session.listened_s = sat
            completed = completed or player.position_s >= session.plan.total_s
        session.completed = completed
        words = "sat" if session.kind == SessionKind.TIMER else "listened"
        length = duration_words(session.listened_s)
        if completed:
            self.after_title.setText("Welcome back")
            self.after_summary.setText(f"You {words} for {length}, all the way through.")
        else:
            self.after_title.setText("Stopped")
            self.after_summary.setText(f"You {words} for {length}. Stopping is fine; it is "
                                       "there whenever you want it.")
        self.after_scale.clear()
        self.true_card.show_for(session.before)
        self.stack.show_step(Step.AFTER)
        self.after_scale.setFocus()

    def finish(self, save_rating: bool, show_result: bool = True) -> None:
        """Save the session (if it lasted long enough to count); then, after a rating,
        the held moment (the result), else back to choosing."""
        session = self.session
        self.session = None
        self.player = None
        if session is not None and worth_saving(session.listened_s, rated_before=False,
                                                completed=session.completed):
            after = self.after_scale.value() if save_rating else None
            record = SessionRecord(
                kind=session.kind,
                started_utc=session.started_utc,
                content_id=session.content_id,
                ended_utc=time.time(),
                duration_s=round(session.listened_s, 1),
                distress_before=session.before,
                distress_after=after,
                completed=session.completed,
                details=session.details,
            )
            save_session(self.ctx, record, initiator=self,
                         on_success=lambda _: self.ctx.notice.emit(
                             "Saved. Thank you for taking this time."))
        after_rating = self.after_scale.value() if save_rating else None
        self.before_scale.clear()
        self.after_scale.clear()
        if session is not None and save_rating and show_result:
            self._show_result(session, after_rating)
        else:
            self.stack.show_step(Step.CHOOSE)
        offer_gentle_card(self.ctx, self, after_rating, [])

    def _show_result(self, session: _Session, after: int | None) -> None:
        self.result_summary.setText(self.after_summary.text())
        self.moment.show_change(session.before, after,
                                bool(self.ctx.settings[SettingKey.REDUCED_MOTION]))
        self.stack.show_step(Step.RESULT)
        self.done_button.setFocus()
        announce(self, self.moment.text())

    # -- the person's recordings ------------------------------------------------------------------

    def _load_recordings(self, select: str | None = None) -> None:
        self.library.set_recordings(self.recordings.all(), select=select)

    def _choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Add a recording", str(Path.home()),
                                                DIALOG_FILTER)
        if files:
            self.import_files([Path(f) for f in files])

    def import_files(self, files: list[Path]) -> None:
        """Check and copy each file in the background; say which ones could not be used."""
        if self._loading or not files:
            return
        self._loading = True
        self.library.add_button.setEnabled(False)
        self.show_message("Adding " + ("your recording…" if len(files) == 1
                                       else f"{len(files)} recordings…"))

        def ready(result: recording_ops.ImportResult) -> None:
            added, problems = result
            self._loading = False
            self.library.add_button.setEnabled(True)
            self._load_recordings(select=added[-1].uid if added else None)
            lines = []
            if added:
                lines.append("Added " + ("your recording." if len(added) == 1
                                         else f"{len(added)} recordings."))
            lines.extend(problems)
            self.show_message("\n".join(lines))

        def failed(exc: Exception) -> None:
            self._loading = False
            self.library.add_button.setEnabled(True)
            log.warning("Importing recordings failed: %s", type(exc).__name__)
            self.show_message("Those files could not be added just now. Nothing in your "
                              "library was changed.")

        recording_ops.import_recordings(self.ctx, self.recordings, files, _error_text,
                                        initiator=self, on_success=ready, on_failure=failed)

    def _ask_rename(self, uid: str) -> None:
        recording = self.recordings.get(uid)
        if recording is None:
            return
        title, ok = QInputDialog.getText(self, "Rename", "A name for this recording:",
                                         text=recording.title)
        if ok:
            self.rename_recording(uid, title)

    def rename_recording(self, uid: str, title: str) -> None:
        def problem(exc: Exception) -> None:
            if not isinstance(exc, RecordingError):
                raise exc
            self.show_message(exc.message)

        recording_ops.rename_recording(self.ctx, self.recordings, uid, title, initiator=self,
                                       on_success=lambda _: self._load_recordings(select=uid),
                                       on_failure=problem)

    def remove_recording(self, uid: str) -> None:
        recording = self.recordings.get(uid)
        if recording is None:
            return

        def removed(_: None) -> None:
            self._removed = recording
            self._load_recordings()
            self.library.show_undo("Removed from your library.")
            self.library.undo_button.setFocus()

        recording_ops.remove_recording(self.ctx, self.recordings, uid, initiator=self,
                                       on_success=removed)

    def undo_remove(self) -> None:
        if self._removed is None:
            return
        uid = self._removed.uid
        self._removed = None

        def back(_: None) -> None:
            self.library.show_undo(None)
            self._load_recordings(select=uid)

        recording_ops.undo_remove_recording(self.ctx, self.recordings, uid, initiator=self,
                                            on_success=back)
