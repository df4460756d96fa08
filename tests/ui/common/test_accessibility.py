"""What a screen reader is told, on the Qt side: the distress scale is one control that
says its number, range buttons are radio buttons, a chart has a chart role and a table,
and a breathing session says its phases when spoken cues are chosen. (The same, read
over the real AT-SPI bus, is tests/a11y.)"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QAccessible

from ebbtide.core.breathing import (
    BreathingClock,
    BreathingSession,
    Phase,
    PhaseKind,
    SessionMode,
    SessionPlan,
)
from ebbtide.ui.breathe import view as view_module
from ebbtide.ui.breathe.view import BreathView
from ebbtide.ui.common import distress
from ebbtide.ui.common.distress import DistressScale
from ebbtide.ui.progress.charts import ChartPanel, make_graphics
from ebbtide.ui.progress.range_bar import RangeBar
from tests.fakes import FakeClock


@pytest.fixture
def said(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    heard: list[str] = []
    for module in (distress, view_module):
        monkeypatch.setattr(module, "announce", lambda _w, text, **_k: heard.append(text))
    return heard


def test_the_scale_is_one_control_that_says_the_number_chosen(qtbot, said) -> None:  # type: ignore[no-untyped-def]
    scale = DistressScale("Distress right now")
    qtbot.addWidget(scale)
    scale.show()
    scale.setValue(6)
    assert scale.accessibleName() == "Distress right now, 0 to 10: 6 out of 10"
    scale.setValue(10)
    assert said == ["6 out of 10", "10 out of 10, As bad as it gets"]
    face = QAccessible.queryAccessibleInterface(scale)
    assert face.role() == QAccessible.Role.Slider and face.childCount() == 0
    assert "5: Upset, still coping." in face.text(QAccessible.Text.Description)


def test_time_range_buttons_are_radio_buttons(qtbot) -> None:  # type: ignore[no-untyped-def]
    bar = RangeBar("month")
    qtbot.addWidget(bar)
    faces = {k: QAccessible.queryAccessibleInterface(b) for k, b in bar.buttons.items()}
    assert {f.role() for f in faces.values()} == {QAccessible.Role.RadioButton}
    assert [k for k, f in faces.items() if f.state().checked] == ["month"]
    assert faces["week"].text(QAccessible.Text.Name) == "Show week"


def test_a_chart_has_a_summary_and_a_table_a_key_away(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_graphics("Check-ins over time")
    panel = ChartPanel(view, "Check-ins over time")
    qtbot.addWidget(panel)
    panel.show_chart()
    panel.show()
    panel.set_table("2 check-ins; on average 5.0 of 10.", ("Date", "Distress (0–10)"),
                    [("01 Nov 2026", 4), ("02 Nov 2026", 6)])
    assert QAccessible.queryAccessibleInterface(view).role() == QAccessible.Role.Chart
    assert panel.summary.text() == "2 check-ins; on average 5.0 of 10."
    assert not panel.table.isVisible()
    panel.table_button.setFocus()
    qtbot.keyClick(panel.table_button, " ")
    assert panel.table.isVisible() and panel.table_button.text() == "Hide the table"
    assert [[panel.table.item(r, c).text() for c in range(2)] for r in range(2)] == [
        ["01 Nov 2026", "4"], ["02 Nov 2026", "6"]]
    assert isinstance(view, pg.GraphicsLayoutWidget)


@pytest.mark.parametrize("spoken", [True, False])
def test_breathing_phases_are_said_when_spoken_cues_are_chosen(qtbot, said, spoken) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock(100.0)
    session = BreathingSession([Phase(PhaseKind.INHALE, 4), Phase(PhaseKind.EXHALE, 6)],
                               SessionPlan(SessionMode.CYCLES, 2),
                               clock=BreathingClock(clock), lead_in_s=0)
    view = BreathView()
    qtbot.addWidget(view)
    view.announce_phases = spoken
    view.set_source(session.state)
    view.show()
    session.start()
    words = []
    for step in np.arange(0.0, 10.0, 0.5):
        clock.now = 100.0 + float(step)
        view.grab()  # paints, as a frame would
        if view.last is not None and (not words or words[-1] != view.last.word):
            words.append(view.last.word)
    assert said == (words if spoken else [])
    assert len(set(words)) >= 2  # in and out were both drawn


def test_no_label_on_any_page_is_named_over_its_text(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    """AT-SPI reads a label by its name alone: a fixed name would hide what it shows."""
    import importlib

    from PySide6.QtWidgets import QLabel

    from ebbtide.ui.help_dialogs import CrisisDialog, HelpDialog, WelcomeDialog
    from ebbtide.ui.registry import PAGES
    from ebbtide.ui.settings_dialog import SettingsDialog

    windows = [getattr(importlib.import_module(spec.module), spec.class_name)(ui_ctx)
               for spec in PAGES]
    windows += [SettingsDialog(ui_ctx), HelpDialog(), CrisisDialog(ui_ctx),
                WelcomeDialog(ui_ctx.paths, lambda: None)]
    named_over = []
    for window in windows:
        qtbot.addWidget(window)
        for label in window.findChildren(QLabel):
            name, text = label.accessibleName(), label.text().replace("&", "")
            if name and name != text:
                named_over.append((type(window).__name__, name, text[:40]))
    assert not named_over


def test_the_go_menu_reads_name_and_check_with_its_ampersand(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    from ebbtide.ui.main_window import MainWindow

    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    go = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Go")
    menu = QAccessible.queryAccessibleInterface(go)
    names = [menu.child(i).text(QAccessible.Text.Name) for i in range(menu.childCount())]
    assert "Name & Check" in names, names


def test_arrow_keys_on_the_calm_down_chart_say_the_session_reached(
        qtbot, ui_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from ebbtide.ui.progress import charts
    from ebbtide.ui.progress.page import ProgressPage
    from tests.ui.progress.test_page import fill

    heard: list[str] = []
    monkeypatch.setattr(charts, "announce", lambda _w, text, **_k: heard.append(text))
    page = ProgressPage(ui_ctx)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    page.page_shown()
    fill(ui_ctx.store, page)
    page.range_bar.choose("week")
    page.activateWindow()
    qtbot.waitActive(page)
    page.calm.view.setFocus()
    qtbot.keyClick(page.calm.view, Qt.Key.Key_End)
    qtbot.keyClick(page.calm.view, Qt.Key.Key_Left)
    assert heard and heard[-1] == page.calm.detail.text() and len(heard) == 2
    table = page.calm.panel.table
    page.calm.panel.table_button.click()  # its rows are filled when it is asked for
    assert table.rowCount() == len(page.calm.data) and table.columnCount() == 4


def test_focus_goes_straight_to_the_next_step_not_through_the_page_list(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from ebbtide.ui.main_window import MainWindow
    from tests.ui.modal import activate

    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    activate(qtbot, window)
    window.show_page(1)
    page = window.current_page
    went: list[str] = []
    QApplication.instance().focusChanged.connect(
        lambda _old, new: went.append(new.accessibleName() if new is not None else ""))
    page.begin_button.setFocus()
    went.clear()
    page.begin_button.click()
    qtbot.wait(20)
    assert went == ["", "Distress before, 0 to 10"]  # let go, then the rating; never "Pages"
