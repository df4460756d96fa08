"""Keeping worksheets: drafts saved as the person types, finished ones, the history.

Table `worksheets`: `body_sealed` is the worksheet as JSON through `store.seal`, so the
lock can encrypt it; `tags` is plain JSON of vocabulary feeling words, trap ids and
dates, so the history can be filtered without unsealing. Deleting is soft (`deleted`)
so it can be undone. A finished worksheet is also a SessionKind.WORKSHEET session (numbers and
vocabulary ids only) linked by `session_id`, so Progress charts it with everything else.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable
from typing import Any

from ebbtide.core.feelings import load_vocabulary, normalise_word
from ebbtide.core.sealing import words_json
from ebbtide.core.store import SessionKind, SessionRecord, Store, StoreError, StoreLocked
from ebbtide.core.worksheet import Worksheet, WorksheetError

log = logging.getLogger(__name__)

_COLUMNS = "uid, session_id, status, created_utc, updated_utc, tags, body_sealed"


def encode_body(sheet: Worksheet) -> str:
    """JSON of the worksheet, as every record's fields are sealed (sealing.words_json)."""
    return words_json(sheet.to_dict())


class WorksheetStore:
    def __init__(self, store: Store) -> None:
        self.store = store

    # -- writing ---------------------------------------------------------------------

    def save(self, sheet: Worksheet, now: float | None = None) -> None:
        """Save a draft (or an edit to a finished worksheet) durably. An edit to a
        finished one also updates its session, in the same transaction."""
        sheet.validate()
        sheet.updated_utc = time.time() if now is None else now
        with self.store.transaction() as conn:
            self._write(conn, sheet)
            if sheet.status == "done" and sheet.session_id is not None:
                self._write_session(conn, sheet)

    def finish(self, sheet: Worksheet, now: float | None = None) -> Worksheet:
        """Mark done and record it as a session (made once; later edits update it)."""
        before = (sheet.status, sheet.session_id, sheet.updated_utc)
        sheet.status = "done"
        sheet.updated_utc = time.time() if now is None else now
        try:
            sheet.validate()
            with self.store.transaction() as conn:
                self._write_session(conn, sheet)
                self._write(conn, sheet)
        except BaseException:
            # Not saved: leave the worksheet as the caller had it.
            sheet.status, sheet.session_id, sheet.updated_utc = before
            raise
        return sheet

    def delete(self, uid: str) -> None:
        """Hide a worksheet (undo with `undelete`). Its session goes too, so Progress
        no longer counts it; undo brings the session back."""
        with self.store.transaction() as conn:
            row = conn.execute("SELECT session_id FROM worksheets WHERE uid=?",
                               (uid,)).fetchone()
            if row is None:
                return
            if row[0] is not None:
                conn.execute("DELETE FROM sessions WHERE id=?", (row[0],))
            conn.execute("UPDATE worksheets SET deleted=1, session_id=NULL WHERE uid=?",
                         (uid,))

    def undelete(self, uid: str) -> Worksheet | None:
        with self.store.transaction() as conn:
            conn.execute("UPDATE worksheets SET deleted=0 WHERE uid=?", (uid,))
        sheet = self.load(uid)
        if sheet is not None and sheet.status == "done":
            self.finish(sheet, now=sheet.updated_utc)
        return sheet

    def purge_deleted(self) -> int:
        """Remove deleted worksheets for good. Returns how many."""
        with self.store.transaction() as conn:
            cursor = conn.execute("DELETE FROM worksheets WHERE deleted=1")
        return cursor.rowcount

    # -- reading -----------------------------------------------------------------------

    def load(self, uid: str) -> Worksheet | None:
        row = self.store.conn.execute(
            f"SELECT {_COLUMNS} FROM worksheets WHERE uid=? AND deleted=0", (uid,)
        ).fetchone()
        return None if row is None else self._from_row(row)

    def latest_draft(self) -> Worksheet | None:
        """The draft touched most recently, to offer to continue."""
        row = self.store.conn.execute(
            f"SELECT {_COLUMNS} FROM worksheets WHERE deleted=0 AND status='draft' "
            "ORDER BY updated_utc DESC, id DESC LIMIT 1"
        ).fetchone()
        return None if row is None else self._from_row(row)

    def all(self) -> list[Worksheet]:
        """Every worksheet not deleted, most recently touched first. Ones that cannot be
        read (damaged) are left out and noted in the log by uid only."""
        rows = self.store.conn.execute(
            f"SELECT {_COLUMNS} FROM worksheets WHERE deleted=0 "
            "ORDER BY updated_utc DESC, id DESC"
        ).fetchall()
        sheets: list[Worksheet] = []
        for row in rows:
            try:
                sheets.append(self._from_row(row))
            except StoreLocked:
                raise
            except (WorksheetError, StoreError, ValueError) as exc:
                # One damaged worksheet never hides the others (counted by the store).
                self.store.note_unreadable(("worksheets", "body_sealed", str(row[0])), exc)
        return sheets

    def search(
        self,
        text: str = "",
        feeling: str | None = None,
        trap: str | None = None,
        since_utc: float | None = None,
        until_utc: float | None = None,
        among: list[Worksheet] | None = None,
    ) -> list[Worksheet]:
        """Worksheets matching all the given filters, newest first. `text` is looked for,
        case-insensitively, in everything the person wrote (unsealed here, in memory);
        `feeling` may be a vocabulary word or one of the person's own. `among` filters
        worksheets already loaded (the history keeps them while it is open, so typing
        in its search box does not unseal everything at each key)."""
        needle = text.casefold().strip()
        known = load_vocabulary().lookup(feeling) if feeling else None
        # A renamed vocabulary word finds worksheets by its name of today.
        feeling_key = normalise_word(known.word if known else feeling) if feeling else None
        found = []
        for sheet in self.all() if among is None else among:
            if since_utc is not None and sheet.created_utc < since_utc:
                continue
            if until_utc is not None and sheet.created_utc >= until_utc:
                continue
            if feeling_key and sheet.find_feeling(feeling_key) is None:
                continue
            if trap and trap not in sheet.traps:
                continue
            if needle and needle not in sheet.searchable_text().casefold():
                continue
            found.append(sheet)
        return found

    def checked_triggers(self) -> dict[str, str]:
        """Trigger entry uid → the worksheet started from it ("Check this thought"),
        the most recently touched one when there are several."""
        links: dict[str, str] = {}
        for sheet in self.all():
            if sheet.from_trigger:
                links.setdefault(sheet.from_trigger, sheet.uid)
        return links

    def own_feeling_words(self) -> list[str]:
        """The person's own feeling words from earlier worksheets, most recent first,
        each once — offered again in the picker."""
        return _unique(w for sheet in self.all() for w in sheet.own_feelings)

    def own_trap_names(self) -> list[str]:
        return _unique(t for sheet in self.all() for t in sheet.own_traps)

    # -- rows --------------------------------------------------------------------------

    def _write(self, conn: Any, sheet: Worksheet) -> None:
        conn.execute(
            "INSERT INTO worksheets (uid, session_id, status, created_utc, updated_utc, "
            "tags, body_sealed, deleted) VALUES (?,?,?,?,?,?,?,0) "
            "ON CONFLICT (uid) DO UPDATE SET session_id=excluded.session_id, "
            "status=excluded.status, updated_utc=excluded.updated_utc, "
            "tags=excluded.tags, body_sealed=excluded.body_sealed",
            (
                sheet.uid,
                sheet.session_id,
                sheet.status,
                float(sheet.created_utc),
                float(sheet.updated_utc),
                json.dumps(sheet.tags(), ensure_ascii=False, sort_keys=True),
                self.store.seal(encode_body(sheet), ("worksheets", "body_sealed", sheet.uid)),
            ),
        )

    def _write_session(self, conn: Any, sheet: Worksheet) -> None:
        record = SessionRecord(
            kind=SessionKind.WORKSHEET,
            started_utc=sheet.created_utc,
            content_id=sheet.uid,
            ended_utc=sheet.updated_utc,
            duration_s=max(0.0, float(sheet.active_s)),
            distress_before=sheet.distress_before,
            distress_after=sheet.distress_after,
            completed=True,
            details=sheet.session_details(),
        )
        if sheet.session_id is not None and conn.execute(
            "SELECT 1 FROM sessions WHERE id=?", (sheet.session_id,)
        ).fetchone():
            # Keep the session's own uid: others may refer to it.
            self.store.rewrite_session(conn, sheet.session_id, record, keep_uid=True)
            return
        sheet.session_id = self.store.insert_session(conn, record)

    def _from_row(self, row: tuple[Any, ...]) -> Worksheet:
        uid, session_id, status, created, updated, _tags, blob = row
        try:
            body = json.loads(self.store.unseal(blob, ("worksheets", "body_sealed", uid)))
        except json.JSONDecodeError as exc:
            raise WorksheetError("A saved worksheet is damaged and cannot be read.") from exc
        return Worksheet.from_dict(body, uid=uid, session_id=session_id, status=status,
                                   created_utc=created, updated_utc=updated)


def _unique(words: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for word in words:
        key = normalise_word(word)
        if key not in seen:
            seen.add(key)
            result.append(word)
    return result
