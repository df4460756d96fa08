"""Reach out as a person uses it: a safe person added, changed, deleted and brought back
by keyboard; their ready message copied exactly, here and on *If you need help now*
(above the help lines); a request built by keyboard alone, copied and kept; one ask per
worry; and no builder while a worksheet names fear, control or harm."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from ebbtide.core.asks import DAY_S, RECENT_ASK_DAYS, Ask, AskStore
from ebbtide.core.safe_people import SafePeopleStore, SafePerson
from ebbtide.core.worksheet import Worksheet, next_step
from ebbtide.core.worksheet_store import WorksheetStore
from ebbtide.ui.main_window import MainWindow
from ebbtide.ui.operations import Change
from ebbtide.ui.reach.builder import View
from ebbtide.ui.reach.page import ReachPage, Step
from ebbtide.ui.registry import PageKey
from tests.conftest import settle
from tests.ui.a11y import unnamed_controls

CTRL = Qt.KeyboardModifier.ControlModifier


def make_page(qtbot, ui_ctx) -> ReachPage:  # type: ignore[no-untyped-def]
    page = ReachPage(ui_ctx)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.page_shown()
    return page


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot, button: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Tab along to `button` (as a person would, never past it twice) and press Space."""
    for _ in range(30):
        if focused() is button:
            break
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is button, f"Tab never reached {button.accessibleName()}"
    qtbot.keyClick(button, Qt.Key.Key_Space)


def add_jo(ui_ctx) -> SafePerson:  # type: ignore[no-untyped-def]
    return SafePeopleStore(ui_ctx.store).save(SafePerson(
        name="Jo", helps=["listens without advice"], reach="phone, evenings",
        message="Having a hard evening — could you call?"))


def test_the_empty_page_suggests_three_to_five_kinds_of_people(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, ui_ctx)
    assert page.people_empty.isVisible() and not page.people_list.isVisible()
    bullets = [line for line in page.people_empty.text().splitlines() if line.startswith("•")]
    assert 3 <= len(bullets) <= 5
    assert unnamed_controls(page) == []


def test_a_safe_person_added_by_keyboard_then_changed_deleted_and_brought_back(
        qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, ui_ctx)
    page.add_button.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    assert page.stack.step is Step.PERSON and focused() is page.editor.name
    qtbot.keyClicks(focused(), "Sam")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # the first "helps with" tick
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    page.editor.reach.setFocus()
    qtbot.keyClicks(focused(), "@sam on Signal")
    page.editor.message.setFocus()
    qtbot.keyClicks(focused(), "Rough night. Could you text me?")
    press(qtbot, page.editor.save_button)
    settle(ui_ctx)
    qtbot.waitUntil(lambda: page.stack.step is Step.HOME)
    [sam] = SafePeopleStore(ui_ctx.store).all()
    assert (sam.name, sam.reach, sam.message) == ("Sam", "@sam on Signal",
                                                  "Rough night. Could you text me?")
    assert sam.helps == [page.words.helps[0]]  # type: ignore[union-attr]
    assert "Sam" in page.people_list.item(0).text()

    page.people_list.setCurrentRow(0)
    page.edit_button.click()
    page.editor.name.selectAll()
    qtbot.keyClicks(page.editor.name, "Sam B")
    page.editor.save_button.click()
    settle(ui_ctx)
    qtbot.waitUntil(lambda: page.stack.step is Step.HOME)
    assert [p.name for p in SafePeopleStore(ui_ctx.store).all()] == ["Sam B"]

    page.people_list.setCurrentRow(0)
    page.delete_person_button.click()
    settle(ui_ctx)
    qtbot.waitUntil(lambda: page.undo_button.isVisible())
    assert SafePeopleStore(ui_ctx.store).all() == [] and page.people_empty.isVisible()
    qtbot.keyClick(page.undo_button, Qt.Key.Key_Z, CTRL)
    settle(ui_ctx)
    qtbot.waitUntil(lambda: page.people_list.count() == 1)
    assert [p.name for p in SafePeopleStore(ui_ctx.store).all()] == ["Sam B"]


