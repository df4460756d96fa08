"""The app's words about itself (the welcome and the crisis lines), loaded from
resources/content/help.toml and checked on load. Help itself is the user guide
(`ebbtide.core.guide`); the keys are in keys.toml (`ebbtide.core.keys`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ebbtide.core.content import TomlSource, load_content


@dataclass(frozen=True)
class HelpSection:
    title: str
    body: str


@dataclass(frozen=True)
class HelpText:
    welcome: HelpSection
    crisis: HelpSection


def load_help_text(path: Path | None = None) -> HelpText:
    """The shipped help (cached), or the help in `path` (tests)."""
    return load_content(parse_help_text, path, "help.toml")


def parse_help_text(source: TomlSource) -> HelpText:
    data = source.data

    def section(name: str) -> HelpSection:
        entry = data.get(name)
        if not isinstance(entry, dict) or not entry.get("title") or not entry.get("body"):
            raise source.error(f"[{name}] needs a title and a body", name)
        return HelpSection(str(entry["title"]), str(entry["body"]).strip())

    return HelpText(section("welcome"), section("crisis"))
