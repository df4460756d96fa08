"""Every page fits every window a person uses: at 800×600, 1100×720 and 1920×1080, in
light and dark, no label's or button's words are cut short or wider than the control,
and nothing lies outside its page. Screenshots of each are kept for people to look at:
set EBBTIDE_LAYOUT_SHOTS to a folder to keep them (they go to pytest's temporary
folder otherwise, named in the test's output)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QWidget,
)

from ebbtide.ui.registry import PAGES
from tests.ui.themed import themed_window

SIZES = ((800, 600), (1100, 720), (1920, 1080))
THEMES = ("light", "dark")
SLACK_PX = 2  # sub-pixel rounding in text measurement
COMBO_ARROW_PX = 40


def _shown(widget: QWidget, page: QWidget) -> bool:
    # A dialog the page opened (the gentle card) is a window of its own, checked apart.
    return (widget.window() is page.window() and widget.isVisibleTo(page)
            and widget.width() > 0 and widget.height() > 0)


def cut_words(page: QWidget) -> list[str]:
    """Controls whose one-line words are wider than the room they have."""
    problems = []
    for widget in page.findChildren(QWidget):
        if not _shown(widget, page):
            continue
        if isinstance(widget, QLabel):
            if widget.wordWrap() or not widget.text() or widget.textFormat().name == "RichText":
                continue
            room = widget.contentsRect().width()
            lines = widget.text().split("\n")
            if widget.buddy() is not None:  # "&Type a feeling:" shows no "&"
                lines = [line.replace("&&", "\0").replace("&", "").replace("\0", "&")
                         for line in lines]
        elif isinstance(widget, QPushButton | QCheckBox | QRadioButton):
            if not widget.text():
                continue
            # The control's own padding, icon and indicator are in its size hint.
            room = widget.width() - (widget.sizeHint().width()
                                     - widget.fontMetrics().horizontalAdvance(
                                         widget.text().replace("&", "")))
            lines = [widget.text().replace("&&", "&").replace("&", "")]
        elif isinstance(widget, QComboBox):
            if not widget.currentText():
                continue
            # The drop-down's arrow and padding take about this much of it.
            room = widget.width() - COMBO_ARROW_PX
            lines = [widget.currentText()]
        else:
            continue
        need = max(widget.fontMetrics().horizontalAdvance(line) for line in lines)
        if need > room + SLACK_PX:
            problems.append(f"{type(widget).__name__} {lines[0][:40]!r}: needs {need}, has {room}")
    return problems


def outside(page: QWidget) -> list[str]:
    """Controls that stick out of the page (beyond the right or bottom edge)."""
    problems = []
    for widget in page.findChildren(QAbstractButton):
        if not _shown(widget, page):
            continue
        corner = widget.mapTo(page, widget.rect().bottomRight())
        if corner.x() > page.width() + SLACK_PX:
            problems.append(f"{widget.text()[:40]!r} ends at x={corner.x()} of {page.width()}")
    # Nothing on a page scrolls sideways: what is wider than its scroll area is cut off.
    for area in page.findChildren(QScrollArea):
        if _shown(area, page) and area.horizontalScrollBar().maximum() > SLACK_PX:
            problems.append(f"{area.accessibleName() or type(area.widget()).__name__!r} is "
                            f"{area.horizontalScrollBar().maximum()} px wider than its room")
    return problems


@pytest.fixture
def shots_dir(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    chosen = os.environ.get("EBBTIDE_LAYOUT_SHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("layout-shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_page_fits_the_window(qtbot, ui_ctx, qapp, shots_dir, theme, width, height) -> None:  # type: ignore[no-untyped-def]
    with themed_window(qtbot, qapp, ui_ctx, theme) as window:
        window.resize(width, height)
        found: dict[str, list[str]] = {}
        for n, spec in enumerate(PAGES):
            window.show_page(n)
            QApplication.processEvents()
            page = window.page(spec.key)
            window.grab().save(str(shots_dir / f"{spec.key}-{width}x{height}-{theme}.png"))
            problems = cut_words(page) + outside(page)
            if problems:
                found[spec.key] = problems
        print(f"screenshots: {shots_dir}")
        assert found == {}


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_five_signs_chart_with_a_year_of_checks_fits(  # type: ignore[no-untyped-def]
        qtbot, ui_ctx, qapp, shots_dir, theme, width, height) -> None:
    """Progress's Five signs tab drawn (its key, buttons and summary), not only its empty
    words: a year of weekly checks with a few weeks skipped."""
    from datetime import date, timedelta

    from ebbtide.core.five_signs import FiveSignsStore, WeeklyCheck, week_of
    from ebbtide.ui.registry import PageKey

    FiveSignsStore(ui_ctx.store).save_many(
        WeeklyCheck(week_of(date.today() - timedelta(weeks=n)),
                    {"suspicion": n % 5, "vulnerability": (n // 2) % 5, "intimacy": 2,
                     "jealousy": (n * 3) % 5, "control": 1})
        for n in range(56) if n % 7 != 3)
    with themed_window(qtbot, qapp, ui_ctx, theme) as window:
        window.resize(width, height)
        ui_ctx.practice_requested.emit(PageKey.PROGRESS, {"tab": "five_signs"})
        page = window.page(PageKey.PROGRESS)
        page.range_bar.buttons["year"].click()  # type: ignore[attr-defined]
        QApplication.processEvents()
        assert page.signs.chart.panel.showing_chart  # type: ignore[attr-defined]
        window.grab().save(str(shots_dir / f"five-signs-chart-{width}x{height}-{theme}.png"))
        assert cut_words(page) + outside(page) == []
