"""The safety path in the pure core: which red flags are about safety, hiding every
prompt that involves the other person while one is ticked, the gentle card's crisis
words, and proof that safety flags count in no chart and are stored nowhere but the
sealed worksheet."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from ebbtide.core import progress_data as pd
from ebbtide.core.content import ContentError
from ebbtide.core.crisis_words import load_crisis_words, needs_gentle_card
from ebbtide.core.feelings import load_vocabulary
from ebbtide.core.help_text import load_help_text
from ebbtide.core.paths import resource_path
from ebbtide.core.store import Store
from ebbtide.core.worksheet import (
    Worksheet,
    load_prompts,
    safety_flag_on,
    visible_prompts,
)
from ebbtide.core.worksheet_store import WorksheetStore

from .content_files import broken_copy

SAFETY = ("afraid", "controls", "harmed")


def test_fear_control_and_harm_are_the_safety_flags_and_harm_is_a_flag() -> None:
    exp = load_prompts().expectations
    assert exp.red_flags["harmed"] == "They have threatened or hurt me."
    assert exp.safety_flags == frozenset(SAFETY)
    assert "never your fault" in exp.safety_named.lower()


@pytest.mark.parametrize("flag", SAFETY)
def test_any_safety_flag_turns_the_safety_path_on(flag: str) -> None:
    sheet = Worksheet(red_flags=["hides", flag])
    assert safety_flag_on(sheet)
    assert not safety_flag_on(Worksheet(red_flags=["hides", "repeated", "mocks"]))
    assert not safety_flag_on(Worksheet())


def test_prompts_that_involve_the_other_person_hide_while_a_safety_flag_is_on() -> None:
    prompts = load_prompts()
    step = prompts.steps["expectations"]
    involving = [q.id for q in step.questions if q.involves_other]
    assert involving == ["told-them"]  # "Have I told them …?"
    assert all("told them" not in q.text.lower()
               for s in prompts.steps.values() for q in s.questions if not q.involves_other)
    calm = Worksheet(red_flags=["hides"])
    assert [q.id for q in visible_prompts(step, calm)] == ["repair", "told-them"]
    afraid = Worksheet(red_flags=["afraid"])
    assert [q.id for q in visible_prompts(step, afraid)] == ["repair"]
    for other in prompts.steps.values():  # no other step loses a question
        assert visible_prompts(other, afraid) == tuple(
            q for q in other.questions if not q.involves_other)


def test_the_safety_card_has_its_words() -> None:
    safety = load_help_text().safety
    assert safety.title and "not your fault" in safety.body


def test_a_red_flags_table_with_no_safety_flag_is_refused(tmp_path: Path) -> None:
    text = resource_path("content", "prompts.toml").read_text(encoding="utf-8")
    path = tmp_path / "prompts.toml"
    path.write_text(text.replace(", safety = true }", ", safety = false }"), encoding="utf-8")
    with pytest.raises(ContentError, match="safety = true") as err:
        load_prompts(path)
    assert path.read_text(encoding="utf-8").splitlines()[err.value.line - 1] == (
        "[steps.expectations.red_flags]")
    path = broken_copy(tmp_path, "prompts.toml", "involves_other = true",
                       'involves_other = "yes"')
    with pytest.raises(ContentError, match="involves_other must be true or false") as err:
        load_prompts(path)
    assert 'involves_other = "yes"' in path.read_text(encoding="utf-8").splitlines()[
        err.value.line - 1]


# -- the gentle card -------------------------------------------------------------------


@pytest.mark.parametrize("words", [
    ["hopeless"], ["Hopeless"], ["  I feel   HOPELESS tonight "], ["worthless"],
    ["no way out"], ["There's no  way OUT"], ["I want to die"], ["want to die."],
    ["they'd be better off without me"], ["I can’t go on"], ["calm", "hopelessness"],
])
def test_crisis_words_bring_the_gentle_card_whatever_the_case_or_spacing(
        words: list[str]) -> None:
    assert needs_gentle_card(None, words)
    assert needs_gentle_card(3, words)


@pytest.mark.parametrize("words", [
    [], ["calm"], ["hope"], ["hopeful"], ["wayout"], ["a way out of the rain"],
    ["dying to see them"], ["worth less than I hoped"],
])
def test_ordinary_words_do_not(words: list[str]) -> None:
    assert not needs_gentle_card(None, words)
    assert not needs_gentle_card(7, words)


def test_distress_of_eight_or_more_brings_the_gentle_card() -> None:
    assert [needs_gentle_card(d, []) for d in (None, 0, 7, 8, 9, 10)] == [
        False, False, False, True, True, True]


def test_the_gentle_card_offers_help_first_and_closes_with_one_key() -> None:
    words = load_crisis_words()
    assert words.distress_at == 8
    assert words.card.help_button == "If you need help now"
    assert "Esc" in words.card.close_hint
    # Both crisis feeling words of the vocabulary bring the card when picked.
    vocab = load_vocabulary()
    assert needs_gentle_card(None, [vocab.lookup("hopeless").word])  # type: ignore[union-attr]
    assert needs_gentle_card(None, [vocab.lookup("worthless").word])  # type: ignore[union-attr]


def test_a_crisis_word_written_oddly_is_pointed_at(tmp_path: Path) -> None:
    path = broken_copy(tmp_path, "crisis_words.toml", '"no way out"', '"No  way out"')
    with pytest.raises(ContentError, match="should be written as 'no way out'") as err:
        load_crisis_words(path)
    assert path.read_text(encoding="utf-8").splitlines()[err.value.line - 1] == "words = ["


# -- safety flags count nowhere ----------------------------------------------------------


def _finished(store: Store, flags: list[str]) -> Worksheet:
    sheet = Worksheet(created_utc=1_800_000_000.0)
    sheet.add_feeling("anxious", load_vocabulary(), 90)
    sheet.distress_before, sheet.distress_after = 9, 6
    sheet.red_flags = flags
    sheet.answers["repair"] = "I don't know yet"
    WorksheetStore(store).finish(sheet, now=1_800_000_900.0)
    return sheet


def test_safety_flags_are_stored_only_in_the_sealed_worksheet(store: Store) -> None:
    sheet = _finished(store, ["afraid", "controls", "harmed", "hides"])
    details = store.conn.execute("SELECT details FROM sessions").fetchone()[0]
    tags = store.conn.execute("SELECT tags FROM worksheets").fetchone()[0]
    for plain in (details, tags):
        assert "red_flag" not in plain
        for flag in ("afraid", "controls", "harmed", "hides"):
            assert flag not in plain, (flag, plain)
    assert json.loads(details).get("red_flags") is None
    again = WorksheetStore(store).load(sheet.uid)
    assert again is not None and again.red_flags == ["afraid", "controls", "harmed", "hides"]


def test_every_chart_is_the_same_with_or_without_safety_flags(tmp_path: Path) -> None:
    def plain(value: object) -> object:
        # Charts hold dataclasses of numpy arrays with NaN for "no data": compare as text.
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, np.ndarray):
            return plain(value.tolist())
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        return repr(value)

    def charts(flags: list[str]) -> object:
        store = Store.open(tmp_path / f"{len(flags)}.sqlite3").store
        _finished(store, flags)
        rng = pd.TimeRange()
        calm = pd.calm_down(store, rng)
        facts = pd.session_facts(store, int(calm.ids[0]))
        assert facts is not None
        out = plain([calm, pd.checkins(store, rng), pd.practices(store, rng),
                     pd.feelings(store, rng), pd.time_of_day(store, rng),
                     pd.describe_session(facts)])
        store.close()
        return out

    assert charts([]) == charts(["afraid", "controls", "harmed"])
