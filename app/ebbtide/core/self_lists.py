"""Strengths, values and boundaries: the person's own three lists. Pure core.

Each item is a line in the person's words, in the order they put it. The lists can be
shown at the end of a hard practice ("things that are true about you") if the person
turns that on (SettingKey.SHOW_TRUE_ABOUT_YOU). Stored sealed by core/self_trust_store.py.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from ebbtide.core.self_trust import (
    LIST_KINDS,
    SelfTrustError,
    check_fields,
    check_text,
    check_time,
    check_uid,
)
from ebbtide.core.sessions import new_uid

_FIELDS = frozenset({"uid", "list", "text", "position", "created_utc", "updated_utc"})
MAX_POSITION = 1_000_000


def _now() -> float:
    return time.time()


@dataclass
class ListItem:
    text: str = ""
    list: str = "strengths"  # "strengths", "values" or "boundaries"
    position: int = 0  # the order within its list, smallest first
    uid: str = field(default_factory=new_uid)
    created_utc: float = field(default_factory=_now)
    updated_utc: float = field(default_factory=_now)

    def to_dict(self) -> dict[str, Any]:
        return {"uid": self.uid, "list": self.list, "text": self.text,
                "position": self.position, "created_utc": self.created_utc,
                "updated_utc": self.updated_utc}

    @classmethod
    def from_dict(cls, raw: Any) -> ListItem:
        raw = check_fields(raw, _FIELDS, "a list item")
        kind = raw.get("list")
        if kind not in LIST_KINDS:
            raise SelfTrustError(f"list must be one of {', '.join(LIST_KINDS)}")
        position = raw.get("position", 0)
        if isinstance(position, bool) or not isinstance(position, int) \
                or not 0 <= position <= MAX_POSITION:
            raise SelfTrustError("position must be a whole number from 0 up")
        return cls(text=check_text(raw.get("text"), "the item"), list=kind,
                   position=position, uid=check_uid(raw.get("uid")),
                   created_utc=check_time(raw.get("created_utc"), "when it was written"),
                   updated_utc=check_time(raw.get("updated_utc"), "when it was changed"))

    def validate(self) -> None:
        ListItem.from_dict(self.to_dict())


def in_order(items: list[ListItem], kind: str) -> list[ListItem]:
    return sorted((i for i in items if i.list == kind), key=lambda i: (i.position,
                                                                       i.created_utc))


def moved(items: list[ListItem], uid: str, step: int) -> list[ListItem]:
    """One list (in order) with the item `uid` moved `step` places (-1 up, +1 down),
    renumbered 0, 1, 2…: the items whose position changed are the ones to save."""
    order = list(items)
    index = next((n for n, i in enumerate(order) if i.uid == uid), None)
    if index is None:
        return []
    target = max(0, min(len(order) - 1, index + step))
    order.insert(target, order.pop(index))
    changed = []
    for position, item in enumerate(order):
        if item.position != position:
            item.position = position
            changed.append(item)
    return changed


def next_position(items: list[ListItem], kind: str) -> int:
    return max((i.position for i in items if i.list == kind), default=-1) + 1
