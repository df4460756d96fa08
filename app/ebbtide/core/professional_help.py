"""Professional help, explained (resources/content/professional_help.toml): plain pages
on kinds of therapy, a first session, what to ask, finding a therapist and support
groups, and directories by country. Every page names its sources, every directory the
page it was checked against and the date; every address is https. The loader refuses
anything less, naming the file and line.

Public API: `load_professional_help()` → `ProfessionalHelp` (`.pages`, `.page(id)`,
`.directories_for(kind, country)`); `page_markdown(help, page, country)` is a page as
Markdown, ready for a text browser: its words, the directories it lists (the person's
country first), and its sources. No Qt, nothing fetched: links are only text here.
"""

from __future__ import annotations

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
from ebbtide.core.help_lines import normalise_country

ANYWHERE = "ALL"
KINDS = ("therapist", "group")
_ID = re.compile(r"^[a-z][a-z0-9-]{0,40}$")
_CODE = re.compile(r"^[A-Z]{2}$")
#: Country names for the directories' headings (the codes used in the file).
COUNTRY_NAMES = {
    "GB": "United Kingdom", "US": "United States", "IE": "Ireland", "CA": "Canada",
    "AU": "Australia", "NZ": "New Zealand",
}


@dataclass(frozen=True)
class Source:
    name: str
    url: str
    checked: date
    note: str = ""


@dataclass(frozen=True)
class HelpPage:
    id: str
    title: str
    body: str  # Markdown, our own words
    sources: tuple[Source, ...]
    directories: str = ""  # "therapist" or "group": the directories this page lists


@dataclass(frozen=True)
class Directory:
    country: str  # ISO code, or ANYWHERE
    kind: str
    name: str
    about: str
    web: str  # "" when we found no page of its own to link to
    source: str
    checked: date
    note: str


@dataclass(frozen=True)
class ProfessionalHelp:
    pages: tuple[HelpPage, ...]
    directories: tuple[Directory, ...]

    def page(self, page_id: str) -> HelpPage:
        for page in self.pages:
            if page.id == page_id:
                return page
        raise KeyError(page_id)

    def countries(self) -> list[str]:
        """Every country with a directory of its own, in file order."""
        seen: list[str] = []
        for d in self.directories:
            if d.country != ANYWHERE and d.country not in seen:
                seen.append(d.country)
        return seen

    def directories_for(self, kind: str, country: str | None) -> list[tuple[str, list[Directory]]]:
        """(heading, directories) groups of one kind: the person's country first, then
        the others, then those that help anywhere."""
        code = normalise_country(country)
        order = self.countries()
        if code in order:
            order = [code, *[c for c in order if c != code]]
        groups = []
        for c in [*order, ANYWHERE]:
            found = [d for d in self.directories if d.kind == kind and d.country == c]
            if found:
                heading = "Anywhere" if c == ANYWHERE else COUNTRY_NAMES.get(c, c)
                groups.append((heading, found))
        return groups


def load_professional_help(path: Path | None = None) -> ProfessionalHelp:
    """The shipped pages (cached), or those in `path` (tests)."""
    return load_content(parse_professional_help, path, "professional_help.toml")


def page_markdown(help_: ProfessionalHelp, page: HelpPage, country: str | None = None) -> str:
    """The page as Markdown: title, words, directories (when it lists some) and sources.
    Links are Markdown links: the viewer decides what a click does."""
    parts = [f"# {page.title}", "", page.body.strip(), ""]
    if page.directories:
        groups = help_.directories_for(page.directories, country)
        code = normalise_country(country)
        if code and not any(d.country == code and d.kind == page.directories
                            for d in help_.directories):
            parts += ["We have not yet checked a directory for your country. The ones "
                      "that help anywhere are at the end.", ""]
        for heading, found in groups:
            parts += [f"## {heading}", ""]
            for d in found:
                link = f" [{d.web}]({d.web})" if d.web else ""
                parts.append(f"- **{d.name}**. {d.about}{link}")
            parts.append("")
    parts += ["## Sources", ""]
    for s in page.sources:
        parts.append(f"- {s.name}: [{s.url}]({s.url}) (checked {_day(s.checked)})")
    parts += ["", "These pages are in our own words, written from the sources above. "
                  "Each directory was checked against a page of its own on the date the "
                  "content file gives."]
    return "\n".join(parts) + "\n"


def _day(d: date) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


# ------------------------------------------------------------------------ parsing

_PAGE_KEYS = ("id", "title", "body", "sources", "directories")
_SOURCE_KEYS = ("name", "url", "checked", "note")
_DIRECTORY_KEYS = ("country", "kind", "name", "about", "web", "source", "checked", "note")


