"""Reading sound files: WAV, FLAC, Ogg (Vorbis and Opus), MP3 and AIFF, through `soundfile`
(libsndfile).

Why soundfile: its wheels carry libsndfile ≥ 1.1, which reads all of these (MP3 via
mpg123 and LAME built in) with no system packages and no ffmpeg; it is well kept, reads
straight into int16 (no float copy of a whole file), and reports a file it cannot read
with a plain error we can turn into kind words.

`decode()` reads a file once, at its own rate, into a temporary file and returns a
`voice.Voice` that the mixer reads a block at a time, resampled to SAMPLE_RATE as it
plays: memory stays flat however long the track (see `voice.py`). Nothing here trusts a
header's promise about length: memory and disk follow what really decodes.
"""

from __future__ import annotations

import io
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np

from ebbtide.audio.cache import current_cache_dir, new_cache_file
from ebbtide.audio.voice import ArrayPcm, CtrSealer, MappedPcm, Pcm, SealedPcm, Voice
from ebbtide.core.paths import display_name
from ebbtide.core.sealed_files import SealedFileError

MAX_FILE_BYTES = 2 * 1024**3  # 2 GB
MAX_DURATION_S = 4 * 3600.0
MIN_RATE, MAX_RATE = 8_000, 384_000
MAX_CHANNELS = 8
# The fewest bytes a second of any sound we read can take (4 kbit/s; Opus goes to 6):
# a header promising more seconds than the file has room for is damaged, not long.
MIN_BYTES_PER_S = 500
MP3_MIN_BYTES_PER_S = 1000  # 8 kbit/s, the lowest MP3 bitrate there is
SUPPORTED_SUFFIXES = (".wav", ".flac", ".ogg", ".oga", ".opus", ".mp3", ".aif", ".aiff",
                      ".aifc")
#: For a file dialog: what Ebbtide reads.
DIALOG_FILTER = ("Sound files (" + " ".join(f"*{s}" for s in SUPPORTED_SUFFIXES)
                 + ");;All files (*)")
# Less sound than the header promised, by more than an estimate's error: cut short.
TRUNCATED_SHARE = 0.9
DECODE_BLOCK = 1 << 16
#: Opens a file's plain bytes as a seekable stream: how a recording sealed by the lock is
#: read (see `core.sealed_files`), decrypted a chunk at a time as the decoder asks.
Opener = Callable[[], IO[bytes]]
DAMAGED_SEALED = ("it was changed or damaged on disk (or does not belong to this "
                  "Ebbtide), so it is not played.")

class AudioFileError(ValueError):
    """A sound file we cannot use. `message` names the file and says why, kindly, for the
    person to read; str() leaves the name out (a file name can be personal, and
    exception text can end up in a log)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason

    @property
    def message(self) -> str:
        return f"“{display_name(self.path)}” could not be used: {self.reason}"


@dataclass(frozen=True)
class AudioInfo:
    duration_s: float
    channels: int
    sample_rate: int
    format: str


def check_file(path: Path) -> int:
    """Refuse what we should not even open. Returns the size in bytes."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise AudioFileError(path, "the file is no longer there.") from None
    except OSError as exc:
        raise AudioFileError(path, f"it could not be opened ({exc.strerror}).") from None
    if stat.S_ISDIR(st.st_mode):
        raise AudioFileError(path, "it is a folder, not a sound file.")
    if not stat.S_ISREG(st.st_mode):
        # A pipe would wait forever and a device never ends: neither is opened.
        raise AudioFileError(path, "it is not an ordinary file (it may be a device or a "
                                   "pipe), so Ebbtide cannot read it as a recording.")
    size = st.st_size
    if size == 0:
        raise AudioFileError(path, "the file is empty.")
    if size > MAX_FILE_BYTES:
        raise AudioFileError(
            path, f"it is {size / 1024**3:.1f} GB; Ebbtide takes recordings up to 2 GB."
        )
    return size


class _Guarded(io.RawIOBase):
    """A stream for soundfile's callbacks, which cannot raise (cffi would print the error
    and read on): the first error is kept here, reads end, and decode raises it after."""

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__()
        self.raw = raw
        self.error: Exception | None = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.error is not None:
            return 0
        try:
            return self.raw.readinto(buffer)  # type: ignore[attr-defined]
        except (SealedFileError, OSError, ValueError) as exc:
            self.error = exc
            return 0

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self.raw.seek(offset, whence)

    def tell(self) -> int:
        return self.raw.tell()

    def close(self) -> None:
        self.raw.close()
        super().close()

    def raise_if_broken(self, path: Path) -> None:
        if self.error is not None:
            raise AudioFileError(path, DAMAGED_SEALED) from self.error


