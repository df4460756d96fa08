from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from ebbtide.core.settings import SettingKey
from ebbtide.ui.main_window import MainWindow
from ebbtide.ui.registry import PAGES
from tests.ui.a11y import unnamed_controls
from tests.ui.modal import activate, when_modal_opens


def _close_next_dialog(qtbot, seen: list[str]) -> None:
    def close(dialog) -> None:
        assert isinstance(dialog, QDialog)
        seen.append(dialog.windowTitle())
        dialog.reject()

    when_modal_opens(close)


def test_window_is_titled_ebbtide_and_opens_on_the_check_in(qtbot, ui_ctx) -> None:
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle().endswith("Ebbtide")
    assert window.navigation.count() == len(PAGES)
    assert window.current_page is window.pages["checkin"]


def _shown(qtbot, ui_ctx) -> MainWindow:
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    activate(qtbot, window)
    return window


def test_ctrl_number_switches_pages(qtbot, ui_ctx) -> None:
    window = _shown(qtbot, ui_ctx)
    # With one page, the first key must at least keep it; with more, every key moves.
    for n in [*range(len(PAGES), 0, -1), len(PAGES)]:
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + n), Qt.KeyboardModifier.ControlModifier)
        assert window.navigation.currentRow() == n - 1
        assert window.current_page is window.pages[PAGES[n - 1].key]


def test_f1_opens_help_and_crisis_help_is_one_click_away(qtbot, ui_ctx) -> None:
    window = _shown(qtbot, ui_ctx)
    seen: list[str] = []
    _close_next_dialog(qtbot, seen)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    _close_next_dialog(qtbot, seen)
    qtbot.mouseClick(window.crisis_button, Qt.MouseButton.LeftButton)
    assert seen == ["Help", "If you need help now"]


def test_welcome_is_shown_once_then_only_from_help(qtbot, ui_ctx) -> None:
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    seen: list[str] = []

    def answer(dialog) -> None:
        seen.append(dialog.windowTitle())
        if len(seen) == 1:
            when_modal_opens(decline_lock)  # the lock is offered once, after the welcome
        dialog.reject()

    def decline_lock(box) -> None:
        seen.append(box.windowTitle())
        next(b for b in box.buttons() if b.text() == "Not now").click()

    when_modal_opens(answer)
    window.show_welcome()
    assert seen == ["Welcome to Ebbtide", "Keep your words private"]
    assert ui_ctx.settings[SettingKey.WELCOME_SEEN] is True
    again = MainWindow(ui_ctx)
    qtbot.addWidget(again)
    again.welcome_if_first_run()
    qtbot.wait(20)
    assert QApplication.activeModalWidget() is None
    when_modal_opens(answer)
    again.show_welcome()  # from Help: the welcome again, and no second lock offer
    assert seen == ["Welcome to Ebbtide", "Keep your words private", "Welcome to Ebbtide"]


def test_welcome_says_what_it_is_and_is_not_and_where_data_lives(qtbot, ui_ctx) -> None:
    from ebbtide.ui.help_dialogs import WelcomeDialog

    dialog = WelcomeDialog(ui_ctx.paths, lambda: None)
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(type(dialog.body)))
    assert "not a medical device" in texts
    assert str(ui_ctx.paths.data_dir) in texts
    assert unnamed_controls(dialog) == []


def test_every_page_and_the_window_have_named_controls(qtbot, ui_ctx) -> None:
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    window.show()
    for index in range(len(PAGES)):
        window.show_page(index)
    assert unnamed_controls(window) == []


def test_theme_setting_recolours_the_app_live(qtbot, ui_ctx) -> None:
    from ebbtide.ui.theme import ThemeManager

    app = QApplication.instance()
    theme = ThemeManager(app)
    window = MainWindow(ui_ctx, theme)
    qtbot.addWidget(window)
    ui_ctx.set_setting(SettingKey.THEME, "dark")
    dark = app.palette().window().color().lightness()
    ui_ctx.set_setting(SettingKey.THEME, "light")
    light = app.palette().window().color().lightness()
    assert dark < 60 < 200 < light


def test_closing_the_window_tells_every_page(qtbot, ui_ctx) -> None:
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    window.show()
    calls = []
    window.pages["checkin"].shutting_down = lambda: calls.append("checkin")  # type: ignore[method-assign]
    window.close()
    assert calls == ["checkin"]


def test_follow_system_recolours_when_the_desktop_switches(qtbot, ui_ctx, monkeypatch) -> None:
    from ebbtide.ui import theme as theme_module

    app = QApplication.instance()
    manager = theme_module.ThemeManager(app)
    monkeypatch.setattr(theme_module, "system_prefers_dark", lambda: False)
    manager.apply("system")
    assert app.palette().window().color().lightness() > 200
    monkeypatch.setattr(theme_module, "system_prefers_dark", lambda: True)
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert app.palette().window().color().lightness() < 60
    manager.apply("light")  # a fixed choice ignores the desktop
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert app.palette().window().color().lightness() > 200


def test_esc_closes_a_dialog(qtbot, ui_ctx) -> None:
    window = _shown(qtbot, ui_ctx)
    closed: list[bool] = []

    def press_esc(dialog) -> None:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        closed.append(not dialog.isVisible())

    when_modal_opens(press_esc)
    window.show_settings()
    assert closed == [True]


def test_enter_on_the_welcome_begins(qtbot, ui_ctx) -> None:
    from ebbtide.ui.help_dialogs import WelcomeDialog

    dialog = WelcomeDialog(ui_ctx.paths, lambda: None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog._begin


def test_the_go_menu_reads_each_page_title_as_it_is(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMenu

    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    go = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Go")
    from ebbtide.ui.registry import PAGES

    # Each page's entry shows its title as it is: an "&" in it is a letter, not a mnemonic.
    texts = [a.text() for a in go.actions()]
    for spec in PAGES:
        assert spec.title.replace("&", "&&") in texts
    assert "Name && Check" in texts
