"""The one audio engine: short effects (fire and forget) and one long stream at a time
(a guided meditation, a recording, a timer) with play, pause, resume, seek, volume and a
position the page can show.

simpleaudio only plays a whole buffer from its start and can stop it. It reads our buffer
in place while it plays (it keeps a reference, it does not copy), so the rest is built
here:

- A stream is one int16 buffer as long as what is left to play, in an anonymous memory
  map. A worker thread renders the mix into it a few seconds ahead of what is being
  heard, and hands pages more than RELEASE_BEHIND_S behind what is heard back to the
  system (madvise), so a long session costs the same memory as a short one. Pages never
  rendered (silence) are never touched, so they cost nothing either.
- Position is a monotonic clock since the stream started, not a count of ticks.
- Volume, pause and stop change the buffer a little ahead of the sound (CHANGE_LEAD_S:
  past what simpleaudio may already have handed to the device), with a short fade, so
  nothing clicks. Pause is "fade out and stop"; resume and seek start a new stream with a
  fade in.
- No device, or the device failing: the session carries on silently on the clock, and
  `unavailable_reason` says why so the page can show a small notice. Nothing raises.

Streams for narration and beds: `engine.open(mix)` returns a `Player` (see mixer.Mix for
what a mix holds). Only one player plays at a time; opening a new one stops the old.
"""

from __future__ import annotations

import logging
import mmap
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from ebbtide.audio import SAMPLE_RATE
from ebbtide.audio.mixer import Mix, resample, to_int16
from ebbtide.audio.synth import apply_edge_fades, fade_ramp
from ebbtide.audio.voice import RELEASE_BEHIND_S, anonymous_map, release_pages

log = logging.getLogger(__name__)

FADE_S = 0.015
FADE_FRAMES = int(FADE_S * SAMPLE_RATE)
# How far ahead of what is heard simpleaudio may already have read our buffer: ALSA's
# buffer (simpleaudio asks for 100 ms), the block being written and whatever the sound
# server holds. Measured at about 0.4 s through ALSA's file plugin; changes land this far
# ahead so they always reach the device. Stopping sooner cannot be clean: simpleaudio's
# stop() drains (plays out) all it has already written, so a fade placed before that
# point is never heard and the sound ends on a cut, as late as it would anyway.
CHANGE_LEAD_S = 0.5
RENDER_AHEAD_S = 3.0
RENDER_BLOCK_S = 0.25
FIRST_BLOCK_S = 0.5
# A stream whose playback thread ends this much before its buffer does has failed.
EARLY_END_TOLERANCE_S = 1.0
WORKER_TICK_S = 0.02

NO_DEVICE_MESSAGE = "No sound device is available, so Ebbtide is quiet."
DEVICE_FAILED_MESSAGE = "The sound device stopped working, so Ebbtide carries on quietly."
NO_LIBRARY_MESSAGE = "Sound is not available on this computer (simpleaudio could not load)."

Clock = Callable[[], float]


class Backend(Protocol):
    """What the engine needs from a sound library."""

    def play(self, pcm: np.ndarray, channels: int, sample_rate: int) -> Any: ...

    def stop(self, handle: Any) -> None: ...

    def is_playing(self, handle: Any) -> bool: ...


class SimpleaudioBackend:
    """simpleaudio, imported on first use so a missing library never breaks import."""

    def __init__(self) -> None:
        import simpleaudio

        self._sa = simpleaudio

    def play(self, pcm: np.ndarray, channels: int, sample_rate: int) -> Any:
        return self._sa.play_buffer(pcm, channels, 2, sample_rate)

    def stop(self, handle: Any) -> None:
        handle.stop()

    def is_playing(self, handle: Any) -> bool:
        return bool(handle.is_playing())


@dataclass
class _GainChange:
    frame: int  # in the stream's own frames
    start: float
    end: float


