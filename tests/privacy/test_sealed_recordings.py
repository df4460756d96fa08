"""A person's own recordings behind the lock (issue 13, item 5): sealed on disk while the
lock is on — imported that way, converted when the lock turns on, opened back when it
turns off — and played from the sealed file through the real decoder; a changed file
is refused kindly; a plain file slipped into a sealed library is not played as theirs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from ebbtide.audio.decode import DAMAGED_SEALED, AudioFileError, decode, recording_duration
from ebbtide.core import lock as core_lock
from ebbtide.core import sealed_files
from ebbtide.core.paths import AppPaths
from ebbtide.core.recordings import (
    NOT_SEALED,
    SEALED_META_KEY,
    UNLOCK_FIRST,
    RecordingError,
    RecordingLibrary,
)
from ebbtide.core.store import Store, StoreLocked
from tests.privacy.helpers import PASSPHRASE, SENTINEL

NEW_PASSPHRASE = "another calm shoreline"


def sentinel_wav(path: Path, seconds: float = 2.0, rate: int = 22050) -> Path:
    """A WAV whose raw samples spell the sentinel sentence over and over: if its bytes
    lie anywhere plain, a byte search finds them."""
    words = SENTINEL.encode("utf-8")
    words += b" " * (len(words) % 2)
    frames = int(seconds * rate)
    pcm = np.frombuffer(words * (2 * frames // len(words) + 1), dtype="<i2")[:frames]
    soundfile.write(str(path), pcm, rate, subtype="PCM_16")
    assert words in path.read_bytes()
    return path


def sealed_anywhere(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*")
            if p.is_file() and SENTINEL.encode("utf-8") in p.read_bytes()]


@pytest.fixture
def library(store: Store, paths: AppPaths) -> RecordingLibrary:
    return RecordingLibrary(store, paths.recordings_dir, recording_duration)


def _play(library: RecordingLibrary, uid: str, cache: Path | None = None) -> np.ndarray:
    recording = library.get(uid)
    assert recording is not None
    voice = decode(library.path_of(recording), opener=library.opener(recording),
                   cache_dir=cache, in_memory=cache is None)
    try:
        return voice.read_all()
    finally:
        voice.close()


def _heard(path: Path) -> np.ndarray:
    voice = decode(path, in_memory=True)
    try:
        return voice.read_all()
    finally:
        voice.close()


def test_imported_with_the_lock_on_it_is_sealed_at_once_and_plays(
        library: RecordingLibrary, store: Store, paths: AppPaths, tmp_path: Path) -> None:
    core_lock.enable_lock(store, PASSPHRASE, recordings_dir=paths.recordings_dir)
    source = sentinel_wav(tmp_path / "from my therapist.wav")
    rec = library.import_file(source, "Week 3")
    path = library.path_of(rec)
    assert sealed_files.is_sealed(path)
    assert sealed_anywhere(paths.data_dir) == []  # not even a temporary copy
    assert rec.size_bytes == source.stat().st_size
    # Played through the real decoder, with the private cache the app uses.
    np.testing.assert_array_equal(_play(library, rec.uid, paths.cache_dir), _heard(source))
    assert sealed_anywhere(paths.data_dir) == []
    # Locked: listed, not playable, and nothing can be added.
    core_lock.lock_now(store)
    locked = library.get(rec.uid)
    assert locked is not None
    with pytest.raises(RecordingError) as caught:
        library.opener(locked)
    assert caught.value.message == UNLOCK_FIRST
    with pytest.raises(StoreLocked):
        library.import_file(source)
    assert [p.name for p in paths.recordings_dir.iterdir()] == [path.name]


def test_lock_on_seals_every_recording_and_lock_off_opens_them(
        library: RecordingLibrary, store: Store, paths: AppPaths, tmp_path: Path) -> None:
    sources = [sentinel_wav(tmp_path / f"s{i}.wav", seconds=1.0 + i) for i in range(3)]
    recs = [library.import_file(s) for s in sources]
    originals = {r.uid: library.path_of(r).read_bytes() for r in recs}
    library.delete(recs[2].uid)  # removed, undo still offered: its file is sealed too
    assert len(sealed_anywhere(paths.recordings_dir)) == 3

    steps: list[tuple[int, int]] = []
    result = core_lock.enable_lock(store, PASSPHRASE, recordings_dir=paths.recordings_dir,
                                   progress=lambda done, total: steps.append((done, total)))
    assert not result.recordings_pending and steps == [(1, 3), (2, 3), (3, 3)]
    assert all(sealed_files.is_sealed(library.path_of(r)) for r in recs)
    assert sealed_anywhere(paths.data_dir) == []
    assert store.meta_get(SEALED_META_KEY) == "1"
    for rec, source in zip(recs[:2], sources, strict=False):
        np.testing.assert_array_equal(_play(library, rec.uid), _heard(source))

    # A new passphrase re-wraps the key: the files are not touched, and still play.
    sealed_bytes = {r.uid: library.path_of(r).read_bytes() for r in recs}
    core_lock.change_passphrase(store, PASSPHRASE, NEW_PASSPHRASE)
    assert {r.uid: library.path_of(r).read_bytes() for r in recs} == sealed_bytes
    core_lock.lock_now(store)
    core_lock.unlock(store, NEW_PASSPHRASE)
    np.testing.assert_array_equal(_play(library, recs[0].uid), _heard(sources[0]))

    core_lock.disable_lock(store, NEW_PASSPHRASE, recordings_dir=paths.recordings_dir)
    assert {r.uid: library.path_of(r).read_bytes() for r in recs} == originals
    assert store.meta_get(SEALED_META_KEY) is None
    np.testing.assert_array_equal(_play(library, recs[1].uid), _heard(sources[1]))


def test_a_changed_sealed_file_is_refused_with_kind_words(
        library: RecordingLibrary, store: Store, paths: AppPaths, tmp_path: Path) -> None:
    core_lock.enable_lock(store, PASSPHRASE, recordings_dir=paths.recordings_dir)
    a = library.import_file(sentinel_wav(tmp_path / "a.wav", seconds=3.0))
    b = library.import_file(sentinel_wav(tmp_path / "b.wav", seconds=3.0))
    path_a, path_b = library.path_of(a), library.path_of(b)
    original = path_a.read_bytes()

    def refused() -> AudioFileError:
        with pytest.raises(AudioFileError) as caught:
            _play(library, a.uid, paths.cache_dir)
        return caught.value

    damaged = bytearray(original)
    damaged[len(original) // 2] ^= 0x40
    path_a.write_bytes(bytes(damaged))
    assert refused().reason == DAMAGED_SEALED
    path_a.write_bytes(original[: len(original) - 100])  # cut short
    assert refused().reason == DAMAGED_SEALED
    path_a.write_bytes(path_b.read_bytes())  # the other recording's file in its place
    assert refused().reason == DAMAGED_SEALED
    path_a.write_bytes(original)
    assert _play(library, a.uid).shape[0] > 0  # put back: it plays again


def test_a_plain_file_slipped_into_a_sealed_library_is_not_played_as_theirs(
        library: RecordingLibrary, store: Store, paths: AppPaths, tmp_path: Path) -> None:
    rec = library.import_file(sentinel_wav(tmp_path / "a.wav"))
    plain = library.path_of(rec).read_bytes()
    core_lock.enable_lock(store, PASSPHRASE, recordings_dir=paths.recordings_dir)
    library.path_of(rec).write_bytes(plain)  # someone with the disk swaps in a plain file
    got = library.get(rec.uid)
    assert got is not None
    with pytest.raises(RecordingError) as caught:
        library.opener(got)
    assert caught.value.message == NOT_SEALED


def test_a_library_locked_before_files_were_sealed_is_sealed_at_the_next_unlock(
        library: RecordingLibrary, store: Store, paths: AppPaths, tmp_path: Path) -> None:
    """An older Ebbtide (or a crash right after the lock went on) left plain files behind
    the lock: they still play, and the next unlock seals them."""
    source = sentinel_wav(tmp_path / "a.wav")
    rec = library.import_file(source)
    core_lock.enable_lock(store, PASSPHRASE)  # as before: the files were not converted
    assert store.meta_get(SEALED_META_KEY) is None
    np.testing.assert_array_equal(_play(library, rec.uid), _heard(source))
    core_lock.lock_now(store)
    core_lock.unlock(store, PASSPHRASE)
    assert core_lock.seal_pending_recordings(store, paths.recordings_dir) == 1
    assert sealed_anywhere(paths.data_dir) == [] and store.meta_get(SEALED_META_KEY) == "1"
    assert core_lock.seal_pending_recordings(store, paths.recordings_dir) == 0
    np.testing.assert_array_equal(_play(library, rec.uid), _heard(source))


def test_turning_the_lock_off_with_a_full_disk_keeps_the_recordings_sealed(
        library: RecordingLibrary, store: Store, paths: AppPaths, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    recs = [library.import_file(sentinel_wav(tmp_path / f"{i}.wav")) for i in range(3)]
    core_lock.enable_lock(store, PASSPHRASE, recordings_dir=paths.recordings_dir)
    real = sealed_files.write_replacing
    calls = {"n": 0}

    def full_disk_on_the_second(path: Path, fill: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        real(path, fill)

    monkeypatch.setattr(sealed_files, "write_replacing", full_disk_on_the_second)
    with pytest.raises(OSError):
        core_lock.disable_lock(store, PASSPHRASE, recordings_dir=paths.recordings_dir)
    monkeypatch.setattr(sealed_files, "write_replacing", real)
    assert core_lock.lock_enabled(store)
    assert all(sealed_files.is_sealed(library.path_of(r)) for r in recs)
    assert sealed_anywhere(paths.data_dir) == []
    assert not list(paths.recordings_dir.glob(".*"))  # no half-written file left


@pytest.mark.parametrize(("fmt", "subtype", "suffix"), [
    ("MP3", "MPEG_LAYER_III", ".mp3"), ("FLAC", "PCM_16", ".flac"),
    ("OGG", "VORBIS", ".ogg")])
def test_every_kind_of_sound_plays_the_same_sealed(
        library: RecordingLibrary, store: Store, paths: AppPaths, tmp_path: Path,
        fmt: str, subtype: str, suffix: str) -> None:
    t = np.arange(2 * 44100) / 44100
    source = tmp_path / f"calm{suffix}"
    soundfile.write(str(source), (0.3 * np.sin(2 * np.pi * 330 * t)).astype(np.float32),
                    44100, format=fmt, subtype=subtype)
    core_lock.enable_lock(store, PASSPHRASE, recordings_dir=paths.recordings_dir)
    rec = library.import_file(source)
    assert sealed_files.is_sealed(library.path_of(rec))
    np.testing.assert_array_equal(_play(library, rec.uid, paths.cache_dir), _heard(source))


def test_the_lock_settings_seal_and_open_the_recordings_with_a_count(
        ui_ctx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Through the operations the Privacy settings call: the lock's note counts the
    recordings as they are converted, on the worker."""
    from ebbtide.ui.operations import privacy as privacy_ops
    from ebbtide.ui.tasks import NoteWords

    library = RecordingLibrary(ui_ctx.store, ui_ctx.paths.recordings_dir, recording_duration)
    recs = [library.import_file(sentinel_wav(tmp_path / f"{i}.wav")) for i in range(2)]
    said: list[str] = []
    real_say = NoteWords.say

    def say(self: NoteWords, words: str) -> None:
        said.append(words)
        real_say(self, words)

    monkeypatch.setattr(NoteWords, "say", say)
    privacy_ops.enable_lock(ui_ctx, PASSPHRASE, None)
    assert said == ["Locking your recordings (1 of 2)…", "Locking your recordings (2 of 2)…"]
    assert all(sealed_files.is_sealed(library.path_of(r)) for r in recs)
    assert sealed_anywhere(ui_ctx.paths.data_dir) == []
    said.clear()
    privacy_ops.disable_lock(ui_ctx, PASSPHRASE, None)
    assert said[-1] == "Unlocking your recordings (2 of 2)…"
    assert not any(sealed_files.is_sealed(library.path_of(r)) for r in recs)


def test_restoring_a_plain_backup_opens_the_recordings_the_old_key_sealed(
        library: RecordingLibrary, store: Store, paths: AppPaths, tmp_path: Path) -> None:
    """A backup saved elsewhere before the lock went on, brought back while it is on:
    the store is plain again and the key goes, so the files are opened while it is at
    hand, not left sealed under a key nothing keeps."""
    from ebbtide.core import backup as core_backup

    source = sentinel_wav(tmp_path / "a.wav")
    rec = library.import_file(source, "before the lock")
    plain_backup = core_backup.backup_to_folder(store, tmp_path / "usb")
    core_lock.enable_lock(store, PASSPHRASE, recordings_dir=paths.recordings_dir)
    assert sealed_files.is_sealed(library.path_of(rec))
    core_backup.restore_backup(paths, plain_backup, store)
    assert not core_lock.lock_enabled(store)
    assert not sealed_files.is_sealed(library.path_of(rec))
    np.testing.assert_array_equal(_play(library, rec.uid), _heard(source))


def test_restoring_a_locked_backup_into_a_plain_store_plays_the_plain_files(
        library: RecordingLibrary, store: Store, paths: AppPaths, tmp_path: Path) -> None:
    """The other way: a backup saved elsewhere while the lock was on (its note says every
    file is sealed) restored after the lock went off: the plain files still play, and the
    next unlock seals them."""
    from ebbtide.core import backup as core_backup

    source = sentinel_wav(tmp_path / "a.wav")
    rec = library.import_file(source, "kept")
    core_lock.enable_lock(store, PASSPHRASE, recordings_dir=paths.recordings_dir)
    locked_backup = core_backup.backup_to_folder(store, tmp_path / "usb")
    core_lock.disable_lock(store, PASSPHRASE, recordings_dir=paths.recordings_dir)
    core_backup.restore_backup(paths, locked_backup, store)
    assert core_lock.lock_enabled(store) and core_lock.is_locked(store)
    core_lock.unlock(store, PASSPHRASE)
    np.testing.assert_array_equal(_play(library, rec.uid), _heard(source))
    assert core_lock.seal_pending_recordings(store, paths.recordings_dir) == 1
    assert sealed_anywhere(paths.data_dir) == []


def test_a_missing_file_behind_the_lock_is_called_missing(
        library: RecordingLibrary, store: Store, paths: AppPaths, tmp_path: Path) -> None:
    core_lock.enable_lock(store, PASSPHRASE, recordings_dir=paths.recordings_dir)
    rec = library.import_file(sentinel_wav(tmp_path / "a.wav"))
    library.path_of(rec).unlink()
    with pytest.raises(AudioFileError) as caught:
        _play(library, rec.uid)
    assert "no longer there" in caught.value.reason
