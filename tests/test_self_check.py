"""`ebbtide --self-check` as a helper would run it: in its own process (ALSA reads its
configuration once), with simpleaudio's real output captured through ALSA's file plugin.
The bundled app's smoke test (packaging/pyinstaller/smoke.sh) runs the same check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from ebbtide.self_check import TONE_HZ, TONE_LEVEL, TONE_S

from .audio.capture import RATE, alsa_env, write_config

REPO = Path(__file__).resolve().parent.parent


def _self_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {**env, "PYTHONPATH": str(REPO / "app")}
    env.pop("QT_QPA_PLATFORM", None)  # the check chooses offscreen by itself
    return subprocess.run([sys.executable, "-m", "ebbtide", "--self-check"], env=env,
                          capture_output=True, text=True, timeout=120)


def test_self_check_opens_everything_and_plays_one_second_of_tone(tmp_path) -> None:
    conf, raw = write_config(tmp_path, paced=False)
    their_data = tmp_path / "their-data"
    done = _self_check({**alsa_env(conf), "EBBTIDE_DATA_DIR": str(their_data)})
    assert done.returncode == 0, done.stdout + done.stderr
    # A temporary folder only: nothing of the person's own data is opened or made.
    home = Path(os.environ["HOME"])
    assert not their_data.exists()
    assert not [p for p in home.rglob("*") if "ebbtide" in p.name.lower()]
    lines = done.stdout.splitlines()
    assert [line.split(":")[0] for line in lines[1:4]] == ["store", "window", "sound"]
    assert all(": ok" in line for line in lines[1:4]) and lines[-1] == "all checks passed"

    left = np.fromfile(raw, dtype=np.int16).reshape(-1, 2)[:, 0].astype(np.float64)
    sounding = np.flatnonzero(np.abs(left) > 100)
    assert abs((sounding[-1] - sounding[0] + 1) / RATE - TONE_S) < 0.02
    middle = left[sounding[0] + RATE // 10 : sounding[-1] - RATE // 10]
    rms = float(np.sqrt(np.mean(middle**2)))
    assert abs(rms - TONE_LEVEL * 32768 / np.sqrt(2)) < 0.03 * rms  # the full volume
    crossings = np.count_nonzero(np.diff(np.signbit(middle)))
    assert abs(crossings / 2 / (middle.size / RATE) - TONE_HZ) < 5


def test_without_a_sound_device_the_self_check_says_so_and_fails(tmp_path) -> None:
    conf = tmp_path / "asound.conf"
    conf.write_text('pcm.!default { type hw; card 42 }\n', encoding="utf-8")
    done = _self_check(alsa_env(conf))
    assert done.returncode == 1
    assert "sound: FAILED (No sound device is available" in done.stdout
    assert "window: ok" in done.stdout  # the rest still works, quietly

