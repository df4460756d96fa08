"""The moments of a practice fit every window too, not only the pages as they open:
a breathing session under way and its ending, at 800×600, 1100×720 and 1920×1080, light
and dark. No button's words are cut, nothing sticks out (the same checks as
`test_layouts`). Screenshots go where `test_layouts` puts its own."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from ebbtide.core.settings import SettingKey
from ebbtide.ui import theme as theme_module
from ebbtide.ui.main_window import MainWindow
from ebbtide.ui.registry import PageKey
from tests.conftest import settle
from tests.fakes import FakeClock
from tests.qa.test_layouts import SIZES, THEMES, cut_words, outside, shots_dir  # noqa: F401


@pytest.fixture(params=THEMES)
def window(request, qtbot, ui_ctx, qapp) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    saved = (qapp.palette(), qapp.styleSheet(), qapp.style().name(), qapp.font())
    themes = theme_module.ThemeManager(qapp)
    themes.apply(request.param)
    ui_ctx.settings.set(SettingKey.WELCOME_SEEN, True)
    win = MainWindow(ui_ctx, themes)
    win.setProperty("theme_name", request.param)
    qtbot.addWidget(win)
    win.show()
    yield win
    qapp.setStyle(saved[2])
    qapp.setFont(saved[3])
    qapp.setPalette(saved[0])
    qapp.setStyleSheet(saved[1])


def check_at_every_size(window: MainWindow, page: QWidget, name: str, shots: object) -> None:
    found = {}
    for width, height in SIZES:
        window.resize(width, height)
        settle(window.ctx)  # a save that lands changes words ("Saved"): let it, then look
        QApplication.processEvents()
        QApplication.processEvents()
        theme = window.property("theme_name")
        window.grab().save(str(shots / f"{name}-{width}x{height}-{theme}.png"))  # type: ignore[operator]
        problems = cut_words(page) + outside(page)
        if problems:
            found[f"{width}x{height}"] = problems
    assert found == {}


def breathe_until(page, clock: FakeClock, done: Callable[[], bool]) -> None:  # type: ignore[no-untyped-def]
    for _ in range(700):
        if done():
            return
        clock.advance(1.0)
        page.runner._frame()
        QApplication.processEvents()
        page.view.repaint()
    raise AssertionError("the session did not get there")


def test_a_breathing_session_and_its_ending_fit(qtbot, window, shots_dir) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    window.show_page([s.key for s in window.specs].index(PageKey.BREATHE))
    page = window.page(PageKey.BREATHE)
    clock = FakeClock(500.0)
    page.clock_factory = clock  # type: ignore[attr-defined]
    qtbot.mouseClick(page.begin_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    qtbot.keyClicks(page.before_scale, "7")  # type: ignore[attr-defined]
    qtbot.keyClick(page.before_scale, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    breathe_until(page, clock, lambda: page.view.last is not None  # type: ignore[attr-defined]
                  and page.view.last.word == "Breathe in")  # type: ignore[attr-defined]
    check_at_every_size(window, page, "breathe-session", shots_dir)

    qtbot.keyClick(page.view, Qt.Key.Key_Space)  # paused: the button says Resume  # type: ignore[attr-defined]
    assert page.pause_button.text().startswith("Resume")  # type: ignore[attr-defined]
    check_at_every_size(window, page, "breathe-paused", shots_dir)
    qtbot.keyClick(page.view, Qt.Key.Key_Space)  # type: ignore[attr-defined]

    page.close_ms = 10  # type: ignore[attr-defined]
    breathe_until(page, clock, lambda: page.runner.done)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.after_view, timeout=3000)  # type: ignore[attr-defined]
    qtbot.keyClicks(page.after_scale, "3")  # type: ignore[attr-defined]
    qtbot.keyClick(page.after_scale, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert page.stack.currentWidget() is page.end_view  # type: ignore[attr-defined]
    check_at_every_size(window, page, "breathe-result", shots_dir)


def test_on_a_small_window_the_session_buttons_drop_their_keys_and_a_line_says_them(  # type: ignore[no-untyped-def]
        qtbot, window) -> None:
    window.show_page([s.key for s in window.specs].index(PageKey.BREATHE))
    page = window.page(PageKey.BREATHE)
    page.clock_factory = FakeClock(500.0)  # type: ignore[attr-defined]
    qtbot.mouseClick(page.begin_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    qtbot.keyClick(page.before_scale, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    window.resize(800, 600)
    QApplication.processEvents()
    assert page.stop_button.text() == "Stop"  # type: ignore[attr-defined]
    assert page.session_keys.isVisible()  # type: ignore[attr-defined]
    assert "Esc stop" in page.session_keys.text()  # type: ignore[attr-defined]
    window.resize(1920, 1080)
    QApplication.processEvents()
    assert page.stop_button.text() == "Stop (Esc)"  # type: ignore[attr-defined]
    assert not page.session_keys.isVisible()  # type: ignore[attr-defined]


def test_every_step_of_a_worksheet_and_its_ending_fit(qtbot, window, ui_ctx, shots_dir) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from ebbtide.core.feelings import load_vocabulary
    from ebbtide.core.worksheet import Worksheet
    from ebbtide.core.worksheet_store import WorksheetStore

    # A draft with long words, so the start shows "Continue where you left off (…)".
    sheet = Worksheet()
    sheet.add_feeling("betrayed", load_vocabulary(), 70)
    sheet.situation = "The phone lit up with a message from a name I didn't know " * 3
    WorksheetStore(ui_ctx.store).save(sheet)
    window.show_page([s.key for s in window.specs].index(PageKey.NAMECHECK))
    page = window.page(PageKey.NAMECHECK)
    settle(ui_ctx)  # the draft is looked for on the worker
    QApplication.processEvents()
    check_at_every_size(window, page, "namecheck-start", shots_dir)
    page.continue_draft()  # type: ignore[attr-defined]
    for step in range(10):
        page.editor.go_to(step)  # type: ignore[attr-defined]
        check_at_every_size(window, page, f"namecheck-step-{step + 1}", shots_dir)
    page.editor.finish()  # type: ignore[attr-defined]
    settle(ui_ctx)
    assert page.stack.currentWidget() is page.end  # type: ignore[attr-defined]
    check_at_every_size(window, page, "namecheck-end", shots_dir)


def test_every_tab_of_every_page_fits(qtbot, window, shots_dir) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from PySide6.QtWidgets import QTabBar, QTabWidget

    from ebbtide.ui.registry import PAGES

    seen = 0
    for n, spec in enumerate(PAGES):
        window.show_page(n)
        QApplication.processEvents()
        page = window.page(spec.key)
        bars = [t for t in page.findChildren(QTabWidget) + page.findChildren(QTabBar)
                if not isinstance(t.parent(), QTabWidget)]  # a tab widget's own bar once
        for tabs in bars:
            if not tabs.isVisibleTo(page):
                continue
            for index in range(1, tabs.count()):  # the first is what the page opens on
                tabs.setCurrentIndex(index)
                seen += 1
                check_at_every_size(window, page, f"{spec.key}-tab{index}", shots_dir)
            tabs.setCurrentIndex(0)
    assert seen >= 12  # Listen's timer, Notice's three, Progress's five, Trust yourself's …


def test_every_dialog_fits_a_small_screen_and_cuts_no_words(qtbot, window, shots_dir) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Each dialog opened as the menus open it: it opens within the screen, it can be made
    as small as an 800×600 screen allows (its smallest size fits), and at its own size
    and at that smallest size no words are cut. Settings is walked tab by tab."""
    from PySide6.QtWidgets import QDialog, QTabWidget

    from ebbtide.ui.breathe.pattern_editor import PatternEditor
    from ebbtide.ui.help_dialogs import CrisisDialog, HelpDialog
    from ebbtide.ui.privacy.lock import PassphraseDialog
    from ebbtide.ui.report.composer import ReportDialog
    from ebbtide.ui.settings_dialog import SettingsDialog
    from ebbtide.ui.support.dialog import ProfessionalHelpDialog

    ctx = window.ctx
    made: dict[str, Callable[[], QDialog]] = {
        "settings": lambda: SettingsDialog(ctx, window),
        "help": lambda: HelpDialog(window),
        "help-now": lambda: CrisisDialog(ctx, window),
        "professional-help": lambda: ProfessionalHelpDialog(ctx, window),
        "report": lambda: ReportDialog(ctx, window),
        "pattern": lambda: PatternEditor(None, window),
        "passphrase": lambda: PassphraseDialog(
            "Turn the lock on", "Choose a passphrase you will remember.",
            need_current=False, parent=window),
    }
    theme = window.property("theme_name")
    found: dict[str, list[str]] = {}
    for name, make in made.items():
        dialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        opened = dialog.size()  # the size it opens at
        room = dialog.screen().availableGeometry()
        if opened.width() > room.width() or opened.height() > room.height():
            found.setdefault(name, []).append(f"opens at {opened}, the screen has {room}")
        tabs = dialog.findChildren(QTabWidget)
        pages = range(tabs[0].count()) if tabs else range(1)
        for index in pages:
            if tabs:
                tabs[0].setCurrentIndex(index)
            least = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
            if least.width() > 800 or least.height() > 560:  # a title bar and a panel
                found.setdefault(name, []).append(f"page {index}: needs at least {least}")
            for size in (opened, least.boundedTo(opened)):
                dialog.resize(size)
                QApplication.processEvents()
                dialog.grab().save(str(shots_dir / f"dialog-{name}-{index}-"
                                   f"{size.width()}x{size.height()}-{theme}.png"))
                problems = cut_words(dialog) + outside(dialog)
                if problems:
                    found.setdefault(name, []).extend(
                        f"page {index} at {size.width()}x{size.height()}: {p}" for p in problems)
        dialog.close()
        settle(ctx)  # what a dialog started on the worker ends before the next
    assert found == {}


