"""The range control above the Progress charts: a week, a month, a year, all time, or
custom dates. Every chart follows it together."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from ebbtide.core.progress_data import (
    RANGE_WORDS,
    TimeRange,
    custom_range,
    custom_words,
    preset_range,
)
from ebbtide.ui.common.roles import set_role
from ebbtide.ui.theme import space

PRESETS = (("week", "Week"), ("month", "Month"), ("year", "Year"), ("all", "All time"))


@dataclass(frozen=True)
class RangeChoice:
    key: str  # "week", "month", "year", "all" or "custom"
    range: TimeRange
    words: str  # "In the last 30 days"
    previous_words: str  # "the 30 days before"


class RangeBar(QWidget):
    changed = Signal()

    def __init__(self, initial: str = "month") -> None:
        super().__init__()
        self.setAccessibleName("Time range")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(space("xs"))
        label = QLabel("Show:")
        row.addWidget(label)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QPushButton] = {}
        for key, words in (*PRESETS, ("custom", "Dates…")):
            button = QPushButton(words)
            button.setCheckable(True)
            set_role(button, "radio")  # one of the set is chosen: a radio button, not a check box
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            button.setAccessibleName(
                f"Show {words.lower()}" if key != "custom" else "Show chosen dates"
            )
            self.group.addButton(button)
            self.buttons[key] = button
            row.addWidget(button)
            button.toggled.connect(lambda on, k=key: self._toggled(k, on))
        label.setBuddy(self.buttons[initial])
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addDays(-29))
        self.date_to = QDateEdit(today)
        for edit, words in ((self.date_from, "From"), (self.date_to, "To")):
            edit.setCalendarPopup(True)
            edit.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setAccessibleName(f"{words} date")
            edit.dateChanged.connect(self._dates_edited)
        self.to_label = QLabel("to")
        row.addWidget(self.date_from)
        row.addWidget(self.to_label)
        row.addWidget(self.date_to)
        row.addStretch(1)
        self._key = initial
        self.buttons[initial].setChecked(True)
        self._show_dates(initial == "custom")

    @property
    def key(self) -> str:
        return self._key

    def choose(self, key: str) -> None:
        self.buttons[key].setChecked(True)

    def set_dates(self, first: dt.date, last: dt.date) -> None:
        """Choose custom dates (and switch to them)."""
        for edit, day in ((self.date_from, first), (self.date_to, last)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)
        if self._key == "custom":
            self.changed.emit()
        else:
            self.choose("custom")

    def current(self, now_utc: float | None = None) -> RangeChoice:
        if self._key == "custom":
            first, last = self.date_from.date().toPython(), self.date_to.date().toPython()
            assert isinstance(first, dt.date) and isinstance(last, dt.date)
            words, before = custom_words(first, last)
            return RangeChoice("custom", custom_range(first, last), words, before)
        now = time.time() if now_utc is None else now_utc
        words, before = RANGE_WORDS[self._key]
        return RangeChoice(self._key, preset_range(self._key, now), words, before)

    def _toggled(self, key: str, on: bool) -> None:
        if on:
            self._picked(key)

    def _picked(self, key: str) -> None:
        self._key = key
        self._show_dates(key == "custom")
        self.changed.emit()

    def _dates_edited(self) -> None:
        if self._key == "custom":
            self.changed.emit()

    def _show_dates(self, on: bool) -> None:
        for widget in (self.date_from, self.to_label, self.date_to):
            widget.setVisible(on)
