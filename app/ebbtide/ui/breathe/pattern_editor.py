"""Make or change one's own breathing pattern: a name and the seconds of each phase, in
tenths, with a live line saying how it will feel ("4 in · 7 hold · 8 out, about 3 breaths
a minute")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.breathing import (
    MAX_PHASE_S,
    MIN_BREATH_S,
    PatternError,
    Phase,
    PhaseKind,
    check_phases,
)
from ebbtide.core.patterns import MAX_NAME_LEN, Pattern, check_name
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.theme import margins, space


def _seconds_box(low: float, value: float, accessible: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setDecimals(1)
    box.setSingleStep(0.1)
    box.setRange(low, MAX_PHASE_S)
    box.setSuffix(" s")
    box.setValue(value)
    box.setAccessibleName(accessible)
    box.setKeyboardTracking(False)
    return box


class PatternEditor(QDialog):
    def __init__(self, pattern: Pattern | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your breathing pattern" if pattern else "A new breathing pattern")
        self.setAccessibleName(self.windowTitle())
        self.setModal(True)
        seconds = {k: 0.0 for k in PhaseKind}
        if pattern is not None:
            for phase in pattern.phases:
                seconds[phase.kind] += phase.seconds
        else:
            seconds.update({PhaseKind.INHALE: 4.0, PhaseKind.EXHALE: 6.0})

        layout = QVBoxLayout(self)
        layout.setContentsMargins(margins("xl", "l"))
        layout.setSpacing(space("m"))
        self.setMinimumWidth(460)
        heading = role_label(self.windowTitle(), "subtitle")
        layout.addWidget(heading)
        intro = QLabel("Seconds go in tenths. A hold can be 0 to leave it out. "
                       "Breathing out for longer than in tends to feel calming.")
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        layout.addWidget(intro)
        form = QFormLayout()
        form.setVerticalSpacing(space("s"))
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.name = QLineEdit(pattern.name if pattern else "")
        self.name.setMaxLength(MAX_NAME_LEN)
        self.name.setPlaceholderText("for example: Before bed")
        self.name.setAccessibleName("Pattern name")
        form.addRow("&Name", self.name)
        self.inhale = _seconds_box(MIN_BREATH_S, seconds[PhaseKind.INHALE] or 4.0,
                                   "Breathe in, seconds")
        form.addRow("Breathe &in", self.inhale)
        self.top_up_on = QCheckBox("Add a short second breath in (a sigh)")
        self.top_up_on.setAccessibleName("Add a short second breath in")
        self.top_up_on.setChecked(seconds[PhaseKind.TOP_UP] > 0)
        self.top_up = _seconds_box(MIN_BREATH_S, seconds[PhaseKind.TOP_UP] or 1.0,
                                   "Second breath in, seconds")
        form.addRow("", self.top_up_on)
        form.addRow("&Second breath in", self.top_up)
        self.hold = _seconds_box(0.0, seconds[PhaseKind.HOLD], "Hold after breathing in, seconds")
        form.addRow("&Hold (full)", self.hold)
        self.exhale = _seconds_box(MIN_BREATH_S, seconds[PhaseKind.EXHALE] or 6.0,
                                   "Breathe out, seconds")
        form.addRow("Breathe &out", self.exhale)
        self.hold_out = _seconds_box(0.0, seconds[PhaseKind.HOLD_OUT],
                                     "Hold after breathing out, seconds")
        form.addRow("Hold (&empty)", self.hold_out)
        layout.addLayout(form)

        self.preview = role_label("", "muted")
        layout.addWidget(self.preview)
        self.error = QLabel()
        self.error.setWordWrap(True)
        layout.addWidget(self.error)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setProperty("role", "primary")
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        for box in (self.inhale, self.top_up, self.hold, self.exhale, self.hold_out):
            box.valueChanged.connect(self._refresh)
        self.top_up_on.toggled.connect(self._refresh)
        self._refresh()

    def phases(self) -> list[Phase]:
        phases = [Phase(PhaseKind.INHALE, round(self.inhale.value(), 1))]
        if self.top_up_on.isChecked():
            phases.append(Phase(PhaseKind.TOP_UP, round(self.top_up.value(), 1)))
        phases += [
            Phase(PhaseKind.HOLD, round(self.hold.value(), 1)),
            Phase(PhaseKind.EXHALE, round(self.exhale.value(), 1)),
            Phase(PhaseKind.HOLD_OUT, round(self.hold_out.value(), 1)),
        ]
        return phases

    def pattern_name(self) -> str:
        return check_name(self.name.text())

    def _refresh(self) -> None:
        self.top_up.setEnabled(self.top_up_on.isChecked())
        try:
            phases = self.phases()
            check_phases(phases)
        except PatternError as exc:
            self.preview.setText("")
            self.error.setText(str(exc))
            return
        summary = Pattern(id="preview", name="", phases=tuple(phases)).summary()
        bpm = 60.0 / sum(p.seconds for p in phases)
        self.preview.setText(f"{summary}: about {bpm:.1f} breaths a minute")
        self.error.setText("")

    def _try_accept(self) -> None:
        try:
            self.pattern_name()
            check_phases(self.phases())
        except PatternError as exc:
            self.error.setText(str(exc))
            self.name.setFocus()
            return
        self.accept()
