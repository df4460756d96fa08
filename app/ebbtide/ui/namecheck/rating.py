"""A 0–100 rating that may also be left unrated: a slider for the mouse and a number box
for the keyboard, kept in step. Numbers outside 0–100 cannot be entered."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QHBoxLayout, QSlider, QSpinBox, QWidget

from ebbtide.ui.theme import space

NOT_RATED = -1


class _RatingBox(QSpinBox):
    """Selects its text whenever it gets focus, however it got it, so typing a number
    replaces "not rated" or the old number instead of appending to it."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.selectAll()


class RatingInput(QWidget):
    valueChanged = Signal(object)  # int | None

    def __init__(self, name: str, parent: QWidget | None = None, top: int = 100) -> None:
        super().__init__(parent)
        self._top = top
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(space("m"))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, top)
        self.slider.setPageStep(10)
        # The number box is the keyboard twin of the slider: one Tab stop, not two.
        self.slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.slider.setAccessibleName(f"{name}, slider")
        self.slider.setMinimumWidth(120)
        self.spin = _RatingBox()
        self.spin.setRange(NOT_RATED, top)
        self.spin.setSpecialValueText("not rated")
        self.spin.setValue(NOT_RATED)
        self.spin.setAccessibleName(f"{name}, 0 to {top}")
        self.spin.setAccessibleDescription(
            f"Type a number from 0 to {top}, or use the arrow keys. "
            "Below 0 means not rated.")
        self.spin.setMinimumWidth(110)
        self.spin.setKeyboardTracking(True)
        self.setFocusProxy(self.spin)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        self.slider.valueChanged.connect(self._slider_moved)
        self.slider.sliderPressed.connect(lambda: self._slider_moved(self.slider.value()))
        self.spin.valueChanged.connect(self._spin_changed)

    def value(self) -> int | None:
        v = self.spin.value()
        return None if v == NOT_RATED else v

    def setValue(self, value: int | None) -> None:
        if value is not None and not 0 <= value <= self._top:
            raise ValueError(f"A rating is a whole number from 0 to {self._top}.")
        self.spin.setValue(NOT_RATED if value is None else value)

    def _slider_moved(self, value: int) -> None:
        if self.spin.value() != value:
            self.spin.setValue(value)

    def _spin_changed(self, value: int) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(max(0, value))
        self.slider.blockSignals(False)
        self.valueChanged.emit(None if value == NOT_RATED else value)
