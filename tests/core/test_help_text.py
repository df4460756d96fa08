"""The help words: the shipped file loads, and a broken one is reported by file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from ebbtide.core.content import ContentError
from ebbtide.core.help_text import load_help_text

from .content_files import broken_copy


def test_the_shipped_help_has_its_sections_and_the_escape_key() -> None:
    text = load_help_text()
    assert text.welcome.title and text.help.body and text.crisis.body
    assert ("Esc", "Stop an exercise, or close a window") in text.shortcuts


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    return broken_copy(tmp_path, "help.toml", old, new)


def test_a_shortcut_without_its_action_names_the_entry_and_its_line(tmp_path: Path) -> None:
    path = _broken(tmp_path, 'does = "Pause or resume"\n', "")
    with pytest.raises(ContentError, match="shortcuts entry 3 needs keys and does") as err:
        load_help_text(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert err.value.line is not None
    assert lines[err.value.line - 1] == "[[shortcuts]]"
    assert lines[err.value.line] == 'keys = "Space"'


def test_a_section_without_a_title_and_bad_toml_are_pointed_at(tmp_path: Path) -> None:
    path = _broken(tmp_path, 'title = "If you need help now"\n', "")
    with pytest.raises(ContentError, match=r"help\.toml, line \d+: \[crisis\] needs a title"):
        load_help_text(path)

    path = _broken(tmp_path, 'keys = "F1"', "keys = F1")
    with pytest.raises(ContentError, match="not valid TOML") as err:
        load_help_text(path)
    assert err.value.line == path.read_text(encoding="utf-8").splitlines().index("keys = F1") + 1
