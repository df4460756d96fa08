"""The path's words (resources/content/steady.toml), checked on load."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ebbtide.core.content import TomlSource, check_known_keys, load_content, one_line_text, table_of
from ebbtide.core.feelings import load_vocabulary


@dataclass(frozen=True)
class Answer:
    id: str
    label: str
    after: str


@dataclass(frozen=True)
class SteadyWords:
    feelings: tuple[str, ...]
    question: str
    intro: str
    answers: tuple[Answer, ...]

    def answer(self, answer_id: str | None) -> Answer | None:
        return next((a for a in self.answers if a.id == answer_id), None)


def parse_steady_words(source: TomlSource) -> SteadyWords:
    data = source.data
    check_known_keys(source, data, ("feelings", "now_or_then"))
    vocabulary = load_vocabulary()
    raw = data.get("feelings")
    if not isinstance(raw, list) or not 2 <= len(raw) <= 24:
        raise source.error("feelings must be a short list of words (2 to 24)", "feelings")
    feelings: list[str] = []
    for word in raw:
        known = vocabulary.lookup(word) if isinstance(word, str) else None
        if known is None:
            raise source.error(f"{word!r} is not a word in feelings.toml", "feelings")
        feelings.append(known.word)
    table = table_of(source, data.get("now_or_then"), "[now_or_then]", "now_or_then")
    check_known_keys(source, table, ("question", "intro", "answers"), "now_or_then")
    answers: list[Answer] = []
    raw_answers = table.get("answers")
    if not isinstance(raw_answers, list) or len(raw_answers) < 2:
        raise source.error("now_or_then needs at least two [[now_or_then.answers]]",
                           "now_or_then")
    for n, entry in enumerate(raw_answers):
        keys = ("now_or_then", "answers", n)
        entry = table_of(source, entry, "an answer", *keys)
        check_known_keys(source, entry, ("id", "label", "after"), *keys)
        answers.append(Answer(*(one_line_text(source, entry.get(k), k, *keys, k)
                                for k in ("id", "label", "after"))))
    return SteadyWords(
        tuple(feelings),
        one_line_text(source, table.get("question"), "question", "now_or_then", "question"),
        one_line_text(source, table.get("intro"), "intro", "now_or_then", "intro"),
        tuple(answers),
    )


def load_steady_words(path: Path | None = None) -> SteadyWords:
    return load_content(parse_steady_words, path, "steady.toml")
