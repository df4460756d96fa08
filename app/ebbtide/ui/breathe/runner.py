"""Runs one breathing session in the Qt event loop: repaints the views about 60 times a
second and fires each sound cue as its phase begins.

Nothing is counted from ticks. Frames only ask the session (a pure function of its
clock) what to show. Cues are found by asking the schedule which phase starts lie
between the last cue and now, and a precise single-shot timer is armed for the next
phase start, so a cue does not wait for the next frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from ebbtide.audio.breath_cues import CuePlayer
from ebbtide.core.breathing import BreathingSession, SessionState, Stage

FRAME_MS = 16  # ~60 frames a second
EARLY_S = 0.002  # a cue timer that wakes this close to its boundary plays it


@dataclass(frozen=True)
class CueFired:
    """For the benchmark: when a phase began by the schedule, and when its cue played
    (both as monotonic clock readings)."""

    scheduled: float
    played: float


class BreathRunner(QObject):
    finished = Signal()  # the plan was met; the closing bell is ringing
    changed = Signal()  # paused, resumed or the pace changed

    def __init__(self, session: BreathingSession, player: CuePlayer | None,
                 views: list[QWidget] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.player = player
        self.views: list[QWidget] = list(views or [])
        self.fired: list[CueFired] = []
        self._cued_until = -math.inf  # breathing time up to which cues have played
        self._running = False
        self._done = False
        self._frame_timer = QTimer(self)
        self._frame_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._frame_timer.setInterval(FRAME_MS)
        self._frame_timer.timeout.connect(self._frame)
        self._cue_timer = QTimer(self)
        self._cue_timer.setSingleShot(True)
        self._cue_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._cue_timer.timeout.connect(self._cue_due)

    # -- controls --------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._running

    @property
    def done(self) -> bool:
        return self._done

    @property
    def paused(self) -> bool:
        return self.session.paused

    def state(self) -> SessionState:
        return self.session.state()

    def start(self) -> None:
        self.session.start()
        self._running = True
        self._done = False
        self._cued_until = -math.inf
        if self.player is not None:
            self.player.session_started()
        self._frame_timer.start()
        self._arm()
        self._repaint()

    def pause(self) -> None:
        if not self._running or self.session.paused:
            return
        self.session.pause()
        self._cue_timer.stop()
        if self.player is not None:
            self.player.stop()
        self._repaint()
        self.changed.emit()

    def resume(self) -> None:
        if not self._running or not self.session.paused:
            return
        self.session.resume()
        if self.player is not None:
            self._resume_sound()
        self._arm()
        self._repaint()
        self.changed.emit()

    def toggle_pause(self) -> None:
        if self.session.paused:
            self.resume()
        else:
            self.pause()

    def change_pace(self, steps: int) -> bool:
        if not self._running or self._done:
            return False
        changed = self.session.change_pace(steps)
        if changed:
            self._arm()
            self._repaint()
            self.changed.emit()
        return changed

    def stop(self) -> None:
        """Stop at once: no more frames, no more cues, every sound fades now."""
        self._running = False
        self._frame_timer.stop()
        self._cue_timer.stop()
        if self.session.clock.started and not self.session.paused:
            self.session.pause()  # freeze the time practised
        if self.player is not None:
            self.player.stop()

    # -- time ------------------------------------------------------------------------------

    def _repaint(self) -> None:
        for view in self.views:
            view.update()

    def _frame(self) -> None:
        self._repaint()
        self._fire_due()

    def _cue_due(self) -> None:
        self._fire_due()
        self._arm()

    def _fire_due(self) -> None:
        if not self._running or self.session.paused:
            return
        now = self.session.clock.now()
        t = self.session.breathing_time() + EARLY_S
        end_t = self.session.end_time()
        last = t if end_t is None else min(t, end_t - 1e-9)
        if last > self._cued_until:
            for boundary in self.session.schedule.boundaries_between(self._cued_until, last):
                if self.player is not None:
                    self.player.phase_started(boundary)
                at = self.session.clock.monotonic_at(self.session.lead_in_s + boundary.at)
                self.fired.append(CueFired(at, now))
            self._cued_until = last
        if self.session.state().stage is Stage.DONE and not self._done:
            self._finish()

    def _finish(self) -> None:
        self._done = True
        self._running = False
        self._cue_timer.stop()
        self._frame_timer.stop()
        if self.player is not None:
            self.player.session_ended()
        self._repaint()
        self.finished.emit()

    def _next_event_at(self) -> float | None:
        """Breathing time of the next cue: a phase start, or the end of the session. The
        next phase's sound is made now, so it is ready the moment its phase begins."""
        after = max(self._cued_until, -self.session.lead_in_s - 1.0)
        nxt = self.session.schedule.next_boundary_after(after)
        end_t = self.session.end_time()
        if end_t is not None and nxt.at >= end_t - 1e-9:
            return end_t
        if self.player is not None:
            self.player.prepare(nxt)
        return nxt.at

    def _arm(self) -> None:
        if not self._running or self.session.paused:
            return
        at = self._next_event_at()
        if at is None:
            return
        when = self.session.clock.monotonic_at(self.session.lead_in_s + at)
        delay_ms = max(0, math.floor((when - self.session.clock.now()) * 1000))
        self._cue_timer.start(delay_ms)

    def _resume_sound(self) -> None:
        """After a pause, the tone of the phase in progress carries on from where it was,
        so a person with closed eyes still hears how much of the breath is left."""
        state = self.session.state()
        if state.stage is not Stage.BREATHING or state.phase is None or self.player is None:
            return
        current = self.session.schedule.phase_start_at(state.breathing_s)
        self.player.phase_resumed(current, state.breathing_s - current.at)
