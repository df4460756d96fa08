"""Keeping Trust yourself's records (migration v7): promises, the three lists and the
decision log. The person's words go through `store.seal` (`text_sealed`, `body_sealed`);
ids, days, states, list names, order and times are plain. A value that cannot be read
(damaged) is left out and counted by the store, never shown as someone else's words.

Deleting is for good; undo is `restore(records)`, which writes back the copies the page
kept in memory (and drops them when the person leaves the page or the lock closes).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ebbtide.core.decisions import Decision
from ebbtide.core.promises import Promise
from ebbtide.core.sealing import words_json
from ebbtide.core.self_lists import ListItem
from ebbtide.core.self_trust import SelfTrustError
from ebbtide.core.store import Store

Record = Promise | ListItem | Decision

_PROMISE_COLUMNS = "uid, day, state, carried_from, created_utc, updated_utc, text_sealed"
_ITEM_COLUMNS = "uid, list, position, created_utc, updated_utc, text_sealed"
_DECISION_COLUMNS = "uid, decided_on, created_utc, updated_utc, body_sealed"
_TABLE_OF = {Promise: "promises", ListItem: "self_list_items", Decision: "decisions"}


@dataclass
class SelfTrustRecords:
    """Everything Trust yourself keeps (export and import)."""

    promises: list[Promise] = field(default_factory=list)
    items: list[ListItem] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)

    def all(self) -> list[Record]:
        return [*self.promises, *self.items, *self.decisions]

    def to_dict(self) -> dict[str, Any]:
        return {"promises": [p.to_dict() for p in self.promises],
                "lists": [i.to_dict() for i in self.items],
                "decisions": [d.to_dict() for d in self.decisions]}


def table_of(record: Record) -> str:
    return _TABLE_OF[type(record)]


class SelfTrustStore:
    def __init__(self, store: Store) -> None:
        self.store = store

    # -- writing ---------------------------------------------------------------------------

    def save(self, record: Record, now: float | None = None) -> Record:
        """Add or overwrite one record (by uid), durably."""
        self.save_all([record], now)
        return record

    def save_all(self, records: Iterable[Record], now: float | None = None) -> None:
        """Several records in one transaction: all land, or none (a carry, a reorder)."""
        stamp = time.time() if now is None else now
        records = list(records)
        for record in records:
            record.updated_utc = stamp
            record.validate()
        with self.store.transaction() as conn:
            for record in records:
                self.write(conn, record)

    def restore(self, records: Iterable[Record], remove: Iterable[Record] = ()) -> None:
        """Undo: write back `records` exactly as they were and take out `remove` (a
        promise made by a carry that is undone), in one transaction."""
        records = list(records)
        for record in records:
            record.validate()
        with self.store.transaction() as conn:
            for record in remove:
                conn.execute(f"DELETE FROM {table_of(record)} WHERE uid=?", (record.uid,))
            for record in records:
                self.write(conn, record)

    def delete(self, record: Record) -> None:
        with self.store.transaction() as conn:
            conn.execute(f"DELETE FROM {table_of(record)} WHERE uid=?", (record.uid,))

    def write(self, conn: Any, record: Record) -> None:
        """Inside a transaction the caller holds."""
        seal = self.store.seal
        if isinstance(record, Promise):
            conn.execute(
                f"INSERT INTO promises ({_PROMISE_COLUMNS}) VALUES (?,?,?,?,?,?,?) "
                "ON CONFLICT (uid) DO UPDATE SET day=excluded.day, state=excluded.state, "
                "carried_from=excluded.carried_from, updated_utc=excluded.updated_utc, "
                "text_sealed=excluded.text_sealed",
                (record.uid, record.day, record.state, record.carried_from,
                 record.created_utc, record.updated_utc,
                 seal(record.text, ("promises", "text_sealed", record.uid))))
        elif isinstance(record, ListItem):
            conn.execute(
                f"INSERT INTO self_list_items ({_ITEM_COLUMNS}) VALUES (?,?,?,?,?,?) "
                "ON CONFLICT (uid) DO UPDATE SET list=excluded.list, "
                "position=excluded.position, updated_utc=excluded.updated_utc, "
                "text_sealed=excluded.text_sealed",
                (record.uid, record.list, record.position, record.created_utc,
                 record.updated_utc,
                 seal(record.text, ("self_list_items", "text_sealed", record.uid))))
        else:
            body = {k: v for k, v in record.to_dict().items()
                    if k not in ("uid", "decided_on", "created_utc", "updated_utc")}
            conn.execute(
                f"INSERT INTO decisions ({_DECISION_COLUMNS}) VALUES (?,?,?,?,?) "
                "ON CONFLICT (uid) DO UPDATE SET decided_on=excluded.decided_on, "
                "updated_utc=excluded.updated_utc, body_sealed=excluded.body_sealed",
                (record.uid, record.decided_on, record.created_utc, record.updated_utc,
                 seal(words_json(body), ("decisions", "body_sealed", record.uid))))

    # -- reading ---------------------------------------------------------------------------

    def promises(self, first_day: str | None = None, last_day: str | None = None
                 ) -> list[Promise]:
        """Promises for days from `first_day` to `last_day` (ISO, both included), by day
        and then in the order they were written."""
        rows = self.store.conn.execute(
            f"SELECT {_PROMISE_COLUMNS} FROM promises WHERE day >= ? AND day <= ? "
            "ORDER BY day, created_utc, id",
            (first_day or "0000-00-00", last_day or "9999-99-99")).fetchall()
        found = []
        for uid, day, state, carried_from, created, updated, blob in rows:
            text = self.store.unseal_or_skip(blob, ("promises", "text_sealed", uid))
            if text is not None:
                found.append(Promise(text, day, state, carried_from, uid, created, updated))
        return found

    def kept_between(self, first_day: str, last_day: str) -> dict[str, int]:
        """Kept promises a day, without unsealing anything (works while locked)."""
        rows = self.store.conn.execute(
            "SELECT day, COUNT(*) FROM promises WHERE state='kept' AND day >= ? "
            "AND day <= ? GROUP BY day", (first_day, last_day)).fetchall()
        return {str(day): int(n) for day, n in rows}

    def items(self, kind: str | None = None) -> list[ListItem]:
        """The list items (one list, or all three), each list in the person's order."""
        condition, params = ("WHERE list=? ", (kind,)) if kind else ("", ())
        rows = self.store.conn.execute(
            f"SELECT {_ITEM_COLUMNS} FROM self_list_items {condition}"
            "ORDER BY list, position, created_utc, id", params).fetchall()
        found = []
        for uid, kind_, position, created, updated, blob in rows:
            text = self.store.unseal_or_skip(blob, ("self_list_items", "text_sealed", uid))
            if text is not None:
                found.append(ListItem(text, kind_, int(position), uid, created, updated))
        return found

    def has_items(self) -> bool:
        return self.store.conn.execute(
            "SELECT 1 FROM self_list_items LIMIT 1").fetchone() is not None

    def decisions(self) -> list[Decision]:
        """Newest decision first."""
        rows = self.store.conn.execute(
            f"SELECT {_DECISION_COLUMNS} FROM decisions "
            "ORDER BY decided_on DESC, created_utc DESC, id DESC").fetchall()
        found = []
        for uid, decided_on, created, updated, blob in rows:
            place = ("decisions", "body_sealed", uid)
            text = self.store.unseal_or_skip(blob, place)
            if text is None:
                continue
            try:
                body = json.loads(text)
                found.append(Decision.from_dict({**body, "uid": uid, "decided_on": decided_on,
                                                 "created_utc": created,
                                                 "updated_utc": updated}))
            except (json.JSONDecodeError, TypeError, SelfTrustError) as exc:
                self.store.note_unreadable(place, exc)
        return found

    def everything(self) -> SelfTrustRecords:
        return SelfTrustRecords(self.promises(), self.items(), self.decisions())

    def uids(self) -> set[str]:
        conn = self.store.conn
        return {uid for table in _TABLE_OF.values()
                for (uid,) in conn.execute(f"SELECT uid FROM {table}")}


