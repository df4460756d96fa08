"""Reading sound files: WAV, FLAC, Ogg Vorbis and MP3, through `soundfile` (libsndfile).

Why soundfile: its wheels carry libsndfile ≥ 1.1, which reads all four formats (MP3 via
mpg123 and LAME built in) with no system packages and no ffmpeg; it is well kept, reads
straight into int16 (no float copy of a whole file), and reports a file it cannot read
with a plain error we can turn into kind words.

Decoded sound is int16 shaped (frames, channels) at SAMPLE_RATE, mono or stereo. That is
the whole of it in memory: about 10.6 MB a minute for stereo. A file at another rate is
resampled block by block as it is read, so its own samples are never all held as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ebbtide.audio import SAMPLE_RATE
from ebbtide.audio.mixer import moving_average

MAX_FILE_BYTES = 2 * 1024**3  # 2 GB
MAX_DURATION_S = 4 * 3600.0  # a decoded 4 hours of stereo is already 2.5 GB
SUPPORTED_SUFFIXES = (".wav", ".flac", ".ogg", ".oga", ".mp3")
# Less sound than the header promised, by more than an estimate's error: cut short.
TRUNCATED_SHARE = 0.9


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
        return f"“{self.path.name}” could not be used: {self.reason}"


@dataclass(frozen=True)
class AudioInfo:
    duration_s: float
    channels: int
    sample_rate: int
    format: str


def check_file(path: Path) -> int:
    """Refuse what we should not even open. Returns the size in bytes."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise AudioFileError(path, "the file is no longer there.") from None
    except OSError as exc:
        raise AudioFileError(path, f"it could not be opened ({exc.strerror}).") from None
    if not path.is_file():
        raise AudioFileError(path, "it is a folder, not a sound file.")
    if size == 0:
        raise AudioFileError(path, "the file is empty.")
    if size > MAX_FILE_BYTES:
        raise AudioFileError(
            path, f"it is {size / 1024**3:.1f} GB; Ebbtide takes recordings up to 2 GB."
        )
    return size


def _open(path: Path):  # type: ignore[no-untyped-def]
    import soundfile

    try:
        return soundfile.SoundFile(str(path))
    except (soundfile.LibsndfileError, RuntimeError, TypeError) as exc:
        suffix = path.suffix.lower()
        if suffix and suffix not in SUPPORTED_SUFFIXES:
            reason = (f"Ebbtide cannot play {suffix} files. WAV, FLAC, Ogg Vorbis and MP3 "
                      "work; a free converter can turn it into one of those.")
        else:
            reason = ("it does not look like a sound file Ebbtide can read (it may be "
                      "damaged, or another kind of file with a sound file's name).")
        raise AudioFileError(path, reason) from exc


def probe(path: Path) -> AudioInfo:
    """What a file holds, without decoding it."""
    check_file(path)
    with _open(path) as f:
        return _announced(path, f)


def _announced(path: Path, f) -> AudioInfo:  # type: ignore[no-untyped-def]
    """What an open file's header says it holds; refused when that is nothing we can
    play, or more than we take."""
    info = AudioInfo(f.frames / f.samplerate if f.samplerate else 0.0, f.channels,
                     f.samplerate, f.format)
    if info.channels < 1 or info.sample_rate <= 0:
        raise AudioFileError(path, "it holds no sound Ebbtide can read.")
    if info.duration_s > MAX_DURATION_S:
        raise AudioFileError(path, "it is longer than four hours; please trim it first.")
    return info


def decode(path: Path) -> np.ndarray:
    """The whole file as int16 (frames, channels) at SAMPLE_RATE; more than two channels
    are folded to stereo. Raises AudioFileError naming the file."""
    import soundfile

    check_file(path)
    with _open(path) as f:
        info = _announced(path, f)
        _check_header(path, f)
        try:
            if info.sample_rate == SAMPLE_RATE:
                pcm = _read_int16(f)
                frames_read = pcm.shape[0]
            else:
                pcm, frames_read = _read_resampled(f, info.sample_rate)
        except (soundfile.LibsndfileError, RuntimeError) as exc:
            raise AudioFileError(path, "the file is damaged or cut short.") from exc
    _check_length(path, frames_read, info)
    if pcm.shape[1] > 2:
        pcm = _fold_to_stereo(pcm)
    return pcm


def scan(path: Path) -> AudioInfo:
    """Read a file through once, a block at a time, to be sure all of it decodes, without
    keeping it: how a recording is checked before it joins the library."""
    import soundfile

    check_file(path)
    with _open(path) as f:
        announced = _announced(path, f)
        _check_header(path, f)
        frames = 0
        try:
            for block in f.blocks(blocksize=1 << 16, dtype="int16", always_2d=True):
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


