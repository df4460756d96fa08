"""The feelings vocabulary: six core feelings, specific words beneath them and more
precise words beneath those, each with a plain one-line definition
(resources/content/feelings.toml), plus the places in the body a feeling can sit.

Public API for other parts: `load_vocabulary()` (cached) → `Vocabulary` with
`.words()`, `.lookup(word)`, `.search(text)`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ebbtide.core.content import (
    TomlSource,
    check_known_keys,
    load_content,
    one_line_text,
    table_of,
)

#: The colour families of the six cores; the wheel maps each to a colour in the theme.
TONES = ("dusk", "rain", "ember", "moss", "sea", "sun")
MAX_DEFINITION = 160
MAX_WORD = 40
# The words a person types for a feeling of their own: kept short so they fit a chip.
MAX_OWN_WORD = 60


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

    def __init__(self, feelings: Sequence[Feeling], body_places: Sequence[str],
                 aliases: dict[str, str] | None = None) -> None:
        self._by_word = {f.word: f for f in feelings}
        self.body_places: tuple[str, ...] = tuple(body_places)
        # Old names of renamed words → today's word, so what was stored still reads.
        self._aliases = dict(aliases or {})

    def __len__(self) -> int:
        return len(self._by_word)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.lookup(word) is not None

    def words(self) -> list[str]:
        """Every word, lowercase, in file order."""
        return list(self._by_word)

    def lookup(self, word: str) -> Feeling | None:
        """The feeling for `word`, or for a word it used to be called."""
        key = normalise_word(word)
        return self._by_word.get(key) or self._by_word.get(self._aliases.get(key, ""))

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
    return load_content(parse_vocabulary, path, "feelings.toml")


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
        check_known_keys(source, table, ("definition", "parent", "tone", "aliases"), *keys)
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
    aliases: dict[str, str] = {}
    for word, table in raw.items():
        old_names = table.get("aliases", [])
        if not isinstance(old_names, list):
            raise source.error("aliases must be a list of old words",
                               "feelings", word, "aliases")
        for old in old_names:
            if not isinstance(old, str) or old != normalise_word(old) or not old:
                raise source.error(f"the alias {old!r} must be a lowercase word",
                                   "feelings", word, "aliases")
            if old in raw or old in aliases:
                raise source.error(f"the alias {old!r} is already a word or an alias",
                                   "feelings", word, "aliases")
            aliases[old] = word
    return Vocabulary(feelings, places, aliases)
