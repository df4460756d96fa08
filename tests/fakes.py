"""The one home of the test stand-ins: a clock tests move by hand, a sound library that
keeps what it was given, and an effects-only engine for pages that only ring cues."""

from __future__ import annotations

from typing import Any

import numpy as np


class FakeClock:
    """Monotonic seconds that move only when a test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class RecordingBackend:
    """Keeps every buffer it is given (the live array, as simpleaudio does). It can be
    told to fail at once (`fail_on_play`) or to die part way (`die`)."""

    def __init__(self, fail_on_play: bool = False) -> None:
        self.fail_on_play = fail_on_play
        self.played: list[dict[str, Any]] = []

    def play(self, pcm: np.ndarray, channels: int, sample_rate: int) -> Any:
        if self.fail_on_play:
            raise RuntimeError("Error opening PCM device. -- CODE: -2")
        handle = {"pcm": pcm, "channels": channels, "rate": sample_rate, "playing": True}
        self.played.append(handle)
        return handle

    def stop(self, handle: Any) -> None:
        handle["playing"] = False

    def is_playing(self, handle: Any) -> bool:
        return bool(handle["playing"])

    def die(self) -> None:
        for handle in self.played:
            handle["playing"] = False

    @property
    def streams(self) -> list[dict[str, Any]]:
        """What was played, without the start-up probe."""
        return [h for h in self.played if h["pcm"].shape[0] > 64]


class FakeEngine:
    """The audio engine as the breathing cues use it: short effects, stop, availability.
    `fail` makes every effect raise, as a device that vanished would."""

    def __init__(self, available: bool = True, fail: bool = False) -> None:
        self.available = available
        self.unavailable_reason = None if available else "No sound device is available."
        self.fail = fail
        self.calls: list[tuple[int, int, float]] = []  # (samples, rate, gain)
        self.stops = 0

    @property
    def effects(self) -> list[int]:
        return [n for n, _, _ in self.calls]

    def play_effect(self, samples: np.ndarray, sample_rate: int = 44100,
                    gain: float = 1.0) -> None:
        if self.fail:
            raise OSError("no device")
        self.calls.append((len(samples), sample_rate, gain))

    def stop_all(self) -> None:
        self.stops += 1
