"""Breathing patterns: the presets shipped in resources/content/patterns.toml (checked on
load, errors name the file and the entry) and a person's own patterns, kept in the
store's `custom_patterns` table. Presets can be copied, never changed.

A custom pattern's name is the person's own words: it is never logged and never put in
an exception message.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ebbtide.core.breathing import (
    PatternError,
    Phase,
    PhaseKind,
    check_phases,
    cycle_seconds,
)
from ebbtide.core.content import ContentError, read_toml
from ebbtide.core.paths import resource_path
from ebbtide.core.store import Store, StoreError, new_uid

MAX_NAME_LEN = 60
PRESETS_FILE = ("content", "patterns.toml")
# The presets file being broken is a content error like any other; the Breathe page
# catches it by this name.
PatternFileError = ContentError


@dataclass(frozen=True)
class Pattern:
    id: str  # preset id ("box") or a custom pattern's uid
    name: str
    phases: tuple[Phase, ...]
    preset: bool = False
    helps: str = ""  # one warm line on why it may help, presets only
    why: str = ""  # a paragraph in our own words (behind "Why this helps"), presets only
    source: str = ""  # who it comes from, presets only
    suggested_minutes: int | None = None
    suggested_cycles: int | None = None
    updated_utc: float = field(default=0.0, compare=False)

    @property
    def cycle_seconds(self) -> float:
        return cycle_seconds(self.phases)

    @property
    def breaths_per_minute(self) -> float:
        return 60.0 / self.cycle_seconds

    def summary(self) -> str:
        """"4 in · 7 hold · 8 out" — the seconds, in order, skipping empty holds."""
        short = {
            PhaseKind.INHALE: "in",
            PhaseKind.TOP_UP: "more in",
            PhaseKind.HOLD: "hold",
            PhaseKind.EXHALE: "out",
            PhaseKind.HOLD_OUT: "hold",
        }
        parts = [f"{p.seconds:g} {short[p.kind]}" for p in self.phases if p.seconds > 0]
        return " · ".join(parts)

    def definition(self) -> list[dict[str, Any]]:
        return phases_to_json(self.phases)


def phases_to_json(phases: Sequence[Phase]) -> list[dict[str, Any]]:
    return [{"kind": p.kind.value, "seconds": round(p.seconds, 1)} for p in phases]


def phases_from_json(data: Any) -> tuple[Phase, ...]:
    """Phases from their JSON form; raises PatternError in plain words."""
    if not isinstance(data, list):
        raise PatternError("A pattern is a list of phases.")
    phases: list[Phase] = []
    for item in data:
        if not isinstance(item, Mapping) or set(item) != {"kind", "seconds"}:
            raise PatternError("Each phase needs a kind and a number of seconds.")
        try:
            kind = PhaseKind(item["kind"])
        except ValueError:
            known = ", ".join(k.value for k in PhaseKind)
            raise PatternError(f"A phase kind must be one of: {known}.") from None
        phases.append(Phase(kind, item["seconds"]))
    check_phases(phases)
    return tuple(phases)


def check_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise PatternError("Please give the pattern a name.")
    if len(cleaned) > MAX_NAME_LEN:
        raise PatternError(f"A name can be up to {MAX_NAME_LEN} characters.")
    return cleaned


# -- presets ------------------------------------------------------------------------------


def load_presets(path: Path | None = None) -> list[Pattern]:
    """Read and check the presets. Every problem is reported with the file, the entry
    and its line."""
    source = read_toml(path or resource_path(*PRESETS_FILE))
    entries = source.data.get("pattern")
    if not isinstance(entries, list) or not entries:
        raise source.error("expected one or more [[pattern]] entries.")
    presets: list[Pattern] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        where = f"[[pattern]] entry {index + 1}"
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            where += f" (id {entry['id']!r})"
        try:
            pattern = _preset_from_entry(entry)
        except (PatternError, TypeError, KeyError) as exc:
            raise source.error(f"{where}: {exc}", "pattern", index) from None
        if pattern.id in seen:
            raise source.error(f"{where}: the id is used twice.", "pattern", index, "id")
        seen.add(pattern.id)
        presets.append(pattern)
    return presets


_PRESET_KEYS = {"id", "name", "phases", "helps", "why", "source", "suggested_minutes",
                "suggested_cycles"}


def _preset_from_entry(entry: Any) -> Pattern:
    if not isinstance(entry, dict):
        raise PatternError("an entry must be a table.")
    unknown = set(entry) - _PRESET_KEYS
    if unknown:
        raise PatternError(f"unknown key(s): {', '.join(sorted(unknown))}.")
    for key in ("id", "name", "helps", "why", "source"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise PatternError(f"{key!r} must be a non-empty text.")
    for key in ("suggested_minutes", "suggested_cycles"):
        value = entry.get(key)
        if value is not None and (not isinstance(value, int) or not 1 <= value <= 60 * 60):
            raise PatternError(f"{key!r} must be a whole number.")
    phases = phases_from_json(entry.get("phases"))
    return Pattern(
        id=entry["id"],
        name=entry["name"],
        phases=phases,
        preset=True,
        helps=" ".join(entry["helps"].split()),
        why=" ".join(entry["why"].split()),
        source=" ".join(entry["source"].split()),
        suggested_minutes=entry.get("suggested_minutes"),
        suggested_cycles=entry.get("suggested_cycles"),
    )


@cache
def presets() -> tuple[Pattern, ...]:
    return tuple(load_presets())


# -- a person's own patterns ---------------------------------------------------------------


#: Shown for a pattern of the person's own whose name cannot be read just now.
LOCKED_NAME = "Your own pattern"


class PatternRepository:
    """Presets plus custom patterns from the store. Deleting is soft (the `deleted`
    flag), so it can be undone."""

    def __init__(self, store: Store, preset_patterns: Sequence[Pattern] | None = None) -> None:
        self.store = store
        self._presets = tuple(presets() if preset_patterns is None else preset_patterns)

    @property
    def presets(self) -> tuple[Pattern, ...]:
        return self._presets

    def customs(self) -> list[Pattern]:
        rows = self.store.conn.execute(
            "SELECT uid, name_sealed, definition, updated_utc FROM custom_patterns "
            "WHERE deleted = 0 ORDER BY id"
        ).fetchall()
        found: list[Pattern] = []
        for uid, name_sealed, definition, updated in rows:
            try:
                phases = phases_from_json(json.loads(definition))
            except (PatternError, ValueError):
                continue  # a damaged row is skipped, never shown half-broken
            found.append(Pattern(id=uid, name=self._name(uid, name_sealed), phases=phases,
                                 updated_utc=updated))
        # Sorted here: the names are sealed, so SQL cannot order them.
        return sorted(found, key=lambda p: p.name.casefold())

    def _name(self, uid: str, name_sealed: bytes | None) -> str:
        try:
            return self.store.unseal(name_sealed, _place(uid)) or LOCKED_NAME
        except (StoreError, ValueError):  # locked, or damaged on disk
            return LOCKED_NAME

    def all(self) -> list[Pattern]:
        return [*self._presets, *self.customs()]

    def get(self, pattern_id: str) -> Pattern | None:
        for p in self._presets:
            if p.id == pattern_id:
                return p
        for p in self.customs():
            if p.id == pattern_id:
                return p
        return None

    def _unique_name(self, name: str, ignore_uid: str | None = None) -> str:
        taken = {p.name.casefold() for p in self.all() if p.id != ignore_uid}
        if name.casefold() not in taken:
            return name
        n = 2
        while f"{name} ({n})".casefold() in taken:
            n += 1
        return f"{name} ({n})"[: MAX_NAME_LEN + 6]

    def create(self, name: str, phases: Sequence[Phase]) -> Pattern:
        name = self._unique_name(check_name(name))
        check_phases(phases)
        uid = new_uid()
        now = time.time()
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT INTO custom_patterns (uid, name, name_sealed, definition, "
                "created_utc, updated_utc) VALUES (?,'',?,?,?,?)",
                (uid, self.store.seal(name, _place(uid)), json.dumps(phases_to_json(phases)),
                 now, now),
            )
        return Pattern(id=uid, name=name, phases=tuple(phases), updated_utc=now)

    def duplicate(self, pattern_id: str) -> Pattern:
        original = self._require(pattern_id)
        return self.create(f"{original.name} (copy)"[:MAX_NAME_LEN], original.phases)

    def update(self, uid: str, name: str, phases: Sequence[Phase]) -> Pattern:
        self._require_custom(uid)
        name = self._unique_name(check_name(name), ignore_uid=uid)
        check_phases(phases)
        now = time.time()
        with self.store.transaction() as conn:
            conn.execute(
                "UPDATE custom_patterns SET name_sealed=?, definition=?, updated_utc=? "
                "WHERE uid=?",
                (self.store.seal(name, _place(uid)), json.dumps(phases_to_json(phases)), now,
                 uid),
            )
        return Pattern(id=uid, name=name, phases=tuple(phases), updated_utc=now)

    def rename(self, uid: str, name: str) -> Pattern:
        return self.update(uid, name, self._require_custom(uid).phases)

    def delete(self, uid: str) -> None:
        self._require_custom(uid)
        self._set_deleted(uid, True)

    def undelete(self, uid: str) -> None:
        self._set_deleted(uid, False)

    def _set_deleted(self, uid: str, deleted: bool) -> None:
        with self.store.transaction() as conn:
            conn.execute(
                "UPDATE custom_patterns SET deleted=?, updated_utc=? WHERE uid=?",
                (1 if deleted else 0, time.time(), uid),
            )

    def _require(self, pattern_id: str) -> Pattern:
        found = self.get(pattern_id)
        if found is None:
            raise PatternError("That pattern is no longer here.")
        return found

    def _require_custom(self, uid: str) -> Pattern:
        found = self._require(uid)
        if found.preset:
            raise PatternError("The built-in patterns stay as they are; make a copy to change it.")
        return found


def _place(uid: str) -> tuple[str, str, str]:
    """Where a pattern's sealed name lives (the lock binds it there)."""
    return ("custom_patterns", "name_sealed", uid)
