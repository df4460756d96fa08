"""Steady me now as a person goes through it, by keyboard alone: rate, breathe, name
it, now or then, the worksheet afterwards if wanted, rate again, the change in one
sentence; skip any step with PgDown, leave any step with Esc, and find what was kept."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ebbtide.core.settings import SettingKey
from ebbtide.core.store import SessionKind
from ebbtide.ui.steady.window import SteadyWindow, Step, change_sentence
from tests.conftest import settle
from tests.fakes import FakeClock, FakeEngine


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(500.0)


@pytest.fixture
def opened() -> list[tuple[str, dict[str, object]]]:
    return []


@pytest.fixture
def make_window(qtbot, make_ui_ctx, clock, opened) -> Iterator[Callable[..., SteadyWindow]]:  # type: ignore[no-untyped-def]
    made: list[SteadyWindow] = []

    def make(**kwargs) -> SteadyWindow:  # type: ignore[no-untyped-def]
        ctx = make_ui_ctx(FakeEngine())
        window = SteadyWindow(ctx, clock=clock, open_page=lambda k, o: opened.append((k, o)),
                              show_crisis=lambda: opened.append(("crisis", {})), **kwargs)
        window.close_ms = 0
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield make
    for window in made:
        if window.isVisible():
            window.close()


def key(qtbot, window: SteadyWindow, k, text: str = "") -> None:  # type: ignore[no-untyped-def]
    target = window.focusWidget() or window  # the window's own focus (offscreen: never active)
    if text:
        qtbot.keyClicks(target, text)
    else:
        qtbot.keyClick(target, k)


def breathe_for(window: SteadyWindow, clock: FakeClock, seconds: float) -> None:
    clock.advance(seconds)
    assert window.runner is not None
    window.runner._frame()
    QApplication.processEvents()


def sessions(window: SteadyWindow):  # type: ignore[no-untyped-def]
    settle(window.ctx)
    return window.ctx.store.sessions()


def test_the_whole_path_by_keyboard_keeps_one_session(qtbot, make_window, clock, opened) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.step is Step.RATE and window.focusWidget() is window.before_scale
    key(qtbot, window, None, "6")
    key(qtbot, window, Qt.Key.Key_Return)
    assert window.step is Step.BREATHE
    assert window.pattern.id == "extended-exhale"  # Longer breath out
    breathe_for(window, clock, 30)
    window.view.repaint()
    assert window.view.last is not None and window.view.last.word  # it breathes
    breathe_for(window, clock, 200)  # past the two minutes: the bell, then on
    qtbot.waitUntil(lambda: window.step is Step.FEELING)
    key(qtbot, window, Qt.Key.Key_Right)  # focus rests on the first; Right chooses the next
    key(qtbot, window, Qt.Key.Key_Return)
    assert window.feeling == window.words.feelings[1]
    assert window.step is Step.NOW_OR_THEN
    key(qtbot, window, Qt.Key.Key_Down)
    assert window.answer_after.text() == window.words.answer("then").after
    key(qtbot, window, Qt.Key.Key_Return)
    assert window.now_or_then == "then"
    assert window.step is Step.NEXT
    key(qtbot, window, Qt.Key.Key_Down)  # "Open the worksheet when we finish"
    key(qtbot, window, Qt.Key.Key_Return)
    assert window.step is Step.RATE_AGAIN
    key(qtbot, window, None, "3")
    key(qtbot, window, Qt.Key.Key_Return)
    assert window.step is Step.CHANGE
    assert window.change_text.text() == "Your distress came down from 6 to 3."
    key(qtbot, window, Qt.Key.Key_Return)
    assert not window.isVisible()
    assert opened == [("namecheck", {})]
    [saved] = sessions(window)
    assert saved.kind == SessionKind.BREATHING and saved.completed
    assert (saved.distress_before, saved.distress_after) == (6, 3)
    assert saved.details["feelings"] == [window.words.feelings[1]]
    assert saved.details["now_or_then"] == "then" and saved.details["path"] == "steady"
    assert saved.duration_s == pytest.approx(120, abs=1)


def test_skipping_every_step_keeps_nothing(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    seen = []
    while window.step is not Step.CHANGE:
        seen.append(window.step)
        key(qtbot, window, Qt.Key.Key_PageDown)
    assert seen == [Step.RATE, Step.BREATHE, Step.FEELING, Step.NOW_OR_THEN, Step.NEXT,
                    Step.RATE_AGAIN]
    assert "Nothing was saved" in window.saved_text.text()
    key(qtbot, window, Qt.Key.Key_Return)
    assert sessions(window) == []


def test_skipping_the_breathing_keeps_the_ratings_as_a_checkin(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    key(qtbot, window, None, "5")
    key(qtbot, window, Qt.Key.Key_Return)
    key(qtbot, window, Qt.Key.Key_PageDown)  # no breathing now
    window.skip_button.click()  # and the buttons do the same as the keys
    window.skip_button.click()
    window.skip_button.click()
    assert window.step is Step.RATE_AGAIN
    key(qtbot, window, None, "4")
    key(qtbot, window, Qt.Key.Key_Return)
    assert window.change_text.text() == "Your distress came down from 5 to 4."
    window.go_button.click()
    [saved] = sessions(window)
    assert saved.kind == SessionKind.CHECKIN
    assert (saved.distress_before, saved.distress_after) == (5, 4)


@pytest.mark.parametrize("leave_at", [s for s in Step if s is not Step.CHANGE])
def test_esc_leaves_any_step_keeping_what_was_done(qtbot, make_window, clock, leave_at) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    key(qtbot, window, None, "7")
    if leave_at is not Step.RATE:
        key(qtbot, window, Qt.Key.Key_Return)
        breathe_for(window, clock, 40)
    while window.step is not leave_at:
        assert window.step is not Step.CHANGE
        key(qtbot, window, Qt.Key.Key_PageDown)
    key(qtbot, window, Qt.Key.Key_Escape)
    assert not window.isVisible()
    assert window.runner is None  # breathing stopped at once
    [saved] = sessions(window)
    assert saved.distress_before == 7  # the number typed is kept, even unconfirmed
    if leave_at is Step.RATE:
        assert saved.kind == SessionKind.CHECKIN
    else:
        assert saved.kind == SessionKind.BREATHING and not saved.completed
        assert saved.duration_s > 30


def test_leaving_before_anything_keeps_nothing(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    key(qtbot, window, Qt.Key.Key_Escape)
    assert not window.isVisible()
    assert sessions(window) == []


def test_high_distress_shows_crisis_help_before_breathing(qtbot, make_window, opened) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    key(qtbot, window, None, "9")
    key(qtbot, window, Qt.Key.Key_Return)
    box = window.crisis_box
    assert box is not None and box.isVisible() and window.step is Step.RATE
    assert window.runner is None  # nothing starts behind it
    window.go_on()  # a late auto-continue, or another Enter: the path waits
    window.skip()
    assert window.step is Step.RATE and window.crisis_box is box
    help_button = next(b for b in box.buttons() if b.text() == "If you need help now")
    help_button.click()
    qtbot.waitUntil(lambda: window.step is Step.BREATHE)
    assert opened == [("crisis", {})]  # the crisis lines were shown, then breathing
    window.close()


def test_a_crisis_word_shows_crisis_help(qtbot, make_window, opened) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    key(qtbot, window, Qt.Key.Key_PageDown)
    key(qtbot, window, Qt.Key.Key_PageDown)
    assert window.step is Step.FEELING
    row = window.words.feelings.index("hopeless")
    window.feelings.setCurrentRow(row)  # as a click does: current and chosen
    key(qtbot, window, Qt.Key.Key_Return)
    box = window.crisis_box
    assert box is not None and box.isVisible()
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Esc on the message goes on with the path
    qtbot.waitUntil(lambda: window.step is Step.NOW_OR_THEN)
    assert opened == []  # the help was offered, not forced


def test_the_chosen_pattern_is_used(qtbot, make_window, make_ui_ctx) -> None:  # type: ignore[no-untyped-def]
    make_ui_ctx().settings.set(SettingKey.STEADY_PATTERN, "box")
    window = make_window()
    assert window.pattern.id == "box"


def test_locked_it_only_breathes_and_keeps_nothing(qtbot, make_window, clock) -> None:  # type: ignore[no-untyped-def]
    window = make_window(breath_only=True)
    assert window.step is Step.BREATHE and window.runner is not None
    assert not window.skip_button.isVisible()
    breathe_for(window, clock, 60)
    key(qtbot, window, Qt.Key.Key_Escape)
    assert not window.isVisible()
    assert sessions(window) == []


def test_the_change_in_one_sentence() -> None:
    assert change_sentence(7, 4) == "Your distress came down from 7 to 4."
    assert "where it was" in change_sentence(5, 5)
    assert "went from 3 to 6" in change_sentence(3, 6)
    assert change_sentence(None, None).startswith("You took some time")


def test_the_path_can_end_in_a_new_trigger_entry(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    from ebbtide.ui.steady.window import SteadyWindow

    opened: list[tuple[str, dict]] = []  # type: ignore[type-arg]
    window = SteadyWindow(ui_ctx, open_page=lambda key, options: opened.append((key, options)))
    qtbot.addWidget(window)
    keys = [key for _text, key, _o in window._next_options]
    assert "notice" in keys
    window.then_open = "notice"
    window.leave()
    assert opened == [("notice", {"entry": "trigger"})]
