"""Thinking traps: all the ones the worksheet promises, each explained, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from ebbtide.core.content import ContentError
from ebbtide.core.paths import resource_path
from ebbtide.core.traps import load_traps

PROMISED = ["all-or-nothing", "overgeneralising", "mind-reading", "fortune-telling",
            "magnifying", "discounting-positive", "catastrophising", "emotional-reasoning",
            "should-statements", "labelling", "self-blame", "blaming-others", "unfalsifiable"]


def test_the_traps_say_exactly_what_they_are() -> None:
    traps = load_traps()
    # Burns's mental filter, under its own name; the stored id is kept.
    assert traps.lookup("magnifying").name == "Mental filter"  # type: ignore[union-attr]
    # Emotional reasoning about the present, not a past betrayal.
    assert traps.lookup("emotional-reasoning").example == (  # type: ignore[union-attr]
        "“I feel uneasy, so they must be hiding something.”")
    fear = traps.lookup("unfalsifiable")
    assert fear is not None and "hiding it better" in fear.example


def test_every_promised_trap_has_a_name_description_and_example() -> None:
    traps = load_traps()
    assert traps.ids() == PROMISED
    for trap in traps:
        assert trap.name and trap.description and trap.example
        assert trap.example.startswith("“")


def test_a_trap_without_an_example_is_reported_at_its_table(tmp_path: Path) -> None:
    text = resource_path("content", "traps.toml").read_text(encoding="utf-8")
    start = text.index("[traps.labelling]")
    example = text.index("example =", start)
    end = text.index("\n", example)
    path = tmp_path / "traps.toml"
    path.write_text(text[:example] + text[end + 1 :], encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_traps(path)
    header_line = path.read_text(encoding="utf-8")[: path.read_text().index(
        "[traps.labelling]")].count("\n") + 1
    assert err.value.line == header_line
    assert "traps.toml" in str(err.value) and "example" in str(err.value)
