"""The shipped narration, measured as a meditation teacher would hear it: an unhurried
pace, pauses that breathe and vary, phrase endings that fade rather than cut, a soft bell
after a short closing sentence (and none at the end of the night track), cue words equally
loud, the offer to skip a part of the body before the hips and the chest, and no digital
dropouts in what is actually played. Reads the committed files; needs no voice."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from ebbtide.audio import SAMPLE_RATE
from ebbtide.audio.decode import decode
from ebbtide.audio.listening import level_dbfs, listening_mix
from ebbtide.audio.loudness import word_loudness
from ebbtide.audio.narration import PaceLimits, TrackFacts, measure_track
from ebbtide.audio.synth import bed
from ebbtide.core.meditations import CUE_WORDS, Meditation, cue_file, load_meditations, load_scripts
from ebbtide.core.paths import audio_path
from ebbtide.core.settings import SETTINGS

LIMITS = PaceLimits()
BODY_SCANS = ("body-scan-5", "body-scan-15", "night-body-scan")


@pytest.fixture(scope="module")
def meditations() -> dict[str, Meditation]:
    return {m.id: m for m in load_meditations()}


@pytest.fixture(scope="module")
def endings() -> dict[str, str]:
    return {s.id: s.ending for s in load_scripts()}


@pytest.fixture(scope="module")
def facts(meditations: dict[str, Meditation]) -> dict[str, TrackFacts]:
    measured = {}
    for meditation in meditations.values():
        audio, rate = sf.read(str(meditation.audio_file), dtype="float32")
        manifest = json.loads(meditation.audio_file.with_suffix(".json").read_text("utf-8"))
        captions = [(c.start_s, c.end_s, c.text) for c in meditation.captions]
        measured[meditation.id] = measure_track(audio, rate, captions, manifest.get("bell_s"))
    return measured


def test_the_new_tracks_are_there(meditations: dict[str, Meditation],
                                  endings: dict[str, str]) -> None:
    assert {"steady-now", "night-body-scan"} <= set(meditations)
    assert endings["night-body-scan"] == "fade"
    assert 2.5 * 60 <= meditations["steady-now"].duration_s <= 4 * 60
    assert 18 * 60 <= meditations["night-body-scan"].duration_s <= 22 * 60


def test_every_track_is_spoken_at_an_unhurried_pace(facts: dict[str, TrackFacts]) -> None:
    low, high = LIMITS.wpm_span
    for track_id, track in facts.items():
        assert low <= track.wpm_span <= high, (track_id, round(track.wpm_span))


def test_gaps_between_sentences_breathe_and_vary(facts: dict[str, TrackFacts]) -> None:
    low, high = LIMITS.sentence_gap_s
    for track_id, track in facts.items():
        assert track.sentence_gaps_s, track_id
        assert min(track.sentence_gaps_s) >= low, track_id
        assert max(track.sentence_gaps_s) <= high, track_id
    every_gap = [g for track in facts.values() for g in track.sentence_gaps_s]
    # Not one fixed length any more: they follow the meaning.
    assert np.std(every_gap) >= LIMITS.min_gap_spread_s


def test_phrases_end_in_a_fade_not_a_cut(facts: dict[str, TrackFacts]) -> None:
    low, high = LIMITS.ending_s
    for track_id, track in facts.items():
        assert track.endings_s, track_id
        assert low <= min(track.endings_s) and max(track.endings_s) <= high, (
            track_id, min(track.endings_s), max(track.endings_s))


def test_commas_get_a_short_pause(facts: dict[str, TrackFacts]) -> None:
    pauses = [p for track in facts.values() for p in track.phrase_pauses_s]
    assert len(pauses) > 100
    assert 0.3 <= float(np.median(pauses)) <= 0.8


def test_every_track_passes_every_limit(facts: dict[str, TrackFacts],
                                        endings: dict[str, str]) -> None:
    for track_id, track in facts.items():
        assert track.problems(LIMITS, bell_expected=endings[track_id] == "bell") == [], track_id


def test_a_soft_bell_rings_after_a_short_closing_sentence(
        meditations: dict[str, Meditation], facts: dict[str, TrackFacts],
        endings: dict[str, str]) -> None:
    for track_id, track in facts.items():
        if endings[track_id] != "bell":
            continue
        last = meditations[track_id].captions[-1]
        assert "bell" in last.text.lower() and len(last.text.split()) <= 25, track_id
        assert track.bell_s is not None and track.bell_s > last.end_s, track_id
        assert track.bell_tonal, track_id
        # Soft: well under the voice (whose gated RMS is -20 dBFS), yet clearly there.
        assert -40.0 < track.bell_level_db < -22.0, (track_id, track.bell_level_db)


def test_the_night_track_ends_in_quiet_without_a_bell(
        meditations: dict[str, Meditation], facts: dict[str, TrackFacts]) -> None:
    night = meditations["night-body-scan"]
    track = facts["night-body-scan"]
    assert track.bell_s is None
    assert track.end_level_db < -70.0
    audio, rate = sf.read(str(night.audio_file), dtype="float32")
    after_words = audio[int(night.captions[-1].end_s * rate) :]
    assert after_words.size > 20 * rate  # a long quiet close, nothing to wake anyone
    assert np.max(np.abs(after_words)) == 0.0
    # The voice grows softer towards the end.
    first, last = night.captions[2], night.captions[-1]
    level = [level_dbfs(audio[int(c.start_s * rate) : int(c.end_s * rate)]) for c in (first, last)]
    assert level[1] < level[0] - 2.0


def _caption_naming(meditation: Meditation, word: str) -> str:
    return next(c.text for c in meditation.captions if word in c.text.lower())


def test_body_scans_offer_to_skip_before_the_hips_and_the_chest(
        meditations: dict[str, Meditation]) -> None:
    for track_id in BODY_SCANS:
        for region in ("hips", "chest"):
            offer = _caption_naming(meditations[track_id], region).lower()
            assert "skip" in offer and "open your eyes" in offer, (track_id, region)


def test_the_short_scan_offers_more_than_stopping(meditations: dict[str, Meditation]) -> None:
    opening = " ".join(c.text.lower() for c in meditations["body-scan-5"].captions[:3])
    assert "stop" in opening and "skip" in opening and "open your eyes" in opening


def test_guided_words_do_not_assume_the_hurt_is_over(meditations: dict[str, Meditation]) -> None:
    words = " ".join(c.text.lower() for m in meditations.values() for c in m.captions)
    assert "different people" not in words  # not true for someone still with that partner
    assert "you let it in" not in words


def test_cue_words_are_equally_loud() -> None:
    levels = {}
    for word in CUE_WORDS:
        audio, rate = sf.read(str(cue_file(word)), dtype="float32")
        levels[word] = word_loudness(audio, rate)
    middle = float(np.median(list(levels.values())))
    for word, level in levels.items():
        assert abs(level - middle) <= 0.5, (word, round(level - middle, 2))


def test_audio_folder_stays_under_30_mb() -> None:
    root = audio_path()
    total = sum(f.stat().st_size for f in Path(root).rglob("*") if f.is_file())
    assert total < 30e6


# -- room tone under the pauses, mixed as it plays ------------------------------------


def test_room_tone_is_on_unless_turned_off() -> None:
    assert SETTINGS["room_tone_on"].default is True


def _pause_frames(meditation: Meditation) -> tuple[int, int]:
    """The longest rest between two captions, at the engine's rate, less a margin."""
    gaps = [(b.start_s - a.end_s, a.end_s, b.start_s)
            for a, b in zip(meditation.captions, meditation.captions[1:], strict=False)]
    _, start, stop = max(gaps)
    return int((start + 0.5) * SAMPLE_RATE), int((stop - 0.5) * SAMPLE_RATE)