def _open_stream(path: Path, opener: Opener) -> _Guarded:
    try:
        return _Guarded(opener())
    except SealedFileError as exc:
        raise AudioFileError(path, DAMAGED_SEALED) from exc


def _open(path: Path, stream: _Guarded | None = None):  # type: ignore[no-untyped-def]
    import soundfile

    try:
        if stream is not None:
            return soundfile.SoundFile(stream)
        # Bytes, so a name that is not UTF-8 still opens (soundfile would encode a str).
        return soundfile.SoundFile(os.fsencode(path))
    except (soundfile.LibsndfileError, RuntimeError, TypeError, OSError) as exc:
        if stream is not None:
            stream.raise_if_broken(path)
        suffix = path.suffix.lower()
        if suffix and suffix not in SUPPORTED_SUFFIXES:
            reason = (f"Ebbtide cannot play {display_name(Path(suffix))} files. WAV, FLAC, "
                      "Ogg, MP3 and AIFF work; a free converter can turn it into one of "
                      "those.")
        else:
            reason = ("it does not look like a sound file Ebbtide can read (it may be "
                      "damaged, or another kind of file with a sound file's name).")
        raise AudioFileError(path, reason) from exc


def probe(path: Path) -> AudioInfo:
    """What a file holds, without decoding it."""
    size = check_file(path)
    with _open(path) as f:
        return _announced(path, f, size)


def _announced(path: Path, f, size: int) -> AudioInfo:  # type: ignore[no-untyped-def]
    """What an open file's header says it holds; refused when that is nothing we can
    play, or more than we take."""
    rate, channels = int(f.samplerate), int(f.channels)
    if channels < 1 or rate <= 0:
        raise AudioFileError(path, "it holds no sound Ebbtide can read.")
    if not MIN_RATE <= rate <= MAX_RATE:
        raise AudioFileError(
            path, f"its sound is stored at {_rate_words(rate)}, and Ebbtide plays "
                  "recordings made at 8 to 384 kHz. The file may be damaged.")
    if channels > MAX_CHANNELS:
        raise AudioFileError(
            path, f"it has {channels} channels, and Ebbtide plays recordings with up to "
                  f"{MAX_CHANNELS}.")
    info = AudioInfo(max(int(f.frames), 0) / rate, channels, rate, f.format)
    # An MP3 frame is never smaller than 1000 bytes a second of sound; other formats
    # can store long silence in less, so they are only held to it past four hours.
    floor = MP3_MIN_BYTES_PER_S if _is_mp3(info) else MIN_BYTES_PER_S
    if ((_is_mp3(info) or info.duration_s > MAX_DURATION_S)
            and info.duration_s > 1.1 * size / floor + 1):
        # A few hundred bytes cannot hold hours: the header is wrong, not the length.
        raise _cut_short(path, "it says it holds far more sound than a file its size can")
    if info.duration_s > MAX_DURATION_S:
        raise AudioFileError(path, "it is longer than four hours; please trim it first.")
    return info


def _is_mp3(info: AudioInfo) -> bool:
    return "MP3" in info.format.upper() or "MPEG" in info.format.upper()


def _rate_words(rate: int) -> str:
    return f"{rate} Hz" if rate < 1000 else f"{rate / 1000:g} kHz"


def _is_shipped(path: Path) -> bool:
    """Narration that comes with Ebbtide (public), as opposed to anything a person
    brought (treated as private)."""
    from ebbtide.core.paths import audio_dir

    try:
        path.resolve().relative_to(audio_dir().resolve())
    except (ValueError, OSError):
        return False
    return True


