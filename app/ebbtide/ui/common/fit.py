"""Tabs that fit a small window: the tab names shorten when the full ones don't fit the
bar, and the tabs ask for the height their current page needs at this width (its
wrapped words included), so the page scrolls on a small window instead of squeezing a
chart's words over each other."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

DEFAULT_SPACING = 6


def least_height(widget: QWidget | None, width: int) -> int:
    """The least height `widget` needs at `width` without squeezing: its minimum, with
    wrapped words at the lines they take at that width (Qt's minimum counts one line)."""
    if widget is None or widget.isHidden():
        return 0
    own = max(widget.minimumHeight(), widget.minimumSizeHint().height())
    if isinstance(widget, QTabWidget):
        bar = widget.tabBar().sizeHint().height()
        return max(widget.minimumHeight(), bar + 4 + least_height(widget.currentWidget(), width))
    if isinstance(widget, QStackedWidget):
        return max(widget.minimumHeight(), least_height(widget.currentWidget(), width))
    if isinstance(widget, QLabel):
        return max(own, widget.heightForWidth(width)) if widget.wordWrap() else own
    layout = widget.layout()
    if layout is None or isinstance(widget, QAbstractScrollArea):
        return own
    return max(widget.minimumHeight(), _layout_least(layout, width))


def _layout_least(layout: QLayout, width: int) -> int:
    margins = layout.contentsMargins()
    inner = max(0, width - margins.left() - margins.right())
    if not isinstance(layout, QBoxLayout):
        return layout.minimumSize().height()
    heights = []
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item is None:
            continue
        child, nested = item.widget(), item.layout()
        if child is not None:
            if child.isHidden():
                continue
            along = inner if _vertical(layout) else max(1, item.geometry().width())
            heights.append(least_height(child, along))
        elif nested is not None:
            along = inner if _vertical(layout) else max(1, item.geometry().width())
            heights.append(_layout_least(nested, along))
    if not heights:
        return margins.top() + margins.bottom()
    spacing = layout.spacing() if layout.spacing() >= 0 else DEFAULT_SPACING
    body = sum(heights) + spacing * (len(heights) - 1) if _vertical(layout) else max(heights)
    return body + margins.top() + margins.bottom()


def _vertical(layout: QBoxLayout) -> bool:
    return layout.direction() in (QBoxLayout.Direction.TopToBottom,
                                  QBoxLayout.Direction.BottomToTop)


class TabsThatFit(QObject):
    """Watches `tabs`: short names (same order as the tabs) and tighter tabs when the full
    ones don't fit, and a minimum height that keeps the current page's words apart."""

    def __init__(self, tabs: QTabWidget, short_names: list[str]) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        self.full = [tabs.tabText(i) for i in range(tabs.count())]
        self.short = short_names
        self.base_minimum = tabs.minimumHeight()
        for i, name in enumerate(self.full):
            tabs.setTabToolTip(i, name)
        self._last: tuple[int, ...] | None = None  # what the last fit was for
        tabs.installEventFilter(self)
        tabs.currentChanged.connect(lambda _index: self.fit())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A new size, or new words in the page on show (another range, new sessions).
        if watched is self.tabs and event.type() in (QEvent.Type.Resize,
                                                     QEvent.Type.LayoutRequest):
            self._fit_if_changed()
        return False

    def _fit_if_changed(self) -> None:
        # A layout request comes for many reasons (a screen reader asking where a tab is
        # makes one): fitting again for the same width and page would loop for ever.
        page = self.tabs.currentWidget()
        hint = page.sizeHint() if page is not None else None
        now = (self.tabs.width(), self.tabs.currentIndex(),
               hint.width() if hint else 0, hint.height() if hint else 0)
        if now != self._last:
            self._last = now
            self.fit()

    def fit(self) -> None:
        tabs, bar = self.tabs, self.tabs.tabBar()
        metrics = bar.fontMetrics()
        # Each tab's own padding and margin, as the style sheet draws it.
        extra = bar.tabSizeHint(0).width() - metrics.horizontalAdvance(tabs.tabText(0))
        needed = sum(metrics.horizontalAdvance(name) + extra for name in self.full)
        compact = needed > tabs.width() - 8
        names = self.short if compact else self.full
        for i, name in enumerate(names):
            if tabs.tabText(i) != name:
                tabs.setTabText(i, name)
        if bool(tabs.property("compact")) != compact:
            # The theme's tighter tabs (QTabWidget[compact="true"]).
            tabs.setProperty("compact", compact)
            bar.style().unpolish(bar)
            bar.style().polish(bar)
        least = max(self.base_minimum, least_height(tabs, tabs.width()))
        if tabs.minimumHeight() != least:
            tabs.setMinimumHeight(least)


class ButtonsThatFit(QObject):
    """Watches `row` (a widget holding one row of buttons): each button shows its full
    words ("Pause (Space)") while they all fit the row, and its short words ("Pause")
    when they don't, so no button is ever cut. `hint`, if given, shows only with the
    short words: it says what the full words said (the keys)."""

    def __init__(self, row: QWidget, words: dict[QPushButton, tuple[str, str]],
                 hint: QLabel | None = None) -> None:
        super().__init__(row)
        self.row = row
        self.words = dict(words)
        self.hint = hint
        self.short = False
        row.installEventFilter(self)
        self.fit()

    def set_words(self, button: QPushButton, full: str, short: str) -> None:
        """New words for a button (a pause button that now says resume)."""
        self.words[button] = (full, short)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.row and event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        layout = self.row.layout()
        spacing = layout.spacing() if layout is not None and layout.spacing() >= 0 \
            else DEFAULT_SPACING
        margins = layout.contentsMargins() if layout is not None else None
        room = self.row.width() - (margins.left() + margins.right() if margins else 0)
        shown = [b for b in self.words if not b.isHidden()]
        needed = sum(_width_with(b, self.words[b][0]) for b in shown)
        needed += spacing * max(0, len(shown) - 1)
        self.short = needed > room
        for button, (full, short) in self.words.items():
            text = short if self.short else full
            if button.text() != text:
                button.setText(text)
            button.setToolTip(full if self.short else "")
        if self.hint is not None:
            self.hint.setVisible(self.short)


def _width_with(button: QPushButton, text: str) -> int:
    """How wide `button` asks to be with `text` on it (its padding, as styled, kept)."""
    metrics = button.fontMetrics()
    padding = button.sizeHint().width() - metrics.horizontalAdvance(button.text())
    return metrics.horizontalAdvance(text) + padding
