"""The user guide as Help shows it: chapters in the index's order, the keys chapter from
keys.toml, and a broken index pointed at."""

from __future__ import annotations

from pathlib import Path

import pytest

from ebbtide.core.content import ContentError
from ebbtide.core.guide import chapter_markdown, guide_chapters
from ebbtide.core.keys import keys_markdown, load_keys
from ebbtide.core.paths import guide_dir


def test_the_guide_opens_on_its_index_then_one_chapter_a_feature() -> None:
    chapters = guide_chapters()
    assert [c.file for c in chapters] == [
        "index.md", "check-in.md", "breathe.md", "listen.md", "name-and-check.md",
        "progress.md", "steady.md", "notice.md", "trust-yourself.md", "reach-out.md",
        "five-signs.md",
        "private-and-safe.md", "settings.md", "keys.md", "professional-help.md",
        "therapist-report.md",
        "getting-help.md",
    ]
    assert chapters[0].title == "The Ebbtide guide"
    assert chapters[2].title == "Breathe"


def test_every_chapter_file_is_reachable_from_the_index() -> None:
    listed = {c.file for c in guide_chapters()}
    assert {p.name for p in guide_dir().glob("*.md")} == listed


def test_help_shows_keys_from_keys_toml_and_no_screenshots() -> None:
    assert chapter_markdown("keys.md") == keys_markdown(load_keys(), header=False)
    breathe = chapter_markdown("breathe.md")
    assert "# Breathe" in breathe
    assert "screenshots/" not in breathe  # not shipped; in Help the app is on screen


def test_a_link_to_a_missing_chapter_names_the_index_and_line(tmp_path: Path) -> None:
    (tmp_path / "index.md").write_text("# Guide\n\nSee [this](gone.md).\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"index\.md, line 3: the link to 'gone\.md'"):
        guide_chapters(tmp_path)
    (tmp_path / "gone.md").write_text("no title here\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"gone\.md: the chapter needs a title"):
        guide_chapters(tmp_path)
