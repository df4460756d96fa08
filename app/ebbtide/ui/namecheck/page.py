"""Name & Check: name what you feel, look at the thought behind it next to the facts, and
leave with a kinder, truer one. A start view (new, continue, history), the ten-step
worksheet, and an end view that shows each rating before and after, side by side."""

from __future__ import annotations

import os
from datetime import datetime
from enum import Enum, auto
from pathlib import Path

from PySide6.QtCore import QMarginsF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.content import ContentError
from ebbtide.core.feelings import load_vocabulary
from ebbtide.core.sealing import StoreError
from ebbtide.core.traps import load_traps
from ebbtide.core.worksheet import Change, NextStep, Worksheet, load_prompts, next_step
from ebbtide.core.worksheet_export import export_filename, worksheet_html, worksheet_text
from ebbtide.core.worksheet_store import WorksheetStore
from ebbtide.ui import theme
from ebbtide.ui.common.discard import discard
from ebbtide.ui.common.disclosure import Disclosure
from ebbtide.ui.common.flow import FlowLayout
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.common.safety import SafetyCard
from ebbtide.ui.common.steps import StepStack
from ebbtide.ui.context import UiContext
from ebbtide.ui.namecheck.editor import WorksheetEditor
from ebbtide.ui.namecheck.history import WorksheetHistory
from ebbtide.ui.page import Page
from ebbtide.ui.privacy.lock import confirm_with_passphrase
from ebbtide.ui.registry import PageKey

# A label shows at most this much of a long text; the whole of it is always kept.
SHOWN_CHARS = 2000


def _make_private(path: Path) -> None:
    # An export holds the person's own words: readable by them alone, like the store.
    if os.name == "posix":
        os.chmod(path, 0o600)


def write_text_export(sheet: Worksheet, path: Path) -> None:
    path.write_text(worksheet_text(sheet), encoding="utf-8")
    _make_private(path)


