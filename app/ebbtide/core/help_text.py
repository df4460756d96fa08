"""The app's words about itself (welcome, help, crisis lines, shortcuts), loaded from
resources/content/help.toml and checked on load."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

from ebbtide.core.paths import resource_path


@dataclass(frozen=True)
class HelpSection:
    title: str
    body: str


@dataclass(frozen=True)
class HelpText:
    welcome: HelpSection
    help: HelpSection
    crisis: HelpSection
    shortcuts: tuple[tuple[str, str], ...]


class ContentError(ValueError):
    """A shipped content file is malformed; the message names the file and the entry."""


@cache
def load_help_text() -> HelpText:
    path = resource_path("content", "help.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{path}: {exc}") from exc

    def section(name: str) -> HelpSection:
        entry = data.get(name)
        if not isinstance(entry, dict) or not entry.get("title") or not entry.get("body"):
            raise ContentError(f"{path}: [{name}] needs a title and a body")
        return HelpSection(str(entry["title"]), str(entry["body"]).strip())

    shortcuts = []
    for i, row in enumerate(data.get("shortcuts", [])):
        if not isinstance(row, dict) or not row.get("keys") or not row.get("does"):
            raise ContentError(f"{path}: shortcuts entry {i + 1} needs keys and does")
        shortcuts.append((str(row["keys"]), str(row["does"])))
    return HelpText(section("welcome"), section("help"), section("crisis"), tuple(shortcuts))
