"""Help that the lock screen offers without the passphrase: crisis lines for the
person's country, and a short breathing exercise. Neither shows anything the person
wrote. A breathing session done while locked is saved as numbers only (a session has no
sealed words unless it has a note, and this one never does), so the lock never has to
open for it."""

from __future__ import annotations

import time

from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.breathing import (
    BreathingClock,
    BreathingSession,
    Phase,
    PhaseKind,
    SessionMode,
    SessionPlan,
    Stage,
)
from ebbtide.core.help_lines import chosen_country, crisis_text, load_help_lines
from ebbtide.core.sessions import SessionKind, SessionRecord, worth_saving
from ebbtide.core.settings import SettingKey
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.context import UiContext
from ebbtide.ui.operations.sessions import save_session

# Breathing out longer than in, for two minutes: the simplest calming pattern we ship
# ("extended-exhale" in patterns.toml), fixed here so nothing needs choosing.
LOCKED_PATTERN_ID = "extended-exhale"
LOCKED_PHASES = (Phase(PhaseKind.INHALE, 4.0), Phase(PhaseKind.EXHALE, 6.0))
LOCKED_MINUTES = 2
_FRAME_MS = 33


class CrisisHelpDialog(QDialog):
    """'If you need help now': the person's country first, the others below."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Ebbtide")  # neutral, like every title while locked
        self.setAccessibleName("If you need help now")
        self.resize(520, 520)
        layout = QVBoxLayout(self)
        layout.addWidget(role_label("If you need help now", "title"))
        intro = QLabel("If you are in danger right now, call your local emergency number. "
                       "These services are free and confidential; you don't need to "
                       "unlock anything to use them.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        code = chosen_country(ctx.settings[SettingKey.COUNTRY], QLocale.system().name())
        self.text = QLabel(crisis_text(load_help_lines(), code))
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.text.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.text.setAccessibleName("Help lines")
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.text)
        scroll.setAccessibleName("Help lines, scrollable")
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox()
        close = buttons.addButton("Close", QDialogButtonBox.ButtonRole.RejectRole)
        close.setAccessibleName("Close")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.text.setFocus()


class LockedBreathingDialog(QDialog):
    """Two minutes of breathing out longer than in. Esc (or Stop) ends it at once."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None,
                 clock: BreathingClock | None = None) -> None:
        super().__init__(parent)
        from ebbtide.ui.breathe.view import BreathView  # only when someone asks for it

        self.ctx = ctx
        self.setWindowTitle("Ebbtide")
        self.setAccessibleName("Breathe for a moment")
        self.resize(520, 520)  # fits an 800×600 screen with its Stop button
        layout = QVBoxLayout(self)
        self.heading = role_label("Breathe in for 4, out for 6", "title")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.heading)
        self.view = BreathView()
        self.view.set_reduced_motion(bool(ctx.settings[SettingKey.REDUCED_MOTION]))
        layout.addWidget(self.view, 1)
        self.stop_button = QPushButton("Stop (Esc)")
        self.stop_button.setAccessibleName("Stop breathing")
        self.stop_button.clicked.connect(self.stop)
        layout.addWidget(self.stop_button, alignment=Qt.AlignmentFlag.AlignCenter)
        self.session = BreathingSession(LOCKED_PHASES,
                                        SessionPlan(SessionMode.MINUTES, LOCKED_MINUTES),
                                        clock=clock or BreathingClock())
        self.view.set_source(self.session.state)
        self.started_wall = time.time()
        self.saved: SessionRecord | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(_FRAME_MS)
        self.timer.timeout.connect(self._tick)
        self.session.start()
        self.timer.start()

    def _tick(self) -> None:
        self.view.update()
        if self.session.state().stage is Stage.DONE:
            self.stop()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.stop()  # at once, without a question
            return
        super().keyPressEvent(event)

    def stop(self) -> None:
        if not self.timer.isActive():
            return
        self.timer.stop()
        state = self.session.state()
        practised = max(0.0, state.breathing_s)
        completed = state.stage is Stage.DONE
        if worth_saving(practised, rated_before=False, completed=completed):
            # Numbers only: no note, so nothing needs the key.
            self.saved = SessionRecord(
                kind=SessionKind.BREATHING, started_utc=self.started_wall,
                ended_utc=time.time(), content_id=LOCKED_PATTERN_ID, duration_s=practised,
                completed=completed,
                details={"label": "Longer breath out", "actual_s": round(practised, 1),
                         "cycles_completed": state.cycles_completed,
                         "plan": {"mode": "minutes", "amount": LOCKED_MINUTES}},
            )
            save_session(self.ctx, self.saved, initiator=self)
        self.accept()

    def reject(self) -> None:  # the window's close button, too
        self.stop()
        super().reject()
