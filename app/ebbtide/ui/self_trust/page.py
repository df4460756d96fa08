"""Trust yourself: small promises to myself (today, and the month counted kindly), the
person's own strengths, values and boundaries, and a decision log, so they can see their
own judgement holding up. From the guide's closing part on trusting yourself.

Every word the person writes is sealed (core/self_trust_store.py); writes go through
ui/operations/self_trust.py. Undo lasts until the person leaves the page or the lock
closes; nothing they deleted stays in memory after that.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabBar, QVBoxLayout, QWidget

from ebbtide.core.keys import load_keys
from ebbtide.core.promises import CARRY_WITHIN_DAYS
from ebbtide.core.sealing import StoreError
from ebbtide.core.self_lists import in_order
from ebbtide.core.self_trust import load_self_trust_words
from ebbtide.core.self_trust_store import SelfTrustStore
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.common.roles import honest_tabs
from ebbtide.ui.common.steps import StepStack
from ebbtide.ui.context import UiContext
from ebbtide.ui.operations import Change, ChangeNotice
from ebbtide.ui.page import Page
from ebbtide.ui.registry import PageKey
from ebbtide.ui.self_trust.decisions_view import DecisionsView
from ebbtide.ui.self_trust.layout import scrolled
from ebbtide.ui.self_trust.lists_view import ListsView
from ebbtide.ui.self_trust.promises_view import MonthView, TodayView
from ebbtide.ui.theme import margins, space

LOCKED = "Ebbtide is locked. Unlock it to see what you wrote here."
SMALL_PROMISES = "small-promises"  # the guided meditation in Listen (audio/scripts)


class Step(Enum):
    TODAY = "today"
    MONTH = "month"
    LISTS = "lists"
    DECISIONS = "decisions"


TABS = [(Step.TODAY, "Today"), (Step.MONTH, "The month"),
        (Step.LISTS, "Your lists"), (Step.DECISIONS, "Decisions")]


class SelfTrustPage(Page):
    title = "Trust yourself"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(ctx, parent)
        self.today = today  # tests hand in a fixed day
        self.words = load_self_trust_words()
        self.own = SelfTrustStore(ctx.store)
        self._stale = {step: True for step, _ in TABS}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(margins("xl", "xl", "l"))
        layout.setSpacing(space("m"))
        layout.addWidget(role_label(self.title, "title"))
        layout.addWidget(role_label(
            "Small promises kept, what matters to you, choices that held up: trust in "
            "yourself grows the same way as any trust.", "subtitle", wrap=True))
        self.tabs = QTabBar()
        honest_tabs(self.tabs)
        self.tabs.setAccessibleName("Which part")
        self.tabs.setExpanding(False)
        for _step, text in TABS:
            self.tabs.addTab(text)
        layout.addWidget(self.tabs)
        self.steps = StepStack()
        layout.addWidget(self.steps, 1)

        self.today_view = TodayView(ctx, self.words, self._today)
        self.month_view = MonthView(self._today)
        self.lists_view = ListsView(ctx, self.words)
        self.decisions_view = DecisionsView(ctx, self.words, self._today)
        self.views: dict[Step, TodayView | MonthView | ListsView | DecisionsView] = {
            Step.TODAY: self.today_view, Step.MONTH: self.month_view,
            Step.LISTS: self.lists_view, Step.DECISIONS: self.decisions_view}
        for step, view in self.views.items():
            self.steps.add_step(step, scrolled(view))  # each scrolls on its own
        self.tabs.setTabToolTip(2, "Your strengths, values and boundaries")

        self.tabs.currentChanged.connect(lambda i: self.show_step(TABS[i][0]))
        self.today_view.listen_requested.connect(
            lambda: ctx.practice_requested.emit(PageKey.LISTEN, {"meditation": SMALL_PROMISES}))
        self.month_view.month_changed.connect(lambda: self._reload(Step.MONTH))
        for sequence in load_keys().sequences("self_trust.undo"):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.undo_last)

    def _today(self) -> date:
        return self.today()

    # -- steps ------------------------------------------------------------------------------

    @property
    def step(self) -> Step:
        step = self.steps.step
        assert isinstance(step, Step)
        return step

    def show_step(self, step: Step) -> None:
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex([s for s, _ in TABS].index(step))
        self.tabs.blockSignals(False)
        self.steps.show_step(step)
        if self._stale[step]:
            self._reload(step)

    def start_practice(self, options: dict[str, object]) -> None:
        """{"tab": "today" | "month" | "lists" | "decisions"} opens that part."""
        wanted = options.get("tab")
        step = next((s for s, _ in TABS if s.value == wanted), None)
        if step is not None:
            self.show_step(step)

    def undo_last(self) -> None:
        view = self.views[self.step]
        if not isinstance(view, MonthView):
            view.undo_last()

    # -- data -------------------------------------------------------------------------------

    def _reload(self, step: Step) -> None:
        self._stale[step] = False
        today = self.today()
        try:
            if step is Step.TODAY:
                first = (today - timedelta(days=CARRY_WITHIN_DAYS)).isoformat()
                self.today_view.set_promises(self.own.promises(first, today.isoformat()))
            elif step is Step.MONTH:
                self.month_view.set_kept(self.own.kept_between(*self.month_view.range()))
            elif step is Step.LISTS:
                self.lists_view.set_items(self.own.items())
            else:
                values = [i.text for i in in_order(self.own.items("values"), "values")]
                self.decisions_view.set_decisions(self.own.decisions(), values)
        except StoreError:
            self._stale[step] = True
            self.views[step].show_locked(LOCKED)

    def reload(self) -> None:
        self._reload(self.step)

    def data_changed(self, notice: ChangeNotice) -> None:
        if notice.touches(Change.LOCK):
            self._forget_undo()  # no deleted words kept in memory past a lock
        if notice.touches(Change.SELF_TRUST | Change.LOCK | Change.ALL_DATA):
            self._stale = dict.fromkeys(self._stale, True)
            if self.isVisible():
                self.reload()

    def _forget_undo(self) -> None:
        for view in (self.today_view, self.lists_view, self.decisions_view):
            view.forget_undo()

    # -- coming and going -------------------------------------------------------------------

    def page_shown(self) -> None:
        # A new day may have begun since the page was last open.
        self._stale = dict.fromkeys(self._stale, True)
        self.decisions_view.reset_date()
        self.reload()

    def page_hidden(self) -> None:
        self._forget_undo()
