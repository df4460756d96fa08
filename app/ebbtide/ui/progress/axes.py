"""What every Progress chart's axes share: tick numbers in the type scale's caption size,
axis and plot titles that give way on a small window (a short form, then none, rather
than running over the tick numbers or a neighbouring chart), whole-number ticks on
counts, and the hour-of-day and weekday axes. charts.py and coming_back.py both use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontMetrics

from ebbtide.core import stats
from ebbtide.ui.theme import font, space

TICK_STYLE = "caption"  # tick numbers: small print, as on a printed chart
TITLE_STYLE = "body"  # a plot's own title ("Sessions by hour of day")
NARROW_PLOT_PX = 260  # a plot narrower than this gets fewer ticks along the bottom
_TITLES = "_ebbtide_titles"  # the titles a plot was given, kept on the plot item


@dataclass
class _Titles:
    """A plot's titles, each with the forms it may take, longest first."""

    axes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    plot: tuple[str, ...] = ()
    shown: dict[str, str] = field(default_factory=dict)  # what is on show now
    colour: QColor | None = None


def new_plot(layout: pg.GraphicsLayout, row: int, col: int, date_axis: bool,
             grid: bool = True) -> pg.PlotItem:
    axes = {"bottom": pg.DateAxisItem(orientation="bottom")} if date_axis else {}
    # No menu: made and never shown, it would cost a few milliseconds every opening.
    plot: pg.PlotItem = layout.addPlot(row=row, col=col, axisItems=axes, enableMenu=False)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    if grid:
        plot.showGrid(x=False, y=True, alpha=0.15)
    tick_font = font(TICK_STYLE)
    for name in ("left", "bottom"):
        plot.getAxis(name).setStyle(tickFont=tick_font, tickTextOffset=space("xs"))
    setattr(plot, _TITLES, _Titles())
    plot.vb.sigResized.connect(lambda _vb: fit_titles(plot))
    _title_never_widens(plot.titleLabel)
    return plot


def _title_never_widens(label: pg.LabelItem) -> None:
    """pyqtgraph makes a title's words the plot's least width again on every resize, so
    two titled plots side by side ran off the chart's right edge on a small window. Its
    height still counts; its width gives way (fit_titles picks a shorter form)."""

    def update_min() -> None:
        bounds = label.itemRect()
        label.setMinimumWidth(0)
        label.setMinimumHeight(bounds.height())
        label._sizeHint = {
            Qt.SizeHint.MinimumSize: (0, bounds.height()),
            Qt.SizeHint.PreferredSize: (bounds.width(), bounds.height()),
            Qt.SizeHint.MaximumSize: (-1, -1),
            Qt.SizeHint.MinimumDescent: (0, 0),
        }
        label.updateGeometry()

    label.updateMin = update_min


def _titles(plot: pg.PlotItem) -> _Titles:
    titles = getattr(plot, _TITLES, None)
    if titles is None:  # a plot made elsewhere: give it the same behaviour
        titles = _Titles()
        setattr(plot, _TITLES, titles)
        plot.vb.sigResized.connect(lambda _vb: fit_titles(plot))
    return titles


def axis_title(plot: pg.PlotItem, side: str, *forms: str) -> None:
    """Title an axis: the first of `forms` that fits along it, else none."""
    _titles(plot).axes[side] = forms
    _titles(plot).shown.pop(side, None)
    fit_titles(plot)


def plot_title(plot: pg.PlotItem, *forms: str) -> None:
    """Title a plot: the first of `forms` that fits across it, else the last."""
    _titles(plot).plot = forms
    _titles(plot).shown.pop("title", None)
    fit_titles(plot)


def style_axes(plot: pg.PlotItem, text: QColor, lines: QColor) -> None:
    """The axes' colours (the theme's), and the titles again in them."""
    titles = _titles(plot)
    titles.colour = QColor(text)
    titles.shown.clear()  # drawn again, in the new colour
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(lines))
        axis.setTextPen(pg.mkPen(text))
    fit_titles(plot)


def _fits(words: str, style: str, room: float) -> bool:
    return QFontMetrics(font(style)).horizontalAdvance(words) + space("s") <= room


def fit_titles(plot: pg.PlotItem) -> None:
    """Choose each title's form for the room the plot has now (called on every resize)."""
    titles = _titles(plot)
    rect = plot.vb.sceneBoundingRect()
    colour = titles.colour.name() if titles.colour is not None else None
    for side, forms in titles.axes.items():
        room = rect.height() if side in ("left", "right") else rect.width()
        chosen = next((f for f in forms if _fits(f, TICK_STYLE, room)), "")
        if titles.shown.get(side) == chosen:
            continue
        titles.shown[side] = chosen
        axis = plot.getAxis(side)
        if chosen:
            axis.setLabel(chosen, **({"color": colour} if colour else {}))
            axis.label.setFont(font(TICK_STYLE))
            axis.showLabel(True)
        else:
            axis.showLabel(False)
    if titles.plot:
        room = rect.width()  # centred over the plotting area, not over the axis too
        chosen = next((f for f in titles.plot if _fits(f, TITLE_STYLE, room)), titles.plot[-1])
        if titles.shown.get("title") != chosen:
            titles.shown["title"] = chosen
            # setTitle also gives the title its row (a plot starts without one).
            plot.setTitle(chosen, **({"color": colour} if colour else {}))
            plot.titleLabel.item.setFont(font(TITLE_STYLE))
            plot.titleLabel.updateMin()
    narrow = plot.sceneBoundingRect().width() < NARROW_PLOT_PX
    ticks = getattr(plot, "_ebbtide_bottom_ticks", None)
    if ticks is not None:
        plot.getAxis("bottom").setTicks([ticks[1] if narrow else ticks[0]])


def _bottom_ticks(plot: pg.PlotItem, wide: list[tuple[float, str]],
                  narrow: list[tuple[float, str]]) -> None:
    plot._ebbtide_bottom_ticks = (wide, narrow)  # fewer on a narrow plot (fit_titles)
    plot.getAxis("bottom").setTicks([wide])
    fit_titles(plot)


def hour_axis(plot: pg.PlotItem) -> None:
    """Hours of the day along the bottom: every three hours, every six on a narrow plot."""
    _bottom_ticks(plot, [(h, f"{h:02d}") for h in range(0, 24, 3)],
                  [(h, f"{h:02d}") for h in range(0, 24, 6)])
    plot.setXRange(-0.7, 23.7, padding=0)


def weekday_axis(plot: pg.PlotItem) -> None:
    """Days of the week along the bottom ("Mon"; "M" on a narrow plot)."""
    _bottom_ticks(plot, list(enumerate(stats.WEEKDAY_NAMES)),
                  [(n, name[0]) for n, name in enumerate(stats.WEEKDAY_NAMES)])
    plot.setXRange(-0.7, 6.7, padding=0)


def whole_number_ticks(plot: pg.PlotItem, axis: str, top: float) -> None:
    """Ticks at whole numbers on an axis that counts things (no "2.5 sessions")."""
    step = max(1, int(np.ceil(max(1.0, top) / 5)))
    plot.getAxis(axis).setTicks([[(v, str(v)) for v in range(0, int(top) + step + 1, step)],
                                 []])


def name_ticks(plot: pg.PlotItem, positions: list[float], names: list[str],
               longest: int = 22) -> None:
    """Names down the left (practices, feelings, tags), cut to `longest` characters."""
    cut = [n if len(n) <= longest else n[:longest - 1] + "…" for n in names]
    plot.getAxis("left").setTicks([list(zip(positions, cut, strict=True))])
