"""Notice & record as a person uses it: a trigger logged by one key from anywhere, by
keyboard alone; a draft kept while typing and found again; their own tags offered back;
search, filters, delete and undo; moments laid on the wall and read by keys."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from ebbtide.core.notice import EvidenceEntry, TriggerEntry
from ebbtide.core.notice_store import NoticeStore
from ebbtide.ui.main_window import MainWindow
from ebbtide.ui.notice.page import NoticePage, Step
from ebbtide.ui.registry import PageKey
from tests.conftest import settle
from tests.ui.a11y import unnamed_controls

CTRL = Qt.KeyboardModifier.ControlModifier


def make_page(qtbot, ui_ctx) -> NoticePage:  # type: ignore[no-untyped-def]
    page = NoticePage(ui_ctx)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.page_shown()
    return page


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_one_key_from_anywhere_opens_a_trigger_entry_saved_by_keyboard_alone(
    qtbot, ui_ctx,  # type: ignore[no-untyped-def]
) -> None:
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert window.current_page is not None and window.current_page.title == "Check in"
    qtbot.keyClick(window, Qt.Key.Key_T, CTRL)
    page = window.page(PageKey.NOTICE)
    assert isinstance(page, NoticePage)
    assert window.current_page is page and page.step is Step.TRIGGER_ENTRY
    editor = page.trigger_editor
    assert focused() is editor.what
    qtbot.keyClicks(editor.what, "No reply all afternoon")
    # The urge, by keyboard: Tab along to a button and press Space.
    editor.urge_buttons["check-phone"].setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    editor.tags.setFocus()
    qtbot.keyClicks(editor.tags, "late reply, phone face down")
    editor.then_buttons["then"].setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    settle(ui_ctx)
    qtbot.waitUntil(lambda: page.step is Step.TRIGGERS)
    [saved] = NoticeStore(ui_ctx.store).triggers()
    assert saved.what == "No reply all afternoon"
    assert saved.urges == ["check-phone"] and saved.now_or_then == "then"
    assert saved.tags == ["late reply", "phone face down"]
    assert "No reply all afternoon" in page.trigger_list.list.item(0).text()
    assert "wanted to check their phone" in page.trigger_list.list.item(0).text()
    # F8 does the same, and a second entry starts empty.
    qtbot.keyClick(window, Qt.Key.Key_F8)
    assert page.step is Step.TRIGGER_ENTRY and editor.what.toPlainText() == ""


def test_a_draft_is_kept_while_typing_and_esc_closes_without_losing_it(
    qtbot, ui_ctx,  # type: ignore[no-untyped-def]
) -> None:
    page = make_page(qtbot, ui_ctx)
    page.start_practice({"entry": "trigger"})
    editor = page.trigger_editor
    qtbot.keyClicks(editor.what, "Saw the phone face down")
    notices = NoticeStore(ui_ctx.store)

    def draft_saved() -> bool:
        settle(ui_ctx)
        draft = notices.latest_draft("trigger")
        return draft is not None and draft.what == "Saw the phone face down"

    qtbot.waitUntil(draft_saved, timeout=3000)
    assert "draft" in editor.status.text()
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    settle(ui_ctx)
    assert page.step is Step.TRIGGERS
    assert "not finished" in page.trigger_list.list.item(0).text()
    # Open it again from the list with Enter, finish it.
    page.trigger_list.list.setFocus()
    qtbot.keyClick(page.trigger_list.list, Qt.Key.Key_Return)
    assert page.step is Step.TRIGGER_ENTRY
    assert editor.what.toPlainText() == "Saw the phone face down"
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    settle(ui_ctx)
    assert [e.status for e in notices.triggers(drafts=True)] == ["done"]


def test_saving_an_empty_entry_asks_kindly_and_keeps_nothing(
    qtbot, ui_ctx,  # type: ignore[no-untyped-def]
) -> None:
    page = make_page(qtbot, ui_ctx)
    page.new_entry("trigger")
    page.trigger_editor.save()
    settle(ui_ctx)
    assert "even a word is enough" in page.trigger_editor.status.text()
    assert NoticeStore(ui_ctx.store).triggers(drafts=True) == []


def test_own_tags_are_offered_again_next_time(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    NoticeStore(ui_ctx.store).save(TriggerEntry(what="x", tags=["late reply"],
                                                own_urges=["scroll their socials"],
                                                status="done"))
    page = make_page(qtbot, ui_ctx)
    page.new_entry("trigger")
    editor = page.trigger_editor
    [button] = editor.recent_buttons
    assert button.text() == "late reply" and button.isVisibleTo(page)
    qtbot.keyClicks(editor.what, "again")
    button.click()
    assert editor.tags.text() == "late reply"
    completer = editor.own_urges.completer()
    assert completer is not None and completer.model().index(0, 0).data() == \
        "scroll their socials"
    editor.save()
    settle(ui_ctx)
    assert NoticeStore(ui_ctx.store).triggers()[0].tags == ["late reply"]


def test_search_filters_delete_and_undo(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    notices = NoticeStore(ui_ctx.store)
    notices.save(TriggerEntry(what="late home", tags=["late reply"], urges=["question"],
                              occurred_utc=1_764_000_000, status="done"))
    notices.save(TriggerEntry(what="phone down", tags=["phone face down"],
                              urges=["check-phone"], occurred_utc=1_764_100_000,
                              status="done"))
    page = make_page(qtbot, ui_ctx)
    listing = page.trigger_list
    assert listing.list.count() == 2 and listing.empty.text() == "2 trigger entries"
    qtbot.keyClicks(listing.search, "LATE")
    assert listing.list.count() == 1 and "late home" in listing.list.item(0).text()
    listing.search.clear()
    tag_filter = listing.combos[0]
    tag_filter.setCurrentIndex(tag_filter.findData("phone face down"))
    assert listing.list.count() == 1 and "phone down" in listing.list.item(0).text()
    tag_filter.setCurrentIndex(0)
    urge_filter = listing.combos[1]
    urge_filter.setCurrentIndex(urge_filter.findData("question"))
    assert listing.list.count() == 1
    urge_filter.setCurrentIndex(0)
    # Delete with the Delete key, bring back with Ctrl+Z.
    listing.list.setFocus()
    listing.list.setCurrentRow(0)
    qtbot.keyClick(listing.list, Qt.Key.Key_Delete)
    settle(ui_ctx)
    qtbot.waitUntil(lambda: listing.list.count() == 1)
    assert listing.undo_button.isVisibleTo(page)
    qtbot.keyClick(listing.list, Qt.Key.Key_Z, CTRL)
    settle(ui_ctx)
    qtbot.waitUntil(lambda: listing.list.count() == 2)
    assert len(notices.triggers()) == 2
    # Delete again and leave the page: it is gone for good.
    listing.delete_current()
    settle(ui_ctx)
    page.page_hidden()
    settle(ui_ctx)
    assert ui_ctx.store.conn.execute("SELECT COUNT(*) FROM notice_entries").fetchone()[0] == 1


def test_empty_logs_explain_warmly_what_will_appear(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, ui_ctx)
    assert "Nothing logged yet, and that is fine" in page.trigger_list.empty.text()
    assert "Ctrl+T" in page.trigger_list.empty.text()
    page.show_step(Step.EVIDENCE)
    assert "No moments yet" in page.evidence_list.empty.text()
    assert "starts with a single brick" in page.wall.accessibleDescription()


def test_moments_are_bricks_broken_ones_gaps_and_keys_read_them(
    qtbot, ui_ctx,  # type: ignore[no-untyped-def]
) -> None:
    page = make_page(qtbot, ui_ctx)
    page.tabs.setCurrentIndex(1)
    assert page.step is Step.EVIDENCE
    # Add a kept moment through the form, by keyboard.
    qtbot.keyClick(page.new_moment_button, Qt.Key.Key_Space)
    editor = page.evidence_editor
    assert page.step is Step.EVIDENCE_ENTRY and focused() is editor.said
    qtbot.keyClicks(editor.said, "I'll call at six")
    qtbot.keyClicks(editor.did, "Called at six")
    editor.show_buttons["reliability"].click()
    editor.who.setEditText("Sam")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    settle(ui_ctx)
    # And a broken one.
    page.new_entry("evidence")
    qtbot.keyClicks(editor.said, "I'll be home by ten")
    editor.outcome_buttons["broken"].click()
    editor.save()
    settle(ui_ctx)
    qtbot.waitUntil(lambda: len(page.wall.bricks) == 2)
    assert page.wall.kept_count == 1
    assert "1 kept moment, 1 broken" in page.legend.text()
    page.wall.setFocus()
    qtbot.keyClick(page.wall, Qt.Key.Key_Home)
    assert "Kept" in page.wall.accessibleDescription()
    assert "I'll call at six" in page.wall.accessibleDescription()
    assert "Sam" in page.evidence_list.current().who  # type: ignore[union-attr]
    qtbot.keyClick(page.wall, Qt.Key.Key_Right)
    assert page.wall.accessibleDescription().startswith("Broken")
    assert page.evidence_list.current_uid() == page.wall.current_uid()
    # The gap is painted as an outline, the brick filled.
    image = page.wall.grab().toImage()
    kept, broken = (b.rect.center() for b in page.wall.bricks)
    ground = page.wall.palette().color(QPalette.ColorRole.Window)
    assert QColor(image.pixel(QPoint(int(kept.x()), int(kept.y())))) != ground
    assert QColor(image.pixel(QPoint(int(broken.x()), int(broken.y())))).name() == ground.name()
    # Filter by person.
    who = page.evidence_list.combos[0]
    who.setCurrentIndex(who.findData("Sam"))
    assert page.evidence_list.list.count() == 1


def test_the_wall_takes_its_colours_from_the_theme(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    NoticeStore(ui_ctx.store).save(EvidenceEntry(said="a", shows=["reliability"],
                                                 status="done"))
    page = make_page(qtbot, ui_ctx)
    page.show_step(Step.EVIDENCE)
    wall = page.wall
    centre = wall.bricks[0].rect.center().toPoint()
    colours = []
    for accent, window in (("#28737A", "#F6F4EF"), ("#5FB3B9", "#161C21")):
        palette = wall.palette()
        palette.setColor(QPalette.ColorRole.Highlight, QColor(accent))
        palette.setColor(QPalette.ColorRole.Window, QColor(window))
        wall.setPalette(palette)
        colours.append(QColor(wall.grab().toImage().pixel(centre)).name().upper())
    assert colours == ["#28737A", "#5FB3B9"]  # reliability is the accent itself


def test_every_control_has_an_accessible_name(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    NoticeStore(ui_ctx.store).save(TriggerEntry(what="x", tags=["t"], status="done"))
    page = make_page(qtbot, ui_ctx)
    for step in Step:
        page.show_step(step)
        assert unnamed_controls(page) == [], step


def test_a_year_of_bricks_is_laid_in_courses_none_overlapping_all_inside(
    qtbot, ui_ctx,  # type: ignore[no-untyped-def]
) -> None:
    from ebbtide.core.notice import load_notice_words
    from ebbtide.ui.notice.wall import BrickWall

    wall = BrickWall(load_notice_words())
    qtbot.addWidget(wall)
    entries = [EvidenceEntry(said=str(n), occurred_utc=1_700_000_000 + n * 86_400,
                             outcome="broken" if n % 7 == 0 else "kept", status="done")
               for n in range(365)]
    for width in (420, 777, 1000):
        wall.resize(width, 100)
        wall.set_entries(entries)
        rects = [b.rect for b in wall.bricks]
        assert len(rects) == 365
        assert all(r.left() >= 0 and r.right() <= width and r.top() >= 0
                   and r.bottom() <= wall.height() for r in rects)
        assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1:])
        # Oldest at the bottom left; every other course set half a brick in.
        assert wall.bricks[0].entry.said == "0" and rects[0].bottom() > rects[-1].bottom()
        lefts = sorted({round(r.left()) for r in rects})[:2]
        assert lefts[1] - lefts[0] < rects[0].width()


def test_a_small_risk_is_planned_then_tried_and_one_that_went_better_lays_a_brick(
    qtbot, ui_ctx,  # type: ignore[no-untyped-def]
) -> None:
    from ebbtide.core.notice import RiskEntry

    page = make_page(qtbot, ui_ctx)
    page.tabs.setCurrentIndex(2)
    assert page.step is Step.RISKS
    assert "No small risks yet" in page.risk_list.empty.text()
    qtbot.keyClick(page.new_risk_button, Qt.Key.Key_Space)
    editor = page.risk_editor
    assert page.step is Step.RISK_ENTRY and focused() is editor.risk
    editor.idea_buttons[0].click()  # "Say how I feel"
    assert editor.risk.toPlainText().startswith("Say how I feel")
    qtbot.keyClicks(editor.risk, "tell Sam I felt left out")
    qtbot.keyClicks(editor.fear, "They'll brush it off")
    editor.sure_before.setValue(80)
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    settle(ui_ctx)
    assert page.step is Step.RISKS
    [plan] = NoticeStore(ui_ctx.store).risks(drafts=True)
    assert plan.status == "draft" and plan.sure_before == 80
    assert "planned, not tried yet" in page.risk_list.list.item(0).text()
    assert not page.sure_chart.isVisibleTo(page)  # nothing tried yet
    # Afterwards: open it from the list, write how it went.
    page.risk_list.list.setFocus()
    qtbot.keyClick(page.risk_list.list, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.happened, "They listened and said sorry")
    editor.sure_after.setValue(20)
    editor.outcome_buttons["better"].click()
    editor.save()
    settle(ui_ctx)
    [tried] = NoticeStore(ui_ctx.store).risks()
    assert (tried.status, tried.outcome, tried.sure_after) == ("done", "better", 20)
    assert page.sure_chart.isVisibleTo(page)
    assert "80 out of 100 sure beforehand" in page.sure_chart.accessibleDescription()
    assert "and 20 afterwards" in page.sure_chart.accessibleDescription()
    outcome = page.risk_list.combos[0]
    outcome.setCurrentIndex(outcome.findData("hard"))
    assert page.risk_list.list.count() == 0
    outcome.setCurrentIndex(outcome.findData("better"))
    assert page.risk_list.list.count() == 1
    # On the wall, beside the kept moments.
    page.show_step(Step.EVIDENCE)
    [brick] = page.wall.bricks
    assert isinstance(brick.entry, RiskEntry)
    page.wall.setFocus()
    qtbot.keyClick(page.wall, Qt.Key.Key_End)
    assert "small risk that went better than feared" in page.wall.accessibleDescription()
    assert "1 small risk that went better than feared" in page.legend.text()


def test_the_journal_asks_one_question_at_a_time_keeps_drafts_and_exports(
    qtbot, ui_ctx, tmp_path, monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    from ebbtide.core.notice import JournalEntry

    page = make_page(qtbot, ui_ctx)
    page.tabs.setCurrentIndex(3)
    assert page.step is Step.JOURNAL
    assert "Nothing written yet" in page.journal_list.empty.text()
    first = page.prompt_label.text()
    qtbot.keyClick(page.next_prompt_button, Qt.Key.Key_Space)
    assert page.prompt_label.text() != first
    asked = page.prompt_label.text()
    qtbot.keyClick(page.write_prompt_button, Qt.Key.Key_Space)
    editor = page.journal_editor
    assert page.step is Step.JOURNAL_ENTRY and focused() is editor.text
    assert editor.question_label.text() == asked
    qtbot.keyClicks(editor.text, "Mostly about before, <I think>")
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)  # kept as a draft
    settle(ui_ctx)
    [draft] = NoticeStore(ui_ctx.store).journal(drafts=True)
    assert draft.status == "draft" and draft.text == "Mostly about before, <I think>"
    page.journal_list.list.setFocus()
    qtbot.keyClick(page.journal_list.list, Qt.Key.Key_Return)
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    settle(ui_ctx)
    page.write_journal(None)
    qtbot.keyClicks(editor.text, "Free writing today")
    assert editor.question_label.text() == "Writing freely"
    editor.save()
    settle(ui_ctx)
    assert page.journal_list.list.count() == 2
    free = page.journal_list.combos[0]
    free.setCurrentIndex(free.findData("free"))
    assert page.journal_list.list.count() == 1
    free.setCurrentIndex(0)
    # Export what is listed, as text and as PDF, readable only by its owner.
    for kind in ("txt", "pdf"):
        target = tmp_path / f"journal.{kind}"
        monkeypatch.setattr(page, "ask_export_path", lambda _kind, t=target: t)
        page.export_journal(kind)
        assert target.stat().st_size > 0
        assert target.stat().st_mode & 0o077 == 0
    text = (tmp_path / "journal.txt").read_text(encoding="utf-8")
    assert asked in text and "<I think>" in text and "Free writing today" in text
    assert (tmp_path / "journal.pdf").read_bytes().startswith(b"%PDF")
    assert all(isinstance(e, JournalEntry) for e in page.journal_list.entries)
