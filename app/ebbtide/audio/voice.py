"""A decoded track that stays flat in memory, however long it is.

A file is decoded once, at its own sample rate, into a temporary int16 file in the data
folder's cache; what plays is read from there a block at a time and resampled to
SAMPLE_RATE as it is needed, with `soxr` (libsoxr: band-limited, streaming). Pages read
more than RELEASE_BEHIND_S ago are handed back to the system, so playing fifteen minutes
costs the same memory as playing one.

Two kinds of temporary file:

- Shipped narration (public) is plain int16, read through a memory map.
- Anything else may be a person's own recording, as private as a worksheet: it is
  encrypted as it is written, with a one-off key that lives only in this process's
  memory (AES-CTR, so any block can be read on its own). Its decoded sound never lies on
  the disk in plain form, lock on or off.

On Linux and macOS the file is unlinked as soon as it is open, so nothing is left behind
even if Ebbtide is killed; the space comes back when the track is closed. Leftovers
(Windows, or a crash between creating and unlinking) are removed at the next start.
With no cache folder (tests, scripts) the decoded sound is kept in memory instead.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import math
import mmap
import os
import secrets
import threading
import weakref
from pathlib import Path
from typing import Protocol

import numpy as np

from ebbtide.audio import SAMPLE_RATE

log = logging.getLogger(__name__)

# Pages of sound more than this far behind what was last read are released.
RELEASE_BEHIND_S = 2.0
# After a jump, the resampler starts this far (in output frames) before the new place, so
# its filter is full again when the first asked-for frame comes out.
PRIME_FRAMES = 4096
READ_BLOCK = 1 << 14  # source frames read at a time while resampling
_CAN_RELEASE = hasattr(mmap, "MADV_DONTNEED") and hasattr(mmap.mmap, "madvise")


def anonymous_map(size: int) -> mmap.mmap:
    """Zeroed memory that costs nothing until written. Private, not shared: released
    pages of a shared map would live on in shared memory, only hidden from RSS."""
    if os.name == "posix":
        return mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    return mmap.mmap(-1, size)


def release_pages(mm: mmap.mmap, start: int, stop: int) -> int:
    """Give the pages wholly inside [start, stop) bytes of `mm` back to the system and
    return where the next release should start. Anonymous pages read back as zeros, file
    pages are read again from the file. A no-op where madvise is missing (Windows)."""
    page = mmap.PAGESIZE
    lo = -(-start // page) * page
    hi = (stop // page) * page
    if hi <= lo:
        return start
    if _CAN_RELEASE:
        try:
            mm.madvise(mmap.MADV_DONTNEED, lo, hi - lo)
        except OSError as exc:  # never worth stopping the sound for
            log.debug("madvise failed (%s)", type(exc).__name__)
    return hi


class Pcm(Protocol):
    """Decoded int16 sound at its own rate, readable anywhere."""

    rate: int
    frames: int
    channels: int

    def read(self, start: int, n: int) -> np.ndarray: ...

    def release_before(self, frame: int) -> None: ...

    def close(self) -> None: ...


class ArrayPcm:
    """Decoded sound held in memory (no cache folder to write to)."""

    def __init__(self, pcm: np.ndarray, rate: int) -> None:
        self.pcm = pcm
        self.rate = rate
        self.frames = int(pcm.shape[0])
        self.channels = int(pcm.shape[1])

    def read(self, start: int, n: int) -> np.ndarray:
        return self.pcm[start : start + n]

    def release_before(self, frame: int) -> None:
        pass

    def close(self) -> None:
        pass


class MappedPcm:
    """A plain int16 temporary file read through a memory map. (np.memmap would do the
    same but hides the map, and madvise needs it.)"""

    def __init__(self, path: Path, frames: int, channels: int, rate: int) -> None:
        self.rate, self.frames, self.channels = rate, frames, channels
        self._path: Path | None = path
        with path.open("rb") as f:
            self._mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        self._pcm = np.frombuffer(self._mm, dtype=np.int16, count=frames * channels)
        self._pcm = self._pcm.reshape(frames, channels)
        self._released = 0
        self._path = _unlink_if_possible(path)
        self._closer = weakref.finalize(self, _close_map, self._mm, self._path)

    def read(self, start: int, n: int) -> np.ndarray:
        return self._pcm[start : start + n]

    def release_before(self, frame: int) -> None:
        stop = max(0, frame) * self.channels * 2
        if stop > self._released:
            self._released = release_pages(self._mm, self._released, stop)

    def close(self) -> None:
        self._pcm = self._pcm[:0]
        self._closer()


class SealedPcm:
    """An int16 temporary file encrypted with a key only this object knows. Reads are
    plain file reads (nothing stays mapped), decrypted block by block."""

    def __init__(self, path: Path, frames: int, channels: int, rate: int,
                 sealer: CtrSealer) -> None:
        self.rate, self.frames, self.channels = rate, frames, channels
        self._sealer = sealer
        self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        self._path = _unlink_if_possible(path)
        self._closer = weakref.finalize(self, _close_fd, self._fd, self._path)

    def read(self, start: int, n: int) -> np.ndarray:
        start = max(0, min(start, self.frames))
        n = max(0, min(n, self.frames - start))
        offset, size = start * self.channels * 2, n * self.channels * 2
        data = os.pread(self._fd, size, offset) if hasattr(os, "pread") else self._read_at(
            offset, size)
        plain = self._sealer.crypt(data, offset)
        return np.frombuffer(plain, dtype=np.int16).reshape(-1, self.channels)

    def _read_at(self, offset: int, size: int) -> bytes:
        os.lseek(self._fd, offset, os.SEEK_SET)
        return os.read(self._fd, size)

    def release_before(self, frame: int) -> None:
        pass  # nothing is mapped; the system's file cache is not ours to keep

    def close(self) -> None:
        self._closer()


class CtrSealer:
    """AES-256-CTR with a fresh random key: any byte offset can be read on its own."""

    def __init__(self) -> None:
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        self._cipher, self._algorithms, self._modes = Cipher, algorithms, modes
        self._key = secrets.token_bytes(32)
        self._nonce = int.from_bytes(secrets.token_bytes(16), "big")

    def crypt(self, data: bytes, offset: int) -> bytes:
        """Encrypt or decrypt (the same in CTR) `data` that sits at byte `offset`."""
        block, skip = divmod(offset, 16)
        counter = ((self._nonce + block) % (1 << 128)).to_bytes(16, "big")
        ctx = self._cipher(self._algorithms.AES(self._key),
                           self._modes.CTR(counter)).encryptor()
        if skip:
            ctx.update(bytes(skip))
        return ctx.update(data) + ctx.finalize()


def _unlink_if_possible(path: Path) -> Path | None:
    """Remove the name now where an open file outlives it (POSIX). Returns the path
    still to remove on close, or None."""
    if os.name != "posix":
        return path
    try:
        path.unlink()
    except OSError:
        return path
    return None


def _close_map(mm: mmap.mmap, path: Path | None) -> None:
    with contextlib.suppress(BufferError, ValueError):
        mm.close()  # a view still in use keeps it open until it is collected
    if path is not None:
        with contextlib.suppress(OSError):
            path.unlink()


def _close_fd(fd: int, path: Path | None) -> None:
    with contextlib.suppress(OSError):
        os.close(fd)
    if path is not None:
        with contextlib.suppress(OSError):
            path.unlink()


_LIVE: weakref.WeakSet[Voice] = weakref.WeakSet()


@atexit.register
def _drop_resamplers() -> None:
    """soxr's binding complains about objects still alive when Python exits."""
    for voice in list(_LIVE):
        voice._stream = None


