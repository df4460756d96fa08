"""The app as a screen reader meets it: started under Xvfb with a private D-Bus session
and the AT-SPI bus, read from another process over that bus (tests/a11y/walker.py).
Nothing here is skipped: if the machine can't run it, the tests fail and say what to
install (packaging/install-system-deps.sh does it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.a11y.atspi_run import Walk, run_walk


@pytest.fixture(scope="module")
def walk(tmp_path_factory: pytest.TempPathFactory) -> Walk:
    return run_walk(Path(tmp_path_factory.mktemp("a11y")))


def test_every_page_was_walked(walk: Walk) -> None:
    assert walk.navigation == ["Check in", "Breathe", "Listen", "Name & Check", "Progress",
                               "Notice & record", "Trust yourself", "Reach out",
                               "Five signs"]
    for page in walk.navigation:
        assert walk.interactive(page), f"nothing to reach on {page}: did the page show?"


def test_no_interactive_node_is_unnamed(walk: Walk) -> None:
    unnamed = {page: [f"{n['role']} ({n['description'][:40]})" for n in walk.unnamed(page)]
               for page in walk.pages}
    assert not any(unnamed.values()), unnamed


def test_labels_are_read_as_they_show(walk: Walk) -> None:
    """A label's name is what it shows: a fixed name would be read instead of its text."""
    hidden = {page: walk.hidden_texts(page) for page in walk.pages}
    assert not any(hidden.values()), hidden


def test_saving_a_check_in_is_announced(walk: Walk) -> None:
    said = [e["text"] for e in walk.events["save"] if e["type"] == "object:announcement"]
    assert any("Saved: 6 out of 10" in s for s in said), walk.events["save"]


def test_a_breathing_session_says_its_phases_and_its_result(walk: Walk) -> None:
    """Spoken cues chosen: each phase is announced, and so is how the session ended."""
    said = [e["text"] for e in walk.events["breathe"] if e["type"] == "object:announcement"]
    phases = [s for s in said if s in ("Get comfortable", "Breathe in", "Hold")]
    assert phases == ["Get comfortable", "Breathe in", "Hold"], said
    assert said[-1].startswith("You stopped. That's fine. You breathed for"), said


def test_choosing_a_number_is_heard(walk: Walk) -> None:
    assert "6 out of 10" in walk.scale_after_choosing["name"]
    said = [e["text"] for e in walk.events["choose"] if e["type"] == "object:announcement"]
    assert any("6 out of 10" in s for s in said), walk.events["choose"]


def test_names_contain_the_words_shown(walk: Walk) -> None:
    assert not walk.names_without_their_words()


def test_every_combo_box_has_a_label(walk: Walk) -> None:
    """AT-SPI names a combo box by its chosen entry, so its label must be related."""
    unlabelled = [(page, n["name"]) for page, nodes in walk.pages.items() for n in nodes
                  if n["role"] == "combo box" and not n["labelled_by"]]
    assert not unlabelled


def test_the_distress_scale_is_one_control(walk: Walk) -> None:
    nodes = walk.pages["Check in"]
    [scale] = [n for n in nodes if n["name"].startswith("Distress right now, 0 to 10")]
    assert scale["role"] == "slider" and "focusable" in scale["states"]
    assert not [n for n in nodes if n["role"] == "check box" and "out of 10" in n["name"]]


def test_range_buttons_are_radio_buttons(walk: Walk) -> None:
    ranges = [n for n in walk.pages["Progress"] if n["name"].startswith("Show ")
              and n["name"] != "Show as a table: Calm-down over time"]
    assert [n["role"] for n in ranges] == ["radio button"] * 5
    assert [n["name"] for n in ranges if "checked" in n["states"]] == ["Show month"]


def test_every_chart_has_a_text_alternative(walk: Walk) -> None:
    nodes = walk.pages["Progress"]
    charts = [n for n in nodes if n["role"] == "chart"]
    assert charts, "no chart on Progress"
    for chart in charts:
        assert chart["name"] and chart["description"], chart
    tables = [n for n in nodes if n["name"].startswith("Show as a table")]
    assert len(tables) == len(charts), "a chart without 'Show as a table'"


def test_one_node_claims_focus(walk: Walk) -> None:
    """Qt marks a list's current item and a tab bar's current tab as focused wherever
    focus really is; on every page and dialog, one node at a time says it has focus
    (a list or tab bar holding focus may say so too, with its one item)."""
    containers = {"list", "list box", "page tab list", "table", "tree"}
    claiming = {page: [f"{n['role']}: {n['name'][:40]}" for n in nodes
                       if "focused" in n["states"] and n["role"] not in containers]
                for page, nodes in walk.pages.items()}
    assert all(len(names) == 1 for names in claiming.values()), claiming
