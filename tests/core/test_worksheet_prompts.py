"""The worksheet's words: every step has them, and the guide's questions are there."""

from __future__ import annotations

from pathlib import Path

import pytest

from ebbtide.core.content import ContentError
from ebbtide.core.paths import resource_path
from ebbtide.core.worksheet import STEP_IDS, load_prompts


def test_every_step_has_a_title_and_a_lead_and_the_guides_questions_are_asked() -> None:
    prompts = load_prompts()
    assert list(prompts.steps) == list(STEP_IDS)
    for step in prompts.steps.values():
        assert step.title and step.lead
    now_or_then = " ".join(q.text for q in prompts.steps["now-or-then"].questions)
    assert "present" in now_or_then or "now" in now_or_then
    assert "past" in now_or_then and "betrayal" in now_or_then
    exp = prompts.expectations
    assert "pattern" in exp.pattern_question and "responsibility" in exp.accountability_question
    assert "red flag" in exp.red_flags_named.lower()
    assert len(prompts.steps["evidence"].hints) >= 3
    assert "friend" in " ".join(prompts.steps["evidence"].hints)
    assert "and" in prompts.steps["balanced"].tip


def test_a_missing_step_and_a_duplicate_question_id_are_reported(tmp_path: Path) -> None:
    text = resource_path("content", "prompts.toml").read_text(encoding="utf-8")
    path = tmp_path / "prompts.toml"
    path.write_text(text.replace('id = "likely"', 'id = "worst"'), encoding="utf-8")
    with pytest.raises(ContentError, match="'worst' is used twice") as err:
        load_prompts(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[err.value.line - 1].strip() == 'id = "worst"'
    assert err.value.line > lines.index('id = "worst"') + 1  # the second one

    path.write_text(text.replace("[steps.rerate]", "[steps.re-rate]"), encoding="utf-8")
    with pytest.raises(ContentError, match="no worksheet step called 're-rate'"):
        load_prompts(path)
