"""The real app, started as a person would (offscreen): it opens, and survives a damaged
store without losing it."""

import os
import subprocess
import sys
from pathlib import Path


def launch(data_dir: Path, python: str = sys.executable) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", EBBTIDE_BENCH_STARTUP="1")
    return subprocess.run([python, "-m", "ebbtide", "--data-dir", str(data_dir)],
                          capture_output=True, text=True, timeout=120, env=env)


def test_the_app_opens_its_window_and_creates_its_store(tmp_path) -> None:
    result = launch(tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert "EBBTIDE_SHOWN" in result.stdout
    assert (tmp_path / "data" / "ebbtide.sqlite3").is_file()
    assert (tmp_path / "data" / "logs" / "ebbtide.log").is_file()
    assert (tmp_path / "data").stat().st_mode & 0o777 == 0o700


def test_a_damaged_store_is_kept_aside_and_the_app_still_opens(tmp_path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "ebbtide.sqlite3").write_bytes(b"this is not a database \x00\x01\x02")
    result = launch(data)
    assert result.returncode == 0, result.stderr
    [aside] = list(data.glob("ebbtide.sqlite3.damaged-*"))
    assert aside.read_bytes() == b"this is not a database \x00\x01\x02"
    log = (data / "logs" / "ebbtide.log").read_text()
    assert "moved aside" in log


def test_sound_files_left_by_a_crash_are_removed_at_start(tmp_path) -> None:
    """Decoded sound waits in <data>/cache while it plays; a crash can leave a file
    there (where it cannot be unlinked at once). The next start removes it."""
    cache = tmp_path / "data" / "cache"
    cache.mkdir(parents=True)
    (cache / "ebbtide-voice-0123abcd.pcm").write_bytes(bytes(4096))
    result = launch(tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert list(cache.iterdir()) == []
