import logging
import sys

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ebbtide import application
from ebbtide.core.paths import resolve_paths
from ebbtide.core.settings import SettingKey
from ebbtide.logs import configure_logging
from tests.ui.modal import when_modal_opens


def test_an_unhandled_error_is_logged_without_the_persons_words(qtbot, paths, monkeypatch):
    configure_logging(paths.log_file)
    shown: list[str] = []
    monkeypatch.setattr(application, "show_crash_message",
                        lambda log_file, parent=None: shown.append(str(log_file)))
    application.install_crash_handler(paths.log_file)
    words = "I am afraid they are " + "leaving me"  # what a person wrote
    try:
        raise ValueError(words)
    except ValueError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    finally:
        sys.excepthook = sys.__excepthook__
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = paths.log_file.read_text()
    assert "builtins.ValueError" in text and "raise ValueError(words)" in text
    assert "afraid they are leaving" not in text
    assert shown == [str(paths.log_file)]


def test_the_crash_message_is_kind_and_names_the_log(paths) -> None:
    text = application.crash_message_text(paths.log_file)
    assert "not your fault" in text and str(paths.log_file) in text


def _answer_next_box(button_text: str) -> None:
    def answer(box) -> None:
        assert isinstance(box, QMessageBox)
        for button in box.buttons():
            if button.text() == button_text:
                button.click()
                return
        raise AssertionError(f"no {button_text!r} button")

    when_modal_opens(answer)


def test_an_unwritable_data_folder_asks_for_another(qtbot, tmp_path, settings, monkeypatch):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    paths = resolve_paths(blocker / "data")
    _answer_next_box("Quit")
    assert application.choose_writable_data_dir(paths, settings) is None

    good = tmp_path / "elsewhere"
    monkeypatch.setattr(application.QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *a, **k: str(good)))
    _answer_next_box("Choose another folder…")
    chosen = application.choose_writable_data_dir(paths, settings)
    assert chosen is not None and chosen.data_dir == good


@pytest.mark.parametrize(
    "content", [b"not a database at all", b"SQLite format 3\x00" + b"\x00" * 50]
)
def test_damaged_store_message_names_where_the_old_file_is(paths, content) -> None:
    from ebbtide.core.store import Store

    paths.data_dir.mkdir(parents=True)
    paths.database.write_bytes(content)
    opened = Store.open(paths.database)
    assert opened.moved_aside is not None
    message = application.damaged_store_message(opened.moved_aside)
    assert str(opened.moved_aside) in message and "Nothing was deleted" in message
    opened.store.close()


# -- the window at start: the check-in first, the rest just after the first paint ----------


class _Paints(QObject):
    """Every widget that paints, in order, from the moment it is installed."""

    def __init__(self) -> None:
        super().__init__()
        self.widgets: list[QWidget] = []
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            self.widgets.append(watched)
        return False

    def stop(self) -> None:
        QApplication.instance().removeEventFilter(self)


def test_with_the_lock_on_the_first_painted_frame_is_the_lock_screen(qtbot, ui_ctx) -> None:
    from ebbtide.core import lock as core_lock
    from ebbtide.ui.page import Page
    from ebbtide.ui.privacy.lock import LockScreen

    core_lock.enable_lock(ui_ctx.store, "a quiet harbour at dawn")
    core_lock.lock_now(ui_ctx.store)  # as Store.open leaves a locked store
    paints = _Paints()
    try:
        window = application.show_main_window(ui_ctx, welcome=False)
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: len(paints.widgets) > 0)
        qtbot.wait(100)  # and whatever is built after the first paint
    finally:
        paints.stop()
    screen = window.centralWidget()
    assert isinstance(screen, LockScreen)
    # Nothing of the person's was ever painted: only the window and its lock screen.
    for widget in paints.widgets:
        assert widget is window or widget is screen or screen.isAncestorOf(widget), widget
        assert not isinstance(widget, Page)
    assert not window.menuBar().isVisible()
    lock_action = next(a for a in window.actions() if a.text() == "&Lock Ebbtide")
    # Every key the window knows (menus included) waits behind the lock.
    assert all(not a.isEnabled() for a in window.actions() if a is not lock_action)
    assert len(window.actions()) > 5


