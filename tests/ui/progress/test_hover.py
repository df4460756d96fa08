"""Hovering the calm-down chart over weeks and months: the nearest one is found, ringed
and described; the words follow new data; moving back and forth never leaves the ring or
the words on an earlier week."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from pytestqt.qtbot import QtBot

from ebbtide.core.store import Store
from ebbtide.ui.operations import Change, ChangeNotice
from ebbtide.ui.progress.charts import CalmDownChart
from ebbtide.ui.progress.page import ProgressPage
from tests.ui.progress import test_page
from tests.ui.progress.test_page import add

WEEKS_AGO = (1, 3, 8, 12, 20, 30, 45)  # sessions spread over a year, a few a week


page = test_page.page  # the fixture: a Progress page, shown, as the page's own tests use


def _weeks(page: ProgressPage, store: Store) -> CalmDownChart:
    for weeks in WEEKS_AGO:
        for day, (before, after) in enumerate(((8, 3), (7, 5), (6, 2))):
            add(store, weeks * 7 + day * 0.5, before=before, after=after)
    page.ctx.ops.changed.emit(ChangeNotice(Change.SESSIONS))
    page.range_bar.choose("year")
    calm = page.calm
    assert calm.summary is not None and calm.unit == "week"
    return calm


def _scene(calm: CalmDownChart, x: float, y: float = 5.0) -> QPointF:
    return calm.plot.vb.mapViewToScene(QPointF(x, y))


def test_the_nearest_week_is_ringed_and_described(page: ProgressPage, store: Store) -> None:
    calm = _weeks(page, store)
    summary = calm.summary
    assert summary is not None
    present = np.flatnonzero(summary.counts > 0)
    centres = summary.centres[present]
    assert len(centres) >= len(WEEKS_AGO)
    left, right = calm.plot.vb.viewRange()[0]
    for x in np.linspace(left, right, 97):
        index = calm.session_near(_scene(calm, float(x)))
        nearest = int(np.argmin(np.abs(centres - x)))  # the plain way, over every week
        assert index is not None
        assert abs(centres[index] - x) == pytest.approx(abs(centres[nearest] - x))
        text = calm.hover_at(_scene(calm, float(x)))
        period = int(present[index])
        assert text == calm.period_words(period)
        ring = calm.highlight.pos()
        assert (ring.x(), ring.y()) == pytest.approx(
            (centres[index], summary.after[period, 1]))
        assert calm.highlight.isVisible()


def test_the_words_follow_new_sessions(page: ProgressPage, store: Store) -> None:
    calm = _weeks(page, store)
    summary = calm.summary
    assert summary is not None
    week = int(np.flatnonzero(summary.counts > 0)[-1])
    count = int(summary.counts[week])
    latest = _scene(calm, float(summary.centres[week]))
    before = calm.hover_at(latest)
    assert f"{count} rated session" in before
    add(store, WEEKS_AGO[0] * 7, before=9, after=1)  # one more, in that same week
    page.ctx.ops.changed.emit(ChangeNotice(Change.SESSIONS))
    after = calm.hover_at(latest)
    assert f"{count + 1} rated sessions" in after
    assert calm.detail.text() == after


def test_back_and_forth_between_weeks_moves_the_ring_each_time(
    page: ProgressPage, store: Store, qtbot: QtBot
) -> None:
    calm = _weeks(page, store)
    summary = calm.summary
    assert summary is not None
    centres = summary.centres[summary.counts > 0]
    first, last = _scene(calm, float(centres[0])), _scene(calm, float(centres[-1]))
    for _ in range(2):
        for at, index in ((first, 0), (first, 0), (last, len(centres) - 1)):
            text = calm.hover_at(at)
            assert calm.selected == index
            assert calm.highlight.pos().x() == pytest.approx(centres[index])
            assert calm.detail.text() == text
    # The keys move the selection too; hovering the first week again brings it back.
    calm.view.setFocus()
    calm.select(2)
    assert calm.detail.text() == calm.description(2)
    calm.hover_at(first)
    assert calm.selected == 0 and calm.highlight.pos().x() == pytest.approx(centres[0])
    # A new range clears the ring; the same spot hovered again shows it again.
    page.range_bar.choose("all")
    assert not calm.highlight.isVisible()
    page.range_bar.choose("year")
    calm.hover_at(first)
    assert calm.highlight.isVisible() and calm.detail.text().startswith("Week of")
