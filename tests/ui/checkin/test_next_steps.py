"""From the check-in, one click leads on to a practice: a gentle path, never an order."""

from PySide6.QtCore import Qt

from ebbtide.ui.listen.library import KIND_MEDITATION
from ebbtide.ui.main_window import MainWindow


def _window(qtbot, ui_ctx) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    window.show()
    return window


def _click(qtbot, window: MainWindow, label: str) -> None:  # type: ignore[no-untyped-def]
    home = window.pages["checkin"]
    button = next(b for b in home.next_steps if b.text() == label)  # type: ignore[attr-defined]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_breathe_for_two_minutes_asks_the_rating_then_breathes_the_longer_exhale(
    qtbot, ui_ctx
) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, ui_ctx)
    _click(qtbot, window, "Breathe slowly for two minutes")
    breathe = window.current_page
    assert breathe is window.pages["breathe"]
    assert breathe.pattern is not None and breathe.pattern.id == "extended-exhale"
    assert breathe.minutes.value() == 2 and breathe.by_minutes.isChecked()
    assert breathe.stack.currentWidget() is breathe.before_view  # the rating comes first
    qtbot.keyClick(breathe, Qt.Key.Key_Escape)  # and stopping is one key, as always


def test_listen_opens_with_the_grounding_meditation_chosen(qtbot, ui_ctx) -> None:
    window = _window(qtbot, ui_ctx)
    _click(qtbot, window, "Listen: Now, or then?")
    listen = window.current_page
    assert listen is window.pages["listen"]
    assert listen.library.selected() == (KIND_MEDITATION, "now-or-then")


def test_name_it_goes_to_name_and_check(qtbot, ui_ctx) -> None:
    window = _window(qtbot, ui_ctx)
    _click(qtbot, window, "Name it and check the thought")
    assert window.current_page is window.pages["namecheck"]


def test_a_saved_check_in_carries_on_as_the_before_rating(qtbot, ui_ctx) -> None:
    window = _window(qtbot, ui_ctx)
    home = window.pages["checkin"]
    qtbot.keyClick(home.scale, Qt.Key.Key_7)  # type: ignore[attr-defined]
    home.save()  # type: ignore[attr-defined]
    _click(qtbot, window, "Breathe slowly for two minutes")
    breathe = window.current_page
    assert breathe.stack.currentWidget() is breathe.before_view
    assert breathe.before_scale.value() == 7  # filled in; Enter confirms, Esc skips
    qtbot.wait(1300)
    assert breathe.stack.currentWidget() is breathe.before_view  # not rushed on
    breathe.page_hidden()