@dataclass(eq=False)  # streams are compared by identity, never by their samples
class _Stream:
    """One buffer handed to the device. `pcm` is what simpleaudio reads, in place."""

    pcm: np.ndarray  # int16 (frames, channels)
    started: float  # clock time the device took it
    handle: Any = None
    first_frame: int = 0  # the program frame at pcm[0] (players only)
    rendered: int = 0  # pcm[:rendered] is final (players only)
    limit: int | None = None  # a fade-out ends here; silence after
    stop_at: float | None = None  # clock time to release the device
    is_player: bool = False
    released: bool = False  # told to stop; kept until its thread has let go
    gains: list[_GainChange] = field(default_factory=list)
    memory: mmap.mmap | None = None  # what pcm lives in (players only)
    given_back: int = 0  # bytes of `memory` already handed back to the system

    @property
    def frames(self) -> int:
        return int(self.pcm.shape[0])

    def heard(self, now: float) -> int:
        return max(0, int((now - self.started) * SAMPLE_RATE))

    def change_frame(self, now: float) -> int:
        """The first frame a change can still reach: CHANGE_LEAD_S past what is heard
        (simpleaudio has already handed everything before it to the device)."""
        return min(self.heard(now) + int(CHANGE_LEAD_S * SAMPLE_RATE), self.frames)

    def gain_at(self, frame: int) -> float:
        g = self.gains[0].start if self.gains else 1.0
        for change in self.gains:
            if change.frame > frame:
                break
            into = frame - change.frame
            g = change.end if into >= FADE_FRAMES else (
                change.start + (change.end - change.start) * into / FADE_FRAMES
            )
        return g

    def envelope(self, start: int, n: int) -> np.ndarray:
        env = np.full(n, self.gains[0].start if self.gains else 1.0, dtype=np.float32)
        ramp = fade_ramp(FADE_FRAMES)
        for change in self.gains:
            if change.frame >= start + n:
                break
            lo = change.frame - start
            env[max(lo, 0) :] = change.end
            r_lo, r_hi = max(lo, 0), min(lo + FADE_FRAMES, n)
            if r_hi > r_lo:
                k = np.arange(r_lo - lo, r_hi - lo)
                env[r_lo:r_hi] = change.start + (change.end - change.start) * ramp[k]
        return env

    def give_back_heard(self, now: float) -> None:
        """Release the pages well behind what is heard: simpleaudio has long read them."""
        if self.memory is None:
            return
        behind = self.heard(now) - int(RELEASE_BEHIND_S * SAMPLE_RATE)
        stop = min(behind, self.rendered) * self.pcm.shape[1] * 2
        if stop > self.given_back:
            self.given_back = release_pages(self.memory, self.given_back, stop)

    def fade_out_at(self, frame: int) -> None:
        """Fade to silence over FADE_S from `frame` and keep silent after it."""
        frame = max(0, min(frame, self.frames))
        end = min(frame + FADE_FRAMES, self.frames)
        if end > frame:
            ramp = fade_ramp(FADE_FRAMES)[::-1][: end - frame]
            self.pcm[frame:end] = (self.pcm[frame:end] * ramp[:, None]).astype(np.int16)
        self.pcm[end : max(end, self.rendered)] = 0
        self.rendered = min(self.rendered, end)
        self.limit = end


