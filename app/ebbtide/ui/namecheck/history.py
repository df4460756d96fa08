"""The history of worksheets: search what you wrote, filter by feeling, thinking trap or
time; open, export or delete (with undo)."""

from __future__ import annotations

import time
from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.traps import Traps
from ebbtide.core.worksheet import Worksheet, WorksheetPrompts
from ebbtide.core.worksheet_store import WorksheetStore
from ebbtide.ui.common.honest_list import HonestList
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.common.narrow import StackWhenNarrow
from ebbtide.ui.context import UiContext
from ebbtide.ui.operations import worksheets as worksheet_ops
from ebbtide.ui.theme import space

DAY = 86_400.0
BETWEEN = "between"  # the period choice that shows two dates
PERIODS: list[tuple[str, int | str | None]] = [
    ("Any time", None), ("The last 7 days", 7), ("The last 30 days", 30),
    ("The last year", 365), ("Between dates…", BETWEEN),
]
PREVIEW_CHARS = 90


def local_midnight(day: QDate) -> float:
    """The start of a local calendar day, as UTC seconds."""
    return float(QDateTime(day, QTime(0, 0)).toSecsSinceEpoch())


def _first_line(text: str) -> str:
    line = next((x.strip() for x in text.splitlines() if x.strip()), "")
    return line if len(line) <= PREVIEW_CHARS else line[: PREVIEW_CHARS - 1] + "…"


def describe(sheet: Worksheet, prompts: WorksheetPrompts) -> str:
    """One line for the list: when, finished or where it was left, feelings, and the
    start of what happened (or of the hot thought)."""
    when = datetime.fromtimestamp(sheet.created_utc).strftime("%a %d %b %Y, %H:%M")
    if sheet.status == "done":
        state = "finished"
    else:
        state = f"unfinished, at step {sheet.step + 1} ({prompts.step(sheet.step).title})"
    feelings = ", ".join(f.word for f in sheet.feelings[:4])
    preview = _first_line(sheet.situation) or _first_line(sheet.hot_thought)
    parts = [f"{when} · {state}"]
    if feelings:
        parts.append(feelings)
    if preview:
        parts.append(f"“{preview}”")
    return "\n".join(parts)


FILTERS_SIDE_BY_SIDE_FROM = 600  # px of the history's width


