"""The feelings vocabulary: six core feelings, specific words beneath them and more
precise words beneath those, each with a plain one-line definition
(resources/content/feelings.toml), plus the places in the body a feeling can sit.

Also the small TOML helpers every content file here uses, so a mistake in a data file
is always reported with the file's name and the line it is on.

Public API for other parts: `load_vocabulary()` (cached) → `Vocabulary` with
`.words()`, `.lookup(word)`, `.search(text)`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ebbtide.core.paths import resource_path

#: The colour families of the six cores; the wheel maps each to a colour in the theme.
TONES = ("dusk", "rain", "ember", "moss", "sea", "sun")
MAX_DEFINITION = 160
MAX_WORD = 40
# The words a person types for a feeling of their own: kept short so they fit a chip.
MAX_OWN_WORD = 60


class ContentError(ValueError):
    """A shipped data file is broken. Names the file and, when known, the line."""

    def __init__(self, path: Path, line: int | None, problem: str) -> None:
        where = f"{path.name}, line {line}" if line else path.name
        super().__init__(f"{where}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem


_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")


@dataclass(frozen=True)
class TomlSource:
    """A parsed TOML file with its text kept, so a semantic problem can be pointed at."""

    path: Path
    text: str
    data: dict[str, Any]

    def error(self, problem: str, *keys: str | int) -> ContentError:
        return ContentError(self.path, self.line_of(*keys), problem)

    def line_of(self, *keys: str | int) -> int | None:
        """The line where `keys` is defined: a table header like [a.b], the nth [[a.b]]
        when an int follows its name, or a `key =` inside a table. When the exact key is
        not written out, the line of the nearest enclosing table; None if not even that."""
        wanted = list(keys)
        best: int | None = None
        current: list[str | int] = []
        array_counts: dict[tuple[str, ...], int] = {}
        for number, raw in enumerate(self.text.splitlines(), start=1):
            line = raw.strip()
            if line.startswith("[["):
                name = tuple(split_dotted_key(line[2:].split("]]")[0]))
                array_counts[name] = array_counts.get(name, 0) + 1
                current = [*name, array_counts[name] - 1]
            elif line.startswith("["):
                current = list(split_dotted_key(line[1:].split("]")[0]))
            elif "=" in line and not line.startswith("#"):
                full = current + list(split_dotted_key(line.split("=", 1)[0]))
                if full == wanted:
                    return number
                continue
            else:
                continue
            if current == wanted or (current and current[-1] == 0 and current[:-1] == wanted):
                return number
            if wanted[: len(current)] == current:
                best = number
        return best


def split_dotted_key(text: str) -> list[str]:
    """`a."b c".d` → ["a", "b c", "d"] (enough of TOML's key syntax for our files)."""
    parts: list[str] = []
    buf = ""
    quote: str | None = None
    for ch in text.strip():
        if quote:
            if ch == quote:
                quote = None
            else:
                buf += ch
        elif ch in "\"'":
            quote = ch
        elif ch == ".":
            parts.append(buf.strip())
            buf = ""
        else:
            buf += ch
    parts.append(buf.strip())
    return parts


def read_toml(path: Path) -> TomlSource:
    """Parse a content file; syntax errors become a ContentError with the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ContentError(path, None, "the file is missing") from exc
    except UnicodeDecodeError as exc:
        raise ContentError(path, None, "the file is not valid UTF-8 text") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_POSITION.search(str(exc))
        line = int(match.group(1)) if match else None
        problem = _TOML_POSITION.sub("", str(exc)).strip()
        raise ContentError(path, line, f"this is not valid TOML ({problem})") from exc
    return TomlSource(path, text, data)


def one_line_text(source: TomlSource, value: Any, what: str, *keys: str | int,
                  limit: int = 400) -> str:
    """A non-empty single line of text, or a ContentError pointing at it."""
    if not isinstance(value, str) or not value.strip():
        raise source.error(f"{what} must be some text", *keys)
    if "\n" in value:
        raise source.error(f"{what} must fit on one line", *keys)
    if len(value) > limit:
        raise source.error(f"{what} is longer than {limit} characters", *keys)
    return value


def table_of(source: TomlSource, value: Any, what: str, *keys: str | int) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise source.error(f"{what} must be a table", *keys)
    return value


def check_known_keys(source: TomlSource, table: dict[str, Any], allowed: Iterable[str],
                     *keys: str | int) -> None:
    allowed_set = set(allowed)
    for key in table:
        if key not in allowed_set:
            raise source.error(
                f"unknown key {key!r} (expected one of: {', '.join(sorted(allowed_set))})",
                *keys, key,
            )


# --------------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class Feeling:
    word: str
    definition: str
    parent: str | None
    core: str  # the core feeling this word sits under (itself for a core)
    level: int  # 0 core, 1 specific, 2 precise
    tone: str

    @property
    def is_core(self) -> bool:
        return self.level == 0


class Vocabulary:
    """All feeling words in file order, with their place in the wheel."""

    def __init__(self, feelings: Sequence[Feeling], body_places: Sequence[str]) -> None:
        self._by_word = {f.word: f for f in feelings}
        self.body_places: tuple[str, ...] = tuple(body_places)

    def __len__(self) -> int:
        return len(self._by_word)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and normalise_word(word) in self._by_word

    def words(self) -> list[str]:
        """Every word, lowercase, in file order."""
        return list(self._by_word)

    def lookup(self, word: str) -> Feeling | None:
        return self._by_word.get(normalise_word(word))

    def cores(self) -> list[Feeling]:
        return [f for f in self._by_word.values() if f.is_core]

    def children(self, word: str) -> list[Feeling]:
        key = normalise_word(word)
        return [f for f in self._by_word.values() if f.parent == key]

    def path(self, word: str) -> list[Feeling]:
        """From the core down to `word` (empty if the word is not ours)."""
        chain: list[Feeling] = []
        feeling = self.lookup(word)
        while feeling is not None:
            chain.insert(0, feeling)
            feeling = self._by_word.get(feeling.parent) if feeling.parent else None
        return chain

    def search(self, text: str, limit: int | None = None) -> list[Feeling]:
        """Words that start with `text`, then words that contain it, then words whose
        definition mentions it. Case-insensitive; empty text finds nothing."""
        needle = normalise_word(text)
        if not needle:
            return []
        starts, contains, defined = [], [], []
        for feeling in self._by_word.values():
            if feeling.word.startswith(needle):
                starts.append(feeling)
            elif needle in feeling.word:
                contains.append(feeling)
            elif len(needle) >= 3 and needle in feeling.definition.casefold():
                defined.append(feeling)
        found = starts + contains + defined
        return found if limit is None else found[:limit]


def normalise_word(word: str) -> str:
    """How a feeling word is compared: trimmed, single-spaced, case-folded."""
    return " ".join(word.split()).casefold()


def load_vocabulary(path: Path | None = None) -> Vocabulary:
    """The shipped vocabulary (cached), or one from `path` (tests)."""
    return _load_vocabulary_cached(path or resource_path("content", "feelings.toml"))


@lru_cache(maxsize=4)
def _load_vocabulary_cached(path: Path) -> Vocabulary:
    return parse_vocabulary(read_toml(path))


def parse_vocabulary(source: TomlSource) -> Vocabulary:
    data = source.data
    check_known_keys(source, data, ("feelings", "body_places"))
    places = data.get("body_places")
    if not isinstance(places, list) or not places:
        raise source.error("body_places must be a list of places in the body", "body_places")
    for place in places:
        one_line_text(source, place, "each body place", "body_places", limit=MAX_WORD)
    if len(set(places)) != len(places):
        raise source.error("a body place is listed twice", "body_places")

    entries = table_of(source, data.get("feelings"), "[feelings]", "feelings")
    raw: dict[str, dict[str, Any]] = {}
    for word, entry in entries.items():
        keys = ("feelings", word)
        if word != normalise_word(word) or len(word) > MAX_WORD:
            raise source.error(
                f"the word {word!r} must be lowercase, single-spaced and at most "
                f"{MAX_WORD} characters", *keys)
        table = table_of(source, entry, f"the entry for {word!r}", *keys)
        check_known_keys(source, table, ("definition", "parent", "tone"), *keys)
        one_line_text(source, table.get("definition"), f"the definition of {word!r}",
                      *keys, "definition", limit=MAX_DEFINITION)
        raw[word] = table

    feelings: list[Feeling] = []
    for word, table in raw.items():
        keys = ("feelings", word)
        parent = table.get("parent")
        if parent is None:
            tone = table.get("tone")
            if tone not in TONES:
                raise source.error(
                    f"the core feeling {word!r} needs a tone, one of: {', '.join(TONES)}",
                    *keys)
            feelings.append(Feeling(word, table["definition"], None, word, 0, tone))
            continue
        if "tone" in table:
            raise source.error(f"only core feelings have a tone ({word!r} has a parent)",
                               *keys, "tone")
        if parent not in raw:
            raise source.error(f"{word!r} sits under {parent!r}, which is not in the file",
                               *keys, "parent")
        grand = raw[parent].get("parent")
        if grand is not None and raw[grand].get("parent") is not None:
            raise source.error(f"{word!r} is more than three levels deep", *keys, "parent")
        core = parent if grand is None else grand
        level = 1 if grand is None else 2
        feelings.append(Feeling(word, table["definition"], parent, core,
                                level, raw[core]["tone"]))
    if not any(f.is_core for f in feelings):
        raise source.error("there are no core feelings (words without a parent)", "feelings")
    return Vocabulary(feelings, places)
