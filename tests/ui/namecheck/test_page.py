"""Name & Check as a person uses it: by keyboard alone, skipping and going back, closing
half-way and picking it up again, finding it in the history, exporting it."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QRadioButton, QSpinBox, QWidget

from ebbtide.core.store import SessionKind
from ebbtide.core.worksheet import Worksheet
from ebbtide.core.worksheet_store import WorksheetStore
from ebbtide.ui.namecheck.page import NameCheckPage
from ebbtide.ui.namecheck.steps import PlainField
from tests.conftest import settle

UNICODE = "Tuesday 🌊 שלום عربى e\u0301 ⚠️ \u202ethe end"


def make_page(qtbot, ui_ctx) -> NameCheckPage:  # type: ignore[no-untyped-def]
    page = NameCheckPage(ui_ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.page_shown()
    return page


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def key(qtbot, k: Qt.Key, mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
        ) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(focused(), k, mod)


def commit_text(text: str) -> None:
    """Text that no key on a Latin keyboard makes (emoji, Hebrew, Arabic, combining
    marks) arrives the way an input method delivers it: as a committed string."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(focused(), event)


def type_text(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type, pressing Return for each line break as a person would."""
    for n, line in enumerate(text.split("\n")):
        if n:
            key(qtbot, Qt.Key.Key_Return)
        for run in re.findall(r"[ -~]+|[^ -~]+", line):
            if run.isascii():
                qtbot.keyClicks(focused(), run)
            else:
                commit_text(run)


def tab_to(qtbot, wanted: Callable[[QWidget], bool], limit: int = 120) -> QWidget:  # type: ignore[no-untyped-def]
    for _ in range(limit):
        if wanted(focused()):
            return focused()
        key(qtbot, Qt.Key.Key_Tab)
    raise AssertionError("Tab never reached the control")


def next_step(qtbot) -> None:  # type: ignore[no-untyped-def]
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def named(name: str) -> Callable[[QWidget], bool]:
    return lambda w: w.accessibleName() == name or (
        isinstance(w, QCheckBox | QRadioButton) and w.text() == name)


def test_a_whole_worksheet_filled_by_keyboard_alone(qtbot, ui_ctx, store, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    page = make_page(qtbot, ui_ctx)
    editor = page.editor
    assert editor is not None
    assert focused() is page.new_button
    key(qtbot, Qt.Key.Key_Space)
    assert page.stack.currentWidget() is editor

    # 1 What happened: distress first, then the camera's view.
    assert editor.counter.text().startswith("Step 1 of 10")
    key(qtbot, Qt.Key.Key_8)
    key(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, f"No reply since six.\n{UNICODE}")
    next_step(qtbot)

    # 2 Feelings: three by typing (one of them my own word), each with its strength.
    assert editor.step == 1
    for word, strength in (("betray", "80"), ("anxious", "60"), ("knotted up", "70")):
        type_text(qtbot, word)
        key(qtbot, Qt.Key.Key_Return)  # adds it and moves to how strong it is
        assert isinstance(focused(), QSpinBox)
        qtbot.keyClicks(focused(), strength)
        key(qtbot, Qt.Key.Key_Return)  # back to the search box
    tab_to(qtbot, named("I feel it in my chest"))
    key(qtbot, Qt.Key.Key_Space)
    next_step(qtbot)

    # 3 Thoughts and the hot thought with its belief.
    assert editor.step == 2
    type_text(qtbot, "They're leaving.\nI'm not enough.")
    key(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "They're leaving.")
    key(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "90")
    assert editor.hot_banner.isVisible()
    assert "They're leaving." in editor.hot_banner.text()
    next_step(qtbot)

    # 4 Thinking traps.
    tab_to(qtbot, named("Mind reading"))
    key(qtbot, Qt.Key.Key_Space)
    next_step(qtbot)
    # 5 For and against.
    type_text(qtbot, "They didn't answer.")
    key(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "They said they had a late meeting.\nThey always come back.")
    next_step(qtbot)
    # 6 Now or then.
    type_text(qtbot, "Mostly the past.")
    next_step(qtbot)
    # 7 Realistic expectations: a mistake; they took responsibility.
    assert isinstance(focused(), QRadioButton)
    key(qtbot, Qt.Key.Key_Space)
    tab_to(qtbot, named("Yes"))
    key(qtbot, Qt.Key.Key_Space)
    next_step(qtbot)
    # 8 If the fear came true.
    type_text(qtbot, "That they are leaving.")
    key(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "I would be sad, and I would call my sister.")
    next_step(qtbot)
    # 9 A balanced thought.
    type_text(qtbot, "They haven't answered yet, and they have always come back.")
    key(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "70")
    next_step(qtbot)
    # 10 Re-rate: each feeling, the hot thought, and distress at the end.
    assert editor.step == 9
    for strength in ("50", "30", "40"):
        qtbot.keyClicks(focused(), strength)
        key(qtbot, Qt.Key.Key_Return)
    tab_to(qtbot, named("How much I believe the hot thought now, 0 to 100"))
    qtbot.keyClicks(focused(), "40")
    tab_to(qtbot, named("Distress at the end, 0 to 10"))
    key(qtbot, Qt.Key.Key_4)
    next_step(qtbot)  # Finish
    settle(page.ctx)

    # The end view shows each change side by side.
    assert page.stack.currentWidget() is page.end
    grid_text = [page.end.grid.itemAt(i).widget() for i in range(page.end.grid.count())]
    labels = [w.text() for w in grid_text if hasattr(w, "text") and not callable(
        getattr(w, "value", None))]
    assert "betrayed" in labels and "30 lower" in labels  # 80 → 50
    assert "Distress" in labels and "4 lower" in labels
    assert "50 lower" in labels  # belief 90 → 40

    sheet = WorksheetStore(store).all()[0]
    assert sheet.status == "done"
    assert sheet.situation == f"No reply since six.\n{UNICODE}"
    assert [(f.word, f.before, f.after, f.own) for f in sheet.feelings] == [
        ("betrayed", 80, 50, False), ("anxious", 60, 30, False), ("knotted up", 70, 40, True)]
    assert sheet.body_places == ["chest"]
    assert sheet.hot_thought == "They're leaving."
    assert (sheet.belief_before, sheet.belief_after) == (90, 40)
    assert sheet.traps == ["mind-reading"]
    assert sheet.evidence_against == "They said they had a late meeting.\nThey always come back."
    assert sheet.answers["present-or-past"] == "Mostly the past."
    assert (sheet.pattern, sheet.accountability) == ("mistake", "yes")
    assert sheet.answers["threat"] == "That they are leaving."
    assert sheet.answers["worst"].endswith("call my sister.")
    assert sheet.balanced_belief == 70
    assert (sheet.distress_before, sheet.distress_after) == (8, 4)

    settle(ui_ctx)
    sessions = store.sessions(kinds=[SessionKind.WORKSHEET])
    assert len(sessions) == 1
    assert sessions[0].details["feelings"] == ["betrayed", "anxious"]
    assert (sessions[0].distress_before, sessions[0].distress_after) == (8, 4)
    for private in ("knotted", "leaving", "sister", "six"):
        assert private not in caplog.text

    # Done → back to the start, where the history lists it.
    key(qtbot, Qt.Key.Key_Space)
    assert page.stack.currentWidget() is page.start
    assert page.history.list.count() == 1
    assert "finished" in page.history.list.item(0).text()


def test_steps_can_be_skipped_and_gone_back_to_and_a_blank_sheet_is_not_kept(
        qtbot, ui_ctx, store) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, ui_ctx)
    editor = page.editor
    assert editor is not None
    key(qtbot, Qt.Key.Key_Space)
    assert editor.next_button.text().replace("&", "").startswith("Skip")
    for _ in range(4):
        next_step(qtbot)
    assert editor.step == 4 and editor.counter.text().startswith("Step 5 of 10")
    assert WorksheetStore(store).latest_draft() is None  # nothing written, nothing kept
    key(qtbot, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert editor.step == 3
    tab_to(qtbot, named("Catastrophising"))
    key(qtbot, Qt.Key.Key_Space)
    assert editor.next_button.text().replace("&", "").startswith("Next")
    assert editor.step_list.item(3).text().endswith("✓")
    qtbot.waitUntil(lambda: WorksheetStore(store).latest_draft() is not None)
    draft = WorksheetStore(store).latest_draft()
    assert draft is not None and draft.traps == ["catastrophising"] and draft.step == 3
    # The back button works too, and the first step has no way further back.
    editor.back_button.click()
    editor.back_button.click()
    editor.back_button.click()
    assert editor.step == 0 and not editor.back_button.isEnabled()


def test_closing_half_way_and_coming_back_continues_exactly_there(
        qtbot, ui_ctx, store) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, ui_ctx)
    editor = page.editor
    assert editor is not None
    key(qtbot, Qt.Key.Key_Space)
    type_text(qtbot, "x")  # the distress scale ignores letters
    key(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, UNICODE)
    next_step(qtbot)
    next_step(qtbot)
    type_text(qtbot, "It's happening again.")
    page.shutting_down()  # the app is closed mid-way
    page.close()

    again = make_page(qtbot, ui_ctx)
    assert again.continue_button.isVisible()
    assert "step 3" in again.draft_note.text() and again.draft_note.isVisible()
    assert focused() is again.continue_button
    key(qtbot, Qt.Key.Key_Space)
    assert again.editor is not None and again.editor.step == 2
    assert again.editor.views[2].field.toPlainText() == "It's happening again."
    assert isinstance(focused(), PlainField)
    again.editor.go_to(0)
    assert again.editor.views[0].field.toPlainText() == UNICODE


def test_history_finds_by_text_feeling_and_trap_and_delete_can_be_undone(
        qtbot, ui_ctx, store) -> None:  # type: ignore[no-untyped-def]
    sheets = WorksheetStore(store)
    from ebbtide.core.feelings import load_vocabulary

    first = Worksheet()
    first.situation = "The café. Ärger."
    first.add_feeling("jealous", load_vocabulary(), 70)
    first.traps = ["labelling"]
    sheets.finish(first)
    second = Worksheet()
    second.situation = "Dinner went well."
    second.add_feeling("hopeful", load_vocabulary(), 40)
    sheets.save(second)

    page = make_page(qtbot, ui_ctx)
    history = page.history
    assert history.list.count() == 2
    history.search.setFocus()
    type_text(qtbot, "ärger")
    assert history.list.count() == 1 and "The café" in history.list.item(0).text()
    history.search.clear()
    history.feeling.setCurrentIndex(history.feeling.findData("hopeful"))
    assert history.list.count() == 1 and "Dinner" in history.list.item(0).text()
    history.feeling.setCurrentIndex(0)
    history.trap.setCurrentIndex(history.trap.findData("labelling"))
    assert history.list.count() == 1 and "finished" in history.list.item(0).text()
    history.trap.setCurrentIndex(0)
    history.period.setCurrentIndex(1)  # the last 7 days
    assert history.list.count() == 2

    history.list.setCurrentRow(0)
    uid = history.list.currentItem().data(Qt.ItemDataRole.UserRole)
    history.delete_button.click()
    settle(page.ctx)
    assert history.list.count() == 1 and history.undo_button.isVisible()
    assert focused() is history.undo_button
    key(qtbot, Qt.Key.Key_Space)
    settle(page.ctx)
    assert history.list.count() == 2
    assert sheets.load(uid) is not None
    settle(ui_ctx)
    assert len(store.sessions(kinds=[SessionKind.WORKSHEET])) == 1

    # Open from the history, by keyboard: Enter on the list.
    history.list.setFocus()
    history.list.setCurrentRow(0)
    key(qtbot, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.editor


def test_pasted_rich_text_is_kept_as_plain_words(qtbot, ui_ctx, store) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, ui_ctx)
    key(qtbot, Qt.Key.Key_Space)
    key(qtbot, Qt.Key.Key_Tab)
    mime = QMimeData()
    mime.setHtml("<p style='color:red'><b>Bold</b> <i>words</i> 🌊</p>")
    mime.setText("Bold words 🌊")
    QApplication.clipboard().setMimeData(mime)
    key(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    settle(page.ctx)
    assert page.editor is not None
    page.editor.flush()
    settle(page.ctx)
    draft = WorksheetStore(store).latest_draft()
    QApplication.clipboard().clear()  # the clipboard owns `mime`; leaving it crashes exit
    settle(page.ctx)
    assert draft is not None and draft.situation == "Bold words 🌊"


def test_ratings_outside_0_to_100_cannot_be_entered(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, ui_ctx)
    settle(page.ctx)
    assert page.editor is not None
    page.start_new()
    page.editor.go_to(2)
    belief = page.editor.views[2].belief  # type: ignore[attr-defined]
    belief.spin.setFocus()
    qtbot.keyClicks(belief.spin, "150")
    settle(page.ctx)
    assert belief.value() == 15
    belief.spin.selectAll()
    qtbot.keyClicks(belief.spin, "-20")
    settle(page.ctx)
    assert belief.value() in (None, 0, 2, 20) and (belief.value() or 0) <= 100
    with pytest.raises(ValueError):
        belief.setValue(101)


def test_a_megabyte_in_one_field_is_kept_and_shown_back_exactly(qtbot, ui_ctx, store) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, ui_ctx)
    settle(page.ctx)
    assert page.editor is not None
    page.start_new()
    big = ("Ω≈ç√ 🌊 שלום e\u0301\n" * 60_000)
    settle(page.ctx)
    assert len(big.encode("utf-8")) > 1_000_000
    field = page.editor.views[0].field  # type: ignore[attr-defined]
    field.setPlainText(big)
    page.editor.leave()
    settle(page.ctx)
    assert page.stack.currentWidget() is page.start
    page.continue_button.click()
    settle(page.ctx)
    assert page.editor.views[0].field.toPlainText() == big  # type: ignore[attr-defined]


def test_export_as_text_and_pdf(qtbot, ui_ctx, store, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    sheet = Worksheet()
    sheet.situation = f"Sent a message. {UNICODE}"
    sheet.hot_thought = "They're gone."
    WorksheetStore(store).finish(sheet)
    page = make_page(qtbot, ui_ctx)
    targets = {"txt": tmp_path / "w.txt", "pdf": tmp_path / "w.pdf"}
    monkeypatch.setattr(page, "ask_export_path", lambda _sheet, kind: targets[kind])
    notices: list[str] = []
    ui_ctx.notice.connect(notices.append)
    page.history.list.setCurrentRow(0)
    page.history.text_button.click()
    page.history.pdf_button.click()
    settle(ui_ctx)
    text = targets["txt"].read_text(encoding="utf-8")
    assert f"Sent a message. {UNICODE}" in text and "The hot thought: They're gone." in text
    settle(ui_ctx)
    assert targets["pdf"].read_bytes().startswith(b"%PDF")
    assert targets["pdf"].stat().st_size > 1000
    if os.name == "posix":  # the exports hold private words
        assert targets["txt"].stat().st_mode & 0o077 == 0
        assert targets["pdf"].stat().st_mode & 0o077 == 0
    assert notices == ["Exported to w.txt.", "Exported to w.pdf."]


def test_the_wheel_works_by_keyboard_and_shows_what_words_mean(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, ui_ctx)
    settle(page.ctx)
    assert page.editor is not None
    page.start_new()
    page.editor.go_to(1)
    picker = page.editor.views[1].picker  # type: ignore[attr-defined]
    # The six cores are one group: Tab reaches the chosen one, arrows move along.
    tab_to(qtbot, lambda w: w is picker.core_buttons["afraid"])
    key(qtbot, Qt.Key.Key_Right)
    settle(page.ctx)
    assert focused() is picker.core_buttons["hurt"]
    key(qtbot, Qt.Key.Key_Space)
    settle(page.ctx)
    assert picker.core_buttons["hurt"].isChecked()
    assert "betrayed" in picker._word_buttons
    tab_to(qtbot, lambda w: w is picker._word_buttons["abandoned"])
    settle(page.ctx)
    assert picker.definition.text().startswith("abandoned: Left alone")
    key(qtbot, Qt.Key.Key_Space)
    settle(page.ctx)
    assert picker.chosen_words() == ["abandoned"]
    key(qtbot, Qt.Key.Key_Space)  # again: unchosen
    settle(page.ctx)
    assert picker.chosen_words() == []
    # Type-to-search suggests, and Down then Enter picks a suggestion.
    picker.search.setFocus()
    qtbot.keyClicks(picker.search, "left")
    settle(page.ctx)
    assert picker.suggestions.isVisible()
    assert "abandoned" in picker.suggestions.item(0).text()
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Return)
    settle(page.ctx)
    assert picker.chosen_words() == ["abandoned"]
    assert picker._word_buttons["abandoned"].isChecked()


def test_own_feeling_words_are_offered_again_in_a_later_worksheet(qtbot, ui_ctx, store) -> None:  # type: ignore[no-untyped-def]
    from ebbtide.core.feelings import load_vocabulary

    earlier = Worksheet()
    earlier.add_feeling("knotted up", load_vocabulary(), 60)
    WorksheetStore(store).finish(earlier)
    page = make_page(qtbot, ui_ctx)
    assert page.editor is not None
    page.start_new()
    page.editor.go_to(1)
    picker = page.editor.views[1].picker  # type: ignore[attr-defined]
    qtbot.keyClicks(picker.search, "knot")
    texts = [picker.suggestions.item(i).text() for i in range(picker.suggestions.count())]
    assert "knotted up — your own word" in texts


def test_red_flags_are_named_as_red_flags(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, ui_ctx)
    settle(page.ctx)
    assert page.editor is not None
    page.start_new()
    page.editor.go_to(6)
    view = page.editor.views[6]
    settle(page.ctx)
    assert not view.named.isVisible()  # type: ignore[attr-defined]
    view.flags["hides"].setChecked(True)  # type: ignore[attr-defined]
    settle(page.ctx)
    assert view.named.isVisible()  # type: ignore[attr-defined]
    assert "red flag" in view.named.text().lower()  # type: ignore[attr-defined]
    assert page.editor.sheet.red_flags == ["hides"]


def test_enter_never_guesses_between_two_words(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, ui_ctx)
    settle(page.ctx)
    assert page.editor is not None
    page.start_new()
    page.editor.go_to(1)
    picker = page.editor.views[1].picker  # type: ignore[attr-defined]
    settle(page.ctx)
    assert focused() is picker.search
    qtbot.keyClicks(picker.search, "hope")  # hopeless? hopeful?
    key(qtbot, Qt.Key.Key_Return)
    settle(page.ctx)
    assert picker.chosen_words() == [] and focused() is picker.suggestions
    key(qtbot, Qt.Key.Key_Down)
    settle(page.ctx)
    assert picker.suggestions.currentItem().text().startswith("hopeful")
    key(qtbot, Qt.Key.Key_Return)
    settle(page.ctx)
    assert picker.chosen_words() == ["hopeful"]


def test_every_control_on_every_view_and_step_has_an_accessible_name(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.a11y import unnamed_controls

    sheet = Worksheet()
    from ebbtide.core.feelings import load_vocabulary

    sheet.add_feeling("betrayed", load_vocabulary(), 70)
    sheet.add_feeling("my own word", load_vocabulary(), 30)
    WorksheetStore(ui_ctx.store).save(sheet)
    page = make_page(qtbot, ui_ctx)
    assert unnamed_controls(page) == []
    assert page.editor is not None
    settle(page.ctx)  # the draft is looked for on the worker
    page.continue_draft()
    for step in range(10):
        page.editor.go_to(step)
        assert unnamed_controls(page) == [], f"step {step + 1}"
    page.editor.finish()
    settle(page.ctx)
    assert page.stack.currentWidget() is page.end
    assert unnamed_controls(page) == []


def test_a_megabyte_thought_goes_through_every_step_and_the_end(qtbot, ui_ctx, store) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, ui_ctx)
    settle(page.ctx)
    assert page.editor is not None
    page.start_new()
    huge = "It is happening again 🌊 " * 45_000  # one line, over a megabyte
    page.editor.sheet.thoughts = huge
    page.editor.sheet.hot_thought = huge
    page.editor.sheet.balanced_thought = huge
    for step in range(10):
        page.editor.go_to(step)
    settle(page.ctx)
    assert page.editor.hot_banner.text().endswith("…")
    page.editor.finish()
    settle(page.ctx)
    assert page.end.balanced.text().endswith("…")
    kept = WorksheetStore(store).load(page.editor.sheet.uid)
    settle(page.ctx)
    assert kept is not None and kept.hot_thought == huge and kept.balanced_thought == huge


def test_arrow_keys_in_the_step_list_move_between_steps(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, ui_ctx)
    settle(page.ctx)
    assert page.editor is not None
    page.start_new()
    page.editor.step_list.setFocus()
    for _ in range(3):
        key(qtbot, Qt.Key.Key_Down)
    settle(page.ctx)
    assert page.editor.step == 3 and focused() is page.editor.step_list
    assert page.editor.title.text() == "Thinking traps"


def test_typing_a_word_we_do_not_have_says_how_to_keep_it(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, ui_ctx)
    settle(page.ctx)
    assert page.editor is not None
    page.start_new()
    page.editor.go_to(1)
    picker = page.editor.views[1].picker  # type: ignore[attr-defined]
    qtbot.keyClicks(picker.search, "zonked")
    settle(page.ctx)
    assert picker.search_note.isVisible() and "your own word" in picker.search_note.text()
    picker.search.clear()
    qtbot.keyClicks(picker.search, "lost")  # only meanings mention it
    settle(page.ctx)
    assert picker.suggestions.isVisible()
    assert "Down arrow" in picker.search_note.text()
    picker.search.clear()
    qtbot.keyClicks(picker.search, "worr")
    settle(page.ctx)
    assert not picker.search_note.isVisible()
    picker.add_own.click()  # "Keep as my own word" keeps exactly what was typed
    settle(page.ctx)
    assert picker.chosen_words() == ["worr"] and picker.sheet.feelings[0].own


def test_history_can_be_narrowed_to_chosen_dates(qtbot, ui_ctx, store) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QDate

    from ebbtide.ui.namecheck.history import BETWEEN, local_midnight

    sheets = WorksheetStore(store)
    for day, words in ((QDate(2026, 3, 10), "March evening."), (QDate(2026, 6, 1), "June.")):
        sheet = Worksheet(created_utc=local_midnight(day) + 20 * 3600)
        sheet.situation = words
        sheets.finish(sheet)
    page = make_page(qtbot, ui_ctx)
    history = page.history
    assert not history.dates.isVisibleTo(history)
    history.period.setCurrentIndex(history.period.findData(BETWEEN))
    assert history.dates.isVisibleTo(history)
    history.date_from.setDate(QDate(2026, 3, 1))
    history.date_to.setDate(QDate(2026, 3, 10))  # the last day counts, all of it
    assert history.list.count() == 1 and "March" in history.list.item(0).text()
    history.date_to.setDate(QDate(2026, 6, 30))
    assert history.list.count() == 2
    history.date_from.setDate(QDate(2026, 12, 1))  # dates the wrong way round still work
    history.date_to.setDate(QDate(2026, 5, 1))
    assert history.list.count() == 1 and "June" in history.list.item(0).text()