def test_the_forms_and_second_views_fit(qtbot, window, ui_ctx, shots_dir) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """What a person opens from the pages: the check-in once saved (its ways on), each of
    Notice and record's four entry forms, a safe person's form and the request builder,
    and the five signs' explanation."""
    from ebbtide.core.notice import KIND_EVIDENCE, KIND_JOURNAL, KIND_RISK, KIND_TRIGGER
    from ebbtide.ui.five_signs.page import Step as SignsStep

    keys = [s.key for s in window.specs]

    window.show_page(keys.index(PageKey.CHECKIN))
    checkin = window.page(PageKey.CHECKIN)
    qtbot.keyClick(checkin.scale, Qt.Key.Key_8)  # type: ignore[attr-defined]
    checkin.save()  # type: ignore[attr-defined]
    settle(ui_ctx)
    check_at_every_size(window, checkin, "checkin-saved", shots_dir)

    window.show_page(keys.index(PageKey.NOTICE))
    notice = window.page(PageKey.NOTICE)
    for kind in (KIND_TRIGGER, KIND_EVIDENCE, KIND_RISK, KIND_JOURNAL):
        notice.new_entry(kind)  # type: ignore[attr-defined]
        check_at_every_size(window, notice, f"notice-{kind}-entry", shots_dir)
        notice.editor_for(kind).closed.emit()  # type: ignore[attr-defined]

    window.show_page(keys.index(PageKey.REACH))
    reach = window.page(PageKey.REACH)
    reach.edit_person(None)  # type: ignore[attr-defined]
    check_at_every_size(window, reach, "reach-person", shots_dir)
    reach.open_builder("They were two hours later than they said.")  # type: ignore[attr-defined]
    check_at_every_size(window, reach, "reach-builder", shots_dir)
    builder = reach.builder  # type: ignore[attr-defined]
    for n in range(2, 6):  # each of its steps, then the preview
        builder.next_button.click()
        QApplication.processEvents()
        check_at_every_size(window, reach, f"reach-builder-{n}", shots_dir)

    window.show_page(keys.index(PageKey.FIVE_SIGNS))
    signs = window.page(PageKey.FIVE_SIGNS)
    signs.show_step(SignsStep.WHY)  # type: ignore[attr-defined]
    check_at_every_size(window, signs, "five-signs-why", shots_dir)


