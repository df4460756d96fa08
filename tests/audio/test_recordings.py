"""The person's own recordings: imported (copied), renamed, deleted with undo; a bad file
changes nothing."""

from pathlib import Path

import numpy as np
import pytest
import soundfile

from ebbtide.audio.decode import AudioFileError, recording_duration
from ebbtide.core.paths import AppPaths
from ebbtide.core.recordings import RecordingError, RecordingLibrary
from ebbtide.core.store import Store


def _mp3(path: Path, seconds: float = 1.5) -> Path:
    t = np.arange(int(seconds * 44100)) / 44100
    soundfile.write(path, (0.3 * np.sin(2 * np.pi * 330 * t)).astype(np.float32), 44100,
                    format="MP3", subtype="MPEG_LAYER_III")
    return path


@pytest.fixture
def library(store: Store, paths: AppPaths) -> RecordingLibrary:
    return RecordingLibrary(store, paths.recordings_dir, recording_duration)


def test_import_copies_the_file_and_lists_it(library: RecordingLibrary, tmp_path: Path,
                                             store: Store) -> None:
    source = _mp3(tmp_path / "Dr_Lee grounding.mp3")
    rec = library.import_file(source)
    assert rec.title == "Dr Lee grounding"
    assert rec.duration_s == pytest.approx(1.5, abs=0.1)
    copied = library.path_of(rec)
    assert copied.read_bytes() == source.read_bytes() and copied != source
    assert "Lee" not in copied.name  # stored under a neutral name
    source.unlink()  # a copy, not a link: the library keeps working
    assert [r.uid for r in library.all()] == [rec.uid] and copied.exists()
    # The title is sealed at rest, not readable by SQL.
    raw = store.conn.execute("SELECT title_sealed FROM recordings").fetchone()[0]
    assert store.unseal(raw) == "Dr Lee grounding"


def test_rename_delete_undo_and_purge(library: RecordingLibrary, tmp_path: Path) -> None:
    rec = library.import_file(_mp3(tmp_path / "a.mp3"), title="Morning")
    library.rename(rec.uid, "  Evening   calm ")
    assert library.all()[0].title == "Evening calm"
    with pytest.raises(RecordingError):
        library.rename(rec.uid, "   ")
    library.delete(rec.uid)
    assert library.all() == []
    library.undo_delete(rec.uid)
    assert [r.title for r in library.all()] == ["Evening calm"]
    library.delete(rec.uid)
    assert library.purge_deleted() == 1
    assert not library.path_of(rec).exists()
    library.undo_delete(rec.uid)  # too late: gone for good
    assert library.all() == []


def test_a_bad_file_leaves_the_library_as_it_was(library: RecordingLibrary,
                                                 tmp_path: Path) -> None:
    good = library.import_file(_mp3(tmp_path / "good.mp3"))
    before = sorted(p.name for p in library.folder.iterdir())
    bad = tmp_path / "not really.mp3"
    bad.write_text("hello", encoding="utf-8")
    with pytest.raises(AudioFileError) as caught:
        library.import_file(bad)
    assert "not really.mp3" in caught.value.message
    assert [r.uid for r in library.all()] == [good.uid]
    assert sorted(p.name for p in library.folder.iterdir()) == before


def test_while_locked_a_title_reads_as_a_neutral_placeholder(store: Store,
                                                             paths: AppPaths,
                                                             tmp_path: Path) -> None:
    from ebbtide.core import lock
    from ebbtide.core.crypto import ScryptParams

    library = RecordingLibrary(store, paths.recordings_dir, checker=lambda path: 1.5)
    source = tmp_path / "session.ogg"
    source.write_bytes(b"not really audio; the checker above accepts it")
    rec = library.import_file(source, title="From Dr. Okafor, week 3")
    lock.enable_lock(store, "quiet harbour morning", params=ScryptParams(n=2**10))
    lock.lock_now(store)
    listed = library.all()
    assert [(r.uid, r.title, r.duration_s) for r in listed] == [
        (rec.uid, "A recording (locked)", 1.5)]
    assert library.path_of(listed[0]).read_bytes() == source.read_bytes()  # still playable
    lock.unlock(store, "quiet harbour morning")
    got = library.get(rec.uid)
    assert got is not None and got.title == "From Dr. Okafor, week 3"


def test_a_pipe_or_device_gets_a_clear_message_and_changes_nothing(
        library: RecordingLibrary, tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "from the phone.mp3"
    os.mkfifo(fifo)
    for source in (fifo, Path("/dev/zero")):
        with pytest.raises(AudioFileError) as caught:
            library.import_file(source)
        assert "not an ordinary file" in caught.value.message
        assert "folder" not in caught.value.message
    assert library.all() == []


def test_a_file_name_that_is_not_utf8_imports_with_a_readable_title(
        library: RecordingLibrary, tmp_path: Path) -> None:
    import os

    raw = os.fsencode(tmp_path) + b"/S\xe9ance_3.mp3"  # Latin-1, as some old systems wrote
    os.rename(_mp3(tmp_path / "plain.mp3"), raw)
    rec = library.import_file(Path(os.fsdecode(raw)))
    assert rec.title == "S\ufffdance 3"
    assert library.all()[0].title == "S\ufffdance 3"  # sealed and read back
    assert library.path_of(rec).suffix == ".mp3"