def _mp3_declared_bytes(path: Path) -> tuple[int, int] | None:
    """(bytes the MP3's Xing/Info header says its stream has, where the stream starts),
    or None. libsndfile pads a cut-short MP3 with silence up to the header's length, so
    this is how we notice one."""
    with path.open("rb") as f:
        head = f.read(1 << 16)
    start = 0
    if head[:3] == b"ID3" and len(head) >= 10:
        size = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]
        start = 10 + size
        with path.open("rb") as f:
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


def _check_header(path: Path, f) -> None:  # type: ignore[no-untyped-def]
    share = _share_present(f)
    if share is not None and share < TRUNCATED_SHARE:
        raise _cut_short(path, f"only {int(100 * share)}% of it is there")


def _check_length(path: Path, frames: int, info: AudioInfo) -> None:
    if frames == 0:
        raise AudioFileError(path, "it holds no sound (it may be cut short).")
    if "MP3" in info.format.upper():
        declared = _mp3_declared_bytes(path)
        if declared is not None:
            stream_bytes, start = declared
            actual = path.stat().st_size - start
            if stream_bytes > 0 and actual < TRUNCATED_SHARE * stream_bytes:
                raise _cut_short(path, f"only {100 * actual // stream_bytes}% of it is there")
    announced = info.duration_s * info.sample_rate
    if announced > 0 and frames < TRUNCATED_SHARE * announced:
        heard = _clock(frames / info.sample_rate)
        raise _cut_short(path, f"its sound stops after {heard} of {_clock(info.duration_s)}")


def _cut_short(path: Path, how: str) -> AudioFileError:
    return AudioFileError(
        path, f"it seems to be cut short: {how}. A complete copy of the file will work."
    )


def _read_int16(f) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Read straight into one int16 array. A file that ends early is trimmed to what was
    there; frames past a header that under-counted (some MP3s) are appended."""
    out = np.empty((max(int(f.frames), 0), f.channels), dtype=np.int16)
    n = f.read(out=out).shape[0] if out.shape[0] else 0
    extra = []
    while True:
        more = f.read(1 << 18, dtype="int16", always_2d=True)
        if more.shape[0] == 0:
            break
        extra.append(more)
    if extra:
        return np.concatenate([out[:n], *extra])
    return out[:n]


def _read_resampled(f, from_rate: int) -> tuple[np.ndarray, int]:  # type: ignore[no-untyped-def]
    """Read and resample block by block straight into one int16 array at SAMPLE_RATE, so
    the file's own samples are never all in memory beside the result. Returns the array
    and how many frames the file really held."""
    step = from_rate / SAMPLE_RATE
    smooth = max(1, round(step))  # going down: a short average keeps the top from folding
    channels = min(int(f.channels), 2)
    out = np.empty((max(1, round(max(int(f.frames), 0) / step)), channels), dtype=np.int16)
    written = 0
    carry = np.empty((0, channels), dtype=np.int16)
    carry_start = 0  # the file frame that carry[0] is

    def emit(buf: np.ndarray, buf_start: int, upto: int) -> None:
        nonlocal out, written
        if upto <= written:
            return
        positions = np.arange(written, upto, dtype=np.float64) * step - buf_start
        src = buf.astype(np.float32)
        if smooth > 1:
            src = moving_average(src, smooth)
        grid = np.arange(buf.shape[0], dtype=np.float64)
        # np.interp is linear interpolation in C; past the last sample it holds it.
        chunk = np.empty((upto - written, channels), dtype=np.float32)
        for c in range(channels):
            chunk[:, c] = np.interp(positions, grid, src[:, c])
        np.rint(chunk, out=chunk)
        np.clip(chunk, -32768, 32767, out=chunk)
        if upto > out.shape[0]:  # the header under-counted: grow (rare)
            out = np.concatenate([out[:written], np.empty((upto - written, channels),
                                                          dtype=np.int16)])
        out[written:upto] = chunk
        written = upto

    for block in f.blocks(blocksize=1 << 18, dtype="int16", always_2d=True):
        if block.shape[1] > 2:
            block = _fold_to_stereo(block)
        buf = np.concatenate([carry, block]) if carry.shape[0] else block
        buf_end = carry_start + buf.shape[0]
        # Every output whose neighbours (and their smoothing) are all here is made now.
        emit(buf, carry_start, int((buf_end - 2 - smooth) // step) + 1)
        keep_from = max(carry_start, min(int(written * step), buf_end - 1) - 2 * smooth)
        carry = buf[keep_from - carry_start :].copy()
        carry_start = keep_from
    total_in = carry_start + carry.shape[0]
    if carry.shape[0]:
        emit(carry, carry_start, max(1, round(total_in / step)))
    return out[:written], total_in


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
