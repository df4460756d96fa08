"""Issue 13, item 10: one damaged value (a flipped bit) never hides everything. It is
left out, counted and logged without content; sessions, the worksheet history, search
and both exports keep working; the background check finds it and tells the person."""

from __future__ import annotations

import json
import logging
import time

import pytest
from pytestqt.qtbot import QtBot

from ebbtide.core import lock as core_lock
from ebbtide.core.exchange import export_csv, export_json
from ebbtide.core.store import Store, StoreHealth, check_health
from ebbtide.core.worksheet import Worksheet
from ebbtide.core.worksheet_store import WorksheetStore
from ebbtide.ui.context import UiContext
from ebbtide.ui.main_window import MainWindow
from ebbtide.ui.privacy.lock import install_lock
from tests.privacy.helpers import PASSPHRASE, add_note_session


def _flip_a_bit(store: Store, table: str, column: str, uid: str) -> None:
    blob = bytearray(store.conn.execute(
        f"SELECT {column} FROM {table} WHERE uid=?", (uid,)).fetchone()[0])
    blob[len(blob) // 2] ^= 0x10
    with store.transaction() as conn:
        conn.execute(f"UPDATE {table} SET {column}=? WHERE uid=?", (bytes(blob), uid))


def _sheet(sheets: WorksheetStore, words: str) -> Worksheet:
    sheet = Worksheet(created_utc=time.time(), updated_utc=time.time())
    sheet.situation = words
    sheets.save(sheet)
    return sheet


def test_one_flipped_bit_leaves_one_thing_out_and_the_rest_working(
    store: Store, caplog: pytest.LogCaptureFixture,
) -> None:
    # With the lock on, a flipped bit is caught (GCM's tag); a plain value has no check.
    sheets = WorksheetStore(store)
    core_lock.enable_lock(store, PASSPHRASE)
    kept = [add_note_session(store, f"note {i}") for i in range(3)]
    for i in range(3):
        _sheet(sheets, f"what happened {i}")
    damaged_sheet = sheets.all()[1]
    _flip_a_bit(store, "sessions", "note_sealed", kept[1].uid)
    _flip_a_bit(store, "worksheets", "body_sealed", damaged_sheet.uid)

    with caplog.at_level(logging.WARNING):
        notes = [s.note for s in store.sessions(kinds=["checkin"])]
        history = sheets.all()
        found = sheets.search("what happened")
        document = json.loads(export_json(store))
        csv = export_csv(store)
    assert notes == ["note 0", "", "note 2"]
    assert len(history) == 2 and damaged_sheet.uid not in [s.uid for s in history]
    assert len(found) == 2
    assert len(document["sessions"]) == store.count_sessions()
    assert "note 2" in [s["note"] for s in document["sessions"]] and "checkin" in csv
    assert store.unreadable and len(store.unreadable) == 2
    assert "note 1" not in caplog.text and "what happened" not in caplog.text
    health = check_health(store)
    assert health == StoreHealth(whole=True, unreadable=2)


def test_the_person_is_told_with_a_count(qtbot: QtBot, ui_ctx: UiContext) -> None:
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    controller = install_lock(window, ui_ctx)
    told: list[str] = []
    ui_ctx.notice.connect(told.append)
    controller.tell_health(StoreHealth(whole=True, unreadable=2))
    assert told and told[0].startswith("2 saved entries couldn't be read")
    controller.tell_health(StoreHealth(whole=True, unreadable=2))
    assert len(told) == 1  # said once, not at every check
