"""The four Progress charts, drawn with pyqtgraph. Imported only by the Progress page, so
pyqtgraph and numpy stay out of start-up.

Each chart takes arrays from ebbtide.core.progress_data and draws them with a few
array-backed items (one line item per kind for 100,000 sessions, never one item per
session). While there is too little to draw, a kind explanation takes the chart's place.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGraphicsItem,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core import stats
from ebbtide.core.progress_data import (
    CalmDown,
    CheckIns,
    Practices,
    kind_words,
    known_kinds,
    nearest_segment,
)
from ebbtide.core.sessions import KIND_INFO, SessionKind
from ebbtide.ui.common.announce import announce
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.common.narrow import StackWhenNarrow
from ebbtide.ui.common.roles import set_role
from ebbtide.ui.progress.axes import (
    axis_title,
    hour_axis,
    name_ticks,
    new_plot,
    plot_title,
    style_axes,
    weekday_axis,
    whole_number_ticks,
)
from ebbtide.ui.theme import space, tokens

# Okabe & Ito (2008), "Color Universal Design": told apart with every common kind of
# colour blindness (resources/themes/tokens.toml [chart]).
OKABE_ITO = tokens().chart

# Fewer than these and the chart would be a lonely dot: an explanation shows instead.
MIN_FOR_CALM_CHART = 2
MIN_FOR_HELPS_CHART = stats.MIN_SESSIONS_FOR_BEST  # sessions of a practice before its bar
MIN_FOR_WHEN_CHART = 2
# Above this many sessions the dots at each segment's end stop helping and cost time.
MAX_END_DOTS = 3000
MAX_PRACTICE_BARS = 12
# A chart is never squeezed below this (the page scrolls under it instead); the calm-down
# chart, first on the page, fits it at 800×600.
CHART_LEAST_PX = 240
GRID_LEAST_PX = 420  # two rows of plots (When, What keeps coming back)
BAR_ROW_PX = 20  # a practice's bar and its name, in the caption size, with room between
FELT_SIDE_BY_SIDE_PX = 700  # narrower, How I've felt puts its two charts one above the other


@dataclass(frozen=True)
class ChartColours:
    background: QColor
    text: QColor
    muted: QColor
    grid: QColor
    accent: QColor
    dark: bool
    focus: QColor  # the app's focus ring colour

    def kind(self, kind: str) -> QColor:
        try:
            name = KIND_INFO[SessionKind(kind)].colour
        except ValueError:  # a kind from a newer Ebbtide
            name = "orange"
        if name == "blue" and self.dark:
            name = "yellow"  # blue is dim on a dark background; sky blue is Listening's
        return QColor(OKABE_ITO[name])

    def kind_code(self, code: int) -> QColor:
        kinds = known_kinds()
        return self.kind(kinds[code] if 0 <= code < len(kinds) else "")


def colours_from(widget: QWidget, focus: QColor | None = None) -> ChartColours:
    """Chart colours from the widget's palette, so charts follow the app's theme."""
    palette = widget.palette()
    background = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.WindowText)
    muted = palette.color(QPalette.ColorRole.PlaceholderText)
    dark = background.lightness() < 128
    grid = QColor(text)
    grid.setAlpha(40)
    accent = palette.color(QPalette.ColorRole.Highlight)
    return ChartColours(background, text, muted, grid, accent, dark, focus or accent)


def faded(colour: QColor, alpha: int) -> QColor:
    c = QColor(colour)
    c.setAlpha(alpha)
    return c


def _style_plot(plot: pg.PlotItem, colours: ChartColours) -> None:
    style_axes(plot, colours.text, colours.muted)


_new_plot = new_plot  # the name Five signs' chart (ui/five_signs) imports


class GridLines:
    """A few horizontal lines where the grid would be, drawn as one item of line pairs
    across every date Ebbtide could show. The axis grid (showGrid) costs 8–10 ms every
    time a chart of years is painted, and an InfiniteLine each costs milliseconds to
    add; this costs next to nothing."""

    SPAN = (0.0, 4.0e9)  # 1970 to 2096, in seconds

    def __init__(self, plot: pg.PlotItem, at: Sequence[float] = ()) -> None:
        self.item = pg.PlotCurveItem(connect="pairs", skipFiniteCheck=True)
        self.item.setZValue(-10)  # under the sessions
        plot.addItem(self.item, ignoreBounds=True)
        self.place(at)

    def place(self, at: Sequence[float]) -> None:
        ys = np.repeat(np.asarray(at, dtype=np.float64), 2)
        self.item.setData(np.tile(self.SPAN, len(at)), ys)

    def set_colour(self, colour: QColor) -> None:
        self.item.setPen(pg.mkPen(faded(colour, 38), width=1))


def make_graphics(name: str, least: int = CHART_LEAST_PX) -> pg.GraphicsLayoutWidget:
    """A chart's canvas, never squeezed below `least` pixels tall."""
    view = pg.GraphicsLayoutWidget()
    view.setAccessibleName(name)
    set_role(view, "chart")  # its text alternative is the table under it (ChartPanel)
    view.setProperty("role", "chart")  # the theme draws its focus ring
    view.setMinimumHeight(least)
    view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    view.ci.setContentsMargins(space("s"), space("s"), space("m"), space("s"))
    return view


def _day(t: float) -> str:
    return time.strftime("%d %b %Y", time.localtime(float(t)))


def _num(value: float) -> str:
    """A typical rating as people say it: "4", "4.5"."""
    if np.isnan(value):
        return "–"
    return f"{round(float(value), 1):g}"


