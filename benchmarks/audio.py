"""The audio engine on the shipped narration, against simpleaudio doing the same work.

    python benchmarks/audio.py [--trials 5] [--cpu-seconds 8]

Sound goes to ALSA's file plugin, which writes it into a FIFO read by a thread here at
the real-time rate, like a sound card; so this runs on a machine with no sound device,
and the moment each stream's first bytes arrive is measured in this process. The track
is the real 15-minute body scan as shipped (22.05 kHz mono Ogg Vorbis). Printed, each
beside a baseline doing the same work the plain way:

  ready to play  from Begin to a track the engine can play: decode() (decode once into
                 the cache; resampling happens as it plays) vs. soundfile reading the
                 file and soxr resampling all of it to 44.1 kHz
  all the work   decode() and then every block resampled as it would be played, vs.
                 the same baseline (the engine may spread its work, not skip it)
  first sample   pressing play to the first bytes reaching the device:
                 AudioEngine.open(mix).play() vs. simpleaudio.play_buffer() on the
                 baseline's ready-made buffer
  CPU playing    process CPU (all threads) per second of playback of the voice with a
                 rain bed under it vs. simpleaudio playing the plain resampled buffer
  memory         resident memory added by getting the track ready and playing it to the
                 end (a fresh process; time runs on a fake clock, so 15 minutes take
                 seconds), for the 5- and 15-minute body scans, and for the 15-minute one
                 as if it were a person's own recording (encrypted cache); baseline: the
                 plain way (the whole track at 44.1 kHz and an output buffer as long)

Medians of several runs, ours and the baseline taken turn about. Aims: ready and all the
work ≤ 1.5× the baseline; memory flat, ≤ +10 MiB whatever the length.
"""

from __future__ import annotations

import argparse
import atexit
import itertools
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "app"))

import contextlib  # noqa: E402
import fcntl  # noqa: E402
import subprocess  # noqa: E402
import threading  # noqa: E402

from _aims import verdict  # noqa: E402

AIM_RATIO, AIM_MEMORY_MIB = 1.5, 10.0
TRACK = REPO / "audio" / "voice" / "body-scan-15.ogg"
SHORT_TRACK = REPO / "audio" / "voice" / "body-scan-5.ogg"

CAPTURE = Path(tempfile.mkdtemp(prefix="ebbtide-audio-bench-"))
atexit.register(shutil.rmtree, CAPTURE, ignore_errors=True)
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
import soundfile  # noqa: E402

from ebbtide.audio import SAMPLE_RATE  # noqa: E402
from ebbtide.audio.cache import use_cache_dir  # noqa: E402
from ebbtide.audio.decode import decode  # noqa: E402
from ebbtide.audio.engine import AudioEngine  # noqa: E402
from ebbtide.audio.mixer import Mix  # noqa: E402
from ebbtide.audio.synth import bed  # noqa: E402
from ebbtide.audio.voice import resample_all  # noqa: E402


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


def plain_ready(path: Path) -> np.ndarray:
    """The plain way to a playable buffer: read it all, resample it all (soxr)."""
    pcm, rate = soundfile.read(str(path), dtype="int16", always_2d=True)
    return resample_all(pcm, rate)


