"""The Progress page as a person uses it: charts that match their sessions, a range
control every chart follows, kind explanations when there is little data, hover and
click on a session, pictures, and data out and back in."""

from __future__ import annotations

import datetime as dt
import json
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDateEdit,
    QFileDialog,
    QLabel,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ebbtide.core import exchange, progress_data
from ebbtide.core.settings import SettingKey
from ebbtide.core.store import (
    SessionKind,
    SessionRecord,
    Store,
)
from ebbtide.ui.context import UiContext
from ebbtide.ui.operations import Change, ChangeNotice
from ebbtide.ui.progress.page import (
    INTRO,
    TAB_CALM,
    TAB_FELT,
    TAB_HELPS,
    TAB_WHEN,
    ProgressPage,
)
from tests.conftest import settle

DAY = 86_400.0


def days_ago(n: float) -> float:
    return time.time() - n * DAY


def add(store: Store, ago: float, kind: str = SessionKind.BREATHING, before: int | None = 7,
        after: int | None = 3, content_id: str = "box", **details: object) -> SessionRecord:
    return store.add_session(SessionRecord(
        kind=kind, started_utc=days_ago(ago), content_id=content_id,
        distress_before=before, distress_after=after, details=details,
    ))


def fill(store: Store, page: ProgressPage | None = None) -> None:
    """Some sessions this week, more earlier in the month, a few last year; then tell
    the page, as every page that saves a session does."""
    for ago, before, after in ((1, 7, 3), (2, 6, 3), (3, 8, 5)):
        add(store, ago, before=before, after=after, label="Box breathing")
    add(store, 2.5, SessionKind.AUDIO, 6, 4, "body-scan-15", label="Body scan")
    add(store, 1.5, SessionKind.CHECKIN, 6, None, "checkin", feelings=["anxious", "hurt"])
    add(store, 12, SessionKind.CHECKIN, 8, None, "checkin", feelings=["anxious"])
    add(store, 15, SessionKind.WORKSHEET, 8, 4, "ws-1", feelings=["betrayed"])
    add(store, 20, before=9, after=6, label="Box breathing")
    add(store, 200, before=9, after=8, label="Box breathing")
    add(store, 210, SessionKind.CHECKIN, 9, None, "checkin")
    if page is not None:
        page.ctx.ops.changed.emit(ChangeNotice(Change.SESSIONS))  # written past the ops: say so


@pytest.fixture
def page(qtbot: QtBot, ui_ctx: UiContext) -> ProgressPage:
    p = ProgressPage(ui_ctx)
    qtbot.addWidget(p)
    p.resize(1000, 700)
    p.show()
    qtbot.waitExposed(p)
    p.page_shown()
    return p


def plotted_segments(p: ProgressPage) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for item in p.calm.segments:
        x, y = item.getData()
        if x is not None and len(x):
            xs.append(x)
            ys.append(y)
    if not xs:
        return np.empty(0), np.empty(0)
    x, y = np.concatenate(xs), np.concatenate(ys)
    order = np.argsort(x[::2], kind="stable")
    pairs_x, pairs_y = x.reshape(-1, 2)[order], y.reshape(-1, 2)[order]
    return pairs_x[:, 0], pairs_y


def test_an_empty_store_explains_what_will_appear(page: ProgressPage) -> None:
    assert page.summary.text() == INTRO  # no numbers to speak of yet
    page.refresh_all()
    assert not page.calm.panel.showing_chart
    assert "appears after two sessions with a before and after rating" in (
        page.calm.panel.message.text()
    )
    assert not page.helps.panel.showing_chart and "rate" in page.helps.panel.message.text()
    assert not page.felt.checkin_panel.showing_chart
    assert "Check in" in page.felt.checkin_panel.message.text()
    assert not page.felt.feelings_panel.showing_chart
    assert not page.when.panel.showing_chart


def test_one_session_is_still_too_little_for_a_chart(page: ProgressPage, store: Store) -> None:
    add(store, 1)
    page.ctx.ops.changed.emit(ChangeNotice(Change.SESSIONS))  # written past the ops: say so
    assert not page.calm.panel.showing_chart
    add(store, 2)
    page.ctx.ops.changed.emit(ChangeNotice(Change.SESSIONS))  # written past the ops: say so
    assert page.calm.panel.showing_chart