class ChartPanel(QStackedWidget):
    """A chart, or, while there is too little to draw, a kind explanation in its place."""

    def __init__(self, chart: QWidget, name: str) -> None:
        super().__init__()
        self.setAccessibleName(name)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setProperty("role", "notice")
        self.message.setMargin(space("xl"))
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.addStretch(1)
        box.addWidget(self.message)
        box.addStretch(1)
        self.chart = chart
        self.addWidget(holder)
        self.addWidget(self._with_table(chart, name))

    def _with_table(self, chart: QWidget, name: str) -> QWidget:
        """The chart's text alternative: a summary sentence, and its plotted values as a
        table one key (Tab, then Space) past the chart."""
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setProperty("role", "muted")
        self.table_button = QPushButton("Show as a table")
        self.table_button.setCheckable(True)
        self.table_button.setAccessibleName(f"Show as a table: {name}")
        self.table = QTableWidget()
        self.table.setAccessibleName(f"{name}, as a table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setVisible(False)
        # Rows wait until the table is asked for: thousands of cells (and sizing their
        # columns) would cost every range change far more than the chart does.
        self._pending: tuple[Sequence[str], Sequence[Sequence[object]]] | None = None
        self.table_button.toggled.connect(self._table_toggled)
        self.table_button.toggled.connect(
            lambda on: self.table_button.setText("Hide the table" if on else "Show as a table"))
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(chart, 1)
        row = QHBoxLayout()
        row.setContentsMargins(space("m"), 0, space("m"), space("xs"))
        row.addWidget(self.summary, 1)
        row.addWidget(self.table_button)
        col.addLayout(row)
        col.addWidget(self.table, 1)
        return page

    def set_table(self, summary: str, headers: Sequence[str],
                  rows: Sequence[Sequence[object]]) -> None:
        """What the chart plots, in words and as a table (a screen reader reads both)."""
        self.summary.setText(summary)
        self._pending = (headers, rows)
        if self.table_button.isChecked():
            self.fill_table()

    def _table_toggled(self, on: bool) -> None:
        if on:
            self.fill_table()
        self.table.setVisible(on)

    def fill_table(self) -> None:
        """Put the rows in the table now (when it is shown, or for a test to read)."""
        if self._pending is None:
            return
        headers, rows = self._pending
        self._pending = None
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels(list(headers))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(str(value)))
        self.table.resizeColumnsToContents()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.setCurrentIndex(0)

    def show_chart(self) -> None:
        self.setCurrentIndex(1)

    @property
    def showing_chart(self) -> bool:
        return self.currentIndex() == 1


# -- 1. calm-down over time -----------------------------------------------------------------


