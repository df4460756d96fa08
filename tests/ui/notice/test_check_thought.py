"""Where the trigger log and the evidence log meet Name & Check: "Check this thought" on
a trigger entry starts a worksheet with what happened and the feelings (with how
strong) filled in, which remembers the entry; the trigger log then says it was checked
and opens that worksheet. The worksheet's evidence step quotes moments from the
evidence log, filtered by person and by what they show, by keyboard."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ebbtide.core.notice import EvidenceEntry, FeelingNote, TriggerEntry, load_notice_words
from ebbtide.core.notice_links import quote_evidence, worksheet_from_trigger
from ebbtide.core.notice_store import NoticeStore
from ebbtide.core.worksheet import Quote, Worksheet
from ebbtide.core.worksheet_store import WorksheetStore
from ebbtide.ui.main_window import MainWindow
from ebbtide.ui.namecheck.evidence_picker import EvidencePicker
from ebbtide.ui.namecheck.page import NameCheckPage
from ebbtide.ui.namecheck.page import Step as NameStep
from ebbtide.ui.notice.page import NoticePage
from ebbtide.ui.registry import PageKey
from tests.conftest import settle

DAY = 86_400.0


def window_on_notice(qtbot, ui_ctx) -> tuple[MainWindow, NoticePage]:  # type: ignore[no-untyped-def]
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    window.resize(1200, 860)
    window.show()
    qtbot.waitExposed(window)
    window.ctx.practice_requested.emit(PageKey.NOTICE, {})
    page = window.page(PageKey.NOTICE)
    assert isinstance(page, NoticePage)
    return window, page


def a_trigger() -> TriggerEntry:
    return TriggerEntry(what="No reply all evening; the phone face down at dinner.",
                        feelings=[FeelingNote("anxious", 80), FeelingNote("hurt", 55)],
                        body=["chest"], urges=["check-phone", "reassurance"],
                        own_urges=["pace"], tags=["late reply"], status="done")


def test_check_this_thought_starts_a_worksheet_filled_in_from_the_entry(
    qtbot, ui_ctx,  # type: ignore[no-untyped-def]
) -> None:
    NoticeStore(ui_ctx.store).save(entry := a_trigger())
    window, page = window_on_notice(qtbot, ui_ctx)
    assert page.trigger_list.current_uid() == entry.uid
    assert page.check_button.text().replace("&", "") == "Check this thought"
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    settle(ui_ctx)
    namecheck = window.page(PageKey.NAMECHECK)
    assert isinstance(namecheck, NameCheckPage)
    qtbot.waitUntil(lambda: window.current_page is namecheck)
    assert namecheck.stack.step is NameStep.WORKSHEET
    sheet = namecheck.editor_sheet()
    # What the person sees: the situation and the feelings, with how strong, already there.
    situation = namecheck.editor.views[0]
    assert situation.field.toPlainText() == entry.what
    assert [(f.word, f.before) for f in sheet.feelings] == [("anxious", 80), ("hurt", 55)]
    assert sheet.body_places == ["chest"] and sheet.urges == ["check-phone"]
    # An urge the worksheet has no box for comes along in words, with the person's own.
    assert sheet.own_urge == "ask for reassurance, pace"
    # It is kept (sealed, through the write path) and remembers where it came from.
    [stored] = WorksheetStore(ui_ctx.store).all()
    assert stored.from_trigger == entry.uid and stored.situation == entry.what
    # Back in the trigger log: the entry says it was checked, and the button opens it.
    window.ctx.practice_requested.emit(PageKey.NOTICE, {})
    qtbot.waitUntil(lambda: "checked in a worksheet" in page.trigger_list.list.item(0).text())
    assert page.check_button.text().replace("&", "") == "Open its worksheet"
    namecheck.editor.leave()
    settle(ui_ctx)
    window.ctx.practice_requested.emit(PageKey.NOTICE, {})
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    settle(ui_ctx)
    assert window.current_page is namecheck and namecheck.editor_sheet().uid == stored.uid
    assert len(WorksheetStore(ui_ctx.store).all()) == 1  # opened, not made again
    window.close()


def test_save_and_check_right_after_writing_a_trigger(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    window, page = window_on_notice(qtbot, ui_ctx)
    page.new_entry("trigger")
    editor = page.trigger_editor
    qtbot.keyClicks(editor.what, "They went quiet when I asked about Friday")
    qtbot.mouseClick(editor.check_button, Qt.MouseButton.LeftButton)
    settle(ui_ctx)
    namecheck = window.page(PageKey.NAMECHECK)
    qtbot.waitUntil(lambda: window.current_page is namecheck)
    settle(ui_ctx)
    [trigger] = NoticeStore(ui_ctx.store).triggers()
    assert trigger.status == "done"  # saved first, as "Save and check" says
    [sheet] = WorksheetStore(ui_ctx.store).all()
    assert sheet.from_trigger == trigger.uid
    assert sheet.situation == "They went quiet when I asked about Friday"
    window.close()


def test_a_deleted_worksheet_unlinks_the_entry(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    NoticeStore(ui_ctx.store).save(entry := a_trigger())
    sheets = WorksheetStore(ui_ctx.store)
    sheet = worksheet_from_trigger(entry, load_notice_words())
    sheets.save(sheet)
    assert sheets.checked_triggers() == {entry.uid: sheet.uid}
    sheets.delete(sheet.uid)
    assert sheets.checked_triggers() == {}


def moments() -> list[EvidenceEntry]:
    now = time.time()
    return [
        EvidenceEntry(did="Rang at six, as promised", who="Sam", shows=["reliability"],
                      occurred_utc=now - 30 * DAY, status="done"),
        EvidenceEntry(said="I'll be home by nine", did="Came home at midnight, no word",
                      who="Sam", shows=["reliability"], outcome="broken",
                      occurred_utc=now - 10 * DAY, status="done"),
        EvidenceEntry(did="Told me about the money before I asked", who="Sam",
                      shows=["honesty"], occurred_utc=now - 3 * DAY, status="done"),
        EvidenceEntry(did="Sat with me when I was low", who="Ana", shows=["compassion"],
                      occurred_utc=now - 2 * DAY, status="done"),
    ]


def test_the_picker_filters_by_person_and_what_it_shows_and_ticks_by_keyboard(
    qtbot, ui_ctx,  # type: ignore[no-untyped-def]
) -> None:
    entries = moments()
    entries.sort(key=lambda e: -e.occurred_utc)
    picker = EvidencePicker(entries, load_notice_words(), "against")
    qtbot.addWidget(picker)
    picker.show()
    assert picker.list.count() == 4
    picker.person.setCurrentIndex(picker.person.findData("Sam"))
    assert picker.list.count() == 3
    picker.shows.setCurrentIndex(picker.shows.findData("reliability"))
    assert picker.list.count() == 2
    assert not picker.quote_button.isEnabled()  # nothing ticked yet
    # Space ticks the current line, as in any list.
    picker.list.setFocus()
    picker.list.setCurrentRow(1)
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)
    assert [e.did for e in picker.chosen()] == ["Rang at six, as promised"]
    assert picker.quote_button.isEnabled()
    assert picker.quote_button.accessibleName().startswith("Quote the 1 chosen moment")
    picker.outcome.setCurrentIndex(picker.outcome.findData("broken"))
    assert picker.list.count() == 1 and "midnight" in picker.list.item(0).text()
    picker.person.setCurrentIndex(picker.person.findData("Ana"))
    assert picker.list.count() == 0 and "No moments match" in picker.empty.text()


def test_quoted_moments_go_in_as_dated_lines_and_the_worksheet_keeps_their_ids(
    qtbot, ui_ctx,  # type: ignore[no-untyped-def]
) -> None:
    store = NoticeStore(ui_ctx.store)
    store.save_many(entries := moments())
    page = NameCheckPage(ui_ctx)
    qtbot.addWidget(page)
    page.show()
    page.start_new()
    evidence = page.editor.views[4]
    page.editor.go_to(4)
    qtbot.keyClicks(evidence.against_field, "They said sorry.")
    sam_kept = [e for e in entries if e.who == "Sam" and e.kept]
    assert evidence.add_quotes(sam_kept, "against") == 2
    text = evidence.against_field.toPlainText()
    assert text.startswith("They said sorry.\n")
    assert "“Rang at six, as promised” — Sam, kept," in text
    assert "(honesty)" in text
    # The same moment is not quoted twice on one side.
    assert evidence.add_quotes(sam_kept[:1], "against") == 0
    page.editor.flush()
    settle(ui_ctx)
    [saved] = WorksheetStore(ui_ctx.store).all()
    assert {q.uid for q in saved.quotes} == {e.uid for e in sam_kept}
    assert all(q.side == "against" and q.text in saved.evidence_against for q in saved.quotes)
    # Taking a quoted line out of the box lets its reference go too.
    first = saved.quotes[0].text
    # (as typing would: the box says it changed)
    evidence.against_field.setPlainText(text.replace(first + "\n", "").replace(first, ""))
    page.editor.flush()
    settle(ui_ctx)
    [saved] = WorksheetStore(ui_ctx.store).all()
    assert len(saved.quotes) == 1 and saved.quotes[0].text != first


def test_the_quote_buttons_are_reached_by_tab_after_both_boxes(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page = NameCheckPage(ui_ctx)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.start_new()
    page.editor.go_to(4)
    evidence = page.editor.views[4]
    order = []
    evidence.for_field.setFocus()
    for _ in range(3):
        order.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    order.append(QApplication.focusWidget())
    assert order == [evidence.for_field, evidence.against_field, evidence.quote_buttons["for"],
                     evidence.quote_buttons["against"]]
    assert all(b.accessibleName() for b in evidence.quote_buttons.values())


def test_an_older_worksheet_body_reads_with_no_trigger_and_no_quotes() -> None:
    body = Worksheet(situation="A v2 body").to_dict()
    body["version"] = 2
    del body["from_trigger"], body["quotes"]
    sheet = Worksheet.from_dict(body, uid="abc")
    assert sheet.situation == "A v2 body" and sheet.from_trigger == "" and sheet.quotes == []
    sheet.quotes.append(Quote("x", "sideways", "?"))
    assert sheet.problems()  # a quote must say which side it is on


def test_quote_evidence_is_pure_and_adds_below_what_was_written() -> None:
    sheet = Worksheet(evidence_for="Mine first")
    [entry] = moments()[:1]
    assert quote_evidence(sheet, [entry], "for", load_notice_words()) == 1
    assert sheet.evidence_for.split("\n")[0] == "Mine first"
    assert sheet.quotes == [Quote(entry.uid, "for", sheet.evidence_for.split("\n")[1])]


def test_a_worksheet_from_a_trigger_says_where_it_came_from(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page = NameCheckPage(ui_ctx)
    qtbot.addWidget(page)
    page.show()
    page.open_sheet(worksheet_from_trigger(a_trigger(), load_notice_words()))
    assert page.editor.origin.isVisible()
    assert page.editor.origin.text().startswith("Started from your trigger entry")
    page.start_new()
    assert not page.editor.origin.isVisible()  # an ordinary worksheet says nothing
