"""A copy of a shipped content file with one mistake in it, for the error-message tests."""

from __future__ import annotations

from pathlib import Path

from ebbtide.core.paths import resource_path


def broken_copy(tmp_path: Path, file_name: str, old: str, new: str) -> Path:
    """resources/content/<file_name> in tmp_path, with the first `old` replaced by `new`."""
    text = resource_path("content", file_name).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / file_name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path
