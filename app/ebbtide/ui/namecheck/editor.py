"""The worksheet stepper: ten steps, each skippable, back and forth freely, and left at
any moment without losing a word. What the person types is saved about half a second
after they pause (durably, in one transaction) and whenever they change step or leave.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.feelings import Vocabulary
from ebbtide.core.store import StoreError
from ebbtide.core.traps import Traps
from ebbtide.core.worksheet import STEP_IDS, Worksheet, WorksheetError, WorksheetPrompts
from ebbtide.core.worksheet_store import WorksheetStore
from ebbtide.ui.common.honest_list import HonestList
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.context import UiContext
from ebbtide.ui.namecheck.steps import StepView, make_step_views
from ebbtide.ui.operations import worksheets as worksheet_ops
from ebbtide.ui.theme import space

SAVE_DELAY_MS = 500
STEP_LIST_FROM_WIDTH = 760  # narrower than this, the list of steps steps aside
# Time counted as practice between two edits is capped, so a worksheet left open on the
# screen overnight does not count as hours of work.
MAX_IDLE_COUNTED_S = 300.0
HOT_THOUGHT_SHOWN = 300  # characters of the hot thought in the banner


class WorksheetEditor(QWidget):
    finished = Signal(object)  # the finished Worksheet
    left = Signal()  # "Leave for now"
    saved = Signal()

    def __init__(self, ctx: UiContext, sheets: WorksheetStore, prompts: WorksheetPrompts,
                 vocabulary: Vocabulary, traps: Traps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.closing.connect(self.flush)  # a draft waiting for its autosave is kept
        self.sheets = sheets
        self.prompts = prompts
        self.sheet = Worksheet()
        self._stored = False
        self._dirty = False
        self._since: float | None = None

        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(space("m"))

        self.step_list = HonestList()
        self.step_list.setAccessibleName("Worksheet steps")
        self.step_list.setAccessibleDescription("Choose a step to go straight to it.")
        self.step_list.setFixedWidth(216)
        self.step_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.step_list.setProperty("role", "steps")
        for n, step_id in enumerate(STEP_IDS, start=1):
            item = QListWidgetItem(f"{n}. {prompts.steps[step_id].title}")
            self.step_list.addItem(item)
        outer.addWidget(self.step_list)

        right = QVBoxLayout()
        right.setSpacing(space("m"))
        self.counter = role_label("", "muted")
        right.addWidget(self.counter)
        self.title = role_label("", "title", wrap=True)
        right.addWidget(self.title)
        # A worksheet started from a trigger entry ("Check this thought") says so.
        self.origin = role_label("", "muted", wrap=True)
        self.origin.hide()
        right.addWidget(self.origin)

        self.hot_banner = role_label("", "notice", wrap=True)
        self.hot_banner.setTextFormat(Qt.TextFormat.PlainText)
        right.addWidget(self.hot_banner)

        self.stack = QStackedWidget()
        self.views: list[StepView] = make_step_views(
            ctx, prompts, vocabulary, traps, sheets.own_feeling_words())
        for view in self.views:
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            # Not a Tab stop of its own: it scrolls to whichever field has focus.
            scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            scroll.setAccessibleName(f"Step: {view.step.title}")
            scroll.setWidget(view)
            self.stack.addWidget(scroll)
            view.changed.connect(self._changed)
        right.addWidget(self.stack, 1)

        buttons = QHBoxLayout()
        self.back_button = QPushButton("← &Back")
        self.back_button.setAccessibleName("Back to the previous step")
        self.leave_button = QPushButton("&Leave for now")
        self.leave_button.setProperty("role", "text")  # a way out, quieter than going on
        self.leave_button.setAccessibleName("Leave for now; everything is kept")
        self.save_state = role_label("", "muted")
        self.next_button = QPushButton("&Next →")
        self.next_button.setProperty("role", "primary")
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.leave_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_state)
        buttons.addWidget(self.next_button)
        right.addLayout(buttons)
        outer.addLayout(right, 1)

        self.save_timer = QTimer(self)
        self.save_timer.setSingleShot(True)
        self.save_timer.setInterval(SAVE_DELAY_MS)
        self.save_timer.timeout.connect(self.flush)

        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.forward)
        self.leave_button.clicked.connect(self.leave)
        self.step_list.currentRowChanged.connect(self._list_chose)
        for keys, action in (("Ctrl+Return", self.forward), ("Ctrl+PgDown", self.forward),
                             ("Ctrl+PgUp", self.back)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # On a small screen the step list would squeeze the step itself (and clip the
        # safety card); "Step 7 of 10", Back and Next still say where one is.
        self.step_list.setVisible(event.size().width() >= STEP_LIST_FROM_WIDTH)
        super().resizeEvent(event)

    # -- opening and moving ------------------------------------------------------------

    @property
    def step(self) -> int:
        return self.sheet.step

    def open(self, sheet: Worksheet, stored: bool = True) -> None:
        """Show a worksheet at the step it was left on."""
        self.flush()
        self.sheet = sheet
        self._stored = stored
        self._dirty = False
        self._since = time.monotonic()
        for view in self.views:
            view.load(sheet)
        self.origin.setText(
            "Started from your trigger entry: what happened and your feelings are filled "
            "in from it. Change anything you like." if sheet.from_trigger else "")
        self.origin.setVisible(bool(sheet.from_trigger))
        self.go_to(sheet.step)

    def go_to(self, index: int, focus: bool = True) -> None:
        index = max(0, min(len(STEP_IDS) - 1, index))
        if index != self.sheet.step:
            self.sheet.step = index
            self._dirty = True
        view = self.views[index]
        view.load(self.sheet)  # later steps show what earlier ones gathered
        self.stack.setCurrentIndex(index)
        self.step_list.blockSignals(True)
        self.step_list.setCurrentRow(index)
        self.step_list.blockSignals(False)
        step = self.prompts.step(index)
        self.counter.setText(f"Step {index + 1} of {len(STEP_IDS)} · every step can be skipped")
        self.title.setText(step.title)
        self.back_button.setEnabled(index > 0)
        self._refresh()
        self.flush()
        if focus:
            view.first_focus().setFocus(Qt.FocusReason.OtherFocusReason)

    def forward(self) -> None:
        if self.step == len(STEP_IDS) - 1:
            self.finish()
        else:
            self.go_to(self.step + 1)

    def back(self) -> None:
        if self.step > 0:
            self.go_to(self.step - 1)

    def _list_chose(self, row: int) -> None:
        if row >= 0 and row != self.step:
            self.go_to(row, focus=False)  # arrow keys keep moving through the list

    # -- saving ---------------------------------------------------------------------------

    def _changed(self) -> None:
        self._dirty = True
        self._refresh()
        self.save_state.setText("")
        self.save_timer.start()

    def _count_time(self) -> None:
        now = time.monotonic()
        if self._since is not None:
            self.sheet.active_s += min(now - self._since, MAX_IDLE_COUNTED_S)
        self._since = now

    def pause(self) -> None:
        """The person went elsewhere: save, and stop counting time."""
        self.flush()
        self._since = None

    def resume(self) -> None:
        self._since = time.monotonic()

    def flush(self) -> bool:
        """Save now if anything changed (on the worker, from a copy). True when there
        was nothing to save or the save is on its way; a failure says so on screen and
        the next change or step tries again."""
        self.save_timer.stop()
        if not self._dirty:
            return True
        if self.sheet.is_empty() and not self._stored:
            return True  # nothing written yet: no draft to keep
        self._count_time()
        try:
            self.sheet.validate()
        except WorksheetError as exc:
            self.save_state.setText(f"Not saved yet: {exc}")
            return False
        self._stored = True
        self._dirty = False
        sheet = self.sheet
        worksheet_ops.save_worksheet(
            self.ctx, self.sheets, sheet, initiator=self,
            on_success=lambda saved: self._saved(sheet, saved),
            on_failure=lambda exc: self._not_saved(sheet, exc))
        return True

    def _saved(self, sheet: Worksheet, saved: Worksheet) -> None:
        sheet.updated_utc = saved.updated_utc
        if sheet is self.sheet and not self._dirty:
            self.save_state.setText("Saved")
        self.saved.emit()

    def _not_saved(self, sheet: Worksheet, exc: Exception) -> None:
        if not isinstance(exc, WorksheetError | StoreError):
            raise exc
        if sheet is self.sheet:
            # Kept in memory and marked changed; the next change or step tries again.
            self._dirty = True
            self.save_state.setText(f"Not saved yet: {exc}")

    def leave(self) -> None:
        self.flush()
        self.left.emit()

    def finish(self) -> None:
        self.save_timer.stop()
        self._count_time()
        sheet = self.sheet

        def done(finished: Worksheet) -> None:
            self.next_button.setEnabled(True)
            sheet.status, sheet.session_id = finished.status, finished.session_id
            sheet.updated_utc = finished.updated_utc
            self._stored = True
            if sheet is self.sheet:
                self._dirty = False
            self.finished.emit(sheet)

        def failed(exc: Exception) -> None:
            self.next_button.setEnabled(True)
            if not isinstance(exc, WorksheetError | StoreError):
                raise exc
            self.save_state.setText(f"Not saved yet: {exc}")

        self.next_button.setEnabled(False)  # one finish, however often it is pressed
        worksheet_ops.finish_worksheet(self.ctx, self.sheets, sheet, initiator=self,
                                       on_success=done, on_failure=failed)

    # -- what is shown around the step ---------------------------------------------------

    def _refresh(self) -> None:
        hot = self.sheet.hot_thought.strip()
        show = Worksheet.hot_thought_visible(self.step) and bool(hot)
        if show:
            shown = hot if len(hot) <= HOT_THOUGHT_SHOWN else hot[:HOT_THOUGHT_SHOWN] + "…"
            self.hot_banner.setText(f"The hot thought: {shown}")
        self.hot_banner.setVisible(show)
        last = self.step == len(STEP_IDS) - 1
        filled = self.sheet.step_filled(STEP_IDS[self.step])
        if last:
            self.next_button.setText("&Finish ✓")
            self.next_button.setAccessibleName("Finish the worksheet and see what changed")
        else:
            self.next_button.setText("&Next →" if filled else "&Skip →")
            self.next_button.setAccessibleName(
                "Next step" if filled else "Skip this step for now")
        for n, step_id in enumerate(STEP_IDS):
            item = self.step_list.item(n)
            mark = " ✓" if self.sheet.step_filled(step_id) else ""
            item.setText(f"{n + 1}. {self.prompts.steps[step_id].title}{mark}")
