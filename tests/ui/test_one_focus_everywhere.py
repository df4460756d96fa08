"""Every list and tab bar in the app is one that claims focus only when it has it
(issue 21; see ui/common/honest_list.py and ui/common/roles.honest_tabs). A plain
QListWidget or an unmarked tab bar would make a screen reader meet two focused nodes."""

from __future__ import annotations

import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "app" / "ebbtide" / "ui"


def _sources() -> list[tuple[str, str]]:
    return [(str(p.relative_to(UI)), p.read_text()) for p in sorted(UI.rglob("*.py"))]


def test_lists_are_honest_lists() -> None:
    plain = [name for name, text in _sources()
             if name != "common/honest_list.py" and re.search(r"\bQListWidget\(", text)]
    assert not plain, f"use HonestList instead of QListWidget in {plain}"


def test_every_tab_bar_is_marked() -> None:
    unmarked = []
    for name, text in _sources():
        for made in re.finditer(r"self\.(\w+) = (QTabWidget|QTabBar)\(", text):
            if f"honest_tabs(self.{made.group(1)})" not in text:
                unmarked.append(f"{name}: self.{made.group(1)}")
        for made in re.finditer(r"^\s+(\w+) = (QTabWidget|QTabBar)\(", text, re.MULTILINE):
            if f"honest_tabs({made.group(1)})" not in text:
                unmarked.append(f"{name}: {made.group(1)}")
    assert not unmarked, f"pass these to honest_tabs(): {unmarked}"
