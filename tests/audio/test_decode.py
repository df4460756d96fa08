"""Reading the four formats a person is likely to have, and saying kindly why a file
cannot be used. Every file here is made by the test itself."""

from pathlib import Path

import numpy as np
import pytest
import soundfile

from ebbtide.audio import SAMPLE_RATE
from ebbtide.audio.decode import (
    MAX_FILE_BYTES,
    AudioFileError,
    decode,
    decode_all,
    probe,
    scan,
)
from ebbtide.audio.voice import resample_all

FORMATS = {
    "wav": {"format": "WAV", "subtype": "PCM_16"},
    "flac": {"format": "FLAC", "subtype": "PCM_16"},
    "ogg": {"format": "OGG", "subtype": "VORBIS"},
    "mp3": {"format": "MP3", "subtype": "MPEG_LAYER_III"},
}


def _tone(seconds: float, rate: int, freq: float = 440.0) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    left = 0.5 * np.sin(2 * np.pi * freq * t)
    return np.stack([left, 0.25 * np.sin(2 * np.pi * freq * t)], axis=1).astype(np.float32)


def _write(path: Path, seconds: float = 2.0, rate: int = 48000) -> Path:
    soundfile.write(path, _tone(seconds, rate), rate, **FORMATS[path.suffix[1:]])
    return path


def test_soundfile_here_can_read_every_format_we_promise() -> None:
    assert {"WAV", "FLAC", "OGG", "MP3"} <= set(soundfile.available_formats())


@pytest.mark.parametrize("ext", sorted(FORMATS))
def test_each_format_decodes_to_int16_at_our_rate_with_its_pitch(tmp_path: Path,
                                                                 ext: str) -> None:
    pcm = decode_all(_write(tmp_path / f"tone.{ext}"))
    assert pcm.dtype == np.int16 and pcm.shape[1] == 2
    # MP3 and Vorbis pad a little; the length is right within a tenth of a second.
    assert abs(pcm.shape[0] - 2 * SAMPLE_RATE) < 0.1 * SAMPLE_RATE
    left = pcm[: 2 * SAMPLE_RATE - 4410, 0].astype(np.float32) / 32768
    spectrum = np.abs(np.fft.rfft(left))
    peak_hz = np.fft.rfftfreq(left.shape[0], 1 / SAMPLE_RATE)[spectrum.argmax()]
    assert peak_hz == pytest.approx(440, abs=2)
    # Left is twice as loud as right, as written.
    ratio = np.abs(pcm[:, 0]).mean() / max(1.0, np.abs(pcm[:, 1]).mean())
    assert ratio == pytest.approx(2.0, rel=0.1)


def test_probe_and_scan_report_the_length(tmp_path: Path) -> None:
    path = _write(tmp_path / "tone.flac", seconds=3.0, rate=22050)
    assert probe(path).duration_s == pytest.approx(3.0, abs=0.01)
    info = scan(path)
    assert info.duration_s == pytest.approx(3.0, abs=0.01)
    assert info.channels == 2 and info.sample_rate == 22050


def _reason(path: Path) -> str:
    with pytest.raises(AudioFileError) as caught:
        scan(path)
    message = caught.value.message
    assert path.name in message  # every message names the file for the person...
    assert path.name not in str(caught.value)  # ...but never in text that could be logged
    with pytest.raises(AudioFileError):
        decode(path)
    return message


def test_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "session one.mp3"
    path.write_bytes(b"")
    assert "empty" in _reason(path)


def test_a_text_file_named_mp3(tmp_path: Path) -> None:
    path = tmp_path / "notes.mp3"
    path.write_text("these are my notes, not a recording\n" * 50, encoding="utf-8")
    assert "does not look like a sound file" in _reason(path)


