"""Thinking traps (resources/content/traps.toml): habits of mind a worksheet can tag,
each with a plain description and an example. Ids are stable: they are stored with
worksheets and used to filter the history."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ebbtide.core.content import (
    TomlSource,
    check_known_keys,
    load_content,
    one_line_text,
    table_of,
)

# Names a person gives a trap of their own are kept short so they fit a chip.
MAX_OWN_TRAP = 80


@dataclass(frozen=True)
class Trap:
    id: str
    name: str
    description: str
    example: str


class Traps:
    def __init__(self, traps: list[Trap]) -> None:
        self._by_id = {t.id: t for t in traps}

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Trap]:
        return iter(self._by_id.values())

    def __contains__(self, trap_id: object) -> bool:
        return trap_id in self._by_id

    def ids(self) -> list[str]:
        return list(self._by_id)

    def lookup(self, trap_id: str) -> Trap | None:
        return self._by_id.get(trap_id)


def load_traps(path: Path | None = None) -> Traps:
    """The shipped thinking traps (cached), or those in `path` (tests)."""
    return load_content(parse_traps, path, "traps.toml")


def parse_traps(source: TomlSource) -> Traps:
    check_known_keys(source, source.data, ("traps",))
    entries = table_of(source, source.data.get("traps"), "[traps]", "traps")
    traps: list[Trap] = []
    for trap_id, entry in entries.items():
        keys = ("traps", trap_id)
        if not trap_id or trap_id != trap_id.lower() or " " in trap_id:
            raise source.error(f"the trap id {trap_id!r} must be lowercase with no spaces",
                               *keys)
        table = table_of(source, entry, f"the trap {trap_id!r}", *keys)
        check_known_keys(source, table, ("name", "description", "example"), *keys)
        fields = {
            name: one_line_text(source, table.get(name), f"the {name} of {trap_id!r}",
                                *keys, name)
            for name in ("name", "description", "example")
        }
        traps.append(Trap(trap_id, fields["name"], fields["description"], fields["example"]))
    if not traps:
        raise source.error("there are no thinking traps in the file", "traps")
    return Traps(traps)
