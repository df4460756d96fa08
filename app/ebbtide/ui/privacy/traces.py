"""Leave no trace outside Ebbtide's own folders: Qt's file dialogs remember the folders
a person visited (in `QtProject.conf`, readable by others) unless told to keep that in
our private config folder, and a crash could write the process's memory — words and
keys included — to a core file unless core dumps are off."""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QSettings

from ebbtide.core.paths import AppPaths, ensure_private_dir

log = logging.getLogger(__name__)

QT_STATE_FOLDER = "qt"


def no_core_dumps() -> None:
    """RLIMIT_CORE 0 (soft and hard): a crash writes no memory image to disk."""
    try:
        import resource
    except ImportError:  # not on Windows, which writes no core files by default
        return
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        log.warning("Core dumps could not be turned off")


def keep_qt_state_private(paths: AppPaths) -> None:
    """Qt's own settings (file dialogs' recent folders) go to a 0700 folder of ours."""
    folder = paths.config_dir / QT_STATE_FOLDER
    ensure_private_dir(folder)
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    if os.name == "posix":
        for path in folder.rglob("*"):
            if path.is_file() and not path.is_symlink():
                os.chmod(path, 0o600)


def keep_traces_private(paths: AppPaths) -> None:
    no_core_dumps()
    keep_qt_state_private(paths)
