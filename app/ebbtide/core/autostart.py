"""Start with the session: an XDG autostart entry (a `.desktop` file in
`$XDG_CONFIG_HOME/autostart/`, by default `~/.config/autostart/`), written when the
setting is turned on and removed when it is turned off. No Qt.

The entry starts Ebbtide in the tray (`--in-tray`), so logging in does not throw a
window in the person's face; on a desktop without a tray the window opens instead.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

FILE_NAME = "org.ebbtide.Ebbtide.desktop"


def autostart_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    base = env.get("XDG_CONFIG_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".config"
    return root / "autostart"


def autostart_file(env: Mapping[str, str] | None = None) -> Path:
    return autostart_dir(env) / FILE_NAME


def launch_command() -> list[str]:
    """How this Ebbtide is started: the bundled app, the installed command, or Python."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    installed = shutil.which("ebbtide")
    if installed:
        return [installed]
    return [sys.executable, "-m", "ebbtide"]


def _exec_arg(arg: str) -> str:
    """Quote one argument as the Desktop Entry spec's Exec key wants."""
    if arg and not any(c in arg for c in ' \t\n"\'\\><~|&;$*?#()`='):
        return arg
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`")
    escaped = escaped.replace("$", "\\$")
    return f'"{escaped}"'


def desktop_entry(command: list[str]) -> str:
    exec_line = " ".join(_exec_arg(a) for a in [*command, "--in-tray"])
    exec_line = exec_line.replace("%", "%%")
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Name=Ebbtide",
        "Comment=Start Ebbtide in the tray when you log in",
        f"Exec={exec_line}",
        "Icon=org.ebbtide.Ebbtide",
        "Terminal=false",
        "X-GNOME-Autostart-enabled=true",
        "",
    ])


def set_autostart(on: bool, *, env: Mapping[str, str] | None = None,
                  command: list[str] | None = None) -> Path:
    """Write or remove the entry; returns its path."""
    path = autostart_file(env)
    if on:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(desktop_entry(command or launch_command()), encoding="utf-8")
        os.replace(tmp, path)
    else:
        path.unlink(missing_ok=True)
    return path


def autostart_on(env: Mapping[str, str] | None = None) -> bool:
    return autostart_file(env).exists()
