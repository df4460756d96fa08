"""Notice & record: the trigger log and the evidence log, as records. Pure core.

A *journal entry* answers one of the self-examination questions (or none: a free
entry); it can be exported as text or PDF (journal_text, journal_html).

A *small risk* is a small experiment: what I will try, what I fear and how sure I am,
then what happened and how sure I am now (core.notice.RiskEntry).

A *trigger entry* is thirty seconds written when something sets a person off: what
happened, the feelings (with how strong), where in the body, the urge, what they did,
what helped, and "now, or then?". An *evidence entry* is a moment with someone — what
they said or promised, what they did, which of reliability, honesty and compassion it
shows — and whether it was kept or broken, so the record stays honest.

Everything here is a person's own words except the vocabulary ids (urges, body places,
now-or-then, shows), and all of it is stored sealed (core/notice_store.py). The words
offered are data in resources/content/notice.toml.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any, ClassVar, Self

from ebbtide.core.content import (
    TomlSource,
    check_known_keys,
    load_content,
    one_line_text,
    table_of,
)
from ebbtide.core.feelings import MAX_OWN_WORD, normalise_word
from ebbtide.core.sessions import new_uid

# Long enough for a paragraph written in a hurry; short enough that a stuck key or a
# paste of a whole chat log is caught.
MAX_TEXT = 5_000
MAX_TAG = 40  # a tag is a chip: "late reply", "phone face down"
MAX_TAGS = 20
MAX_ITEMS = 40  # feelings, body places, urges
MAX_NAME = 80  # who the moment was with
STATUSES = ("draft", "done")
OUTCOMES = ("kept", "broken")
KIND_TRIGGER = "trigger"
KIND_EVIDENCE = "evidence"
KIND_RISK = "risk"
KIND_JOURNAL = "journal"
KINDS = (KIND_TRIGGER, KIND_EVIDENCE, KIND_RISK, KIND_JOURNAL)
MAX_JOURNAL = 100_000  # a journal entry may be long: pages, not a paragraph
# How a small risk went, against what was feared. Only "better" lays a brick.
RISK_OUTCOMES = ("better", "as-feared", "hard")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_UID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_LATEST_UTC = 7_258_118_400.0  # 2200-01-01: far past any real entry


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
           "Dec")


def short_when(utc: float, *, clock: bool = True) -> str:
    """"Mon 30 Nov 2026, 18:05" in local time. Ebbtide speaks English; formatting by
    hand is a tenth of strftime's cost, which counts when a year of entries is listed."""
    moment = datetime.fromtimestamp(utc)
    day = (f"{_DAYS[moment.weekday()]} {moment.day:02d} {_MONTHS[moment.month - 1]} "
           f"{moment.year}")
    return f"{day}, {moment.hour:02d}:{moment.minute:02d}" if clock else day


class NoticeError(ValueError):
    """An entry does not hold together. The message names the field, never the words."""


# -- the words offered (resources/content/notice.toml) ------------------------------------


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    description: str


@dataclass(frozen=True)
class NoticeWords:
    urges: tuple[Choice, ...]
    now_or_then: tuple[Choice, ...]
    shows: tuple[Choice, ...]
    risks: tuple[Choice, ...]
    journal: tuple[Choice, ...]  # self-examination questions (label = the question)

    def label(self, group: str, choice_id: str) -> str:
        """The label for an id; an id this version no longer lists reads as itself."""
        for choice in getattr(self, group):
            if choice.id == choice_id:
                return str(choice.label)
        return choice_id


def load_notice_words(path: Path | None = None) -> NoticeWords:
    """The shipped words (cached), or those in `path` (tests)."""
    return load_content(parse_notice_words, path, "notice.toml")


def parse_notice_words(source: TomlSource) -> NoticeWords:
    groups = ("urges", "now_or_then", "shows", "risks", "journal")
    check_known_keys(source, source.data, groups)
    found: dict[str, tuple[Choice, ...]] = {}
    for group in groups:
        entries = table_of(source, source.data.get(group), f"[{group}]", group)
        choices = []
        for choice_id, entry in entries.items():
            keys = (group, choice_id)
            if not _ID.match(choice_id):
                raise source.error(
                    f"the id {choice_id!r} must be lowercase letters, digits and dashes",
                    *keys)
            table = table_of(source, entry, f"the entry {choice_id!r}", *keys)
            check_known_keys(source, table, ("label", "description"), *keys)
            # A journal question is a sentence; every other label fits a button.
            label = one_line_text(source, table.get("label"), f"the label of {choice_id!r}",
                                  *keys, "label", limit=120 if group == "journal" else 40)
            description = one_line_text(source, table.get("description"),
                                        f"the description of {choice_id!r}",
                                        *keys, "description")
            choices.append(Choice(choice_id, label, description))
        if not choices:
            raise source.error(f"[{group}] needs at least one entry", group)
        found[group] = tuple(choices)
    return NoticeWords(found["urges"], found["now_or_then"], found["shows"], found["risks"],
                       found["journal"])


