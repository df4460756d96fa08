"""Progress → Five signs: the weekly checks as five lines over months, in the same
pyqtgraph look as the other Progress charts (ui/progress/charts.py). A week with no
check is a gap in every line — nothing is drawn for it, never a zero — and a sign left
unanswered is a gap in its own line. Its text alternative is a summary and a table one
key away (ChartPanel). Each sign has its own colour and marker shape, and the key under
the chart shows both with the sign's name.

Imported only when the tab is first opened, so pyqtgraph stays out of start-up.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QColor,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core import five_signs
from ebbtide.core.five_signs import FiveSignsWords, WeeklySeries
from ebbtide.core.sealing import StoreLocked
from ebbtide.core.settings import SettingKey
from ebbtide.ui.context import UiContext
from ebbtide.ui.operations import Change, ChangeNotice
from ebbtide.ui.progress.charts import (
    ChartColours,
    ChartPanel,
    GridLines,
    _new_plot,
    _style_plot,
    colours_from,
    make_graphics,
)
from ebbtide.ui.registry import PageKey
from ebbtide.ui.theme import ThemeError, effective_theme, load_theme, margins, space

# Each sign has a marker shape as well as a colour: colour is never the only clue.
SYMBOLS = ("o", "s", "t1", "d", "star")
SYMBOL_SIZES = (9, 8, 10, 10, 12)  # drawn about as big as each other
GLYPHS = ("●", "■", "▲", "◆", "★")  # the same shapes, for the key's words
WEEK_S = 7 * 86_400
MIN_WEEKS = 12  # a shorter range would show a week or four: weekly checks need more room


def series_colours(ctx: UiContext) -> tuple[QColor, ...]:
    """The theme's five series colours (resources/themes/*.toml)."""
    try:
        names = load_theme(effective_theme(ctx.settings[SettingKey.THEME])).series
    except (ThemeError, KeyError):
        names = load_theme("light").series  # the shipped theme, when the chosen one won't load
    return tuple(QColor(n) for n in names)


