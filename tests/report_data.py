"""A store with a month of practice, check-ins, triggers, two finished worksheets and two
journal entries, for the therapist report's tests. Each worksheet and entry carries a
word found nowhere else, so a test can tell exactly what reached the PDF."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import time
from pathlib import Path

from ebbtide.core.notice import JournalEntry, TriggerEntry
from ebbtide.core.notice_store import NoticeStore
from ebbtide.core.store import SessionKind, SessionRecord, Store
from ebbtide.core.worksheet import Worksheet
from ebbtide.core.worksheet_store import WorksheetStore

TICKED_SHEET = "Heronwillow"
UNTICKED_SHEET = "Wombatsentinel"
TICKED_ENTRY = "Pelicanmorning"
UNTICKED_ENTRY = "Zebraquokka"


def fill(store: Store, now: float | None = None) -> dict[str, str]:
    """Sessions, triggers, worksheets and journal entries over the last 20 days; the
    uids of the worksheets and entries by their sentinel word."""
    now = now or time.time()
    for day in range(20):
        t = now - day * 86400 - 3600
        kind = SessionKind.BREATHING if day % 2 else SessionKind.AUDIO
        store.add_session(SessionRecord(
            kind=kind, content_id="box" if day % 2 else "body-scan", started_utc=t,
            ended_utc=t + 300, duration_s=300, distress_before=7, distress_after=3 + day % 3,
            completed=True,
            details={"label": "Box breathing" if day % 2 else "Body scan"}))
        store.add_session(SessionRecord(
            kind=SessionKind.CHECKIN, content_id="checkin", started_utc=t - 600,
            ended_utc=t - 600, distress_before=4 + day % 4,
            details={"label": "Check-in", "feelings": ["anxious"]}))
    notices = NoticeStore(store)
    for day in (1, 3, 5):
        notices.save(TriggerEntry(tags=["late reply"], occurred_utc=now - day * 86400,
                                  status="done"))
    uids: dict[str, str] = {}
    for word, when in ((TICKED_ENTRY, 2), (UNTICKED_ENTRY, 4)):
        entry = JournalEntry(text=f"Today I wrote about {word}.", status="done",
                             occurred_utc=now - when * 86400)
        notices.save(entry)
        uids[word] = entry.uid
    sheets = WorksheetStore(store)
    for word, when in ((TICKED_SHEET, 2), (UNTICKED_SHEET, 6)):
        sheet = Worksheet(situation=f"The {word} evening", created_utc=now - when * 86400,
                          distress_before=6, distress_after=3)
        sheets.finish(sheet, now=now - when * 86400)
        uids[word] = sheet.uid
    return uids


def last_days(n: int = 30) -> tuple[dt.date, dt.date]:
    today = dt.date.today()
    return today - dt.timedelta(days=n - 1), today


def pdf_text(path: Path) -> str:
    """The PDF's words, read back with poppler's pdftotext (packaging/install-system-deps.sh
    installs it; without it the test cannot say what is in the report, so it fails)."""
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed to read the report"
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def pdf_info(path: Path) -> str:
    assert shutil.which("pdfinfo"), "pdfinfo (poppler-utils) is needed to read the report"
    return subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                          text=True).stdout
