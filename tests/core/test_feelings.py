"""The feelings vocabulary: its shape, its search, and clear errors for a broken file."""

from __future__ import annotations

from pathlib import Path

import pytest

from ebbtide.core.content import ContentError
from ebbtide.core.feelings import load_vocabulary

from .content_files import broken_copy

TRUST_WORDS = ["suspicious", "betrayed", "abandoned", "insecure", "jealous", "guarded",
               "exposed", "reassured", "safe", "hopeful"]


def test_shipped_vocabulary_has_six_cores_three_levels_and_about_a_hundred_words() -> None:
    vocab = load_vocabulary()
    assert [f.word for f in vocab.cores()] == ["afraid", "hurt", "angry", "ashamed",
                                               "calm", "glad"]
    assert 90 <= len(vocab) <= 120
    assert {f.level for f in (vocab.lookup(w) for w in vocab.words()) if f} == {0, 1, 2}
    for word in vocab.words():
        feeling = vocab.lookup(word)
        assert feeling is not None and feeling.definition.strip()
        assert word == word.lower()


def test_trust_wound_words_and_calm_words_are_there() -> None:
    vocab = load_vocabulary()
    for word in TRUST_WORDS:
        assert word in vocab, word
    assert vocab.lookup("safe").core == "calm"
    assert vocab.lookup("hopeful").core == "glad"


def test_words_sit_where_they_belong_and_shaming_words_are_reworded() -> None:
    vocab = load_vocabulary()

    def path(word: str) -> list[str]:
        return [f.word for f in vocab.path(word)]

    assert path("jealous") == ["afraid", "jealous"]  # a fear, not anger
    assert path("possessive") == ["afraid", "jealous", "possessive"]
    assert path("envious") == ["angry", "resentful", "envious"]  # not a kind of jealousy
    assert path("confused") == ["afraid", "confused"]
    assert path("numb") == ["hurt", "numb"]
    for word in ("unsafe", "scared", "terrified", "on edge", "trapped", "disgusted",
                 "shocked", "doubting my own mind", "detached", "brave", "curious"):
        assert word in vocab, word
    assert vocab.lookup("terrified").core == "afraid"  # type: ignore[union-attr]
    assert vocab.lookup("brave").core == "glad"  # type: ignore[union-attr]
    assert "needy" not in vocab.words() and "stupid" not in vocab.words()
    # The old words still find today's, so what was saved under them reads.
    assert vocab.lookup("needy").word == "longing for reassurance"  # type: ignore[union-attr]
    assert vocab.lookup("Stupid").word == "self-critical"  # type: ignore[union-attr]
    assert "not a flaw" in vocab.lookup("needy").definition  # type: ignore[union-attr]


def test_an_alias_that_is_already_a_word_is_refused(tmp_path: Path) -> None:
    path = _broken(tmp_path, 'aliases = ["needy"]', 'aliases = ["anxious"]')
    with pytest.raises(ContentError, match="'anxious' is already a word") as err:
        load_vocabulary(path)
    assert err.value.line == _line_of(path, 'aliases = ["anxious"]')


def test_lookup_ignores_case_and_spaces_and_path_goes_from_core_down() -> None:
    vocab = load_vocabulary()
    assert vocab.lookup("  Let   Down ").word == "let down"
    assert [f.word for f in vocab.path("deceived")] == ["hurt", "betrayed", "deceived"]
    assert vocab.lookup("flibbertigibbet") is None
    assert [f.word for f in vocab.children("betrayed")] == ["deceived", "used", "blindsided"]


def test_search_puts_prefixes_first_then_substrings_then_definitions() -> None:
    vocab = load_vocabulary()
    assert vocab.search("ab")[0].word == "abandoned"
    found = [f.word for f in vocab.search("sure")]
    # "unsure" holds the letters; "secure" is found through its definition ("Sure of…").
    assert found.index("unsure") < found.index("secure")
    assert "abandoned" in [f.word for f in vocab.search("left alone")]
    assert vocab.search("") == []
    assert vocab.search("BETRAY")[0].word == "betrayed"
    assert len(vocab.search("e", limit=5)) == 5


def test_body_places_include_the_usual_ones() -> None:
    places = load_vocabulary().body_places
    for place in ("chest", "throat", "stomach", "shoulders", "jaw", "hands"):
        assert place in places


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    return broken_copy(tmp_path, "feelings.toml", old, new)


def _line_of(path: Path, fragment: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if fragment in line)


def test_a_syntax_error_names_the_file_and_its_line(tmp_path: Path) -> None:
    path = _broken(tmp_path, 'definition = "Lied to', 'definition = Lied to')
    with pytest.raises(ContentError) as err:
        load_vocabulary(path)
    line = _line_of(path, "definition = Lied to")
    assert err.value.line == line
    assert f"feelings.toml, line {line}" in str(err.value)


def test_a_parent_that_does_not_exist_names_the_line_of_the_parent_key(tmp_path: Path) -> None:
    path = _broken(tmp_path, 'parent = "betrayed"\ndefinition = "Lied to',
                   'parent = "betrayd"\ndefinition = "Lied to')
    with pytest.raises(ContentError) as err:
        load_vocabulary(path)
    assert err.value.line == _line_of(path, 'parent = "betrayd"')
    assert "betrayd" in str(err.value) and "feelings.toml" in str(err.value)


def test_a_missing_definition_and_a_core_without_tone_are_pointed_at(tmp_path: Path) -> None:
    path = _broken(tmp_path, 'definition = "Treated as a means', 'meaning = "Treated as a means')
    with pytest.raises(ContentError) as err:
        load_vocabulary(path)
    assert err.value.line == _line_of(path, 'meaning = "Treated')
    assert "unknown key 'meaning'" in str(err.value)

    path = _broken(tmp_path, 'tone = "ember"\n', "")
    with pytest.raises(ContentError) as err:
        load_vocabulary(path)
    assert err.value.line == _line_of(path, "[feelings.angry]")
    assert "tone" in str(err.value)


def test_a_word_four_levels_deep_or_in_capitals_is_refused(tmp_path: Path) -> None:
    path = _broken(tmp_path, 'parent = "betrayed"\ndefinition = "Lied to',
                   'parent = "used"\ndefinition = "Lied to')
    with pytest.raises(ContentError, match="more than three levels"):
        load_vocabulary(path)
    path = _broken(tmp_path, "[feelings.wary]", "[feelings.Wary]")
    with pytest.raises(ContentError, match="lowercase") as err:
        load_vocabulary(path)
    assert err.value.line == _line_of(path, "[feelings.Wary]")


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"nowhere\.toml: the file is missing"):
        load_vocabulary(tmp_path / "nowhere.toml")
