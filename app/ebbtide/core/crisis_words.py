"""When a check-in or a worksheet should bring up the gentle card: distress rated 8 or
more, or a feeling named with one of a short list of crisis words kept as data
(resources/content/crisis_words.toml: "hopeless", "no way out", "want to die" …).

`needs_gentle_card(distress, feeling_words)` is pure: no Qt, nothing logged, nothing
stored. `load_crisis_words()` gives the list and the card's words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ebbtide.core.content import TomlSource, check_known_keys, load_content, one_line_text, table_of

# Curly apostrophes and quotes typed on phones or pasted: compared as plain ones.
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})
_CARD_KEYS = ("title", "text", "help_button", "practice_text", "practice_button",
              "close_hint")


@dataclass(frozen=True)
class GentleCardText:
    title: str
    text: str
    help_button: str
    practice_text: str
    practice_button: str
    close_hint: str


@dataclass(frozen=True)
class CrisisWords:
    phrases: tuple[str, ...]  # normalised
    distress_at: int
    card: GentleCardText

    def found_in(self, text: str) -> bool:
        """Whether `text` holds one of the phrases as whole words."""
        padded = f" {normalise_phrase(text)} "
        return any(f" {phrase} " in padded for phrase in self.phrases)


def normalise_phrase(text: str) -> str:
    """Lowercase words with single spaces; punctuation other than apostrophes (and
    hyphens inside words) becomes a space, so "Hopeless..." matches "hopeless"."""
    text = text.translate(_APOSTROPHES).casefold()
    text = re.sub(r"[^\w'\- ]+", " ", text)
    text = re.sub(r"(?<!\w)[\-']|[\-'](?!\w)", " ", text)
    return " ".join(text.split())


def load_crisis_words(path: Path | None = None) -> CrisisWords:
    """The shipped crisis words (cached), or those in `path` (tests)."""
    return load_content(parse_crisis_words, path, "crisis_words.toml")


def needs_gentle_card(distress: int | None, feeling_words: Iterable[str],
                      words: CrisisWords | None = None) -> bool:
    """True when distress is at or above the threshold (8 of 10), or any feeling word
    holds a crisis word or phrase (any case or spacing)."""
    words = words or load_crisis_words()
    if distress is not None and distress >= words.distress_at:
        return True
    return any(words.found_in(w) for w in feeling_words if isinstance(w, str))


def parse_crisis_words(source: TomlSource) -> CrisisWords:
    data = source.data
    check_known_keys(source, data, ("distress_at", "words", "card"))
    threshold = data.get("distress_at")
    if isinstance(threshold, bool) or not isinstance(threshold, int) or not 1 <= threshold <= 10:
        raise source.error("distress_at must be a whole number from 1 to 10", "distress_at")
    raw = data.get("words")
    if not isinstance(raw, list) or not raw:
        raise source.error("words must be a list of words and phrases", "words")
    phrases: list[str] = []
    for word in raw:
        one_line_text(source, word, "each crisis word", "words", limit=60)
        phrase = normalise_phrase(word)
        if phrase != word:
            raise source.error(f"{word!r} should be written as {phrase!r} (lowercase, "
                               "single spaces, plain apostrophes)", "words")
        if phrase in phrases:
            raise source.error(f"{word!r} is listed twice", "words")
        phrases.append(phrase)
    card = table_of(source, data.get("card"), "[card]", "card")
    check_known_keys(source, card, _CARD_KEYS, "card")
    texts = {key: one_line_text(source, card.get(key), key, "card", key) for key in _CARD_KEYS}
    return CrisisWords(tuple(phrases), threshold, GentleCardText(**texts))
