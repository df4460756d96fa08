"""The person's own recordings (for example ones a therapist gave them): copied into the
data folder, listed with a title and a length, renamed, deleted with undo.

Titles are the person's words, so they are sealed at rest (`title_sealed`). Files are
kept under a neutral name (`<uid>.<ext>`), so nothing personal shows in the folder. A
file is checked all the way through before it joins the library; a bad file gives a
kind message naming it and leaves the library as it was.

With the lock on, the files are sealed too (`core.sealed_files`: AES-GCM a chunk at a
time with the lock's data key, bound to the recording's uid): an import writes the sealed
form straight away, and turning the lock on or off converts every file, one at a time,
each replaced whole (see `seal_recordings`). Which form may be read:

- lock off: plain files (a sealed one needs the key, which is gone);
- lock on and every file sealed (meta `recordings_sealed`): sealed files only; a plain
  one was put there by someone else and is not played as the person's own;
- lock on, conversion not finished (cut off by a crash, or a store locked before files
  were sealed): both, and the next unlock seals the rest.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ebbtide.core.crypto import EncryptingSealer
from ebbtide.core.paths import display_name, ensure_private_dir, fit_text
from ebbtide.core.sealed_files import (
    SealedFileError,
    is_sealed,
    remove_partials,
    seal_file,
    seal_stream,
    unseal_file,
    write_replacing,
)
from ebbtide.core.store import LOCK_META_KEY, Store, StoreError, StoreLocked, new_uid

log = logging.getLogger(__name__)

MAX_TITLE_CHARS = 200
# Shown instead of a title that cannot be read: neutral, never the person's words.
LOCKED_TITLE = "A recording (locked)"
UNREADABLE_TITLE = "A recording"

# Checks a file and returns its length in seconds, raising ValueError (with a message
# naming the file) when it cannot be used. The default decodes it through once.
FileChecker = Callable[[Path], float]
# Opens a recording's plain bytes (see `RecordingLibrary.opener`).
Opener = Callable[[], IO[bytes]]
# Set while the lock is on and every recording's file is sealed (absent: some may be
# plain still, and the next unlock seals them).
SEALED_META_KEY = "recordings_sealed"
# (done, of how many): a conversion's progress.
Progress = Callable[[int, int], None]

CANT_OPEN = ("This recording can't be opened: its file was changed or damaged on disk. "
             "Nothing else was touched. If you still have the original, you can remove "
             "this one and add it again.")
NOT_SEALED = ("This recording can't be played: its file was not sealed by your lock, so "
              "Ebbtide does not treat it as yours. If you still have the original, you "
              "can remove this one and add it again.")
UNLOCK_FIRST = "Unlock Ebbtide to play your own recordings."


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

    def opener(self, recording: Recording) -> Opener:
        """How to read the recording's sound: a function that opens its plain bytes as a
        seekable stream (decrypting a sealed file a chunk at a time). Raises
        RecordingError, kindly worded, when it cannot be read now."""
        path = self.path_of(recording)
        uid = recording.uid
        if not is_sealed(path):
            # (A missing file is for the decoder to say: "no longer there".)
            if (path.is_file() and _lock_on(self.store)
                    and self.store.meta_get(SEALED_META_KEY) is not None):
                raise RecordingError(NOT_SEALED)
            return lambda: path.open("rb")
        key = _data_key(self.store)
        if key is None:
            raise RecordingError(UNLOCK_FIRST if _lock_on(self.store) else CANT_OPEN)
        from ebbtide.core.sealed_files import open_plain

        return lambda: open_plain(path, key, uid)

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
        key = None
        if _lock_on(self.store):
            key = _data_key(self.store)
            if key is None:
                raise StoreLocked()
        try:
            # Sealed as it is copied when the lock is on: no plain copy ever lands here.
            with source.open("rb") as src:
                if key is None:
                    write_replacing(target, lambda out: shutil.copyfileobj(src, out, 1 << 20))
                else:
                    write_replacing(target, lambda out: seal_stream(src, out, key, uid))
        except OSError as exc:
            raise RecordingError(
                "it could not be copied into Ebbtide's folder "
                f"({exc.strerror or 'a problem with the disk'}).", source
            ) from exc
        size = source.stat().st_size  # the sound's own size, sealed or not
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


# -- the lock turning on or off -------------------------------------------------------------


def _lock_on(store: Store) -> bool:
    return store.meta_get(LOCK_META_KEY) is not None


def _data_key(store: Store) -> bytes | None:
    sealer = store.sealer
    return sealer.data_key if isinstance(sealer, EncryptingSealer) else None


def _files(store: Store, folder: Path) -> list[tuple[str, Path]]:
    """Every recording's file that is there, removed ones too (their file stays until
    it is purged, so it is sealed like the rest)."""
    rows = store.conn.execute("SELECT uid, file_name FROM recordings ORDER BY id").fetchall()
    return [(str(uid), folder / str(name)) for uid, name in rows
            if (folder / str(name)).is_file()]


def seal_recordings(store: Store, folder: Path, key: bytes,
                    progress: Progress | None = None) -> int:
    """Seal every plain recording file with `key`, one at a time, each replaced whole
    (a crash leaves every file readable: plain or sealed), then note that all are sealed.
    Runs after the lock is on, and at each unlock until it has finished once. Returns
    how many files were sealed. A file that cannot be read is left and logged."""
    remove_partials(folder)
    files = _files(store, folder)
    done = 0
    failed = False
    for i, (uid, path) in enumerate(files):
        try:
            if seal_file(path, key, uid):
                done += 1
        except OSError as exc:
            failed = True
            log.warning("A recording could not be sealed yet (%s); it is tried again at "
                        "the next unlock", type(exc).__name__)
        if progress is not None:
            progress(i + 1, len(files))
    if not failed and _lock_on(store):
        store.meta_set(SEALED_META_KEY, "1")
    return done


def recordings_after_restore(store: Store, folder: Path, previous_key: bytes | None) -> None:
    """After a backup replaced the store: its note of whether every file is sealed says
    nothing about the files on disk now, so it goes (both forms read; the next unlock
    seals what needs it). Files sealed under the key the store had before, which the
    restored data does not hold (a plain backup, or one locked under another key), are
    opened back to plain now, while that key is still at hand; otherwise they could
    never be played again."""
    store.meta_delete(SEALED_META_KEY)
    if previous_key is None or _data_key(store) == previous_key:
        return
    unseal_recordings(store, folder, previous_key)


def unseal_recordings(store: Store, folder: Path, key: bytes,
                      progress: Progress | None = None) -> int:
    """Turn every sealed recording file back into plain, one at a time, each replaced
    whole. The caller has already cleared `SEALED_META_KEY` (so a crash part-way leaves
    a store whose plain and sealed files both read, and the next unlock seals them again)
    and turns the lock off only after this. A damaged file is left sealed (it could not
    be read with the lock on either) and logged. Returns how many were opened."""
    remove_partials(folder)
    files = _files(store, folder)
    done = 0
    for i, (uid, path) in enumerate(files):
        try:
            if unseal_file(path, key, uid):
                done += 1
        except SealedFileError:
            log.warning("A damaged sealed recording was left as it is")
        if progress is not None:
            progress(i + 1, len(files))
    return done
