"""Safe people: the short list of people and groups a person can lean on, written down
beforehand, when it is calm. Pure core.

Each one has a name, what they help with (suggested words from reach.toml, or the
person's own), how to reach them (free text: Ebbtide never dials or opens it) and a short
ready message to copy on a hard evening. All of it is the person's own words, so all of
it is sealed (`body_sealed` in `safe_people`, migration v7); only the uid and the times
are plain. Deleting is soft, so it can be undone.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ebbtide.core.notice import NoticeError, _text, _time, _uid, _words
from ebbtide.core.sealing import words_json
from ebbtide.core.sessions import new_uid
from ebbtide.core.store import Store

log = logging.getLogger(__name__)

MAX_NAME = 80  # "Sam", "My sister Jo", "The Tuesday group"
MAX_HELP = 60  # one thing they help with: "listens without advice"
MAX_HELPS = 12
MAX_REACH = 300  # a number, a handle, "at work, ask for extension 12"
MAX_MESSAGE = 1_000  # a short ready message, a few sentences at most
MAX_OWN = 300  # what they help with, in the person's own words


class ReachError(NoticeError):
    """A record does not hold together. The message names the field, never the words."""


def _now() -> float:
    return time.time()


@dataclass
class SafePerson:
    name: str = ""
    helps: list[str] = field(default_factory=list)  # short phrases, suggested or own
    helps_own: str = ""  # a sentence of their own about what this person helps with
    reach: str = ""  # how to reach them: never dialled or opened
    message: str = ""  # the ready message copied on a hard evening
    uid: str = field(default_factory=new_uid)
    created_utc: float = field(default_factory=_now)
    updated_utc: float = field(default_factory=_now)

    def is_empty(self) -> bool:
        return not (self.name.strip() or self.helps or self.helps_own.strip()
                    or self.reach.strip() or self.message.strip())

    def helps_text(self) -> str:
        """What they help with, as one line ("listens without advice, practical help")."""
        parts = [*self.helps]
        if self.helps_own.strip():
            parts.append(" ".join(self.helps_own.split()))
        return ", ".join(parts)

    def body_dict(self) -> dict[str, Any]:
        return {"name": self.name, "helps": list(self.helps), "helps_own": self.helps_own,
                "reach": self.reach, "message": self.message}

    def to_dict(self) -> dict[str, Any]:
        return {"uid": self.uid, "created_utc": self.created_utc,
                "updated_utc": self.updated_utc, **self.body_dict()}

    @classmethod
    def from_dict(cls, raw: Any) -> SafePerson:
        if not isinstance(raw, dict):
            raise ReachError("a safe person must be a table of fields")
        unknown = raw.keys() - _FIELDS
        if unknown:
            raise ReachError(f"unknown fields: {', '.join(sorted(unknown))}")
        try:
            person = cls(
                name=_text(raw.get("name", ""), "the name", MAX_NAME),
                helps=_words(raw.get("helps", []), "what they help with", MAX_HELP,
                             most=MAX_HELPS),
                helps_own=_text(raw.get("helps_own", ""), "what they help with, in your "
                                "words", MAX_OWN),
                reach=_text(raw.get("reach", ""), "how to reach them", MAX_REACH),
                message=_text(raw.get("message", ""), "the ready message", MAX_MESSAGE),
                uid=_uid(raw.get("uid")),
                created_utc=_time(raw.get("created_utc"), "when it was written"),
                updated_utc=_time(raw.get("updated_utc"), "when it was last changed"),
            )
        except ReachError:
            raise
        except NoticeError as exc:
            raise ReachError(str(exc)) from None
        if not person.name.strip():
            raise ReachError("a safe person needs a name")
        return person

    def validate(self) -> None:
        """Raise ReachError unless this would read back exactly as it is."""
        SafePerson.from_dict(self.to_dict())


_FIELDS = frozenset(SafePerson(uid="x").to_dict())


encode_body = words_json  # sealed as every record's fields are


def decode_body(text: str) -> dict[str, Any]:
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReachError("a saved record is damaged and cannot be read") from exc
    if not isinstance(body, dict):
        raise ReachError("a saved record is damaged and cannot be read")
    return body


def _place(uid: str) -> tuple[str, str, str]:
    return ("safe_people", "body_sealed", uid)


class SafePeopleStore:
    """Table `safe_people`: uid, created, updated, body_sealed, deleted."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def save(self, person: SafePerson, now: float | None = None) -> SafePerson:
        person.updated_utc = time.time() if now is None else now
        person.validate()
        with self.store.transaction() as conn:
            self.write(conn, person)
        return person

    def write(self, conn: Any, person: SafePerson) -> None:
        """Inside a transaction the caller holds (import)."""
        conn.execute(
            "INSERT INTO safe_people (uid, created_utc, updated_utc, body_sealed, deleted) "
            "VALUES (?,?,?,?,0) ON CONFLICT (uid) DO UPDATE SET "
            "updated_utc=excluded.updated_utc, body_sealed=excluded.body_sealed, deleted=0",
            (person.uid, float(person.created_utc), float(person.updated_utc),
             self.store.seal(encode_body(person.body_dict()), _place(person.uid))))

    def delete(self, uid: str) -> None:
        with self.store.transaction() as conn:
            conn.execute("UPDATE safe_people SET deleted=1 WHERE uid=?", (uid,))

    def undelete(self, uid: str) -> None:
        with self.store.transaction() as conn:
            conn.execute("UPDATE safe_people SET deleted=0 WHERE uid=?", (uid,))

    def purge_deleted(self) -> int:
        with self.store.transaction() as conn:
            cursor = conn.execute("DELETE FROM safe_people WHERE deleted=1")
        return cursor.rowcount

    def all(self) -> list[SafePerson]:
        """Everyone not deleted, in the order they were added. A damaged one is left
        out and logged by uid only."""
        rows = self.store.conn.execute(
            "SELECT uid, created_utc, updated_utc, body_sealed FROM safe_people "
            "WHERE deleted=0 ORDER BY created_utc, id").fetchall()
        return list(_readable(rows, self.store))

    def load(self, uid: str) -> SafePerson | None:
        return next((p for p in self.all() if p.uid == uid), None)

    def uids(self) -> set[str]:
        return {uid for (uid,) in self.store.conn.execute("SELECT uid FROM safe_people")}


def _readable(rows: Iterable[tuple[Any, ...]], store: Store) -> Iterable[SafePerson]:
    for uid, created, updated, blob in rows:
        text = store.unseal_or_skip(blob, _place(uid))  # damaged: counted, left out
        if text is None:
            continue
        try:
            body = decode_body(text)
            yield SafePerson.from_dict({**body, "uid": uid, "created_utc": created,
                                        "updated_utc": updated})
        except ValueError:
            log.warning("Safe person %s could not be read and is left out", uid)