def interleaved(ours, baseline, trials: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    a: list[float] = []
    b: list[float] = []
    for _ in range(trials):
        for action, times in ((ours, a), (baseline, b)):
            t = time.perf_counter()
            action()
            times.append(time.perf_counter() - t)
    return statistics.median(a), statistics.median(b)


def ready_and_work(path: Path, trials: int) -> tuple[tuple[float, float], tuple[float, float]]:
    def ready() -> None:
        decode(path).close()

    def all_work() -> None:
        voice = decode(path)
        block = SAMPLE_RATE // 4
        for start in range(0, voice.frames, block):
            voice.read(start, block)
        voice.close()

    return (interleaved(ready, lambda: plain_ready(path), trials),
            interleaved(all_work, lambda: plain_ready(path), trials))


def first_sample(engine: AudioEngine, voice, plain: np.ndarray,  # type: ignore[no-untyped-def]
                 trials: int) -> tuple[float, float]:
    clip = np.ascontiguousarray(plain[: 2 * SAMPLE_RATE])
    loop = bed("rain")
    ours: list[float] = []
    base: list[float] = []
    for _ in range(trials):
        engine.wait_quiet(10)
        _device_idle()
        before = len(_starts())
        pressed = time.monotonic()
        player = engine.open(Mix(length=clip.shape[0], channels=clip.shape[1], voice=voice,
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


def cpu_use(engine: AudioEngine, voice, plain: np.ndarray,  # type: ignore[no-untyped-def]
            seconds: float) -> tuple[float, float]:
    clip = np.ascontiguousarray(plain[: int(seconds * SAMPLE_RATE)])
    loop = bed("rain")
    engine.wait_quiet(10)
    _device_idle()
    player = engine.open(Mix(length=clip.shape[0], channels=clip.shape[1], voice=voice,
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


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


class _HoldingBackend:
    """Takes the buffer and keeps it, as simpleaudio does, without a device."""

    def play(self, pcm: np.ndarray, channels: int, sample_rate: int) -> object:
        return pcm

    def stop(self, handle: object) -> None:
        pass

    def is_playing(self, handle: object) -> bool:
        return True


def memory_child(path: Path, private: bool, plain: bool = False) -> None:
    """In a fresh process: resident memory added by getting `path` ready and playing it
    to the end, on a fake clock. Prints `MEM <peak KiB added> <end KiB added> <bytes>`."""
    import cryptography.hazmat.primitives.ciphers  # noqa: F401  # loaded before measuring
    import soxr  # noqa: F401

    now = [0.0]
    engine = AudioEngine(backend=_HoldingBackend(), clock=lambda: now[0], probe=False)
    use_cache_dir(CAPTURE / "cache")
    Path("/proc/self/clear_refs").write_text("5", encoding="ascii")  # reset the peak
    start = _status_kib("VmRSS")
    if plain:
        # The plain way, as Ebbtide did before (but leanly: resampled block by block
        # straight into place): the whole track at 44.1 kHz in memory, and an output
        # buffer as long, rendered all the way as it plays.
        pcm = _whole_track_lean(path)
        out = np.zeros_like(pcm)
        out[:] = pcm
        print(f"MEM {_status_kib('VmHWM') - start} {_status_kib('VmRSS') - start} "
              f"{pcm.nbytes}", flush=True)
        return
    voice = decode(path, private=private)
    player = engine.open(Mix(length=voice.shape[0], channels=voice.shape[1], voice=voice))
    player.play()
    while player.state == "playing":
        now[0] += 0.05  # the worker's pace: 20 ticks a second
        with engine._lock:
            engine._tick()
    decoded = voice.frames * voice.channels * 2
    print(f"MEM {_status_kib('VmHWM') - start} {_status_kib('VmRSS') - start} {decoded}",
          flush=True)
    engine.close()


def _whole_track_lean(path: Path) -> np.ndarray:
    import soxr

    with soundfile.SoundFile(str(path)) as f:
        channels = min(f.channels, 2)
        stream = soxr.ResampleStream(f.samplerate, SAMPLE_RATE, channels, dtype="float32")
        pcm = np.zeros((round(f.frames * SAMPLE_RATE / f.samplerate), channels), np.int16)
        at = 0
        blocks = f.blocks(1 << 16, dtype="float32", always_2d=True)
        for block in itertools.chain(blocks, [None]):
            if block is None:
                y = stream.resample_chunk(np.zeros((0, channels), np.float32), last=True)
            else:
                y = stream.resample_chunk(np.ascontiguousarray(block[:, :channels]))
            y = y.reshape(-1, channels)[: pcm.shape[0] - at]
            pcm[at : at + y.shape[0]] = np.clip(np.rint(y * 32768), -32768, 32767)
            at += y.shape[0]
    return pcm


def memory(path: Path, private: bool = False,
           plain: bool = False) -> tuple[float, float, int]:
    """(peak MiB added, MiB added at the end, decoded bytes at 44.1 kHz)."""
    cmd = [sys.executable, __file__, "--memory-child", str(path)]
    if private:
        cmd.append("--private")
    if plain:
        cmd.append("--plain")
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=True)
    line = next(x for x in out.stdout.splitlines() if x.startswith("MEM "))
    peak, end, decoded = (int(v) for v in line.split()[1:])
    return peak / 1024, end / 1024, decoded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--cpu-seconds", type=float, default=8.0)
    parser.add_argument("--memory-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--private", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--plain", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.memory_child, args.private, args.plain)
        return

    info = soundfile.info(str(TRACK))
    print(f"Track: {TRACK.name}, {info.duration:.0f} s, {info.samplerate} Hz, "
          f"{info.channels} channel(s), {TRACK.stat().st_size / 1e6:.1f} MB")
    use_cache_dir(CAPTURE / "cache")
    (ready, ready_base), (work, work_base) = ready_and_work(TRACK, args.trials)
    print(f"ready to play  decode {ready * 1000:7.1f} ms   read + soxr {ready_base * 1000:7.1f} ms"
          f"   ratio {ready / ready_base:5.2f}")
    print(f"all the work   decode + play-through {work * 1000:7.1f} ms   read + soxr "
          f"{work_base * 1000:7.1f} ms   ratio {work / work_base:5.2f}")
    verdict("audio ready to play (15-minute body scan)",
            f"{ready * 1000:.0f} ms, {ready / ready_base:.2f}× reading and resampling it",
            f"≤ {AIM_RATIO}×", ready / ready_base <= AIM_RATIO)
    verdict("audio, all the decoding and resampling",
            f"{work * 1000:.0f} ms, {work / work_base:.2f}× reading and resampling it",
            f"≤ {AIM_RATIO}×", work / work_base <= AIM_RATIO)

    peak, _end, decoded = memory(TRACK, plain=True)
    print(f"memory         {'plain way, 15-minute scan':<28} +{peak:5.1f} MiB peak   (baseline: "
          "the whole track and its output buffer at 44.1 kHz)")
    for path, private, name in ((SHORT_TRACK, False, "5-minute body scan"),
                                (TRACK, False, "15-minute body scan"),
                                (TRACK, True, "15-minute, as own recording")):
        peak, end, decoded = memory(path, private)
        print(f"memory         {name:<28} +{peak:5.1f} MiB peak, +{end:5.1f} MiB at the end"
              f"   (decoded at 44.1 kHz: {decoded / 2**20:.0f} MiB; file "
              f"{path.stat().st_size / 2**20:.1f} MiB)")
        verdict(f"memory playing the {name} to the end", f"+{peak:.1f} MiB resident at peak",
                f"≤ +{AIM_MEMORY_MIB:g} MiB", peak <= AIM_MEMORY_MIB)

    engine = AudioEngine(volume=0.7)
    if not engine.available:
        print(f"No sound through the capture: {engine.unavailable_reason}")
        return
    voice = decode(TRACK)
    plain = plain_ready(TRACK)
    ours, base = first_sample(engine, voice, plain, args.trials)
    print(f"first sample   engine {ours * 1000:7.1f} ms   simpleaudio {base * 1000:7.1f} ms"
          f"   ratio {ours / base:5.2f}")
    ours, base = cpu_use(engine, voice, plain, args.cpu_seconds)
    print(f"CPU playing    engine {ours * 100:7.2f} %    simpleaudio {base * 100:7.2f} %"
          f"    ratio {ours / max(base, 1e-6):5.2f}")
    verdict("CPU while playing a meditation with a bed", f"{ours * 100:.2f}% of a core "
            f"(simpleaudio alone {base * 100:.2f}%)", "≤ 5% of a core", ours <= 0.05)
    engine.close()


if __name__ == "__main__":
    main()