class WorksheetHistory(QWidget):
    open_requested = Signal(object)  # Worksheet
    export_requested = Signal(object, str)  # Worksheet, "txt" or "pdf"
    deleted = Signal()

    def __init__(self, ctx: UiContext, sheets: WorksheetStore, prompts: WorksheetPrompts,
                 traps: Traps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.sheets = sheets
        self.prompts = prompts
        self.traps = traps
        self._last_deleted: str | None = None
        self._loaded: list[Worksheet] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(space("s"))
        heading = QLabel("Your worksheets")
        heading.setProperty("role", "heading")
        layout.addWidget(heading)

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search what you wrote…")
        self.search.setAccessibleName("Search your worksheets")
        self.search.setClearButtonEnabled(True)
        # The search has its own line, so the filters beside each other fit a measure.
        layout.addWidget(self.search)
        self.feeling = QComboBox()
        self.feeling.setAccessibleName("Only worksheets with this feeling")
        self.trap = QComboBox()
        self.trap.setAccessibleName("Only worksheets with this thinking trap")
        self.trap.addItem("Any thinking trap", None)
        for trap in traps:
            self.trap.addItem(trap.name, trap.id)
        self.period = QComboBox()
        self.period.setAccessibleName("Only worksheets from this time")
        for text, days in PERIODS:
            self.period.addItem(text, days)
        # A screen reader names a list box by its chosen entry; its label says what it is.
        for words, combo in (("Feeling", self.feeling), ("Trap", self.trap),
                             ("When", self.period)):
            label = QLabel(words)
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo, 1)
        # Shown only for "Between dates…": whole local days, first to last inclusive.
        self.dates = QWidget()
        dates_row = QHBoxLayout(self.dates)
        dates_row.setContentsMargins(0, 0, 0, 0)
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addMonths(-1))
        self.date_to = QDateEdit(today)
        for edit, name in ((self.date_from, "From this day"), (self.date_to, "To this day")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setAccessibleName(name)
            edit.dateChanged.connect(self.refresh)
        dates_row.addWidget(QLabel("From"))
        dates_row.addWidget(self.date_from)
        dates_row.addWidget(QLabel("to"))
        dates_row.addWidget(self.date_to)
        dates_row.addStretch(1)
        self.dates.hide()
        # The filters may shrink on a small window, so the search box keeps its room.
        for combo in (self.feeling, self.trap, self.period):
            combo.setMinimumWidth(96)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            filters.setStretchFactor(combo, 0)  # as wide as their words, room allowing
        layout.addLayout(filters)
        # On a small window the filters stand one above the other, each readable.
        StackWhenNarrow(self, filters, below=FILTERS_SIDE_BY_SIDE_FROM)
        layout.addWidget(self.dates)

        self.list = HonestList()
        self.list.setAccessibleName("Worksheets found")
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)
        self.list.setMinimumHeight(140)
        self.list.setSpacing(space("xs"))
        self.list.setProperty("role", "roomy")
        layout.addWidget(self.list, 1)
        self.empty = role_label("", "muted")
        layout.addWidget(self.empty)

        actions = QHBoxLayout()
        self.open_button = QPushButton("&Open")
        self.open_button.setAccessibleName("Open the chosen worksheet to read or change it")
        self.text_button = QPushButton("Export as &text…")
        self.text_button.setAccessibleName("Export as text: the chosen worksheet, as plain text")
        self.pdf_button = QPushButton("Export as &PDF…")
        self.pdf_button.setAccessibleName("Export as PDF: the chosen worksheet")
        self.delete_button = QPushButton("&Delete")
        self.delete_button.setAccessibleName("Delete the chosen worksheet (can be undone)")
        self.undo_button = QPushButton("&Undo delete")
        self.undo_button.setAccessibleName("Undo: bring the deleted worksheet back")
        self.undo_button.hide()
        self.notice = role_label("", "muted")
        for button in (self.open_button, self.text_button, self.pdf_button,
                       self.delete_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.notice)
        actions.addWidget(self.undo_button)
        layout.addLayout(actions)

        self.search.textChanged.connect(self.refresh)
        for combo in (self.feeling, self.trap, self.period):
            combo.currentIndexChanged.connect(self.refresh)
        self.list.itemActivated.connect(lambda _item: self._open())
        self.list.currentRowChanged.connect(self._update_buttons)
        self.open_button.clicked.connect(self._open)
        self.text_button.clicked.connect(lambda: self._export("txt"))
        self.pdf_button.clicked.connect(lambda: self._export("pdf"))
        self.delete_button.clicked.connect(self.delete_current)
        self.undo_button.clicked.connect(self.undo_delete)
        self.reload()

    def _fill_feelings(self) -> None:
        """Feelings named in any worksheet, most used first."""
        current = self.feeling.currentData()
        counts: dict[str, int] = {}
        for sheet in self._loaded:
            for f in sheet.feelings:
                counts[f.word] = counts.get(f.word, 0) + 1
        self.feeling.blockSignals(True)
        self.feeling.clear()
        self.feeling.addItem("Any feeling", None)
        for word in sorted(counts, key=lambda w: (-counts[w], w)):
            self.feeling.addItem(word, word)
        index = self.feeling.findData(current)
        self.feeling.setCurrentIndex(max(0, index))
        self.feeling.blockSignals(False)

    def reload(self) -> None:
        """Read the worksheets again from the store (after anything changed)."""
        self._loaded = self.sheets.all()
        self._fill_feelings()
        self.refresh()

    def _time_window(self) -> tuple[float | None, float | None]:
        choice = self.period.currentData()
        self.dates.setVisible(choice == BETWEEN)
        if choice == BETWEEN:
            first, last = sorted((self.date_from.date(), self.date_to.date()))
            return local_midnight(first), local_midnight(last.addDays(1))
        return (None if choice is None else time.time() - float(choice) * DAY), None

    def refresh(self) -> None:
        since, until = self._time_window()
        found = self.sheets.search(self.search.text(), feeling=self.feeling.currentData(),
                                   trap=self.trap.currentData(), since_utc=since,
                                   until_utc=until, among=self._loaded)
        self.list.clear()
        for sheet in found:
            item = QListWidgetItem(describe(sheet, self.prompts))
            item.setData(Qt.ItemDataRole.UserRole, sheet.uid)
            self.list.addItem(item)
        filtering = bool(self.search.text().strip()) or any(
            c.currentIndex() > 0 for c in (self.feeling, self.trap, self.period))
        if found:
            self.empty.setText(f"{len(found)} worksheet{'s' if len(found) != 1 else ''}")
            self.list.setCurrentRow(0)
        elif filtering:
            self.empty.setText("Nothing matches. Try fewer words or another filter.")
        else:
            self.empty.setText("No worksheets yet. When you finish or leave one, it is kept here.")
        self._update_buttons()

    def current(self) -> Worksheet | None:
        item = self.list.currentItem()
        if item is None:
            return None
        return self.sheets.load(str(item.data(Qt.ItemDataRole.UserRole)))

    def _update_buttons(self) -> None:
        has = self.list.currentItem() is not None
        for button in (self.open_button, self.text_button, self.pdf_button,
                       self.delete_button):
            button.setEnabled(has)

    def _open(self) -> None:
        sheet = self.current()
        if sheet is not None:
            self.open_requested.emit(sheet)

    def _export(self, kind: str) -> None:
        sheet = self.current()
        if sheet is not None:
            self.export_requested.emit(sheet, kind)

    def delete_current(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        uid = str(item.data(Qt.ItemDataRole.UserRole))
        row = self.list.currentRow()

        def deleted(_: None) -> None:
            self._last_deleted = uid
            self.notice.setText("Worksheet deleted.")
            self.undo_button.show()
            self.reload()
            self.list.setCurrentRow(min(row, self.list.count() - 1))
            self.undo_button.setFocus()
            self.deleted.emit()

        worksheet_ops.delete_worksheet(self.ctx, self.sheets, uid, initiator=self,
                                       on_success=deleted)

    def undo_delete(self) -> None:
        if self._last_deleted is None:
            return
        uid, self._last_deleted = self._last_deleted, None

        def back(_: Worksheet | None) -> None:
            self.notice.setText("Brought back.")
            self.undo_button.hide()
            self.reload()
            self.list.setFocus()
            self.deleted.emit()

        worksheet_ops.undelete_worksheet(self.ctx, self.sheets, uid, initiator=self,
                                         on_success=back)
