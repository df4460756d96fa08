"""Presets load and are checked with clear errors; a person's own patterns can be made,
edited, copied, renamed, deleted and brought back; presets never change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ebbtide.core.breathing import PatternError, Phase, PhaseKind
from ebbtide.core.patterns import (
    PatternFileError,
    PatternRepository,
    load_presets,
    phases_from_json,
    presets,
)
from ebbtide.core.store import Store

IN, T, H, E, HO = (PhaseKind.INHALE, PhaseKind.TOP_UP, PhaseKind.HOLD, PhaseKind.EXHALE,
                  PhaseKind.HOLD_OUT)


def test_the_why_says_what_the_studies_compared() -> None:
    by_id = {p.id: p for p in presets()}
    # Steffen et al. 2017: resonance pace vs one breath a minute faster vs sitting
    # quietly. There was no slower group.
    resonance = by_id["resonance-6"].why
    assert "one breath a minute faster" in resonance and "sat quietly" in resonance
    assert "slower" not in resonance
    # Balban et al. 2023: people sighed at their own pace.
    assert "own pace" in by_id["cyclic-sigh"].why


def test_presets_are_the_ones_the_brief_names_with_sources() -> None:
    by_id = {p.id: p for p in presets()}
    assert set(by_id) == {"box", "4-7-8", "resonance-6", "resonance-5.5", "coherent",
                          "extended-exhale", "cyclic-sigh"}
    assert [p.seconds for p in by_id["4-7-8"].phases] == [4, 7, 8, 0]
    assert "Weil" in by_id["4-7-8"].source
    assert "Steffen" in by_id["resonance-6"].source and "Lehrer" in by_id["resonance-5.5"].source
    assert "Elliott" in by_id["coherent"].source
    sigh = by_id["cyclic-sigh"]
    assert "Balban" in sigh.source and "100895" in sigh.source
    assert sigh.suggested_minutes == 5
    inhales = sum(p.seconds for p in sigh.phases if p.kind.is_inhale)
    exhale = next(p.seconds for p in sigh.phases if p.kind is E)
    assert [p.kind for p in sigh.phases][:3] == [IN, T, E]
    assert exhale == pytest.approx(2 * inhales, rel=0.1)
    for p in presets():
        assert p.preset and len(p.why) > 150 and p.why[0].isupper()


def test_summary_reads_like_a_person_would_say_it() -> None:
    by_id = {p.id: p for p in presets()}
    assert by_id["4-7-8"].summary() == "4 in · 7 hold · 8 out"
    assert by_id["cyclic-sigh"].summary() == "2.5 in · 1 more in · 7 out"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "patterns.toml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """
[[pattern]]
id = "a"
name = "A"
phases = [{ kind = "inhale", seconds = 4 }, { kind = "exhale", seconds = 4 }]
helps = "h"
source = "s"
why = "w"
"""


def test_a_bad_presets_file_names_the_file_and_the_entry(tmp_path: Path) -> None:
    bad = GOOD + GOOD.replace('id = "a"', 'id = "b"').replace("seconds = 4 }]", "seconds = 99 }]")
    path = write(tmp_path, bad)
    with pytest.raises(PatternFileError) as caught:
        load_presets(path)
    message = str(caught.value)
    assert str(path) in message and "entry 2" in message and "'b'" in message
    assert "60 seconds" in message
    lines = path.read_text(encoding="utf-8").splitlines()
    assert caught.value.line is not None and lines[caught.value.line - 1] == "[[pattern]]"
    assert lines[caught.value.line] == 'id = "b"'


@pytest.mark.parametrize(
    "text, words",
    [
        (GOOD + GOOD, "used twice"),
        (GOOD.replace('kind = "inhale"', 'kind = "sniff"'), "must be one of"),
        (GOOD.replace('why = "w"', 'why = ""'), "'why'"),
        (GOOD.replace('why = "w"', 'why = "w"\ncolour = "red"'), "unknown key"),
        ("[[pattern]\n", "patterns.toml"),
        ("", "one or more [[pattern]]"),
    ],
)
def test_preset_mistakes_are_explained(tmp_path: Path, text: str, words: str) -> None:
    with pytest.raises(PatternFileError, match=words.replace("[", r"\[")):
        load_presets(write(tmp_path, text))


def test_phases_from_json_refuses_rubbish() -> None:
    with pytest.raises(PatternError):
        phases_from_json({"kind": "inhale"})
    with pytest.raises(PatternError):
        phases_from_json([{"kind": "inhale", "seconds": "4"}])
    assert phases_from_json([{"kind": "inhale", "seconds": 4}, {"kind": "exhale", "seconds": 6}])


@pytest.fixture
def repo(store: Store) -> PatternRepository:
    return PatternRepository(store)


def calm() -> list[Phase]:
    return [Phase(IN, 4), Phase(H, 2), Phase(E, 7)]


def test_create_edit_rename_and_reload(repo: PatternRepository, store: Store) -> None:
    mine = repo.create("  Evening   wind-down ", calm())
    assert mine.name == "Evening wind-down" and not mine.preset
    row = store.conn.execute("SELECT definition FROM custom_patterns WHERE uid=?",
                             (mine.id,)).fetchone()
    assert json.loads(row[0])[0] == {"kind": "inhale", "seconds": 4}
    repo.update(mine.id, "Evening", [Phase(IN, 5), Phase(E, 8)])
    repo.rename(mine.id, "Night")
    again = PatternRepository(store).get(mine.id)
    assert again is not None and again.name == "Night"
    assert again.summary() == "5 in · 8 out"
    assert [p.id for p in repo.all()][-1] == mine.id


def test_duplicate_a_preset_into_a_custom_pattern(repo: PatternRepository) -> None:
    copy = repo.duplicate("box")
    assert copy.name == "Box breathing (copy)" and not copy.preset
    assert copy.phases == repo.get("box").phases  # type: ignore[union-attr]
    second = repo.duplicate("box")
    assert second.name == "Box breathing (copy) (2)"


def test_presets_cannot_be_changed(repo: PatternRepository) -> None:
    with pytest.raises(PatternError, match="make a copy"):
        repo.rename("box", "Mine")
    with pytest.raises(PatternError, match="make a copy"):
        repo.delete("4-7-8")
    assert repo.get("box").name == "Box breathing"  # type: ignore[union-attr]


def test_delete_and_undo(repo: PatternRepository, store: Store) -> None:
    mine = repo.create("Morning", calm())
    repo.delete(mine.id)
    assert repo.get(mine.id) is None
    assert all(p.id != mine.id for p in PatternRepository(store).all())
    repo.undelete(mine.id)
    assert repo.get(mine.id) == mine


def test_names_are_checked_without_repeating_them(repo: PatternRepository) -> None:
    with pytest.raises(PatternError, match="give the pattern a name"):
        repo.create("   ", calm())
    with pytest.raises(PatternError) as caught:
        repo.create("x" * 61, calm())
    assert "xxx" not in str(caught.value)
    with pytest.raises(PatternError):
        repo.create("Fine", [Phase(H, 4)])


def test_a_damaged_row_is_skipped_not_shown(repo: PatternRepository, store: Store) -> None:
    repo.create("Good", calm())
    with store.transaction() as conn:
        conn.execute("INSERT INTO custom_patterns (uid, name, definition, created_utc, "
                     "updated_utc) VALUES ('bad', 'Bad', '[{\"kind\": 1}]', 0, 0)")
    assert [p.name for p in repo.customs()] == ["Good"]
