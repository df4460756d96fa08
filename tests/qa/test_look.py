"""The look a person relies on: readable muted text, visible edges and focus, a
highlighted row in drop-downs, and pages that scroll rather than squeeze."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QBoxLayout, QComboBox, QHBoxLayout, QLabel, QWidget

from ebbtide.ui import theme as theme_module
from ebbtide.ui.common.narrow import StackWhenNarrow
from ebbtide.ui.main_window import MainWindow
from ebbtide.ui.registry import PAGES

THEMES = ("light", "dark")


def _luminance(colour: str) -> float:
    c = QColor(colour)

    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF())
            + 0.0722 * channel(c.blueF()))


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture
def themed(qapp):  # type: ignore[no-untyped-def]
    """Applies a theme to the whole app for one test, then puts everything back."""
    saved = (qapp.palette(), qapp.styleSheet(), qapp.style().name(), qapp.font())
    manager = theme_module.ThemeManager(qapp)
    yield manager
    qapp.setStyle(saved[2])
    qapp.setFont(saved[3])
    qapp.setPalette(saved[0])
    qapp.setStyleSheet(saved[1])


@pytest.mark.parametrize("name", THEMES)
def test_muted_text_edges_and_focus_ring_are_easy_to_see(name: str) -> None:
    c = theme_module.load_theme(name)
    for background in (c.window, c.surface, c.surface_alt):
        assert contrast(c.text, background) >= 7.0
        assert contrast(c.text_muted, background) >= 4.5  # WCAG AA for body text
        assert contrast(c.control_border, background) >= 3.0  # edges of controls
        assert contrast(c.focus, background) >= 3.0  # the focus ring
    assert contrast(c.accent_text, c.accent) >= 4.5  # words on primary buttons
    # Quiet (secondary) buttons: words on their soft fill, resting and under the pointer.
    assert contrast(c.text, c.soft) >= 7.0 and contrast(c.text, c.soft_hover) >= 7.0
    assert contrast(c.accent, c.soft) >= 4.5  # a text button's words on its hover fill


@pytest.mark.parametrize("name", THEMES)
def test_every_icon_the_style_sheet_draws_is_shipped(name: str) -> None:
    sheet = theme_module._style_sheet(theme_module.load_theme(name))
    urls = re.findall(r'url\("([^"]+)"\)', sheet)
    assert len(set(urls)) == 3  # the tick and the two chevrons
    for url in urls:
        assert Path(url).is_file(), url


@pytest.mark.parametrize("name", THEMES)
def test_the_highlighted_row_of_a_drop_down_is_coloured_not_blank(
        qtbot, themed, name: str) -> None:
    themed.apply(name)
    combo = QComboBox()
    combo.addItems(["None (silence)", "Gentle rain", "Low hum"])
    qtbot.addWidget(combo)
    combo.show()
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible, timeout=2000)
    view.setCurrentIndex(combo.model().index(1, 0))
    rect = view.visualRect(combo.model().index(1, 0))
    picture = view.viewport().grab().toImage()
    spot = picture.pixelColor(QPoint(rect.right() - 4, rect.center().y()))
    accent = QColor(themed.current.accent)
    assert abs(spot.red() - accent.red()) + abs(spot.green() - accent.green()) \
        + abs(spot.blue() - accent.blue()) < 24
    combo.hidePopup()


def test_side_by_side_columns_stack_when_there_is_no_room(qtbot) -> None:
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.addWidget(QLabel("the list"))
    row.addWidget(QLabel("the details"))
    StackWhenNarrow(holder, row, below=600)
    qtbot.addWidget(holder)
    holder.resize(500, 300)
    holder.show()
    qtbot.waitUntil(lambda: row.direction() == QBoxLayout.Direction.TopToBottom,
                    timeout=2000)
    holder.resize(900, 300)
    qtbot.waitUntil(lambda: row.direction() == QBoxLayout.Direction.LeftToRight,
                    timeout=2000)


def test_a_small_window_scrolls_a_page_and_a_usual_one_fits_it(qtbot, ui_ctx, themed) -> None:
    themed.apply("light")  # the shipped typeface and type scale, as a person sees them
    window = MainWindow(ui_ctx, themed)
    qtbot.addWidget(window)
    window.show()
    for n, spec in enumerate(PAGES):
        window.resize(1100, 720)
        window.show_page(n)
        QApplication.processEvents()
        frame = window._page_frames[spec.key]
        assert not frame.verticalScrollBar().isVisible(), f"{spec.key} scrolls at 1100×720"
        window.resize(760, 520)
        QApplication.processEvents()
        QApplication.processEvents()  # a layout that changed with the width asks again
        page = window.pages[spec.key]
        # Never squeezed below what its parts need: the page scrolls instead.
        assert page.height() >= page.minimumSizeHint().height(), spec.key