def decode(path: Path, *, cache_dir: Path | None = None, in_memory: bool = False,
           private: bool | None = None, opener: Opener | None = None) -> Voice:
    """The file, decoded once, as a `Voice` (int16, SAMPLE_RATE, mono or stereo; more
    than two channels are folded to stereo) that the mixer reads block by block.

    Decoded sound goes to a temporary file in `cache_dir` (by default the one given to
    `cache.use_cache_dir`), or to memory with `in_memory` or when there is no cache folder.
    `private` (by default: anything that did not come with Ebbtide) encrypts that file
    with a key held only in memory. Raises AudioFileError naming the file.

    `opener` reads a file sealed by the lock: its plain bytes stream through the decoder
    a chunk at a time (never a plain copy on disk, and memory stays one chunk), and the
    decoded sound goes to the private cache like any other. A chunk that does not open
    stops decoding with AudioFileError."""
    import soundfile

    folder = None if in_memory else (cache_dir or current_cache_dir())
    if private is None:
        private = opener is not None or not _is_shipped(path)
    size = check_file(path)
    stream = None if opener is None else _open_stream(path, opener)
    try:
        if stream is not None:
            size = stream.seek(0, io.SEEK_END)
            stream.seek(0)
        with _open(path, stream) as f:
            info = _announced(path, f, size)
            _check_header(path, f, opener)
            try:
                pcm = _decode_to(path, f, info, folder, private)
            except (soundfile.LibsndfileError, RuntimeError) as exc:
                if stream is not None:
                    stream.raise_if_broken(path)
                raise AudioFileError(path, "the file is damaged or cut short.") from exc
        if stream is not None and stream.error is not None:
            pcm.close()
            stream.raise_if_broken(path)
    finally:
        if stream is not None:
            stream.close()
    try:
        _check_length(path, pcm.frames, info)
    except AudioFileError:
        pcm.close()
        raise
    return Voice(pcm)


def decode_all(path: Path) -> np.ndarray:
    """The whole file in memory as int16 at SAMPLE_RATE (tests and short files)."""
    voice = decode(path, in_memory=True)
    try:
        return voice.read_all()
    finally:
        voice.close()


def _blocks(path: Path, f, info: AudioInfo):  # type: ignore[no-untyped-def]
    """The file's int16 blocks (at most stereo), stopping at what we take: a header can
    under-count, so the real length is checked as it decodes."""
    limit = int(MAX_DURATION_S * info.sample_rate * 1.01)
    frames = 0
    while True:
        block = f.read(DECODE_BLOCK, dtype="int16", always_2d=True)
        if block.shape[0] == 0:
            return
        frames += block.shape[0]
        if frames > limit:
            raise AudioFileError(path, "it is longer than four hours; please trim it first.")
        yield _fold_to_stereo(block) if block.shape[1] > 2 else block


def _decode_to(path: Path, f, info: AudioInfo, folder: Path | None,  # type: ignore[no-untyped-def]
               private: bool) -> Pcm:
    channels = min(info.channels, 2)
    if folder is not None:
        try:
            return _decode_to_file(path, f, info, folder, private, channels)
        except OSError as exc:  # a full or read-only disk: memory still works
            import logging

            logging.getLogger(__name__).info(
                "Decoding to memory: the cache could not be written (%s)", type(exc).__name__)
            f.seek(0)
    parts = list(_blocks(path, f, info))
    pcm = np.concatenate(parts) if parts else np.empty((0, channels), dtype=np.int16)
    return ArrayPcm(pcm, info.sample_rate)


def _decode_to_file(path: Path, f, info: AudioInfo, folder: Path,  # type: ignore[no-untyped-def]
                    private: bool, channels: int) -> Pcm:
    file, fd = new_cache_file(folder)
    sealer = CtrSealer() if private else None
    frames = 0
    try:
        with os.fdopen(fd, "wb") as out:
            for block in _blocks(path, f, info):
                data = np.ascontiguousarray(block).tobytes()
                if sealer is not None:
                    data = sealer.crypt(data, frames * channels * 2)
                out.write(data)
                frames += block.shape[0]
        if sealer is not None:
            return SealedPcm(file, frames, channels, info.sample_rate, sealer)
        if frames == 0:
            file.unlink(missing_ok=True)
            return ArrayPcm(np.empty((0, channels), dtype=np.int16), info.sample_rate)
        return MappedPcm(file, frames, channels, info.sample_rate)
    except BaseException:
        file.unlink(missing_ok=True)
        raise


