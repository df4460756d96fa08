"""What every page is handed: the store, the settings, the paths, the audio engine (made
on first use so start-up stays light), and signals that tell pages what changed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from ebbtide.core.paths import AppPaths
from ebbtide.core.settings import Settings
from ebbtide.core.store import Store

if TYPE_CHECKING:
    from ebbtide.audio.engine import AudioEngine


class UiContext(QObject):
    settings_changed = Signal(str)  # the key that changed
    sessions_changed = Signal()  # a session was saved, edited or removed
    notice = Signal(str)  # a short, kind message for the status bar
    # Go to a page (by registry key) and, with options, start something there.
    practice_requested = Signal(str, dict)

    def __init__(self, paths: AppPaths, store: Store, settings: Settings) -> None:
        super().__init__()
        self.paths = paths
        self.store = store
        self.settings = settings
        self._audio: AudioEngine | None = None

    def set_setting(self, key: str, value: Any) -> bool:
        ok = self.settings.set(key, value)
        if ok:
            self.settings_changed.emit(key)
        return ok

    @property
    def audio(self) -> AudioEngine:
        """The one audio engine. Imported lazily: numpy and simpleaudio load only when a
        page first needs sound."""
        if self._audio is None:
            from ebbtide.audio.engine import AudioEngine

            self._audio = AudioEngine(volume=self.settings["volume"] / 100,
                                      muted=not self.settings["sounds_on"])
        return self._audio

    @property
    def audio_started(self) -> bool:
        return self._audio is not None

    def stop_all_sound(self) -> None:
        if self._audio is not None:
            self._audio.stop_all()
