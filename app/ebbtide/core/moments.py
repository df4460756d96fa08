"""Held moments: what a result screen says after a practice, and the next step it
offers, chosen from the change in distress. No Qt.

The rule is `change_of(before, after)`; the words (one warm line per change, and the
next step's button, a line about it, and what it opens) are data in
resources/content/moments.toml, checked on load.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ebbtide.core.content import (
    TomlSource,
    check_known_keys,
    load_content,
    one_line_text,
    table_of,
)

# A drop of this many points or more is "a larger drop": worth noticing what helped.
LARGER_DROP = 2


class Change(StrEnum):
    LARGER_DROP = "larger_drop"  # came down two points or more
    LITTLE = "little"  # much the same: down one point, or no change
    ROSE = "rose"  # distress went up
    UNRATED = "unrated"  # a rating is missing: nothing to compare


class NextAction(StrEnum):
    """What a next step opens (the page answers it)."""

    NOTICE_WHAT_HELPED = "notice_what_helped"  # Notice & record, a journal entry
    ANOTHER_PRACTICE = "another_practice"  # Breathe, to choose another pattern
    LISTEN = "listen"  # Listen's library
    STEADY = "steady"  # the Steady me now path
    PROGRESS = "progress"  # Progress


def change_of(before: int | None, after: int | None) -> Change:
    """The rule: which kind of change a before and after rating make."""
    if before is None or after is None:
        return Change.UNRATED
    drop = before - after
    if drop >= LARGER_DROP:
        return Change.LARGER_DROP
    if drop >= 0:
        return Change.LITTLE
    return Change.ROSE


@dataclass(frozen=True)
class NextStep:
    label: str  # the button's words
    action: NextAction
    line: str  # a sentence beside it, saying why it is offered


@dataclass(frozen=True)
class MomentWords:
    lines: dict[Change, tuple[str, ...]]
    steps: dict[Change, tuple[NextStep, ...]]

    def line_for(self, before: int | None, after: int | None) -> str:
        """One warm line; which of a few is picked by the numbers, so it varies
        without chance (and a test can know it)."""
        options = self.lines[change_of(before, after)]
        return options[((before or 0) + (after or 0)) % len(options)]

    def next_steps(self, before: int | None, after: int | None) -> tuple[NextStep, ...]:
        return self.steps[change_of(before, after)]


def parse_moment_words(source: TomlSource) -> MomentWords:
    data = source.data
    check_known_keys(source, data, [c.value for c in Change])
    lines: dict[Change, tuple[str, ...]] = {}
    steps: dict[Change, tuple[NextStep, ...]] = {}
    for change in Change:
        if change.value not in data:
            raise source.error(f"the words for {change.value!r} are missing")
        table = table_of(source, data[change.value], change.value, change.value)
        check_known_keys(source, table, ["lines", "next"], change.value)
        raw_lines = table.get("lines")
        if not isinstance(raw_lines, list) or not raw_lines:
            raise source.error("lines must be a list of one or more sentences",
                               change.value, "lines")
        lines[change] = tuple(one_line_text(source, text, "a line", change.value, "lines")
                              for text in raw_lines)
        raw_next = table.get("next", [])
        if not isinstance(raw_next, list) or not raw_next:
            raise source.error("next must list one or more [[...next]] steps",
                               change.value, "next")
        found = []
        for i, step in enumerate(raw_next):
            step = table_of(source, step, "a next step", change.value, "next", i)
            check_known_keys(source, step, ["label", "action", "line"], change.value,
                             "next", i)
            action = step.get("action")
            if action not in {a.value for a in NextAction}:
                raise source.error(
                    f"action {action!r} is not one of "
                    f"{', '.join(a.value for a in NextAction)}", change.value, "next", i)
            found.append(NextStep(
                one_line_text(source, step.get("label"), "label", change.value, "next", i,
                              limit=40),
                NextAction(action),
                one_line_text(source, step.get("line"), "line", change.value, "next", i)))
        steps[change] = tuple(found)
    return MomentWords(lines, steps)


def load_moment_words(path: Path | None = None) -> MomentWords:
    return load_content(parse_moment_words, path, "moments.toml")