def write_pdf_export(sheet: Worksheet, path: Path) -> None:
    """Qt's own PDF writer: the export, with headings, laid out on A4."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter)
    writer.setTitle("Name & Check worksheet")
    writer.setCreator("Ebbtide")
    document = QTextDocument()
    document.setDefaultFont(theme.font("print"))
    document.setHtml(worksheet_html(sheet))
    document.print_(writer)
    del writer  # finishes the file
    _make_private(path)


def _change_words(change: Change) -> str:
    delta = change.delta
    if delta is None:
        return "rated only once"
    if delta == 0:
        return "the same"
    return f"{abs(delta)} {'lower' if delta < 0 else 'higher'}"


# The practices a worksheet's next step can offer, with what starts them.
PRACTICE_BUTTONS: dict[str, tuple[str, dict[str, object]]] = {
    "breathe": ("Breathe for a few minutes", {"pattern": "extended-exhale", "minutes": 3}),
    "listen": ("Listen: Now, or then?", {"meditation": "now-or-then"}),
}


class NextStepView(QFrame):
    """Where the worksheet ends: one next step that fits the answer to "does the
    feeling fit the facts?", or, with fear, control or harm named, the safety card."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.margins("l"))
        layout.setSpacing(theme.space("s"))
        self.title = role_label("", "heading", wrap=True)
        layout.addWidget(self.title)
        self.text = role_label("", wrap=True)
        layout.addWidget(self.text)
        self.opposite = role_label("", wrap=True)
        layout.addWidget(self.opposite)
        self.safety_card = SafetyCard(ctx)
        layout.addWidget(self.safety_card)
        row = QHBoxLayout()
        self.practice_buttons: dict[str, QPushButton] = {}
        for page_key, (words, options) in PRACTICE_BUTTONS.items():
            button = QPushButton(words)
            button.setAccessibleName(words)
            button.clicked.connect(lambda _=False, k=page_key, o=options:
                                   ctx.practice_requested.emit(k, o))
            row.addWidget(button)
            self.practice_buttons[page_key] = button
        # The feeling fits: one clear, calm request is a step that deals with the facts.
        self.reach_button = QPushButton("Prepare a clear request…")
        self.reach_button.setAccessibleName(
            "Prepare a clear request, in Reach out, starting from what happened")
        self.reach_button.clicked.connect(self._reach_out)
        row.addWidget(self.reach_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.sheet: Worksheet | None = None

    def _reach_out(self) -> None:
        sheet = self.sheet
        options: dict[str, object] = {"builder": True}
        if sheet is not None:
            options.update(facts=sheet.situation, worksheet=sheet.uid)
        self.ctx.practice_requested.emit(PageKey.REACH, options)

    def show_step(self, step: NextStep, sheet: Worksheet | None = None) -> None:
        self.sheet = sheet
        self.reach_button.setVisible(step.kind == "fits")
        self.title.setText(step.title)
        self.text.setText(step.text)
        actions = "\n".join(f"• {a}" for a in step.opposite_actions)
        self.opposite.setText(f"Opposite to the urge, for example:\n{actions}" if actions else "")
        self.opposite.setVisible(bool(actions))
        self.safety_card.setVisible(step.show_safety_card)
        if step.show_safety_card:
            self.safety_card.refresh()
        for key, button in self.practice_buttons.items():
            button.setVisible(key in step.practices)


class EndView(QWidget):
    """What changed, start and end side by side, the balanced thought, and one next step."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(theme.space("m"))
        title = role_label("You finished the worksheet", "title")
        layout.addWidget(title)
        self.summary = role_label("", "subtitle", wrap=True)
        layout.addWidget(self.summary)
        card = QFrame()
        card.setProperty("role", "card")
        self.grid = QGridLayout(card)
        self.grid.setContentsMargins(theme.margins("l"))
        self.grid.setHorizontalSpacing(theme.space("m"))
        self.grid.setVerticalSpacing(theme.space("m"))  # room between the rows of bars
        layout.addWidget(card)
        self.balanced = role_label("", "notice", wrap=True)
        self.balanced.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.balanced)
        self.next_step = NextStepView(ctx)
        layout.addWidget(self.next_step)
        buttons_row = QWidget()
        buttons = FlowLayout(buttons_row, spacing=theme.space("s"))  # wraps when narrow
        self.done_button = QPushButton("&Done")
        self.done_button.setProperty("role", "primary")
        self.done_button.setAccessibleName("Done: back to Name & Check")
        self.text_button = QPushButton("Export as &text…")
        self.text_button.setAccessibleName("Export as text: this worksheet, as plain text")
        self.pdf_button = QPushButton("Export as &PDF…")
        self.pdf_button.setAccessibleName("Export as PDF: this worksheet")
        self.edit_button = QPushButton("&Change something")
        self.edit_button.setAccessibleName("Go back into this worksheet to change something")
        for b in (self.done_button, self.text_button, self.pdf_button, self.edit_button):
            buttons.addWidget(b)
        layout.addWidget(buttons_row)
        layout.addStretch(1)

    def show_sheet(self, sheet: Worksheet) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                discard(widget)
        changes = sheet.changes()
        headers = {1: "At the start", 3: "At the end"}
        for col, text in headers.items():
            header = role_label(text, "muted")
            self.grid.addWidget(header, 0, col, 1, 2)
        for row, change in enumerate(changes, start=1):
            name = QLabel(change.label)
            name.setTextFormat(Qt.TextFormat.PlainText)
            self.grid.addWidget(name, row, 0)
            for col, value in ((1, change.before), (3, change.after)):
                bar = QProgressBar()
                bar.setRange(0, change.scale_max)
                bar.setValue(value or 0)
                bar.setTextVisible(False)
                bar.setFixedHeight(12)
                bar.setMinimumWidth(40)  # the bars give way first on a small window
                when = "at the start" if col == 1 else "at the end"
                shown = "not rated" if value is None else f"{value} of {change.scale_max}"
                bar.setAccessibleName(f"{change.label} {when}: {shown}")
                self.grid.addWidget(bar, row, col)
                number = QLabel("–" if value is None else str(value))
                number.setMinimumWidth(28)
                self.grid.addWidget(number, row, col + 1)
            self.grid.addWidget(QLabel(_change_words(change)), row, 5)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(3, 1)
        if not changes:
            self.grid.addWidget(QLabel("Nothing was rated twice — and that is fine."), 1, 0, 1, 6)
        drops = [c for c in changes if c.delta is not None and c.delta < 0]
        if drops:
            self.summary.setText(
                "Here is what changed while you worked through it. Any easing counts.")
        else:
            self.summary.setText(
                "Some days the feelings stay where they are. Naming them and looking at "
                "the facts still counts.")
        thought = sheet.balanced_thought.strip()
        if len(thought) > SHOWN_CHARS:
            thought = thought[:SHOWN_CHARS] + "…"
        self.balanced.setText(f"Your balanced thought: {thought}" if thought else "")
        self.balanced.setVisible(bool(thought))
        self.next_step.show_step(next_step(sheet), sheet)
        self.done_button.setFocus()


class Step(Enum):
    """Where Name & Check is: the start (new, continue, history), a worksheet, its end."""

    START = auto()
    WORKSHEET = auto()
    END = auto()


class NameCheckPage(Page):
    title = "Name & Check"
    measure = "wide"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.sheets = WorksheetStore(ctx.store)
        self._draft_uid: str | None = None  # the draft "Continue" opens, once it is found
        outer = QVBoxLayout(self)
        outer.setContentsMargins(theme.margins("xl", "l"))
        try:
            self.prompts = load_prompts()
            self.vocabulary = load_vocabulary()
            self.traps = load_traps()
        except ContentError as exc:
            problem = QLabel(f"Name & Check could not load its words, so it is resting.\n{exc}")
            problem.setWordWrap(True)
            problem.setProperty("role", "notice")
            outer.addWidget(problem)
            outer.addStretch(1)
            self.editor = None
            return

        self.stack = StepStack()
        outer.addWidget(self.stack)

        # -- start: begin, continue, history ----------------------------------------------
        self.start = QWidget()
        start = QVBoxLayout(self.start)
        start.setContentsMargins(0, 0, 0, 0)
        start.setSpacing(theme.space("m"))
        heading = role_label(self.prompts.intro_title, "title")
        start.addWidget(heading)
        intro = role_label(self.prompts.intro_text, "subtitle", wrap=True)
        start.addWidget(intro)
        # Where the worksheet comes from, behind "Why this helps".
        self.why_this_helps = Disclosure("Why this helps", self.prompts.intro_source)
        start.addWidget(self.why_this_helps)
        buttons = QHBoxLayout()
        self.new_button = QPushButton("Start a &new worksheet")
        self.new_button.setProperty("role", "primary")
        self.new_button.setAccessibleName("Start a new worksheet")
        self.continue_button = QPushButton("&Continue where you left off")
        self.continue_button.setAccessibleName("Continue the worksheet you left")
        self.continue_button.hide()  # shown once a draft is found
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.continue_button)
        buttons.addStretch(1)
        start.addLayout(buttons)
        # When and where the draft was left, on its own line: in the button it was cut
        # short on a small window.
        self.draft_note = role_label("", "caption", wrap=True)
        self.draft_note.hide()
        start.addWidget(self.draft_note)
        self.history = WorksheetHistory(ctx, self.sheets, self.prompts, self.traps)
        start.addWidget(self.history, 1)
        self.stack.add_step(Step.START, self.start)

        # -- the worksheet, and its end ------------------------------------------------------
        self.editor = WorksheetEditor(ctx, self.sheets, self.prompts, self.vocabulary,
                                     self.traps)
        self.stack.add_step(Step.WORKSHEET, self.editor)
        self.end = EndView(ctx)
        self.stack.add_step(Step.END, self.end)

        self.new_button.clicked.connect(self.start_new)
        self.continue_button.clicked.connect(self.continue_draft)
        self.history.open_requested.connect(self.open_sheet)
        self.history.export_requested.connect(self.export)
        self.history.deleted.connect(self._history_changed)
        self.editor.left.connect(self.show_start)
        self.editor.finished.connect(self._finished)
        self.end.done_button.clicked.connect(self.show_start)
        self.end.text_button.clicked.connect(lambda: self.export(self.editor_sheet(), "txt"))
        self.end.pdf_button.clicked.connect(lambda: self.export(self.editor_sheet(), "pdf"))
        self.end.edit_button.clicked.connect(lambda: self.open_sheet(self.editor_sheet()))
        self.show_start()

    # -- moving between views --------------------------------------------------------------

    def editor_sheet(self) -> Worksheet:
        assert self.editor is not None
        return self.editor.sheet

    def show_start(self) -> None:
        if self.editor is None:
            return
        self.editor.pause()
        self.stack.show_step(Step.START)
        # Focus on the main button at once (not on the first thing in the page, "Why this
        # helps"); a draft found below makes "Continue" the main button instead.
        (self.continue_button if self._draft_uid else self.new_button).setFocus()
        # Read on the worker: it runs after the draft just saved, so that draft is seen.
        self.ctx.tasks.run_in_background(self.sheets.latest_draft,
                                         lambda future: self._show_draft(future.result()))

    def _show_draft(self, draft: Worksheet | None) -> None:
        self._draft_uid = draft.uid if draft else None
        if draft is not None:
            when = datetime.fromtimestamp(draft.updated_utc).strftime("%a %d %b, %H:%M")
            step = self.prompts.step(draft.step).title
            self.draft_note.setText(
                f"Your worksheet from {when} is waiting at step {draft.step + 1}: {step}.")
            self.continue_button.setAccessibleName(
                f"Continue the worksheet you left on {when}, at step {draft.step + 1}, {step}")
        self.continue_button.setVisible(draft is not None)
        self.draft_note.setVisible(draft is not None)
        # With a draft waiting, continuing is the likelier wish: make it the main button.
        for button, main in ((self.continue_button, draft is not None),
                             (self.new_button, draft is None)):
            button.setProperty("role", "primary" if main else None)
            button.style().unpolish(button)
            button.style().polish(button)
        self.history.reload()
        if self.stack.step is Step.START:
            (self.continue_button if draft is not None else self.new_button).setFocus()

    def start_new(self) -> None:
        assert self.editor is not None
        self.editor.open(Worksheet(), stored=False)
        self.stack.show_step(Step.WORKSHEET)

    def continue_draft(self) -> None:
        draft = self.sheets.load(self._draft_uid) if self._draft_uid else None
        if draft is not None:
            self.open_sheet(draft)

    def open_sheet(self, sheet: Worksheet) -> None:
        assert self.editor is not None
        self.editor.open(sheet, stored=True)
        self.stack.show_step(Step.WORKSHEET)

    def _finished(self, sheet: Worksheet) -> None:
        self.ctx.notice.emit("Worksheet saved.")
        self.end.show_sheet(sheet)
        self.stack.show_step(Step.END)
        self.end.done_button.setFocus()

    def _history_changed(self) -> None:
        draft = self.sheets.latest_draft()  # after the delete has landed
        self._draft_uid = draft.uid if draft else None
        self.continue_button.setVisible(draft is not None)
        self.draft_note.setVisible(draft is not None)

    # -- export ------------------------------------------------------------------------------

    def ask_export_path(self, sheet: Worksheet, kind: str) -> Path | None:
        suggested = Path.home() / export_filename(sheet, kind)
        filters = "Plain text (*.txt)" if kind == "txt" else "PDF (*.pdf)"
        chosen, _ = QFileDialog.getSaveFileName(self, "Export worksheet", str(suggested),
                                                filters)
        return Path(chosen) if chosen else None

    def export(self, sheet: Worksheet, kind: str) -> None:
        path = self.ask_export_path(sheet, kind)
        if path is None or not confirm_with_passphrase(
                self, self.ctx, "An export is written in plain words.", "Export"):
            return
        try:
            if kind == "pdf":
                write_pdf_export(sheet, path)
            else:
                write_text_export(sheet, path)
        except OSError as exc:
            self.ctx.notice.emit(f"Could not export there ({exc.strerror or 'error'}). "
                                 "Try another folder.")
            return
        self.ctx.notice.emit(f"Exported to {path.name}.")

    def start_practice(self, options: dict[str, object]) -> None:
        """{"worksheet": uid}: open that worksheet (a trigger entry's "Check this
        thought" starts one and asks for it here)."""
        uid = options.get("worksheet")
        if self.editor is None or not isinstance(uid, str):
            return
        try:
            sheet = self.sheets.load(uid)
        except StoreError:
            sheet = None
        if sheet is None:
            self.ctx.notice.emit("That worksheet is no longer here; it may have been "
                                 "deleted.")
            self.show_start()
            return
        self.open_sheet(sheet)

    # -- page life -------------------------------------------------------------------------

    def page_shown(self) -> None:
        if self.editor is None:
            return
        if self.stack.currentWidget() is self.editor:
            self.editor.resume()
        else:
            self.show_start()

    def page_hidden(self) -> None:
        if self.editor is not None:
            self.editor.pause()

    def shutting_down(self) -> None:
        self.page_hidden()
