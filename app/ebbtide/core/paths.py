"""The one place that knows where things live: content shipped with the app, and the
person's own data, config and logs (platformdirs, or one folder for portable use)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

APP_DIR_NAME = "Ebbtide"
DATA_DIR_ENV = "EBBTIDE_DATA_DIR"
DATABASE_NAME = "ebbtide.sqlite3"

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _frozen_dir() -> Path | None:
    """The bundled app's own folder (PyInstaller unpacks everything there and names it
    in sys._MEIPASS); None when running from a checkout or an installed wheel."""
    base = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and base:
        return Path(base)
    return None


def _shipped_dir(name: str, *in_checkout: str) -> Path:
    """`resources/`, `audio/` or the guide: in the bundled app they sit in its own folder
    under `<name>`; inside an installed wheel in the package's `_data/<name>`; in a
    checkout at `in_checkout` (by default `<name>`) under the repository's top level."""
    frozen = _frozen_dir()
    if frozen is not None:
        candidates = [frozen / name]
    else:
        candidates = [_PACKAGE_DIR / "_data" / name,
                      _PACKAGE_DIR.parent.parent.joinpath(*(in_checkout or (name,)))]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    looked = " and ".join(str(c) for c in candidates)
    raise FileNotFoundError(f"Ebbtide cannot find its {name!r} folder (looked in {looked}).")


def resources_dir() -> Path:
    return _shipped_dir("resources")


def audio_dir() -> Path:
    return _shipped_dir("audio")


def guide_dir() -> Path:
    """The user guide (Markdown): docs/guide in a checkout, shipped in the wheel too."""
    return _shipped_dir("guide", "docs", "guide")


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def audio_path(*parts: str) -> Path:
    return audio_dir().joinpath(*parts)


def guide_path(*parts: str) -> Path:
    return guide_dir().joinpath(*parts)


@dataclass(frozen=True)
class AppPaths:
    """Where one person's things are kept. `portable` means everything is in one folder
    chosen with --data-dir or EBBTIDE_DATA_DIR."""

    data_dir: Path
    config_dir: Path
    log_dir: Path
    portable: bool = False

    @property
    def database(self) -> Path:
        return self.data_dir / DATABASE_NAME

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "ebbtide.log"

    @property
    def recordings_dir(self) -> Path:
        return self.data_dir / "recordings"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def cache_dir(self) -> Path:
        """Temporary files (decoded sound while it plays); emptied at every start."""
        return self.data_dir / "cache"

    def with_data_dir(self, data_dir: Path) -> AppPaths:
        return AppPaths(data_dir, self.config_dir, self.log_dir, self.portable)


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """--data-dir wins, then EBBTIDE_DATA_DIR, then the platform's usual folders."""
    chosen = data_dir if data_dir is not None else os.environ.get(DATA_DIR_ENV) or None
    if chosen is not None:
        root = Path(chosen).expanduser().resolve()
        return AppPaths(root, root / "config", root / "logs", portable=True)
    import platformdirs  # only here: a data folder given at start needs none of it

    return AppPaths(
        Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False)),
        Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False)),
        Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False)),
    )


def display_name(path: Path) -> str:
    """A file's name fit to show or store: on Linux a name can hold bytes that are not
    UTF-8 (Python keeps them as lone surrogates, which break Qt, logs and the store);
    they become "�"."""
    return fit_text(path.name)


def fit_text(text: str) -> str:
    """`text` with any lone surrogate (from a non-UTF-8 file name) made "�"."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def ensure_private_dir(path: Path) -> None:
    """Create a folder only its owner can enter (0700 on Linux and macOS)."""
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(path, 0o700)


def is_writable_dir(path: Path) -> bool:
    """True when we can create the folder (if needed) and write a file in it."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".ebbtide-write-test"
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError:
        return False
    return True
