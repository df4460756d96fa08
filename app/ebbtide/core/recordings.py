"""The person's own recordings (for example ones a therapist gave them): copied into the
data folder, listed with a title and a length, renamed, deleted with undo.

Titles are the person's words, so they are sealed at rest (`title_sealed`). Files are
kept under a neutral name (`<uid>.<ext>`), so nothing personal shows in the folder. A
file is checked all the way through before it joins the library; a bad file gives a
kind message naming it and leaves the library as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ebbtide.core.paths import display_name, ensure_private_dir, fit_text
from ebbtide.core.store import Store, StoreError, StoreLocked, new_uid

log = logging.getLogger(__name__)

MAX_TITLE_CHARS = 200
# Shown instead of a title that cannot be read: neutral, never the person's words.
LOCKED_TITLE = "A recording (locked)"
UNREADABLE_TITLE = "A recording"

# Checks a file and returns its length in seconds, raising ValueError (with a message
# naming the file) when it cannot be used. The default decodes it through once.
FileChecker = Callable[[Path], float]


@dataclass(frozen=True)
class Recording:
    uid: str
    file_name: str
    title: str
    duration_s: float
    size_bytes: int
    added_utc: float


class RecordingError(ValueError):
    """Something about a recording a person should be told, in plain words. Like
    AudioFileError, `message` may name the file; str() never does."""

    def __init__(self, reason: str, path: Path | None = None) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason

    @property
    def message(self) -> str:
        if self.path is None:
            return self.reason
        return f"“{display_name(self.path)}” could not be added: {self.reason}"


def clean_title(title: str) -> str:
    title = " ".join(fit_text(title).split())
    if not title:
        raise RecordingError("A recording needs a name, even a short one.")
    return title[:MAX_TITLE_CHARS]


class RecordingLibrary:
    def __init__(self, store: Store, folder: Path, checker: FileChecker) -> None:
        """`checker` reads a file's length in seconds or raises (the audio package's
        `recording_duration`): core names no audio code, the caller hands it in."""
        self.store = store
        self.folder = folder
        self._check = checker

    # -- reading ------------------------------------------------------------------------

    def all(self) -> list[Recording]:
        """Recordings in the library (not deleted), newest first."""
        rows = self.store.conn.execute(
            "SELECT uid, file_name, title_sealed, duration_s, size_bytes, added_utc "
            "FROM recordings WHERE deleted = 0 ORDER BY added_utc DESC, id DESC"
        ).fetchall()
        return [self._from_row(row) for row in rows]

    def get(self, uid: str) -> Recording | None:
        row = self.store.conn.execute(
            "SELECT uid, file_name, title_sealed, duration_s, size_bytes, added_utc "
            "FROM recordings WHERE uid = ? AND deleted = 0", (uid,)
        ).fetchone()
        return None if row is None else self._from_row(row)

    def path_of(self, recording: Recording) -> Path:
        return self.folder / recording.file_name

    def _from_row(self, row: tuple[Any, ...]) -> Recording:
        uid, file_name, title_sealed, duration_s, size_bytes, added_utc = row
        try:
            title = self.store.unseal(title_sealed, ("recordings", "title_sealed", str(uid)))
        except (StoreLocked, ValueError):  # locked: the person's name for it stays sealed
            title = LOCKED_TITLE
        except StoreError:  # damaged on disk: still listed, so it can be played or deleted
            title = UNREADABLE_TITLE
        return Recording(str(uid), str(file_name), title, float(duration_s),
                         int(size_bytes), float(added_utc))

    # -- changing -----------------------------------------------------------------------

    def import_file(self, source: Path, title: str | None = None) -> Recording:
        """Check the file, copy it in, and list it. Raises RecordingError (or the
        checker's ValueError, which names the file) and changes nothing on failure."""
        duration_s = self._check(source)
        name = clean_title(title if title is not None else source.stem.replace("_", " "))
        ensure_private_dir(self.folder)
        uid = new_uid()
        suffix = source.suffix.lower()
        if not (suffix[1:].isascii() and suffix[1:].isalnum()):
            suffix = ""  # a name that is not UTF-8: the decoder knows the kind by content
        file_name = f"{uid}{suffix}"
        target = self.folder / file_name
        partial = self.folder / f".{file_name}.partial"
        try:
            shutil.copyfile(source, partial)
            with partial.open("rb") as f:
                os.fsync(f.fileno())
            os.replace(partial, target)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise RecordingError(
                "it could not be copied into Ebbtide's folder "
                f"({exc.strerror or 'a problem with the disk'}).", source
            ) from exc
        size = target.stat().st_size
        added = time.time()
        try:
            with self.store.transaction() as conn:
                conn.execute(
                    "INSERT INTO recordings (uid, file_name, title_sealed, duration_s, "
                    "size_bytes, added_utc) VALUES (?,?,?,?,?,?)",
                    (uid, file_name, self.store.seal(name, ("recordings", "title_sealed", uid)),
                     float(duration_s), size, added),
                )
        except Exception:
            target.unlink(missing_ok=True)
            raise
        return Recording(uid, file_name, name, float(duration_s), size, added)

    def rename(self, uid: str, title: str) -> None:
        name = clean_title(title)
        with self.store.transaction() as conn:
            conn.execute("UPDATE recordings SET title_sealed = ? WHERE uid = ?",
                         (self.store.seal(name, ("recordings", "title_sealed", uid)), uid))

    def delete(self, uid: str) -> None:
        """Take it out of the library; `undo_delete` brings it back. The file stays until
        `purge_deleted` (the page calls it when it is left or the app closes)."""
        with self.store.transaction() as conn:
            conn.execute("UPDATE recordings SET deleted = 1 WHERE uid = ?", (uid,))

    def undo_delete(self, uid: str) -> None:
        with self.store.transaction() as conn:
            conn.execute("UPDATE recordings SET deleted = 0 WHERE uid = ?", (uid,))

    def purge_deleted(self) -> int:
        """Remove deleted recordings' files and rows for good. Returns how many."""
        rows = self.store.conn.execute(
            "SELECT uid, file_name FROM recordings WHERE deleted = 1"
        ).fetchall()
        for uid, file_name in rows:
            try:
                (self.folder / str(file_name)).unlink(missing_ok=True)
            except OSError as exc:
                log.warning("A deleted recording's file could not be removed (%s)",
                            type(exc).__name__)
                continue
            with self.store.transaction() as conn:
                conn.execute("DELETE FROM recordings WHERE uid = ? AND deleted = 1", (uid,))
        return len(rows)