class CalmDownChart(QWidget):
    """Each rated session as a short vertical line from distress before to after, coloured
    by kind, over a date axis; below, the 7- and 30-day average drop."""

    session_activated = Signal(int)  # a session id: clicked, or Enter on the selected one

    EMPTY = (
        "Your calm-down chart appears after two sessions with a before and after rating.\n\n"
        "When you breathe, listen or work through a worksheet, rate how you feel before "
        "and after. Each session becomes a short line here, from where you started to "
        "where you landed, and over the weeks you can see how far you come down."
    )

    def __init__(self, describe: Callable[[int], str],
                 colours: ChartColours | None = None) -> None:
        """`colours`: the page's (else the palette's); styling twice costs an opening."""
        super().__init__()
        self._describe = describe
        self.data = CalmDown(*(np.empty(0, dtype=t) for t in (np.int64, *[np.float64] * 3,
                                                               np.int64)))
        self.selected: int | None = None
        self.view = make_graphics("Calm-down chart: distress before and after each session")
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.view.setAccessibleDescription(
            "Left and right arrows step through sessions; Enter opens the selected one."
        )
        self.view.installEventFilter(self)
        self.plot = new_plot(self.view.ci, 0, 0, date_axis=True, grid=False)
        axis_title(self.plot, "left", "Distress (0–10)", "Distress")
        # The dates are under the chart below it (the two move together).
        self.plot.getAxis("bottom").setStyle(showValues=False)
        self.plot.setMouseEnabled(x=True, y=False)
        self.plot.setYRange(-0.6, 10.6, padding=0)
        self.plot.getAxis("left").setTicks([[(v, str(v)) for v in range(0, 11, 2)]])
        self.grid = GridLines(self.plot, range(0, 11, 2))
        self.trend = new_plot(self.view.ci, 1, 0, date_axis=True, grid=False)
        self.trend_grid = GridLines(self.trend)
        axis_title(self.trend, "left", "Came down by", "Came down")
        axis_title(self.trend, "bottom", "Date")
        self.trend.setXLink(self.plot)
        self.trend.setMouseEnabled(x=True, y=False)
        self.view.ci.layout.setRowStretchFactor(0, 3)
        self.view.ci.layout.setRowStretchFactor(1, 2)

        n_codes = len(known_kinds()) + 1
        self.segments = [
            pg.PlotDataItem(connect="pairs", skipFiniteCheck=True) for _ in range(n_codes)
        ]
        self.ends = [
            pg.PlotDataItem(pen=None, symbol="o", symbolSize=6, skipFiniteCheck=True)
            for _ in range(n_codes)
        ]
        for item in (*self.segments, *self.ends):
            self.plot.addItem(item)
        # One ring, moved to the session under the pointer (moving it is much cheaper
        # than giving it new data on every hover).
        self.highlight = pg.ScatterPlotItem([0.0], [0.0], size=14, symbol="o")
        # It counts in no range (ignoreBounds), so pyqtgraph need not be told each time
        # it moves: that notice was half the cost of a hover.
        self.highlight.setFlag(QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges, False)
        self.highlight.hide()
        self.plot.addItem(self.highlight, ignoreBounds=True)
        self._descriptions: dict[int, str] = {}
        # For hovering weeks or months: their centres and words, worked out once a summary.
        self._period_texts: dict[int, str] = {}
        self._centres: np.ndarray | None = None
        self.zero = pg.InfiniteLine(pos=0, angle=0, movable=False)
        self.trend.addItem(self.zero)
        self.trend_week = pg.PlotDataItem(skipFiniteCheck=False)
        self.trend_month = pg.PlotDataItem(skipFiniteCheck=False)
        self.trend.addItem(self.trend_week)
        self.trend.addItem(self.trend_month)
        # Year and all time: each week (or month) as a band holding the middle half of its
        # sessions and a line through the typical one, instead of hundreds of sticks:
        # where sessions began (quiet) and ended (the accent); below, how far they came
        # down, with its ups and downs.
        self.summary: stats.PeriodSummary | None = None
        self.unit = "week"
        self._present = np.empty(0, dtype=np.int64)
        # Made the first time a long range is shown: a page opened on a month need not
        # pay for them.
        self.bands: dict[str, tuple[pg.PlotDataItem, pg.PlotDataItem, pg.PlotDataItem,
                                    pg.FillBetweenItem]] = {}

        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setContentsMargins(space("m"), space("xs"), space("xs"), 0)  # off the edge
        self.detail = role_label(" ", "muted")
        self.detail.setWordWrap(True)
        self.detail.setContentsMargins(space("m"), 0, space("m"), 0)
        # Room for two lines always, so the chart doesn't jump as the pointer moves.
        self.detail.setFixedHeight(self.detail.fontMetrics().lineSpacing() * 2 + space("xs"))
        inner = QWidget()
        box = QVBoxLayout(inner)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.view, 1)
        box.addWidget(self.legend)
        box.addWidget(self.detail)
        self.panel = ChartPanel(inner, "Calm-down over time")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)

        self.view.scene().sigMouseMoved.connect(self._mouse_moved)
        self.view.scene().sigMouseClicked.connect(self._mouse_clicked)
        self.colours = colours or colours_from(self)
        self.apply_colours(self.colours)

    # -- data --------------------------------------------------------------------------

    def set_data(self, data: CalmDown, x_range: tuple[float, float], empty_hint: str,
                 summary: stats.PeriodSummary | None = None, unit: str = "week") -> None:
        """Each session as a line, or with `summary`, each week or month (`unit`)."""
        self.data = data
        self.summary = summary
        self.unit = unit
        self.selected = None
        self._descriptions.clear()
        self._period_texts.clear()
        self._centres = None
        self.highlight.hide()
        self.detail.setText(" ")
        if len(data) < MIN_FOR_CALM_CHART:
            self.panel.show_message(self.EMPTY + empty_hint)
            self.summary = None
            for item in (*self.segments, *self.ends, self.trend_week, self.trend_month):
                item.setData([], [])
            self._clear_bands()
            return
        self.panel.show_chart()
        if summary is not None:
            self._draw_summary(summary, x_range)
            return
        self._clear_bands()
        show_dots = len(data) <= MAX_END_DOTS
        kinds = zip(self.segments, self.ends, data.by_kind, strict=True)
        for segment, end, (seg_x, seg_y, end_x, end_y) in kinds:
            if end_x.size == 0:
                segment.setData([], [])
                end.setData([], [])
                continue
            segment.setData(seg_x, seg_y)
            if show_dots:
                end.setData(end_x, end_y)
            else:
                end.setData([], [])
        drop = data.drop
        at, week, month = data.trends
        self.trend_week.setData(at, week)
        self.trend_month.setData(at, month)
        self._set_pens()
        self.plot.setXRange(*x_range, padding=0.02)
        low = float(np.nanmin(drop)) if drop.size else 0.0
        high = float(np.nanmax(drop)) if drop.size else 1.0
        self.trend.setYRange(min(0.0, low), max(1.0, high), padding=0.1)
        bottom, top = int(np.floor(min(0.0, low))), int(np.ceil(max(1.0, high)))
        step = max(1, (top - bottom + 4) // 5)  # five lines or so, on whole points
        self.trend_grid.place([float(v) for v in range(bottom - bottom % step, top + 1, step)])
        self._update_legend()
        kind_names = known_kinds()
        self.panel.set_table(
            f"{len(data.started):,} rated sessions; on average distress came down by "
            f"{stats.points(float(np.nanmean(drop)))}.",
            ("Date", "Practice", "Before", "After"),
            [(_day(t), kind_words(kind_names[int(k)]) if int(k) < len(kind_names) else "Other",
              f"{b:g}", f"{a:g}")
             for t, k, b, a in zip(data.started, data.kind_codes, data.before, data.after,
                                   strict=True)])

    # -- weeks or months -----------------------------------------------------------------

    def _clear_bands(self) -> None:
        for low, high, middle, fill in self.bands.values():
            for item in (low, high, middle):
                item.setData([], [])
            fill.setVisible(False)  # a fill keeps its last shape when its curves empty

    def _make_bands(self) -> None:
        for which, plot in (("before", self.plot), ("after", self.plot), ("drop", self.trend)):
            low, high = pg.PlotDataItem(), pg.PlotDataItem()
            middle = pg.PlotDataItem(symbol="o", symbolSize=5)
            fill = pg.FillBetweenItem(low, high)
            for item in (fill, low, high, middle):
                plot.addItem(item)
            self.bands[which] = (low, high, middle, fill)

    def _draw_summary(self, summary: stats.PeriodSummary, x_range: tuple[float, float]) -> None:
        if not self.bands:
            self._make_bands()
        for item in (*self.segments, *self.ends, self.trend_week, self.trend_month):
            item.setData([], [])
        have = np.flatnonzero(summary.counts > 0)
        self._present = have
        x = summary.centres[have]
        for which, values in (("before", summary.before), ("after", summary.after),
                              ("drop", summary.drop)):
            low, high, middle, fill = self.bands[which]
            low.setData(x, values[have, 0])
            high.setData(x, values[have, 2])
            middle.setData(x, values[have, 1])
            fill.setVisible(True)
        self._set_band_pens()
        self.plot.setXRange(*x_range, padding=0.02)
        drop = summary.drop[have]
        low_y = min(0.0, float(np.nanmin(drop[:, 0]))) if have.size else 0.0
        high_y = max(1.0, float(np.nanmax(drop[:, 2]))) if have.size else 1.0
        self.trend.setYRange(low_y, high_y, padding=0.1)
        bottom, top = int(np.floor(low_y)), int(np.ceil(high_y))
        step = max(1, (top - bottom + 4) // 5)
        self.trend_grid.place([float(v) for v in range(bottom - bottom % step, top + 1, step)])
        self._update_legend()
        word = self.unit
        self.panel.set_table(
            f"{int(summary.counts.sum()):,} rated sessions in {have.size:,} {word}s. "
            + self._overall_words(summary),
            (word.capitalize(), "Sessions", "Typically before", "Typically after",
             "Came down by", "Middle half after"),
            [(self._period_name(int(i)), int(summary.counts[i]), _num(summary.before[i, 1]),
              _num(summary.after[i, 1]), _num(summary.drop[i, 1]),
              f"{_num(summary.after[i, 0])}–{_num(summary.after[i, 2])}") for i in have])

    def _overall_words(self, summary: stats.PeriodSummary) -> str:
        have = summary.counts > 0
        if not have.any():
            return ""
        first, last = np.flatnonzero(have)[[0, -1]]
        return (f"Typically from {_num(summary.before[first, 1])} to "
                f"{_num(summary.after[first, 1])} in the first {self.unit}, and from "
                f"{_num(summary.before[last, 1])} to {_num(summary.after[last, 1])} in the "
                f"latest.")

    def _period_name(self, index: int) -> str:
        assert self.summary is not None
        start = float(self.summary.starts[index])
        if self.unit == "month":
            return time.strftime("%B %Y", time.localtime(start))
        return "Week of " + _day(start)

    def period_words(self, index: int) -> str:
        """What a week (or month) held, in words: for hover, keys and screen readers."""
        s = self.summary
        assert s is not None
        n = int(s.counts[index])
        return (f"{self._period_name(index)}: {n} rated session{'s' if n != 1 else ''}; "
                f"typically from {_num(s.before[index, 1])} to {_num(s.after[index, 1])}, "
                f"the middle half landing between {_num(s.after[index, 0])} and "
                f"{_num(s.after[index, 2])}.")

    def _set_band_pens(self) -> None:
        quiet = self.colours.muted
        colours = {"before": quiet, "after": self.colours.accent, "drop": self.colours.accent}
        for which, (low, high, middle, fill) in self.bands.items():
            colour = colours[which]
            edge = pg.mkPen(faded(colour, 70), width=1)
            low.setPen(edge)
            high.setPen(edge)
            fill.setBrush(pg.mkBrush(faded(colour, 45 if which == "before" else 60)))
            middle.setPen(pg.mkPen(colour, width=2.5,
                                   style=Qt.PenStyle.DashLine if which == "before"
                                   else Qt.PenStyle.SolidLine))
            middle.setSymbolBrush(pg.mkBrush(colour))
            middle.setSymbolPen(pg.mkPen(self.colours.background, width=1))
            many = self.summary is not None and self._present.size > 120
            middle.setSymbol(None if many else "o")

    def kinds_present(self) -> list[int]:
        return sorted({int(c) for c in np.unique(self.data.kind_codes)})

    # -- look --------------------------------------------------------------------------

    def apply_colours(self, colours: ChartColours) -> None:
        self.colours = colours
        self.view.setBackground(colours.background)
        for plot in (self.plot, self.trend):
            _style_plot(plot, colours)
        self._set_pens()
        self.highlight.setPen(pg.mkPen(colours.text, width=2))
        self.highlight.setBrush(pg.mkBrush(None))
        self.zero.setPen(pg.mkPen(colours.muted, width=1, style=Qt.PenStyle.DotLine))
        self.grid.set_colour(colours.text)
        self.trend_grid.set_colour(colours.text)
        self.trend_week.setPen(pg.mkPen(colours.text, width=1.5, style=Qt.PenStyle.DashLine))
        self.trend_month.setPen(pg.mkPen(colours.accent, width=3.5))
        self._set_band_pens()
        self._update_legend()

    def _set_pens(self) -> None:
        # Thick lines read well for a few weeks; for years of sessions, hairlines (a
        # 1-pixel pen is also several times faster to draw).
        many = len(self.data) > MAX_END_DOTS
        for code, (segment, end) in enumerate(zip(self.segments, self.ends, strict=True)):
            colour = self.colours.kind_code(code)
            # Thousands of see-through hairlines read as a density: where most sessions
            # began and ended, with no one kind painted over the rest.
            segment.setPen(pg.mkPen(faded(colour, 40) if many else colour,
                                    width=1 if many else 3))
            end.setSymbolBrush(pg.mkBrush(colour))
            end.setSymbolPen(pg.mkPen(self.colours.background, width=1))

    def _update_legend(self) -> None:
        if self.summary is not None:
            unit = self.unit
            self.legend.setText(
                f"Each {unit}: a line through the typical session, a band round the middle "
                "half. "
                f'<span style="color:{self.colours.muted.name()}"><b>╍╍</b></span>'
                "&nbsp;before&nbsp;practice&nbsp;&nbsp; "
                f'<span style="color:{self.colours.accent.name()}"><b>━━</b></span>'
                "&nbsp;after&nbsp;practice")
            return
        kinds = known_kinds()

        def whole(words: str) -> str:
            """Keeps one entry on one line: a narrow chart wraps between entries."""
            return words.replace(" ", "&nbsp;").replace("-", "&#8209;")

        parts = [
            f'<span style="color:{self.colours.kind_code(c).name()}">&#9632;</span>&nbsp;'
            f"{whole(kind_words(kinds[c]) if c < len(kinds) else 'Other')}"
            for c in self.kinds_present()
        ]
        parts.append(
            f'<span style="color:{self.colours.accent.name()}"><b>━━</b></span>&nbsp;'
            + whole("came down by, over 30 days")
        )
        parts.append("<b>╍╍</b>&nbsp;" + whole("over 7 days"))
        explain = (
            "Each line is one session, from how you felt before to after (the dot)."
            if len(self.data) <= MAX_END_DOTS else
            "Each faint line is one session, from before to after; where many sessions "
            "overlap, the colour deepens."
        )
        self.legend.setText(explain + "<br>" + "&nbsp;&nbsp; ".join(parts))

    # -- hover, click, keys ----------------------------------------------------------------

    def session_near(self, scene_pos: QPointF) -> int | None:
        """Index into the data of the session under a point of the scene, if any."""
        if not self.plot.sceneBoundingRect().contains(scene_pos) or len(self.data) == 0:
            return None
        point = self.plot.vb.mapSceneToView(scene_pos)
        if self.summary is not None:  # the week (or month) under the pointer
            if self._present.size == 0:
                return None
            centres, x = self._present_centres(), point.x()
            i = int(centres.searchsorted(x))
            if i == 0 or i == centres.size:
                return min(i, centres.size - 1)
            # The nearer of the two either side (the earlier one when halfway).
            return i - 1 if x - centres[i - 1] <= centres[i] - x else i
        pixel = self.plot.vb.viewPixelSize()
        return nearest_segment(self.data, point.x(), point.y(), pixel[0], pixel[1])

    def _present_centres(self) -> np.ndarray:
        """The middle of each week (or month) on show, worked out once a summary."""
        assert self.summary is not None
        if self._centres is None:
            self._centres = self.summary.centres[self._present]
        return self._centres

    def hover_at(self, scene_pos: QPointF) -> str:
        """Select the session under a point and return its description ("" if none)."""
        index = self.session_near(scene_pos)
        if index is None:
            return ""
        self.select(index)
        return self.detail.text()

    def _count(self) -> int:
        return int(self._present.size) if self.summary is not None else len(self.data)

    def select(self, index: int | None) -> None:
        if index is None or not 0 <= index < self._count():
            return
        if index == self.selected and self.highlight.isVisible():
            return  # the pointer moved within the same session (or week): all in place
        self.selected = index
        if self.summary is not None:
            period = int(self._present[index])
            self.highlight.setPos(float(self._present_centres()[index]),
                                  float(self.summary.after[period, 1]))
            self.highlight.show()
            self.detail.setText(self.description(index))
            return
        self.highlight.setPos(float(self.data.started[index]), float(self.data.after[index]))
        self.highlight.show()
        self.detail.setText(self.description(index).replace("\n", " · "))

    def description(self, index: int) -> str:
        """What the details say about session `index` (asked once while the data stays);
        with weeks or months on show, about that period."""
        if self.summary is not None:
            period = int(self._present[index])
            if period not in self._period_texts:
                self._period_texts[period] = self.period_words(period)
            return self._period_texts[period]
        session_id = int(self.data.ids[index])
        if session_id not in self._descriptions:
            self._descriptions[session_id] = self._describe(session_id)
        return self._descriptions[session_id]

    def _mouse_moved(self, scene_pos: QPointF) -> None:
        index = self.session_near(scene_pos)
        if index is None:
            QToolTip.hideText()
            return
        if index != self.selected:
            self.select(index)
        QToolTip.showText(QCursor.pos(), self.description(index), self.view)

    def _mouse_clicked(self, event: object) -> None:
        button = getattr(event, "button", lambda: None)()
        if button != Qt.MouseButton.LeftButton:
            return
        index = self.session_near(event.scenePos())  # type: ignore[attr-defined]
        if index is not None and self.summary is not None:
            self.select(index)  # a week is described, not opened
        elif index is not None:
            self.select(index)
            self.session_activated.emit(int(self.data.ids[index]))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._key(event.key())
        return super().eventFilter(watched, event)

    def _key(self, key: int) -> bool:
        n = self._count()
        if n == 0:
            return False
        current = self.selected
        moves = {
            Qt.Key.Key_Left: (n - 1) if current is None else max(0, current - 1),
            Qt.Key.Key_Right: (n - 1) if current is None else min(n - 1, current + 1),
            Qt.Key.Key_Home: 0,
            Qt.Key.Key_End: n - 1,
        }
        if key in moves:
            self.select(moves[Qt.Key(key)])
            announce(self.view, self.detail.text())  # the session reached, said aloud
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and current is not None \
                and self.summary is None:
            self.session_activated.emit(int(self.data.ids[current]))
            return True
        return False


# -- 2. what helps me --------------------------------------------------------------------------


class HelpsChart(QWidget):
    """Average drop per practice, with its spread and the number of sessions behind it."""

    EMPTY = (
        "This is where practices are compared, once you have rated some.\n\n"
        "Before and after a practice, rate your distress from 0 to 10. Each practice then "
        "shows its average drop here, with how many sessions it rests on, so one good day "
        "doesn't look like a rule."
    )

    NOTE = ("The thin line across each bar shows how much it varied from one session to "
            f"the next. A practice gets its bar after {MIN_FOR_HELPS_CHART} rated sessions, "
            "so one good (or hard) day doesn't look like a rule.")

    def __init__(self) -> None:
        super().__init__()
        self.practices = Practices([], [], stats.summarize_moments([], [], []))
        self.view = make_graphics("What helps me: average drop per practice")
        self.plot = new_plot(self.view.ci, 0, 0, date_axis=False)
        axis_title(self.plot, "bottom", "How much you came down, on average (points of 10)",
                   "Came down, on average (points)", "Came down (points)")
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.showGrid(x=True, y=False, alpha=0.15)
        self.bars = pg.BarGraphItem(x0=[], y=[], width=[], height=0.6)
        self.errors = pg.ErrorBarItem(x=np.zeros(0), y=np.zeros(0), beam=0.18)
        self.plot.addItem(self.bars)
        self.plot.addItem(self.errors)
        self.count_labels: list[pg.TextItem] = []
        self.note = QLabel(self.NOTE)
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        self.note.setContentsMargins(space("m"), space("xs"), space("m"), space("s"))
        inner = QWidget()
        box = QVBoxLayout(inner)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.view, 1)
        box.addWidget(self.note)
        self.panel = ChartPanel(inner, "What helps me")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)
        self.colours = colours_from(self)
        self.apply_colours(self.colours)

    def set_data(self, practices: Practices, empty_hint: str) -> None:
        self.practices = practices
        few = self.too_few_yet()
        self.note.setText(self.NOTE + (f" Too few yet to show: {few}." if few else ""))
        if not self.shown()[0]:
            self.panel.show_message(self.EMPTY + (f"\n\nToo few yet: {few}." if few else "")
                                    + empty_hint)
            return
        self.panel.show_chart()
        self._draw()

    def _solid(self) -> np.ndarray:
        """Practices with enough sessions behind them for a bar (one session must not
        fill the chart)."""
        return np.flatnonzero(self.practices.summary.counts >= MIN_FOR_HELPS_CHART)

    def too_few_yet(self) -> str:
        p = self.practices
        few = np.flatnonzero(p.summary.counts < MIN_FOR_HELPS_CHART)
        return ", ".join(f"{p.names[i]} ({int(p.summary.counts[i])})" for i in few)

    def shown(self) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
        """Names, means, spreads and counts of the bars drawn, best first."""
        p = self.practices
        keep = self._solid()[:MAX_PRACTICE_BARS]
        s = p.summary
        return [p.names[i] for i in keep], s.means[keep], s.spreads[keep], s.counts[keep]

    def _draw(self) -> None:
        names, means, spreads, counts = self.shown()
        n = len(names)
        positions = np.arange(n - 1, -1, -1, dtype=float)  # best at the top
        kinds = [self.practices.kinds[i] for i in self._solid()[:n]]
        solid = [c >= stats.MIN_SESSIONS_FOR_BEST for c in counts]
        brushes = [
            pg.mkBrush(self.colours.kind(k) if ok else faded(self.colours.kind(k), 60))
            for k, ok in zip(kinds, solid, strict=True)
        ]
        # A thin bar rests on few sessions: pale, but outlined so its colour still reads.
        pens = [
            pg.mkPen(None) if ok else pg.mkPen(self.colours.kind(k), width=1.5)
            for k, ok in zip(kinds, solid, strict=True)
        ]
        self.bars.setOpts(x0=np.zeros(n), y=positions, width=means, height=0.6,
                          brushes=brushes, pens=pens)
        spread = np.nan_to_num(spreads, nan=0.0)
        self.errors.setData(x=means, y=positions, left=spread, right=spread, beam=0.18,
                            pen=pg.mkPen(self.colours.text, width=1.5))
        for label in self.count_labels:
            self.plot.removeItem(label)
        self.count_labels = []
        right_edge = means + spread
        for pos, edge, count in zip(positions, right_edge, counts, strict=True):
            label = pg.TextItem(
                f"{int(count):,} session" + ("" if count == 1 else "s"),
                color=self.colours.muted, anchor=(0, 0.5),
            )
            label.setPos(max(float(edge), 0.0) + 0.15, float(pos))
            self.plot.addItem(label)
            self.count_labels.append(label)
        name_ticks(self.plot, positions.tolist(), names)
        # Every practice's name readable, however many (the axis and its title below).
        self.view.setMinimumHeight(max(CHART_LEAST_PX, n * BAR_ROW_PX + 4 * BAR_ROW_PX))
        self.view.setAccessibleDescription(
            "How much you came down, on average, per practice. " + "; ".join(
            f"{name}: {stats.points(float(m))} over {int(c):,} "
            + ("session" if c == 1 else "sessions")
            for name, m, c in zip(names, means, counts, strict=True)
        ))
        self.panel.set_table(self.view.accessibleDescription(),
                             ("Practice", "Came down by, on average", "Spread", "Sessions"),
                             [(name, stats.points(float(m)), stats.points(float(s)), int(c))
                              for name, m, s, c in zip(names, means, np.nan_to_num(spreads),
                                                       counts, strict=True)])
        low = min(0.0, float(np.min(means - spread)))
        high = max(1.0, float(np.max(right_edge)))
        # Room on the right for "40 sessions" after the longest bar, on a narrow window too.
        self.plot.setXRange(low - 0.2, high + 0.2 + 0.4 * (high - low), padding=0)
        self.plot.setYRange(-0.6, n - 0.4, padding=0)

    def apply_colours(self, colours: ChartColours) -> None:
        self.colours = colours
        self.view.setBackground(colours.background)
        _style_plot(self.plot, colours)
        if len(self.practices) and self.panel.showing_chart:
            self._draw()


