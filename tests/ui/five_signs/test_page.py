"""Five signs as a person uses it: the weekly check by keyboard alone (Go menu key, a
number a sign, a note, save), the same week saved again replacing it, last week filled
in, "Why these five?" and back, the reminder only when asked for, every control named;
and in Progress, the chart with gaps (never zeros) for weeks without a check."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from ebbtide.core import five_signs
from ebbtide.core.five_signs import FiveSignsStore, WeeklyCheck, week_of
from ebbtide.core.settings import SettingKey
from ebbtide.ui.five_signs.page import FiveSignsPage, Step
from ebbtide.ui.main_window import MainWindow
from ebbtide.ui.registry import PageKey
from tests.conftest import settle
from tests.ui.a11y import unnamed_controls

TODAY = date(2026, 11, 30)  # a Monday: week 2026-W49
CTRL = Qt.KeyboardModifier.ControlModifier


def make_page(qtbot, ui_ctx) -> FiveSignsPage:  # type: ignore[no-untyped-def]
    page = FiveSignsPage(ui_ctx, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1100, 900)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.page_shown()
    return page


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_the_go_key_opens_the_check_and_the_keyboard_fills_it_in(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_9, CTRL)
    page = window.page(PageKey.FIVE_SIGNS)
    assert window.current_page is page
    assert isinstance(page, FiveSignsPage)
    page.scales[0].setFocus()
    # A number a sign, Tab to the next; the fourth is left out on purpose.
    for digit in (Qt.Key.Key_2, Qt.Key.Key_0, Qt.Key.Key_4, None, Qt.Key.Key_1):
        if digit is not None:
            qtbot.keyClick(focused(), digit)
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is page.note
    qtbot.keyClicks(page.note, "A steadier week")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is page.save_button
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    settle(ui_ctx)
    kept = FiveSignsStore(ui_ctx.store).load(week_of(date.today()))
    assert kept is not None
    assert kept.scores == {"suspicion": 2, "vulnerability": 0, "intimacy": 4, "control": 1}
    assert kept.note == "A steadier week"
    assert page.status.text().startswith("Saved for the week of")


def test_saving_the_same_week_again_replaces_it_and_last_week_is_its_own(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, ui_ctx)
    page.scales[3].setValue(4)
    page.save()
    settle(ui_ctx)
    page.scales[3].setValue(1)
    page.note.setPlainText("calmer")
    page.save()
    settle(ui_ctx)
    store = FiveSignsStore(ui_ctx.store)
    assert store.weeks() == {"2026-W49"}
    kept = store.load("2026-W49")
    assert kept is not None and kept.scores == {"jealousy": 1} and kept.note == "calmer"
    # Last week: the scales start empty, and saving keeps it apart.
    page.last_week.click()
    assert page.chosen_week() == "2026-W48"
    assert all(scale.value() is None for scale in page.scales)
    page.scales[0].setValue(3)
    page.save()
    settle(ui_ctx)
    assert store.weeks() == {"2026-W48", "2026-W49"}
    # Back to this week: its answers come back.
    page.this_week.click()
    assert page.scales[3].value() == 1 and page.note.toPlainText() == "calmer"
    assert "already" in page.week_note.text()


def test_nothing_chosen_saves_nothing_and_says_so_kindly(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, ui_ctx)
    page.save()
    settle(ui_ctx)
    assert FiveSignsStore(ui_ctx.store).weeks() == set()
    assert "Nothing to save yet" in page.status.text()


def test_a_scale_is_one_control_named_with_its_value(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, ui_ctx)
    scale = page.scales[1]
    assert scale.accessibleName() == "Fear of being open, 0 to 4: not answered"
    scale.setFocus()
    qtbot.keyClick(scale, Qt.Key.Key_End)
    assert scale.value() == 4
    assert scale.accessibleName() == "Fear of being open, 0 to 4: 4, Most of the time"
    qtbot.keyClick(scale, Qt.Key.Key_Left)
    assert scale.value() == 3 and scale.words.text() == "Often"
    qtbot.keyClick(scale, Qt.Key.Key_Delete)
    assert scale.value() is None
    assert unnamed_controls(page) == []
    page.show_step(Step.WHY)
    assert unnamed_controls(page) == []


def test_why_these_five_explains_each_sign_and_names_the_guide(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, ui_ctx)
    page.why_button.click()
    assert page.steps.step is Step.WHY
    words = five_signs.load_five_signs()
    shown = " ".join(label.text() for label in page.steps.view(Step.WHY).findChildren(
        type(page.status)))
    for sign in words.signs:
        assert sign.why in shown
    assert "guide" in shown
    qtbot.waitUntil(lambda: focused() is page.back_button)
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    assert page.steps.step is Step.CHECK


def test_the_weekly_reminder_is_off_until_asked_for(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, ui_ctx)
    assert ui_ctx.settings[SettingKey.SIGNS_REMINDER_ON] is False
    assert not page.remind.isChecked()
    page.remind_day.setCurrentIndex(2)
    page.remind.click()
    assert ui_ctx.settings[SettingKey.SIGNS_REMINDER_ON] is True
    assert ui_ctx.settings[SettingKey.SIGNS_REMINDER_DAY] == 2


def _seed(ui_ctx, weeks: list[int]) -> list[str]:  # type: ignore[no-untyped-def]
    """A check in each of these weeks before this one (0 is this week)."""
    names = [week_of(date.today() - timedelta(weeks=n)) for n in weeks]
    FiveSignsStore(ui_ctx.store).save_many(
        WeeklyCheck(w, {"suspicion": i % 5, "jealousy": 0}) for i, w in enumerate(names))
    return names


def test_the_progress_tab_draws_gaps_not_zeros_for_weeks_without_a_check(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    _seed(ui_ctx, [0, 1, 4, 5, 9])  # no check 2, 3, 6, 7 and 8 weeks ago
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    window.resize(1100, 720)
    window.show()
    ui_ctx.practice_requested.emit(PageKey.PROGRESS, {"tab": "five_signs"})
    progress = window.page(PageKey.PROGRESS)
    progress.range_bar.buttons["all"].click()  # type: ignore[attr-defined]
    QApplication.processEvents()  # a tab made now is shown by its layout next turn
    assert progress.tabs.tabText(progress.tabs.currentIndex()) == "Five signs"  # type: ignore[attr-defined]
    chart = progress.signs.chart  # type: ignore[attr-defined]
    assert chart.panel.showing_chart
    xs, ys = chart.plotted(0)
    # 12 weeks at least are shown; every week is a slot, checked or not.
    assert len(ys) >= 10 and np.all(np.diff(xs) > 0)
    checked = ~np.isnan(ys)
    assert checked.sum() == 5
    assert not np.any(ys[~checked] == 0)  # nothing made up for a week without a check
    jealousy = chart.plotted(3)[1]
    assert np.count_nonzero(jealousy == 0) == 5  # a real zero is drawn as a zero
    # The text alternative: a sentence, and a row per checked week one key away.
    assert chart.panel.summary.text().startswith("5 weekly checks")
    chart.panel.table_button.click()
    assert chart.panel.table.isVisibleTo(progress)
    assert chart.panel.table.rowCount() == 5
    assert chart.panel.table.item(0, 0).text().startswith("Week of")
    assert unnamed_controls(progress) == []


def test_the_chart_tab_leads_to_the_check_and_to_why(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    window.show()
    ui_ctx.practice_requested.emit(PageKey.PROGRESS, {"tab": "five_signs"})
    tab = window.page(PageKey.PROGRESS).signs  # type: ignore[attr-defined]
    QApplication.processEvents()  # a tab made now is shown by its layout next turn
    assert not tab.chart.panel.showing_chart  # nothing yet: kind words, and the way in
    assert tab.check_button.isVisibleTo(window)
    tab.why_button.click()
    page = window.page(PageKey.FIVE_SIGNS)
    assert window.current_page is page and page.steps.step is Step.WHY  # type: ignore[attr-defined]
    # A check saved there shows in the chart when Progress comes back.
    page.scales[0].setValue(2)  # type: ignore[attr-defined]
    page.show_step(Step.CHECK)  # type: ignore[attr-defined]
    page.save()  # type: ignore[attr-defined]
    settle(ui_ctx)
    ui_ctx.practice_requested.emit(PageKey.PROGRESS, {"tab": "five_signs"})
    QApplication.processEvents()
    assert tab.chart.panel.showing_chart
    assert np.nansum(tab.chart.plotted(0)[1]) == 2


def test_the_weekly_reminder_card_opens_the_check_and_turns_itself_off(  # type: ignore[no-untyped-def]
        qtbot, make_ui_ctx) -> None:
    from datetime import datetime

    from ebbtide.core.reminders import ReminderKind
    from ebbtide.ui.steady.reminders import ReminderController
    from tests.fakes import FakeEngine

    ctx = make_ui_ctx(FakeEngine())
    now = [datetime(2026, 12, 6, 17, 59)]  # a Sunday, a minute before the default 18:00
    opened: list[ReminderKind] = []
    controller = ReminderController(ctx, notify=lambda _t, _x: True,
                                    open_practice=opened.append, now=lambda: now[0])
    now[0] = datetime(2026, 12, 6, 18, 1)
    assert controller.check() is None  # not asked for: nothing comes
    ctx.set_setting(SettingKey.SIGNS_REMINDER_ON, True)
    reminder = controller.check()
    assert reminder is not None and reminder.kind is ReminderKind.SIGNS
    card = controller.card
    assert card is not None
    assert card.open_button.text() == "Open the weekly check"
    card.open_button.click()
    assert opened == [ReminderKind.SIGNS]
    now[0] = datetime(2026, 12, 13, 18, 5)
    controller.check()
    assert controller.card is not None
    controller.card.off_button.click()
    assert ctx.settings[SettingKey.SIGNS_REMINDER_ON] is False
    controller.stop()
