"""A report to bring to a therapist: the person picks a date range and ticks what goes
in; a preview shows the pages as they will print; *Save as PDF…* writes them.

Only the charts and summaries are ticked at first. Worksheets and journal entries are
listed for the range and go in only when ticked one by one; the name only when typed.
Reading (unsealing) runs on the one worker; the pages are drawn here, on the UI thread,
where Qt can use fonts and the charts are widgets."""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import Future
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.report import (
    PAPERS,
    Candidate,
    Candidates,
    ReportChoice,
    ReportContent,
    build_report,
    candidates,
)
from ebbtide.core.settings import SettingKey
from ebbtide.core.store import StoreError
from ebbtide.ui.common.announce import announce
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.common.screen_fit import resize_within_screen
from ebbtide.ui.context import UiContext
from ebbtide.ui.report.render import ReportPages
from ebbtide.ui.theme import margins, space

PREVIEW_WIDTH = (260, 620)  # a page's width in the preview: fits the pane, within these
DEFAULT_DAYS = 30
LETTER_COUNTRIES = ("US", "CA")  # where Letter is the usual paper


def _date(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


class TickList(QScrollArea):
    """Worksheets or journal entries as tick boxes, none ticked until the person ticks
    one (the theme's own check boxes, so an empty box is as visible as a ticked one)."""

    changed = Signal()

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setAccessibleName(name)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMaximumHeight(150)
        holder = QWidget()
        self.box = QVBoxLayout(holder)
        self.box.setContentsMargins(margins("xs"))
        self.box.setSpacing(space("xs"))
        self.setWidget(holder)
        self.boxes: list[QCheckBox] = []

    def set_items(self, items: list[Candidate]) -> None:
        kept = set(self.ticked())
        for old in self.boxes:
            old.hide()
            old.deleteLater()
        self.boxes = []
        for candidate in items:
            tick = QCheckBox(candidate.label)
            tick.setAccessibleName(candidate.label)
            tick.setProperty("uid", candidate.uid)
            # A long first line is cut at the edge rather than widening the whole form.
            tick.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            tick.setToolTip(candidate.label)
            tick.setChecked(candidate.uid in kept)
            tick.toggled.connect(self.changed)
            self.box.addWidget(tick)
            self.boxes.append(tick)
        self.setVisible(bool(items))

    def ticked(self) -> tuple[str, ...]:
        return tuple(str(b.property("uid")) for b in self.boxes if b.isChecked())


class ReportDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        from ebbtide.ui.common.safety import current_country

        self.ctx = ctx
        self.content: ReportContent | None = None
        self.pages: ReportPages | None = None
        self._asked = 0  # the latest build asked for; older answers are dropped
        self.setWindowTitle("A report for your therapist")
        self.setAccessibleName("A report for your therapist")
        resize_within_screen(self, 1040, 720)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(margins("l"))
        outer.setSpacing(space("m"))
        outer.addWidget(role_label("A report for your therapist", "title"))
        outer.addWidget(role_label(
            "Choose the dates and what to include. Only what you tick goes in: the charts "
            "and summaries to start with, and each worksheet or journal entry only if you "
            "tick it.", "muted", wrap=True))
        row = QHBoxLayout()
        row.setSpacing(space("l"))
        outer.addLayout(row, 1)

        form_holder = QWidget()
        form = QVBoxLayout(form_holder)
        form.setContentsMargins(0, 0, space("s"), 0)
        fields = QFormLayout()
        today = today or dt.date.today()
        start = today - dt.timedelta(days=DEFAULT_DAYS - 1)
        self.first = QDateEdit(QDate(start.year, start.month, start.day))
        self.last = QDateEdit(QDate(today.year, today.month, today.day))
        for edit, name in ((self.first, "First day"), (self.last, "Last day")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setAccessibleName(name)
            fields.addRow(f"{name}:", edit)
        self.name = QLineEdit()
        self.name.setPlaceholderText("Only if you want it on the report")
        self.name.setAccessibleName("Your name (optional)")
        fields.addRow("Your name:", self.name)
        self.paper = QComboBox()
        self.paper.addItems(list(PAPERS))
        self.paper.setAccessibleName("Paper size")
        if current_country(ctx) in LETTER_COUNTRIES:
            self.paper.setCurrentText("Letter")
        fields.addRow("Paper:", self.paper)
        form.addLayout(fields)
        form.addWidget(role_label("Charts and summaries", "heading", wrap=True))
        self.calm = QCheckBox("The calm-down chart")
        self.helps = QCheckBox("What helps me")
        self.checkins = QCheckBox("A summary of my check-ins")
        self.triggers = QCheckBox("A summary of my trigger log")
        for box in (self.calm, self.helps, self.checkins, self.triggers):
            box.setChecked(True)
            box.setAccessibleName(box.text())
            form.addWidget(box)
        form.addWidget(role_label("Worksheets (none unless ticked)", "heading", wrap=True))
        self.sheet_list = TickList("Worksheets to include, none unless ticked")
        form.addWidget(self.sheet_list)
        self.sheet_note = role_label("", "muted", wrap=True)
        form.addWidget(self.sheet_note)
        form.addWidget(role_label("Journal entries (none unless ticked)", "heading", wrap=True))
        self.journal_list = TickList("Journal entries to include, none unless ticked")
        form.addWidget(self.journal_list)
        self.journal_note = role_label("", "muted", wrap=True)
        form.addWidget(self.journal_note)
        form.addStretch(1)
        form_scroll = QScrollArea()
        form_scroll.setWidgetResizable(True)
        form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        form_scroll.setWidget(form_holder)
        form_scroll.setMinimumWidth(340)
        row.addWidget(form_scroll, 2)

        preview_box = QVBoxLayout()
        self.preview_title = role_label("Preview", "heading")
        preview_box.addWidget(self.preview_title)
        self.preview_holder = QWidget()
        self.preview_layout = QVBoxLayout(self.preview_holder)
        self.preview_layout.setSpacing(space("m"))
        self.preview_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.preview = QScrollArea()
        self.preview.setWidgetResizable(True)
        self.preview.setWidget(self.preview_holder)
        self.preview.setAccessibleName("Preview of the report's pages")
        preview_box.addWidget(self.preview, 1)
        row.addLayout(preview_box, 3)

        self.status = role_label("", "muted", wrap=True)
        outer.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = buttons.addButton("Save as PDF…",
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setProperty("role", "primary")
        self.save_button.setAccessibleName("Save as PDF")
        self.save_button.clicked.connect(self.ask_save)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.refresh_preview)
        for edit in (self.first, self.last):
            edit.dateChanged.connect(self._dates_changed)
        self.name.textChanged.connect(self._changed)
        self.paper.currentIndexChanged.connect(self._changed)
        for box in (self.calm, self.helps, self.checkins, self.triggers):
            box.toggled.connect(self._changed)
        self.sheet_list.changed.connect(self._changed)
        self.journal_list.changed.connect(self._changed)
        self._resized = QTimer(self)  # the preview's pages follow the pane's width
        self._resized.setSingleShot(True)
        self._resized.setInterval(150)
        self._resized.timeout.connect(self._show_pages)
        self._dates_changed()

    # -- what is chosen ------------------------------------------------------------------------

    def choice(self) -> ReportChoice:
        return ReportChoice(
            first_day=_date(self.first.date()), last_day=_date(self.last.date()),
            name=self.name.text().strip(), calm_chart=self.calm.isChecked(),
            helps_chart=self.helps.isChecked(), checkins=self.checkins.isChecked(),
            triggers=self.triggers.isChecked(), worksheets=self.sheet_list.ticked(),
            journal=self.journal_list.ticked(), paper=self.paper.currentText())

    def _dates_changed(self) -> None:
        first, last = _date(self.first.date()), _date(self.last.date())
        store = self.ctx.store
        self.ctx.tasks.run_in_background(lambda: candidates(store, first, last),
                                         self._candidates_read)
        self._changed()

    def _candidates_read(self, future: Future[Candidates]) -> None:
        found = future.result()
        self._fill(self.sheet_list, self.sheet_note, found.worksheets, found.locked,
                   "No finished worksheets in these dates.")
        self._fill(self.journal_list, self.journal_note, found.journal, found.locked,
                   "No journal entries in these dates.")
        self._changed()

    def _fill(self, listing: TickList, note: QLabel, items: list[Candidate],
              locked: bool, empty: str) -> None:
        listing.set_items(items)
        note.setText("Ebbtide is locked: unlock it to choose from these." if locked
                     else ("" if items else empty))
        note.setVisible(bool(note.text()))

    def _changed(self, *_args: object) -> None:
        self._timer.start()

    # -- the preview ---------------------------------------------------------------------------

    def refresh_preview(self) -> None:
        """Read what the choice needs on the worker, then draw the pages here."""
        self._asked += 1
        asked, choice, store = self._asked, self.choice(), self.ctx.store

        def done(future: Future[ReportContent]) -> None:
            if asked != self._asked:
                return  # a newer choice is on its way
            try:
                self.content = future.result()
            except StoreError:
                self.status.setText("The report could not be read just now.")
                return
            self.pages = ReportPages(self.content)
            self._show_pages()

        self.ctx.tasks.run_in_background(lambda: build_report(store, choice), done)

    def hideEvent(self, event: QHideEvent) -> None:
        # Closed: a preview asked for a moment ago is no longer wanted (and the store
        # may be closing behind it).
        self._timer.stop()
        self._resized.stop()
        super().hideEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.pages is not None:
            self._resized.start()

    def _preview_width(self) -> int:
        low, high = PREVIEW_WIDTH
        return max(low, min(high, self.preview.viewport().width() - 32))

    def _show_pages(self) -> None:
        while (item := self.preview_layout.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.hide()  # gone now, not only when the event loop gets round to it
                widget.deleteLater()
        if self.pages is None:
            return
        n = self.pages.count
        self.preview_title.setText(f"Preview: {n} page{'s' if n != 1 else ''}")
        ratio = self.devicePixelRatioF()
        for index in range(n):
            image = self.pages.image(index, int(self._preview_width() * ratio))
            image.setDevicePixelRatio(ratio)
            page = QLabel()
            page.setPixmap(QPixmap.fromImage(image))
            page.setFrameShape(QFrame.Shape.StyledPanel)
            page.setAccessibleName(f"Page {index + 1} of {n}")
            self.preview_layout.addWidget(page, 0, Qt.AlignmentFlag.AlignHCenter)

    # -- saving ----------------------------------------------------------------------------------

    def _folder(self) -> Path:
        folder = self.ctx.settings[SettingKey.REPORT_FOLDER]
        if folder and Path(folder).is_dir():
            return Path(folder)
        return Path.home()

    def ask_save(self) -> None:
        from ebbtide.ui.privacy.lock import confirm_with_passphrase

        choice = self.choice()
        if (choice.worksheets or choice.journal) and not confirm_with_passphrase(
                self, self.ctx, "A report with your own words is written in plain words.",
                "Save"):
            return
        suggested = self._folder() / f"ebbtide-report-{dt.date.today():%Y-%m-%d}.pdf"
        chosen, _ = QFileDialog.getSaveFileName(self, "Save the report", str(suggested),
                                                "PDF (*.pdf)")
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self.ctx.set_setting(SettingKey.REPORT_FOLDER, os.fspath(path.parent))
        self.save_to(path)

    def save_to(self, path: Path) -> None:
        """Read what is chosen now (on the worker), then write the pages here."""
        choice, store = self.choice(), self.ctx.store

        def done(future: Future[ReportContent]) -> None:
            try:
                ReportPages(future.result()).write_pdf(path)
            except (OSError, StoreError) as exc:
                self._tell(f"The report couldn't be saved there ({type(exc).__name__}). "
                           "Please choose another folder.")
                return
            self._tell(f"Saved the report as {path.name}. Keep it somewhere private.")

        self.ctx.tasks.with_progress(self, "Making your report…",
                                     lambda: build_report(store, choice), done)

    def _tell(self, text: str) -> None:
        self.status.setText(text)
        announce(self.status, text)
