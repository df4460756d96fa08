"""The one reader behind every content file: where a key is written, and a file that
cannot be read is named with a plain reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from ebbtide.core.content import ContentError, read_toml

TEXT = """\
# a comment = not a key
title = "Top"

[feelings."let down"]
definition = "Hoped for more"

[[segments]]
text = "One"

[[segments]]
text = "Two"
pause_s = 2
"""


def test_line_of_finds_keys_tables_and_the_nth_array_entry(tmp_path: Path) -> None:
    path = tmp_path / "sample.toml"
    path.write_text(TEXT, encoding="utf-8")
    source = read_toml(path)
    assert source.line_of("title") == 2
    assert source.line_of("feelings", "let down") == 4
    assert source.line_of("feelings", "let down", "definition") == 5
    assert source.line_of("segments", 1, "pause_s") == 12
    assert source.line_of("segments", 0, "pause_s") == 7  # not written: its table
    assert source.line_of("nowhere") is None
    error = source.error("the second segment is too quiet", "segments", 1)
    assert error.line == 10 and str(error) == (
        f"{path}, line 10: the second segment is too quiet")


def test_a_file_that_is_not_text_is_named_with_a_plain_reason(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_bytes(b"title = \"\xff\xfe\"\n")
    with pytest.raises(ContentError, match=r"broken\.toml: the file is not valid UTF-8"):
        read_toml(path)
    with pytest.raises(ContentError, match=r"folder\.toml: the file cannot be read"):
        (tmp_path / "folder.toml").mkdir()
        read_toml(tmp_path / "folder.toml")
