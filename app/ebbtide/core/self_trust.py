"""Trust yourself: the words the page offers (resources/content/self_trust.toml) and the
checks the three records share. Pure core.

The records are in `promises` (small promises to myself), `self_lists` (strengths,
values and boundaries) and `decisions` (the decision log); they are kept sealed by
`self_trust_store`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ebbtide.core.content import (
    TomlSource,
    check_known_keys,
    load_content,
    one_line_text,
    table_of,
)

# Before-rating at or above this, a practice counts as a hard one: its result screen may
# show "things that are true about you" (if the person turned that on).
HARD_PRACTICE_FROM = 7
# A decision is offered for looking back on this many days after it was made.
LOOK_BACK_AFTER_DAYS = 14
MAX_TEXT = 500  # a promise, a list item, a decision: a sentence or two
MAX_NOTE = 5_000  # how a decision turned out
LIST_KINDS = ("strengths", "values", "boundaries")
OUTCOMES = ("held", "mixed", "not-hoped")
_UID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_LATEST_UTC = 7_258_118_400.0  # 2200-01-01


class SelfTrustError(ValueError):
    """A record does not hold together. The message names the field, never the words."""


# -- checking fields (shared by the three records) -------------------------------------------


def check_text(value: Any, name: str, limit: int = MAX_TEXT, *, empty_ok: bool = False) -> str:
    if not isinstance(value, str):
        raise SelfTrustError(f"{name} must be text")
    if len(value) > limit:
        raise SelfTrustError(f"{name} is longer than {limit} characters")
    if not empty_ok and not value.strip():
        raise SelfTrustError(f"{name} is empty")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise SelfTrustError(f"{name} has a broken character in it") from None
    return value


def check_uid(value: Any) -> str:
    if not isinstance(value, str) or not _UID.match(value):
        raise SelfTrustError("the id (uid) is missing or unreadable")
    return value


def check_time(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SelfTrustError(f"{name} must be a time in seconds")
    number = float(value)
    if not math.isfinite(number) or not 0 <= number <= _LATEST_UTC:
        raise SelfTrustError(f"{name} is not a date Ebbtide can use")
    return number


def check_day(value: Any, name: str) -> str:
    """A calendar day as ISO text, "2026-11-30"."""
    if not isinstance(value, str):
        raise SelfTrustError(f"{name} must be a date")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise SelfTrustError(f"{name} is not a date Ebbtide can use") from None
    if parsed.isoformat() != value:
        raise SelfTrustError(f"{name} is not a date Ebbtide can use")
    return value


def check_fields(raw: Any, allowed: frozenset[str], what: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise SelfTrustError(f"{what} must be a table of fields")
    unknown = raw.keys() - allowed
    if unknown:
        raise SelfTrustError(f"unknown fields: {', '.join(sorted(map(str, unknown)))}")
    return raw


def wants_true_card(turned_on: bool, before: int | None) -> bool:
    """Whether a practice's result screen offers "things that are true about you": only
    if the person turned it on, and only after a hard practice."""
    return bool(turned_on) and before is not None and before >= HARD_PRACTICE_FROM


def pick_by_day(lines: tuple[str, ...], day: date) -> str:
    """One of `lines`, chosen by the date: it changes each day and stays put within one."""
    return lines[day.toordinal() % len(lines)]


# -- the words offered -----------------------------------------------------------------------


@dataclass(frozen=True)
class ListWords:
    kind: str  # "strengths", "values" or "boundaries"
    title: str
    intro: str
    empty: str
    prompts: tuple[str, ...]


@dataclass(frozen=True)
class SelfTrustWords:
    suggestions: tuple[str, ...]
    not_yet: tuple[str, ...]
    kept: tuple[str, ...]
    let_go: str
    empty: str
    lists: dict[str, ListWords]
    decisions_intro: str
    decisions_empty: str
    look_back: str
    outcomes: dict[str, str]  # id -> label, in OUTCOMES order
    not_hoped: str
    card_title: str


def load_self_trust_words(path: Path | None = None) -> SelfTrustWords:
    """The shipped words (cached), or those in `path` (tests)."""
    return load_content(parse_self_trust_words, path, "self_trust.toml")


def _lines(source: TomlSource, value: Any, what: str, *keys: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise source.error(f"{what} must be a list of at least one line", *keys)
    return tuple(one_line_text(source, item, what, *keys, limit=200) for item in value)


def parse_self_trust_words(source: TomlSource) -> SelfTrustWords:
    data = source.data
    check_known_keys(source, data, ("promises", "lists", "decisions", "result_card"))
    promises = table_of(source, data.get("promises"), "[promises]", "promises")
    check_known_keys(source, promises, ("suggestions", "not_yet", "kept", "let_go", "empty"),
                     "promises")
    lists_table = table_of(source, data.get("lists"), "[lists]", "lists")
    check_known_keys(source, lists_table, LIST_KINDS, "lists")
    lists: dict[str, ListWords] = {}
    for kind in LIST_KINDS:
        keys = ("lists", kind)
        table = table_of(source, lists_table.get(kind), f"[lists.{kind}]", *keys)
        check_known_keys(source, table, ("title", "intro", "empty", "prompts"), *keys)
        lists[kind] = ListWords(
            kind,
            one_line_text(source, table.get("title"), "the title", *keys, "title", limit=30),
            one_line_text(source, table.get("intro"), "the intro", *keys, "intro"),
            one_line_text(source, table.get("empty"), "the empty words", *keys, "empty"),
            _lines(source, table.get("prompts"), "the prompts", *keys, "prompts"))
    decisions = table_of(source, data.get("decisions"), "[decisions]", "decisions")
    check_known_keys(source, decisions,
                     ("intro", "empty", "look_back", "outcomes", "not_hoped"), "decisions")
    outcomes = table_of(source, decisions.get("outcomes"), "the outcomes", "decisions",
                        "outcomes")
    if set(outcomes) != set(OUTCOMES):
        raise source.error(f"the outcomes must be exactly: {', '.join(OUTCOMES)}",
                           "decisions", "outcomes")
    card = table_of(source, data.get("result_card"), "[result_card]", "result_card")
    check_known_keys(source, card, ("title",), "result_card")

    def line(table: dict[str, Any], key: str, *keys: str) -> str:
        return one_line_text(source, table.get(key), f"the {key.replace('_', ' ')}",
                             *keys, key)

    return SelfTrustWords(
        suggestions=_lines(source, promises.get("suggestions"), "the suggestions",
                           "promises", "suggestions"),
        not_yet=_lines(source, promises.get("not_yet"), "the not-yet words", "promises",
                       "not_yet"),
        kept=_lines(source, promises.get("kept"), "the kept words", "promises", "kept"),
        let_go=line(promises, "let_go", "promises"),
        empty=line(promises, "empty", "promises"),
        lists=lists,
        decisions_intro=line(decisions, "intro", "decisions"),
        decisions_empty=line(decisions, "empty", "decisions"),
        look_back=line(decisions, "look_back", "decisions"),
        outcomes={o: one_line_text(source, outcomes[o], f"the outcome {o!r}", "decisions",
                                   "outcomes", limit=30) for o in OUTCOMES},
        not_hoped=line(decisions, "not_hoped", "decisions"),
        card_title=line(card, "title", "result_card"),
    )
