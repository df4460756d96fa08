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
from enum import StrEnum
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


def _clock(v: Any) -> bool:
    # "HH:MM", 24-hour.
    return (isinstance(v, str) and len(v) == 5 and v[2] == ":" and v[:2].isdigit()
            and v[3:].isdigit() and int(v[:2]) < 24 and int(v[3:]) < 60)


def _optional_bool(v: Any) -> bool:
    return v is None or isinstance(v, bool)


def _optional_country(v: Any) -> bool:
    # A two-letter ISO code in capitals ("NZ"), or None: "from the system locale".
    return v is None or (isinstance(v, str) and len(v) == 2 and v.isascii()
                         and v.isalpha() and v.isupper())


class SettingKey(StrEnum):
    """Every setting's one name. Code names settings only through these."""

    THEME = "theme"
    REDUCED_MOTION = "reduced_motion"
    SOUNDS_ON = "sounds_on"
    VOLUME = "volume"
    WELCOME_SEEN = "welcome_seen"
    DATA_DIR = "data_dir"
    SHOW_STREAKS = "show_streaks"
    BREATHE_LAST_PATTERN = "breathe_last_pattern"
    BREATHE_SPOKEN_CUES = "breathe_spoken_cues"
    BREATHE_TONE_CUES = "breathe_tone_cues"
    CAPTIONS_ON = "captions_on"
    ROOM_TONE_ON = "room_tone_on"
    LOCK_IDLE_MINUTES = "lock_idle_minutes"
    COUNTRY = "country"
    STEADY_PATTERN = "steady_pattern"
    KEEP_IN_TRAY = "keep_in_tray"
    START_WITH_SESSION = "start_with_session"
    BELL_ON = "bell_on"
    BELL_EVERY_MINUTES = "bell_every_minutes"
    CHECKIN_REMINDER_ON = "checkin_reminder_on"
    CHECKIN_REMINDER_AT = "checkin_reminder_at"
    QUIET_HOURS_ON = "quiet_hours_on"
    QUIET_FROM = "quiet_from"
    QUIET_UNTIL = "quiet_until"
    REMINDERS_A_DAY = "reminders_a_day"
    REPORT_FOLDER = "report_folder"
    SHOW_TRUE_ABOUT_YOU = "show_true_about_you"
    SIGNS_REMINDER_ON = "signs_reminder_on"
    SIGNS_REMINDER_DAY = "signs_reminder_day"
    SIGNS_REMINDER_AT = "signs_reminder_at"
    JOURNAL_PROMPT_ON = "journal_prompt_on"
    JOURNAL_PROMPT_DAY = "journal_prompt_day"
    JOURNAL_PROMPT_AT = "journal_prompt_at"
    JOURNAL_PROMPTS_OFFERED = "journal_prompts_offered"


