"""The report composer: charts and summaries ticked, every worksheet and entry unticked
until the person ticks it, a preview of the pages, and a save that remembers its folder
in our own settings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from ebbtide.core.settings import SettingKey
from ebbtide.ui.report.composer import ReportDialog
from tests.conftest import settle
from tests.report_data import TICKED_ENTRY, UNTICKED_ENTRY, UNTICKED_SHEET, fill, pdf_text


def _ready(dialog, qtbot, ctx):  # type: ignore[no-untyped-def]
    settle(ctx)
    dialog._timer.stop()
    dialog.refresh_preview()
    settle(ctx)
    qtbot.waitUntil(lambda: dialog.pages is not None)


def test_composer_chooses_previews_and_saves(qtbot, ui_ctx, store, tmp_path, monkeypatch):
    uids = fill(store)
    dialog = ReportDialog(ui_ctx)
    qtbot.addWidget(dialog)
    _ready(dialog, qtbot, ui_ctx)
    # What goes in by default: the charts and summaries, nothing of the person's words.
    assert all(b.isChecked() for b in (dialog.calm, dialog.helps, dialog.checkins,
                                       dialog.triggers))
    assert len(dialog.sheet_list.boxes) == 2 and len(dialog.journal_list.boxes) == 2
    assert not any(b.isChecked() for b in dialog.sheet_list.boxes + dialog.journal_list.boxes)
    choice = dialog.choice()
    assert choice.worksheets == () and choice.journal == () and choice.name == ""
    # The preview shows the pages as they will print.
    assert dialog.preview_title.text().startswith("Preview: ")
    assert dialog.preview_layout.count() == dialog.pages.count >= 1
    # Tick one journal entry, by keyboard: its box takes Space.
    tick = next(b for b in dialog.journal_list.boxes if b.property("uid") == uids[TICKED_ENTRY])
    assert tick.accessibleName() == tick.text() and "Pelicanmorning" in tick.text()
    tick.setFocus()
    qtbot.keyClick(tick, Qt.Key.Key_Space)
    assert dialog.choice().journal == (uids[TICKED_ENTRY],)
    # Saving asks where, remembers the folder in Ebbtide's settings, writes on a worker.
    target = tmp_path / "out" / "for-my-therapist"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "PDF (*.pdf)")))
    dialog.ask_save()
    settle(ui_ctx)
    saved = target.with_name("for-my-therapist.pdf")
    qtbot.waitUntil(saved.exists)
    assert ui_ctx.settings[SettingKey.REPORT_FOLDER] == str(target.parent)
    assert dialog.status.text().startswith("Saved the report as for-my-therapist.pdf")
    text = pdf_text(saved)
    assert TICKED_ENTRY in text
    assert UNTICKED_ENTRY not in text and UNTICKED_SHEET not in text
    assert "Prepared by" not in text
    # The next save starts in that folder.
    assert dialog._folder() == target.parent


def test_every_control_is_named_and_reachable(qtbot, ui_ctx):
    dialog = ReportDialog(ui_ctx)
    qtbot.addWidget(dialog)
    settle(ui_ctx)
    for widget in (dialog.first, dialog.last, dialog.name, dialog.paper, dialog.calm,
                   dialog.helps, dialog.checkins, dialog.triggers, dialog.save_button):
        assert widget.accessibleName()
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert dialog.sheet_note.text() == "No finished worksheets in these dates."
