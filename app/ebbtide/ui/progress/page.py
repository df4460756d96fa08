"""Progress: how a person calms down over time, from sessions kept on their own machine.

A short summary sentence, a range control, and five charts in tabs (calm-down over time,
what helps, how I've felt, when, and what keeps coming back in the trigger log). Only the
chart on show is drawn; the others catch up when their tab is opened. pyqtgraph and numpy
are imported here, never at start-up.
"""

from __future__ import annotations

import itertools
import os
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core import exchange, notice_stats, progress_data, ups_and_downs
from ebbtide.core.notice import load_notice_words
from ebbtide.core.notice_store import NoticeStore
from ebbtide.core.sealing import StoreError
from ebbtide.core.settings import SettingKey
from ebbtide.core.stats import DAY_S, summary_sentence
from ebbtide.ui.common.announce import announce
from ebbtide.ui.common.fit import TabsThatFit
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.common.roles import honest_tabs
from ebbtide.ui.common.short_window import CompactWhenShort
from ebbtide.ui.context import UiContext
from ebbtide.ui.operations import Change, ChangeNotice
from ebbtide.ui.operations.exchange import import_sessions
from ebbtide.ui.page import Page
from ebbtide.ui.privacy.lock import confirm_with_passphrase
from ebbtide.ui.progress.charts import (
    CalmDownChart,
    ChartColours,
    FeltChart,
    HelpsChart,
    WhenChart,
    colours_from,
)
from ebbtide.ui.progress.coming_back import ComingBackChart
from ebbtide.ui.progress.details import SessionDetailsDialog
from ebbtide.ui.progress.glance import WEEKS, Sparkline
from ebbtide.ui.progress.range_bar import RangeBar, RangeChoice
from ebbtide.ui.theme import ThemeError, effective_theme, load_theme, space

if TYPE_CHECKING:
    from ebbtide.ui.five_signs.chart import FiveSignsTab

TAB_CALM, TAB_HELPS, TAB_FELT, TAB_WHEN, TAB_BACK, TAB_SIGNS = range(6)
INTRO = (
    "Over the weeks, this is where you can see how much you settle after practice, "
    "and what helps you most."
)
_TAB_FILE_NAMES = ("calm-down", "what-helps", "how-ive-felt", "when",
                   "what-keeps-coming-back", "five-signs")