def test_calm_down_chart_matches_the_store_for_the_range(
    page: ProgressPage, store: Store
) -> None:
    fill(store, page)
    for key, since in (("week", 7), ("month", 30)):
        page.range_bar.choose(key)
        rng = progress_data.TimeRange(
            None if since is None else days_ago(since + 1), None
        )
        settle(page.ctx)
        expected = [r for r in store.sessions(rng.since_utc) if r.drop is not None]
        since_utc = page.choice.range.since_utc
        if since_utc is not None:
            expected = [r for r in expected if r.started_utc >= since_utc]
        starts, pairs = plotted_segments(page)
        assert starts.tolist() == [r.started_utc for r in expected], key
        assert pairs.tolist() == [[r.distress_before, r.distress_after] for r in expected]
        # The trend line has a point for every rated session, with the 30-day mean drop.
        tx, ty = page.calm.trend_month.getData()
        assert len(tx) == len(expected)
        assert ty[0] == expected[0].drop


def test_a_year_shows_weeks_not_sticks(page: ProgressPage, store: Store) -> None:
    """Year and all time: each week's typical before and after and its middle half,
    instead of a barcode of sessions; the sticks stay for a week and a month."""
    fill(store, page)
    page.range_bar.choose("year")
    summary = page.calm.summary
    assert summary is not None and page.calm.unit == "week"
    assert plotted_segments(page)[0].size == 0  # no session sticks
    rated = [r for r in store.sessions() if r.drop is not None]
    assert int(summary.counts.sum()) == len(rated)
    x, typical_after = page.calm.bands["after"][2].getData()
    assert len(x) == int((summary.counts > 0).sum())
    # The last week drawn is the calendar week (from Monday, local time) of the latest
    # session, typically the median of its sessions' after-ratings, whatever day it is.
    def week(t: float) -> tuple[int, int]:
        return tuple(datetime.fromtimestamp(t).isocalendar())[:2]  # type: ignore[return-value]

    last = week(max(r.started_utc for r in rated))
    latest = [r.distress_after for r in rated if week(r.started_utc) == last]
    assert latest and typical_after[-1] == float(np.median(latest))
    page.calm.panel.table_button.click()  # the table is filled when asked for
    assert page.calm.panel.table.rowCount() == len(x)
    assert "Week of" in page.calm.panel.table.item(0, 0).text()
    page.range_bar.choose("month")
    assert page.calm.summary is None and plotted_segments(page)[0].size > 0
    assert not any(band[3].isVisible() for band in page.calm.bands.values())  # no stale weeks


def test_weeks_can_be_stepped_through_and_read(page: ProgressPage, store: Store,
                                              qtbot: QtBot) -> None:
    fill(store, page)
    page.range_bar.choose("all")
    page.calm.view.setFocus()
    qtbot.keyClick(page.calm.view, Qt.Key.Key_End)
    assert page.calm.detail.text().startswith("Week of")
    assert "typically from" in page.calm.detail.text()


def test_no_sessions_outside_the_range_is_never_claimed(page: ProgressPage, store: Store) -> None:
    add(store, 1)  # one session, inside the week: the chart needs two
    page.ctx.ops.changed.emit(ChangeNotice(Change.SESSIONS))
    page.range_bar.choose("week")
    assert "outside this range" not in page.calm.panel.message.text()
    add(store, 100)  # now one lies outside
    page.ctx.ops.changed.emit(ChangeNotice(Change.SESSIONS))
    assert "outside this range" in page.calm.panel.message.text()


def test_one_session_does_not_fill_what_helps_me(page: ProgressPage, store: Store) -> None:
    add(store, 1, content_id="box", label="Box breathing")
    page.ctx.ops.changed.emit(ChangeNotice(Change.SESSIONS))
    page.tabs.setCurrentIndex(TAB_HELPS)
    assert not page.helps.panel.showing_chart
    assert "Too few yet: Box breathing (1)" in page.helps.panel.message.text()
    for ago in (2, 3):
        add(store, ago, content_id="box", label="Box breathing")
    add(store, 2, SessionKind.AUDIO, 6, 4, "body-scan-15", label="Body scan")
    page.ctx.ops.changed.emit(ChangeNotice(Change.SESSIONS))
    assert page.helps.panel.showing_chart
    assert page.helps.shown()[0] == ["Box breathing"]
    assert "Too few yet to show: Body scan (1)" in page.helps.note.text()