def test_pauses_hold_a_quiet_room_tone_not_digital_silence(
        meditations: dict[str, Meditation]) -> None:
    meditation = meditations["steady-now"]
    voice = decode(meditation.audio_file)
    start, stop = _pause_frames(meditation)
    with_tone = listening_mix(voice, room_tone_on=True).render(start, stop - start)
    assert -65.0 <= level_dbfs(with_tone) <= -60.0
    without = listening_mix(voice, room_tone_on=False).render(start, stop - start)
    assert not without.any()
    # A bed the person chose takes the room tone's place; it is not laid on top.
    loop = bed("rain")
    with_bed = listening_mix(voice, bed=loop, room_tone_on=True)
    assert with_bed.bed is loop


def test_what_plays_has_no_dropouts_and_the_tone_hides_under_speech(
        meditations: dict[str, Meditation]) -> None:
    meditation = meditations["steady-now"]
    voice = decode(meditation.audio_file)
    mix = listening_mix(voice, room_tone_on=True)
    played = mix.render(0, mix.length - int(0.1 * SAMPLE_RATE))[:, 0]
    zero = np.concatenate([[False], np.abs(played) < 1e-7, [False]])
    edges = np.flatnonzero(np.diff(zero.astype(np.int8))).reshape(-1, 2)
    longest_zero_run = int(np.max(edges[:, 1] - edges[:, 0], initial=0))
    assert longest_zero_run <= 0.05 * SAMPLE_RATE  # none of a whole 50 ms
    spoken = meditation.captions[3]
    a, b = int(spoken.start_s * SAMPLE_RATE), int(spoken.end_s * SAMPLE_RATE)
    plain = listening_mix(voice, room_tone_on=False).render(a, b - a)
    assert abs(level_dbfs(mix.render(a, b - a)) - level_dbfs(plain)) < 0.05