class ProgressPage(Page):
    title = "Progress"
    measure = "charts"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.outer = outer = QVBoxLayout(self)

        heading = role_label("How you calm down", "title")
        heading.setAccessibleName("How you calm down")
        outer.addWidget(heading)
        # At a glance: the last twelve weeks as a small line, and one plain sentence.
        glance = QHBoxLayout()
        glance.setSpacing(space("m"))
        self.sparkline = Sparkline()
        glance.addWidget(self.sparkline, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.setSpacing(0)
        self.summary = role_label("", "subtitle", wrap=True)
        words.addWidget(self.summary)
        # A hard week noticed, kindly (progress isn't a straight line).
        self.week_note = role_label("", "muted", wrap=True)
        self.week_note.hide()
        words.addWidget(self.week_note)
        glance.addLayout(words, 1)
        outer.addLayout(glance)

        self.range_bar = RangeBar("month")
        outer.addWidget(self.range_bar)
        # Pictures and data out and in: a quiet row under the charts.
        actions = QHBoxLayout()
        self.save_picture = QPushButton("Save picture…")
        self.save_picture.setAccessibleName("Save picture: this chart, as a PNG file")
        self.save_picture.setToolTip("Save the chart on show as a PNG picture")
        self.save_picture.clicked.connect(self.ask_save_picture)
        self.export_button = QPushButton("Export…")
        self.export_button.setProperty("menu", True)  # the theme leaves room for the arrow
        self.export_button.setAccessibleName("Export your sessions")
        menu = QMenu(self.export_button)
        menu.addAction("As a spreadsheet (CSV)…", self.ask_export_csv)
        menu.addAction("As a full copy to move to another computer (JSON)…",
                       self.ask_export_json)
        self.export_button.setMenu(menu)
        self.import_button = QPushButton("Import…")
        self.import_button.setAccessibleName("Import sessions from an Ebbtide JSON file")
        self.import_button.clicked.connect(self.ask_import)
        self.status = role_label("", "muted")
        self.status.setWordWrap(True)
        actions.addWidget(self.status, 1)
        self.problem_box: QMessageBox | None = None  # the last "nothing was changed"
        for button in (self.save_picture, self.export_button, self.import_button):
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            actions.addWidget(button)

        # The headline chart is made now; the others the first time they are needed, so
        # opening Progress builds only what is on show.
        self.calm = CalmDownChart(self._describe, self._colours())
        self._helps: HelpsChart | None = None
        self._felt: FeltChart | None = None
        self._when: WhenChart | None = None
        self._back: ComingBackChart | None = None
        self._signs: FiveSignsTab | None = None  # the weekly check's chart (ui/five_signs)
        self._holders = [QWidget() for _ in range(5)]
        for holder in self._holders:
            box = QVBoxLayout(holder)
            box.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Charts")
        # Each chart keeps its least height (charts.CHART_LEAST_PX); a smaller window
        # scrolls the page under the first chart, never squeezing it.
        honest_tabs(self.tabs)
        self.tabs.addTab(self.calm, "Calm-down over time")
        self.tabs.addTab(self._holders[0], "What helps me")
        self.tabs.addTab(self._holders[1], "How I've felt")
        self.tabs.addTab(self._holders[2], "When")
        self.tabs.addTab(self._holders[3], "What keeps coming back")
        self.tabs.addTab(self._holders[4], "Five signs")
        # On a small window: shorter names, so all six show; the full name is the tip.
        self.tab_names = TabsThatFit(self.tabs, ["Calm-down", "Helps", "Feelings", "When",
                                "Coming back", "Signs"])
        outer.addWidget(self.tabs, 1)
        outer.addLayout(actions)

        self.choice: RangeChoice = self.range_bar.current()
        # What each range's slices were, until sessions change.
        self._cache: dict[tuple[float | None, float | None], dict[str, Any]] = {}
        self._namer = progress_data.PracticeNamer(ctx.store)
        self._stale: set[int] = {TAB_CALM, TAB_HELPS, TAB_FELT, TAB_WHEN, TAB_BACK, TAB_SIGNS}
        self._needs_refresh = True
        self._glance_stale = True
        self._dialog: SessionDetailsDialog | None = None
        self._painting_colours = False

        self.range_bar.changed.connect(self.refresh)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.calm.session_activated.connect(self.open_session)
        self._fix_tab_order()  # the calm-down chart has its colours; the rest get theirs
        CompactWhenShort(self, self._fit_height)
        self._size_by_tab(self.tabs.currentIndex())

    def _fit_height(self, compact: bool) -> None:
        """A short window (800×600): smaller margins, so the first chart is on screen."""
        if compact:
            self.outer.setContentsMargins(space("l"), space("s"), space("l"), space("s"))
        else:
            self.outer.setContentsMargins(space("xl"), space("l"), space("xl"), space("l"))
        self.outer.setSpacing(space("s") if compact else space("m"))


    # -- charts, made when first needed ------------------------------------------------------

    def _place(self, index: int, chart: QWidget) -> None:
        layout = self._holders[index - 1].layout()
        assert layout is not None
        layout.addWidget(chart)
        chart.apply_colours(self._colours())  # type: ignore[attr-defined]
        self._fix_tab_order()

    def _fix_tab_order(self) -> None:
        """Tab follows the page from top to bottom: range, chart tabs, the charts (each
        readable by a screen reader), then pictures and data."""
        views: list[QWidget] = [self.calm.view]
        if self._helps is not None:
            views.append(self._helps.view)
        if self._felt is not None:
            views += [self._felt.checkin_view, self._felt.feelings_view]
        if self._when is not None:
            views.append(self._when.view)
        if self._back is not None:
            views.append(self._back.view)
        if self._signs is not None:
            views += self._signs.focus_chain()
        chain: list[QWidget] = [
            self.range_bar.date_to, self.tabs, *views,
            self.save_picture, self.export_button, self.import_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    @property
    def helps(self) -> HelpsChart:
        if self._helps is None:
            self._helps = HelpsChart()
            self._place(TAB_HELPS, self._helps)
        return self._helps

    @property
    def felt(self) -> FeltChart:
        if self._felt is None:
            self._felt = FeltChart()
            self._place(TAB_FELT, self._felt)
        return self._felt

    @property
    def when(self) -> WhenChart:
        if self._when is None:
            self._when = WhenChart()
            self._place(TAB_WHEN, self._when)
        return self._when

    @property
    def coming_back(self) -> ComingBackChart:
        if self._back is None:
            self._back = ComingBackChart()
            self._place(TAB_BACK, self._back)
        return self._back

    @property
    def signs(self) -> FiveSignsTab:
        if self._signs is None:
            from ebbtide.ui.five_signs.chart import FiveSignsTab  # made when first opened

            self._signs = FiveSignsTab(self.ctx, self._colours())
            self._place(TAB_SIGNS, self._signs)
        return self._signs

    def start_practice(self, options: dict[str, object]) -> None:
        if options.get("tab") == "five_signs":  # from the weekly check's "See the chart"
            self.tabs.setCurrentIndex(TAB_SIGNS)

    def _charts(self) -> list[QWidget]:
        return [c for c in (self.calm, self._helps, self._felt, self._when, self._back,
                            self._signs) if c is not None]

    def _data(self, name: str) -> Any:
        """One query's result for the chosen range, asked once until sessions change."""
        rng = self.choice.range
        key = (rng.since_utc, rng.until_utc)
        if key not in self._cache and len(self._cache) >= 8:
            self._cache.clear()  # many custom ranges tried: keep memory small
        cached = self._cache.setdefault(key, {})
        if name not in cached:
            # Every range is a slice of the lifetime's arrays (read once a generation).
            life = progress_data.lifetime(self.ctx.store, self.ctx.paths.cache_dir)
            if name == "calm":
                cached[name] = life.calm_down(rng)
            elif name == "practices":
                cached[name] = life.practices(rng, self._namer)
            elif name == "previous_drops":
                previous = rng.previous()
                cached[name] = None if previous is None else life.calm_down(previous).drop
            elif name == "checkins":
                cached[name] = life.checkins(rng)
            elif name == "feelings":
                cached[name] = life.feelings(self.ctx.store, rng)
            elif name == "time_of_day":
                cached[name] = life.time_of_day(rng)
            elif name == "coming_back":
                # From the trigger log; None while its words are locked away.
                try:
                    triggers = NoticeStore(self.ctx.store).triggers()
                except StoreError:
                    return None
                cached[name] = notice_stats.coming_back(
                    triggers, load_notice_words(), rng.since_utc, rng.until_utc)
            elif name == "first_start":
                cached[name] = life.first_start
            elif name == "periods":
                since, until = self._x_range()
                unit = self._summary_unit()
                cached[name] = (None if unit is None else
                                progress_data.periods(self._data("calm"), since, until, unit))
            elif name == "outside":
                cached[name] = progress_data.sessions_outside(life, rng)
            else:
                raise KeyError(name)
        return cached[name]

    # -- page life -------------------------------------------------------------------------

    def page_shown(self) -> None:
        if self._needs_refresh:
            self.refresh()

    def refresh(self) -> None:
        """Read the chosen range again: the summary and the chart on show now, the other
        charts when their tab is opened."""
        self._needs_refresh = False
        self.choice = self.range_bar.current()
        self._stale = {TAB_CALM, TAB_HELPS, TAB_FELT, TAB_WHEN, TAB_BACK, TAB_SIGNS}
        calm: progress_data.CalmDown = self._data("calm")
        practices: progress_data.Practices = self._data("practices")
        text = summary_sentence(
            self.choice.words, calm.drop, self._data("previous_drops"),
            self.choice.previous_words, practices.results(),
        )
        # With too little to go on, the summary stays silent about numbers and the
        # page just says what it is for.
        self.summary.setText(text or INTRO)
        if self._glance_stale:  # the same whatever the range: once until sessions change
            self._glance()
            self._glance_stale = False
        self._draw_tab(self.tabs.currentIndex())

    def _glance(self) -> None:
        """The sparkline and the week's sentence: from all sessions, whatever the range."""
        life = progress_data.lifetime(self.ctx.store, self.ctx.paths.cache_dir)
        now = time.time()
        weeks = progress_data.periods(
            life.calm_down(progress_data.TimeRange(now - WEEKS * 7 * DAY_S, None)),
            now - (WEEKS - 1) * 7 * DAY_S, now, "week")
        self.sparkline.set_values(weeks.after[-WEEKS:, 1].tolist())
        week, before, month, earlier = progress_data.week_context(life, now)
        sentence = ups_and_downs.week_sentence(
            week, before, month,
            None if earlier is None else ups_and_downs.Earlier(earlier[0], earlier[1]))
        self.week_note.setText(sentence)
        self.week_note.setVisible(bool(sentence))

    def _summary_unit(self) -> str | None:
        """Weeks (or months) for long ranges; each session for a week or a month."""
        if self.choice.key in ("week", "month"):
            return None
        since, until = self._x_range()
        return progress_data.summary_unit(until - since)

    def refresh_all(self) -> None:
        """Bring every chart up to date now (exports and tests)."""
        if self._needs_refresh:
            self.refresh()
        for index in sorted(self._stale):
            self._draw_tab(index)

    def _tab_changed(self, index: int) -> None:
        if self._needs_refresh:
            self.refresh()
        elif index in self._stale:
            self._draw_tab(index)
        self._size_by_tab(index)

    def _size_by_tab(self, index: int) -> None:
        """The page is as tall as the tab on show needs, not the tallest tab (a tab
        widget's least height is its tallest page's): once How I've felt had stacked its
        two charts, every other tab scrolled at 800×600 too."""
        for n in range(self.tabs.count()):
            policy = QSizePolicy.Policy.Preferred if n == index else QSizePolicy.Policy.Ignored
            tab = self.tabs.widget(n)
            if tab is not None:
                tab.setSizePolicy(policy, policy)
        # TabsThatFit keeps the tabs at least as tall as the last page it fitted; this
        # tab's own height, measured afresh.
        self.tabs.setMinimumHeight(0)
        self.tab_names.fit()
        self.outer.invalidate()  # and the page's frame measures it again

    def _draw_tab(self, index: int) -> None:
        hint = self._empty_hint()
        if index == TAB_CALM:
            self.calm.set_data(self._data("calm"), self._x_range(), hint,
                               self._data("periods"), self._summary_unit() or "week")
        elif index == TAB_HELPS:
            self.helps.set_data(self._data("practices"), hint)
        elif index == TAB_FELT:
            self.felt.set_data(
                self._data("checkins"), self._data("feelings"), self._x_range(), hint
            )
        elif index == TAB_WHEN:
            self.when.set_data(self._data("time_of_day"), hint)
        elif index == TAB_BACK:
            self.coming_back.set_data(self._data("coming_back"), "")
        elif index == TAB_SIGNS:
            self.signs.set_range(self.choice.range.since_utc, self.choice.range.until_utc)
        self._stale.discard(index)

    def _x_range(self) -> tuple[float, float]:
        rng = self.choice.range
        now = time.time()
        until = rng.until_utc if rng.until_utc is not None else now + DAY_S / 2
        if rng.since_utc is not None:
            return rng.since_utc, until
        first = self._data("first_start")
        if first is None:
            first = until - 7 * DAY_S
        return min(first, until - DAY_S), until

    def _empty_hint(self) -> str:
        # Said only when it is true: some sessions lie outside the range on show.
        if self.choice.key == "all" or not self._data("outside"):
            return ""
        return "\n\nYou have sessions outside this range: “All time” shows everything."

    def data_changed(self, notice: ChangeNotice) -> None:
        if notice.touches(Change.ALL_DATA):
            self._sessions_changed()
        elif notice.touches(Change.LOGS | Change.LOCK):
            # Only the trigger log's chart reads Notice & record.
            for cached in self._cache.values():
                cached.pop("coming_back", None)
            self._stale.add(TAB_BACK)
            if self.isVisible() and self.tabs.currentIndex() == TAB_BACK:
                self._draw_tab(TAB_BACK)
        if notice.setting is SettingKey.THEME:
            # The new palette lands after this notice; pick it up once it has.
            QTimer.singleShot(0, self.apply_colours)

    def _sessions_changed(self) -> None:
        self._cache.clear()
        # A write gives the store a new generation; a restore may not: forget both ways.
        progress_data.forget_lifetime(self.ctx.store)
        self._namer = progress_data.PracticeNamer(self.ctx.store)
        self._needs_refresh = True
        self._glance_stale = True
        if self.isVisible():
            self.refresh()

    # -- look ------------------------------------------------------------------------------

    def _setting_changed(self, key: str) -> None:
        if key == "theme":
            # The new palette lands after this signal; pick it up once it has.
            QTimer.singleShot(0, self.apply_colours)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        ready = hasattr(self, "calm") and not getattr(self, "_painting_colours", True)
        if event.type() == QEvent.Type.PaletteChange and ready:
            self.apply_colours()

    def _colours(self) -> ChartColours:
        focus: QColor | None = None
        try:
            focus = QColor(load_theme(effective_theme(self.ctx.settings[SettingKey.THEME])).focus)
        except (ThemeError, KeyError):
            focus = None  # the palette's highlight will do
        return colours_from(self, focus)

    def apply_colours(self) -> None:
        self._painting_colours = True
        try:
            colours = self._colours()
            for chart in self._charts():
                chart.apply_colours(colours)  # type: ignore[attr-defined]
        finally:
            self._painting_colours = False

    # -- sessions --------------------------------------------------------------------------

    def _describe(self, session_id: int) -> str:
        facts = progress_data.session_facts(self.ctx.store, session_id)
        return "" if facts is None else progress_data.describe_session(facts)

    def open_session(self, session_id: int) -> None:
        text = self._describe(session_id)
        if not text:
            return
        if self._dialog is not None:
            self._dialog.close()
        self._dialog = SessionDetailsDialog(text, self)
        self._dialog.open()

    # -- pictures and data out and in --------------------------------------------------------

    def current_chart(self) -> QWidget:
        return self.tabs.currentWidget()

    def save_picture_to(self, path: Path) -> None:
        self.refresh_all()
        image = self.current_chart().grab()
        _write_atomically(path, lambda tmp: image.save(str(tmp), "PNG"))
        self._tell(f"Saved the chart as {path.name}.")

    def export_csv_to(self, path: Path) -> None:
        """Read and write on the worker; say so when it is on disk."""
        store = self.ctx.store

        def job() -> None:
            text = exchange.export_csv(store)
            _write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8") > 0)

        self._export(job, f"Saved your sessions as {path.name}.")

    def export_json_to(self, path: Path) -> None:
        store = self.ctx.store

        def job() -> None:
            text = exchange.export_json(store)
            _write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8") > 0)

        self._export(job, f"Saved a full copy of your sessions as {path.name}. It includes "
                          "your notes, so keep it somewhere private.")

    def _export(self, job: Callable[[], None], saved: str) -> None:
        def done(future: Future[None]) -> None:
            error = future.exception()
            if error is None:
                self._tell(saved)
            elif isinstance(error, OSError | StoreError):
                self._tell(f"That couldn't be saved there ({type(error).__name__}). "
                           "Please choose another place.", problem=True)
            else:
                raise error

        self.ctx.tasks.with_progress(self, "Writing your sessions out…", job, done)

    def import_from(self, path: Path) -> None:
        """Bring the file's sessions in on the worker (read there, as a stream); say what
        happened."""

        def imported(report: exchange.ImportReport) -> None:
            already = (f" {report.skipped_existing} were already here."
                       if report.skipped_existing else "")
            added = "1 session" if report.added == 1 else f"{report.added} sessions"
            if report.notice_added:
                added += (f" and {report.notice_added} Notice & record "
                          + ("entry" if report.notice_added == 1 else "entries"))
            if report.self_trust_added:
                added += f" and {report.self_trust_added} from Trust yourself"
            if report.reach_added:
                added += (f" and {report.reach_added} from Reach out (safe people "
                          "and asks)")
            if report.signs_added:
                added += (f" and {report.signs_added} weekly "
                          + ("check" if report.signs_added == 1 else "checks"))
            self._tell(f"Imported {added}.{already}")

        def refused(error: Exception) -> None:
            if not isinstance(error, exchange.ImportRejected | StoreError):
                raise error
            self._tell(str(error), problem=True)

        def moved(fraction: float) -> None:
            self.status.setText(f"Bringing your sessions in… {int(fraction * 100)}%")

        import_sessions(self.ctx, path, initiator=self, parent=self, on_success=imported,
                        on_failure=refused, on_progress=moved)

    def _tell(self, text: str, problem: bool = False) -> None:
        """Say it once: a line under the buttons when it worked; when nothing could be
        done, one dialog (not also a line squeezing the chart and a cut-off status bar)."""
        if not problem:
            self.status.setText(text)
            self.status.setVisible(True)
            announce(self.status, text)  # a problem's message box is read out itself
            return
        self.status.setText("")
        self.status.setVisible(False)
        box = QMessageBox(QMessageBox.Icon.Information, "Nothing was changed", text,
                          QMessageBox.StandardButton.Ok, self)
        box.setAccessibleName("Import message")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.problem_box = box
        box.open()

    def _default_file(self, stem: str, suffix: str) -> str:
        day = time.strftime("%Y-%m-%d")
        return str(Path.home() / f"ebbtide-{stem}-{day}.{suffix}")

    def ask_save_picture(self) -> None:
        name = _TAB_FILE_NAMES[self.tabs.currentIndex()]
        path, _ = QFileDialog.getSaveFileName(
            self, "Save chart as a picture", self._default_file(name, "png"),
            "PNG picture (*.png)",
        )
        if path:
            self._guard(lambda: self.save_picture_to(_with_suffix(path, ".png")))

    def ask_export_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export sessions as a spreadsheet", self._default_file("sessions", "csv"),
            "CSV spreadsheet (*.csv)",
        )
        if path and confirm_with_passphrase(self, self.ctx, "An export is written in "
                                            "plain words.", "Export"):
            self._guard(lambda: self.export_csv_to(_with_suffix(path, ".csv")))

    def ask_export_json(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export a full copy of your sessions", self._default_file("sessions", "json"),
            "Ebbtide sessions (*.json)",
        )
        if path and confirm_with_passphrase(self, self.ctx, "An export is written in "
                                            "plain words.", "Export"):
            self._guard(lambda: self.export_json_to(_with_suffix(path, ".json")))

    def ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import sessions", str(Path.home()), "Ebbtide sessions (*.json)"
        )
        if path:
            self.import_from(Path(path))

    def _guard(self, action: Callable[[], None]) -> None:
        try:
            action()
        except exchange.ExchangeError as exc:
            self._tell(str(exc), problem=True)
        except OSError:
            self._tell(
                "That file couldn't be saved there. Try another folder.", problem=True
            )


def _with_suffix(path: str, suffix: str) -> Path:
    p = Path(path)
    return p if p.suffix.lower() == suffix else p.with_name(p.name + suffix)


def _write_atomically(path: Path, write: Callable[[Path], bool]) -> None:
    """Write next to the target, then rename: a half-written file never replaces a good
    one. Private to the person (0600), as exports may hold their notes."""
    fd, tmp_name = tempfile.mkstemp(prefix=".ebbtide-", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if not write(tmp):
            raise OSError(f"could not write {path.name}")
        if os.name == "posix":
            os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise

