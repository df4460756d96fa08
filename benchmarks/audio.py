"""The audio engine against simpleaudio playing the same raw buffer, in one run.

    .venv/bin/python benchmarks/audio.py [--trials 5] [--cpu-seconds 8] [--memory-minutes 30]

Sound goes to ALSA's file plugin, which writes it into a FIFO read by a thread here at
the real-time rate, like a sound card; so this runs on a machine with no sound device,
and the moment each stream's first bytes arrive is measured in this process. Printed,
each beside its baseline and their ratio:

  ready to play  decoding a built-in meditation (int16, resampled to 44.1 kHz; the page
                 does this in the background when Begin is pressed) vs. soundfile
                 reading the same file as it is
  first sample   time from pressing play to the first bytes reaching the device:
                 AudioEngine.open(mix).play() (render the first block, hand the stream
                 over) vs. simpleaudio.play_buffer() on the already-made int16 buffer
  CPU while      process CPU seconds per second of playback of a guided meditation
  playing        with a rain bed under it (the engine renders and mixes ahead in its
                 worker thread) vs. simpleaudio playing the plain voice buffer
  memory         for a long stereo recording: peak resident memory added by decoding
                 it and by playing it through to the end (the whole output buffer
                 rendered), each as a multiple of its decoded PCM size

Medians of several runs. Nothing asserts: numbers on a shared machine wobble.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "app"))

import contextlib  # noqa: E402
import fcntl  # noqa: E402
import threading  # noqa: E402

CAPTURE = Path(tempfile.mkdtemp(prefix="ebbtide-audio-bench-"))
FIFO = CAPTURE / "device.fifo"
os.mkfifo(FIFO)
CONF = CAPTURE / "asound.conf"
CONF.write_text(
    'pcm.!default { type plug; slave { pcm "bench_capture"; channels 2; rate 44100; '
    'format S16_LE } }\n'
    f'pcm.bench_capture {{ type file; slave.pcm "null"; file "{FIFO}"; format "raw" }}\n',
    encoding="utf-8",
)
# ALSA reads its configuration when the first sound opens: set it before that.
os.environ["ALSA_CONFIG_PATH"] = f"/usr/share/alsa/alsa.conf:{CONF}"
FRAME_BYTES = 4
STARTS: list[float] = []  # when each stream's first bytes reached the "device"
ENDS: list[float] = []  # when the device had taken each stream's last bytes


def _device() -> None:
    """A pretend sound card in a thread: takes each stream from the FIFO at the
    real-time rate (so simpleaudio is paced as by hardware) and notes when its first
    bytes arrived."""
    while True:
        fd = os.open(FIFO, os.O_RDONLY)
        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, 1031, 4096)  # F_SETPIPE_SZ: a small pipe, a short lead
        started: float | None = None
        received = 0
        while True:
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            if started is None:
                started = time.monotonic()
                STARTS.append(started)
            received += len(chunk)
            ahead = received / (FRAME_BYTES * 44100) - (time.monotonic() - started)
            if ahead > 0:
                time.sleep(ahead)
        os.close(fd)
        if started is not None:
            ENDS.append(time.monotonic())


def _device_idle(timeout: float = 10.0) -> None:
    """Wait until the pretend card has finished every stream, so the next one opens the
    FIFO afresh and its first bytes are told apart."""
    deadline = time.monotonic() + timeout
    while len(ENDS) < len(STARTS) and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.05)


threading.Thread(target=_device, name="pretend-sound-card", daemon=True).start()

import numpy as np  # noqa: E402
import simpleaudio  # noqa: E402

from ebbtide.audio import SAMPLE_RATE  # noqa: E402
from ebbtide.audio.decode import decode  # noqa: E402
from ebbtide.audio.engine import AudioEngine  # noqa: E402
from ebbtide.audio.mixer import Mix, to_int16  # noqa: E402
from ebbtide.audio.synth import bed  # noqa: E402


def _starts() -> list[float]:
    return list(STARTS)


def _first_sample_after(pressed: float, before: int, timeout: float = 5.0) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        starts = _starts()
        if len(starts) > before:
            return starts[before] - pressed
        time.sleep(0.001)
    raise RuntimeError("No sound reached the capture; is ALSA's file plugin working?")


def _voice_file() -> Path | None:
    candidates = sorted((REPO / "audio" / "voice").glob("*.ogg"))
    return candidates[0] if candidates else None


def decode_time(path: Path, trials: int) -> tuple[float, float]:
    """Getting a meditation ready (our decode: int16, resampled to 44.1 kHz) vs.
    soundfile reading the same file as it is."""
    import soundfile

    ours, base = [], []
    for _ in range(trials):
        t = time.perf_counter()
        decode(path)
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        soundfile.read(path, dtype="int16")
        base.append(time.perf_counter() - t)
    return statistics.median(ours), statistics.median(base)


def _voice() -> np.ndarray:
    path = _voice_file()
    if path is not None:
        return decode(path)
    t = np.arange(60 * SAMPLE_RATE) / SAMPLE_RATE
    return to_int16((0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32))[:, None]


def first_sample(engine: AudioEngine, voice: np.ndarray, trials: int) -> tuple[float, float]:
    clip = np.ascontiguousarray(voice[: 2 * SAMPLE_RATE])
    loop = bed("rain")
    ours: list[float] = []
    base: list[float] = []
    for _ in range(trials):
        engine.wait_quiet(10)
        _device_idle()
        before = len(_starts())
        pressed = time.monotonic()
        player = engine.open(Mix(length=clip.shape[0], channels=clip.shape[1], voice=clip,
                                 bed=loop, bed_gain=0.6))
        player.play()
        ours.append(_first_sample_after(pressed, before))
        while player.state == "playing":
            time.sleep(0.02)
        engine.wait_quiet(10)
        _device_idle()

        before = len(_starts())
        pressed = time.monotonic()
        handle = simpleaudio.play_buffer(clip, clip.shape[1], 2, SAMPLE_RATE)
        base.append(_first_sample_after(pressed, before))
        handle.wait_done()
        _device_idle()
    return statistics.median(ours), statistics.median(base)


def cpu_use(engine: AudioEngine, voice: np.ndarray, seconds: float) -> tuple[float, float]:
    clip = np.ascontiguousarray(voice[: int(seconds * SAMPLE_RATE)])
    loop = bed("rain")
    engine.wait_quiet(10)
    _device_idle()
    player = engine.open(Mix(length=clip.shape[0], channels=clip.shape[1], voice=clip,
                             bed=loop, bed_gain=0.6))
    cpu0, wall0 = time.process_time(), time.monotonic()
    player.play()
    while player.state == "playing":
        time.sleep(0.05)
    ours = (time.process_time() - cpu0) / (time.monotonic() - wall0)
    engine.wait_quiet(10)
    _device_idle()
    cpu0, wall0 = time.process_time(), time.monotonic()
    handle = simpleaudio.play_buffer(clip, clip.shape[1], 2, SAMPLE_RATE)
    handle.wait_done()
    base = (time.process_time() - cpu0) / (time.monotonic() - wall0)
    return ours, base


def _rss_peak_reset() -> None:
    Path("/proc/self/clear_refs").write_text("5", encoding="ascii")


def _rss_peak() -> int:
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def _rss() -> int:
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def memory(minutes: float) -> tuple[int, float, float]:
    """A long stereo WAV: peak memory added by decode, and by decode + a full play."""
    import soundfile

    path = CAPTURE / "long.wav"
    frames = int(minutes * 60 * SAMPLE_RATE)
    with soundfile.SoundFile(path, "w", SAMPLE_RATE, 2, "PCM_16") as f:
        block = SAMPLE_RATE * 10
        t = np.arange(block) / SAMPLE_RATE
        tone = to_int16(np.stack([0.2 * np.sin(2 * np.pi * 220 * t)] * 2, axis=1))
        for _ in range(frames // block):
            f.write(tone)
    engine = AudioEngine(volume=0.5, probe=False, backend=_HoldingBackend())
    start = _rss()
    _rss_peak_reset()
    pcm = decode(path)
    decoded = pcm.nbytes
    after_decode = _rss_peak() - start
    player = engine.open(Mix(length=pcm.shape[0], channels=2, voice=pcm))
    player.play()
    stream = player._stream
    assert stream is not None
    engine._render(stream, player.mix, upto=stream.frames)  # as if played to the end
    after_play = _rss_peak() - start
    player.stop()
    engine.close()
    path.unlink()
    return decoded, after_decode / decoded, after_play / decoded


class _HoldingBackend:
    """Takes the buffer and keeps it, as simpleaudio does, without a device."""

    def play(self, pcm: np.ndarray, channels: int, sample_rate: int) -> object:
        return {"pcm": pcm}

    def stop(self, handle: object) -> None:
        pass

    def is_playing(self, handle: object) -> bool:
        return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--cpu-seconds", type=float, default=8.0)
    parser.add_argument("--memory-minutes", type=float, default=30.0)
    args = parser.parse_args()

    engine = AudioEngine(volume=0.7)
    if not engine.available:
        print(f"No sound through the capture: {engine.unavailable_reason}")
        return
    voice = _voice()
    path = _voice_file()
    if path is not None:
        ours, base = decode_time(path, args.trials)
        print(f"ready to play  decode {ours * 1000:7.1f} ms   soundfile   {base * 1000:7.1f} ms"
              f"   ratio {ours / base:5.2f}   ({path.name}, {voice.shape[0] / SAMPLE_RATE:.0f} s)")
    ours, base = first_sample(engine, voice, args.trials)
    print(f"first sample   engine {ours * 1000:7.1f} ms   simpleaudio {base * 1000:7.1f} ms"
          f"   ratio {ours / base:5.2f}")
    ours, base = cpu_use(engine, voice, args.cpu_seconds)
    print(f"CPU playing    engine {ours * 100:7.2f} %    simpleaudio {base * 100:7.2f} %"
          f"    ratio {ours / max(base, 1e-6):5.2f}")
    engine.close()
    decoded, at_decode, at_play = memory(args.memory_minutes)
    print(f"memory         {args.memory_minutes:g} min stereo = {decoded / 1e6:.0f} MB decoded;"
          f" peak added: decode {at_decode:.2f}×, decode + full play {at_play:.2f}×")


if __name__ == "__main__":
    main()
