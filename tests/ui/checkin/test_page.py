from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication

from ebbtide.core.store import SessionKind
from ebbtide.ui.checkin.page import CheckinPage
from tests.conftest import settle


def test_check_in_by_keyboard_alone_is_saved(qtbot, ui_ctx) -> None:
    page = CheckinPage(ui_ctx)
    qtbot.addWidget(page)
    page.show()
    page.page_shown()
    with qtbot.waitSignal(ui_ctx.ops.changed):
        qtbot.keyClick(page.scale, Qt.Key.Key_6)
        page.feeling.setFocus()
        qtbot.keyClicks(page.feeling, "wobbly")
        qtbot.keyClick(page.feeling, Qt.Key.Key_Return)
    settle(ui_ctx)
    [saved] = ui_ctx.store.sessions()
    assert saved.kind == SessionKind.CHECKIN and saved.distress_before == 6
    # A word of the person's own is their words: sealed in the note, not in details.
    assert saved.note == "wobbly" and saved.details["feelings"] == []
    assert "Saved" in page.status.text()
    assert page.scale.value() is None  # ready for the next one


def test_ten_can_be_typed_and_nothing_is_saved_without_a_rating(qtbot, ui_ctx) -> None:
    page = CheckinPage(ui_ctx)
    qtbot.addWidget(page)
    assert not page.save_button.isEnabled()
    page.save()
    settle(ui_ctx)
    assert ui_ctx.store.count_sessions() == 0
    qtbot.keyClicks(page.scale, "10")
    assert page.scale.value() == 10


def test_arrow_keys_and_delete_move_and_clear_the_rating(qtbot, ui_ctx) -> None:
    page = CheckinPage(ui_ctx)
    qtbot.addWidget(page)
    qtbot.keyClick(page.scale, Qt.Key.Key_End)
    qtbot.keyClick(page.scale, Qt.Key.Key_Left)
    assert page.scale.value() == 9
    qtbot.keyClick(page.scale, Qt.Key.Key_Delete)
    assert page.scale.value() is None


def test_a_vocabulary_word_is_suggested_and_counted_as_a_named_feeling(qtbot, ui_ctx) -> None:
    page = CheckinPage(ui_ctx)
    qtbot.addWidget(page)
    assert page.feeling.completer() is None  # loaded when the field is entered
    QApplication.sendEvent(page.feeling, QFocusEvent(QEvent.Type.FocusIn))
    completer = page.feeling.completer()
    completer.setCompletionPrefix("betray")
    assert completer.currentCompletion() == "betrayed"
    qtbot.keyClick(page.scale, Qt.Key.Key_7)
    page.feeling.setText("  Betrayed ")
    page.save()
    settle(ui_ctx)
    [saved] = ui_ctx.store.sessions()
    assert saved.details["feelings"] == ["betrayed"] and saved.note == ""


def test_the_streak_shows_only_when_asked_for(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    import time

    from ebbtide.core.sessions import SessionRecord
    from ebbtide.core.settings import SettingKey

    now = time.time()
    for days_ago in (0, 1, 2):
        ui_ctx.store.add_session(SessionRecord(kind=SessionKind.CHECKIN,
                                               started_utc=now - days_ago * 86_400))
    page = CheckinPage(ui_ctx)
    qtbot.addWidget(page)
    page.show()
    page.page_shown()
    settle(ui_ctx)
    assert not page.streak.isVisible()  # off by default: no pressure
    ui_ctx.set_setting(SettingKey.SHOW_STREAKS, True)
    settle(ui_ctx)
    assert page.streak.isVisible() and "3 days in a row" in page.streak.text()
    ui_ctx.set_setting(SettingKey.SHOW_STREAKS, False)
    settle(ui_ctx)
    assert not page.streak.isVisible()
