"""The help words: the shipped file loads, and a broken one is reported by file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from ebbtide.core.content import ContentError
from ebbtide.core.help_text import load_help_text

from .content_files import broken_copy


def test_the_shipped_help_has_its_welcome_and_crisis_words() -> None:
    text = load_help_text()
    assert text.welcome.title and text.welcome.body and text.crisis.body
    assert "not a medical device" in text.welcome.body


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    return broken_copy(tmp_path, "help.toml", old, new)


def test_a_section_without_a_title_and_bad_toml_are_pointed_at(tmp_path: Path) -> None:
    path = _broken(tmp_path, 'title = "If you need help now"\n', "")
    with pytest.raises(ContentError, match=r"help\.toml, line \d+: \[crisis\] needs a title"):
        load_help_text(path)

    path = _broken(tmp_path, 'title = "Welcome to Ebbtide"', "title = Welcome")
    with pytest.raises(ContentError, match="not valid TOML") as err:
        load_help_text(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert err.value.line == lines.index("title = Welcome") + 1
