"""Progress's "What keeps coming back": from the trigger log (Notice & record), the tags
and urges logged most often in the range, week by week, and by hour of day and day of
the week. The same pyqtgraph look as the other charts (charts.py)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ebbtide.core import stats
from ebbtide.core.notice_stats import WEEKLY_LINES, ComingBack
from ebbtide.ui.progress.axes import (
    hour_axis,
    name_ticks,
    new_plot,
    plot_title,
    weekday_axis,
    whole_number_ticks,
)
from ebbtide.ui.progress.charts import (
    GRID_LEAST_PX,
    OKABE_ITO,
    ChartColours,
    ChartPanel,
    _style_plot,
    colours_from,
    faded,
    make_graphics,
)
from ebbtide.ui.theme import space

MIN_ENTRIES = 2  # fewer, and a kind explanation shows instead
# One colour for the person's tags and one for urges; three for the weekly lines.
TAG_COLOUR = "orange"
URGE_COLOUR = "bluish_green"
LINE_COLOURS = ("vermillion", "blue", "reddish_purple")


class ComingBackChart(QWidget):
    EMPTY = (
        "This is where what keeps coming back will show, once you have logged a few "
        "triggers in Notice & record.\n\n"
        "Your own tags (like “late reply”) and the urges you noted are counted week by "
        "week and by time of day. Patterns are easier to meet kindly once you can see them."
    )
    LOCKED = "Ebbtide is locked. Unlock it to see what keeps coming back."

    def __init__(self) -> None:
        super().__init__()
        self.data = ComingBack()
        self.view = make_graphics(
            "What keeps coming back: tags and urges logged most, by week, hour and weekday",
            GRID_LEAST_PX)
        ci = self.view.ci
        self.top_plot = new_plot(ci, 0, 0, date_axis=False)
        self.week_plot = new_plot(ci, 0, 1, date_axis=True)
        self.hour_plot = new_plot(ci, 1, 0, date_axis=False)
        self.day_plot = new_plot(ci, 1, 1, date_axis=False)
        plot_title(self.top_plot, "Logged most often", "Most often")
        plot_title(self.week_plot, "Week by week", "By week")
        plot_title(self.hour_plot, "Triggers by hour of day", "By hour")
        plot_title(self.day_plot, "Triggers by day of the week", "By day")
        self.top_plot.showGrid(x=True, y=False, alpha=0.15)
        hour_axis(self.hour_plot)
        weekday_axis(self.day_plot)
        self.plots = (self.top_plot, self.week_plot, self.hour_plot, self.day_plot)
        for plot in self.plots:
            plot.setMouseEnabled(x=False, y=False)
        self.top_bars = pg.BarGraphItem(x0=[], y=[], width=[], height=0.6)
        self.top_plot.addItem(self.top_bars)
        self.week_bars = pg.BarGraphItem(x=[], height=[], width=1.0)
        self.week_plot.addItem(self.week_bars)
        self.week_legend = self.week_plot.addLegend(offset=(8, 4))
        self.week_lines = [self.week_plot.plot([], []) for _ in range(WEEKLY_LINES)]
        self.hour_bars = pg.BarGraphItem(x=[], height=[], width=0.7)
        self.hour_plot.addItem(self.hour_bars)
        self.day_bars = pg.BarGraphItem(x=[], height=[], width=0.7)
        self.day_plot.addItem(self.day_bars)
        self.count_labels: list[pg.TextItem] = []
        self.note = QLabel(
            "Orange bars are your own tags; green ones are urges. In “Week by week” the "
            "pale bars are all triggers logged, the lines the three that come back most.")
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        self.note.setContentsMargins(space("m"), space("xs"), space("m"), space("s"))
        inner = QWidget()
        box = QVBoxLayout(inner)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.view, 1)
        box.addWidget(self.note)
        self.panel = ChartPanel(inner, "What keeps coming back")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)
        self.colours = colours_from(self)
        self.apply_colours(self.colours)

    def set_data(self, data: ComingBack | None, empty_hint: str) -> None:
        """`None` when the log cannot be read (Ebbtide is locked)."""
        if data is None:
            self.data = ComingBack()
            self.panel.show_message(self.LOCKED)
            return
        self.data = data
        if data.entries < MIN_ENTRIES:
            self.panel.show_message(self.EMPTY + empty_hint)
            return
        self.panel.show_chart()
        self._draw()

    def _draw(self) -> None:
        data, colours = self.data, self.colours
        tag, urge = _okabe(TAG_COLOUR), _okabe(URGE_COLOUR)
        n = len(data.top)
        positions = np.arange(n - 1, -1, -1, dtype=float)  # most at the top
        counts = np.array([p.count for p in data.top], dtype=float)
        self.top_bars.setOpts(
            x0=np.zeros(n), y=positions, width=counts, height=0.6,
            brushes=[pg.mkBrush(tag if p.kind == "tag" else urge) for p in data.top],
            pens=[pg.mkPen(None)] * n)
        for label in self.count_labels:
            self.top_plot.removeItem(label)
        self.count_labels = []
        for pos, count in zip(positions, counts, strict=True):
            label = pg.TextItem(f"{int(count)}", color=colours.muted, anchor=(0, 0.5))
            label.setPos(float(count) + 0.2, float(pos))
            self.top_plot.addItem(label)
            self.count_labels.append(label)
        name_ticks(self.top_plot, positions.tolist(), [p.label for p in data.top])
        high = float(counts.max()) if n else 1.0
        self.top_plot.setXRange(0, high * 1.2 + 0.5, padding=0)
        whole_number_ticks(self.top_plot, "bottom", high)
        self.top_plot.setYRange(-0.6, max(n, 1) - 0.4, padding=0)

        week_x = np.array([w.timestamp() for w in data.week_starts]) + 3.5 * 86_400
        week_width = 7 * 86_400 * 0.8
        self.week_bars.setOpts(x=week_x, height=data.per_week.astype(float), width=week_width,
                               brush=pg.mkBrush(faded(colours.muted, 70)), pen=pg.mkPen(None))
        self.week_legend.clear()
        lines = list(data.top_by_week.items())
        for index, line in enumerate(self.week_lines):
            if index < len(lines):
                name, values = lines[index]
                name_of = LINE_COLOURS[index]
                # Blue is dim on a dark background: sky blue there, as charts.py does.
                colour = _okabe("sky_blue" if name_of == "blue" and colours.dark else name_of)
                line.setData(week_x, values.astype(float),
                             pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=5,
                             symbolBrush=colour, symbolPen=None)
                self.week_legend.addItem(line, name)
            else:
                line.setData([], [])
        top_week = float(data.per_week.max()) if data.per_week.size else 1.0
        self.week_plot.setYRange(0, max(1.0, top_week) * 1.15, padding=0)
        whole_number_ticks(self.week_plot, "left", top_week)
        if week_x.size:
            self.week_plot.setXRange(week_x[0] - 4 * 86_400, week_x[-1] + 4 * 86_400,
                                     padding=0)
        for plot, bars, values in ((self.hour_plot, self.hour_bars, data.by_hour),
                                   (self.day_plot, self.day_bars, data.by_weekday)):
            bars.setOpts(x=np.arange(values.size), height=values.astype(float), width=0.7,
                         brush=pg.mkBrush(colours.accent), pen=pg.mkPen(None))
            plot.setYRange(0, max(1.0, float(values.max())) * 1.1, padding=0)
            whole_number_ticks(plot, "left", float(values.max()))
        self.view.setAccessibleDescription(describe(data))
        for legend_label in self.week_legend.items:
            legend_label[1].setText(legend_label[1].text, color=colours.text.name())

    def apply_colours(self, colours: ChartColours) -> None:
        self.colours = colours
        self.view.setBackground(colours.background)
        for plot in self.plots:
            _style_plot(plot, colours)
        if self.data.entries and self.panel.showing_chart:
            self._draw()


def _okabe(name: str) -> str:
    return OKABE_ITO[name]


def describe(data: ComingBack) -> str:
    """What a screen reader hears for the whole chart."""
    if not data.top:
        return f"{data.entries} triggers logged; no tags or urges noted in them."
    most = "; ".join(f"{p.label} ({p.kind}), {p.count} times" for p in data.top[:5])
    hour = int(np.argmax(data.by_hour))
    day = stats.WEEKDAY_NAMES[int(np.argmax(data.by_weekday))]
    return (f"{data.entries} triggers logged. Most often: {most}. Most triggers between "
            f"{hour:02d}:00 and {(hour + 1) % 24:02d}:00, and on {day}.")
