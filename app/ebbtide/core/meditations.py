"""The built-in guided meditations and spoken breathing cues: scripts, rendered audio and
caption timings, loaded from `audio/` and checked on load.

Each meditation has a script, `audio/scripts/<id>.toml` (the words and the pauses, written
by us), and a render, `audio/voice/<id>.ogg` with `audio/voice/<id>.json` (when each
segment is spoken, measured from the rendered audio by `audio/render.py`). A broken file
or a render that no longer matches its script gives a `ContentError` naming the file, the
entry and (in a script) the line, so a mistake shows up in the tests, not in front of
someone lying down to listen.

Pure: no Qt, no audio decoding. The Listen page plays `audio_file` and asks
`caption_at(captions, position_s)` what to show.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ebbtide.core.content import ContentError, TomlSource, read_toml
from ebbtide.core.paths import audio_path

SCRIPTS_FOLDER = "scripts"
VOICE_FOLDER = "voice"
CUES_FOLDER = "cues"
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_PAUSE_S = 600.0
# How a track ends: a soft closing bell after a short orienting sentence, or (for a
# practice that may end in sleep) a fade with nothing to wake the listener.
ENDINGS = ("bell", "fade")

# Words the Breathe page can speak. Each is rendered by audio/render.py to
# audio/voice/cues/<word with dashes>.ogg with its onset at the very first sample.
CUE_WORDS: tuple[str, ...] = (
    "in",
    "hold",
    "out",
    "rest",
    "breathe in",
    "breathe out",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
)


# A broken script, render manifest or cue is a content error like any other; the
# Listen page catches it by this name.
MeditationContentError = ContentError


@dataclass(frozen=True)
class ScriptSegment:
    """One or two sentences, then a silence of `pause_s` seconds to rest in."""

    text: str
    pause_s: float


@dataclass(frozen=True)
class MeditationScript:
    id: str
    title: str
    description: str
    source: str
    order: int
    segments: tuple[ScriptSegment, ...]
    path: Path
    ending: str = "bell"


@dataclass(frozen=True)
class Caption:
    start_s: float
    end_s: float
    text: str


@dataclass(frozen=True)
class Meditation:
    id: str
    title: str
    description: str
    source: str
    audio_file: Path
    duration_s: float
    captions: tuple[Caption, ...]


def _audio_root(root: Path | None) -> Path:
    return root if root is not None else audio_path()


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _text(source: TomlSource, table: dict[str, Any], key: str, *keys: str | int,
          entry: str = "") -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise source.error(f"{entry}'{key}' must be some text", *keys, key)
    return " ".join(value.split())


def load_script(path: Path) -> MeditationScript:
    """Read and check one script. The file's name (without .toml) is the meditation id."""
    source = read_toml(path)
    data = source.data
    meditation_id = data.get("id")
    if not isinstance(meditation_id, str) or not ID_PATTERN.match(meditation_id):
        raise source.error(
            "'id' must be lowercase words joined by dashes, like 'body-scan-5'", "id"
        )
    if meditation_id != path.stem:
        raise source.error(
            f"'id' is {meditation_id!r} but the file is named {path.name!r}; they must match",
            "id",
        )
    order = data.get("order", 100)
    if isinstance(order, bool) or not isinstance(order, int):
        raise source.error("'order' must be a whole number", "order")
    ending = data.get("ending", "bell")
    if ending not in ENDINGS:
        raise source.error(f"'ending' must be one of {', '.join(ENDINGS)}", "ending")

    raw_segments = data.get("segments")
    if not isinstance(raw_segments, list) or not raw_segments:
        raise source.error("needs at least one [[segments]] entry", "segments")
    segments = []
    for index, raw in enumerate(raw_segments):
        entry = f"segment {index + 1}: "
        if not isinstance(raw, dict):
            raise source.error(f"segment {index + 1} must be a table with text and pause_s",
                               "segments", index)
        pause = _number(raw.get("pause_s"))
        if pause is None or not 0.0 <= pause <= MAX_PAUSE_S:
            raise source.error(
                f"{entry}'pause_s' must be a number of seconds from 0 to {MAX_PAUSE_S:g}",
                "segments", index, "pause_s",
            )
        segments.append(ScriptSegment(_text(source, raw, "text", "segments", index,
                                            entry=entry), pause))

    return MeditationScript(
        id=meditation_id,
        title=_text(source, data, "title"),
        description=_text(source, data, "description"),
        source=_text(source, data, "source"),
        order=order,
        segments=tuple(segments),
        path=path,
        ending=ending,
    )