def test_without_a_lock_the_check_in_comes_first_and_the_rest_after_the_paint(
    qtbot, ui_ctx,
) -> None:
    from ebbtide.ui.checkin.page import CheckinPage
    from ebbtide.ui.privacy.lock import controller_for

    window = application.show_main_window(ui_ctx, welcome=False)
    qtbot.addWidget(window)
    assert isinstance(window.current_page, CheckinPage)
    assert controller_for(ui_ctx) is None and not window.actions()  # not yet painted
    qtbot.waitUntil(lambda: controller_for(ui_ctx) is not None)
    titles = [a.text() for a in window.app_menu.actions()]
    assert "&Lock Ebbtide" in titles and "&Settings…" in titles and "&Quit" in titles
    assert window.navigation.item(0).toolTip()  # with its key
    assert not QApplication.windowIcon().isNull()


def test_a_first_run_paints_the_welcome_first_and_builds_the_window_behind_it(
    qtbot, ui_ctx,
) -> None:
    from ebbtide.ui.checkin.page import CheckinPage
    from ebbtide.ui.help_dialogs import WelcomeDialog
    from ebbtide.ui.main_window import MainWindow

    seen: list[str] = []
    focus_on_welcome: list[bool] = []

    def window() -> MainWindow | None:
        return next((w for w in QApplication.topLevelWidgets()
                     if isinstance(w, MainWindow) and w.isVisible()), None)

    def answer(dialog) -> None:
        seen.append(dialog.windowTitle())
        if len(seen) == 1:
            # The window comes up behind the welcome, the check-in on it; the keys stay
            # with the welcome, and the window waits until it is closed.
            qtbot.waitUntil(lambda: window() is not None, timeout=5000)
            qtbot.wait(50)
            focus_on_welcome.append(QApplication.activeWindow() is dialog
                                    and dialog.focusWidget() is dialog._begin)
            assert QApplication.activeModalWidget() is dialog
            when_modal_opens(answer)  # then the lock is offered, once
            dialog.reject()
        else:
            next(b for b in dialog.buttons() if b.text() == "Not now").click()

    paints = _Paints()
    when_modal_opens(answer)
    try:
        application.show_welcome_first(ui_ctx)
        qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    finally:
        paints.stop()
    assert seen == ["Welcome to Ebbtide", "Keep your words private"]
    assert focus_on_welcome == [True]
    # Nothing of the window was painted before the welcome was.
    first = next(i for i, w in enumerate(paints.widgets)
                 if isinstance(w.window(), WelcomeDialog))
    assert all(not isinstance(w.window(), MainWindow) for w in paints.widgets[:first])
    main = window()
    assert main is not None
    qtbot.addWidget(main)
    assert isinstance(main.current_page, CheckinPage)
    assert ui_ctx.settings[SettingKey.WELCOME_SEEN] is True


def _ancestors(widget: QWidget) -> list[QWidget]:
    found = []
    parent = widget.parentWidget()
    while parent is not None:
        found.append(parent)
        parent = parent.parentWidget()
    return found


@pytest.mark.parametrize("key", ["Ctrl+3", "Ctrl+L", "F12"])
def test_a_window_key_pressed_before_the_menus_are_built_is_not_lost(
    qtbot, ui_ctx, key,
) -> None:
    import warnings

    from PySide6.QtGui import QKeySequence
    from PySide6.QtTest import QTest

    from ebbtide.ui.privacy.lock import controller_for

    window = application.show_main_window(ui_ctx, welcome=False)
    qtbot.addWidget(window)
    with warnings.catch_warnings():  # as the window manager does when it maps the window
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.setActiveWindow(window)
    assert not window.actions()  # nothing built yet: the first paint has not come
    combination = QKeySequence(key)[0]
    QTest.keyClick(window.focusWidget() or window, combination.key(),
                   combination.keyboardModifiers())
    if key == "Ctrl+3":
        assert window.navigation.currentRow() == 2  # the third page, at once
    else:  # the lock's keys: Ctrl+L covers the window, quick hide too
        qtbot.waitUntil(lambda: (c := controller_for(ui_ctx)) is not None and c.locked,
                        timeout=2000)
