"""Whole files sealed with the lock's data key, streamed a chunk at a time: how a person's
own recordings lie on disk while the lock is on. Pure core (no Qt).

The format (all integers big-endian):

    header  "EBBTIDE-SEALED-1" (16 bytes) | chunk size (4 bytes) | nonce prefix (8 bytes)
    chunks  AES-256-GCM(plain chunk) + 16-byte tag, one after another

Every chunk but the last holds exactly `chunk size` plain bytes; the last holds 0 to
`chunk size` (an empty file is one empty last chunk). Chunk i is sealed with the nonce
prefix + i (4 bytes) and, as associated data, the header, the file's identity (a
recording's uid) and whether it is the last chunk. So:

- a chunk moved to another place in the file has the wrong counter, and a chunk copied
  from another file has another prefix and identity: neither opens;
- a file cut short at a chunk boundary ends in a chunk that was not sealed as the last
  one: it does not open either (checked as soon as the file is opened);
- memory is one chunk (two while sealing, which looks one chunk ahead), however large
  the file: a 1 GB recording needs 64 KiB.

Why not one GCM over the whole file: it could not be read before all of it was checked,
and the decoder seeks. Why the same data key as the words: changing the passphrase only
re-wraps that key, so the files never need rewriting; the per-file random prefix keeps
nonces apart (2^64 prefixes, 2^32 chunks each).
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path
from typing import IO, Any

from ebbtide.core.crypto import random_bytes

MAGIC = b"EBBTIDE-SEALED-1"
PREFIX_BYTES = 8
HEADER_BYTES = len(MAGIC) + 4 + PREFIX_BYTES
TAG_BYTES = 16
CHUNK_BYTES = 1 << 16  # 64 KiB: small enough to hold, large enough that tags cost 0.02 %
# A header may not ask for more (memory) or less (a file of tags) than this.
MIN_CHUNK, MAX_CHUNK = 1 << 10, 1 << 22
MAX_CHUNKS = 1 << 32
AAD_LABEL = b"ebbtide:sealed-file:v1:"
PARTIAL_SUFFIX = ".partial"


class SealedFileError(ValueError):
    """A sealed file that does not open: changed, cut short, swapped, or sealed under
    another key. Says nothing about the contents."""


def is_sealed(path: Path) -> bool:
    """Does the file start like a sealed file? (False for a missing or short file.)"""
    try:
        with path.open("rb") as f:
            return f.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _aead(key: bytes) -> Any:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


def _aad(header: bytes, file_id: str, final: bool) -> bytes:
    ident = file_id.encode("utf-8")
    return (AAD_LABEL + header + len(ident).to_bytes(4, "big") + ident
            + (b"\x01" if final else b"\x00"))


def _nonce(prefix: bytes, index: int) -> bytes:
    if index >= MAX_CHUNKS:
        raise SealedFileError("The file is too large to seal.")
    return prefix + index.to_bytes(4, "big")


def seal_stream(src: IO[bytes], dst: IO[bytes], key: bytes, file_id: str, *,
                chunk_bytes: int = CHUNK_BYTES) -> int:
    """Read `src` to its end and write it sealed to `dst`. Returns the plain bytes."""
    if not MIN_CHUNK <= chunk_bytes <= MAX_CHUNK:
        raise ValueError("chunk size out of range")
    aead = _aead(key)
    prefix = random_bytes(PREFIX_BYTES)
    header = MAGIC + chunk_bytes.to_bytes(4, "big") + prefix
    dst.write(header)
    total, index = 0, 0
    chunk = _read_full(src, chunk_bytes)
    while True:
        # One chunk ahead: only then is it known whether this one is the last.
        following = _read_full(src, chunk_bytes) if len(chunk) == chunk_bytes else b""
        final = not following
        dst.write(aead.encrypt(_nonce(prefix, index), chunk, _aad(header, file_id, final)))
        total += len(chunk)
        if final:
            return total
        chunk, index = following, index + 1


def _read_full(f: IO[bytes], n: int) -> bytes:
    parts, got = [], 0
    while got < n:
        part = f.read(n - got)
        if not part:
            break
        parts.append(part)
        got += len(part)
    return b"".join(parts)


class SealedReader(io.RawIOBase):
    """A sealed file read as its plain bytes: seekable, one chunk decrypted at a time.
    The last chunk is checked on opening (so a file cut short is found at once); any
    other chunk when it is first read. Raises SealedFileError."""

    def __init__(self, path: Path, key: bytes, file_id: str) -> None:
        super().__init__()
        self._f = path.open("rb")
        try:
            self._setup(key, file_id)
        except BaseException:
            self._f.close()
            raise

    def _setup(self, key: bytes, file_id: str) -> None:
        header = self._f.read(HEADER_BYTES)
        if len(header) < HEADER_BYTES or not header.startswith(MAGIC):
            raise SealedFileError("This file is not sealed, or its beginning is damaged.")
        chunk = int.from_bytes(header[len(MAGIC):len(MAGIC) + 4], "big")
        if not MIN_CHUNK <= chunk <= MAX_CHUNK:
            raise SealedFileError("This sealed file's header is damaged.")
        self._header, self._prefix, self._chunk = header, header[-PREFIX_BYTES:], chunk
        self._aead, self._file_id = _aead(key), file_id
        body = os.fstat(self._f.fileno()).st_size - HEADER_BYTES
        whole, rest = divmod(body, chunk + TAG_BYTES)
        if body <= 0 or 0 < rest < TAG_BYTES:
            raise SealedFileError("This sealed file is cut short.")
        self._chunks = whole + (1 if rest else 0)
        last_plain = (rest - TAG_BYTES) if rest else chunk
        self.size = (self._chunks - 1) * chunk + last_plain
        self._pos = 0
        self._cached_index = -1
        self._cached = b""
        self._plain_chunk(self._chunks - 1)  # the end is there, and is the end

    def _plain_chunk(self, index: int) -> bytes:
        if index == self._cached_index:
            return self._cached
        stored = self._chunk + TAG_BYTES
        self._f.seek(HEADER_BYTES + index * stored)
        data = self._f.read(stored)
        final = index == self._chunks - 1
        try:
            plain = self._aead.decrypt(_nonce(self._prefix, index), data,
                                       _aad(self._header, self._file_id, final))
        except Exception:  # InvalidTag, or a short read of a file changed under us
            raise SealedFileError(
                "This sealed file was changed or damaged on disk, or belongs elsewhere."
            ) from None
        if not final and len(plain) != self._chunk:
            raise SealedFileError("This sealed file is damaged.")
        self._cached_index, self._cached = index, plain
        return plain

    # -- io.RawIOBase ---------------------------------------------------------------------

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self.size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        done = 0
        while done < len(view) and self._pos < self.size:
            index, skip = divmod(self._pos, self._chunk)
            plain = self._plain_chunk(index)
            n = min(len(view) - done, len(plain) - skip)
            view[done:done + n] = plain[skip:skip + n]
            done += n
            self._pos += n
        return done

    def close(self) -> None:
        with contextlib.suppress(AttributeError):
            self._cached = b""
            self._f.close()
        super().close()


def open_plain(path: Path, key: bytes | None, file_id: str) -> IO[bytes]:
    """The file's plain bytes, sealed or not (`key` None: only a plain file opens)."""
    if is_sealed(path):
        if key is None:
            raise SealedFileError("This file is sealed and the key is not at hand.")
        return io.BufferedReader(SealedReader(path, key, file_id), buffer_size=CHUNK_BYTES)
    return path.open("rb")


