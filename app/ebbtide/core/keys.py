"""Every key Ebbtide answers to, defined once in resources/content/keys.toml and read
from there by Help, the guide's keys chapter (docs/guide/keys.md) and the main window.

Key sequences are kept in Qt's portable text ("Ctrl+,", "Ctrl+PgDown"), checked here
without Qt against the names Qt understands; the UI turns them into QKeySequence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ebbtide.core.content import (
    TomlSource,
    check_known_keys,
    load_content,
    one_line_text,
    table_of,
)

_MODIFIERS = ("Ctrl", "Shift", "Alt", "Meta")
# The names of keys in Qt's portable text that Ebbtide uses or might; anything else
# would most likely be a typo that Qt silently turns into no key at all.
_NAMED_KEYS = frozenset({
    "Esc", "Tab", "Backtab", "Backspace", "Return", "Enter", "Ins", "Del", "Pause",
    "Print", "Home", "End", "Left", "Up", "Right", "Down", "PgUp", "PgDown", "Space",
    "Menu", "Help",
})
_FUNCTION_KEY = re.compile(r"F([1-9]|[12][0-9]|3[0-5])")
_ID = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*")

# How a few portable names are written for people (only where no label is given).
_SPOKEN = {"Return": "Enter", "PgUp": "Page Up", "PgDown": "Page Down", "Del": "Delete",
           "Left": "←", "Right": "→", "Up": "↑", "Down": "↓"}


@dataclass(frozen=True)
class KeyBinding:
    id: str
    sequences: tuple[str, ...]  # Qt portable text
    where: str
    does: str
    label: str  # how the keys are written for people


@dataclass(frozen=True)
class KeyTable:
    bindings: tuple[KeyBinding, ...]

    def __getitem__(self, key_id: str) -> KeyBinding:
        for binding in self.bindings:
            if binding.id == key_id:
                return binding
        raise KeyError(key_id)

    def sequences(self, key_id: str) -> tuple[str, ...]:
        return self[key_id].sequences

    def grouped(self) -> list[tuple[str, list[KeyBinding]]]:
        """(where, bindings) in the order each `where` first appears in the file."""
        groups: dict[str, list[KeyBinding]] = {}
        for binding in self.bindings:
            groups.setdefault(binding.where, []).append(binding)
        return list(groups.items())


def load_keys(path: Path | None = None) -> KeyTable:
    """The shipped keys (read once), or the file at `path` (tests)."""
    return load_content(parse_keys, path, "keys.toml")


def sequence_problem(text: str) -> str | None:
    """Why `text` is not a key sequence in Qt's portable text, or None if it is one."""
    if text.endswith("++") or text == "+":  # the plus key itself, with or without modifiers
        modifiers, key = text[:-2].split("+") if len(text) > 1 else [], "+"
    else:
        *modifiers, key = text.split("+")
    if any(m not in _MODIFIERS for m in modifiers if m) or "" in modifiers:
        return f"{text!r}: modifiers are written Ctrl, Shift, Alt or Meta, joined with +"
    if len(modifiers) != len(set(modifiers)):
        return f"{text!r} names a modifier twice"
    if key in _NAMED_KEYS or _FUNCTION_KEY.fullmatch(key):
        return None
    if len(key) == 1 and key.isprintable() and not key.isspace() and not key.islower():
        return None
    return (f"{text!r}: {key!r} is not a key name Qt knows (letters are capitals; "
            f"named keys like Esc, Space, Return, PgDown, F1)")


def spoken(sequence: str) -> str:
    """A portable sequence written for people ("Ctrl+PgDown" → "Ctrl+Page Down")."""
    if sequence.endswith("++") or sequence == "+":
        return sequence
    return "+".join(_SPOKEN.get(part, part) for part in sequence.split("+"))


def parse_keys(source: TomlSource) -> KeyTable:
    entries = source.data.get("keys")
    if not isinstance(entries, list) or not entries:
        raise source.error("the file needs [[keys]] entries", "keys")
    check_known_keys(source, source.data, ["keys"])
    bindings: list[KeyBinding] = []
    seen: set[str] = set()
    for i, raw in enumerate(entries):
        where_at = ("keys", i)
        entry = table_of(source, raw, f"keys entry {i + 1}", *where_at)
        check_known_keys(source, entry, ["id", "keys", "label", "where", "does"], *where_at)
        key_id = entry.get("id")
        if not isinstance(key_id, str) or not _ID.fullmatch(key_id):
            raise source.error(f"keys entry {i + 1} needs an id like \"window.settings\"",
                               *where_at)
        if key_id in seen:
            raise source.error(f"the id {key_id!r} is used twice", *where_at)
        seen.add(key_id)
        sequences = entry.get("keys")
        if (not isinstance(sequences, list) or not sequences
                or not all(isinstance(s, str) and s for s in sequences)):
            raise source.error(f"{key_id}: keys must be a list of key sequences", *where_at)
        for sequence in sequences:
            problem = sequence_problem(sequence)
            if problem is not None:
                raise source.error(f"{key_id}: {problem}", *where_at)
        where = one_line_text(source, entry.get("where"), f"{key_id}: where", *where_at)
        does = one_line_text(source, entry.get("does"), f"{key_id}: does", *where_at)
        label = entry.get("label")
        if label is None:
            label = " or ".join(spoken(s) for s in sequences)
        label = one_line_text(source, label, f"{key_id}: label", *where_at)
        bindings.append(KeyBinding(key_id, tuple(sequences), where, does, label))
    return KeyTable(tuple(bindings))


KEYS_DOC_HEADER = (
    "<!-- Made by docs/gen_keys.py from resources/content/keys.toml: edit that file, then\n"
    "     run `python docs/gen_keys.py`. A test fails when the two disagree. -->\n"
)


def keys_markdown(table: KeyTable, header: bool = True) -> str:
    """The keys chapter of the guide: one short table for each place keys work."""
    lines = [KEYS_DOC_HEADER] if header else []
    lines += [
        "# Keys",
        "",
        "Everything in Ebbtide works from the keyboard. Every control can be reached with "
        "Tab and has a name for screen readers, and the control with focus shows a clear "
        "ring. Esc stops any exercise at once, without a question.",
    ]
    for where, bindings in table.grouped():
        lines += ["", f"## {where}", "", "| Keys | What they do |", "|---|---|"]
        for binding in bindings:
            lines.append(f"| {_cell(binding.label)} | {_cell(binding.does)} |")
    lines += ["", "[Back to the guide](index.md)", ""]
    return "\n".join(lines)


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace(
        "_", "\\_")
