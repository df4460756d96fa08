"""Hear what simpleaudio really played: ALSA's `file` plugin writes every sample handed to
the default device into a file we can analyse.

The file plugin sits behind a `plug` that turns every stream into stereo 16-bit 44.1 kHz,
and writes into a pipe read by this same file run as a script (`capture.py pace OUT`). The
reader passes the bytes on at the real-time rate, so simpleaudio is paced as by a sound
card (ALSA's null device alone swallows a whole buffer at once), and it holds a lock on
the output file so streams are appended one after the other, in the order they opened.

Used by the engine tests (in a subprocess, because ALSA reads its configuration once) and
by benchmarks/audio.py.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

FRAME_BYTES = 4  # stereo int16
RATE = 44100
F_SETPIPE_SZ = 1031


def write_config(folder: Path, paced: bool = True) -> tuple[Path, Path]:
    """An asound.conf that captures into folder/out.raw; returns (conf, raw)."""
    folder.mkdir(parents=True, exist_ok=True)
    raw = folder / "out.raw"
    pacer = f"| exec {sys.executable} {Path(__file__).resolve()} pace {raw}"
    target = pacer if paced else str(raw)
    conf = folder / "asound.conf"
    conf.write_text(
        'pcm.!default { type plug; slave { pcm "ebbtide_capture"; channels 2; '
        "rate 44100; format S16_LE } }\n"
        f'pcm.ebbtide_capture {{ type file; slave.pcm "null"; file "{target}"; '
        'format "raw" }\n',
        encoding="utf-8",
    )
    return conf, raw


def alsa_env(conf: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["ALSA_CONFIG_PATH"] = f"/usr/share/alsa/alsa.conf:{conf}"
    return env


def run_captured(script: str, folder: Path, timeout: float = 60.0,
                 paced: bool = True) -> tuple[np.ndarray, str]:
    """Run Python code with ALSA pointed at the capture; return (frames int16 (n, 2),
    the script's stdout). The script's own failure fails the caller loudly."""
    conf, raw = write_config(folder, paced=paced)
    raw.unlink(missing_ok=True)
    done = subprocess.run([sys.executable, "-c", script], env=alsa_env(conf),
                          capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise AssertionError(f"capture script failed:\n{done.stderr}")
    # The last pacer may still be writing its final bytes.
    time.sleep(0.2)
    data = np.fromfile(raw, dtype=np.int16) if raw.exists() else np.zeros(0, np.int16)
    return data[: data.shape[0] // 2 * 2].reshape(-1, 2), done.stdout


def _pace(out_path: str) -> None:
    with open(out_path, "ab") as out:
        fcntl.flock(out, fcntl.LOCK_EX)  # one stream after another, in order
        with contextlib.suppress(OSError):  # a small pipe keeps the lead short
            fcntl.fcntl(0, F_SETPIPE_SZ, 4096)
        started: float | None = None
        written = 0
        while True:
            chunk = os.read(0, 4096)
            if not chunk:
                break
            if started is None:
                started = time.monotonic()
                # When this stream's first bytes reached the "device" (the benchmark
                # compares it with when play was pressed; the clock is system-wide).
                with open(out_path + ".starts", "a", encoding="ascii") as starts:
                    starts.write(f"{started:.6f}\n")
            out.write(chunk)
            out.flush()
            written += len(chunk)
            ahead = written / (FRAME_BYTES * RATE) - (time.monotonic() - started)
            if ahead > 0:
                time.sleep(ahead)


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "pace":
    _pace(sys.argv[2])
