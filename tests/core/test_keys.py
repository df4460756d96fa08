"""Keys defined once: the shipped keys.toml loads, says only what is true of the pages
there are, and a broken entry is pointed at by file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from ebbtide.core.content import ContentError
from ebbtide.core.keys import keys_markdown, load_keys, sequence_problem, spoken
from ebbtide.ui.registry import PAGES

from .content_files import broken_copy


def test_the_shipped_keys_load_with_the_ones_a_person_relies_on() -> None:
    keys = load_keys()
    assert keys.sequences("window.lock") == ("Ctrl+L",)
    assert keys.sequences("window.help") == ("F1",)
    assert "Esc" in keys.sequences("breathe.stop")
    assert keys["worksheet.next"].label == "Ctrl+Enter, Ctrl+Page Down"


def test_there_is_one_go_key_for_each_page_and_no_more() -> None:
    """Help once listed Ctrl+1 … 9 for five pages: the keys must match the pages."""
    keys = load_keys()
    go = {b.id.removeprefix("window.go."): b for b in keys.bindings
          if b.id.startswith("window.go.")}
    assert set(go) == {spec.key for spec in PAGES}
    for n, spec in enumerate(PAGES, start=1):
        assert go[spec.key].sequences == (f"Ctrl+{n}",)
        assert spec.title in go[spec.key].does


def test_undo_is_promised_only_where_ctrl_z_works() -> None:
    """Name & Check has an Undo delete button, not Ctrl+Z (issue 12 found Help saying so)."""
    places = {b.where for b in load_keys().bindings if "Ctrl+Z" in b.sequences}
    assert places == {"Breathe, choosing a pattern", "Listen, choosing",
                      "Notice & record, in a list of entries", "Trust yourself"}


def test_sequences_in_portable_text_are_checked_without_qt() -> None:
    for good in ("Ctrl+,", "Ctrl+PgDown", "Shift+Tab", "F11", "+", "Ctrl++", "Esc", "0"):
        assert sequence_problem(good) is None, good
    for bad in ("Ctrl+pgdown", "Control+Q", "Ctrl+", "F36", "Ctrl+Ctrl+A", "Escape", "a"):
        assert sequence_problem(bad) is not None, bad
    assert spoken("Ctrl+Return") == "Ctrl+Enter"
    assert spoken("Ctrl++") == "Ctrl++"


def test_the_keys_chapter_lists_every_key_under_where_it_works() -> None:
    text = keys_markdown(load_keys(), header=False)
    assert text.startswith("# Keys")
    assert "## Breathe, during a session" in text
    assert "| Ctrl+L | Lock Ebbtide now" in text
    assert "Ctrl+1 … Ctrl+9" not in text


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    return broken_copy(tmp_path, "keys.toml", old, new)


def _line(path: Path, line: int | None) -> str:
    assert line is not None
    return path.read_text(encoding="utf-8").splitlines()[line - 1]


def test_a_misspelt_key_names_the_entry_and_its_line(tmp_path: Path) -> None:
    path = _broken(tmp_path, 'keys = ["Ctrl+Q"]', 'keys = ["Ctrl+Qu"]')
    with pytest.raises(ContentError, match=r"keys\.toml, line \d+: window\.quit: 'Ctrl\+Qu'") \
            as err:
        load_keys(path)
    assert _line(path, err.value.line) == "[[keys]]"
    assert _line(path, err.value.line + 1) == 'id = "window.quit"'


def test_a_missing_does_a_twice_used_id_and_an_unknown_field_are_pointed_at(
        tmp_path: Path) -> None:
    path = _broken(tmp_path, 'does = "Open Settings"\n', "")
    with pytest.raises(ContentError, match=r"window\.settings: does must be some text"):
        load_keys(path)
    path = _broken(tmp_path, 'id = "window.quit"', 'id = "window.settings"')
    with pytest.raises(ContentError, match=r"'window\.settings' is used twice") as err:
        load_keys(path)
    assert _line(path, err.value.line + 1) == 'id = "window.settings"'
    path = _broken(tmp_path, 'where = "Check in"', 'where = "Check in"\nwhen = "always"')
    with pytest.raises(ContentError, match="unknown key 'when'") as err:
        load_keys(path)
    assert _line(path, err.value.line) == 'when = "always"'
