"""Backups of the store, made with SQLite's online backup API (a consistent copy even
while the app is writing). Pure core (no Qt).

Kept in the backups folder (0700, files 0600): one a day when the app is used (the
newest of each of the last 7 days and of each of the last 4 weeks are kept), one before
every schema upgrade, and the store as it was before a restore. A backup is the same
bytes as the store, so words sealed by the lock stay sealed in it.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ebbtide.core.crypto import EncryptingSealer
from ebbtide.core.lock import sealer_after_restore
from ebbtide.core.migrations import SCHEMA_VERSION, migrate, schema_version
from ebbtide.core.paths import AppPaths, ensure_private_dir
from ebbtide.core.recordings import recordings_after_restore
from ebbtide.core.store import (
    MOVED_ASIDE_KEY,
    Store,
    database_files,
    move_database,
    remove_database,
)

log = logging.getLogger(__name__)

KIND_DAILY = "daily"
KIND_BEFORE_UPGRADE = "before-upgrade"
KIND_BEFORE_RESTORE = "before-restore"
KIND_MANUAL = "manual"
KIND_OTHER = "other"

KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_BEFORE_UPGRADE = 3
KEEP_BEFORE_RESTORE = 5

_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^ebbtide-(\d{8}-\d{6})(?:-\d+)?-([a-z-]+)\.sqlite3$")

KIND_LABELS = {
    KIND_DAILY: "Daily",
    KIND_BEFORE_UPGRADE: "Before an update",
    KIND_BEFORE_RESTORE: "Before a restore",
    KIND_MANUAL: "Made by you",
    KIND_OTHER: "Other",
}


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime  # local time
    size_bytes: int
    kind: str

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, KIND_LABELS[KIND_OTHER])


class BackupError(RuntimeError):
    """A backup could not be made or restored; the message is safe to show."""


# -- making one ------------------------------------------------------------------------


def copy_database(source: sqlite3.Connection, target: Path, *,
                  private_folder: bool = True) -> Path:
    """Copy an open database to `target` with the online backup API: written to a
    temporary file, flushed to disk, made private, then renamed into place, so a backup
    file is either whole or absent. The folder is made private too, unless it is one the
    person chose (`private_folder=False`)."""
    if private_folder:
        ensure_private_dir(target.parent)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    try:
        dest = sqlite3.connect(str(partial), isolation_level=None)
        try:
            source.backup(dest)
            # One self-contained file: no -wal companion to lose when it is copied elsewhere.
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        _make_private_file(partial)
        with partial.open("rb") as f:
            os.fsync(f.fileno())
        os.replace(partial, target)
    except BaseException:
        remove_database(partial)  # never leave half a copy of someone's words behind
        raise
    _fsync_dir(target.parent)
    return target


def _backup_name(kind: str, when: datetime, folder: Path) -> Path:
    base = f"ebbtide-{when.strftime(_STAMP)}"
    target = folder / f"{base}-{kind}.sqlite3"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{base}-{n}-{kind}.sqlite3"
    return target


def backup_store(store: Store, backups_dir: Path, kind: str = KIND_DAILY,
                 now: datetime | None = None) -> Path:
    when = now or datetime.now()
    ensure_private_dir(backups_dir)
    return copy_database(store.conn, _backup_name(kind, when, backups_dir))


def daily_backup_if_due(store: Store, paths: AppPaths, now: datetime | None = None) -> Path | None:
    """Make today's backup if there is none yet, then let old ones go. Returns the new
    backup, or None if today's was already made."""
    when = now or datetime.now()
    if store.meta_get(MOVED_ASIDE_KEY) is not None:
        return None  # a fresh store after a move-aside: never let it stand in for the real one
    if any(b.kind == KIND_DAILY and b.created.date() == when.date() for b in list_backups(paths)):
        return None
    made = backup_store(store, paths.backups_dir, KIND_DAILY, when)
    prune_backups(paths)
    make_data_private(paths)  # once a day, also whatever another part made loosely
    log.info("Made today's backup (%s)", made.name)
    return made


def backup_before_migrate(db_path: Path, backups_dir: Path) -> Path:
    """Copy the store before its schema is upgraded. Fits `Store.open(path,
    before_migrate=lambda p: backup_before_migrate(p, paths.backups_dir))`."""
    source = sqlite3.connect(str(db_path), isolation_level=None)
    try:
        version = schema_version(source)
        ensure_private_dir(backups_dir)
        target = _backup_name(f"{KIND_BEFORE_UPGRADE}", datetime.now(), backups_dir)
        made = copy_database(source, target)
    finally:
        source.close()
    log.info("Backed up the store (schema %d) before updating it", version)
    _prune_kind(list_backups_in(backups_dir), KIND_BEFORE_UPGRADE, KEEP_BEFORE_UPGRADE)
    return made


def before_migrate_hook(paths: AppPaths) -> Callable[[Path], None]:
    """The hook for Store.open: a backup before every migration."""

    def hook(db_path: Path) -> None:
        backup_before_migrate(db_path, paths.backups_dir)

    return hook


def backup_to_folder(store: Store, folder: Path, now: datetime | None = None) -> Path:
    """'Back up now' to a folder the person chose. The folder is theirs: it is not made
    private, but the file is."""
    when = now or datetime.now()
    target = folder / f"ebbtide-backup-{when.strftime('%Y-%m-%d-%H%M%S')}.sqlite3"
    return copy_database(store.conn, target, private_folder=False)


# -- listing and keeping -------------------------------------------------------------------


def list_backups(paths: AppPaths) -> list[BackupInfo]:
    return list_backups_in(paths.backups_dir)


