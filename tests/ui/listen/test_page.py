"""The Listen page as a person uses it: keys, captions, saving, no sound device, and their
own recordings. A fake clock and a fake sound library stand in for time and the device."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ebbtide.audio.engine import AudioEngine
from ebbtide.core.meditations import Caption, Meditation
from ebbtide.core.settings import SettingKey
from ebbtide.core.store import SessionKind
from ebbtide.ui import theme
from ebbtide.ui.listen import page as listen_module
from ebbtide.ui.listen.page import ListenPage
from tests.conftest import settle
from tests.fakes import FakeClock, RecordingBackend
from tests.ui.a11y import unnamed_controls

LENGTH_S = 20.0
CAPTIONS = (
    Caption(0.5, 4.0, "Let your shoulders soften."),
    Caption(6.0, 9.0, "Notice the breath, just as it is."),
    Caption(12.0, 17.0, "Is this now, or then?"),
)


@pytest.fixture
def meditation(tmp_path: Path) -> Meditation:
    path = tmp_path / "short-scan.wav"
    t = np.arange(int(LENGTH_S * 22050)) / 22050
    soundfile.write(path, (0.2 * np.sin(2 * np.pi * 200 * t)).astype(np.float32), 22050)
    return Meditation("short-scan", "A short scan", "A few quiet sentences.", "ours", path,
                      LENGTH_S, CAPTIONS)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def backend() -> RecordingBackend:
    return RecordingBackend()


@pytest.fixture
def page(qtbot, make_ui_ctx, meditation, clock, backend, monkeypatch):  # type: ignore[no-untyped-def]
    ui_ctx = make_ui_ctx(AudioEngine(volume=0.7, backend=backend, clock=clock))
    monkeypatch.setattr(listen_module, "load_meditations", lambda: [meditation])
    page = ListenPage(ui_ctx)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    page.activateWindow()
    qtbot.waitActive(page)
    page.page_shown()
    yield page
    page.shutting_down()


def _begin(qtbot, page: ListenPage) -> None:  # type: ignore[no-untyped-def]
    page.library.select("meditation", "short-scan")
    qtbot.mouseClick(page.library.begin_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.player_view, timeout=5000)


def _key(qtbot, page: ListenPage, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    focus = QApplication.focusWidget() or page
    qtbot.keyClick(focus, key)


def test_play_pause_seek_and_stop_by_keyboard(qtbot, page, clock) -> None:  # type: ignore[no-untyped-def]
    _begin(qtbot, page)
    player = page.player
    assert player.state == "playing"
    clock.advance(3.0)
    page.refresh()
    # 20 s of words, and the room tone's one-second fade after them.
    assert page.player_view.time_label.text() == "0:03 / 0:21"
    _key(qtbot, page, Qt.Key.Key_Space)
    assert player.state == "paused"
    assert page.player_view.play_button.text() == "Play"
    paused_at = player.position_s
    clock.advance(30.0)  # time passes; the place does not
    page.refresh()
    assert player.position_s == paused_at
    _key(qtbot, page, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: player.state == "playing" and player._pending_start is None)
    start = player.position_s
    _key(qtbot, page, Qt.Key.Key_Right)
    assert player.position_s == pytest.approx(start + 10.0, abs=0.6)
    _key(qtbot, page, Qt.Key.Key_Left)
    assert player.position_s == pytest.approx(start, abs=0.6)
    _key(qtbot, page, Qt.Key.Key_Escape)
    assert page.stack.currentWidget() is page.after_view
    assert player.state == "stopped"
    assert page.ctx.audio.player is None  # nothing left sounding


def test_captions_follow_the_position_and_can_be_turned_off(qtbot, page, clock) -> None:  # type: ignore[no-untyped-def]
    _begin(qtbot, page)
    caption = page.player_view.caption_label
    clock.advance(1.0)
    page.refresh()
    assert caption.text() == "Let your shoulders soften."
    clock.advance(6.5)  # 7.5 s
    page.refresh()
    assert caption.text() == "Notice the breath, just as it is."
    clock.advance(3.0)  # 10.5 s: past the sentence and its moment to finish reading
    page.refresh()
    assert caption.text() == ""
    page.player_view.skip(4.0)  # to 14.5 s
    page.refresh()
    assert caption.text() == "Is this now, or then?"
    qtbot.mouseClick(page.player_view.captions_box, Qt.MouseButton.LeftButton)
    assert caption.text() == ""
    assert page.ctx.settings[SettingKey.CAPTIONS_ON] is False


def test_listening_to_the_end_saves_a_completed_session(qtbot, page, clock) -> None:  # type: ignore[no-untyped-def]
    page.before_scale.setValue(7)
    _begin(qtbot, page)
    for _ in range(22):
        clock.advance(1.0)
        page.ctx.audio._tick()
        page.refresh()
    assert page.stack.currentWidget() is page.after_view
    assert "all the way through" in page.after_summary.text()
    page.after_scale.setValue(4)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    settle(page.ctx)
    [saved] = page.ctx.store.sessions(kinds=[SessionKind.AUDIO])
    assert saved.content_id == "short-scan" and saved.completed
    assert (saved.distress_before, saved.distress_after) == (7, 4)
    assert saved.duration_s == pytest.approx(LENGTH_S, abs=1.0)
    assert saved.details["label"] == "A short scan"
    # The held moment: 7 → 4 as a picture, a warm line, and noticing what helped.
    assert page.stack.currentWidget() is page.result_view
    assert page.moment.picture.accessibleDescription() == "Before: 7 out of 10. After: 4 out of 10."
    assert page.moment.step_button.text() == "Notice what helped"
    assert page.before_scale.value() is None
    qtbot.keyClick(page.done_button, Qt.Key.Key_Escape)
    assert page.stack.currentWidget() is page.choose_view


def test_leaving_the_page_stops_and_keeps_the_session_as_unfinished(qtbot, page, clock) -> None:  # type: ignore[no-untyped-def]
    _begin(qtbot, page)
    clock.advance(8.0)
    page.refresh()
    page.page_hidden()
    assert page.ctx.audio.player is None
    settle(page.ctx)
    [saved] = page.ctx.store.sessions(kinds=[SessionKind.AUDIO])
    assert not saved.completed and saved.duration_s == pytest.approx(8.0, abs=0.2)
    assert saved.distress_after is None


def test_without_a_sound_device_captions_go_on_and_a_notice_says_why(  # type: ignore[no-untyped-def]
        qtbot, make_ui_ctx, meditation, clock, monkeypatch) -> None:
    ui_ctx = make_ui_ctx(AudioEngine(backend=RecordingBackend(fail_on_play=True), clock=clock))
    monkeypatch.setattr(listen_module, "load_meditations", lambda: [meditation])
    page = ListenPage(ui_ctx)
    qtbot.addWidget(page)
    page.show()
    page.page_shown()
    _begin(qtbot, page)
    assert page.player_view.notice.isVisible()
    assert "No sound device" in page.player_view.notice.text()
    clock.advance(7.0)
    page.refresh()
    assert page.player_view.caption_label.text() == "Notice the breath, just as it is."
    page.shutting_down()


def _mp3(path: Path) -> Path:
    t = np.arange(44100) / 44100
    soundfile.write(path, (0.3 * np.sin(2 * np.pi * 330 * t)).astype(np.float32), 44100,
                    format="MP3", subtype="MPEG_LAYER_III")
    return path


def test_own_recordings_import_rename_remove_and_undo(qtbot, page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    good = _mp3(tmp_path / "from my therapist.mp3")
    bad = tmp_path / "shopping list.mp3"
    bad.write_text("eggs, bread", encoding="utf-8")
    page.import_files([good, bad])
    qtbot.waitUntil(lambda: page.library.recording_list.count() == 1, timeout=5000)
    qtbot.waitUntil(lambda: "shopping list.mp3" in page.message.text())
    assert "Added your recording." in page.message.text()
    assert page.library.recording_list.item(0).text().startswith("from my therapist")
    uid = page.recordings.all()[0].uid
    page.rename_recording(uid, "Safe place, from Dr Lee")
    settle(page.ctx)
    assert page.library.recording_list.item(0).text().startswith("Safe place, from Dr Lee")
    page.library.select("recording", uid)
    qtbot.mouseClick(page.library.remove_button, Qt.MouseButton.LeftButton)
    settle(page.ctx)
    assert page.library.recording_list.count() == 0 and page.library.undo_bar.isVisible()
    qtbot.keyClick(page.library.undo_button, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(page.ctx)
    assert page.library.recording_list.count() == 1 and not page.library.undo_bar.isVisible()
    # And it plays like the built-in ones.
    page.library.select("recording", uid)
    qtbot.mouseClick(page.library.begin_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.player_view, timeout=5000)
    assert page.player.length_s == pytest.approx(1.0, abs=0.1)
    assert "no captions" in page.player_view.caption_label.text()


def test_every_control_has_a_name_in_every_view(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    for view in (page.choose_view, page.player_view, page.timer_view, page.after_view):
        page.stack.setCurrentWidget(view)
        assert unnamed_controls(view) == [], view
    page.tabs.setCurrentIndex(1)
    page.stack.setCurrentWidget(page.choose_view)
    assert unnamed_controls(page.choose_view) == []


def test_the_long_body_scan_start_to_finish_with_captions_and_a_pause(  # type: ignore[no-untyped-def]
        qtbot, make_ui_ctx, clock, backend) -> None:
    """The shipped 15-minute body scan: every sentence shows while it is spoken, a pause
    in the middle loses nothing, and the end is saved as finished."""

    ui_ctx = make_ui_ctx(AudioEngine(volume=0.7, backend=backend, clock=clock))
    page = ListenPage(ui_ctx)
    qtbot.addWidget(page)
    page.show()
    page.page_shown()
    scan = next(m for m in page.meditations if m.id == "body-scan-15")
    assert scan.duration_s > 600
    page.library.select("meditation", scan.id)
    qtbot.mouseClick(page.library.begin_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.player_view, timeout=10000)
    player = page.player
    began = clock.now
    offset = 0.0  # time spent paused
    for n, caption in enumerate(scan.captions):
        clock.now = began + offset + caption.start_s + 0.05
        page.ctx.audio._tick()
        page.refresh()
        assert page.player_view.caption_label.text() == caption.text
        if n == len(scan.captions) // 2:
            player.pause()
            here = player.position_s
            clock.advance(120.0)
            page.refresh()
            assert player.position_s == here
            clock.advance(1.0)
            page.ctx.audio._tick()
            page.ctx.audio._tick()
            player.play()
            page.ctx.audio._tick()
            # Resumed where the sound faded out, a moment after the key press.
            offset = clock.now - began - here
    clock.now = began + offset + scan.duration_s + 2.0  # past the room tone's fade
    page.ctx.audio._tick()
    page.refresh()
    assert page.stack.currentWidget() is page.after_view
    qtbot.mouseClick(page.skip_button, Qt.MouseButton.LeftButton)
    settle(page.ctx)
    [saved] = page.ctx.store.sessions(kinds=[SessionKind.AUDIO])
    assert saved.content_id == "body-scan-15" and saved.completed
    page.shutting_down()


def test_on_the_choosing_view_space_presses_the_focused_button(qtbot, page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page.import_files([_mp3(tmp_path / "a.mp3")])
    qtbot.waitUntil(lambda: page.library.recording_list.count() == 1, timeout=5000)
    uid = page.recordings.all()[0].uid
    page.remove_recording(uid)
    settle(page.ctx)
    assert page.library.undo_button.hasFocus()
    qtbot.keyClick(page.library.undo_button, Qt.Key.Key_Space)
    settle(page.ctx)
    assert page.library.recording_list.count() == 1


def test_dropping_a_sound_file_on_the_page_adds_it(qtbot, page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    dropped = _mp3(tmp_path / "evening wind-down.mp3")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(dropped))])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    page.library.dropEvent(event)
    qtbot.waitUntil(lambda: page.library.recording_list.count() == 1, timeout=5000)
    assert page.library.recording_list.item(0).text().startswith("evening wind-down")
    assert page.library.selected() == ("recording", page.recordings.all()[0].uid)


def test_a_quiet_room_tone_plays_under_the_pauses_unless_turned_off(  # type: ignore[no-untyped-def]
        qtbot, page) -> None:
    from ebbtide.audio.listening import level_dbfs
    from ebbtide.audio.synth import room_tone

    assert page.library.room_tone.isChecked()  # on by default
    _begin(qtbot, page)
    assert page.player is not None
    bed = page.player.mix.bed
    assert bed is not None and -65 <= level_dbfs(bed) <= -60  # the room tone itself
    assert np.array_equal(bed, room_tone())
    page.stop()
    page.finish(save_rating=False)
    page.library.room_tone.setChecked(False)
    assert page.ctx.settings[SettingKey.ROOM_TONE_ON] is False
    _begin(qtbot, page)
    assert page.player is not None and page.player.mix.bed is None  # silence, as asked
    page.shutting_down()


def test_jumping_to_the_end_is_not_listening_all_the_way_through(qtbot, page, clock) -> None:  # type: ignore[no-untyped-def]
    _begin(qtbot, page)
    clock.advance(6.0)  # long enough to be kept as a session
    page.refresh()
    page.player_view.slider.setValue(page.player_view.slider.maximum() - 1)  # a drag to the end
    for _ in range(4):
        clock.advance(1.0)
        page.ctx.audio._tick()
        page.refresh()
    assert page.stack.currentWidget() is page.after_view
    assert "all the way through" not in page.after_summary.text()
    qtbot.mouseClick(page.skip_button, Qt.MouseButton.LeftButton)
    settle(page.ctx)
    [saved] = page.ctx.store.sessions(kinds=[SessionKind.AUDIO])
    assert not saved.completed and saved.duration_s < 12


def test_a_click_on_the_position_bar_goes_to_that_place(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint

    _begin(qtbot, page)
    slider = page.player_view.slider
    slider.resize(400, 24)
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(300, 12))
    expected = slider.maximum() * 0.75
    assert abs(slider.value() - expected) <= slider.maximum() * 0.1
    assert abs(page.player.position_s - slider.value()) < 1.5
    page.shutting_down()


@pytest.mark.parametrize(("turned_on", "before", "shown"), [
    (True, 7, True), (True, 6, False), (False, 10, False), (True, None, False)])
def test_things_true_about_you_after_a_hard_listen_only_when_asked_for(  # type: ignore[no-untyped-def]
        qtbot, page, clock, turned_on, before, shown) -> None:
    from ebbtide.core.self_lists import ListItem
    from ebbtide.core.self_trust_store import SelfTrustStore
    from ebbtide.core.settings import SettingKey

    SelfTrustStore(page.ctx.store).save(ListItem("I ask for what I need", "boundaries"))
    page.ctx.settings.set(SettingKey.SHOW_TRUE_ABOUT_YOU, turned_on)
    if before is not None:
        page.before_scale.setValue(before)
    _begin(qtbot, page)
    for _ in range(22):
        clock.advance(1.0)
        page.ctx.audio._tick()
        page.refresh()
    assert page.stack.currentWidget() is page.after_view
    assert page.true_card.isVisible() is shown
    if shown:
        assert page.true_card.body.text() == "Boundaries: I ask for what I need"


def test_no_sound_device_is_said_once_not_on_every_screen(  # type: ignore[no-untyped-def]
        qtbot, make_ui_ctx, meditation, clock, monkeypatch) -> None:
    ui_ctx = make_ui_ctx(AudioEngine(backend=RecordingBackend(fail_on_play=True), clock=clock))
    monkeypatch.setattr(listen_module, "load_meditations", lambda: [meditation])
    page = ListenPage(ui_ctx)
    qtbot.addWidget(page)
    page.show()
    page.page_shown()
    _begin(qtbot, page)
    clock.advance(2.0)
    page.refresh()  # it stays for the whole of the first session
    assert "No sound device" in page.player_view.notice.text()
    qtbot.keyClick(page.player_view, Qt.Key.Key_Escape)
    page.finish(save_rating=False)
    _begin(qtbot, page)  # a second session: no banner again
    page.refresh()
    assert not page.player_view.notice.isVisible()
    page.tabs.setCurrentIndex(1)
    page.finish(save_rating=False)
    qtbot.mouseClick(page.timer_begin, Qt.MouseButton.LeftButton)  # nor on the timer
    assert not page.timer_view.notice.isVisible()
    assert page.timer_view.silent  # its bells are still "shown, not heard"
    page.shutting_down()


# -- while playing: a resting-breath glow, captions large, the one before fading ------------


def _to(page, clock, seconds: float) -> None:  # type: ignore[no-untyped-def]
    clock.advance(seconds)
    page.ctx.audio._tick()
    page.refresh()


def test_the_caption_is_large_and_the_one_before_fades_then_goes(qtbot, page, clock) -> None:  # type: ignore[no-untyped-def]
    _begin(qtbot, page)
    stage = page.player_view.captions_stage
    _to(page, clock, 1.0)
    assert stage.caption_label.text() == "Let your shoulders soften."
    # Large: drawn in the type scale's "lead" step, half as big again as body text.
    assert stage.caption_label.property("role") == "lead"
    scale = theme.tokens().type
    assert scale["lead"].size >= 1.5 * scale["body"].size
    _to(page, clock, 6.5)  # 7.5 s: the second sentence
    assert stage.caption_label.text() == "Notice the breath, just as it is."
    assert stage.previous_label.isVisible()
    assert stage.previous_label.text() == "Let your shoulders soften."
    assert stage.fading
    assert stage.fade_effect.opacity() < 0.6
    qtbot.waitUntil(lambda: not stage.fading, timeout=6000)
    assert not stage.previous_label.isVisible() and stage.previous_label.text() == ""


def test_with_reduced_motion_nothing_fades_and_the_glow_is_still(qtbot, page, clock) -> None:  # type: ignore[no-untyped-def]
    page.ctx.settings.set(SettingKey.REDUCED_MOTION, True)
    _begin(qtbot, page)
    stage = page.player_view.captions_stage
    _to(page, clock, 1.0)
    _to(page, clock, 6.5)
    assert stage.caption_label.text() == "Notice the breath, just as it is."
    assert not stage.fading and not stage.previous_label.isVisible()
    assert not page.player_view.glow.moving
    assert page.player_view.glow.share() == 0.5


def test_the_glow_breathes_slowly_while_playing_and_rests_when_paused(qtbot, page, clock) -> None:  # type: ignore[no-untyped-def]
    _begin(qtbot, page)
    glow = page.player_view.glow
    _to(page, clock, 0.5)
    assert glow.moving
    times = iter([0.0, 5.0])
    glow.clock = lambda: next(times)
    assert glow.share() == pytest.approx(0.0)  # out
    assert glow.share() == pytest.approx(1.0)  # in, five seconds later: ten a breath
    page.player_view.play_button.setFocus()
    qtbot.keyClick(page.player_view.play_button, Qt.Key.Key_Space)
    page.refresh()
    assert not glow.moving
    qtbot.keyClick(page.player_view, Qt.Key.Key_Escape)
    assert not glow.moving
