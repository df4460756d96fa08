"""Progress's "What keeps coming back": the trigger log counted in the range, redrawn
when an entry is saved, kind words when there is too little, and quiet while locked."""

from __future__ import annotations

import time

from pytestqt.qtbot import QtBot

from ebbtide.core import lock as core_lock
from ebbtide.core.notice import TriggerEntry
from ebbtide.core.notice_store import NoticeStore
from ebbtide.ui.context import UiContext
from ebbtide.ui.operations import Change, ChangeNotice
from ebbtide.ui.operations.logs import save_entry
from ebbtide.ui.progress.page import TAB_BACK, ProgressPage
from tests.conftest import settle

DAY = 86_400.0


def make_page(qtbot: QtBot, ui_ctx: UiContext) -> ProgressPage:
    page = ProgressPage(ui_ctx)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    page.page_shown()
    return page


def test_too_little_logged_explains_what_will_appear(qtbot: QtBot, ui_ctx: UiContext) -> None:
    page = make_page(qtbot, ui_ctx)
    page.tabs.setCurrentIndex(TAB_BACK)
    chart = page.coming_back
    assert not chart.panel.showing_chart
    assert "once you have logged a few triggers" in chart.panel.message.text()


def test_tags_and_urges_logged_most_are_drawn_and_follow_a_new_entry(
    qtbot: QtBot, ui_ctx: UiContext,
) -> None:
    now = time.time()
    notices = NoticeStore(ui_ctx.store)
    for n in range(5):
        notices.save(TriggerEntry(tags=["late reply"], urges=["question"],
                                  occurred_utc=now - (n + 1) * DAY, status="done"))
    notices.save(TriggerEntry(tags=["an old song"], occurred_utc=now - 2 * DAY,
                              status="done"))
    page = make_page(qtbot, ui_ctx)
    page.tabs.setCurrentIndex(TAB_BACK)
    chart = page.coming_back
    assert chart.panel.showing_chart
    assert [p.label for p in chart.data.top] == ["late reply", "Question them", "an old song"]
    assert chart.top_bars.opts["width"].tolist() == [5, 5, 1]
    assert "late reply (tag), 5 times" in chart.view.accessibleDescription()
    assert "late reply" in [item[1].text for item in chart.week_legend.items]
    # A trigger saved in Notice & record shows here without leaving the tab.
    save_entry(ui_ctx, TriggerEntry(tags=["an old song"], occurred_utc=now - 3600,
                                    status="done"), initiator=None)
    settle(ui_ctx)
    qtbot.waitUntil(lambda: chart.data.entries == 7)
    assert ("an old song", 2) in [(p.label, p.count) for p in chart.data.top]


def test_while_locked_it_says_so_instead_of_counting(qtbot: QtBot, ui_ctx: UiContext) -> None:
    NoticeStore(ui_ctx.store).save(TriggerEntry(tags=["x"], status="done"))
    NoticeStore(ui_ctx.store).save(TriggerEntry(tags=["y"], status="done"))
    core_lock.enable_lock(ui_ctx.store, "a long enough passphrase")
    core_lock.lock_now(ui_ctx.store)
    page = make_page(qtbot, ui_ctx)
    page.ctx.ops.changed.emit(ChangeNotice(Change.LOCK))
    page.tabs.setCurrentIndex(TAB_BACK)
    assert "locked" in page.coming_back.panel.message.text()