def test_the_page_opens_with_a_sparkline_and_notices_a_hard_week(page: ProgressPage,
                                                               store: Store) -> None:
    for ago in range(8, 34, 2):  # four calm weeks before
        add(store, ago, before=6, after=2)
    for ago in (1, 2, 3):  # a harder week
        add(store, ago, before=8, after=6)
    page.ctx.ops.changed.emit(ChangeNotice(Change.SESSIONS))
    assert page.sparkline.isVisible()
    assert "week by week" in page.sparkline.accessibleDescription()
    assert page.week_note.isVisible()
    assert page.week_note.text().startswith("This week was harder")


def test_segments_are_coloured_by_kind(page: ProgressPage, store: Store) -> None:
    fill(store, page)
    page.range_bar.choose("month")
    kinds = progress_data.known_kinds()
    audio = page.calm.segments[kinds.index(SessionKind.AUDIO)]
    worksheet = page.calm.segments[kinds.index(SessionKind.WORKSHEET)]
    assert len(audio.getData()[0]) == 2 and len(worksheet.getData()[0]) == 2
    assert audio.opts["pen"].color() != worksheet.opts["pen"].color()
    assert "Listening" in page.calm.legend.text() and "Worksheet" in page.calm.legend.text()


def test_the_range_control_moves_every_chart_together(
    page: ProgressPage, store: Store
) -> None:
    fill(store, page)

    def snapshot() -> tuple[Any, ...]:
        page.refresh_all()
        names, _, _, counts = page.helps.shown()
        tod = page.when.tod
        assert tod is not None
        return (
            len(page.calm.data),
            dict(zip(names, counts.tolist(), strict=True)),
            len(page.felt.checkins),
            dict(page.felt.words),
            int(tod.sessions_by_hour.sum()),
        )

    page.range_bar.choose("week")
    # Body scan's one session is "too few yet" for a bar of its own.
    assert snapshot() == (4, {"Box breathing": 3}, 1, {"anxious": 1, "hurt": 1}, 5)
    assert "Body scan (1)" in page.helps.note.text()
    page.range_bar.choose("month")
    month = snapshot()
    assert month[0] == 6 and month[1]["Box breathing"] == 4 and month[2] == 2
    assert month[3] == {"anxious": 2, "betrayed": 1, "hurt": 1} and month[4] == 8
    page.range_bar.choose("all")
    everything = snapshot()
    assert everything[0] == 7 and everything[2] == 3 and everything[4] == 10


def test_custom_dates_are_a_range_too(page: ProgressPage, store: Store) -> None:
    fill(store, page)
    today = dt.date.today()
    page.range_bar.set_dates(today - dt.timedelta(days=16), today - dt.timedelta(days=10))
    assert page.range_bar.key == "custom"
    assert page.range_bar.date_from.isVisible()
    assert page.choice.words.startswith("From ")
    page.refresh_all()
    assert len(page.felt.checkins) == 1  # the check-in 12 days ago
    assert page.felt.words == [("anxious", 1), ("betrayed", 1)]
    assert not page.calm.panel.showing_chart  # only the worksheet is rated in there
    assert "outside this range" in page.calm.panel.message.text()


def test_summary_sentence_follows_the_data(page: ProgressPage, store: Store) -> None:
    fill(store, page)
    page.range_bar.choose("week")
    # Drops 4, 3, 3 and 2 this week; nothing rated the week before, so no comparison.
    assert page.summary.text() == (
        "In the last 7 days, your distress came down by 3 points on average after practice."
    )
    page.range_bar.choose("year")
    assert "In the last year" in page.summary.text()


def test_what_helps_shows_each_practice_with_its_count(
    page: ProgressPage, store: Store
) -> None:
    fill(store, page)
    page.range_bar.choose("all")
    page.tabs.setCurrentIndex(TAB_HELPS)
    names, means, spreads, counts = page.helps.shown()
    assert names[0] == "Box breathing" and counts[0] == 5  # enough sessions: listed first
    assert means[0] == pytest.approx(np.mean([4, 3, 3, 3, 1]))
    assert spreads[0] == pytest.approx(np.std([4, 3, 3, 3, 1], ddof=1))
    labels = [item.textItem.toPlainText() for item in page.helps.count_labels]
    assert labels == ["5 sessions"]  # one session is "too few yet", not a bar
    ticks = page.helps.plot.getAxis("left")._tickLevels[0]
    assert {name for _, name in ticks} == set(names)
    # The same, in words, for a screen reader.
    assert "Box breathing: 2.8 points over 5 sessions" in page.helps.view.accessibleDescription()


