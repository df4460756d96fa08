""""Where do you feel it?": the places in the body, as a list of tick boxes (several at
once). The places come from the feelings vocabulary file."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QWidget

from ebbtide.ui.theme import space

COLUMNS = 5


class BodyPlaces(QWidget):
    changed = Signal()

    def __init__(self, places: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Where do you feel it in your body")
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(space("l"))
        self.boxes: dict[str, QCheckBox] = {}
        for n, place in enumerate(places):
            box = QCheckBox(place)
            box.setAccessibleName(f"I feel it in my {place}" if place != "all over"
                                  else "I feel it all over")
            box.toggled.connect(self.changed)
            layout.addWidget(box, n // COLUMNS, n % COLUMNS)
            self.boxes[place] = box
        # Places saved earlier that this version does not list: kept, never dropped.
        self._kept: list[str] = []

    def chosen(self) -> list[str]:
        return [place for place, box in self.boxes.items() if box.isChecked()] + self._kept

    def set_chosen(self, places: Sequence[str]) -> None:
        self._kept = [p for p in places if p not in self.boxes]
        for place, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(place in places)
            box.blockSignals(False)