class FiveSignsChart(QWidget):
    """Five lines over a date axis, 0–4 with the scale's words on the left axis."""

    EMPTY = (
        "Your weekly checks will show here: five lines, one for each sign, week by week."
        "\n\nThe check takes a minute or two, whenever you like. Weeks you skip simply "
        "stay empty here — nothing is filled in for them."
    )
    LOCKED = "Ebbtide is locked. Unlock it to see your weekly checks."

    def __init__(self, words: FiveSignsWords, colours: ChartColours | None = None,
                 series: tuple[QColor, ...] | None = None) -> None:
        super().__init__()
        self.words = words
        self.series = WeeklySeries((), np.empty(0), np.empty((0, 5)), words.ids)
        self.view = make_graphics("Five signs chart: how much each sign showed up, week by "
                                  "week")
        self.plot = _new_plot(self.view.ci, 0, 0, date_axis=True, grid=False)
        self.plot.setMouseEnabled(x=True, y=False)
        self.plot.setYRange(-0.35, five_signs.SCALE_MAX + 0.35, padding=0)
        self.plot.getAxis("left").setTicks(
            [[(v, f"{words.label(v)}  {v}") for v in range(five_signs.SCALE_MAX + 1)]])
        self.grid = GridLines(self.plot, range(five_signs.SCALE_MAX + 1))
        # connect="finite": a NaN (no check that week) breaks the line there.
        self.lines = [pg.PlotDataItem(connect="finite", symbol=SYMBOLS[i],
                                    symbolSize=SYMBOL_SIZES[i])
                      for i in range(len(words.signs))]
        for line in self.lines:
            self.plot.addItem(line)
        # The key: each sign's colour and marker shape, with its short name.
        self.key = QLabel()
        self.key.setWordWrap(True)
        self.key.setContentsMargins(space("s"), space("xs"), space("xs"), 0)
        inner = QWidget()
        box = QVBoxLayout(inner)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(space("xs"))
        box.addWidget(self.view, 1)
        self.band = QHBoxLayout()  # the key, and room beside it (the tab's buttons)
        self.band.setContentsMargins(0, 0, space("s"), 0)
        self.band.addWidget(self.key, 1)
        box.addLayout(self.band)
        self.panel = ChartPanel(inner, "Five signs over time")
        self._table_stale = False
        self.panel.table_button.toggled.connect(self._fill_table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)
        self.series_colours = series or tuple(QColor(c) for c in load_theme("light").series)
        self.colours = colours or colours_from(self)
        self.apply_colours(self.colours)

    # -- data -------------------------------------------------------------------------------

    def set_data(self, series: WeeklySeries, extra: str = "") -> None:
        self.series = series
        if series.checked == 0:
            for line in self.lines:
                line.setData([], [])
            self.panel.show_message(self.EMPTY + extra)
            return
        self.panel.show_chart()
        # Points sit mid-week, where the week they stand for is.
        x = series.x + WEEK_S / 2
        for j, line in enumerate(self.lines):
            column = series.values[:, j]
            if np.all(np.isnan(column)):  # a sign never answered in this time: no line
                line.setData([], [])
            else:
                line.setData(x, column)
        self.plot.setXRange(float(series.x[0]) - WEEK_S * 0.2,
                            float(series.x[-1]) + WEEK_S * 1.2, padding=0)
        # Under the chart, a short summary (the table has every week); a screen reader
        # meeting the chart hears the latest check too.
        summary = five_signs.describe(series, self.words, latest=False) + extra
        self.view.setAccessibleDescription(five_signs.describe(series, self.words) + extra)
        self.panel.summary.setText(summary)
        # The table (a row a week, five years of them) is filled when it is first shown:
        # filling and sizing it costs more than drawing the chart.
        self._table_stale = True
        if self.panel.table_button.isChecked():
            self._fill_table()

    def _fill_table(self, on: bool = True) -> None:
        if not on or not self._table_stale:
            return
        self._table_stale = False
        self.panel.set_table(self.panel.summary.text(),
                             ["Week", *[s.short for s in self.words.signs]],
                             five_signs.table_rows(self.series, self.words))

    def plotted(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        """What one sign's line holds (tests: a gap is NaN, never 0)."""
        xs, ys = self.lines[index].getData()
        return (np.asarray(xs if xs is not None else []),
                np.asarray(ys if ys is not None else []))

    # -- look -------------------------------------------------------------------------------

    def apply_colours(self, colours: ChartColours,
                      series: tuple[QColor, ...] | None = None) -> None:
        self.colours = colours
        if series is not None:
            self.series_colours = series
        self.view.setBackground(colours.background)
        _style_plot(self.plot, colours)
        self.grid.set_colour(colours.text)
        parts = []
        for index, (line, sign) in enumerate(zip(self.lines, self.words.signs, strict=True)):
            colour = self.series_colours[index % len(self.series_colours)]
            line.setPen(pg.mkPen(colour, width=2.5))
            line.setSymbolBrush(pg.mkBrush(colour))
            line.setSymbolPen(pg.mkPen(colours.background, width=1))
            # One entry never breaks across lines; a narrow chart wraps between them.
            parts.append(f'<span style="color:{colour.name()}">━{GLYPHS[index]}━</span>'
                         f"&nbsp;{sign.short.replace(' ', '&nbsp;')}")
        self.key.setText("&nbsp;&nbsp;&nbsp; ".join(parts))


class FiveSignsTab(QWidget):
    """What Progress shows in its "Five signs" tab: a line of words, the way to the check
    and to "Why these five?", and the chart. It reads the checks itself (once a store
    generation) and follows their changes, so Progress only places it and tells it the
    range."""

    def __init__(self, ctx: UiContext, colours: ChartColours | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.words = five_signs.load_five_signs()
        # The way to the check and to "Why these five?": beside the chart's key, or under
        # the kind words while there is nothing to draw yet (moved, never doubled).
        self.buttons = QWidget()
        head = QVBoxLayout(self.buttons)
        head.setContentsMargins(margins(0, "xs", 0))
        head.setSpacing(space("xs"))
        self.check_button = QPushButton("Weekly check…")
        self.check_button.setAccessibleName("Weekly check: how much each sign showed up "
                                            "this week")
        self.check_button.clicked.connect(self.open_check)
        self.why_button = QPushButton("Why these five?")
        self.why_button.setAccessibleName("Why these five? Where trust wounds come from")
        self.why_button.clicked.connect(self.open_why)
        for button in (self.check_button, self.why_button):
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            head.addWidget(button)
        self.chart = FiveSignsChart(self.words, colours, series_colours(ctx))
        self.chart.view.setMinimumHeight(170)  # the key and buttons sit under it
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.chart, 1)
        self._place_buttons()
        self.since: float | None = None
        self.until: float | None = None
        self.stale = True
        ctx.ops.changed.connect(self._data_changed)

    @property
    def view(self) -> pg.GraphicsLayoutWidget:
        return self.chart.view

    def focus_chain(self) -> list[QWidget]:
        return [self.chart.view, self.check_button, self.why_button,
                self.chart.panel.table_button]

    def _place_buttons(self) -> None:
        if self.chart.panel.showing_chart:
            self.chart.band.addWidget(self.buttons, 0, Qt.AlignmentFlag.AlignTop)
        else:
            # ChartPanel's first page holds its message between two stretches.
            page = self.chart.panel.widget(0)
            holder = page.layout() if page is not None else None
            assert isinstance(holder, QVBoxLayout)
            holder.insertWidget(2, self.buttons, 0, Qt.AlignmentFlag.AlignHCenter)
        self.buttons.setVisible(True)  # a widget given a new parent starts hidden

    def open_check(self) -> None:
        self.ctx.practice_requested.emit(PageKey.FIVE_SIGNS, {})

    def open_why(self) -> None:
        self.ctx.practice_requested.emit(PageKey.FIVE_SIGNS, {"step": "why"})

    def set_range(self, since_utc: float | None, until_utc: float | None) -> None:
        """Progress's range; at least MIN_WEEKS are shown, all time from the first check."""
        self.since, self.until = since_utc, until_utc
        self.refresh()

    def refresh(self) -> None:
        self.stale = False
        try:
            scores = five_signs.weekly_scores(self.ctx.store)
        except StoreLocked:
            self.chart.set_data(WeeklySeries((), np.empty(0), np.empty((0, 5)), self.words.ids))
            self.chart.panel.show_message(FiveSignsChart.LOCKED)
            self._place_buttons()
            return
        now = time.time()
        until = self.until if self.until is not None else now
        last_day = time.localtime(until - 1)
        last = five_signs.week_of(_date(last_day))
        extra = ""
        if self.since is None:
            first = min(scores) if scores else last
        else:
            first = five_signs.week_of(_date(time.localtime(self.since)))
        least = _weeks_back(last, MIN_WEEKS - 1)
        if first > least:
            first = least
            if self.since is not None:
                extra = f" Weekly checks are shown over at least {MIN_WEEKS} weeks."
        if first > last:
            first = last
        series = five_signs.weekly_series(scores, self.words.ids, first, last)
        self.chart.set_data(series, extra)
        if series.checked == 0 and scores and self.since is not None:
            self.chart.panel.show_message(FiveSignsChart.EMPTY + "\n\nYou have weekly "
                                          "checks outside this range: “All time” shows "
                                          "everything.")
        self._place_buttons()

    def apply_colours(self, colours: ChartColours) -> None:
        self.chart.apply_colours(colours, series_colours(self.ctx))

    def _data_changed(self, notice: ChangeNotice) -> None:
        if notice.touches(Change.FIVE_SIGNS | Change.ALL_DATA | Change.LOCK):
            if notice.touches(Change.LOCK | Change.ALL_DATA):
                five_signs.forget_weekly_scores(self.ctx.store)  # a restore, an unlock
            self.stale = True
            if self.isVisible():
                self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()


def _date(moment: time.struct_time) -> date:
    return date(moment.tm_year, moment.tm_mon, moment.tm_mday)


def _weeks_back(week: str, n: int) -> str:
    return five_signs.week_of(five_signs.week_monday(week) - timedelta(days=7 * n))