def test_hovering_a_session_describes_it(
    page: ProgressPage, store: Store, qtbot: QtBot
) -> None:
    add(store, 3, before=8, after=2, label="Cyclic sighing", feelings=["hurt"])
    add(store, 1, before=5, after=4)
    page.ctx.ops.changed.emit(ChangeNotice(Change.SESSIONS))  # written past the ops: say so
    qtbot.wait(20)
    data = page.calm.data
    scene = page.calm.plot.vb.mapViewToScene(QPointF(data.started[0], 5.0))
    text = page.calm.hover_at(scene)
    assert "Cyclic sighing" in text and "8 → 2 (came down 6 points)" in text
    assert "hurt" in text
    far = page.calm.plot.vb.mapViewToScene(QPointF(data.started[0] + 1.0 * DAY, 9.8))
    assert page.calm.session_near(far) is None


def test_keyboard_and_click_open_a_session(
    page: ProgressPage, store: Store, qtbot: QtBot
) -> None:
    fill(store, page)
    page.range_bar.choose("week")
    view = page.calm.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_End)
    last = page.calm.data
    assert page.calm.selected == len(last) - 1
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert page.calm.selected == len(last) - 2
    with qtbot.waitSignal(page.calm.session_activated) as opened:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == [int(last.ids[-2])]
    assert page._dialog is not None and page._dialog.isVisible()
    assert "→" in page._dialog.body.text()
    page._dialog.close()


def test_sessions_changed_refreshes_the_open_page(page: ProgressPage, store: Store) -> None:
    add(store, 1)
    add(store, 2)
    assert len(page.calm.data) == 0
    page.ctx.ops.changed.emit(ChangeNotice(Change.SESSIONS))  # written past the ops: say so
    assert len(page.calm.data) == 2


def test_save_the_chart_on_show_as_a_picture(page: ProgressPage, store: Store,
                                             tmp_path: Path) -> None:
    fill(store, page)
    for index in (TAB_CALM, TAB_FELT):
        page.tabs.setCurrentIndex(index)
        target = tmp_path / f"chart-{index}.png"
        page.save_picture_to(target)
        image = QImage(str(target))
        assert not image.isNull()
        assert image.width() == page.current_chart().width()
        # Not a blank picture: many different colours were drawn.
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
                   for y in range(0, image.height(), 7)}
        assert len(colours) > 5
    assert "Saved the chart" in page.status.text()


def test_export_wipe_import_brings_everything_back(
    page: ProgressPage, store: Store, tmp_path: Path, qtbot: QtBot
) -> None:
    fill(store, page)
    store.add_session(SessionRecord(kind=SessionKind.CHECKIN, started_utc=days_ago(0.5),
                                    distress_before=4, note="words of my own"))
    before = [(r.uid, r.started_utc, r.distress_before, r.distress_after, dict(r.details),
               r.note) for r in store.sessions()]
    json_file, csv_file = tmp_path / "all.json", tmp_path / "all.csv"
    page.export_json_to(json_file)
    page.export_csv_to(csv_file)
    settle(page.ctx)
    assert json.loads(json_file.read_text())["version"] == exchange.FORMAT_VERSION
    settle(page.ctx)
    assert csv_file.read_text().count("\n") == len(before) + 1
    assert json_file.stat().st_mode & 0o077 == 0  # private to the person
    settle(page.ctx)
    for r in store.sessions():
        store.delete_session(r.id or 0)
    page.ctx.ops.changed.emit(ChangeNotice(Change.SESSIONS))  # written past the ops: say so
    assert len(page.calm.data) == 0
    with qtbot.waitSignal(page.ctx.ops.changed):
        page.import_from(json_file)
    settle(page.ctx)
    after = [(r.uid, r.started_utc, r.distress_before, r.distress_after, dict(r.details),
              r.note) for r in store.sessions()]
    assert after == before
    assert len(page.calm.data) > 0  # the open page redrew itself
    assert page.status.text() == f"Imported {len(before)} sessions."
    page.import_from(json_file)
    settle(page.ctx)
    assert page.status.text() == f"Imported 0 sessions. {len(before)} were already here."