class Voice:
    """A decoded track as the mixer reads it: int16 (frames, channels) at SAMPLE_RATE,
    asked for a block at a time with `read(start, n)`. `shape` is there so code that
    knew the whole-array version keeps working."""

    dtype = np.dtype(np.int16)
    ndim = 2

    def __init__(self, pcm: Pcm) -> None:
        self.pcm = pcm
        self.source_rate = pcm.rate
        self.channels = pcm.channels
        if pcm.rate == SAMPLE_RATE:
            self.frames = pcm.frames
        else:
            self.frames = max(1, round(pcm.frames * SAMPLE_RATE / pcm.rate))
            g = math.gcd(pcm.rate, SAMPLE_RATE)
            self._step_in, self._step_out = pcm.rate // g, SAMPLE_RATE // g
        self._stream: object = None
        self._next = -1  # the output frame the resampler gives next
        self._in_pos = 0
        self._ahead = np.empty((0, self.channels), dtype=np.float32)
        self._flushed = False
        self._behind = int(RELEASE_BEHIND_S * pcm.rate)
        self._skip = 0
        # The resampler has state, and libsoxr aborts the process if two threads use it
        # at once: reads are one at a time, whoever calls.
        self._reading = threading.Lock()
        _LIVE.add(self)

    @property
    def shape(self) -> tuple[int, int]:
        return (self.frames, self.channels)

    @property
    def duration_s(self) -> float:
        return self.frames / SAMPLE_RATE

    def close(self) -> None:
        """Let the temporary file go now (it also goes when the voice is collected)."""
        with self._reading:
            self._stream = None
            self._next = -1
            self.pcm.close()

    def read(self, start: int, n: int) -> np.ndarray:
        """Frames [start, start + n) as int16, cut at the end of the track."""
        with self._reading:
            return self._read(start, n)

    def _read(self, start: int, n: int) -> np.ndarray:
        start = max(0, start)
        n = max(0, min(n, self.frames - start))
        if n == 0:
            return np.empty((0, self.channels), dtype=np.int16)
        if self.source_rate == SAMPLE_RATE:
            out = np.array(self.pcm.read(start, n), dtype=np.int16)
            self.pcm.release_before(start - self._behind)
            return out
        if start != self._next:
            self._restart(start)
        while self._ahead.shape[0] < n and not self._flushed:
            self._feed()
        got = self._ahead[:n]
        self._ahead = self._ahead[n:]
        self._next = start + n
        out = np.zeros((n, self.channels), dtype=np.int16)
        out[: got.shape[0]] = _float_to_int16(got)
        self.pcm.release_before(self._in_pos - READ_BLOCK - self._behind)
        return out

    def read_all(self) -> np.ndarray:
        """The whole track in memory (tests and small files only)."""
        parts = [self.read(a, 1 << 18) for a in range(0, self.frames, 1 << 18)]
        return np.concatenate(parts) if parts else np.empty((0, self.channels), np.int16)

    # -- resampling -------------------------------------------------------------------

    def _restart(self, start: int) -> None:
        import soxr

        # Start where an input frame and an output frame fall at the same instant, a
        # little before `start`, so the output is the same as if it had played through.
        q0 = max(0, start - PRIME_FRAMES) // self._step_out * self._step_out
        self._in_pos = q0 // self._step_out * self._step_in
        self._stream = soxr.ResampleStream(self.source_rate, SAMPLE_RATE, self.channels,
                                           dtype="float32", quality="HQ")
        self._ahead = np.empty((0, self.channels), dtype=np.float32)
        self._flushed = False
        self._skip = start - q0

    def _feed(self) -> None:
        stream = self._stream
        assert stream is not None
        block = self.pcm.read(self._in_pos, READ_BLOCK)
        self._in_pos += block.shape[0]
        last = self._in_pos >= self.pcm.frames or block.shape[0] == 0
        data = block.astype(np.float32) * np.float32(1 / 32768)
        out = stream.resample_chunk(data, last=last)  # type: ignore[attr-defined]
        if out.ndim == 1:
            out = out[:, None]
        if self._skip:
            cut = min(self._skip, out.shape[0])
            out = out[cut:]
            self._skip -= cut
        self._ahead = np.concatenate([self._ahead, out]) if self._ahead.size else out
        self._flushed = last


def _float_to_int16(x: np.ndarray) -> np.ndarray:
    scaled = np.rint(x * 32768.0)
    np.clip(scaled, -32768, 32767, out=scaled)
    return scaled.astype(np.int16)


def resample_all(pcm: np.ndarray, from_rate: int) -> np.ndarray:
    """What `Voice` gives for a whole int16 array at once: the reference the tests and
    the benchmark compare with."""
    import soxr

    if from_rate == SAMPLE_RATE:
        return pcm
    data = pcm.astype(np.float32) * np.float32(1 / 32768)
    out = soxr.resample(data, from_rate, SAMPLE_RATE, quality="HQ")
    if out.ndim == 1:
        out = out[:, None]
    return _float_to_int16(out)