def parse_professional_help(source: TomlSource) -> ProfessionalHelp:
    check_known_keys(source, source.data, ("pages", "directories"))
    raw_pages = source.data.get("pages")
    if not isinstance(raw_pages, list) or not raw_pages:
        raise source.error("there are no [[pages]] in the file", "pages")
    pages = []
    seen: set[str] = set()
    sources_before = 0  # [[pages.sources]] are counted through the file, for line numbers
    for n, raw in enumerate(raw_pages):
        page = _page(source, raw, n, sources_before)
        sources_before += len(page.sources)
        if page.id in seen:
            raise source.error(f"two pages have the id {page.id!r}", "pages", n, "id")
        seen.add(page.id)
        pages.append(page)
    raw_dirs = source.data.get("directories", [])
    if not isinstance(raw_dirs, list):
        raise source.error("directories must be a list of [[directories]]", "directories")
    directories = tuple(_directory(source, raw, n) for n, raw in enumerate(raw_dirs))
    for page in pages:
        if page.directories and not any(d.kind == page.directories for d in directories):
            raise source.error(f"the page {page.id!r} lists {page.directories} directories, "
                               "but there are none", "pages")
    return ProfessionalHelp(tuple(pages), directories)


def _https(source: TomlSource, value: Any, what: str, *keys: str | int) -> str:
    text = one_line_text(source, value, what, *keys, limit=300)
    if not text.startswith("https://"):
        raise source.error(f"{what} must be an https:// address", *keys)
    return text


def _checked(source: TomlSource, table: dict[str, Any], *keys: str | int) -> date:
    checked = table.get("checked")
    if checked is None:
        raise source.error("it needs the date it was checked (checked = YYYY-MM-DD)", *keys)
    if not isinstance(checked, date) or hasattr(checked, "hour"):
        raise source.error("checked must be a date, written like 2026-11-30",
                           *keys, "checked")
    return checked


def _page(source: TomlSource, raw: Any, n: int, sources_before: int) -> HelpPage:
    keys: tuple[str | int, ...] = ("pages", n)
    table = table_of(source, raw, "a page", *keys)
    check_known_keys(source, table, _PAGE_KEYS, *keys)
    page_id = one_line_text(source, table.get("id"), "id", *keys, "id", limit=40)
    if not _ID.match(page_id):
        raise source.error("id must be short, lower case, with letters, digits and '-'",
                           *keys, "id")
    title = one_line_text(source, table.get("title"), "title", *keys, "title", limit=80)
    body = table.get("body")
    if not isinstance(body, str) or not body.strip():
        raise source.error("body must be some text", *keys, "body")
    raw_sources = table.get("sources")
    if not isinstance(raw_sources, list) or not raw_sources:
        raise source.error(f"the page {page_id!r} needs at least one source "
                           "([[pages.sources]]) it was written from", *keys)
    sources = []
    for m, raw_source in enumerate(raw_sources):
        skeys = ("pages", "sources", sources_before + m)
        st = table_of(source, raw_source, "a source", *skeys)
        check_known_keys(source, st, _SOURCE_KEYS, *skeys)
        sources.append(Source(
            name=one_line_text(source, st.get("name"), "name", *skeys, "name", limit=300),
            url=_https(source, st.get("url"), "url", *skeys, "url"),
            checked=_checked(source, st, *skeys),
            note=(one_line_text(source, st["note"], "note", *skeys, "note", limit=600)
                  if "note" in st else ""),
        ))
    kind = table.get("directories", "")
    if kind and kind not in KINDS:
        raise source.error(f"directories must be one of: {', '.join(KINDS)}",
                           *keys, "directories")
    return HelpPage(page_id, title, body, tuple(sources), kind)


def _directory(source: TomlSource, raw: Any, n: int) -> Directory:
    keys: tuple[str | int, ...] = ("directories", n)
    table = table_of(source, raw, "a directory", *keys)
    check_known_keys(source, table, _DIRECTORY_KEYS, *keys)
    country = table.get("country")
    if country != ANYWHERE and not (isinstance(country, str) and _CODE.match(country)
                                    and normalise_country(country) == country):
        raise source.error("country must be a two-letter ISO code in capitals (the UK is "
                           f"GB), or {ANYWHERE!r}", *keys, "country")
    kind = table.get("kind")
    if kind not in KINDS:
        raise source.error(f"kind must be one of: {', '.join(KINDS)}", *keys, "kind")
    src = one_line_text(source, table.get("source"), "source", *keys, "source", limit=300)
    if not src.startswith(("https://", "http://")):
        raise source.error("source must be the address of the page it was checked against",
                           *keys, "source")
    if "note" not in table:
        raise source.error("every directory needs a note saying how it was checked",
                           *keys)
    return Directory(
        country=country,
        kind=kind,
        name=one_line_text(source, table.get("name"), "name", *keys, "name", limit=100),
        about=one_line_text(source, table.get("about"), "about", *keys, "about"),
        web=_https(source, table["web"], "web", *keys, "web") if "web" in table else "",
        source=src,
        checked=_checked(source, table, *keys),
        note=one_line_text(source, table["note"], "note", *keys, "note", limit=600),
    )