def test_a_bad_import_changes_nothing_and_says_why(
    page: ProgressPage, store: Store, tmp_path: Path
) -> None:
    fill(store, page)
    good = tmp_path / "good.json"
    page.export_json_to(good)
    settle(page.ctx)
    document = json.loads(good.read_text())
    document["sessions"][3]["distress_after"] = 12
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    count = store.count_sessions()
    settle(page.ctx)
    for r in store.sessions()[:2]:
        store.delete_session(r.id or 0)
    page.import_from(bad)
    settle(page.ctx)
    assert store.count_sessions() == count - 2  # nothing imported, nothing lost
    # Said once, in one dialog: not also under the buttons or in the status bar.
    told = page.problem_box.text()
    assert told.startswith("Session 4 in the file") and "Nothing was imported" in told
    assert page.status.text() == "" and not page.status.isVisible()
    page.problem_box.close()


def test_charts_follow_the_theme(page: ProgressPage, store: Store) -> None:
    fill(store, page)
    dark = QPalette(page.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1E262C"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#E4E8EA"))
    page.setPalette(dark)
    assert page.calm.view.backgroundBrush().color() == QColor("#1E262C")
    assert page.calm.colours.dark
    checkin = progress_data.known_kinds().index(SessionKind.CHECKIN)
    assert page.calm.colours.kind_code(checkin) == QColor("#F0E442")  # yellow on dark
    # Listening and worksheets are told apart (not amber beside orange), in both themes.
    listening = page.calm.colours.kind(SessionKind.AUDIO)
    worksheet = page.calm.colours.kind(SessionKind.WORKSHEET)
    assert abs(listening.hsvHue() - worksheet.hsvHue()) > 60


