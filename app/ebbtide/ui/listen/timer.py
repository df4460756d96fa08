"""The meditation timer: a small form to set it up, and a quiet view while it runs.

The running view asks `timer_state(plan, elapsed)` what to show, where elapsed is the
player's position (a monotonic clock, pauses left out), so the time left and the bells
cannot drift from the sound.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ebbtide.audio.engine import Player
from ebbtide.audio.synth import BED_NAMES, BED_TITLES
from ebbtide.audio.timer import BELL_END, BELL_INTERVAL, TimerPlan, bells_between, timer_state
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.common.spin import count_suffix
from ebbtide.ui.listen.player import SessionView, clock_text
from ebbtide.ui.listen.visuals import TimerRing
from ebbtide.ui.theme import space

TIMER_KEYS_HINT = "Space pause or go on · Esc stop"


def bed_combo(accessible_name: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem("None (silence)", None)
    for name in BED_NAMES:
        combo.addItem(BED_TITLES[name], name)
    combo.setAccessibleName(accessible_name)
    return combo


class TimerSetup(QWidget):
    """Duration, a settling time, which bells, and an optional ambient sound."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)  # the tab's own spacing is above it
        form.setVerticalSpacing(space("s"))
        form.setHorizontalSpacing(space("l"))
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 180)
        self.minutes.setValue(20)
        count_suffix(self.minutes, "minute", "minutes")
        self.minutes.setAccessibleName("How long to sit, in minutes")
        form.addRow("Sit for", self.minutes)
        self.delay = QSpinBox()
        self.delay.setRange(0, 600)
        self.delay.setSingleStep(5)
        self.delay.setValue(10)
        count_suffix(self.delay, "second", "seconds")
        self.delay.setSpecialValueText("No settling time")
        self.delay.setAccessibleName("Settling time before the first bell, in seconds")
        form.addRow("Settle first", self.delay)

        bells = QHBoxLayout()
        self.start_bell = QCheckBox("At the start")
        self.start_bell.setChecked(True)
        self.start_bell.setAccessibleName("Bell at the start")
        self.end_bell = QCheckBox("At the end")
        self.end_bell.setChecked(True)
        self.end_bell.setAccessibleName("Bell at the end")
        bells.addWidget(self.start_bell)
        bells.addWidget(self.end_bell)
        bells.addStretch(1)
        form.addRow("Bells", bells)
        self.interval = QSpinBox()
        self.interval.setRange(0, 60)
        self.interval.setValue(5)
        count_suffix(self.interval, "minute", "minutes")
        self.interval.setSpecialValueText("No bells in between")
        self.interval.setAccessibleName("A soft bell every so many minutes, 0 for none")
        form.addRow("A soft bell every", self.interval)
        self.bed = bed_combo("Ambient sound for the timer")
        form.addRow("Ambient sound", self.bed)

        for field in (self.minutes, self.delay, self.interval, self.bed):
            field.setMaximumWidth(280)

    def plan(self) -> TimerPlan:
        return TimerPlan(
            duration_s=self.minutes.value() * 60.0,
            delay_s=float(self.delay.value()),
            start_bell=self.start_bell.isChecked(),
            interval_s=self.interval.value() * 60.0,
            end_bell=self.end_bell.isChecked(),
            bed=self.bed.currentData(),
        )


class TimerView(SessionView):
    """Time left, large and calm, with the next bell and pause / stop."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Sitting quietly", parent)
        self.plan: TimerPlan | None = None
        self.bells_rung = 0
        self._looked_at = -1.0
        outer = self.outer
        card = QFrame()
        card.setProperty("role", "card")
        self.holder = holder = QVBoxLayout(card)
        # A quiet ring that fills as the sitting goes by, the time left inside it.
        self.ring = TimerRing()
        holder.addWidget(self.ring)
        inner = self.ring.inner
        self.phase_label = QLabel()
        self.phase_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.phase_label.setProperty("role", "subtitle")
        self.time_left = QLabel()
        self.time_left.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.time_left.setProperty("role", "display")
        self.bell_label = QLabel()
        self.bell_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.bell_label.setProperty("role", "muted")
        for label in (self.phase_label, self.bell_label):
            label.setWordWrap(True)
        inner.addStretch(1)
        inner.addWidget(self.phase_label)
        inner.addWidget(self.time_left)
        inner.addWidget(self.bell_label)
        inner.addStretch(1)
        outer.addWidget(card, 1)
        row = QHBoxLayout()
        self.pause_button = QPushButton("Pause")
        self.pause_button.setProperty("role", "primary")
        self.pause_button.setMinimumWidth(120)
        self.pause_button.clicked.connect(self.toggle)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setAccessibleName("Stop (Esc)")
        row.addWidget(self.pause_button)
        row.addWidget(self.stop_button)
        row.addStretch(1)
        outer.addLayout(row)
        hint = role_label(TIMER_KEYS_HINT, "muted")
        outer.addWidget(hint)
        self.set_compact(False)

    def set_compact(self, compact: bool) -> None:
        """A short window: the ring gives up room first."""
        super().set_compact(compact)
        edge = space("s") if compact else space("l")
        self.holder.setContentsMargins(edge, edge, edge, edge)
        self.ring.set_compact(compact)

    def start(self, plan: TimerPlan, player: Player) -> None:
        self.plan = plan
        self.player = player
        self.bells_rung = 0
        self._looked_at = -1.0
        self.refresh()

    @property
    def elapsed_s(self) -> float:
        return 0.0 if self.player is None else self.player.position_s

    def refresh(self) -> None:
        if self.plan is None or self.player is None:
            return
        elapsed = min(self.elapsed_s, self.plan.total_s)
        state = timer_state(self.plan, elapsed)
        rang = bells_between(self.plan, self._looked_at, elapsed)
        self._looked_at = elapsed
        self.bells_rung = state.bells_rung
        paused = self.player.state == "paused"
        if state.phase == "settling":
            phase = "Settling in. The first bell is coming."
        elif state.phase == "sitting":
            phase = "Sitting"
        else:
            phase = "The time is up. Take a moment before you move."
        self.phase_label.setText(phase + (" (paused)" if paused else ""))
        self.time_left.setText(clock_text(state.time_left_s + 0.999) if state.phase != "done"
                               else "0:00")
        self.ring.set_value(elapsed / self.plan.total_s if self.plan.total_s > 0 else 1.0,
                            f"{phase}. {self.time_left.text()} left of "
                            f"{clock_text(self.plan.total_s)}.")
        upcoming = [b for b in self.plan.bells() if b.at_s > elapsed and b.kind != BELL_END]
        if rang:
            kind = rang[-1].kind
            words = "A soft bell" if kind == BELL_INTERVAL else "The bell"
            # Without sound the bell is shown, not heard: say so rather than "ringing".
            self.bell_label.setText(f"{words}, now (shown, not heard)." if self.silent
                                    else f"{words} is ringing.")
        elif upcoming and state.phase == "sitting":
            self.bell_label.setText(f"Next bell in {clock_text(upcoming[0].at_s - elapsed)}")
        elif state.phase == "sitting" and not upcoming:
            self.bell_label.setText("No more bells until the end." if self.plan.end_bell
                                    else "")
        self.pause_button.setText("Go on" if paused else "Pause")
        self.pause_button.setAccessibleName("Go on (Space)" if paused else "Pause (Space)")
