"""Where to find help now, per country (resources/content/help_lines.toml): the
emergency number, crisis lines to call or text, domestic-abuse lines, and a directory
for every country not listed. Every line carries the page it was checked against and
the date of the check; the loader refuses an entry without them.

Public API: `load_help_lines()` → `HelpDirectory` with `.countries`, `.for_country(code)`
and `.ordered_for(code)` (that country first, the others below); `country_from_locale(
name)` turns a locale like "en_NZ.UTF-8" into "NZ"; `crisis_text(...)` is the same help
as plain text. No Qt here: the help page, the safety card and the lock screen all read
this.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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

#: What a phone or text number may hold. Letters (phone words) belong in `about`.
NUMBER = re.compile(r"^\+?[0-9][0-9 \-]*[0-9]$|^[0-9]$")
_TEXT_WORD = re.compile(r"^[A-Z0-9]{1,20}$")
_CODE = re.compile(r"^[A-Z]{2}$")
#: Names people use that are not ISO codes.
_CODE_ALIASES = {"UK": "GB"}
KINDS = ("emergency", "crisis", "abuse")
_LINE_KEYS = ("name", "call", "text", "text_word", "web", "hours", "about", "source",
              "checked", "note")


@dataclass(frozen=True)
class HelpLine:
    name: str
    kind: str  # "emergency", "crisis", "abuse" or "directory"
    call: tuple[str, ...]
    text: str
    text_word: str  # the first word the service asks for ("" if any word will do)
    web: str
    hours: str
    about: str
    source: str
    checked: date
    note: str

    def ways(self) -> list[str]:
        """How to reach it, in plain words: "Call 116 123", "Text SHOUT to 85258",
        "Online: https://…". Calls first, because a call is quickest."""
        found = []
        same = self.call == (self.text,) and not self.text_word
        if same:
            found.append(f"Call or text {self.text}")
        elif self.call:
            found.append("Call " + " or ".join(self.call))
        if self.text and not same:
            word = f"{self.text_word} to " if self.text_word else ""
            found.append(f"Text {word}{self.text}")
        if self.web:
            found.append(f"Online: {self.web}")
        return found


@dataclass(frozen=True)
class CountryHelp:
    code: str
    name: str
    emergency: HelpLine
    crisis: tuple[HelpLine, ...]
    abuse: tuple[HelpLine, ...]

    def lines(self) -> list[HelpLine]:
        return [self.emergency, *self.crisis, *self.abuse]


@dataclass(frozen=True)
class HelpDirectory:
    countries: dict[str, CountryHelp]  # by ISO code, in file order
    directory: HelpLine  # for every country not listed

    def for_country(self, code: str | None) -> CountryHelp | None:
        """The help for one country, by its two-letter code (any case; "UK" works too),
        or None when we do not list it."""
        key = normalise_country(code)
        return self.countries.get(key) if key else None

    def ordered_for(self, code: str | None) -> list[CountryHelp]:
        """Every country, the person's own first and the others below in file order."""
        first = self.for_country(code)
        rest = [c for c in self.countries.values() if c is not first]
        return [first, *rest] if first else rest

    def lines(self) -> Iterable[HelpLine]:
        for country in self.countries.values():
            yield from country.lines()
        yield self.directory


# "Somewhere else": a country we list no lines for (ZZ is an ISO code kept for private
# use, so it never names a real place). Its help is the directory.
SOMEWHERE_ELSE = "ZZ"


def normalise_country(code: str | None) -> str | None:
    if not code:
        return None
    key = code.strip().upper()
    return _CODE_ALIASES.get(key, key) if _CODE.match(key) else None


def country_from_locale(locale_name: str) -> str | None:
    """The country of a locale name: "en_NZ.UTF-8" → "NZ", "en-CA" → "CA",
    "fr_CA@euro" → "CA". None when it names no country ("C", "POSIX", "en", "")."""
    if not locale_name:
        return None
    base = re.split(r"[.@]", locale_name.strip(), maxsplit=1)[0]
    parts = re.split(r"[_-]", base)
    # language[_Script]_COUNTRY: the country is the two-letter part after the language.
    for part in parts[1:]:
        if len(part) == 2 and part.isalpha():
            return normalise_country(part)
    return None


def chosen_country(setting: str | None, locale_name: str) -> str | None:
    """The country whose help comes first: the one chosen in Settings, else the one
    the system's locale names (None when neither says)."""
    return normalise_country(setting) or country_from_locale(locale_name)


def load_help_lines(path: Path | None = None) -> HelpDirectory:
    """The shipped help lines (cached), or those in `path` (tests)."""
    return load_content(parse_help_lines, path, "help_lines.toml")


