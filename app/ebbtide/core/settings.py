"""The person's preferences, kept as JSON in the config folder.

Every value is checked on load: one that is out of range or of the wrong type falls
back to its default with a log line, and the rest of the file is kept.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ebbtide.core.paths import ensure_private_dir

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Setting:
    default: Any
    check: Callable[[Any], bool]
    help: str


def _bool(v: Any) -> bool:
    return isinstance(v, bool)


def _int_range(lo: int, hi: int) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi


def _choice(*options: str) -> Callable[[Any], bool]:
    return lambda v: v in options


def _optional_str(v: Any) -> bool:
    return v is None or (isinstance(v, str) and len(v) < 4096)


# The whole vocabulary of settings. A feature that needs a new one adds it here.
SETTINGS: dict[str, Setting] = {
    "theme": Setting("system", _choice("system", "light", "dark"), "Colour scheme"),
    "reduced_motion": Setting(False, _bool, "Calm, still visuals instead of animation"),
    "sounds_on": Setting(True, _bool, "Play sounds"),
    "volume": Setting(70, _int_range(0, 100), "Volume, 0 to 100"),
    "welcome_seen": Setting(False, _bool, "The welcome screen has been shown"),
    "data_dir": Setting(None, _optional_str, "A data folder the person chose instead"),
    "show_streaks": Setting(False, _bool, "Show how many days in a row (off: no pressure)"),
    # Breathe
    "breathe_last_pattern": Setting("box", _optional_str, "Last breathing pattern used"),
    "breathe_spoken_cues": Setting(False, _bool, "Spoken in / hold / out"),
    "breathe_tone_cues": Setting(True, _bool, "Soft rising and falling tones"),
    # Listen
    "captions_on": Setting(True, _bool, "Show captions of what is being said"),
    "room_tone_on": Setting(True, _bool, "A very quiet room tone under the pauses of guided "
                            "meditations, so silence never sounds like a dropout"),
    # Private and safe
    "lock_idle_minutes": Setting(0, _int_range(0, 240), "Lock after this many idle minutes"),
}


class Settings:
    """Values by name, validated; saved atomically (write a temp file, then rename)."""

    def __init__(self, path: Path | None, values: dict[str, Any] | None = None):
        self.path = path
        self._values: dict[str, Any] = {k: s.default for k, s in SETTINGS.items()}
        if values:
            self._values.update(values)

    @classmethod
    def load(cls, path: Path) -> Settings:
        raw: Any = {}
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            pass
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            log.warning("Settings file could not be read (%s); using defaults", type(exc).__name__)
        if not isinstance(raw, dict):
            log.warning("Settings file did not hold a table of settings; using defaults")
            raw = {}
        values: dict[str, Any] = {}
        for key, spec in SETTINGS.items():
            if key not in raw:
                continue
            if spec.check(raw[key]):
                values[key] = raw[key]
            else:
                log.warning("Setting %r had an unusable value; using the default", key)
        return cls(path, values)

    def get(self, key: str) -> Any:
        return self._values[key]

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def set(self, key: str, value: Any) -> bool:
        """Change one setting and save. Returns False (and changes nothing) if the value
        is not allowed."""
        spec = SETTINGS[key]
        if not spec.check(value):
            return False
        if self._values.get(key) == value:
            return True
        self._values[key] = value
        self.save()
        return True

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)

    def save(self) -> None:
        if self.path is None:
            return
        ensure_private_dir(self.path.parent)
        fd, tmp = tempfile.mkstemp(prefix=".settings-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(self._values, f, indent=2, sort_keys=True)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