def scan(path: Path) -> AudioInfo:
    """Read a file through once, a block at a time, to be sure all of it decodes, without
    keeping it: how a recording is checked before it joins the library."""
    import soundfile

    size = check_file(path)
    with _open(path) as f:
        announced = _announced(path, f, size)
        _check_header(path, f)
        frames = 0
        try:
            for block in _blocks(path, f, announced):
                frames += block.shape[0]
        except (soundfile.LibsndfileError, RuntimeError) as exc:
            raise AudioFileError(path, "the file is damaged or cut short.") from exc
    _check_length(path, frames, announced)
    return AudioInfo(frames / announced.sample_rate, announced.channels,
                     announced.sample_rate, announced.format)


_SHOULD_BE = re.compile(r"^(?:data|SSND)\s*:\s*(\d+)\s*\(should be (\d+)\)", re.MULTILINE)


def _share_present(f) -> float | None:  # type: ignore[no-untyped-def]
    """For WAV/AIFF: libsndfile notes when the data chunk is shorter than its header
    says (a cut-short file, which it would otherwise play as a shorter one)."""
    try:
        found = _SHOULD_BE.search(f.extra_info)
    except Exception:
        return None
    if found is None:
        return None
    declared, actual = int(found.group(1)), int(found.group(2))
    return actual / declared if declared > 0 else None


def _mp3_declared_bytes(path: Path, opener: Opener | None = None) -> tuple[int, int] | None:
    """(bytes the MP3's Xing/Info header says its stream has, where the stream starts),
    or None. libsndfile pads a cut-short MP3 with silence up to the header's length, so
    this is how we notice one."""
    open_ = opener or (lambda: path.open("rb"))
    with open_() as f:
        head = f.read(1 << 16)
    start = 0
    if head[:3] == b"ID3" and len(head) >= 10:
        size = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]
        start = 10 + size
        with open_() as f:
            f.seek(start)
            head = f.read(1 << 12)
    else:
        head = head[: 1 << 12]
    for tag in (b"Xing", b"Info"):
        at = head.find(tag, 0, 200)
        if at < 0:
            continue
        flags = int.from_bytes(head[at + 4 : at + 8], "big")
        field = at + 8 + (4 if flags & 1 else 0)
        if flags & 2 and len(head) >= field + 4:
            return int.from_bytes(head[field : field + 4], "big"), start
    return None


def _check_header(path: Path, f, opener: Opener | None = None) -> None:  # type: ignore[no-untyped-def]
    """Before decoding: is all the file its header describes there?"""
    share = _share_present(f)
    if share is not None and share < TRUNCATED_SHARE:
        raise _cut_short(path, f"only {int(100 * share)}% of it is there")
    if "MP3" in str(f.format).upper() or "MPEG" in str(f.format).upper():
        # Checked before decoding: libsndfile would decode the missing part as silence.
        declared = _mp3_declared_bytes(path, opener)
        if declared is not None:
            stream_bytes, start = declared
            if opener is None:
                whole = path.stat().st_size
            else:
                with opener() as plain:
                    whole = plain.seek(0, io.SEEK_END)
            actual = whole - start
            if stream_bytes > 0 and actual < TRUNCATED_SHARE * stream_bytes:
                raise _cut_short(path, f"only {100 * actual // stream_bytes}% of it is there")


def _check_length(path: Path, frames: int, info: AudioInfo) -> None:
    if frames == 0:
        raise AudioFileError(path, "it holds no sound (it may be cut short).")
    announced = info.duration_s * info.sample_rate
    if announced > 0 and frames < TRUNCATED_SHARE * announced:
        heard = _clock(frames / info.sample_rate)
        raise _cut_short(path, f"its sound stops after {heard} of {_clock(info.duration_s)}")


def _cut_short(path: Path, how: str) -> AudioFileError:
    return AudioFileError(
        path, f"it seems to be cut short: {how}. A complete copy of the file will work."
    )


def _fold_to_stereo(pcm: np.ndarray) -> np.ndarray:
    left = pcm[:, 0::2].astype(np.float32).mean(axis=1)
    right = pcm[:, 1::2].astype(np.float32).mean(axis=1)
    return np.clip(np.stack([left, right], axis=1), -32768, 32767).astype(np.int16)


def _clock(seconds: float) -> str:
    s = max(0, round(seconds))
    if s >= 3600:
        return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
    return f"{s // 60}:{s % 60:02d}"


def recording_duration(path: Path) -> float:
    """How a recording is checked before it joins the library: every block decodes, and
    this is its length in seconds (raises AudioFileError otherwise)."""
    return scan(path).duration_s