class Player:
    """One session's sound: play, pause, resume, seek, stop, and where we are.

    Every method is safe to call with no sound device: the position still moves on the
    clock, so captions and timers keep working. States: "ready", "playing", "paused",
    "ended", "stopped".
    """

    def __init__(self, engine: AudioEngine, mix: Mix) -> None:
        self._engine = engine
        self.mix = mix
        self.state = "ready"
        self._frame = 0  # where we are when not playing
        self._stream: _Stream | None = None
        self._clock_start: float | None = None  # a silent stream (no device)
        self._pending_start: float | None = None  # a new stream waits for the old fade

    # -- what the page shows ----------------------------------------------------------

    @property
    def length_s(self) -> float:
        return self.mix.length_s

    @property
    def position_s(self) -> float:
        with self._engine._lock:
            return self._position_frame(self._engine.clock()) / SAMPLE_RATE

    @property
    def playing(self) -> bool:
        return self.state == "playing"

    # -- what the person does -----------------------------------------------------------

    def play(self, from_s: float | None = None) -> None:
        with self._engine._lock:
            self._engine._take_over(self)
            if from_s is not None:
                self._frame = self._clamp(round(from_s * SAMPLE_RATE))
            elif self.state in ("ended", "stopped"):
                self._frame = 0
            if self.state == "playing":
                if from_s is not None:
                    self._restart_at(self._frame)
                return
            self.state = "playing"
            self._start_at(self._frame)

    def pause(self) -> None:
        with self._engine._lock:
            if self.state != "playing":
                return
            self._frame = self._fade_and_release()
            self.state = "paused"

    def resume(self) -> None:
        if self.state == "paused":
            self.play()

    def toggle(self) -> None:
        if self.state == "playing":
            self.pause()
        else:
            self.play()

    def seek(self, to_s: float) -> None:
        with self._engine._lock:
            frame = self._clamp(round(to_s * SAMPLE_RATE))
            if self.state == "playing":
                self._restart_at(frame)
            else:
                self._frame = frame
                if self.state in ("ended", "stopped"):
                    self.state = "paused"

    def stop(self) -> None:
        """Stop at once (a short fade) and forget the stream; the position stays where
        it stopped so the page can say how long was listened to."""
        with self._engine._lock:
            if self.state == "playing":
                self._frame = self._fade_and_release()
            self.state = "stopped"
            if self._engine._player is self:
                self._engine._player = None

    # -- inside (all called with the engine lock held) -----------------------------------

    def _clamp(self, frame: int) -> int:
        return max(0, min(frame, self.mix.length))

    def _position_frame(self, now: float) -> int:
        if self.state != "playing" or self._pending_start is not None:
            return self._frame
        if self._stream is not None:
            return self._clamp(self._stream.first_frame + self._stream.heard(now))
        if self._clock_start is not None:
            return self._clamp(self._frame + int((now - self._clock_start) * SAMPLE_RATE))
        return self._frame

    def _start_at(self, frame: int) -> None:
        engine = self._engine
        now = engine.clock()
        self._frame = frame
        self._stream = None
        self._clock_start = None
        self._pending_start = None
        if engine._fading_player_streams():
            # The previous stream is still fading out; start when it has gone quiet.
            self._pending_start = now
            engine._wake.set()
            return
        if frame >= self.mix.length:
            self.state = "ended"
            return
        stream = engine._open_stream(self, frame)
        if stream is None:
            self._clock_start = now
        else:
            self._stream = stream
        engine._wake.set()

    def _restart_at(self, frame: int) -> None:
        self._fade_and_release()
        self._start_at(frame)

    def _fade_and_release(self) -> int:
        """Fade the running stream out a little ahead of the sound; return the program
        frame where the sound ends (resume starts there, so nothing is skipped)."""
        now = self._engine.clock()
        here = self._position_frame(now)
        stream = self._stream
        self._pending_start = None
        self._clock_start = None
        self._stream = None
        if stream is None:
            return here
        local = stream.change_frame(now)
        self._engine._fade_stream(stream, local)
        return self._clamp(stream.first_frame + local)

    def _tick(self, now: float) -> None:
        """Worker: start a waiting stream, keep rendering ahead, notice the end."""
        if self.state != "playing":
            return
        if self._pending_start is not None:
            if not self._engine._fading_player_streams():
                self._start_at(self._frame)
            return
        if self._position_frame(now) >= self.mix.length:
            self._frame = self.mix.length
            if self._stream is not None:
                self._stream.limit = self._stream.frames
                self._stream.stop_at = now + 0.1
            self._stream = None
            self._clock_start = None
            self.state = "ended"
            return
        if self._stream is not None and self._stream.handle is not None:
            self._engine._render(self._stream, self.mix)
            self._stream.give_back_heard(now)


