"""Progress at 800×600 and 1920×1080, light and dark, with a year of practice: every tab's
charts read cleanly. No axis title runs over a tick number or another title, nothing
the charts draw is cut off at the chart's edge, and at 800×600 the first chart is on
screen whole without scrolling (the page scrolls only below it)."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from ebbtide.core.five_signs import FiveSignsStore, WeeklyCheck, week_of
from ebbtide.core.notice import TriggerEntry
from ebbtide.core.notice_store import NoticeStore
from ebbtide.core.store import SessionKind, SessionRecord, Store
from ebbtide.ui.main_window import MainWindow
from ebbtide.ui.progress.page import ProgressPage
from ebbtide.ui.registry import PageKey
from tests.ui.themed import themed_window

DAY = 86_400.0
SLACK_PX = 1.0  # anti-aliased edges


def fill_a_year(store: Store) -> None:
    """A year of plausible practice: every kind, check-ins with feelings, triggers with
    tags and urges, and a weekly check most weeks."""
    rng = random.Random(5)
    now = time.time()
    kinds = [(SessionKind.BREATHING, "box", "Box breathing"),
             (SessionKind.BREATHING, "cyclic-sigh", "Cyclic sighing"),
             (SessionKind.AUDIO, "settle-5", "Settling, 5 minutes"),
             (SessionKind.TIMER, "timer", "Silent timer")]
    records = []
    for n in range(420):
        started = now - rng.random() * 365 * DAY
        before = rng.randint(4, 10)
        if n % 4 == 0:
            records.append(SessionRecord(
                kind=SessionKind.CHECKIN, started_utc=started, content_id="checkin",
                distress_before=before,
                details={"feelings": rng.sample(["anxious", "hurt", "betrayed", "calm",
                                                 "hopeful", "lonely"], 2)}))
            continue
        kind, content, label = rng.choice(kinds)
        records.append(SessionRecord(
            kind=kind, started_utc=started, content_id=content, ended_utc=started + 300,
            duration_s=300.0, distress_before=before,
            distress_after=max(0, before - rng.randint(0, 4)), completed=True,
            details={"label": label}))
    store.add_sessions(records)
    NoticeStore(store).save_many(
        TriggerEntry(tags=[rng.choice(["late reply", "an old song", "his phone face down"])],
                     urges=[rng.choice(["question", "withdraw"])],
                     occurred_utc=now - rng.random() * 365 * DAY, status="done")
        for _ in range(120))
    FiveSignsStore(store).save_many(
        WeeklyCheck(week_of(date.today() - timedelta(weeks=n)),
                    {"suspicion": n % 5, "vulnerability": (n // 2) % 5, "intimacy": 2,
                     "jealousy": (n * 3) % 5, "control": 1})
        for n in range(52) if n % 7 != 3)


@pytest.fixture(params=["light", "dark"])
def progress(request, qtbot, qapp, ui_ctx):  # type: ignore[no-untyped-def]
    fill_a_year(ui_ctx.store)
    with themed_window(qtbot, qapp, ui_ctx, request.param) as window:
        yield window


def _open(window: MainWindow, size: tuple[int, int]) -> ProgressPage:
    window.resize(*size)
    window.ctx.practice_requested.emit(PageKey.PROGRESS, {})
    page = window.page(PageKey.PROGRESS)
    assert isinstance(page, ProgressPage)
    page.range_bar.buttons["year"].click()
    QApplication.processEvents()
    return page


def _drawn_text(view: pg.GraphicsLayoutWidget) -> tuple[list[tuple[str, QRectF]],
                                                        list[tuple[str, QRectF]]]:
    """Scene rectangles of (tick numbers, titles) a chart draws: each axis's tick words
    as it would paint them, and every axis title and plot title on show."""
    ticks: list[tuple[str, QRectF]] = []
    titles: list[tuple[str, QRectF]] = []
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        for item in view.scene().items():
            if isinstance(item, pg.AxisItem) and item.isVisible():
                specs = item.generateDrawSpecs(painter)
                if specs is not None:
                    for rect, _flags, words in specs[2]:
                        ticks.append((f"tick {words!r}", item.mapRectToScene(QRectF(rect))))
                label = item.label
                if item.style.get("showValues", True) and label.isVisible() and item.labelText:
                    titles.append((f"axis title {item.labelText!r}", label.sceneBoundingRect()))
            elif isinstance(item, pg.PlotItem) and item.isVisible():
                title = item.titleLabel
                if title.text.strip():
                    # A title given is a title seen, whole.
                    assert title.isVisible() and title.height() >= title.item.boundingRect(
                    ).height() - SLACK_PX, f"plot title {title.text!r} is hidden"
                    titles.append((f"plot title {title.text!r}", title.item.sceneBoundingRect()))
    finally:
        painter.end()
    return ticks, titles


def _problems(view: pg.GraphicsLayoutWidget) -> list[str]:
    ticks, titles = _drawn_text(view)
    seen = view.mapToScene(view.viewport().rect()).boundingRect().adjusted(
        -SLACK_PX, -SLACK_PX, SLACK_PX, SLACK_PX)
    found = []
    for name, rect in titles:
        for other, where in ticks:
            if rect.intersects(where):
                found.append(f"{name} runs over {other}")
    for n, (name, rect) in enumerate(titles):
        for other, where in titles[n + 1:]:
            if rect.intersects(where):
                found.append(f"{name} runs over {other}")
    for name, rect in ticks + titles:
        if not seen.contains(rect):
            found.append(f"{name} is cut off at the chart's edge")
    return found


def _views(page: ProgressPage) -> list[pg.GraphicsLayoutWidget]:
    shown = page.tabs.currentWidget()
    return [v for v in shown.findChildren(pg.GraphicsLayoutWidget) if v.isVisible()]


@pytest.mark.parametrize("size", [(800, 600), (1920, 1080)])
def test_every_tab_reads_cleanly(progress, size) -> None:  # type: ignore[no-untyped-def]
    page = _open(progress, size)
    found: dict[str, list[str]] = {}
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        QApplication.processEvents()
        views = _views(page)
        assert views, f"tab {page.tabs.tabText(index)} draws no chart"
        for view in views:
            problems = _problems(view)
            if problems:
                found[f"{page.tabs.tabText(index)}: {view.accessibleName()}"] = problems
    assert found == {}


def test_the_first_chart_is_on_screen_at_800_by_600(progress) -> None:  # type: ignore[no-untyped-def]
    page = _open(progress, (800, 600))
    for index in (*range(page.tabs.count()), 0):  # a tall tab seen before changes nothing
        page.tabs.setCurrentIndex(index)
        for _ in range(3):
            QApplication.processEvents()
    frame = page.parentWidget().parentWidget()
    assert isinstance(frame, QScrollArea)
    frame.verticalScrollBar().setValue(0)
    QApplication.processEvents()
    view: QWidget = page.calm.view
    viewport = frame.viewport()
    where = QRect(view.mapTo(viewport, view.rect().topLeft()), view.size())
    assert viewport.rect().contains(where), (where, viewport.rect())
    # A chart a person can read, not a strip.
    assert view.height() >= 220
    # Both plots there, the lower one with its dates.
    assert page.calm.trend.sceneBoundingRect().bottom() <= view.height()