def test_every_control_has_a_name_and_is_reached_by_keyboard(
    page: ProgressPage, store: Store, qtbot: QtBot
) -> None:
    fill(store, page)
    page.range_bar.choose("custom")
    page.range_bar.set_dates(dt.date.today() - dt.timedelta(days=8), dt.date.today())
    controls = [w for w in page.findChildren(QWidget)
                if isinstance(w, QAbstractButton | QDateEdit) and w.isVisible()]
    assert len(controls) >= 10
    for control in controls:
        assert control.accessibleName(), control
    page.activateWindow()
    qtbot.waitActive(page)
    # Tab walks through the page; the range buttons are one group, entered once by Tab
    # and walked with the arrow keys, like radio buttons.
    page.range_bar.buttons["week"].setFocus()
    reached = set()
    order: list[QWidget | None] = []
    for _ in range(40):
        focused = QApplication.focusWidget()
        reached.add(focused)
        if focused not in order:
            order.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    # Top to bottom, as the page reads: dates, chart tabs, the chart, then the actions.
    steps = [page.range_bar.date_to, page.tabs.tabBar(), page.calm.view, page.save_picture,
             page.export_button, page.import_button]
    positions = [order.index(w) for w in steps]
    assert positions == sorted(positions)
    range_buttons = set(page.range_bar.buttons.values())
    others = [c for c in controls if c not in range_buttons]
    for control in others:
        assert any(w is control or control.isAncestorOf(w) for w in reached if w), (
            control.accessibleName()
        )
    assert reached & range_buttons
    page.range_bar.buttons["week"].setFocus()
    walked = set()
    for _ in range(len(range_buttons)):
        walked.add(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    assert range_buttons <= walked
    assert page.calm.view in reached  # the chart itself takes focus for arrow-key browsing
    assert page.calm.view.accessibleDescription()
    # …and shows it has focus with the app's focus-ring colour (the theme's chart role).
    from ebbtide.ui.theme import _style_sheet, load_theme

    theme = load_theme("light")
    assert page.calm.view.property("role") == "chart"
    assert f'qgraphicsview[role="chart"]:focus {{ border: 2px solid {theme.focus.lower()}' in (
        _style_sheet(theme).lower()
    )


def test_thin_data_gets_no_numbers_in_the_summary(page: ProgressPage, store: Store) -> None:
    add(store, 1)
    add(store, 2)  # two rated sessions: a chart, but too few for a sentence about them
    page.ctx.ops.changed.emit(ChangeNotice(Change.SESSIONS))  # written past the ops: say so
    assert page.calm.panel.showing_chart
    assert page.summary.text() == INTRO
    add(store, 3)
    page.ctx.ops.changed.emit(ChangeNotice(Change.SESSIONS))  # written past the ops: say so
    assert "came down by 4 points" in page.summary.text()


def test_when_counts_sessions_by_local_hour_and_weekday(page: ProgressPage, store: Store) -> None:
    fill(store, page)
    page.range_bar.choose("all")
    page.tabs.setCurrentIndex(TAB_WHEN)
    assert page.when.panel.showing_chart
    settle(page.ctx)
    starts = [time.localtime(r.started_utc) for r in store.sessions()]
    heights = page.when.bars[0].opts["height"]
    for hour in range(24):
        assert heights[hour] == sum(1 for s in starts if s.tm_hour == hour)
    weekday_heights = page.when.bars[1].opts["height"]
    assert weekday_heights.tolist() == [sum(1 for s in starts if s.tm_wday == d)
                                        for d in range(7)]


def test_clicking_a_session_opens_it(page: ProgressPage, store: Store, qtbot: QtBot) -> None:
    add(store, 2, before=9, after=3, label="Cyclic sighing")
    add(store, 1, before=5, after=4)
    page.ctx.ops.changed.emit(ChangeNotice(Change.SESSIONS))  # written past the ops: say so
    qtbot.wait(20)
    data = page.calm.data
    scene = page.calm.plot.vb.mapViewToScene(QPointF(data.started[0], 6.0))
    where = page.calm.view.mapFromScene(scene)
    with qtbot.waitSignal(page.calm.session_activated) as opened:
        qtbot.mouseClick(page.calm.view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert opened.args == [int(data.ids[0])]
    assert page._dialog is not None and page._dialog.isVisible()
    assert "9 → 3" in page._dialog.body.text()
    assert any(label.text() == "Cyclic sighing" for label in page._dialog.findChildren(QLabel))
    page._dialog.close()


def test_the_file_dialogs_save_where_the_person_chose(
    page: ProgressPage, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(store, page)
    chosen = {"name": ""}

    def save_as(*_args: object) -> tuple[str, str]:
        return str(tmp_path / chosen["name"]), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *_a: (str(tmp_path / "copy.json"), ""))
    chosen["name"] = "chart"  # no suffix typed: .png is added
    page.ask_save_picture()
    assert (tmp_path / "chart.png").stat().st_size > 0
    chosen["name"] = "sessions.csv"
    page.ask_export_csv()
    settle(page.ctx)
    assert (tmp_path / "sessions.csv").read_text().startswith("uid,kind,practice")
    chosen["name"] = "copy.json"
    page.ask_export_json()
    settle(page.ctx)
    assert "keep it somewhere private" in page.status.text()
    page.ask_import()
    settle(page.ctx)
    assert page.status.text().endswith("were already here.")
    chosen["name"] = "no-such-folder/x.csv"
    page.ask_export_csv()
    settle(page.ctx)
    assert "couldn't be saved there" in page.problem_box.text()
    page.problem_box.close()


def test_charts_follow_the_apps_theme_switch(
    page: ProgressPage, store: Store, qapp: QApplication
) -> None:
    from ebbtide.ui.theme import ThemeManager, load_theme

    fill(store, page)
    page.refresh_all()
    saved = (qapp.palette(), qapp.styleSheet(), qapp.style().name(), qapp.font())
    try:
        themes = ThemeManager(qapp)
        themes.apply("dark")
        page.ctx.set_setting(SettingKey.THEME, "dark")
        QApplication.processEvents()
        dark_surface = QColor(load_theme("dark").surface)
        for view in (page.calm.view, page.helps.view, page.when.view,
                     page.felt.checkin_view):
            assert view.backgroundBrush().color() == dark_surface
        themes.apply("light")
        QApplication.processEvents()
        assert page.calm.view.backgroundBrush().color() == QColor(load_theme("light").surface)
    finally:
        qapp.setStyle(saved[2])
        qapp.setFont(saved[3])
        qapp.setStyleSheet(saved[1])
        qapp.setPalette(saved[0])


def test_count_axes_have_whole_number_ticks(page: ProgressPage, store: Store) -> None:
    add(store, 1)
    add(store, 2)
    page.ctx.ops.changed.emit(ChangeNotice(Change.SESSIONS))
    page.tabs.setCurrentIndex(TAB_WHEN)
    for plot in (page.when.hour_count, page.when.day_count):
        ticks = plot.getAxis("left")._tickLevels[0]
        assert ticks and all(float(v).is_integer() and label == str(int(v))
                             for v, label in ticks)
