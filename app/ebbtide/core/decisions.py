"""The decision log for self-trust: a decision made in line with a value, and later how
it turned out, so a person can see their own judgement holding up. Pure core.

The value is picked from the person's values list or typed. After LOOK_BACK_AFTER_DAYS
a decision is offered for looking back on: a short note and "it held up", "mixed" or
"not as I hoped". The summary counts what held up among those looked back on, kindly;
nothing is scored against the person. Stored sealed by core/self_trust_store.py.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ebbtide.core.self_trust import (
    LOOK_BACK_AFTER_DAYS,
    MAX_NOTE,
    OUTCOMES,
    SelfTrustError,
    check_day,
    check_fields,
    check_text,
    check_time,
    check_uid,
)
from ebbtide.core.sessions import new_uid

_FIELDS = frozenset({"uid", "decision", "value", "decided_on", "outcome", "note",
                     "looked_back_on", "created_utc", "updated_utc"})


def _now() -> float:
    return time.time()


def _today() -> str:
    return date.today().isoformat()


@dataclass
class Decision:
    decision: str = ""  # what I decided
    value: str = ""  # the value it was in line with (from the values list, or typed)
    decided_on: str = field(default_factory=_today)
    outcome: str | None = None  # held / mixed / not-hoped, once looked back on
    note: str = ""  # how it turned out, in a few words
    looked_back_on: str | None = None
    uid: str = field(default_factory=new_uid)
    created_utc: float = field(default_factory=_now)
    updated_utc: float = field(default_factory=_now)

    @property
    def looked_back(self) -> bool:
        return self.outcome is not None

    def due_for_look_back(self, today: date) -> bool:
        """Made long enough ago to see how it turned out, and not looked back on yet."""
        made = date.fromisoformat(self.decided_on)
        return not self.looked_back and today - made >= timedelta(days=LOOK_BACK_AFTER_DAYS)

    def to_dict(self) -> dict[str, Any]:
        return {"uid": self.uid, "decision": self.decision, "value": self.value,
                "decided_on": self.decided_on, "outcome": self.outcome, "note": self.note,
                "looked_back_on": self.looked_back_on, "created_utc": self.created_utc,
                "updated_utc": self.updated_utc}

    @classmethod
    def from_dict(cls, raw: Any) -> Decision:
        raw = check_fields(raw, _FIELDS, "a decision")
        outcome = raw.get("outcome")
        if outcome is not None and outcome not in OUTCOMES:
            raise SelfTrustError(f"outcome must be one of {', '.join(OUTCOMES)}")
        looked = raw.get("looked_back_on")
        if looked is not None:
            looked = check_day(looked, "the day it was looked back on")
        return cls(decision=check_text(raw.get("decision"), "the decision"),
                   value=check_text(raw.get("value", ""), "the value", empty_ok=True),
                   decided_on=check_day(raw.get("decided_on"), "the day it was made"),
                   outcome=outcome,
                   note=check_text(raw.get("note", ""), "how it turned out", MAX_NOTE,
                                   empty_ok=True),
                   looked_back_on=looked, uid=check_uid(raw.get("uid")),
                   created_utc=check_time(raw.get("created_utc"), "when it was written"),
                   updated_utc=check_time(raw.get("updated_utc"), "when it was changed"))

    def validate(self) -> None:
        Decision.from_dict(self.to_dict())


def due(decisions: list[Decision], today: date) -> list[Decision]:
    return [d for d in decisions if d.due_for_look_back(today)]


def summary(decisions: list[Decision]) -> str:
    """"7 of 9 decisions you looked back on held up", in kind words; never a score."""
    looked = [d for d in decisions if d.looked_back]
    if not decisions:
        return ""
    if not looked:
        n = len(decisions)
        return (f"{n} decision{'s' if n != 1 else ''} noted. In "
                f"{LOOK_BACK_AFTER_DAYS} days you can look back on how "
                f"{'each' if n != 1 else 'it'} turned out.")
    held = sum(1 for d in looked if d.outcome == "held")
    n = len(looked)
    noun = "decision" if n == 1 else "decisions"
    if held == 0:
        return (f"You looked back on {n} {noun}. None held up quite as you hoped yet, and "
                "looking back honestly is how judgement grows.")
    if n == 1:
        return "The decision you looked back on held up. Your judgement counts."
    return f"{held} of {n} {noun} you looked back on held up. Your judgement counts."
