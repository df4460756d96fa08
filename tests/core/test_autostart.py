"""Start with the session: the XDG autostart entry is written and removed by the
setting, in $XDG_CONFIG_HOME/autostart, and passes desktop-file-validate."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from ebbtide.core.autostart import FILE_NAME, autostart_on, desktop_entry, set_autostart


def test_written_and_removed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config")}
    path = set_autostart(True, env=env, command=["/opt/Ebbtide app/ebbtide"])
    assert path == tmp_path / "config" / "autostart" / FILE_NAME
    text = path.read_text(encoding="utf-8")
    assert 'Exec="/opt/Ebbtide app/ebbtide" --in-tray' in text
    assert autostart_on(env)
    set_autostart(False, env=env)
    assert not path.exists() and not autostart_on(env)
    set_autostart(False, env=env)  # removing twice is fine


def test_a_relative_config_home_is_ignored(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOME", str(tmp_path))
    path = set_autostart(True, env={"XDG_CONFIG_HOME": "relative"}, command=["ebbtide"])
    assert path == tmp_path / ".config" / "autostart" / FILE_NAME


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-utils not installed (make installs it on Debian)")
@pytest.mark.parametrize("command", [["ebbtide"], ["/usr/bin/python3", "-m", "ebbtide"],
                                     ["/home/a b/Ebbtide/ebbtide"]])
def test_the_entry_validates(tmp_path, command) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / FILE_NAME
    path.write_text(desktop_entry(command), encoding="utf-8")
    out = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "", out.stdout
