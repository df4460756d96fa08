"""The therapist report with the lock on: the person's own words leave Ebbtide in a
report only after the passphrase is typed at that moment, and while Ebbtide is locked
they cannot even be chosen. Charts and summaries need no passphrase."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.qtbot import QtBot

from ebbtide.core import lock as core_lock
from ebbtide.ui.context import UiContext
from ebbtide.ui.privacy.lock import AskPassphraseDialog
from ebbtide.ui.report.composer import ReportDialog
from tests.conftest import settle
from tests.privacy.helpers import PASSPHRASE
from tests.report_data import TICKED_ENTRY, fill, pdf_text


def _composer(qtbot: QtBot, ctx: UiContext) -> ReportDialog:
    dialog = ReportDialog(ctx)
    qtbot.addWidget(dialog)
    settle(ctx)
    dialog._timer.stop()
    dialog.refresh_preview()
    settle(ctx)
    qtbot.waitUntil(lambda: dialog.pages is not None)
    return dialog


def _save_to(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "PDF (*.pdf)")))


def test_ticked_words_need_the_passphrase_at_the_moment_of_saving(
    qtbot: QtBot, ui_ctx: UiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    uids = fill(ui_ctx.store)
    core_lock.enable_lock(ui_ctx.store, PASSPHRASE)
    dialog = _composer(qtbot, ui_ctx)
    tick = next(b for b in dialog.journal_list.boxes if b.property("uid") == uids[TICKED_ENTRY])
    tick.setChecked(True)
    target = tmp_path / "report.pdf"
    _save_to(monkeypatch, target)

    asked: list[str] = []

    def wrong_then_give_up(ask: AskPassphraseDialog) -> int:
        asked.append(ask.message.text())
        if len(asked) == 1:
            ask.field.setText("not the passphrase")
            return QDialog.DialogCode.Accepted
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(AskPassphraseDialog, "exec", wrong_then_give_up)
    dialog.ask_save()
    settle(ui_ctx)
    assert len(asked) == 2 and "didn't match" in asked[1]
    assert not target.exists()  # nothing written without the passphrase

    def right(ask: AskPassphraseDialog) -> int:
        ask.field.setText(PASSPHRASE)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AskPassphraseDialog, "exec", right)
    dialog.ask_save()
    settle(ui_ctx)
    qtbot.waitUntil(target.exists)
    assert TICKED_ENTRY in pdf_text(target)


def test_charts_and_summaries_alone_need_no_passphrase(
    qtbot: QtBot, ui_ctx: UiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    fill(ui_ctx.store)
    core_lock.enable_lock(ui_ctx.store, PASSPHRASE)
    dialog = _composer(qtbot, ui_ctx)
    monkeypatch.setattr(AskPassphraseDialog, "exec",
                        lambda ask: pytest.fail("asked for the passphrase"))  # type: ignore[misc]
    target = tmp_path / "charts.pdf"
    _save_to(monkeypatch, target)
    dialog.ask_save()
    settle(ui_ctx)
    qtbot.waitUntil(target.exists)
    assert TICKED_ENTRY not in pdf_text(target)


def test_while_locked_nothing_of_their_words_can_be_chosen(
    qtbot: QtBot, ui_ctx: UiContext,
) -> None:
    fill(ui_ctx.store)
    core_lock.enable_lock(ui_ctx.store, PASSPHRASE)
    core_lock.lock_now(ui_ctx.store)
    dialog = _composer(qtbot, ui_ctx)
    assert dialog.sheet_list.boxes == [] and dialog.journal_list.boxes == []
    assert dialog.sheet_note.text() == "Ebbtide is locked: unlock it to choose from these."
    assert dialog.choice().worksheets == () and dialog.choice().journal == ()
