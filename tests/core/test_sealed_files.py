"""Files sealed a chunk at a time (a person's recordings behind the lock): they read back
exactly, anything changed on disk refuses to open, and memory stays one chunk whatever
the file's size."""

from __future__ import annotations

import io
import os
import tracemalloc
from pathlib import Path

import pytest

from ebbtide.core import sealed_files as sf

KEY = bytes(range(32))
SMALL = sf.MIN_CHUNK  # small chunks, so a few KB already span many of them


def _sealed(tmp_path: Path, data: bytes, file_id: str = "rec-1", name: str = "a.wav",
            chunk: int = SMALL, key: bytes = KEY) -> Path:
    path = tmp_path / name
    with path.open("wb") as out:
        sf.seal_stream(io.BytesIO(data), out, key, file_id, chunk_bytes=chunk)
    return path


def _read(path: Path, file_id: str = "rec-1", key: bytes = KEY) -> bytes:
    with sf.SealedReader(path, key, file_id) as reader:
        return reader.read()


@pytest.mark.parametrize("size", [0, 1, SMALL - 1, SMALL, SMALL + 1, 3 * SMALL, 7777])
def test_a_sealed_file_reads_back_exactly(tmp_path: Path, size: int) -> None:
    data = os.urandom(size)
    path = _sealed(tmp_path, data)
    assert path.read_bytes().startswith(sf.MAGIC) and sf.is_sealed(path)
    assert _read(path) == data
    with sf.SealedReader(path, KEY, "rec-1") as reader:  # and anywhere, as a decoder seeks
        assert reader.seek(0, io.SEEK_END) == size
        for at in (0, size // 3, max(0, size - 5)):
            reader.seek(at)
            assert reader.read(SMALL + 10) == data[at:at + SMALL + 10]


def test_nothing_of_the_plain_bytes_shows_in_the_sealed_file(tmp_path: Path) -> None:
    data = b"my therapist said the word 'Marlowe' " * 200
    path = _sealed(tmp_path, data)
    assert b"Marlowe" not in path.read_bytes()


def test_sealing_and_opening_in_place(tmp_path: Path) -> None:
    folder = tmp_path / "recordings"
    folder.mkdir()
    path = folder / "b.mp3"
    data = os.urandom(5 * SMALL + 3)
    path.write_bytes(data)
    assert sf.seal_file(path, KEY, "rec-2") and not sf.seal_file(path, KEY, "rec-2")
    assert sf.is_sealed(path) and _read(path, "rec-2") == data
    assert sf.unseal_file(path, KEY, "rec-2") and not sf.unseal_file(path, KEY, "rec-2")
    assert path.read_bytes() == data
    assert sorted(p.name for p in folder.iterdir()) == ["b.mp3"]  # no temporary left


def _refused(path: Path, file_id: str = "rec-1", key: bytes = KEY) -> str:
    with pytest.raises(sf.SealedFileError) as caught:
        _read(path, file_id, key)
    return str(caught.value)


def test_a_flipped_byte_anywhere_is_refused(tmp_path: Path) -> None:
    data = os.urandom(4 * SMALL)
    original = _sealed(tmp_path, data).read_bytes()
    for at in (3, sf.HEADER_BYTES - 1, sf.HEADER_BYTES + 5, len(original) // 2,
               len(original) - 1):
        damaged = bytearray(original)
        damaged[at] ^= 0x01
        path = tmp_path / "damaged.wav"
        path.write_bytes(bytes(damaged))
        message = _refused(path)
        assert "Marlowe" not in message  # says what, never what was inside


def test_a_file_cut_short_is_refused_on_opening(tmp_path: Path) -> None:
    original = _sealed(tmp_path, os.urandom(4 * SMALL + 100)).read_bytes()
    stored = SMALL + sf.TAG_BYTES
    for keep in (sf.HEADER_BYTES + 2 * stored,  # at a chunk boundary: no last chunk
                 sf.HEADER_BYTES + 2 * stored + 7,  # in the middle of a tag
                 len(original) - 1, sf.HEADER_BYTES, 10):
        path = tmp_path / "short.wav"
        path.write_bytes(original[:keep])
        with pytest.raises(sf.SealedFileError):
            sf.SealedReader(path, KEY, "rec-1")  # before any sound is read


def test_chunks_cannot_be_reordered_or_swapped_between_files(tmp_path: Path) -> None:
    stored = SMALL + sf.TAG_BYTES
    a = _sealed(tmp_path, b"A" * 4 * SMALL, "rec-a", "a.wav").read_bytes()
    b = _sealed(tmp_path, b"B" * 4 * SMALL, "rec-b", "b.wav").read_bytes()

    def chunk(blob: bytes, i: int) -> bytes:
        return blob[sf.HEADER_BYTES + i * stored:sf.HEADER_BYTES + (i + 1) * stored]

    head, chunks = a[:sf.HEADER_BYTES], [chunk(a, i) for i in range(4)]
    swapped_order = head + chunks[1] + chunks[0] + chunks[2] + chunks[3]
    from_other_file = head + chunks[0] + chunk(b, 1) + chunks[2] + chunks[3]
    other_header = b[:sf.HEADER_BYTES] + b"".join(chunks)
    for name, blob in (("order", swapped_order), ("other", from_other_file),
                       ("header", other_header)):
        path = tmp_path / f"{name}.wav"
        path.write_bytes(blob)
        _refused(path, "rec-a")
    # The whole file under another recording's name, or another key: refused too.
    (tmp_path / "moved.wav").write_bytes(a)
    _refused(tmp_path / "moved.wav", "rec-b")
    _refused(tmp_path / "moved.wav", "rec-a", key=bytes(32))


def test_a_header_asking_for_huge_chunks_is_refused(tmp_path: Path) -> None:
    blob = bytearray(_sealed(tmp_path, b"x" * 100).read_bytes())
    blob[len(sf.MAGIC):len(sf.MAGIC) + 4] = (1 << 30).to_bytes(4, "big")
    path = tmp_path / "huge.wav"
    path.write_bytes(bytes(blob))
    _refused(path)


def test_a_large_file_streams_in_one_chunks_memory(tmp_path: Path) -> None:
    """64 MB through sealing, reading and opening in place: Python's allocations peak at
    a few chunks (64 KiB each), a thousandth of the file."""
    size = 64 * 1024 * 1024
    block = os.urandom(1 << 20)
    path = tmp_path / "long.flac"
    with path.open("wb") as out:
        for _ in range(size // len(block)):
            out.write(block)
    tracemalloc.start()
    try:
        sf.seal_file(path, KEY, "rec-long")
        _, peak_seal = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        seen = 0
        with sf.open_plain(path, KEY, "rec-long") as f:
            while part := f.read(1 << 16):
                if seen == 0:
                    assert part == block[:len(part)]
                seen += len(part)
        _, peak_read = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        sf.unseal_file(path, KEY, "rec-long")
        _, peak_unseal = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == size
    assert path.stat().st_size == size and path.read_bytes()[:len(block)] == block
    bound = 8 * sf.CHUNK_BYTES  # half a megabyte, for a 64 MB file
    assert max(peak_seal, peak_read, peak_unseal) < bound, (peak_seal, peak_read, peak_unseal)


def test_half_written_files_are_cleared(tmp_path: Path) -> None:
    folder = tmp_path / "recordings"
    folder.mkdir()
    (folder / ".abc.wav.partial").write_bytes(b"plain leftovers")
    (folder / "abc.wav").write_bytes(b"kept")
    assert sf.remove_partials(folder) == 1
    assert [p.name for p in folder.iterdir()] == ["abc.wav"]
