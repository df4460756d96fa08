"""The app's words about itself (the welcome, crisis help, the safety card), loaded from
resources/content/help.toml and checked on load. The crisis numbers come from
help_lines.toml (each with its source): `crisis.body` is the opening words, every
country's lines, then the closing words. Help itself is the user guide
(`ebbtide.core.guide`); the keys are in keys.toml (`ebbtide.core.keys`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ebbtide.core.content import TomlSource, load_content, one_line_text
from ebbtide.core.help_lines import crisis_text, load_help_lines


@dataclass(frozen=True)
class HelpSection:
    title: str
    body: str


@dataclass(frozen=True)
class HelpText:
    welcome: HelpSection
    crisis: HelpSection  # the opening words, every country's lines, the closing words
    crisis_intro: str = ""
    crisis_closing: str = ""
    safety: HelpSection = HelpSection("", "")  # the safety card's words


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

    crisis = section("crisis")
    closing = data["crisis"].get("closing", "")
    if closing:
        closing = one_line_text(source, closing.strip(), "closing", "crisis", "closing")
    body = "\n\n".join(p for p in (crisis.body, crisis_text(load_help_lines()), closing) if p)
    return HelpText(section("welcome"), HelpSection(crisis.title, body), crisis.body, closing,
                    section("safety"))