def test_listening_the_timer_and_their_endings_fit(  # type: ignore[no-untyped-def]
        qtbot, window, tmp_path, monkeypatch, shots_dir) -> None:  # noqa: F811
    """Listen while a meditation plays (a long caption), the silent timer running, and
    the held moment at the end of each, with the real page in the real window."""
    import numpy as np
    import soundfile

    from ebbtide.core.meditations import Caption, Meditation
    from ebbtide.ui.listen import page as listen_module
    from ebbtide.ui.listen.page import Step as ListenStep

    path = tmp_path / "scan.wav"
    soundfile.write(path, np.zeros(8000 * 30, dtype=np.float32), 8000)
    caption = ("If it feels right, let your eyes close, or rest them softly on a spot in "
               "front of you, and let the breath find its own pace.")
    scan = Meditation("scan", "A quiet body scan", "A few quiet sentences.", "ours", path,
                      30.0, (Caption(0.0, 30.0, caption),))
    monkeypatch.setattr(listen_module, "load_meditations", lambda: [scan])
    window.show_page([s.key for s in window.specs].index(PageKey.LISTEN))
    page = window.page(PageKey.LISTEN)
    page.library.select("meditation", "scan")  # type: ignore[attr-defined]
    page.library.begin_button.click()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: page.stack.step is ListenStep.PLAYING, timeout=5000)  # type: ignore[attr-defined]
    page.refresh()  # type: ignore[attr-defined]
    check_at_every_size(window, page, "listen-playing", shots_dir)
    page.stop()  # type: ignore[attr-defined]
    QApplication.processEvents()
    check_at_every_size(window, page, f"listen-{page.stack.step.name.lower()}", shots_dir)  # type: ignore[attr-defined]
    page.show_choose()  # type: ignore[attr-defined]
    page.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
    page.begin_timer()  # type: ignore[attr-defined]
    assert page.stack.step is ListenStep.SITTING  # type: ignore[attr-defined]
    check_at_every_size(window, page, "listen-timer-running", shots_dir)
    page.shutting_down()  # type: ignore[attr-defined]
