"""The reassurance request builder: a calm, clear ask, written in a few guided steps,
and the history of asks and how they went. Pure core.

The steps follow the shape of DEAR MAN, a skill from dialectical behaviour therapy
(describe the facts, express the feeling, ask clearly, say why it helps both) and the
template of the rebuilding-trust guide ("I'm feeling … because of … I know you're not
responsible for that, but I need …"). The words are ours, and they are data:
resources/content/reach.toml, checked on load.

**One ask per worry.** Asking for reassurance soothes for a moment, and asking again
about the same worry can become a loop that keeps the worry going. So an ask names its
worry in a few of the person's own words; if the same worry (compared trimmed,
single-spaced and case-folded) was asked about within RECENT_ASK_DAYS, the builder shows
that ask and how it went, and offers a practice first. An ask marked "not sent" was
never asked, so it does not count.

Everything in an ask is the person's own words except the outcome, and it is all sealed
(`body_sealed` in `asks`, migration v7).
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ebbtide.core.content import (
    TomlSource,
    check_known_keys,
    load_content,
    one_line_text,
    table_of,
)
from ebbtide.core.feelings import normalise_word
from ebbtide.core.notice import NoticeError, _choice, _text, _time, _uid
from ebbtide.core.safe_people import ReachError, decode_body, encode_body
from ebbtide.core.sessions import new_uid
from ebbtide.core.store import Store
from ebbtide.core.worksheet import Worksheet, safety_flag_on

log = logging.getLogger(__name__)

#: The same worry asked about again within this many days is "recent": the builder
#: shows the earlier ask and offers a practice first.
RECENT_ASK_DAYS = 7
DAY_S = 86_400.0
MAX_WORRY = 80  # a short name for the worry: "late replies", "the work trip"
MAX_PART = 2_000  # one step's words
MAX_MESSAGE = 5_000  # the message, edited freely
OUTCOMES = ("helped", "didnt", "not-sent")
OUTCOME_WORDS = {None: "Not said yet how it went", "helped": "It helped",
                 "didnt": "It didn't help", "not-sent": "Not sent"}
#: The words a person writes in the builder's steps, in the order they are asked.
FIELD_IDS = ("worry", "facts", "feeling", "because", "need", "why")
_PERSON_UID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def _now() -> float:
    return time.time()


@dataclass
class Ask:
    worry: str = ""
    facts: str = ""
    feeling: str = ""
    because: str = ""
    need: str = ""
    why: str = ""
    message: str = ""  # what was copied, as the person last edited it
    person_uid: str | None = None  # the safe person it was for, if chosen
    outcome: str | None = None  # helped / didnt / not-sent; None until said
    uid: str = field(default_factory=new_uid)
    asked_utc: float = field(default_factory=_now)
    updated_utc: float = field(default_factory=_now)

    def is_empty(self) -> bool:
        return not (self.message.strip() or any(getattr(self, f).strip() for f in FIELD_IDS))

    def body_dict(self) -> dict[str, Any]:
        return {"worry": self.worry, "facts": self.facts, "feeling": self.feeling,
                "because": self.because, "need": self.need, "why": self.why,
                "message": self.message, "person_uid": self.person_uid,
                "outcome": self.outcome}

    def to_dict(self) -> dict[str, Any]:
        return {"uid": self.uid, "asked_utc": self.asked_utc,
                "updated_utc": self.updated_utc, **self.body_dict()}

    @classmethod
    def from_dict(cls, raw: Any) -> Ask:
        if not isinstance(raw, dict):
            raise ReachError("an ask must be a table of fields")
        unknown = raw.keys() - _FIELDS
        if unknown:
            raise ReachError(f"unknown fields: {', '.join(sorted(unknown))}")
        person = raw.get("person_uid")
        if person is not None and (not isinstance(person, str)
                                   or not _PERSON_UID.match(person)):
            raise ReachError("the safe person it was for is not one Ebbtide writes")
        outcome = raw.get("outcome")
        try:
            if outcome is not None:
                outcome = _choice(outcome, "how it went", OUTCOMES)
            return cls(
                worry=_text(raw.get("worry", ""), "the worry", MAX_WORRY),
                facts=_text(raw.get("facts", ""), "the facts", MAX_PART),
                feeling=_text(raw.get("feeling", ""), "the feeling", MAX_PART),
                because=_text(raw.get("because", ""), "because of", MAX_PART),
                need=_text(raw.get("need", ""), "what I need", MAX_PART),
                why=_text(raw.get("why", ""), "why it helps", MAX_PART),
                message=_text(raw.get("message", ""), "the message", MAX_MESSAGE),
                person_uid=person,
                outcome=outcome,
                uid=_uid(raw.get("uid")),
                asked_utc=_time(raw.get("asked_utc"), "when it was asked"),
                updated_utc=_time(raw.get("updated_utc"), "when it was last changed"),
            )
        except ReachError:
            raise
        except NoticeError as exc:
            raise ReachError(str(exc)) from None

    def validate(self) -> None:
        Ask.from_dict(self.to_dict())

    @property
    def outcome_words(self) -> str:
        return OUTCOME_WORDS[self.outcome]


_FIELDS = frozenset(Ask(uid="x").to_dict())


def same_worry(a: str, b: str) -> bool:
    """Two short names for a worry, compared as a person would: trimmed,
    single-spaced, case-folded ("Late replies" is "late  replies")."""
    key = normalise_word(a)
    return bool(key) and key == normalise_word(b)


def recent_ask(asks: list[Ask], worry: str, now: float | None = None,
               days: int = RECENT_ASK_DAYS) -> Ask | None:
    """The newest ask about the same worry within `days`, if any (one not sent does not
    count: it was never asked)."""
    moment = time.time() if now is None else now
    since = moment - days * DAY_S
    found = [a for a in asks if a.outcome != "not-sent" and same_worry(a.worry, worry)
             and since <= a.asked_utc <= moment + DAY_S]
    return max(found, key=lambda a: a.asked_utc, default=None)


# -- the words (resources/content/reach.toml) ------------------------------------------------


@dataclass(frozen=True)
class AskField:
    id: str  # one of FIELD_IDS
    label: str
    placeholder: str


@dataclass(frozen=True)
class AskStep:
    id: str
    title: str
    lead: str
    fields: tuple[AskField, ...]


@dataclass(frozen=True)
class ReachWords:
    people_intro: str
    people_empty: str
    people_suggestions: tuple[str, ...]  # kinds of people to think of, three to five
    helps: tuple[str, ...]  # what a safe person helps with, offered as ticks
    message_placeholder: str
    reach_note: str
    asks_title: str
    asks_intro: str  # the gentle word about reassurance loops
    asks_source: str
    loop_title: str
    loop_text: str
    loop_go_on: str
    preview_title: str
    preview_lead: str
    copied: str  # said quietly when the message is on the clipboard
    safety_text: str
    steps: tuple[AskStep, ...]
    message: tuple[tuple[str, ...], ...]  # lines of parts; see compose_message


def load_reach_words(path: Path | None = None) -> ReachWords:
    """The shipped words (cached), or those in `path` (tests)."""
    return load_content(parse_reach_words, path, "reach.toml")


_PLACEHOLDER = re.compile(r"\{([a-z]+)\}")
_DOUBLED_STOP = re.compile(r"([?!…])\.$")  # "Where were you?." reads "Where were you?"


def parse_reach_words(source: TomlSource) -> ReachWords:
    data = source.data
    check_known_keys(source, data, ("people", "asks"))
    people = table_of(source, data.get("people"), "[people]", "people")
    check_known_keys(source, people, ("intro", "empty", "suggestions", "helps",
                                      "message_placeholder", "reach_note"), "people")
    asks = table_of(source, data.get("asks"), "[asks]", "asks")
    check_known_keys(source, asks, ("title", "intro", "source", "loop_title", "loop_text",
                                    "loop_go_on", "preview_title", "preview_lead", "copied",
                                    "safety_text", "steps", "message"), "asks")

    def line(table: dict[str, Any], key: str, *keys: str | int, limit: int = 600) -> str:
        return one_line_text(source, table.get(key), key, *keys, key, limit=limit)

    def phrases(table: dict[str, Any], key: str, *keys: str, least: int, most: int,
                limit: int) -> tuple[str, ...]:
        value = table.get(key)
        if not isinstance(value, list) or not least <= len(value) <= most:
            raise source.error(f"{key} must be a list of {least} to {most} entries",
                               *keys, key)
        return tuple(one_line_text(source, item, f"each of {key}", *keys, key, limit=limit)
                     for item in value)

    steps_raw = asks.get("steps")
    if not isinstance(steps_raw, list) or not steps_raw:
        raise source.error("[[asks.steps]] needs at least one step", "asks")
    steps: list[AskStep] = []
    seen_fields: set[str] = set()
    for n, raw in enumerate(steps_raw):
        keys: tuple[str | int, ...] = ("asks", "steps", n)
        table = table_of(source, raw, "a step", *keys)
        check_known_keys(source, table, ("id", "title", "lead", "fields"), *keys)
        fields_raw = table.get("fields")
        if not isinstance(fields_raw, list) or not fields_raw:
            raise source.error("a step needs at least one field", *keys, "fields")
        fields = []
        for item in fields_raw:
            entry = table_of(source, item, "a field", *keys, "fields")
            check_known_keys(source, entry, ("id", "label", "placeholder"), *keys, "fields")
            field_id = line(entry, "id", *keys, "fields", limit=20)
            if field_id not in FIELD_IDS:
                raise source.error(f"there is no field called {field_id!r} (expected one "
                                   f"of {', '.join(FIELD_IDS)})", *keys, "fields")
            if field_id in seen_fields:
                raise source.error(f"the field {field_id!r} is asked twice", *keys, "fields")
            seen_fields.add(field_id)
            fields.append(AskField(field_id, line(entry, "label", *keys, "fields"),
                                   line(entry, "placeholder", *keys, "fields")))
        steps.append(AskStep(line(table, "id", *keys, limit=40), line(table, "title", *keys,
                                                                          limit=80),
                             line(table, "lead", *keys), tuple(fields)))
    missing = set(FIELD_IDS) - seen_fields
    if missing:
        raise source.error(f"no step asks for {', '.join(sorted(missing))}", "asks", "steps")
    message_raw = asks.get("message")
    if not isinstance(message_raw, list) or not message_raw:
        raise source.error("[[asks.message]] needs at least one line", "asks")
    message: list[tuple[str, ...]] = []
    for n, raw in enumerate(message_raw):
        keys = ("asks", "message", n)
        table = table_of(source, raw, "a line of the message", *keys)
        check_known_keys(source, table, ("parts",), *keys)
        parts = table.get("parts")
        if not isinstance(parts, list) or not parts or not all(
                isinstance(p, str) and "\n" not in p for p in parts):
            raise source.error("parts must be a list of text on one line", *keys, "parts")
        for part in parts:
            for name in _PLACEHOLDER.findall(part):
                if name not in FIELD_IDS:
                    raise source.error(f"the message names {{{name}}}, which no step asks "
                                       "for", *keys, "parts")
        message.append(tuple(parts))
    return ReachWords(
        people_intro=line(people, "intro", "people"),
        people_empty=line(people, "empty", "people"),
        people_suggestions=phrases(people, "suggestions", "people", least=3, most=5,
                                   limit=120),
        helps=phrases(people, "helps", "people", least=2, most=12, limit=60),
        message_placeholder=line(people, "message_placeholder", "people", limit=200),
        reach_note=line(people, "reach_note", "people"),
        asks_title=line(asks, "title", "asks", limit=80),
        asks_intro=line(asks, "intro", "asks"),
        asks_source=line(asks, "source", "asks"),
        loop_title=line(asks, "loop_title", "asks", limit=120),
        loop_text=line(asks, "loop_text", "asks"),
        loop_go_on=line(asks, "loop_go_on", "asks", limit=120),
        preview_title=line(asks, "preview_title", "asks", limit=80),
        preview_lead=line(asks, "preview_lead", "asks"),
        copied=line(asks, "copied", "asks"),
        safety_text=line(asks, "safety_text", "asks"),
        steps=tuple(steps),
        message=tuple(message),
    )


def _piece(text: str) -> str:
    """One step's words set inside a sentence: single-spaced, without the full stop the
    sentence brings itself."""
    return " ".join(text.split()).rstrip(" .")


def compose_message(words: ReachWords, ask: Ask) -> str:
    """The message from the steps, for the person to edit freely. Each line is made of
    parts; a part naming a field left empty is dropped, and a line whose every named
    field is empty is dropped whole, so skipping a step never leaves "I need ."."""
    values = {f: _piece(getattr(ask, f)) for f in FIELD_IDS}
    lines = []
    for parts in words.message:
        kept = []
        named_any = False
        for part in parts:
            names = _PLACEHOLDER.findall(part)
            if names and not all(values[n] for n in names):
                continue
            named_any = named_any or bool(names)
            kept.append(_PLACEHOLDER.sub(lambda m: values[m.group(1)], part))
        if named_any:
            text = _DOUBLED_STOP.sub(r"\1", "".join(kept).strip())
            lines.append(text[:1].upper() + text[1:])
    return " ".join(lines)


# -- keeping them ----------------------------------------------------------------------------


def _place(uid: str) -> tuple[str, str, str]:
    return ("asks", "body_sealed", uid)


class AskStore:
    """Table `asks`: uid, asked, updated, body_sealed, deleted."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def save(self, ask: Ask, now: float | None = None) -> Ask:
        ask.updated_utc = time.time() if now is None else now
        ask.validate()
        with self.store.transaction() as conn:
            self.write(conn, ask)
        return ask

    def write(self, conn: Any, ask: Ask) -> None:
        conn.execute(
            "INSERT INTO asks (uid, asked_utc, updated_utc, body_sealed, deleted) "
            "VALUES (?,?,?,?,0) ON CONFLICT (uid) DO UPDATE SET "
            "asked_utc=excluded.asked_utc, updated_utc=excluded.updated_utc, "
            "body_sealed=excluded.body_sealed, deleted=0",
            (ask.uid, float(ask.asked_utc), float(ask.updated_utc),
             self.store.seal(encode_body(ask.body_dict()), _place(ask.uid))))

    def set_outcome(self, uid: str, outcome: str | None) -> Ask | None:
        ask = self.load(uid)
        if ask is None:
            return None
        ask.outcome = outcome
        return self.save(ask)

    def delete(self, uid: str) -> None:
        with self.store.transaction() as conn:
            conn.execute("UPDATE asks SET deleted=1 WHERE uid=?", (uid,))

    def undelete(self, uid: str) -> None:
        with self.store.transaction() as conn:
            conn.execute("UPDATE asks SET deleted=0 WHERE uid=?", (uid,))

    def purge_deleted(self) -> int:
        with self.store.transaction() as conn:
            cursor = conn.execute("DELETE FROM asks WHERE deleted=1")
        return cursor.rowcount

    def all(self) -> list[Ask]:
        """Every ask not deleted, newest first; a damaged one is left out."""
        rows = self.store.conn.execute(
            "SELECT uid, asked_utc, updated_utc, body_sealed FROM asks WHERE deleted=0 "
            "ORDER BY asked_utc DESC, id DESC").fetchall()
        asks = []
        for uid, asked, updated, blob in rows:
            text = self.store.unseal_or_skip(blob, _place(uid))
            if text is None:
                continue
            try:
                asks.append(Ask.from_dict({**decode_body(text), "uid": uid,
                                           "asked_utc": asked, "updated_utc": updated}))
            except ValueError:
                log.warning("Ask %s could not be read and is left out", uid)
        return asks

    def load(self, uid: str) -> Ask | None:
        return next((a for a in self.all() if a.uid == uid), None)

    def uids(self) -> set[str]:
        return {uid for (uid,) in self.store.conn.execute("SELECT uid FROM asks")}


# -- when the builder is not offered ---------------------------------------------------------

#: A worksheet with fear, control or harm ticked, touched within this many days, keeps
#: the builder closed (the safety card shows instead). Unticking the flag in that
#: worksheet, or time, opens it again.
SAFETY_LOOKBACK_DAYS = 30


def safety_named_recently(sheets: list[Worksheet], now: float | None = None,
                          days: int = SAFETY_LOOKBACK_DAYS) -> bool:
    """Whether any of these worksheets, touched within `days`, has a safety flag on."""
    since = (time.time() if now is None else now) - days * DAY_S
    return any(max(s.updated_utc, s.created_utc) >= since and safety_flag_on(s)
               for s in sheets)