def crisis_text(directory: HelpDirectory, code: str | None = None) -> str:
    """All the help as plain text, the person's country first: for a plain label, or
    the lock screen, where nothing fancier is needed."""
    blocks = []
    for country in directory.ordered_for(code):
        rows = [country.name]
        for line in country.lines():
            hours = line.hours[:1].lower() + line.hours[1:]
            rows.append(f"  {line.name}: {'; '.join(line.ways())} ({hours})")
        blocks.append("\n".join(rows))
    d = directory.directory
    blocks.append(f"Anywhere else\n  {d.name}: {d.web}. {d.about}")
    return "\n\n".join(blocks)


# ------------------------------------------------------------------------ parsing


def parse_help_lines(source: TomlSource) -> HelpDirectory:
    check_known_keys(source, source.data, ("directory", "countries"))
    directory = _line(source, source.data.get("directory"), "directory", ("directory",))
    if directory.call or directory.text or not directory.web:
        raise source.error("the directory is a web address (web), not a number", "directory")
    table = table_of(source, source.data.get("countries"), "[countries]", "countries")
    countries: dict[str, CountryHelp] = {}
    for code, entry in table.items():
        keys: tuple[str | int, ...] = ("countries", code)
        if not _CODE.match(code) or code in _CODE_ALIASES:
            raise source.error(f"{code!r} is not a two-letter ISO country code "
                               "in capitals (the UK is GB)", *keys)
        body = table_of(source, entry, f"the country {code}", *keys)
        check_known_keys(source, body, ("name", *KINDS), *keys)
        name = one_line_text(source, body.get("name"), "name", *keys, "name", limit=60)
        if "emergency" not in body:
            raise source.error(f"{name} needs its emergency number ([countries.{code}."
                               "emergency])", *keys)
        emergency = _line(source, body["emergency"], "emergency", (*keys, "emergency"))
        if not emergency.call:
            raise source.error("the emergency entry needs a number to call",
                               *keys, "emergency")
        crisis = _lines(source, body.get("crisis"), "crisis", keys)
        if not crisis:
            raise source.error(f"{name} needs at least one crisis line "
                               f"([[countries.{code}.crisis]])", *keys)
        abuse = _lines(source, body.get("abuse"), "abuse", keys)
        countries[code] = CountryHelp(code, name, emergency, crisis, abuse)
    if not countries:
        raise source.error("there are no countries in the file", "countries")
    return HelpDirectory(countries, directory)


def _lines(source: TomlSource, value: Any, kind: str,
           keys: tuple[str | int, ...]) -> tuple[HelpLine, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise source.error(f"{kind} must be a list of [[…{kind}]] entries", *keys, kind)
    return tuple(_line(source, v, kind, (*keys, kind, n)) for n, v in enumerate(value))


def _line(source: TomlSource, value: Any, kind: str, keys: tuple[str | int, ...]) -> HelpLine:
    table = table_of(source, value, f"the {kind} entry", *keys)
    check_known_keys(source, table, _LINE_KEYS, *keys)

    def text(key: str, limit: int = 400, required: bool = True) -> str:
        if key not in table and not required:
            return ""
        return one_line_text(source, table.get(key), key, *keys, key, limit=limit)

    def number(value: Any, key: str) -> str:
        if not isinstance(value, str) or not NUMBER.match(value):
            raise source.error(f"{key} must be a number of digits, spaces, '+' and '-' "
                               f"(not {value!r})", *keys, key)
        return value

    raw_call = table.get("call", [])
    if isinstance(raw_call, str) or not isinstance(raw_call, list):
        raise source.error('call must be a list of numbers, like call = ["116 123"]',
                           *keys, "call")
    call = tuple(number(c, "call") for c in raw_call)
    sms = number(table["text"], "text") if "text" in table else ""
    word = text("text_word", 20, required=False)
    if word and (not sms or not _TEXT_WORD.match(word)):
        raise source.error("text_word is one word in capitals, with a text number",
                           *keys, "text_word")
    web = text("web", 200, required=False)
    if web and not web.startswith("https://"):
        raise source.error("web must be an https:// address", *keys, "web")
    if not (call or sms or web):
        raise source.error("a line needs a way to reach it: call, text or web", *keys)
    src = text("source", 300, required=False)
    if not src:
        raise source.error("every line needs the source page its number was checked "
                           "against (source)", *keys)
    if not src.startswith(("https://", "http://")):
        raise source.error("source must be the address of a web page", *keys, "source")
    checked = table.get("checked")
    if checked is None:
        raise source.error("every line needs the date it was checked (checked = "
                           "YYYY-MM-DD)", *keys)
    if not isinstance(checked, date) or hasattr(checked, "hour"):
        raise source.error("checked must be a date, written like 2026-11-30",
                           *keys, "checked")
    return HelpLine(
        name=text("name", 100),
        kind=kind,
        call=call,
        text=sms,
        text_word=word,
        web=web,
        hours=text("hours", 120),
        about=text("about"),
        source=src,
        checked=checked,
        note=text("note", 600, required=False),
    )
