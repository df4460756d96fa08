"""Trust yourself as a person uses it: a promise made and kept by keyboard, counted in
the month; yesterday's carried with one click (and undone), or let go kindly; the three
lists added to, reordered, changed, deleted and brought back; a decision noted, offered
for a look back after the named days, and summed up kindly; warm words when empty."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from ebbtide.core.decisions import Decision
from ebbtide.core.promises import KEPT, LET_GO, OPEN, Promise
from ebbtide.core.self_lists import ListItem, in_order
from ebbtide.core.self_trust import LOOK_BACK_AFTER_DAYS, load_self_trust_words
from ebbtide.core.self_trust_store import SelfTrustStore
from ebbtide.ui.registry import PageKey
from ebbtide.ui.self_trust.page import LOCKED, SMALL_PROMISES, SelfTrustPage, Step
from tests.conftest import settle
from tests.ui.a11y import unnamed_controls

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
TODAY = date(2026, 11, 30)
WORDS = load_self_trust_words()


class Day:
    """The page's today, moved on by a test."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


@pytest.fixture
def day() -> Day:
    return Day(TODAY)


@pytest.fixture
def page(qtbot, ui_ctx, day):  # type: ignore[no-untyped-def]
    p = SelfTrustPage(ui_ctx, today=day)
    qtbot.addWidget(p)
    p.resize(1100, 800)
    p.show()
    p.activateWindow()
    qtbot.waitUntil(p.isActiveWindow)
    p.page_shown()
    yield p
    p.page_hidden()


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def own(ui_ctx) -> SelfTrustStore:  # type: ignore[no-untyped-def]
    return SelfTrustStore(ui_ctx.store)