def list_backups_in(folder: Path) -> list[BackupInfo]:
    """Backups in a folder, newest first."""
    if not folder.is_dir():
        return []
    found: list[BackupInfo] = []
    for path in folder.iterdir():
        if path.suffix != ".sqlite3" or not path.is_file():
            continue
        try:
            stat = path.stat()
        except OSError:
            continue
        match = _NAME.match(path.name)
        if match:
            created = datetime.strptime(match.group(1), _STAMP)
            kind = match.group(2) if match.group(2) in KIND_LABELS else KIND_OTHER
        else:
            created = datetime.fromtimestamp(stat.st_mtime)
            kind = KIND_OTHER
        found.append(BackupInfo(path, created, stat.st_size, kind))
    found.sort(key=lambda b: (b.created, b.path.name), reverse=True)
    return found


def prune_backups(paths: AppPaths) -> list[Path]:
    """Keep the newest daily backup of each of the last 7 days that have one and of each
    of the last 4 weeks; a few of the other kinds. Returns what was removed."""
    backups = list_backups(paths)
    removed: list[Path] = []
    daily = [b for b in backups if b.kind == KIND_DAILY]  # newest first
    keep: set[Path] = set()
    days: list[object] = []
    weeks: list[object] = []
    for b in daily:
        day = b.created.date()
        week = b.created.isocalendar()[:2]
        if day not in days and len(days) < KEEP_DAILY:
            days.append(day)
            keep.add(b.path)
        if week not in weeks and len(weeks) < KEEP_WEEKLY:
            weeks.append(week)
            keep.add(b.path)
    for b in daily:
        if b.path not in keep:
            remove_database(b.path)
            removed.append(b.path)
    removed += _prune_kind(backups, KIND_BEFORE_UPGRADE, KEEP_BEFORE_UPGRADE)
    removed += _prune_kind(backups, KIND_BEFORE_RESTORE, KEEP_BEFORE_RESTORE)
    for partial in paths.backups_dir.glob("*.part"):  # cut off by a crash: never whole
        remove_database(partial)
        removed.append(partial)
    return removed


def _prune_kind(backups: list[BackupInfo], kind: str, keep: int) -> list[Path]:
    of_kind = [b for b in backups if b.kind == kind]
    removed = []
    for b in of_kind[keep:]:
        remove_database(b.path)
        removed.append(b.path)
    return removed


def is_good_backup(path: Path) -> bool:
    """Opens as SQLite and passes a full integrity check."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
            conn.execute("SELECT COUNT(*) FROM sessions").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return rows == [("ok",)]


def newest_good_backup(paths: AppPaths) -> BackupInfo | None:
    """For a damaged store at start-up: the newest backup that is whole."""
    for b in list_backups(paths):
        if is_good_backup(b.path):
            return b
    return None


# -- restoring -----------------------------------------------------------------------------


def restore_backup(paths: AppPaths, backup: BackupInfo | Path, store: Store | None = None) -> Path:
    """Put the current store aside (into the backups folder, kind before-restore) and
    bring back `backup`. With an open `store`, its contents are replaced in place through
    the backup API, so the app keeps working with the same connection; without one, the
    files are swapped. The schema is brought up to date afterwards. Returns where the
    current store was put."""
    source_path = backup.path if isinstance(backup, BackupInfo) else backup
    if not is_good_backup(source_path):
        raise BackupError("That backup is damaged, so it was not restored. Nothing changed.")
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    try:
        if schema_version(source) > SCHEMA_VERSION:
            raise BackupError("That backup was made by a newer version of Ebbtide. Please "
                              "update Ebbtide to restore it. Nothing changed.")
        ensure_private_dir(paths.backups_dir)
        aside = _backup_name(KIND_BEFORE_RESTORE, datetime.now(), paths.backups_dir)
        if store is None:
            # Renamed, not copied: a damaged store keeps every byte it had.
            move_database(paths.database, aside)
            copy_database(source, paths.database)
            return aside
        copy_database(store.conn, aside)
        source.backup(store.conn)
    finally:
        source.close()
    migrate(store.conn)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    previous = store.sealer
    # Same key (backups follow the lock): stays open. Otherwise it asks again.
    sealer_after_restore(store, previous)
    # The recordings' files stay as they are: they must still open with the restored data.
    recordings_after_restore(store, paths.recordings_dir,
                             previous.data_key if isinstance(previous, EncryptingSealer)
                             else None)
    return aside


# -- permissions ---------------------------------------------------------------------------


def make_data_private(paths: AppPaths) -> None:
    """Folders 0700 and files 0600 for everything Ebbtide keeps (POSIX). Only our own
    things are touched: a data folder the person chose may hold other files of theirs."""
    if os.name != "posix":
        return
    db = paths.database
    for folder in (paths.data_dir, paths.config_dir, paths.log_dir):
        if folder.is_dir():
            os.chmod(folder, 0o700)
    ours: list[Path] = database_files(db)
    ours.append(paths.settings_file)
    if paths.log_dir.is_dir():
        ours += paths.log_dir.glob(paths.log_file.name + "*")
    # The recordings, the backups, and Qt's own state (file dialogs' recent folders).
    for folder in (paths.backups_dir, paths.recordings_dir, paths.config_dir / "qt"):
        if folder.is_dir():
            os.chmod(folder, 0o700)
            ours += folder.rglob("*")
    for path in ours:
        try:
            if path.is_symlink():
                continue
            if path.is_dir():
                os.chmod(path, 0o700)
            elif path.is_file():
                os.chmod(path, 0o600)
        except OSError:
            log.warning("Could not make one of Ebbtide's files private")


# -- small helpers -------------------------------------------------------------------------------


def _make_private_file(path: Path) -> None:
    if os.name == "posix":
        os.chmod(path, 0o600)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


