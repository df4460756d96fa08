"""What every page is handed: the store, the settings, the paths, the audio engine (made
on first use so start-up stays light), the one worker, and the one write path whose
notices tell pages what changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from ebbtide.core.paths import AppPaths
from ebbtide.core.settings import SettingKey, Settings
from ebbtide.core.store import Store
from ebbtide.ui.operations import Change, ChangeNotice, Operations
from ebbtide.ui.tasks import TaskManager

if TYPE_CHECKING:
    from ebbtide.audio.engine import AudioEngine

AudioFactory = Callable[[float, bool], "AudioEngine"]  # (volume 0..1, muted) -> engine


def _real_engine(volume: float, muted: bool) -> AudioEngine:
    # Imported here: numpy and simpleaudio load only when a page first needs sound.
    from ebbtide.audio.engine import AudioEngine

    return AudioEngine(volume=volume, muted=muted)


class UiContext(QObject):
    notice = Signal(str)  # a short, kind message for the status bar
    # Go to a page (by registry key) and, with options, start something there.
    practice_requested = Signal(str, dict)
    # Show "If you need help now" (the window owns the dialog; any view may ask).
    crisis_requested = Signal()
    # Quitting: a view holding a write for later (an autosave timer) asks for it now.
    closing = Signal()

    def __init__(self, paths: AppPaths, store: Store, settings: Settings, *,
                 audio: AudioFactory | None = None) -> None:
        """`audio` makes the engine on first use (tests hand in one with a fake device)."""
        super().__init__()
        self.paths = paths
        self.store = store
        self.settings = settings
        self.tasks = TaskManager()
        self.ops = Operations(self)
        self._make_audio: AudioFactory = audio or _real_engine
        self._audio: AudioEngine | None = None
        # "No sound device" is said once a run, by the first practice that is silent.
        self.sound_notice_said = False
        self.ops.changed.connect(self._follow_sound_settings)

    def set_setting(self, key: SettingKey, value: Any) -> bool:
        return self.ops.set_setting(key, value)

    @property
    def audio(self) -> AudioEngine:
        """The one audio engine, made the first time something needs sound."""
        if self._audio is None:
            self._audio = self._make_audio(self.settings[SettingKey.VOLUME] / 100,
                                           not self.settings[SettingKey.SOUNDS_ON])
        return self._audio

    @property
    def audio_started(self) -> bool:
        return self._audio is not None

    def sound_notice_once(self, text: str | None, *, mine: bool) -> str | None:
        """`text` (why a practice is silent) the first time it is said this run, or to the
        session that said it first (`mine`); None afterwards: a banner on every screen
        would only nag."""
        if not text or (self.sound_notice_said and not mine):
            return None
        self.sound_notice_said = True
        return text

    def stop_all_sound(self) -> None:
        if self._audio is not None:
            self._audio.stop_all()

    def _follow_sound_settings(self, notice: ChangeNotice) -> None:
        """The one place volume and mute reach the engine."""
        if not notice.touches(Change.SETTINGS) or self._audio is None:
            return
        if notice.setting == SettingKey.VOLUME:
            self._audio.set_volume(self.settings[SettingKey.VOLUME] / 100)
        elif notice.setting == SettingKey.SOUNDS_ON:
            self._audio.set_muted(not self.settings[SettingKey.SOUNDS_ON])

    def finish_writes(self) -> None:
        """On quit: save settings and let every write asked for land."""
        self.closing.emit()
        self.ops.save_settings_now()
        self.tasks.shutdown()
