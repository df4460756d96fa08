"""Keeping notice entries (core/notice.py): drafts saved as the person types, finished
ones, delete with undo, the person's own tags and urges offered again.

Table `notice_entries` (migration v6): the entry's fields as JSON through `store.seal`
in `body_sealed`; the uid, kind, status and times are plain so lists can be ordered
without unsealing. Entries that cannot be read (damaged) are left out and logged by uid
only, never by their words.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable
from typing import Any

from ebbtide.core.feelings import normalise_word
from ebbtide.core.notice import (
    KIND_EVIDENCE,
    KIND_JOURNAL,
    KIND_RISK,
    KIND_TRIGGER,
    Entry,
    EvidenceEntry,
    JournalEntry,
    NoticeError,
    RiskEntry,
    TriggerEntry,
    entry_from_dict,
)
from ebbtide.core.sealing import words_json
from ebbtide.core.store import Store

log = logging.getLogger(__name__)

_COLUMNS = "uid, kind, status, occurred_utc, created_utc, updated_utc, body_sealed"


def _place(uid: str) -> tuple[str, str, str]:
    """Where an entry's words live: with the lock on they open only there."""
    return ("notice_entries", "body_sealed", uid)




class NoticeStore:
    def __init__(self, store: Store, *, remember: bool = False) -> None:
        """With `remember`, entries already read are kept in memory by uid and last
        change, so reading the log again after one entry changed unseals only that one
        (a page re-reads after every save). `forget()` drops them: call it when the
        lock closes, so no words stay in memory while Ebbtide is locked."""
        self.store = store
        self._remember = remember
        self._known: dict[str, tuple[tuple[Any, ...], Entry]] = {}

    def forget(self) -> None:
        self._known.clear()

    # -- writing -------------------------------------------------------------------------

    def save(self, entry: Entry, now: float | None = None) -> Entry:
        """Save a draft or a finished entry (by uid: add, or overwrite), durably."""
        entry.updated_utc = time.time() if now is None else now
        entry.validate()
        with self.store.transaction() as conn:
            self.write(conn, entry)
        return entry

    def save_many(self, entries: Iterable[Entry]) -> int:
        """Add many entries in one transaction (import, benchmarks): all land, or none."""
        count = 0
        with self.store.transaction() as conn:
            for entry in entries:
                entry.validate()
                self.write(conn, entry)
                count += 1
        return count

    def write(self, conn: Any, entry: Entry) -> None:
        """Inside a transaction the caller holds."""
        conn.execute(
            "INSERT INTO notice_entries (uid, kind, status, occurred_utc, created_utc, "
            "updated_utc, body_sealed, deleted) VALUES (?,?,?,?,?,?,?,0) "
            "ON CONFLICT (uid) DO UPDATE SET status=excluded.status, "
            "occurred_utc=excluded.occurred_utc, updated_utc=excluded.updated_utc, "
            "body_sealed=excluded.body_sealed, deleted=0",
            (entry.uid, entry.kind, entry.status, float(entry.occurred_utc),
             float(entry.created_utc), float(entry.updated_utc),
             self.store.seal(words_json(entry.body_dict()), _place(entry.uid))),
        )

    def delete(self, uid: str) -> None:
        """Hide an entry; `undelete` brings it back."""
        with self.store.transaction() as conn:
            conn.execute("UPDATE notice_entries SET deleted=1 WHERE uid=?", (uid,))

    def undelete(self, uid: str) -> Entry | None:
        with self.store.transaction() as conn:
            conn.execute("UPDATE notice_entries SET deleted=0 WHERE uid=?", (uid,))
        return self.load(uid)

    def purge_deleted(self) -> int:
        with self.store.transaction() as conn:
            cursor = conn.execute("DELETE FROM notice_entries WHERE deleted=1")
        return cursor.rowcount

    # -- reading -------------------------------------------------------------------------

    def load(self, uid: str) -> Entry | None:
        row = self.store.conn.execute(
            f"SELECT {_COLUMNS} FROM notice_entries WHERE uid=? AND deleted=0", (uid,)
        ).fetchone()
        return None if row is None else self._from_row(row)

    def triggers(self, *, drafts: bool = False) -> list[TriggerEntry]:
        """Trigger entries, newest first (finished ones; drafts too if asked)."""
        return [e for e in self._entries(KIND_TRIGGER, drafts) if isinstance(e, TriggerEntry)]

    def evidence(self, *, drafts: bool = False) -> list[EvidenceEntry]:
        return [e for e in self._entries(KIND_EVIDENCE, drafts)
                if isinstance(e, EvidenceEntry)]

    def risks(self, *, drafts: bool = False) -> list[RiskEntry]:
        return [e for e in self._entries(KIND_RISK, drafts) if isinstance(e, RiskEntry)]

    def journal(self, *, drafts: bool = False) -> list[JournalEntry]:
        return [e for e in self._entries(KIND_JOURNAL, drafts)
                if isinstance(e, JournalEntry)]

    def all_entries(self) -> list[Entry]:
        """Every entry not deleted, drafts included, oldest first (export)."""
        rows = self.store.conn.execute(
            f"SELECT {_COLUMNS} FROM notice_entries WHERE deleted=0 "
            "ORDER BY occurred_utc, id").fetchall()
        return self._readable(rows)

    def latest_draft(self, kind: str) -> Entry | None:
        row = self.store.conn.execute(
            f"SELECT {_COLUMNS} FROM notice_entries WHERE kind=? AND deleted=0 "
            "AND status='draft' ORDER BY updated_utc DESC, id DESC LIMIT 1", (kind,)
        ).fetchone()
        if row is None:
            return None
        found = self._readable([row])
        return found[0] if found else None

    def own_tags(self) -> list[str]:
        """The person's own trigger tags, most recently used first, each once."""
        return _unique(t for e in self.triggers(drafts=True) for t in e.tags)

    def own_urges(self) -> list[str]:
        return _unique(u for e in self.triggers(drafts=True) for u in e.own_urges)

    def people(self) -> list[str]:
        """The names given in evidence entries and small risks, most recent first,
        each once."""
        moments: list[EvidenceEntry | RiskEntry] = [*self.evidence(drafts=True),
                                                    *self.risks(drafts=True)]
        moments.sort(key=lambda e: e.occurred_utc, reverse=True)
        return _unique(e.who for e in moments if e.who.strip())

    def uids(self) -> set[str]:
        return {uid for (uid,) in self.store.conn.execute("SELECT uid FROM notice_entries")}

    # -- rows ----------------------------------------------------------------------------

    def _entries(self, kind: str, drafts: bool) -> list[Entry]:
        status = "" if drafts else "AND status='done' "
        rows = self.store.conn.execute(
            f"SELECT {_COLUMNS} FROM notice_entries WHERE kind=? AND deleted=0 {status}"
            "ORDER BY occurred_utc DESC, id DESC", (kind,)).fetchall()
        return self._readable(rows)

    def _readable(self, rows: list[Any]) -> list[Entry]:
        entries: list[Entry] = []
        for row in rows:
            try:
                entries.append(self._from_row(row))
            except (NoticeError, ValueError):
                log.warning("Notice entry %s could not be read and is left out", row[0])
        return entries

    def _from_row(self, row: tuple[Any, ...]) -> Entry:
        if not self._remember:
            return self._read_row(row)
        stamp = row[1:6]
        known = self._known.get(row[0])
        if known is not None and known[0] == stamp:
            return known[1]
        entry = self._read_row(row)
        self._known[row[0]] = (stamp, entry)
        return entry

    def _read_row(self, row: tuple[Any, ...]) -> Entry:
        uid, kind, status, occurred, created, updated, blob = row
        try:
            body = json.loads(self.store.unseal(blob, _place(uid)))
        except json.JSONDecodeError as exc:
            raise NoticeError("A saved entry is damaged and cannot be read.") from exc
        if not isinstance(body, dict):
            raise NoticeError("A saved entry is damaged and cannot be read.")
        return entry_from_dict({**body, "uid": uid, "kind": kind, "status": status,
                                "occurred_utc": occurred, "created_utc": created,
                                "updated_utc": updated})


def _unique(words: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for word in words:
        key = normalise_word(word)
        if key not in seen:
            seen.add(key)
            result.append(word)
    return result
