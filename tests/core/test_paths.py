import sys
from pathlib import Path

import pytest

from ebbtide.core.paths import audio_path, is_writable_dir, resolve_paths, resource_path


def test_data_dir_argument_keeps_everything_in_one_folder(tmp_path) -> None:
    p = resolve_paths(tmp_path / "portable")
    assert p.portable
    assert p.database == tmp_path / "portable" / "ebbtide.sqlite3"
    assert p.settings_file.is_relative_to(tmp_path / "portable")
    assert p.log_file.is_relative_to(tmp_path / "portable")


def test_environment_variable_is_used_when_no_argument(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("EBBTIDE_DATA_DIR", str(tmp_path / "from-env"))
    assert resolve_paths().data_dir == tmp_path / "from-env"


def test_platform_folders_without_override(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("EBBTIDE_DATA_DIR")
    p = resolve_paths()
    assert not p.portable
    assert p.data_dir.name == "Ebbtide"
    # The conftest points XDG folders into tmp_path: no test touches a real home.
    assert p.data_dir.is_relative_to(tmp_path)


def test_shipped_resources_are_found() -> None:
    assert resource_path("themes", "light.toml").is_file()


def test_a_folder_under_a_file_is_not_writable(tmp_path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert not is_writable_dir(blocker / "data")
    assert is_writable_dir(tmp_path / "fine")
    assert not any(Path(tmp_path / "fine").iterdir())  # the probe file is cleaned up


def _frozen_at(folder: Path, monkeypatch) -> None:
    """What PyInstaller's bootloader sets in the bundled app."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(folder), raising=False)


def test_the_bundled_app_finds_content_in_its_own_folder(tmp_path, monkeypatch) -> None:
    for name in ("resources", "audio"):
        (tmp_path / "bundle" / name).mkdir(parents=True)
    _frozen_at(tmp_path / "bundle", monkeypatch)
    assert resource_path("icons", "ebbtide.svg") == tmp_path / "bundle/resources/icons/ebbtide.svg"
    assert audio_path("voice") == tmp_path / "bundle" / "audio" / "voice"


def test_a_bundle_missing_its_content_says_where_it_looked(tmp_path, monkeypatch) -> None:
    _frozen_at(tmp_path / "broken", monkeypatch)
    # Never falls back to a checkout or a wheel that happens to be on the machine.
    with pytest.raises(FileNotFoundError, match="broken"):
        resource_path("themes", "light.toml")
