"""The built-in meditations: every script loads with its render, captions are where the
voice actually speaks, the body scans are the lengths they say, and broken files give a
clear message naming the file and the entry."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from ebbtide.core.meditations import (
    CUE_WORDS,
    Caption,
    Meditation,
    MeditationContentError,
    caption_at,
    cue_file,
    load_meditations,
    load_script,
)
from ebbtide.core.paths import audio_path

GUIDE_MEDITATIONS = {"now-or-then", "small-promises", "kindness-safe-person"}


@pytest.fixture(scope="module")
def meditations() -> list[Meditation]:
    return load_meditations()


def by_id(meditations: list[Meditation], meditation_id: str) -> Meditation:
    return next(m for m in meditations if m.id == meditation_id)


def test_every_meditation_loads_with_words_and_audio(meditations: list[Meditation]) -> None:
    ids = [m.id for m in meditations]
    assert ids[:2] == ["body-scan-5", "body-scan-15"]
    assert set(ids) >= GUIDE_MEDITATIONS
    assert len(ids) == len(set(ids))
    for meditation in meditations:
        assert meditation.title and meditation.description and meditation.source
        assert meditation.audio_file.is_file()
        assert meditation.audio_file.suffix == ".ogg"
        assert len(meditation.captions) >= 10


def test_every_meditation_says_you_can_stop(meditations: list[Meditation]) -> None:
    for meditation in meditations:
        opening = " ".join(c.text.lower() for c in meditation.captions[:3])
        assert "stop" in opening, meditation.id


def test_captions_are_ordered_apart_and_inside_the_audio(meditations: list[Meditation]) -> None:
    for meditation in meditations:
        info = sf.info(str(meditation.audio_file))
        assert info.channels == 1
        assert meditation.duration_s == pytest.approx(info.duration, abs=0.01)
        previous_end = 0.0
        for caption in meditation.captions:
            assert previous_end <= caption.start_s < caption.end_s <= info.duration
            previous_end = caption.end_s
        # Room to rest after the last words: the file does not stop mid-breath.
        assert info.duration - meditation.captions[-1].end_s >= 3.0


def test_body_scans_last_about_five_and_fifteen_minutes(meditations: list[Meditation]) -> None:
    short = sf.info(str(by_id(meditations, "body-scan-5").audio_file)).duration
    long = sf.info(str(by_id(meditations, "body-scan-15").audio_file)).duration
    assert 4.5 * 60 <= short <= 5.5 * 60
    assert 14 * 60 <= long <= 16 * 60


def _speech_onsets(audio: np.ndarray, rate: int) -> np.ndarray:
    """Starts of speech after 0.4 s of quiet, from 10 ms frame energy."""
    frame = rate // 100
    frames = audio[: audio.size - audio.size % frame].reshape(-1, frame).astype(np.float64)
    energy_db = 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12)
    active = energy_db > energy_db.max() - 35.0
    onsets, quiet = [], 40
    for index, is_active in enumerate(active):
        if is_active and quiet >= 40:
            onsets.append(index * frame / rate)
        quiet = 0 if is_active else quiet + 1
    return np.array(onsets)


def test_captions_appear_when_the_voice_starts_speaking(meditations: list[Meditation]) -> None:
    meditation = by_id(meditations, "body-scan-5")
    audio, rate = sf.read(str(meditation.audio_file), dtype="float32")
    onsets = _speech_onsets(audio, rate)
    for caption in meditation.captions:
        assert np.min(np.abs(onsets - caption.start_s)) < 0.3, caption.text
    # ...and no words are spoken while no caption is showing (the closing bell is not words).
    manifest = json.loads(meditation.audio_file.with_suffix(".json").read_text("utf-8"))
    for onset in onsets[onsets < manifest["bell_s"] - 0.3]:
        assert any(c.start_s - 0.3 <= onset < c.end_s for c in meditation.captions), onset


def test_every_file_is_equally_loud_and_never_clips(meditations: list[Meditation]) -> None:
    levels = []
    for meditation in [by_id(meditations, "body-scan-5"), by_id(meditations, "now-or-then")]:
        audio, _ = sf.read(str(meditation.audio_file), dtype="float32")
        assert np.max(np.abs(audio)) < 10 ** (-1 / 20)  # below -1 dBFS
        speech = np.concatenate(
            [audio[int(c.start_s * 22050) : int(c.end_s * 22050)] for c in meditation.captions]
        )
        levels.append(10 * np.log10(np.mean(speech.astype(np.float64) ** 2)))
    assert abs(levels[0] - levels[1]) < 1.0


def test_caption_at_follows_the_position() -> None:
    captions = (Caption(1.0, 3.0, "first"), Caption(5.0, 8.0, "second"))
    assert caption_at(captions, 0.0) is None
    assert caption_at(captions, 0.999) is None
    assert caption_at(captions, 1.0) == captions[0]
    assert caption_at(captions, 2.999) == captions[0]
    assert caption_at(captions, 3.0) is None  # the pause between them
    assert caption_at(captions, 5.0) == captions[1]
    assert caption_at(captions, 7.5) == captions[1]
    assert caption_at(captions, 8.0) is None
    assert caption_at(captions, 100.0) is None
    assert caption_at((), 1.0) is None


def test_caption_can_stay_up_a_little_after_it_is_spoken() -> None:
    captions = (Caption(1.0, 3.0, "first"), Caption(5.0, 8.0, "second"))
    assert caption_at(captions, 4.0, hold_s=1.5) == captions[0]
    assert caption_at(captions, 4.6, hold_s=1.5) is None
    assert caption_at(captions, 5.0, hold_s=10.0) == captions[1]


def test_caption_at_on_a_real_meditation(meditations: list[Meditation]) -> None:
    captions = by_id(meditations, "body-scan-15").captions
    for caption in captions:
        middle = (caption.start_s + caption.end_s) / 2
        assert caption_at(captions, middle) == caption
        assert caption_at(captions, caption.start_s) == caption


@pytest.mark.parametrize("word", CUE_WORDS)
def test_cue_words_start_at_the_first_sample(word: str) -> None:
    path = cue_file(word)
    audio, rate = sf.read(str(path), dtype="float32")
    assert 0.15 < audio.size / rate < 1.5
    # The first sound (quiet consonants like the f of "five" included) is within 40 dB
    # of the word's peak in the first 15 ms: there is no silence to wait through.
    first_sound = np.flatnonzero(np.abs(audio) > np.max(np.abs(audio)) * 0.01)[0]
    assert first_sound / rate < 0.015
    speech_db = 10 * np.log10(np.mean(audio.astype(np.float64) ** 2))
    assert -26 < speech_db < -17
    assert np.max(np.abs(audio)) < 10 ** (-1 / 20)


def test_cue_file_accepts_any_case_and_rejects_unknown_words() -> None:
    assert cue_file("Breathe  In") == cue_file("breathe in")
    assert cue_file("hold").name == "hold.ogg"
    with pytest.raises(MeditationContentError, match="No spoken cue for 'inhale'"):
        cue_file("inhale")


# --- broken content gives clear messages --------------------------------------------


@pytest.fixture
def audio_copy(tmp_path: Path) -> Path:
    """A copy of the shipped scripts and manifests (audio files linked) to break."""
    root = tmp_path / "audio"
    shutil.copytree(audio_path("scripts"), root / "scripts")
    (root / "voice").mkdir(parents=True)
    for path in audio_path("voice").glob("*.json"):
        shutil.copy(path, root / "voice" / path.name)
        ogg = path.with_suffix(".ogg")
        (root / "voice" / ogg.name).symlink_to(ogg)
    return root


def test_the_copy_loads_before_we_break_it(audio_copy: Path) -> None:
    assert [m.id for m in load_meditations(audio_copy)] == [m.id for m in load_meditations()]


def test_malformed_toml_names_the_file_and_the_line(audio_copy: Path) -> None:
    script = audio_copy / "scripts" / "now-or-then.toml"
    script.write_text(script.read_text(encoding="utf-8") + "\n[[segments]\n", encoding="utf-8")
    with pytest.raises(
        MeditationContentError, match=r"now-or-then\.toml, line \d+: this is not valid TOML"
    ) as err:
        load_meditations(audio_copy)
    assert err.value.line == len(script.read_text(encoding="utf-8").splitlines())


def test_segment_without_pause_names_the_segment_and_its_line(audio_copy: Path) -> None:
    script = audio_copy / "scripts" / "body-scan-5.toml"
    added = len(load_script(script).segments) + 1
    script.write_text(
        script.read_text(encoding="utf-8") + '\n[[segments]]\ntext = "One more."\n',
        encoding="utf-8",
    )
    with pytest.raises(
        MeditationContentError,
        match=rf"body-scan-5\.toml, line \d+: segment {added}: 'pause_s'",
    ) as err:
        load_meditations(audio_copy)
    assert err.value.line == len(script.read_text(encoding="utf-8").splitlines()) - 1


def _script(tmp_path: Path, name: str, meditation_id: str, *texts: str) -> Path:
    """A small script file: a header, then one [[segments]] per text."""
    path = tmp_path / f"{name}.toml"
    segments = "".join(f'[[segments]]\ntext = "{text}"\npause_s = 1\n' for text in texts)
    path.write_text(
        f'id = "{meditation_id}"\ntitle = "T"\ndescription = "D"\nsource = "S"\n{segments}',
        encoding="utf-8",
    )
    return path


def test_empty_segment_text_names_the_segment(tmp_path: Path) -> None:
    path = _script(tmp_path, "quiet", "quiet", "Hello.", "  ")
    with pytest.raises(MeditationContentError, match=r"quiet\.toml, line 9: segment 2: 'text'"):
        load_script(path)


def test_id_must_match_the_file_name(tmp_path: Path) -> None:
    path = _script(tmp_path, "calm", "other", "Hi.")
    with pytest.raises(MeditationContentError, match=r"calm\.toml, line 1: 'id' is 'other'"):
        load_script(path)


def test_script_edited_after_rendering_asks_for_a_new_render(audio_copy: Path) -> None:
    script = audio_copy / "scripts" / "small-promises.toml"
    text = script.read_text(encoding="utf-8")
    script.write_text(text.replace("Welcome.", "Hello.", 1), encoding="utf-8")
    with pytest.raises(
        MeditationContentError, match=r"small-promises\.json: caption 1: .*re-run audio/render\.py"
    ):
        load_meditations(audio_copy)


def test_broken_manifest_json_names_the_file(audio_copy: Path) -> None:
    (audio_copy / "voice" / "kindness-safe-person.json").write_text("{", encoding="utf-8")
    with pytest.raises(MeditationContentError, match=r"kindness-safe-person\.json: not valid JSON"):
        load_meditations(audio_copy)


def test_overlapping_captions_name_the_caption(audio_copy: Path) -> None:
    path = audio_copy / "voice" / "body-scan-5.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["captions"][3]["start_s"] = manifest["captions"][2]["start_s"] + 0.1
    path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(
        MeditationContentError, match=r"body-scan-5\.json: caption 4: starts before"
    ):
        load_meditations(audio_copy)


def test_caption_past_the_end_of_the_audio_is_caught(audio_copy: Path) -> None:
    path = audio_copy / "voice" / "body-scan-5.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["captions"][-1]["end_s"] = manifest["duration_s"] + 5
    path.write_text(json.dumps(manifest), encoding="utf-8")
    last = len(manifest["captions"])
    with pytest.raises(MeditationContentError,
                       match=rf"body-scan-5\.json: caption {last}: .*inside"):
        load_meditations(audio_copy)


def test_missing_audio_or_manifest_says_what_to_run(audio_copy: Path) -> None:
    (audio_copy / "voice" / "now-or-then.ogg").unlink()
    with pytest.raises(MeditationContentError, match=r"now-or-then\.ogg is missing"):
        load_meditations(audio_copy)
    (audio_copy / "voice" / "now-or-then.json").unlink()
    with pytest.raises(
        MeditationContentError, match=r"now-or-then\.json: missing; run audio/render"
    ):
        load_meditations(audio_copy)