# -- converting a file in place, safe against a crash ---------------------------------------


def partial_path(path: Path) -> Path:
    return path.with_name(f".{path.name}{PARTIAL_SUFFIX}")


def write_replacing(path: Path, fill: Any) -> None:
    """Write a new version of `path` through `fill(file)` into a private temporary file in
    the same folder, flush it to the disk, and only then put it in place: a crash at any
    moment leaves either the old file or the new one, whole."""
    partial = partial_path(path)
    fd = os.open(partial, os.O_CREAT | os.O_TRUNC | os.O_WRONLY | getattr(os, "O_BINARY", 0),
                 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            fill(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; Windows has no folder handles)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def seal_file(path: Path, key: bytes, file_id: str) -> bool:
    """Seal a plain file in place. Returns False if it was sealed already."""
    if is_sealed(path):
        return False
    with path.open("rb") as src:
        write_replacing(path, lambda out: seal_stream(src, out, key, file_id))
    return True


def unseal_file(path: Path, key: bytes, file_id: str) -> bool:
    """Turn a sealed file back into its plain bytes, in place (checked as it goes: a
    damaged file raises SealedFileError and is left as it was). False if already plain."""
    if not is_sealed(path):
        return False
    with SealedReader(path, key, file_id) as reader:
        write_replacing(path, lambda out: _copy(reader, out))
    return True


def _copy(src: IO[bytes] | SealedReader, dst: IO[bytes]) -> None:
    while block := src.read(CHUNK_BYTES):
        dst.write(block)


def remove_partials(folder: Path) -> int:
    """Half-written files from a conversion or an import cut off by a crash (they may
    hold plain bytes). Returns how many were removed."""
    removed = 0
    if not folder.is_dir():
        return 0
    for partial in folder.glob(f".*{PARTIAL_SUFFIX}"):
        with contextlib.suppress(OSError):
            partial.unlink()
            removed += 1
    return removed