# The whole vocabulary of settings: each key's default, its check and its meaning. A
# feature that needs a new one adds a key above and a line here.
SETTINGS: dict[SettingKey, Setting] = {
    SettingKey.THEME: Setting("system", _choice("system", "light", "dark"), "Colour scheme"),
    SettingKey.REDUCED_MOTION: Setting(False, _bool, "Calm, still visuals instead of animation"),
    SettingKey.SOUNDS_ON: Setting(True, _bool, "Play sounds"),
    SettingKey.VOLUME: Setting(70, _int_range(0, 100), "Volume, 0 to 100"),
    SettingKey.WELCOME_SEEN: Setting(False, _bool, "The welcome screen has been shown"),
    SettingKey.DATA_DIR: Setting(None, _optional_str, "A data folder the person chose instead"),
    SettingKey.SHOW_STREAKS: Setting(False, _bool,
                                     "Show how many days in a row (off: no pressure)"),
    # Breathe
    SettingKey.BREATHE_LAST_PATTERN: Setting("box", _optional_str, "Last breathing pattern used"),
    SettingKey.BREATHE_SPOKEN_CUES: Setting(False, _bool, "Spoken in / hold / out"),
    SettingKey.BREATHE_TONE_CUES: Setting(True, _bool, "Soft rising and falling tones"),
    # Listen
    SettingKey.CAPTIONS_ON: Setting(True, _bool, "Show captions of what is being said"),
    SettingKey.ROOM_TONE_ON: Setting(True, _bool,
                                     "A very quiet room tone under the pauses of guided "
                                     "meditations, so silence never sounds like a dropout"),
    # Private and safe
    SettingKey.LOCK_IDLE_MINUTES: Setting(0, _int_range(0, 240),
                                          "Lock after this many idle minutes"),
    SettingKey.COUNTRY: Setting(None, _optional_country,
                                "Whose crisis lines come first (none: the system's region)"),
    SettingKey.STEADY_PATTERN: Setting("extended-exhale", _optional_str,
                                       "The breathing pattern of Steady me now"),
    # The tray and reminders (all off until the person turns them on)
    SettingKey.KEEP_IN_TRAY: Setting(None, _optional_bool,
                                     "Keep running in the tray when the window closes "
                                     "(none: ask once)"),
    SettingKey.START_WITH_SESSION: Setting(False, _bool, "Start Ebbtide when I log in"),
    SettingKey.BELL_ON: Setting(False, _bool, "A mindfulness bell now and then"),
    SettingKey.BELL_EVERY_MINUTES: Setting(30, _int_range(5, 240), "Minutes between bells"),
    SettingKey.CHECKIN_REMINDER_ON: Setting(False, _bool, "A gentle daily check-in reminder"),
    SettingKey.CHECKIN_REMINDER_AT: Setting("19:00", _clock, "When the check-in reminder comes"),
    SettingKey.QUIET_HOURS_ON: Setting(True, _bool, "No reminders in quiet hours"),
    SettingKey.QUIET_FROM: Setting("21:30", _clock, "Quiet hours start"),
    SettingKey.QUIET_UNTIL: Setting("08:00", _clock, "Quiet hours end"),
    SettingKey.REMINDERS_A_DAY: Setting(6, _int_range(1, 48), "At most this many reminders a day"),
    # The therapist report
    SettingKey.REPORT_FOLDER: Setting(None, _optional_str,
                                      "The folder a therapist report was last saved in"),
    # Trust yourself
    SettingKey.SHOW_TRUE_ABOUT_YOU: Setting(False, _bool,
                                            "After a hard practice, show my own strengths, "
                                            "values and boundaries"),
    # The weekly check of the five signs: a reminder only if the person asks for one
    SettingKey.SIGNS_REMINDER_ON: Setting(False, _bool,
                                          "A gentle weekly reminder of the five signs check"),
    SettingKey.SIGNS_REMINDER_DAY: Setting(6, _int_range(0, 6),
                                           "Its day of the week (0 Monday … 6 Sunday)"),
    SettingKey.SIGNS_REMINDER_AT: Setting("18:00", _clock, "When the weekly reminder comes"),
    # A weekly self-examination question (Notice & record's journal), if wanted
    SettingKey.JOURNAL_PROMPT_ON: Setting(False, _bool, "A journal question once a week"),
    SettingKey.JOURNAL_PROMPT_DAY: Setting(6, _int_range(0, 6),
                                           "The weekday of the journal question (0 = Monday)"),
    SettingKey.JOURNAL_PROMPT_AT: Setting("18:00", _clock, "When the journal question comes"),
    SettingKey.JOURNAL_PROMPTS_OFFERED: Setting(
        "", _optional_str, "The journal questions offered this round (ids, comma between), "
        "so none comes again before all have"),
}


class Settings:
    """Values by name, validated; saved atomically (write a temp file, then rename)."""

    def __init__(self, path: Path | None, values: dict[str, Any] | None = None):
        self.path = path
        self._values: dict[str, Any] = {k: s.default for k, s in SETTINGS.items()}
        self.dirty = False  # changed since the last save
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

    def get(self, key: SettingKey) -> Any:
        return self._values[key]

    def __getitem__(self, key: SettingKey) -> Any:
        return self._values[key]

    def set(self, key: SettingKey, value: Any) -> bool:
        """Change one setting in memory. Returns False (and changes nothing) if the value
        is not allowed. Saving is the caller's (the UI saves a moment later, so a slider
        being dragged writes the file a few times, not on every step, and always on quit)."""
        spec = SETTINGS[key]
        if not spec.check(value):
            return False
        if self._values.get(key) != value:
            self._values[key] = value
            self.dirty = True
        return True

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)

    def save(self) -> None:
        """Write every value now (atomically, durably)."""
        self.write(self.as_dict())

    def write(self, values: dict[str, Any]) -> None:
        """Write `values` (a snapshot taken with as_dict(), so a worker thread can write
        while the UI goes on changing settings)."""
        self.dirty = False
        if self.path is None:
            return
        ensure_private_dir(self.path.parent)
        fd, tmp = tempfile.mkstemp(prefix=".settings-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(values, f, indent=2, sort_keys=True)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