# -- 3. how I've felt ----------------------------------------------------------------------------


class FeltChart(QWidget):
    """Check-in distress over time, and the feelings named most in the range."""

    EMPTY_CHECKINS = (
        "Your check-ins will show here as a line over time.\n\n"
        "Use Check in whenever you like to rate how you feel from 0 to 10; "
        "there is no right number and no need to do it every day."
    )
    EMPTY_FEELINGS = (
        "The feelings you name most will show here.\n\n"
        "When you check in or fill in a worksheet, you can pick words for what you feel."
    )

    def __init__(self) -> None:
        super().__init__()
        self.checkin_view = make_graphics("Check-in distress over time")
        self.line_plot = new_plot(self.checkin_view.ci, 0, 0, date_axis=True)
        plot_title(self.line_plot, "Distress at check-in", "At check-in")
        axis_title(self.line_plot, "left", "Distress (0–10)", "Distress")
        axis_title(self.line_plot, "bottom", "Date")
        self.line_plot.setMouseEnabled(x=True, y=False)
        self.line_plot.setYRange(-0.6, 10.6, padding=0)
        self.line_plot.getAxis("left").setTicks([[(v, str(v)) for v in range(0, 11, 2)]])
        self.line = pg.PlotDataItem(skipFiniteCheck=True)
        self.line_plot.addItem(self.line)
        self.feelings_view = make_graphics("Feelings named most")
        self.bar_plot = new_plot(self.feelings_view.ci, 0, 0, date_axis=False)
        plot_title(self.bar_plot, "Feelings named most", "Named most")
        axis_title(self.bar_plot, "bottom", "Times named")
        self.bar_plot.setMouseEnabled(x=False, y=False)
        self.bars = pg.BarGraphItem(x0=[], y=[], width=[], height=0.6)
        self.bar_plot.addItem(self.bars)
        self.checkin_panel = ChartPanel(self.checkin_view, "Check-ins over time")
        self.feelings_panel = ChartPanel(self.feelings_view, "Feelings named most")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.checkin_panel, 3)
        layout.addWidget(self.feelings_panel, 2)
        # Side by side, a narrow window left the feelings' summary a word a line.
        StackWhenNarrow(self, layout, below=FELT_SIDE_BY_SIDE_PX)
        self.checkins = CheckIns(np.empty(0, np.int64), np.empty(0), np.empty(0))
        self.words: list[tuple[str, int]] = []
        self.colours = colours_from(self)
        self.apply_colours(self.colours)

    def set_data(
        self, checkins: CheckIns, words: list[tuple[str, int]],
        x_range: tuple[float, float], empty_hint: str,
    ) -> None:
        self.checkins = checkins
        self.words = words
        if len(checkins) == 0:
            self.checkin_panel.show_message(self.EMPTY_CHECKINS + empty_hint)
            self.line.setData([], [])
        else:
            self.checkin_panel.show_chart()
            self.line.setData(checkins.started, checkins.distress)
            self.checkin_view.setAccessibleDescription(
                f"{len(checkins):,} check-ins; on average "
                f"{float(np.mean(checkins.distress)):.1f} of 10; the latest "
                f"{int(checkins.distress[-1])} of 10."
            )
            self.checkin_panel.set_table(
                self.checkin_view.accessibleDescription(), ("Date", "Distress (0–10)"),
                [(_day(t), int(d)) for t, d in zip(checkins.started, checkins.distress,
                                                    strict=True)])
            self._style_line()
            self.line_plot.setXRange(*x_range, padding=0.02)
        if not words:
            self.feelings_panel.show_message(self.EMPTY_FEELINGS)
        else:
            self.feelings_panel.show_chart()
            self._draw_words()

    def _style_line(self) -> None:
        colour = self.colours.kind(SessionKind.CHECKIN)
        dots = len(self.checkins) <= MAX_END_DOTS
        self.line.setPen(pg.mkPen(colour, width=2))
        self.line.setSymbol("o" if dots else None)
        self.line.setSymbolSize(7)
        self.line.setSymbolBrush(pg.mkBrush(colour))
        self.line.setSymbolPen(pg.mkPen(self.colours.background, width=1))

    def _draw_words(self) -> None:
        n = len(self.words)
        self.feelings_view.setAccessibleDescription("Feelings named most: " + ", ".join(
            f"{word} ({count:,})" for word, count in self.words
        ))
        self.feelings_panel.set_table(self.feelings_view.accessibleDescription(),
                                      ("Feeling", "Times named"), self.words)
        positions = np.arange(n - 1, -1, -1, dtype=float)
        counts = np.array([c for _, c in self.words], dtype=float)
        self.bars.setOpts(x0=np.zeros(n), y=positions, width=counts, height=0.6,
                          brush=pg.mkBrush(self.colours.kind(SessionKind.TIMER)),
                          pen=pg.mkPen(None))
        name_ticks(self.bar_plot, positions.tolist(), [w for w, _ in self.words])
        top = max(1.0, float(counts.max()))
        step = max(1, int(np.ceil(top / 6)))  # whole numbers: a feeling is named or not
        self.bar_plot.getAxis("bottom").setTicks(
            [[(v, str(v)) for v in range(0, int(top) + step, step)], []]
        )
        self.bar_plot.setXRange(0, top * 1.08, padding=0)
        self.bar_plot.setYRange(-0.6, n - 0.4, padding=0)

    def apply_colours(self, colours: ChartColours) -> None:
        self.colours = colours
        for view, plot in ((self.checkin_view, self.line_plot),
                           (self.feelings_view, self.bar_plot)):
            view.setBackground(colours.background)
            _style_plot(plot, colours)
        self._style_line()
        if self.words:
            self._draw_words()


