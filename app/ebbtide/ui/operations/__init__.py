"""The one write path. Every change to stored data goes through `Operations.run`: the
write runs on the one background worker (ui/tasks.py), and when it has landed, one
notice says what changed and who asked. Views listen to `ops.changed`; no page writes to
the store itself (tests/ui/test_write_path.py walks the UI's code to hold that).

The modules beside this one name the operations a person can do (save a session,
rename a pattern, turn the lock on); each is a thin function over `run`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from enum import Flag, auto
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from ebbtide.core.sealing import StoreError
from ebbtide.core.settings import SettingKey
from ebbtide.core.store import Store
from ebbtide.ui.tasks import NoteWords

if TYPE_CHECKING:
    from ebbtide.ui.context import UiContext

log = logging.getLogger(__name__)

T = TypeVar("T")

# Settings are written at most this often while a slider is dragged (and always on quit).
SETTINGS_SAVE_DELAY_MS = 400


class Change(Flag):
    """What an operation changed. Views refresh only for what concerns them."""

    SESSIONS = auto()
    WORKSHEETS = auto()
    PATTERNS = auto()
    RECORDINGS = auto()
    SETTINGS = auto()
    LOCK = auto()  # the lock turned on or off, locked or unlocked, passphrase changed
    # Notice & record: trigger and evidence entries. Not in ALL_DATA, so a draft saved
    # as someone types does not redraw Progress; every restore and lock change also
    # says LOCK, which Notice & record listens for too.
    LOGS = auto()
    # Trust yourself: promises, the three lists, the decision log (not in ALL_DATA:
    # Progress doesn't draw them; restores and lock changes say LOCK, heard there too).
    SELF_TRUST = auto()
    # Reach out: safe people and reassurance asks (ui/operations/reach.py).
    REACH = auto()
    # The weekly check of the five signs (ui/five_signs): not in ALL_DATA either, so a
    # weekly check redraws only its own chart, not the whole of Progress.
    FIVE_SIGNS = auto()
    # Everything a person stored: a restore or an import replaces or adds to all of it.
    ALL_DATA = SESSIONS | WORKSHEETS | PATTERNS | RECORDINGS


@dataclass(frozen=True)
class ChangeNotice:
    changes: Change
    initiator: object | None = None  # who asked: a view can skip its own echo
    setting: SettingKey | None = None  # which setting, when SETTINGS changed

    def touches(self, changes: Change) -> bool:
        return bool(self.changes & changes)


class Operations(QObject):
    #: Emitted once per operation, on the UI thread, after the write has landed.
    changed = Signal(object)  # ChangeNotice

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._save_settings_timer = QTimer(self)
        self._save_settings_timer.setSingleShot(True)
        self._save_settings_timer.setInterval(SETTINGS_SAVE_DELAY_MS)
        self._save_settings_timer.timeout.connect(self.save_settings_now)

    def run(
        self,
        write: Callable[[Store], T],
        *,
        changes: Change,
        initiator: object | None = None,
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
        progress: str | None = None,
        parent: QWidget | None = None,
        note_words: NoteWords | None = None,
    ) -> Future[T]:
        """Run `write(store)` on the worker. Then, on the UI thread: announce `changes`,
        and call `on_success(result)`. If it raised: `on_failure(error)` when given;
        otherwise a StoreError is told to the person as a notice, and anything else is
        raised (the crash handler shows it). With `progress`, a short note says what is
        happening if it takes more than a moment."""
        ctx = self.ctx

        def task() -> T:
            return write(ctx.store)

        def done(future: Future[T]) -> None:
            try:
                result = future.result()
            except Exception as exc:
                if on_failure is not None:
                    on_failure(exc)
                elif isinstance(exc, StoreError):
                    ctx.notice.emit(str(exc))
                else:
                    raise
                return
            self.changed.emit(ChangeNotice(changes, initiator))
            if on_success is not None:
                on_success(result)

        if progress is not None:
            return ctx.tasks.with_progress(parent, progress, task, done, note_words)
        return ctx.tasks.run_in_background(task, done)

    def run_and_wait(
        self,
        write: Callable[[Store], T],
        *,
        changes: Change,
        progress: str,
        initiator: object | None = None,
        parent: QWidget | None = None,
        note_words: NoteWords | None = None,
    ) -> T:
        """For a step a person waits on inside a dialog (a passphrase, a restore): the
        write runs on the worker while the UI's event loop keeps running (the window
        repaints, a note says what is happening); returns its result or raises its error,
        so the dialog can say "that passphrase didn't match" and ask again."""
        outcome: dict[str, Any] = {}
        loop = QEventLoop()

        def succeeded(result: T) -> None:
            outcome["result"] = result
            loop.quit()

        def failed(error: Exception) -> None:
            outcome["error"] = error
            loop.quit()

        self.run(write, changes=changes, initiator=initiator, on_success=succeeded,
                 on_failure=failed, progress=progress, parent=parent,
                 note_words=note_words)
        if not outcome:
            loop.exec()
        if "error" in outcome:
            raise outcome["error"]
        return outcome["result"]

    # -- settings -------------------------------------------------------------------------

    def set_setting(self, key: SettingKey, value: Any, initiator: object | None = None) -> bool:
        """Change a setting now (in memory, announced at once, so the app follows while a
        slider moves) and save it a moment later on the worker. False if not allowed."""
        settings = self.ctx.settings
        before = settings[key]
        if not settings.set(key, value):
            return False
        if before != value:
            self.changed.emit(ChangeNotice(Change.SETTINGS, initiator, setting=key))
            self._save_settings_timer.start()
        return True

    def save_settings_now(self) -> None:
        """Write the settings file if anything changed (on quit, and after the delay)."""
        self._save_settings_timer.stop()
        settings = self.ctx.settings
        if not settings.dirty:
            return
        snapshot = settings.as_dict()
        settings.dirty = False
        if self.ctx.tasks.shut:  # after quitting began: write here, nothing else runs
            settings.write(snapshot)
            return
        self.ctx.tasks.run_in_background(lambda: settings.write(snapshot), self._settings_saved)

    def _settings_saved(self, future: Future[None]) -> None:
        error = future.exception()
        if error is not None:
            log.warning("Settings could not be saved (%s)", type(error).__name__)
            self.ctx.settings.dirty = True  # try again next time
            self.ctx.notice.emit("Your settings could not be saved just now. "
                                 "They will be tried again.")