def load_scripts(root: Path | None = None) -> list[MeditationScript]:
    """Every script under `<audio>/scripts/`, in their display order."""
    folder = _audio_root(root) / SCRIPTS_FOLDER
    scripts = [load_script(path) for path in sorted(folder.glob("*.toml"))]
    if not scripts:
        raise ContentError("no meditation scripts found", folder)
    return sorted(scripts, key=lambda script: (script.order, script.id))


def _load_captions(
    path: Path, data: dict[str, Any], script: MeditationScript, duration_s: float
) -> tuple[Caption, ...]:
    raw_captions = data.get("captions")
    if not isinstance(raw_captions, list):
        raise ContentError("'captions' must be a list", path)
    if len(raw_captions) != len(script.segments):
        raise ContentError(
            f"has {len(raw_captions)} captions but {script.path.name} has "
            f"{len(script.segments)} segments; re-run audio/render.py", path
        )
    captions: list[Caption] = []
    for number, (raw, segment) in enumerate(
        zip(raw_captions, script.segments, strict=True), start=1
    ):
        where = f"caption {number}"
        if not isinstance(raw, dict):
            raise ContentError(f"{where} must be an object", path)
        start, end = _number(raw.get("start_s")), _number(raw.get("end_s"))
        if start is None or end is None or not 0.0 <= start < end <= duration_s + 1e-6:
            raise ContentError(
                f"{where}: needs start_s < end_s, both inside the audio (0 to {duration_s:g} s)",
                path,
            )
        if captions and start < captions[-1].end_s:
            raise ContentError(f"{where}: starts before caption {number - 1} ends", path)
        if raw.get("text") != segment.text:
            raise ContentError(
                f"{where}: its text differs from segment {number} of {script.path.name}; "
                "re-run audio/render.py", path
            )
        captions.append(Caption(start, end, segment.text))
    return tuple(captions)


def load_meditation(script: MeditationScript, root: Path | None = None) -> Meditation:
    """Join a script with its render: the audio file and the measured caption times."""
    voice = _audio_root(root) / VOICE_FOLDER
    path = voice / f"{script.id}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ContentError(f"missing; run audio/render.py to render {script.path.name}",
                           path) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(f"cannot be read ({exc})", path) from exc
    except json.JSONDecodeError as exc:
        raise ContentError(f"not valid JSON ({exc})", path) from exc
    if not isinstance(data, dict):
        raise ContentError("must hold a JSON object", path)
    if data.get("id") != script.id:
        raise ContentError(f"'id' must be {script.id!r}", path)
    duration = _number(data.get("duration_s"))
    if duration is None or duration <= 0:
        raise ContentError("'duration_s' must be a positive number", path)
    audio_name = data.get("audio_file")
    if not isinstance(audio_name, str) or Path(audio_name).name != audio_name:
        raise ContentError(f"'audio_file' must be a file name in {voice}", path)
    audio_file = voice / audio_name
    if not audio_file.is_file():
        raise ContentError(f"its audio file {audio_file} is missing", path)
    return Meditation(
        id=script.id,
        title=script.title,
        description=script.description,
        source=script.source,
        audio_file=audio_file,
        duration_s=duration,
        captions=_load_captions(path, data, script, duration),
    )


def load_meditations(root: Path | None = None) -> list[Meditation]:
    """All built-in meditations, ready to play, in display order. `root` is the audio
    folder (the shipped one unless a test points elsewhere)."""
    return [load_meditation(script, root) for script in load_scripts(root)]


def caption_at(
    captions: Sequence[Caption], position_s: float, hold_s: float = 0.0
) -> Caption | None:
    """The caption being spoken at `position_s`, or None in the silences between.
    A caption covers [start_s, end_s); with `hold_s` it stays up that much longer
    (never past the next one's start), so a reader can finish the sentence.
    O(log n): safe to call on every frame."""
    index = bisect_right(captions, position_s, key=lambda caption: caption.start_s) - 1
    if index < 0:
        return None
    caption = captions[index]
    return caption if position_s < caption.end_s + hold_s else None


def cue_slug(word: str) -> str:
    return "-".join(word.lower().split())


def cue_file(word: str, root: Path | None = None) -> Path:
    """The short recording of a breathing cue word ("in", "hold", "breathe out", …),
    its speech starting at the first sample."""
    normalized = " ".join(word.lower().split())
    if normalized not in CUE_WORDS:
        raise ContentError(f"No spoken cue for {word!r}; the cues are: {', '.join(CUE_WORDS)}")
    path = _audio_root(root) / VOICE_FOLDER / CUES_FOLDER
    path = path / f"{cue_slug(normalized)}.ogg"
    if not path.is_file():
        raise ContentError("missing; run audio/render.py", path)
    return path