def test_a_promise_made_and_kept_by_keyboard_is_counted_in_the_month(
        qtbot, page, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    view = page.today_view
    assert view.status.text() == WORDS.empty  # warm, before anything is promised
    # An idea fills the box (the person shapes it); Enter promises it.
    view.ideas_row.buttons[0].setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    assert focused() is view.entry and view.entry.text() == WORDS.suggestions[0]
    view.entry.setText("Drink a glass of water before lunch")
    qtbot.keyClick(view.entry, Qt.Key.Key_Return)
    settle(ui_ctx)
    [made] = own(ui_ctx).promises()
    assert (made.text, made.day, made.state) == ("Drink a glass of water before lunch",
                                                 "2026-11-30", OPEN)
    box = view.kept_boxes[made.uid]
    assert not box.isChecked() and "Not yet is fine" in view.status.text()
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    settle(ui_ctx)
    assert own(ui_ctx).promises()[0].state == KEPT
    assert view.kept_boxes[made.uid].isChecked()
    assert focused() is view.kept_boxes[made.uid]  # the row was made anew; focus stayed
    assert view.status.text() in WORDS.kept
    page.show_step(Step.MONTH)
    assert page.month_view.summary.text() == "You kept 1 small promise this month."
    assert page.month_view.title.text() == "November 2026"
    assert not page.month_view.later.isEnabled()  # no months ahead to look at
    page.month_view.earlier.setFocus()
    qtbot.keyClick(page.month_view.earlier, Qt.Key.Key_Left, ALT)
    assert page.month_view.title.text() == "October 2026"
    assert "No promises were marked kept in October 2026" in page.month_view.summary.text()


def test_a_few_promises_a_day_and_no_more(qtbot, page, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    view = page.today_view
    for text in ("one", "two", "three"):
        view.entry.setText(text)
        qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
        settle(ui_ctx)
    assert len(own(ui_ctx).promises()) == 3
    assert not view.entry.isEnabled() and "plenty" in view.entry.placeholderText()


def test_yesterdays_promise_is_carried_with_one_click_and_undone_with_ctrl_z(
        qtbot, page, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    yesterday = Promise("Answer Sam's message", (TODAY - timedelta(days=1)).isoformat())
    own(ui_ctx).save(yesterday)
    page.page_shown()
    view = page.today_view
    assert view.carry_card.isVisible()
    assert "Yesterday: Answer Sam's message" in [
        w.text() for w in view.carry_card.findChildren(type(view.status))]
    # Warm words for a day that didn't go to plan, and nothing in red.
    assert any(line in view.carry_words.text() for line in WORDS.not_yet)
    carry = next(b for b in view.carry_card.findChildren(type(view.add_button))
                 if b.text() == "Carry to today")
    qtbot.mouseClick(carry, Qt.MouseButton.LeftButton)
    settle(ui_ctx)
    today = own(ui_ctx).promises(TODAY.isoformat(), TODAY.isoformat())
    assert [(p.text, p.carried_from) for p in today] == [("Answer Sam's message",
                                                          yesterday.uid)]
    assert view.carry_card.isHidden()
    assert view.notice.text() == "Carried to today." and view.undo_button.isVisible()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    settle(ui_ctx)
    assert own(ui_ctx).promises(TODAY.isoformat(), TODAY.isoformat()) == []
    assert own(ui_ctx).promises()[0].state == OPEN
    assert view.carry_card.isVisible()


def test_a_promise_can_be_let_go_kindly(qtbot, page, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    own(ui_ctx).save(Promise("Tidy the kitchen", (TODAY - timedelta(days=2)).isoformat()))
    page.page_shown()
    view = page.today_view
    let_go = next(b for b in view.carry_card.findChildren(type(view.add_button))
                  if b.text() == "Let it go")
    qtbot.mouseClick(let_go, Qt.MouseButton.LeftButton)
    settle(ui_ctx)
    assert own(ui_ctx).promises()[0].state == LET_GO
    assert view.notice.text() == WORDS.let_go
    assert view.carry_card.isHidden()


def test_the_lists_by_keyboard_add_reorder_change_delete_and_undo(
        qtbot, page, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page.show_step(Step.LISTS)
    view = page.lists_view
    assert view.empty.text() == WORDS.lists["strengths"].empty
    view.kind_buttons["values"].click()
    assert view.empty.text() == WORDS.lists["values"].empty
    for text in ("Honesty", "My health", "Time of my own"):
        view.entry.setText(text)
        qtbot.keyClick(view.entry, Qt.Key.Key_Return)
        settle(ui_ctx)

    def listed() -> list[str]:
        return [i.text for i in in_order(own(ui_ctx).items(), "values")]

    assert listed() == ["Honesty", "My health", "Time of my own"]
    assert view.list.currentItem().text() == "Time of my own"  # the one just added
    view.list.setCurrentRow(0)
    view.list.setFocus()
    qtbot.keyClick(view.list, Qt.Key.Key_Down, ALT)
    settle(ui_ctx)
    assert listed() == ["My health", "Honesty", "Time of my own"]
    assert view.list.currentItem().text() == "Honesty"  # the moved one stays chosen
    qtbot.keyClick(view.list, Qt.Key.Key_Z, CTRL)
    settle(ui_ctx)
    assert listed() == ["Honesty", "My health", "Time of my own"]
    # Change one in place (F2 or Change…).
    view.list.setCurrentRow(1)
    view.list.currentItem().setText("Looking after my health")
    settle(ui_ctx)
    assert listed()[1] == "Looking after my health"
    view.list.setFocus()
    qtbot.keyClick(view.list, Qt.Key.Key_Delete)
    settle(ui_ctx)
    assert listed() == ["Honesty", "Time of my own"]
    assert view.notice.text() == "Deleted." and view.undo_button.isVisible()
    qtbot.keyClick(view.list, Qt.Key.Key_Z, CTRL)
    settle(ui_ctx)
    assert listed() == ["Honesty", "Looking after my health", "Time of my own"]
    # Strengths stay their own list.
    assert in_order(own(ui_ctx).items(), "strengths") == []


def test_a_decision_in_line_with_a_value_is_offered_for_a_look_back_later(
        qtbot, page, ui_ctx, day) -> None:  # type: ignore[no-untyped-def]
    own(ui_ctx).save(ListItem("Honesty", "values"))
    page.show_step(Step.DECISIONS)
    view = page.decisions_view
    assert view.empty.text() == WORDS.decisions_empty
    assert [view.value_entry.itemText(i) for i in range(view.value_entry.count())] == \
        ["Honesty"]
    view.decision_entry.setText("Asked directly instead of checking his phone")
    view.value_entry.setCurrentIndex(0)
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    settle(ui_ctx)
    [noted] = own(ui_ctx).decisions()
    assert (noted.value, noted.decided_on, noted.outcome) == ("Honesty", "2026-11-30", None)
    assert view.due_note.isHidden()
    # Later: the named number of days on, it is offered for a look back.
    day.day = TODAY + timedelta(days=LOOK_BACK_AFTER_DAYS)
    page.page_shown()
    assert view.due_note.isVisible() and "1 decision is ready" in view.due_note.text()
    assert view.current_uid() == noted.uid
    view.outcome_buttons["held"].click()
    view.note_entry.setText("We talked. It went better than I feared.")
    qtbot.mouseClick(view.look_button, Qt.MouseButton.LeftButton)
    settle(ui_ctx)
    [looked] = own(ui_ctx).decisions()
    assert (looked.outcome, looked.looked_back_on) == ("held", "2026-12-14")
    assert view.due_note.isHidden()
    assert view.summary.text() == \
        "The decision you looked back on held up. Your judgement counts."


def test_a_decision_that_did_not_go_as_hoped_gets_kind_words(
        qtbot, page, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    own(ui_ctx).save(Decision("Left the party early", "rest", decided_on="2026-11-01"))
    page.show_step(Step.DECISIONS)
    view = page.decisions_view
    view.outcome_buttons["not-hoped"].click()
    qtbot.mouseClick(view.look_button, Qt.MouseButton.LeftButton)
    settle(ui_ctx)
    assert view.notice.text() == WORDS.not_hoped
    assert "honestly" in view.summary.text()


def test_a_decision_deleted_comes_back_with_undo_and_is_chosen_again(
        qtbot, page, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    own(ui_ctx).save(Decision("Said no to the late drive", "rest", decided_on="2026-11-20"))
    own(ui_ctx).save(Decision("Asked for the evening to myself", "rest",
                              decided_on="2026-11-21"))
    page.show_step(Step.DECISIONS)
    view = page.decisions_view
    settle(ui_ctx)
    gone = next(d for d in own(ui_ctx).decisions() if d.decision.startswith("Said no"))
    while view.current_uid() != gone.uid:
        view.list.setCurrentRow((view.list.currentRow() + 1) % view.list.count())
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    settle(ui_ctx)
    assert [d.decision for d in own(ui_ctx).decisions()] == ["Asked for the evening to myself"]
    assert view.notice.text() == "Deleted." and view.undo_button.isVisible()
    qtbot.mouseClick(view.undo_button, Qt.MouseButton.LeftButton)
    settle(ui_ctx)
    assert sorted(d.decision for d in own(ui_ctx).decisions()) == [
        "Asked for the evening to myself", "Said no to the late drive"]
    assert view.notice.text() == "It's back." and view.undo_button.isHidden()
    assert view.current_uid() == gone.uid  # what came back is the one chosen


def test_the_small_promises_meditation_is_one_click_away(page, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    asked: list[tuple[str, dict[str, object]]] = []
    ui_ctx.practice_requested.connect(lambda key, options: asked.append((key, options)))
    page.today_view.listen_button.click()
    assert asked == [(PageKey.LISTEN, {"meditation": SMALL_PROMISES})]
    from ebbtide.core.meditations import load_scripts

    assert SMALL_PROMISES in {s.id for s in load_scripts()}


def test_tab_reaches_every_control_of_today(qtbot, page, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    own(ui_ctx).save_all([Promise("water", TODAY.isoformat()),
                          Promise("call back", (TODAY - timedelta(days=1)).isoformat())])
    page.page_shown()
    view = page.today_view
    wanted = {view.entry, view.listen_button, *(b for b in view.ideas_row.buttons if b.isVisible()),
              *view.kept_boxes.values(),
              *(b for b in view.findChildren(type(view.add_button))
                if b.isVisible() and b.text() in ("Remove", "Carry to today", "Let it go"))}
    view.entry.setFocus()
    reached: list[QWidget] = []
    for _ in range(40):
        if focused() not in reached:
            reached.append(focused())
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert wanted <= set(reached), [w.accessibleName() for w in wanted - set(reached)]
    # In the order they are seen: today's promise before yesterday's, Listen last.
    names = [w.accessibleName() for w in reached]
    assert names.index("Kept: water") < names.index("Carry to today: call back") \
        < names.index(view.listen_button.accessibleName())


def test_every_control_has_a_name_in_every_view(page, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    own(ui_ctx).save_all([Promise("water", TODAY.isoformat()), ListItem("kind", "strengths"),
                          Decision("said no", "rest", decided_on="2026-11-01")])
    for step in Step:
        page.show_step(step)
        assert unnamed_controls(page) == [], step


def test_while_locked_each_view_says_so(page, ui_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ebbtide.core.sealing import StoreLocked

    def locked(*_args: object) -> None:
        raise StoreLocked()

    own(ui_ctx).save(ListItem("kind", "strengths"))
    monkeypatch.setattr(SelfTrustStore, "promises", locked)
    monkeypatch.setattr(SelfTrustStore, "items", locked)
    monkeypatch.setattr(SelfTrustStore, "decisions", locked)
    page.page_shown()
    assert page.today_view.status.text() == LOCKED
    page.show_step(Step.LISTS)
    assert page.lists_view.empty.text() == LOCKED and page.lists_view.list.count() == 0
    page.show_step(Step.DECISIONS)
    assert page.decisions_view.empty.text() == LOCKED


def test_from_the_main_window_ctrl_7_opens_the_page_and_listen_opens_small_promises(
        qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    from ebbtide.ui.main_window import MainWindow

    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_7, CTRL)
    page = window.current_page
    assert isinstance(page, SelfTrustPage) and page.step is Step.TODAY
    page.today_view.listen_button.click()
    listen = window.current_page
    assert listen is not None and listen.title == "Listen"
    assert listen.library.selected() == ("meditation", SMALL_PROMISES)  # type: ignore[attr-defined]
