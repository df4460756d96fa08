"""The Breathe page as a person uses it: pick a pattern, rate, breathe, pause with Space,
stop with Esc, rate again, and find the session saved; reduced motion never scales."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from ebbtide.core.breathing import Phase, PhaseKind
from ebbtide.core.settings import SettingKey
from ebbtide.core.store import SessionKind
from ebbtide.ui.breathe.page import BreathePage, change_words, duration_words
from tests.conftest import settle
from tests.fakes import FakeClock, FakeEngine


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(500.0)


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def page(qtbot, make_ui_ctx, clock: FakeClock, engine: FakeEngine) -> Iterator[BreathePage]:  # type: ignore[no-untyped-def]
    ui_ctx = make_ui_ctx(engine)  # the app's one engine, here a fake that records what played
    p = BreathePage(ui_ctx)
    p.clock_factory = clock
    p.close_ms = 10
    qtbot.addWidget(p)
    p.resize(1100, 760)
    p.show()
    qtbot.waitExposed(p)
    p.page_shown()
    yield p
    p.page_hidden()


def choose(page: BreathePage, pattern_id: str) -> None:
    for row in range(page.pattern_list.count()):
        if page.pattern_list.item(row).data(Qt.ItemDataRole.UserRole) == pattern_id:
            page.pattern_list.setCurrentRow(row)
            return
    raise AssertionError(pattern_id)


def start(qtbot, page: BreathePage, rating: str | None = None) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(page.begin_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.before_view
    if rating is not None:
        qtbot.keyClicks(page.before_scale, rating)
    qtbot.keyClick(page.before_scale, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.session_view


def advance(page: BreathePage, clock: FakeClock, seconds: float) -> None:
    clock.advance(seconds)
    assert page.runner is not None
    page.runner._frame()
    QApplication.processEvents()  # let a pending layout settle before painting
    page.view.repaint()


def test_a_whole_session_with_ratings_is_saved(qtbot, page, clock, engine, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    choose(page, "box")
    page.by_cycles.setChecked(True)
    page.cycles.setValue(2)
    start(qtbot, page, "7")
    advance(page, clock, 0.5)
    assert page.view.last is not None and page.view.last.word == "Get comfortable"
    assert page.view.last.count == "3"
    advance(page, clock, 3.5)  # 1 s into the first inhale
    assert page.view.last.word == "Breathe in" and page.view.last.count == "3"
    advance(page, clock, 4.0)
    assert page.view.last.word == "Hold"
    advance(page, clock, 4.0)
    assert page.view.last.word == "Breathe out"
    advance(page, clock, 30.0)  # past the end of the second breath
    assert page.runner is not None and page.runner.done
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.after_view, timeout=2000)
    qtbot.keyClicks(page.after_scale, "4")
    qtbot.keyClick(page.after_scale, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.end_view
    assert "from 7 to 4" in page.end_change.text()
    assert "2 full breaths" in page.end_detail.text()

    settle(page.ctx)
    [saved] = ui_ctx.store.sessions(kinds=[SessionKind.BREATHING])
    assert saved.content_id == "box" and saved.completed
    assert (saved.distress_before, saved.distress_after) == (7, 4)
    assert saved.details["label"] == "Box breathing"
    assert saved.details["cycles_completed"] == 2
    assert saved.details["phases"][1] == {"kind": "hold", "seconds": 4}
    assert saved.duration_s == pytest.approx(32.0)
    assert page.runner is not None
    assert page.runner.player is not None
    names = page.runner.player.played
    assert names[0] == "start bell" and names[-1] == "end bell"
    assert names[1:-1] == ["inhale", "tick", "exhale", "tick"] * 2


def test_space_pauses_and_the_breath_waits(qtbot, page, clock, engine) -> None:  # type: ignore[no-untyped-def]
    choose(page, "4-7-8")
    start(qtbot, page)
    advance(page, clock, 3 + 6.0)  # 2 s into the hold
    shown = page.view.last
    qtbot.keyClick(page.view, Qt.Key.Key_Space)
    assert page.runner is not None and page.runner.paused
    assert engine.stops >= 1  # sound stops with the pause
    assert page.pause_button.text().startswith("Resume")
    advance(page, clock, 90.0)
    assert page.view.last is not None and page.view.last.word == "Paused"
    # Space on a focused button still pauses or resumes; it does not press the button.
    page.stop_button.setFocus()
    qtbot.keyClick(page.stop_button, Qt.Key.Key_Space)
    assert page.runner.running and not page.runner.paused
    advance(page, clock, 0.0)
    assert page.view.last == shown  # the same word, the same count, the same size


def test_esc_stops_at_once_and_keeps_the_session_as_stopped_early(qtbot, page, clock, engine,  # type: ignore[no-untyped-def]
                                                                  ui_ctx) -> None:
    choose(page, "coherent")
    start(qtbot, page, "6")
    advance(page, clock, 3 + 20.0)
    stops_before = engine.stops
    qtbot.keyClick(page.view, Qt.Key.Key_Escape)
    assert page.runner is not None and not page.runner.running
    assert engine.stops > stops_before
    assert page.stack.currentWidget() is page.after_view
    qtbot.keyClick(page.after_scale, Qt.Key.Key_Escape)  # skip the rating
    assert page.stack.currentWidget() is page.end_view
    assert "stopped" in page.end_title.text().lower()
    settle(page.ctx)
    [saved] = ui_ctx.store.sessions(kinds=[SessionKind.BREATHING])
    assert not saved.completed
    assert saved.duration_s == pytest.approx(20.0)
    assert (saved.distress_before, saved.distress_after) == (6, None)
    assert saved.details["cycles_completed"] == 1


def test_esc_in_the_first_seconds_saves_nothing(qtbot, page, clock, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    start(qtbot, page)
    advance(page, clock, 2.0)
    qtbot.keyClick(page.view, Qt.Key.Key_Escape)
    assert page.stack.currentWidget() is page.setup_view
    settle(page.ctx)
    assert ui_ctx.store.sessions(kinds=[SessionKind.BREATHING]) == []
    assert "Nothing was saved" in page.status.text()


def test_plus_and_minus_change_the_pace_without_a_jump(qtbot, page, clock) -> None:  # type: ignore[no-untyped-def]
    choose(page, "resonance-6")
    start(qtbot, page)
    advance(page, clock, 3 + 2.0)
    before = page.view.last
    qtbot.keyClick(page.view, Qt.Key.Key_Plus)
    assert "breathing in 5.5 s" in page.session_info.text()
    advance(page, clock, 0.0)
    assert page.view.last is not None and before is not None
    assert page.view.last.radius == pytest.approx(before.radius)
    qtbot.keyClick(page.view, Qt.Key.Key_Minus)
    qtbot.keyClick(page.view, Qt.Key.Key_Minus)
    assert "breathing in 4.5 s" in page.session_info.text()


def grab_without_bar(page: BreathePage) -> tuple[QImage, QImage]:
    image = page.view.grab().toImage()
    bar = page.view.bar_rect().toAlignedRect().adjusted(-4, -4, 4, 4)
    above = image.copy(QRect(0, 0, image.width(), bar.top()))
    below = image.copy(QRect(0, bar.bottom(), image.width(), image.height() - bar.bottom()))
    return above, below


@pytest.mark.parametrize("reduced", [False, True])
def test_reduced_motion_never_scales(qtbot, page, clock, ui_ctx, reduced: bool) -> None:  # type: ignore[no-untyped-def]
    ui_ctx.set_setting(SettingKey.REDUCED_MOTION, reduced)
    choose(page, "box")
    page.open_ended.setChecked(True)
    start(qtbot, page)
    advance(page, clock, 3 + 0.1)
    early = grab_without_bar(page)
    first = page.view.last
    advance(page, clock, 0.8)  # still "Breathe in", still "4"
    late = grab_without_bar(page)
    second = page.view.last
    assert first is not None and second is not None
    assert (first.word, first.count) == (second.word, second.count) == ("Breathe in", "4")
    if reduced:
        assert first.radius is None and second.radius is None
        assert early == late  # nothing outside the bar moved
        assert second.bar is not None and first.bar is not None and second.bar > first.bar
    else:
        assert first.radius is not None and second.radius is not None
        assert second.radius > first.radius
        assert early != late


def test_no_sound_device_runs_visually_with_a_notice(qtbot, make_ui_ctx, clock) -> None:  # type: ignore[no-untyped-def]
    ui_ctx = make_ui_ctx(FakeEngine(available=False))
    page = BreathePage(ui_ctx)
    page.clock_factory = clock
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    start(qtbot, page)
    assert page.session_notice.isVisibleTo(page)
    assert "this session is silent" in page.session_notice.text()
    advance(page, clock, 5)
    assert page.view.last is not None and page.view.last.word == "Breathe in"
    page.page_hidden()


def test_sound_off_in_settings_plays_nothing(qtbot, page, clock, engine, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    ui_ctx.set_setting(SettingKey.SOUNDS_ON, False)
    start(qtbot, page)
    advance(page, clock, 3 + 10)
    assert engine.effects == []
    assert page.runner is not None and page.runner.player is None


def test_leaving_the_page_stops_the_session_and_every_sound(qtbot, page, clock, engine,  # type: ignore[no-untyped-def]
                                                            ui_ctx) -> None:
    choose(page, "extended-exhale")
    start(qtbot, page, "5")
    advance(page, clock, 3 + 12)
    assert engine.effects  # it was playing
    stops = engine.stops
    page.page_hidden()
    assert engine.stops > stops
    assert not page.busy()
    settle(page.ctx)
    [saved] = ui_ctx.store.sessions(kinds=[SessionKind.BREATHING])
    assert not saved.completed and saved.duration_s == pytest.approx(12.0)


def test_custom_pattern_delete_and_undo_with_ctrl_z(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    mine = page.repo.create("Slow evening", [Phase(PhaseKind.INHALE, 4),
                                             Phase(PhaseKind.EXHALE, 8)])
    page._refresh_patterns(select=mine.id)
    assert page.pattern is not None and page.pattern.id == mine.id
    assert page.delete_button.isEnabled() and page.rename_button.isEnabled()
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    settle(page.ctx)
    assert page.repo.get(mine.id) is None
    assert page.undo_button.isVisibleTo(page) and "Undo" in page.status.text()
    qtbot.keyClick(page.pattern_list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(page.ctx)
    assert page.repo.get(mine.id) is not None
    assert page.pattern is not None and page.pattern.id == mine.id


def test_presets_can_be_copied_not_changed(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    choose(page, "4-7-8")
    assert not page.edit_button.isEnabled() and not page.delete_button.isEnabled()
    assert "Weil" in page.why_this_helps.text()
    assert page.cycles.value() == 4 and page.by_cycles.isChecked()  # Weil's four rounds
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    settle(page.ctx)
    assert page.pattern is not None and not page.pattern.preset
    assert page.pattern.name == "4-7-8 breath (copy)"
    assert page.edit_button.isEnabled()


def test_every_control_has_a_name(qtbot, page, clock) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.a11y import unnamed_controls

    assert unnamed_controls(page) == []  # choosing a pattern
    start(qtbot, page)
    assert unnamed_controls(page) == []  # breathing
    qtbot.keyClick(page.view, Qt.Key.Key_F11)
    assert page.focus_window is not None and unnamed_controls(page.focus_window) == []


def test_words_for_the_end_screen() -> None:
    assert change_words(7, 4) == "Your distress went from 7 to 4."
    assert change_words(3, 5) == "Your distress went from 3 to 5."
    assert change_words(5, 5) == "Your distress stayed at 5 out of 10."
    assert change_words(None, None) == ""
    assert duration_words(312) == "5 minutes 12 seconds"
    assert duration_words(60) == "1 minute"


def test_a_ramped_timed_session_records_its_plan(qtbot, page, clock, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    choose(page, "resonance-6")
    page.by_minutes.setChecked(True)
    page.minutes.setValue(2)
    page.ramp_on.setChecked(True)
    page.ramp_target.setValue(4.5)
    page.ramp_minutes.setValue(2)
    start(qtbot, page)
    advance(page, clock, 3 + 60)
    assert page.view.last is not None and page.view.last.radius is not None
    advance(page, clock, 70)  # past two minutes and the breath that was under way
    assert page.runner is not None and page.runner.done
    settle(page.ctx)
    [saved] = ui_ctx.store.sessions(kinds=[SessionKind.BREATHING])
    assert saved.completed
    assert saved.details["ramp"] == {"target_bpm": 4.5, "minutes": 2.0}
    assert saved.details["plan"] == {"mode": "minutes", "amount": 2}
    assert saved.details["planned_s"] >= 120
    assert saved.duration_s == pytest.approx(saved.details["planned_s"], abs=0.1)
    # Slowing from 6 to 4.5 a minute over 2 minutes fits about 10 breaths.
    assert 9 <= saved.details["cycles_completed"] <= 11


def test_sound_choices_are_remembered(qtbot, page, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page.tones.setChecked(False)
    page.spoken.setChecked(True)
    assert ui_ctx.settings[SettingKey.BREATHE_TONE_CUES] is False
    assert ui_ctx.settings[SettingKey.BREATHE_SPOKEN_CUES] is True
    again = BreathePage(ui_ctx)
    qtbot.addWidget(again)
    assert not again.tones.isChecked() and again.spoken.isChecked()


def test_a_broken_presets_file_still_offers_own_patterns(qtbot, make_ui_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ebbtide.core import patterns

    ui_ctx = make_ui_ctx(FakeEngine())
    patterns.PatternRepository(ui_ctx.store, preset_patterns=[]).create(
        "Mine", [Phase(PhaseKind.INHALE, 4), Phase(PhaseKind.EXHALE, 6)])

    def broken() -> tuple[patterns.Pattern, ...]:
        raise patterns.PatternFileError("patterns.toml: [[pattern]] entry 3: broken")

    monkeypatch.setattr(patterns, "presets", broken)
    page = BreathePage(ui_ctx)
    qtbot.addWidget(page)
    assert page.pattern_list.count() == 1 and page.pattern is not None
    assert "could not be loaded" in page.status.text()


def test_another_page_can_start_a_short_session(qtbot, page, clock) -> None:  # type: ignore[no-untyped-def]
    assert page.start_pattern("extended-exhale", minutes=2, ask_rating=False)
    assert page.stack.currentWidget() is page.session_view
    assert page.runner is not None and page.runner.session.plan.amount == 2
    advance(page, clock, 3.5)
    assert page.view.last is not None and page.view.last.word == "Breathe in"
    assert not page.start_pattern("no-such-pattern")


def test_f11_shows_only_the_breathing_and_esc_there_stops(qtbot, page, clock, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    start(qtbot, page, "5")
    qtbot.keyClick(page.view, Qt.Key.Key_F11)
    window = page.focus_window
    assert window is not None and window.isVisible()
    assert page.runner is not None and window.view in page.runner.views
    advance(page, clock, 3 + 8.0)
    window.view.repaint()
    assert window.view.last is not None and window.view.last.word == "Breathe out"
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert page.focus_window is None and not page.runner.running
    assert page.stack.currentWidget() is page.after_view
    settle(page.ctx)
    [saved] = ui_ctx.store.sessions(kinds=[SessionKind.BREATHING])
    assert not saved.completed and saved.distress_before == 5


def test_ending_a_practice_at_eight_or_more_brings_the_gentle_card(qtbot, page, clock) -> None:  # type: ignore[no-untyped-def]
    from ebbtide.ui.common.safety import GentleCard

    choose(page, "box")
    page.by_cycles.setChecked(True)
    page.cycles.setValue(1)
    start(qtbot, page, "9")
    advance(page, clock, 30.0)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.after_view, timeout=2000)
    qtbot.keyClicks(page.after_scale, "8")
    qtbot.keyClick(page.after_scale, Qt.Key.Key_Return)
    cards = [w for w in page.findChildren(GentleCard) if w.isVisible()]
    assert len(cards) == 1
    assert "from 9 to 8" in page.end_change.text()  # the result is there behind it
    cards[0].reject()


def test_leaving_during_the_lead_in_keeps_no_empty_session(qtbot, page, clock) -> None:  # type: ignore[no-untyped-def]
    choose(page, "box")
    start(qtbot, page, "6")
    advance(page, clock, 1.0)  # still "Get comfortable": nothing practised yet
    page.page_hidden()
    settle(page.ctx)
    assert page.ctx.store.sessions(kinds=[SessionKind.BREATHING]) == []


def test_an_after_rating_chosen_before_the_lock_comes_down_is_kept(qtbot, page, clock) -> None:  # type: ignore[no-untyped-def]
    choose(page, "box")
    page.by_cycles.setChecked(True)
    page.cycles.setValue(1)
    start(qtbot, page, "7")
    advance(page, clock, 30.0)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.after_view, timeout=2000)
    page.after_scale.setValue(3)  # chosen, not yet confirmed with Enter
    page.page_hidden()  # what locking (by key or idle time) does to every page
    settle(page.ctx)
    [saved] = page.ctx.store.sessions(kinds=[SessionKind.BREATHING])
    assert (saved.distress_before, saved.distress_after) == (7, 3)


@pytest.mark.parametrize(("turned_on", "before", "lists", "shown"), [
    (True, "8", True, True), (True, "5", True, False), (False, "9", True, False),
    (True, "9", False, False)])
def test_things_true_about_you_end_a_hard_session_only_when_asked_for(  # type: ignore[no-untyped-def]
        qtbot, page, clock, turned_on, before, lists, shown) -> None:
    from ebbtide.core.self_lists import ListItem
    from ebbtide.core.self_trust_store import SelfTrustStore
    from ebbtide.core.settings import SettingKey

    if lists:
        SelfTrustStore(page.ctx.store).save_all([
            ListItem("I got through last winter", "strengths"), ListItem("Honesty", "values")])
    page.ctx.settings.set(SettingKey.SHOW_TRUE_ABOUT_YOU, turned_on)
    choose(page, "box")
    page.by_cycles.setChecked(True)
    page.cycles.setValue(1)
    start(qtbot, page, before)
    advance(page, clock, 0.5)
    advance(page, clock, 30.0)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.after_view, timeout=2000)
    qtbot.keyClick(page.after_scale, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.end_view
    assert page.true_card.isVisible() is shown
    if shown:
        assert page.true_card.title.text() == "Things that are true about you"
        assert page.true_card.body.text() == ("Strengths: I got through last winter\n"
                                              "Values: Honesty")


def test_the_end_screen_holds_the_moment_and_offers_another_pattern(qtbot, page, clock) -> None:  # type: ignore[no-untyped-def]
    """Much the same after breathing: a kind word, and another pattern is one key away."""
    choose(page, "box")
    page.by_cycles.setChecked(True)
    page.cycles.setValue(1)
    start(qtbot, page, "5")
    advance(page, clock, 20.0)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.after_view, timeout=2000)
    qtbot.keyClicks(page.after_scale, "5")
    qtbot.keyClick(page.after_scale, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.end_view
    assert page.moment.picture.accessibleDescription() == "Before: 5 out of 10. After: 5 out of 10."
    assert page.moment.step_button.text() == "Try another practice"
    qtbot.mouseClick(page.moment.step_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.setup_view