def test_copy_puts_exactly_the_ready_message_on_the_clipboard_and_says_so(
        qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    jo = add_jo(ui_ctx)
    page = make_page(qtbot, ui_ctx)
    page.people_list.setCurrentRow(0)
    page.copy_button.click()
    assert QApplication.clipboard().text() == jo.message
    assert "Copied your message for Jo" in page.people_status.text()


def test_help_now_shows_safe_people_above_the_help_lines_with_their_copy_button(
        qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    from ebbtide.ui.help_dialogs import CrisisDialog

    jo = add_jo(ui_ctx)
    dialog = CrisisDialog(ui_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    people = dialog.people
    assert people.isVisible()
    assert people.geometry().bottom() < dialog.lines.geometry().top()
    assert "Jo — listens without advice" in people.rows.itemAt(0).widget().text()  # type: ignore[union-attr]
    people.copy_buttons[jo.uid].click()
    assert QApplication.clipboard().text() == jo.message
    assert people.status.isVisible() and "Copied" in people.status.text()
    assert unnamed_controls(dialog) == []


def test_help_now_without_safe_people_shows_only_the_lines(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    from ebbtide.ui.help_dialogs import CrisisDialog

    dialog = CrisisDialog(ui_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.people.isVisible() and dialog.lines.isVisible()


def test_a_request_built_by_keyboard_alone_is_copied_exactly_and_kept(
        qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.build_rest()
    qtbot.keyClick(window, Qt.Key.Key_8, CTRL)
    page = window.page(PageKey.REACH)
    assert isinstance(page, ReachPage) and window.current_page is page
    page.build_button.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    builder = page.builder
    assert page.stack.step is Step.BUILDER and builder.view is View.STEP
    qtbot.keyClicks(focused(), "late replies")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Enter in the worry's line goes on
    assert builder.step_index == 1
    qtbot.keyClicks(focused(), "You were two hours later than you said.")
    press(qtbot, builder.next_button)
    qtbot.keyClicks(focused(), "anxious")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "the old fear")
    press(qtbot, builder.next_button)
    qtbot.keyClicks(focused(), "a quick message when plans change")
    press(qtbot, builder.next_button)
    press(qtbot, builder.next_button)  # "why" left empty: that's fine
    assert builder.view is View.PREVIEW and focused() is builder.message
    expected = ("You were two hours later than you said. I'm feeling anxious because of "
                "the old fear. I know you're not responsible for that, but I need a quick "
                "message when plans change.")
    assert builder.message.toPlainText() == expected
    # Edited freely, then copied: the clipboard has exactly what the box has.
    builder.message.moveCursor(builder.message.textCursor().MoveOperation.End)
    qtbot.keyClicks(focused(), " Thank you.")
    press(qtbot, builder.copy_button)
    assert QApplication.clipboard().text() == expected + " Thank you."
    settle(ui_ctx)
    [kept] = AskStore(ui_ctx.store).all()
    assert (kept.worry, kept.message, kept.outcome) == ("late replies",
                                                        expected + " Thank you.", None)
    press(qtbot, builder.close_button)
    qtbot.waitUntil(lambda: page.stack.step is Step.HOME)
    assert "late replies" in page.asks_list.item(0).text()
    page.asks_list.setCurrentRow(0)
    page.outcome_buttons["helped"].click()
    settle(ui_ctx)
    assert AskStore(ui_ctx.store).all()[0].outcome == "helped"
    qtbot.waitUntil(lambda: "It helped" in page.asks_list.item(0).text())


def _to_after_worry(qtbot, page: ReachPage, worry: str) -> None:  # type: ignore[no-untyped-def]
    page.build_button.click()
    page.builder.step_views[0].boxes["worry"].setFocus()
    qtbot.keyClicks(focused(), worry)
    page.builder.next_button.click()


def test_the_same_worry_asked_recently_offers_a_practice_first(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    AskStore(ui_ctx.store).save(Ask(worry="Late replies", message="Could you text if late?",
                                    outcome="helped", asked_utc=time.time() - DAY_S))
    asked: list[tuple[str, dict]] = []
    ui_ctx.practice_requested.connect(lambda key, options: asked.append((key, options)))
    page = make_page(qtbot, ui_ctx)
    _to_after_worry(qtbot, page, "late  replies ")
    builder = page.builder
    assert builder.view is View.LOOP
    assert "Could you text if late?" in builder.earlier.text()
    assert "It helped" in builder.earlier.text()
    assert focused() is builder.practice_buttons["breathe"]
    builder.practice_buttons["breathe"].click()
    assert asked and asked[0][0] == "breathe"
    # The person may still go on, kindly.
    builder.go_on_button.click()
    assert builder.view is View.STEP and builder.step_index == 1


def test_an_old_ask_or_a_different_worry_goes_straight_on(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    AskStore(ui_ctx.store).save(Ask(worry="late replies", message="old",
                                    asked_utc=time.time() - (RECENT_ASK_DAYS + 2) * DAY_S))
    AskStore(ui_ctx.store).save(Ask(worry="the work trip", message="recent",
                                    asked_utc=time.time() - DAY_S))
    page = make_page(qtbot, ui_ctx)
    _to_after_worry(qtbot, page, "late replies")
    assert page.builder.view is View.STEP and page.builder.step_index == 1


def test_a_safety_flag_shows_the_safety_card_instead_of_the_builder(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    WorksheetStore(ui_ctx.store).save(Worksheet(situation="x", red_flags=["afraid"]))
    page = make_page(qtbot, ui_ctx)
    page.build_button.click()
    builder = page.builder
    assert builder.view is View.SAFETY
    assert builder.safety_card.isVisible()
    assert not builder.next_button.isVisible()
    assert not builder.step_views[0].isVisible()


def test_without_a_safety_flag_the_builder_is_offered(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    WorksheetStore(ui_ctx.store).save(Worksheet(situation="x", red_flags=["hides"]))
    page = make_page(qtbot, ui_ctx)
    page.build_button.click()
    assert page.builder.view is View.STEP
    assert page.builder.step_views[0].boxes["worry"].isVisible()
    assert not page.builder.safety_card.isVisible()


def test_the_fits_the_facts_ending_carries_the_situation_into_the_builder(
        qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    from ebbtide.ui.namecheck.page import NextStepView

    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    window.show()
    sheet = Worksheet(situation="Tuesday, 9 pm. No reply since 6.", fits_facts="yes")
    WorksheetStore(ui_ctx.store).save(sheet)
    view = NextStepView(ui_ctx)
    qtbot.addWidget(view)
    view.show()
    view.show_step(next_step(sheet), sheet)
    assert view.reach_button.isVisible()
    view.reach_button.click()
    page = window.page(PageKey.REACH)
    assert isinstance(page, ReachPage) and window.current_page is page
    assert page.builder.view is View.STEP
    facts = page.builder.step_views[1].boxes["facts"]
    assert facts.toPlainText() == "Tuesday, 9 pm. No reply since 6."  # type: ignore[union-attr]


def test_the_fits_ending_with_a_safety_flag_offers_no_request(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    from ebbtide.ui.namecheck.page import NextStepView

    sheet = Worksheet(situation="x", fits_facts="yes", red_flags=["controls"])
    view = NextStepView(ui_ctx)
    qtbot.addWidget(view)
    view.show()
    view.show_step(next_step(sheet), sheet)
    assert not view.reach_button.isVisible() and view.safety_card.isVisible()


def test_the_worksheets_who_could_help_step_lists_safe_people(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    from ebbtide.core.worksheet import load_prompts
    from ebbtide.ui.namecheck.steps import IfFearTrueStep

    add_jo(ui_ctx)
    step = IfFearTrueStep(ui_ctx, load_prompts().steps["if-fear-true"])
    qtbot.addWidget(step)
    step.show()
    assert step.people.isVisible()
    layout = step.layout_
    assert layout.indexOf(step.people) == layout.indexOf(step.fields["cope"]) + 1
    assert [p.name for p in step.people.people] == ["Jo"]


def test_while_locked_no_safe_person_or_ask_is_shown_anywhere(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    from ebbtide.core import lock as core_lock
    from ebbtide.ui.help_dialogs import CrisisDialog
    from ebbtide.ui.operations import ChangeNotice

    add_jo(ui_ctx)
    AskStore(ui_ctx.store).save(Ask(worry="late replies", message="a private ask"))
    page = make_page(qtbot, ui_ctx)
    assert page.people_list.count() == 1 and page.asks_list.count() == 1
    core_lock.enable_lock(ui_ctx.store, "a long enough passphrase")
    core_lock.lock_now(ui_ctx.store)
    ui_ctx.ops.changed.emit(ChangeNotice(Change.LOCK))
    assert page.locked_note.isVisible() and not page.content.isVisible()
    assert page.people_list.count() == 0 and page.asks_list.count() == 0
    dialog = CrisisDialog(ui_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.people.isVisible() and dialog.lines.isVisible()
    core_lock.unlock(ui_ctx.store, "a long enough passphrase")
    ui_ctx.ops.changed.emit(ChangeNotice(Change.LOCK))
    assert page.content.isVisible() and page.people_list.count() == 1
