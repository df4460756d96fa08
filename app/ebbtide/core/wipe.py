""""Delete all my data": the store (with its -wal/-shm companions and any damaged copies
set aside), the backups, imported recordings, logs and the settings file. Pure core.

Only things Ebbtide made are removed, by name, so a data folder the person chose that
also holds their other files keeps those files. Deleting is a normal file removal: on
SSDs and journalling file systems no program can promise the old blocks are erased —
which is why the lock, not the delete, is what keeps words private on disk.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ebbtide.core.paths import AppPaths
from ebbtide.core.store import Store, database_files

log = logging.getLogger(__name__)


@dataclass
class WipeReport:
    removed: list[Path] = field(default_factory=list)
    failed: list[Path] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        if self.complete:
            return (
                "Everything Ebbtide kept is deleted: your entries, practice history, "
                "backups, recordings, settings and logs."
            )
        return (
            f"Most of your data is deleted, but {len(self.failed)} item(s) could not be "
            "removed. They are listed below so you can delete them by hand."
        )


def _close_log_files(log_dir: Path) -> None:
    """Logging may hold the log file open; close our handlers on it before deleting."""
    for logger in [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]:
        if not isinstance(logger, logging.Logger):
            continue
        for handler in list(logger.handlers):
            name = getattr(handler, "baseFilename", None)
            if name and Path(name).resolve().is_relative_to(log_dir.resolve()):
                logger.removeHandler(handler)
                handler.close()


def data_items(paths: AppPaths) -> list[Path]:
    """Everything that would be deleted, for showing before asking."""
    db = paths.database
    items = database_files(db)
    if db.parent.is_dir():
        items += sorted(db.parent.glob(db.name + ".damaged-*"))
    items += [paths.backups_dir, paths.recordings_dir, paths.cache_dir,
              paths.settings_file]
    if paths.log_dir.is_dir():
        items += sorted(p for p in paths.log_dir.iterdir())
    return [p for p in items if p.exists() or p.is_symlink()]


def wipe_all(paths: AppPaths, store: Store | None = None) -> WipeReport:
    """Close the store and remove every piece of the person's data. The app must quit
    (or start over) afterwards: there is no store any more."""
    if store is not None:
        store.close()
    _close_log_files(paths.log_dir)
    report = WipeReport()
    for item in data_items(paths):
        try:
            if item.is_dir() and not item.is_symlink():
                shutil.rmtree(item)
            else:
                item.unlink()
            report.removed.append(item)
        except OSError:
            report.failed.append(item)
    # Empty folders we made go too; a folder with anything else in it stays.
    for folder in (paths.log_dir, paths.config_dir, paths.data_dir):
        with contextlib.suppress(OSError):
            folder.rmdir()
    return report