# -- checking fields -----------------------------------------------------------------------


def _text(value: Any, name: str, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        raise NoticeError(f"{name} must be text")
    if len(value) > limit:
        raise NoticeError(f"{name} is longer than {limit} characters")
    return value


def _time(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise NoticeError(f"{name} must be a time in seconds")
    number = float(value)
    if not math.isfinite(number) or not 0 <= number <= _LATEST_UTC:
        raise NoticeError(f"{name} is not a date Ebbtide can use")
    return number


def _words(value: Any, name: str, limit: int, *, most: int = MAX_ITEMS) -> list[str]:
    """A list of short, non-empty, distinct phrases (tags, own urges, body places)."""
    if not isinstance(value, list):
        raise NoticeError(f"{name} must be a list")
    if len(value) > most:
        raise NoticeError(f"{name} has more than {most} entries")
    seen: set[str] = set()
    for item in value:
        if not isinstance(item, str) or not item.strip() or len(item) > limit:
            raise NoticeError(f"each of {name} must be 1 to {limit} characters")
        key = normalise_word(item)
        if key in seen:
            raise NoticeError(f"{name} has the same entry twice")
        seen.add(key)
    return list(value)


def _ids(value: Any, name: str) -> list[str]:
    items = _words(value, name, 40)
    if any(not _ID.match(item) for item in items):
        raise NoticeError(f"{name} has an id that is not one Ebbtide writes")
    return items


def _choice(value: Any, name: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise NoticeError(f"{name} must be one of {', '.join(allowed)}")
    return str(value)


def _uid(value: Any) -> str:
    if not isinstance(value, str) or not _UID.match(value):
        raise NoticeError("the id (uid) is missing or unreadable")
    return value


def clean_words(items: list[str]) -> list[str]:
    """Trimmed, single-spaced, each once (first spelling kept), empty ones gone: what the
    UI hands in from a line a person typed."""
    seen: set[str] = set()
    result = []
    for item in items:
        text = " ".join(item.split())
        key = text.casefold()
        if text and key not in seen:
            seen.add(key)
            result.append(text)
    return result


# -- records -------------------------------------------------------------------------------


@dataclass
class FeelingNote:
    """One feeling named in a trigger entry, with how strong it was (0–100)."""

    word: str
    intensity: int | None = None
    own: bool = False  # the person's own word, not one from the vocabulary

    def to_dict(self) -> dict[str, Any]:
        return {"word": self.word, "intensity": self.intensity, "own": self.own}

    @classmethod
    def from_dict(cls, raw: Any) -> FeelingNote:
        if not isinstance(raw, dict) or set(raw) - {"word", "intensity", "own"}:
            raise NoticeError("a feeling must have a word, an intensity and whether it is own")
        word = _text(raw.get("word"), "a feeling word", MAX_OWN_WORD)
        if not word.strip():
            raise NoticeError("a feeling word is empty")
        intensity = raw.get("intensity")
        if intensity is not None and (isinstance(intensity, bool)
                                      or not isinstance(intensity, int)
                                      or not 0 <= intensity <= 100):
            raise NoticeError("a feeling's intensity must be a whole number from 0 to 100")
        own = raw.get("own", False)
        if not isinstance(own, bool):
            raise NoticeError("a feeling's own must be true or false")
        return cls(word, intensity, own)


def _now() -> float:
    return time.time()


class _Record:
    """What the four kinds of entry share: the id, the times and the status around the
    body each kind seals, and the same checks on reading one back."""

    kind: ClassVar[str]
    uid: str
    occurred_utc: float
    created_utc: float
    updated_utc: float
    status: str

    def body_dict(self) -> dict[str, Any]:
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        return {"uid": self.uid, "kind": self.kind, "status": self.status,
                "occurred_utc": self.occurred_utc, "created_utc": self.created_utc,
                "updated_utc": self.updated_utc, **self.body_dict()}

    @classmethod
    def from_dict(cls, raw: Any) -> Self:
        raise NotImplementedError

    def validate(self) -> None:
        """Raise NoticeError unless this would read back exactly as it is."""
        type(self).from_dict(self.to_dict())


def _checked_fields(raw: Any, allowed: frozenset[str], kind: str, noun: str) -> dict[str, Any]:
    """`raw` as a table of this kind's fields, or NoticeError saying what is wrong."""
    if not isinstance(raw, dict):
        raise NoticeError(f"{noun} must be a table of fields")
    unknown = raw.keys() - allowed
    if unknown:
        raise NoticeError(f"unknown fields: {', '.join(sorted(unknown))}")
    if raw.get("kind", kind) != kind:
        raise NoticeError(f"this is not {noun}")
    return raw


def _kept(raw: dict[str, Any], occurred: str = "when it happened",
          created: str = "when it was written") -> dict[str, Any]:
    """The id, the times and the status of an entry read back, each checked."""
    return {"uid": _uid(raw.get("uid")),
            "occurred_utc": _time(raw.get("occurred_utc"), occurred),
            "created_utc": _time(raw.get("created_utc"), created),
            "updated_utc": _time(raw.get("updated_utc"), "when it was last changed"),
            "status": _choice(raw.get("status", "done"), "status", STATUSES)}


@dataclass
class TriggerEntry(_Record):
    what: str = ""  # what happened, in the person's words
    feelings: list[FeelingNote] = field(default_factory=list)
    body: list[str] = field(default_factory=list)  # body places (vocabulary, or kept old)
    urges: list[str] = field(default_factory=list)  # urge ids from notice.toml
    own_urges: list[str] = field(default_factory=list)
    did: str = ""
    helped: str = ""
    now_or_then: str | None = None
    tags: list[str] = field(default_factory=list)  # the person's own short tags
    uid: str = field(default_factory=new_uid)
    occurred_utc: float = field(default_factory=_now)
    created_utc: float = field(default_factory=_now)
    updated_utc: float = field(default_factory=_now)
    status: str = "draft"

    kind = KIND_TRIGGER

    def is_empty(self) -> bool:
        """Nothing written or chosen yet: a draft not worth keeping."""
        return not (self.what.strip() or self.feelings or self.body or self.urges
                    or self.own_urges or self.did.strip() or self.helped.strip()
                    or self.now_or_then or self.tags)

    def body_dict(self) -> dict[str, Any]:
        """What is sealed: everything but the id, the times and the status."""
        return {
            "what": self.what,
            "feelings": [f.to_dict() for f in self.feelings],
            "body": list(self.body),
            "urges": list(self.urges),
            "own_urges": list(self.own_urges),
            "did": self.did,
            "helped": self.helped,
            "now_or_then": self.now_or_then,
            "tags": list(self.tags),
        }

    @classmethod
    def from_dict(cls, raw: Any) -> TriggerEntry:
        raw = _checked_fields(raw, _TRIGGER_FIELDS, KIND_TRIGGER, "a trigger entry")
        feelings_raw = raw.get("feelings", [])
        if not isinstance(feelings_raw, list) or len(feelings_raw) > MAX_ITEMS:
            raise NoticeError(f"feelings must be a list of at most {MAX_ITEMS}")
        feelings = [FeelingNote.from_dict(f) for f in feelings_raw]
        if len({normalise_word(f.word) for f in feelings}) != len(feelings):
            raise NoticeError("the same feeling is named twice")
        now_or_then = raw.get("now_or_then")
        if now_or_then is not None:
            now_or_then = _ids([now_or_then], "now or then")[0]
        entry = cls(
            what=_text(raw.get("what", ""), "what happened"),
            feelings=feelings,
            body=_words(raw.get("body", []), "body places", MAX_OWN_WORD),
            urges=_ids(raw.get("urges", []), "urges"),
            own_urges=_words(raw.get("own_urges", []), "own urges", MAX_TAG * 2),
            did=_text(raw.get("did", ""), "what I did"),
            helped=_text(raw.get("helped", ""), "what helped"),
            now_or_then=now_or_then,
            tags=_words(raw.get("tags", []), "tags", MAX_TAG, most=MAX_TAGS),
            **_kept(raw),
        )
        return entry

    def searchable_text(self, words: NoticeWords | None = None) -> str:
        urges = [words.label("urges", u) for u in self.urges] if words else self.urges
        return "\n".join([self.what, self.did, self.helped, *self.tags, *self.own_urges,
                          *urges, *(f.word for f in self.feelings), *self.body])


@dataclass
class EvidenceEntry(_Record):
    said: str = ""  # what they said or promised
    did: str = ""  # what they did
    shows: list[str] = field(default_factory=list)  # reliability / honesty / compassion
    who: str = ""  # an optional name of the person's own
    outcome: str = "kept"  # kept, or broken: the record stays honest
    uid: str = field(default_factory=new_uid)
    occurred_utc: float = field(default_factory=_now)
    created_utc: float = field(default_factory=_now)
    updated_utc: float = field(default_factory=_now)
    status: str = "draft"

    kind = KIND_EVIDENCE

    def is_empty(self) -> bool:
        return not (self.said.strip() or self.did.strip() or self.shows or self.who.strip())

    @property
    def kept(self) -> bool:
        return self.outcome == "kept"

    def body_dict(self) -> dict[str, Any]:
        return {"said": self.said, "did": self.did, "shows": list(self.shows),
                "who": self.who, "outcome": self.outcome}

    @classmethod
    def from_dict(cls, raw: Any) -> EvidenceEntry:
        raw = _checked_fields(raw, _EVIDENCE_FIELDS, KIND_EVIDENCE, "an evidence entry")
        return cls(
            said=_text(raw.get("said", ""), "what they said"),
            did=_text(raw.get("did", ""), "what they did"),
            shows=_ids(raw.get("shows", []), "what it shows"),
            who=_text(raw.get("who", ""), "who", MAX_NAME),
            outcome=_choice(raw.get("outcome", "kept"), "outcome", OUTCOMES),
            **_kept(raw),
        )

    def searchable_text(self, words: NoticeWords | None = None) -> str:
        shows = [words.label("shows", s) for s in self.shows] if words else self.shows
        return "\n".join([self.said, self.did, self.who, *shows])


def _percent(value: Any, name: str) -> int | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                              or not 0 <= value <= 100):
        raise NoticeError(f"{name} must be a whole number from 0 to 100")
    return value


@dataclass
class RiskEntry(_Record):
    """A small emotional risk, as a small experiment: what I will try, what I fear will
    happen and how sure I am (0–100); then, once done, what actually happened and how
    sure I am now. A draft is a risk planned and not yet tried (or not yet written up)."""

    risk: str = ""  # what I will try: say how I feel, ask for something small…
    who: str = ""  # an optional name of the person's own
    fear: str = ""  # what I fear will happen
    sure_before: int | None = None  # how sure I am that the fear will come true
    happened: str = ""  # what actually happened
    sure_after: int | None = None  # how sure I am of the fear now
    outcome: str | None = None  # better / as-feared / hard; None until tried
    uid: str = field(default_factory=new_uid)
    occurred_utc: float = field(default_factory=_now)
    created_utc: float = field(default_factory=_now)
    updated_utc: float = field(default_factory=_now)
    status: str = "draft"

    kind = KIND_RISK

    def is_empty(self) -> bool:
        return not (self.risk.strip() or self.who.strip() or self.fear.strip()
                    or self.happened.strip() or self.sure_before is not None
                    or self.sure_after is not None or self.outcome)

    @property
    def kept(self) -> bool:
        """It went better than feared: a brick on the wall."""
        return self.status == "done" and self.outcome == "better"

    def body_dict(self) -> dict[str, Any]:
        return {"risk": self.risk, "who": self.who, "fear": self.fear,
                "sure_before": self.sure_before, "happened": self.happened,
                "sure_after": self.sure_after, "outcome": self.outcome}

    @classmethod
    def from_dict(cls, raw: Any) -> RiskEntry:
        raw = _checked_fields(raw, _RISK_FIELDS, KIND_RISK, "a small risk")
        outcome = raw.get("outcome")
        if outcome is not None:
            outcome = _choice(outcome, "how it went", RISK_OUTCOMES)
        return cls(
            risk=_text(raw.get("risk", ""), "the risk"),
            who=_text(raw.get("who", ""), "who", MAX_NAME),
            fear=_text(raw.get("fear", ""), "what I fear"),
            sure_before=_percent(raw.get("sure_before"), "how sure before"),
            happened=_text(raw.get("happened", ""), "what happened"),
            sure_after=_percent(raw.get("sure_after"), "how sure after"),
            outcome=outcome,
            **_kept(raw),
        )

    def searchable_text(self, words: NoticeWords | None = None) -> str:
        return "\n".join([self.risk, self.who, self.fear, self.happened])


@dataclass
class JournalEntry(_Record):
    """A self-examination journal entry: the question it answers (an id from
    notice.toml, or none for a free entry) and what the person wrote."""

    text: str = ""
    prompt: str | None = None
    uid: str = field(default_factory=new_uid)
    occurred_utc: float = field(default_factory=_now)
    created_utc: float = field(default_factory=_now)
    updated_utc: float = field(default_factory=_now)
    status: str = "draft"

    kind = KIND_JOURNAL

    def is_empty(self) -> bool:
        return not self.text.strip()

    def body_dict(self) -> dict[str, Any]:
        return {"text": self.text, "prompt": self.prompt}

    @classmethod
    def from_dict(cls, raw: Any) -> JournalEntry:
        raw = _checked_fields(raw, _JOURNAL_FIELDS, KIND_JOURNAL, "a journal entry")
        prompt = raw.get("prompt")
        if prompt is not None:
            prompt = _ids([prompt], "the question")[0]
        return cls(
            text=_text(raw.get("text", ""), "the entry", MAX_JOURNAL),
            prompt=prompt,
            **_kept(raw, occurred="when it was written", created="when it was started"),
        )

    def question(self, words: NoticeWords | None) -> str:
        if self.prompt is None:
            return ""
        return words.label("journal", self.prompt) if words else self.prompt

    def searchable_text(self, words: NoticeWords | None = None) -> str:
        return "\n".join([self.text, self.question(words)])


Entry = TriggerEntry | EvidenceEntry | RiskEntry | JournalEntry
_TRIGGER_FIELDS = frozenset(TriggerEntry(uid="x").to_dict())
_EVIDENCE_FIELDS = frozenset(EvidenceEntry(uid="x").to_dict())
_RISK_FIELDS = frozenset(RiskEntry(uid="x").to_dict())
_JOURNAL_FIELDS = frozenset(JournalEntry(uid="x").to_dict())


def entry_from_dict(raw: Any) -> Entry:
    """Any kind of entry, by its `kind` field."""
    kind = raw.get("kind") if isinstance(raw, dict) else None
    if kind == KIND_TRIGGER:
        return TriggerEntry.from_dict(raw)
    if kind == KIND_EVIDENCE:
        return EvidenceEntry.from_dict(raw)
    if kind == KIND_RISK:
        return RiskEntry.from_dict(raw)
    if kind == KIND_JOURNAL:
        return JournalEntry.from_dict(raw)
    raise NoticeError("the kind of entry is not one this version knows")


def matches(entry: Entry, text: str, words: NoticeWords | None = None) -> bool:
    """Case-insensitive search in everything the person wrote (already unsealed)."""
    needle = text.casefold().strip()
    return not needle or needle in entry.searchable_text(words).casefold()


# -- the journal, written out ---------------------------------------------------------------


def _when(entry: JournalEntry) -> str:
    return datetime.fromtimestamp(entry.occurred_utc).strftime("%A %d %B %Y, %H:%M")


def journal_text(entries: list[JournalEntry], words: NoticeWords) -> str:
    """Plain text of journal entries, as they are listed (for a file of one's own)."""
    parts = ["Ebbtide: my self-examination journal", ""]
    for entry in entries:
        parts.append(_when(entry))
        question = entry.question(words)
        if question:
            parts.append(question)
        parts += ["", entry.text.rstrip(), "", "—" * 3, ""]
    return "\n".join(parts)


def journal_html(entries: list[JournalEntry], words: NoticeWords) -> str:
    """The same, as simple HTML for a PDF (every word escaped)."""
    parts = ["<h1>My self-examination journal</h1>"]
    for entry in entries:
        parts.append(f"<h3>{escape(_when(entry))}</h3>")
        question = entry.question(words)
        if question:
            parts.append(f"<p><i>{escape(question)}</i></p>")
        for paragraph in entry.text.split("\n\n"):
            lines = "<br>".join(escape(line) for line in paragraph.split("\n"))
            parts.append(f"<p>{lines}</p>")
        parts.append("<hr>")
    return "\n".join(parts)