# -- 4. when -------------------------------------------------------------------------------------


class WhenChart(QWidget):
    """Sessions and average drop by hour of day and by day of the week."""

    EMPTY = (
        "Once you have a few sessions in this range, this shows the hours and days you "
        "practise, and when it tends to help most.\n\n"
        "It's not a timetable to keep — just a way to notice what suits you."
    )

    def __init__(self) -> None:
        super().__init__()
        self.view = make_graphics("When: sessions and average drop by hour and weekday",
                                  GRID_LEAST_PX)
        layout_ci = self.view.ci
        self.hour_count = new_plot(layout_ci, 0, 0, date_axis=False)
        self.day_count = new_plot(layout_ci, 0, 1, date_axis=False)
        self.hour_drop = new_plot(layout_ci, 1, 0, date_axis=False)
        self.day_drop = new_plot(layout_ci, 1, 1, date_axis=False)
        plot_title(self.hour_count, "Sessions by hour of day", "Sessions by hour", "By hour")
        plot_title(self.day_count, "Sessions by day of the week", "Sessions by day", "By day")
        plot_title(self.hour_drop, "How much you came down, by hour", "Came down, by hour",
                   "By hour")
        plot_title(self.day_drop, "How much you came down, by day", "Came down, by day",
                   "By day")
        for plot in (self.hour_count, self.hour_drop):
            hour_axis(plot)
        for plot in (self.day_count, self.day_drop):
            weekday_axis(plot)
        axis_title(self.hour_count, "left", "Sessions")
        axis_title(self.hour_drop, "left", "Came down by", "Came down")
        self.plots = (self.hour_count, self.day_count, self.hour_drop, self.day_drop)
        for plot in self.plots:
            plot.setMouseEnabled(x=False, y=False)
        self.bars = [pg.BarGraphItem(x=[], height=[], width=0.7) for _ in self.plots]
        for plot, bars in zip(self.plots, self.bars, strict=True):
            plot.addItem(bars)
        self.tod: stats.TimeOfDay | None = None
        self.panel = ChartPanel(self.view, "When")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)
        self.colours = colours_from(self)
        self.apply_colours(self.colours)

    def set_data(self, tod: stats.TimeOfDay, empty_hint: str) -> None:
        self.tod = tod
        if int(tod.sessions_by_hour.sum()) < MIN_FOR_WHEN_CHART:
            self.panel.show_message(self.EMPTY + empty_hint)
            return
        self.panel.show_chart()
        self._draw()

    def _draw(self) -> None:
        tod = self.tod
        if tod is None:
            return
        busiest_hour = int(np.argmax(tod.sessions_by_hour))
        busiest_day = stats.WEEKDAY_NAMES[int(np.argmax(tod.sessions_by_weekday))]
        self.view.setAccessibleDescription(
            f"Most sessions between {busiest_hour:02d}:00 and {(busiest_hour + 1) % 24:02d}:00, "
            f"and on {busiest_day}."
        )
        hours = [(f"{h:02d}:00–{(h + 1) % 24:02d}:00", int(n),
                  "" if np.isnan(m) else stats.points(float(m)))
                 for h, (n, m) in enumerate(zip(tod.sessions_by_hour, tod.drop_by_hour.means,
                                                strict=True)) if n]
        days = [(stats.WEEKDAY_NAMES[d], int(n), "" if np.isnan(m) else stats.points(float(m)))
                for d, (n, m) in enumerate(zip(tod.sessions_by_weekday,
                                               tod.drop_by_weekday.means, strict=True)) if n]
        self.panel.set_table(self.view.accessibleDescription(),
                             ("When", "Sessions", "Average drop"), hours + days)
        count_colour = self.colours.kind(SessionKind.CHECKIN)
        drop_colour = self.colours.kind(SessionKind.BREATHING)
        series: Sequence[tuple[np.ndarray, np.ndarray | None]] = (
            (tod.sessions_by_hour.astype(float), None),
            (tod.sessions_by_weekday.astype(float), None),
            (np.nan_to_num(tod.drop_by_hour.means), tod.drop_by_hour.counts),
            (np.nan_to_num(tod.drop_by_weekday.means), tod.drop_by_weekday.counts),
        )
        for index, (plot, bars, (heights, counts)) in enumerate(
            zip(self.plots, self.bars, series, strict=True)
        ):
            colour = count_colour if index < 2 else drop_colour
            solid = [counts is None or c >= stats.MIN_SESSIONS_FOR_BEST or c == 0
                     for c in (counts if counts is not None else heights)]
            brushes = [pg.mkBrush(colour if ok else faded(colour, 60)) for ok in solid]
            pens = [pg.mkPen(None) if ok else pg.mkPen(colour, width=1.5) for ok in solid]
            bars.setOpts(x=np.arange(heights.size), height=heights, width=0.7,
                         brushes=brushes, pens=pens)
            top = float(heights.max()) if heights.size else 1.0
            low = min(0.0, float(heights.min()) if heights.size else 0.0)
            plot.setYRange(low, max(1.0, top) * 1.1, padding=0)
            if index < 2:  # sessions are counted in whole numbers
                whole_number_ticks(plot, "left", top)

    def apply_colours(self, colours: ChartColours) -> None:
        self.colours = colours
        self.view.setBackground(colours.background)
        for plot in self.plots:
            _style_plot(plot, colours)
        if self.tod is not None and self.panel.showing_chart:
            self._draw()