class AudioEngine:
    """One per app. Effects for short sounds; `open(mix)` for a session's stream."""

    def __init__(self, volume: float = 0.7, muted: bool = False, *,
                 backend: Backend | None = None, clock: Clock = time.monotonic,
                 probe: bool = True) -> None:
        self.clock = clock
        self._lock = threading.RLock()
        self._wake = threading.Event()
        self._volume = _clamp01(volume)
        self._muted = bool(muted)
        self._streams: list[_Stream] = []
        self._player: Player | None = None
        self._worker: threading.Thread | None = None
        self._closed = False
        self.unavailable_reason: str | None = None
        self._backend: Backend | None = backend
        if backend is None:
            try:
                self._backend = SimpleaudioBackend()
            except Exception as exc:  # ImportError, OSError from a missing libasound
                log.info("simpleaudio could not load: %s", type(exc).__name__)
                self.unavailable_reason = NO_LIBRARY_MESSAGE
        if probe and self._backend is not None:
            self._probe()

    # -- the contract Breathe and the pages use -------------------------------------------

    @property
    def available(self) -> bool:
        return self.unavailable_reason is None

    @property
    def volume(self) -> float:
        return self._volume

    @property
    def muted(self) -> bool:
        return self._muted

    def set_volume(self, volume: float) -> None:
        with self._lock:
            self._volume = _clamp01(volume)
            self._gain_changed()

    def set_muted(self, muted: bool) -> None:
        with self._lock:
            self._muted = bool(muted)
            self._gain_changed()

    def play_effect(self, samples: np.ndarray, sample_rate: int = SAMPLE_RATE,
                    gain: float = 1.0) -> None:
        """Play a short sound now, over anything else. Never raises for sound reasons."""
        level = self._volume * gain
        if self._muted or level <= 0 or self._backend is None or not self.available:
            return
        try:
            data = np.asarray(samples, dtype=np.float32)
            if data.ndim == 1:
                data = data[:, None]
            if data.ndim != 2 or data.shape[1] not in (1, 2) or data.shape[0] == 0:
                raise ValueError("An effect is mono (n,) or stereo (n, 2) samples.")
            data = (resample(data, sample_rate, SAMPLE_RATE) * level).astype(np.float32)
            apply_edge_fades(data, 0.002)  # nothing may start or end on a step
            pcm = np.ascontiguousarray(to_int16(data))
        except (ValueError, TypeError) as exc:
            log.warning("An effect could not be prepared: %s", exc)
            return
        with self._lock:
            stream = _Stream(pcm=pcm, started=self.clock(), rendered=pcm.shape[0])
            if self._hand_to_device(stream, pcm.shape[1]):
                stream.stop_at = stream.started + pcm.shape[0] / SAMPLE_RATE + 0.5
                self._streams.append(stream)
                self._ensure_worker()

    def stop_all(self) -> None:
        """Everything goes quiet (a short fade): effects and the playing session."""
        with self._lock:
            if self._player is not None:
                self._player.stop()
            now = self.clock()
            for stream in list(self._streams):
                if stream.limit is None:
                    self._fade_stream(stream, stream.change_frame(now))

    def close(self) -> None:
        """On quit: release the device at once."""
        with self._lock:
            self._closed = True
            if self._player is not None:
                self._player.state = "stopped"
            for stream in self._streams:
                self._release(stream)
            self._streams.clear()
        self._wake.set()

    # -- sessions ----------------------------------------------------------------------------

    def open(self, mix: Mix) -> Player:
        """A player for one session. Nothing sounds until `play()`."""
        return Player(self, mix)

    @property
    def player(self) -> Player | None:
        return self._player

    def wait_quiet(self, timeout_s: float = 3.0) -> bool:
        """Block until no stream holds the device (tests and the benchmark use this)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with self._lock:
                if not self._streams:
                    return True
            time.sleep(0.01)
        return False

    # -- inside --------------------------------------------------------------------------------

    def _probe(self) -> None:
        """Open the device once with a few silent frames, so the page can say at once
        when there is no sound device."""
        silence = np.zeros((64, 1), dtype=np.int16)
        assert self._backend is not None
        try:
            handle = self._backend.play(silence, 1, SAMPLE_RATE)
        except Exception as exc:
            self._mark_unavailable(NO_DEVICE_MESSAGE, exc)
            return
        self._streams.append(_Stream(pcm=silence, started=self.clock(), handle=handle,
                                     rendered=64, stop_at=self.clock() + 0.5))
        self._ensure_worker()

    def _mark_unavailable(self, reason: str, exc: BaseException | None = None) -> None:
        if self.unavailable_reason is None:
            log.warning("Sound is off: %s (%s)", reason,
                        type(exc).__name__ if exc is not None else "no detail")
        self.unavailable_reason = reason

    def _hand_to_device(self, stream: _Stream, channels: int) -> bool:
        if self._backend is None or not self.available:
            return False
        others_playing = any(s.handle is not None for s in self._streams)
        try:
            stream.handle = self._backend.play(stream.pcm, channels, SAMPLE_RATE)
        except Exception as exc:
            if others_playing:
                # Some devices take one stream at a time; that is not "no device".
                log.info("A second sound could not start (%s)", type(exc).__name__)
            else:
                self._mark_unavailable(NO_DEVICE_MESSAGE, exc)
            return False
        stream.started = self.clock()
        return True

    def _take_over(self, player: Player) -> None:
        """Only one session sounds at a time: a new one stops the old."""
        if self._player is not None and self._player is not player:
            self._player.stop()
        self._player = player
        self._ensure_worker()

    def _fading_player_streams(self) -> bool:
        """An earlier session stream is still fading out or letting go of the device. A
        new one waits for it, so two never play over each other."""
        return any(s.is_player and s.limit is not None for s in self._streams)

    def _gain_now(self) -> float:
        return 0.0 if self._muted else self._volume

    def _open_stream(self, player: Player, frame: int) -> _Stream | None:
        mix = player.mix
        if self._backend is None or not self.available:
            return None
        frames = mix.length - frame
        # An anonymous map is zeros that take no memory until written, and its pages can
        # be given back once heard (simpleaudio reads it in place).
        memory = anonymous_map(max(1, frames * mix.channels * 2))
        pcm = np.frombuffer(memory, dtype=np.int16, count=frames * mix.channels)
        pcm = pcm.reshape(frames, mix.channels)
        stream = _Stream(pcm=pcm, started=self.clock(), first_frame=frame, is_player=True,
                         gains=[_GainChange(0, 0.0, self._gain_now())], memory=memory)
        self._render(stream, mix, upto=min(frames, int(FIRST_BLOCK_S * SAMPLE_RATE)))
        if not self._hand_to_device(stream, mix.channels):
            return None
        self._streams.append(stream)
        return stream

    def _render(self, stream: _Stream, mix: Mix, upto: int | None = None) -> None:
        """Fill the stream's buffer ahead of what is heard, block by block."""
        if upto is None:
            upto = stream.heard(self.clock()) + int(RENDER_AHEAD_S * SAMPLE_RATE)
        end = min(upto, stream.frames if stream.limit is None else stream.limit)
        block = int(RENDER_BLOCK_S * SAMPLE_RATE)
        while stream.rendered < end:
            a = stream.rendered
            n = min(block, end - a)
            program = stream.first_frame + a
            env = stream.envelope(a, n)
            if mix.silent_between(program, program + n) or not env.any():
                if a < stream.frames and stream.pcm[a : a + n].any():
                    stream.pcm[a : a + n] = 0  # a re-render over old sound
            else:
                samples = mix.render(program, n)
                samples *= env[:, None]
                stream.pcm[a : a + n] = to_int16(samples)
            stream.rendered = a + n

    def _gain_changed(self) -> None:
        player = self._player
        if player is None or player._stream is None:
            return
        stream = player._stream
        at = stream.change_frame(self.clock())
        target = self._gain_now()
        current = stream.gain_at(at)
        if abs(current - target) < 1e-6:
            return
        stream.gains = [g for g in stream.gains if g.frame < at]
        stream.gains.append(_GainChange(at, current, target))
        stream.rendered = min(stream.rendered, at)
        self._render(stream, player.mix)

    def _fade_stream(self, stream: _Stream, local_frame: int) -> None:
        stream.fade_out_at(local_frame)
        stream.stop_at = stream.started + (stream.limit or 0) / SAMPLE_RATE + 0.05
        self._wake.set()

    def _release(self, stream: _Stream) -> None:
        """Tell the device to let go; the worker forgets the stream once it has."""
        stream.released = True
        if stream.handle is not None and self._backend is not None:
            try:
                self._backend.stop(stream.handle)
            except Exception as exc:
                log.info("Stopping a sound failed (%s)", type(exc).__name__)

    def _ensure_worker(self) -> None:
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(target=self._run, name="ebbtide-audio",
                                            daemon=True)
            self._worker.start()

    def _run(self) -> None:
        while not self._closed:
            with self._lock:
                try:
                    self._tick()
                except Exception:  # the worker must never die and leave sound running
                    log.exception("The audio worker hit a problem")
            self._wake.wait(WORKER_TICK_S)
            self._wake.clear()

    def _tick(self) -> None:
        now = self.clock()
        if self._player is not None:
            self._player._tick(now)
        for stream in list(self._streams):
            if stream.handle is None or self._backend is None:
                self._streams.remove(stream)
                continue
            if not stream.released and stream.stop_at is not None and now >= stream.stop_at:
                self._release(stream)
            if not self._backend.is_playing(stream.handle):
                end = stream.limit if stream.limit is not None else stream.frames
                if (not stream.released
                        and stream.heard(now) + EARLY_END_TOLERANCE_S * SAMPLE_RATE < end):
                    self._mark_unavailable(DEVICE_FAILED_MESSAGE)
                stream.handle = None
                self._streams.remove(stream)


def _clamp01(v: float) -> float:
    return max(0.0, min(1.0, float(v)))
