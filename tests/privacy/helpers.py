"""Helpers for the privacy tests: write a person's words the way the app does."""

from __future__ import annotations

import time

from ebbtide.core.crypto import ScryptParams
from ebbtide.core.store import SessionRecord, Store, new_uid

FAST_SCRYPT = ScryptParams(n=2**10, r=8, p=1)
PASSPHRASE = "quiet harbour morning"
SENTINEL = "Sentinel: I am afraid Marlowe reads my messages at night."



def add_worksheet(store: Store, body: str) -> str:
    """A worksheet row as the worksheet pages save it: facts plain, the body sealed."""
    uid = new_uid()
    now = time.time()
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO worksheets (uid, status, created_utc, updated_utc, tags, body_sealed)"
            " VALUES (?, 'done', ?, ?, '{}', ?)",
            (uid, now, now, store.seal(body, ("worksheets", "body_sealed", uid))),
        )
    return uid


def worksheet_body(store: Store, uid: str) -> str:
    row = store.conn.execute("SELECT body_sealed FROM worksheets WHERE uid=?", (uid,)).fetchone()
    return store.unseal(row[0], ("worksheets", "body_sealed", uid))


def add_note_session(store: Store, note: str, before: int = 7, after: int = 4) -> SessionRecord:
    return store.add_session(
        SessionRecord(kind="checkin", started_utc=time.time(), distress_before=before,
                      distress_after=after, note=note)
    )


def add_recording_row(store: Store, title: str) -> str:
    uid = new_uid()
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO recordings (uid, file_name, title_sealed, duration_s, size_bytes,"
            " added_utc) VALUES (?, ?, ?, 60, 1000, ?)",
            (uid, f"{uid}.ogg", store.seal(title, ("recordings", "title_sealed", uid)),
             time.time()),
        )
    return uid