def test_a_format_we_cannot_decode(tmp_path: Path) -> None:
    path = tmp_path / "voice memo.m4a"
    path.write_bytes(b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom" + b"\x00" * 4000)
    message = _reason(path)
    assert ".m4a" in message and "MP3" in message  # says what would work


@pytest.mark.parametrize("ext", ["flac", "mp3", "wav"])
def test_a_truncated_file(tmp_path: Path, ext: str) -> None:
    whole = _write(tmp_path / f"whole.{ext}", seconds=4.0).read_bytes()
    path = tmp_path / f"cut.{ext}"
    path.write_bytes(whole[: len(whole) // 3])
    message = _reason(path)
    assert "cut short" in message or "damaged" in message


def test_a_file_over_two_gigabytes_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.wav"
    with path.open("wb") as f:  # sparse: takes no real disk space
        f.truncate(MAX_FILE_BYTES + 1)
    assert "2 GB" in _reason(path)


def test_a_missing_file(tmp_path: Path) -> None:
    assert "no longer there" in _reason(tmp_path / "gone.ogg")


@pytest.mark.parametrize(("rate", "channels"), [(22050, 1), (48000, 2), (96000, 2)])
def test_resampling_block_by_block_matches_resampling_all_at_once(
        tmp_path: Path, rate: int, channels: int) -> None:
    """Playing resamples as it reads (so the whole track is never in memory at our rate);
    the seams between blocks must not show: the samples are the very same as resampling
    the whole file at once."""
    rng = np.random.default_rng(3)
    samples = (rng.standard_normal((rate * 4, channels)) * 3000).astype(np.int16)
    path = tmp_path / "noise.wav"
    soundfile.write(path, samples, rate, subtype="PCM_16")
    whole = resample_all(samples, rate)
    blocks = decode_all(path)
    assert blocks.shape == whole.shape
    assert np.array_equal(blocks, whole)


# -- hostile and odd files (issue 13): each refused in plain words, nothing huge made --


def _wav_header(rate: int, channels: int, data_bytes: int) -> bytes:
    import struct

    block = channels * 2
    return (b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVEfmt "
            + struct.pack("<IHHIIHH", 16, 1, channels, rate, rate * block, block, 16)
            + b"data" + struct.pack("<I", data_bytes))


def test_a_small_wav_at_one_hertz_is_refused_not_played_for_hours(tmp_path: Path) -> None:
    """56 KB at 1 Hz says 14,000 s; played at 44.1 kHz that was 14.5 GB of memory."""
    path = tmp_path / "odd.wav"
    path.write_bytes(_wav_header(1, 2, 56_000) + bytes(56_000))
    message = _reason(path)
    assert "8 to 384 kHz" in message and "1 Hz" in message


def test_a_rate_above_384_khz_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bat.wav"
    path.write_bytes(_wav_header(768_000, 1, 20_000) + bytes(20_000))
    assert "768 kHz" in _reason(path)


def test_more_than_eight_channels_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "many.wav"
    soundfile.write(path, np.zeros((4410, 12), dtype=np.int16), 44100, subtype="PCM_16")
    assert "12 channels" in _reason(path) and "up to 8" in _reason(path)


def test_eight_channels_play_folded_to_stereo(tmp_path: Path) -> None:
    path = tmp_path / "surround.wav"
    pcm = np.zeros((4410, 8), dtype=np.int16)
    pcm[:, 0::2] = 1000  # the left ones
    soundfile.write(path, pcm, 44100, subtype="PCM_16")
    out = decode_all(path)
    assert out.shape == (4410, 2) and out[100, 0] == 1000 and out[100, 1] == 0


def _tiny_mp3_claiming_hours(tmp_path: Path) -> Path:
    """A real MP3 whose Xing header is changed to promise millions of frames, cut to a
    few hundred bytes: libsndfile believes the header."""
    source = tmp_path / "source.mp3"
    t = np.arange(8000 * 20) / 8000
    soundfile.write(source, (0.3 * np.sin(2 * np.pi * 330 * t)).astype(np.float32), 8000,
                    format="MP3", subtype="MPEG_LAYER_III")
    data = bytearray(source.read_bytes())
    at = data.find(b"Xing")
    data[at + 8 : at + 12] = (0xFFFFFF).to_bytes(4, "big")
    path = tmp_path / "voice note.mp3"
    path.write_bytes(bytes(data[:900]))
    assert soundfile.info(str(path)).duration > 4 * 3600  # what the header says
    return path


def test_a_tiny_mp3_is_not_called_longer_than_four_hours(tmp_path: Path) -> None:
    message = _reason(_tiny_mp3_claiming_hours(tmp_path))
    assert "four hours" not in message
    assert "more sound than a file its size can" in message


def test_memory_follows_the_real_sound_not_the_header(tmp_path: Path) -> None:
    """A WAV whose header promises far more than the file holds is cut short, and what is
    made while decoding is the size of what is really there."""
    path = tmp_path / "liar.wav"
    real = (np.arange(44100) % 200 - 100).astype(np.int16)
    path.write_bytes(_wav_header(44100, 1, 2_000_000_000) + real.tobytes())
    assert "cut short" in _reason(path)


@pytest.mark.parametrize(("ext", "fmt", "subtype", "rate"),
                         [("aiff", "AIFF", "PCM_16", 44100), ("opus", "OGG", "OPUS", 48000)])
def test_aiff_and_opus_are_read_and_offered(tmp_path: Path, ext: str, fmt: str,
                                            subtype: str, rate: int) -> None:
    from ebbtide.audio.decode import DIALOG_FILTER, SUPPORTED_SUFFIXES

    path = tmp_path / f"tone.{ext}"
    soundfile.write(path, _tone(2.0, rate), rate, format=fmt, subtype=subtype)
    pcm = decode_all(path)
    assert abs(pcm.shape[0] - 2 * SAMPLE_RATE) < 0.1 * SAMPLE_RATE
    assert f".{ext}" in SUPPORTED_SUFFIXES and f"*.{ext}" in DIALOG_FILTER


def test_a_pipe_is_not_called_a_folder_and_does_not_hang(tmp_path: Path) -> None:
    import os

    path = tmp_path / "stream.mp3"
    os.mkfifo(path)
    message = _reason(path)  # opening a pipe for reading would wait for a writer forever
    assert "folder" not in message and "not an ordinary file" in message


def test_a_device_is_refused_in_plain_words() -> None:
    message = _reason(Path("/dev/zero"))
    assert "folder" not in message and "not an ordinary file" in message


def test_a_name_that_is_not_utf8_plays_and_is_named_readably(tmp_path: Path) -> None:
    import os

    raw = os.fsencode(tmp_path) + b"/caf\xe9 calm.wav"  # Latin-1 bytes, as old systems made
    path = Path(os.fsdecode(raw))
    soundfile.write(raw, _tone(1.0, 44100), 44100, subtype="PCM_16")
    assert decode_all(path).shape[0] == SAMPLE_RATE
    path.write_bytes(b"not sound")
    with pytest.raises(AudioFileError) as caught:
        decode(path)
    message = caught.value.message
    message.encode("utf-8")  # fit for Qt and the log: no lone surrogates
    assert "caf\ufffd calm.wav" in message
