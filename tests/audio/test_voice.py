"""A long track plays flat in memory: decoded once at its own rate into a temporary file,
resampled a block at a time, with the very samples of resampling it all at once. A
person's own recording never lies decoded and plain on the disk."""

import stat
from pathlib import Path

import numpy as np
import pytest
import soundfile

from ebbtide.audio import SAMPLE_RATE, cache, voice
from ebbtide.audio.decode import decode
from ebbtide.audio.engine import AudioEngine
from ebbtide.audio.mixer import Mix
from ebbtide.core.paths import audio_path

BLOCK = int(0.25 * SAMPLE_RATE)  # what the engine asks for at a time


def _noise_file(path: Path, seconds: float, rate: int, channels: int) -> np.ndarray:
    rng = np.random.default_rng(7)
    pcm = (rng.standard_normal((int(seconds * rate), channels)) * 4000).astype(np.int16)
    soundfile.write(path, pcm, rate, subtype="PCM_16")
    return pcm


def _played(v: voice.Voice) -> np.ndarray:
    return np.concatenate([v.read(a, BLOCK) for a in range(0, v.frames, BLOCK)])


def _watch_cache_files(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, int, bytes]]:
    """Each temporary file decode writes: its path, its mode and its bytes, seen just
    before it is unlinked."""
    seen: list[tuple[Path, int, bytes]] = []
    unlink = voice._unlink_if_possible

    def watching(path: Path) -> Path | None:
        seen.append((path, stat.S_IMODE(path.stat().st_mode), path.read_bytes()))
        return unlink(path)

    monkeypatch.setattr(voice, "_unlink_if_possible", watching)
    return seen


def test_the_shipped_body_scan_plays_the_same_samples_block_by_block() -> None:
    """The real 22.05 kHz mono narration, read as the engine reads it, is sample for
    sample what resampling the whole file at once gives."""
    path = audio_path("voice", "body-scan-5.ogg")
    whole, rate = soundfile.read(str(path), dtype="int16", always_2d=True)
    assert rate == 22050
    expected = voice.resample_all(whole, rate)
    v = decode(path)
    assert v.shape == expected.shape
    assert np.array_equal(_played(v), expected)


@pytest.mark.parametrize(("rate", "channels"), [(44100, 2), (48000, 1), (22050, 2)])
@pytest.mark.parametrize("private", [False, True])
def test_every_backing_gives_identical_samples(tmp_path: Path, rate: int, channels: int,
                                               private: bool) -> None:
    source = _noise_file(tmp_path / "n.wav", 3.0, rate, channels)
    expected = voice.resample_all(source, rate)
    from_file = decode(tmp_path / "n.wav", cache_dir=tmp_path / "cache", private=private)
    in_memory = decode(tmp_path / "n.wav", in_memory=True)
    assert np.array_equal(_played(from_file), expected)
    assert np.array_equal(_played(in_memory), expected)


def test_seeking_anywhere_gives_the_samples_of_playing_through(tmp_path: Path) -> None:
    _noise_file(tmp_path / "n.wav", 4.0, 22050, 1)
    v = decode(tmp_path / "n.wav", cache_dir=tmp_path / "cache", private=False)
    through = _played(v)
    rng = np.random.default_rng(1)
    for start in [3 * SAMPLE_RATE, 17, 0, *rng.integers(0, v.frames, 12).tolist()]:
        got = v.read(int(start), BLOCK).astype(np.int32)
        want = through[int(start) : int(start) + BLOCK].astype(np.int32)
        assert got.shape == want.shape
        assert np.abs(got - want).max() <= 1  # float rounding at most, no seam


def test_shipped_narration_waits_in_a_0600_file_that_leaves_no_trace(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _watch_cache_files(monkeypatch)
    folder = tmp_path / "cache"
    v = decode(audio_path("voice", "body-scan-5.ogg"), cache_dir=folder)
    [(path, mode, _data)] = seen
    assert path.parent == folder and mode == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert list(folder.iterdir()) == []  # gone from the folder while it still plays
    assert v.read(SAMPLE_RATE * 60, 100).any()


def test_a_persons_recording_never_lies_decoded_and_plain_on_disk(
        tmp_path: Path, paths, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    seen = _watch_cache_files(monkeypatch)
    paths.recordings_dir.mkdir(parents=True)
    recording = paths.recordings_dir / "0123.wav"
    plain = _noise_file(recording, 2.0, 44100, 1)
    v = decode(recording, cache_dir=paths.cache_dir)  # private: not shipped with Ebbtide
    [(_path, mode, on_disk)] = seen
    assert mode == 0o600 and len(on_disk) == plain.nbytes
    assert plain.tobytes()[:64] not in on_disk  # encrypted as written
    assert np.array_equal(_played(v), plain)  # and plays exactly


def test_files_left_by_an_earlier_run_are_removed_at_start(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / f"{cache.CACHE_PREFIX}dead.pcm").write_bytes(b"x" * 100)
    (folder / "someone-elses.txt").write_text("keep me", encoding="utf-8")
    try:
        assert cache.use_cache_dir(folder) == 1
        assert [p.name for p in folder.iterdir()] == ["someone-elses.txt"]
    finally:
        cache.use_cache_dir(None)


def test_a_full_disk_falls_back_to_memory(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from ebbtide.audio import decode as decode_module

    def full(folder: Path) -> tuple[Path, int]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(decode_module, "new_cache_file", full)
    source = _noise_file(tmp_path / "n.wav", 1.0, 44100, 1)
    assert np.array_equal(decode(tmp_path / "n.wav", cache_dir=tmp_path).read_all(), source)


class _HoldingBackend:
    """Keeps the buffer, as simpleaudio does, without a device."""

    def play(self, pcm: np.ndarray, channels: int, sample_rate: int) -> object:
        return pcm

    def stop(self, handle: object) -> None:
        pass

    def is_playing(self, handle: object) -> bool:
        return True


@pytest.mark.skipif(not voice._CAN_RELEASE, reason="this system has no madvise")
def test_heard_sound_is_given_back_while_what_is_ahead_stays(tmp_path: Path) -> None:
    """Pages well behind what is heard are released (they read back as zeros), so memory
    stays flat; what is about to be heard is untouched."""
    now = [0.0]
    engine = AudioEngine(backend=_HoldingBackend(), clock=lambda: now[0], probe=False)
    loud = np.full((20 * SAMPLE_RATE, 1), 9000, dtype=np.int16)
    player = engine.open(Mix(length=loud.shape[0], voice=loud))
    player.play()
    stream = player._stream
    assert stream is not None
    while now[0] < 10.0:
        now[0] += 0.25
        with engine._lock:
            engine._tick()
    heard = int(10.0 * SAMPLE_RATE)
    assert not stream.pcm[SAMPLE_RATE : heard - 3 * SAMPLE_RATE].any()  # given back
    assert stream.pcm[heard - SAMPLE_RATE : heard + SAMPLE_RATE].all()  # still there
    engine.close()


def test_the_22khz_voice_gains_no_false_treble_when_brought_to_44khz(tmp_path: Path) -> None:
    """Linear interpolation mirrored a 5 kHz tone to 17 kHz (a hiss on every "s" of the
    narration); band-limited resampling leaves nothing above the original's top."""
    rate = 22050
    t = np.arange(2 * rate) / rate
    soundfile.write(tmp_path / "tone.wav", (0.5 * np.sin(2 * np.pi * 5000 * t)), rate,
                    subtype="PCM_16")
    out = decode(tmp_path / "tone.wav").read_all()[:, 0].astype(np.float64)
    spectrum = np.abs(np.fft.rfft(out * np.hanning(out.shape[0])))
    freqs = np.fft.rfftfreq(out.shape[0], 1 / SAMPLE_RATE)
    tone = spectrum[np.abs(freqs - 5000) < 50].max()
    mirror = spectrum[freqs > 11_500].max()
    assert mirror < tone * 10 ** (-60 / 20)  # at least 60 dB down
