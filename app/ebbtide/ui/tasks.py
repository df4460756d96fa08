"""The one background worker. Everything that touches the store, or takes long, runs
here, one job at a time in the order asked; its result comes back on the UI thread, so
the window never waits behind a wait cursor.

One serial worker (not a pool) is deliberate: SQLite allows one writer, and jobs that
run in the order they were asked can rely on each other (a session saved, then rated).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger(__name__)

T = TypeVar("T")
Closure = Callable[[], None]

# A job that takes longer than this shows a small "working" note with its words.
PROGRESS_AFTER_MS = 300


class NoteWords:
    """Lets a job on the worker change the words of its "One moment" note as it goes
    ("Sealing your recordings, 2 of 5…"). `say` may be called from any thread."""

    def __init__(self, tasks: TaskManager) -> None:
        self._tasks = tasks
        self.note: QProgressDialog | None = None

    def say(self, words: str) -> None:
        def show() -> None:
            note = self.note
            if note is not None:
                note.setLabelText(words)
                note.setAccessibleName(words)
                wanted = note.sizeHint().width()
                if wanted > note.width():  # longer words than it opened with: not clipped
                    note.resize(wanted, note.height())

        self._tasks.run_on_main(show)


class TaskManager(QObject):
    _closures_pending = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ebbtide-worker")
        self._closures: list[Closure] = []
        self._closures_lock = threading.Lock()
        self._outstanding = 0  # jobs asked for whose result has not been handed back yet
        self._worker_ident: int | None = None
        self._shut = False
        self._closures_pending.connect(self._run_closures, Qt.ConnectionType.QueuedConnection)

    # -- asking for work -------------------------------------------------------------

    def run_in_background(
        self,
        task: Callable[[], T],
        on_done: Callable[[Future[T]], None] | None = None,
    ) -> Future[T]:
        """Run `task` on the worker. `on_done(future)` runs on the UI thread afterwards;
        `future.result()` there returns the value or raises what the task raised."""
        if self._shut:
            # Quitting has begun (a late autosave timer, say): do it here and now rather
            # than lose it; nothing else is running any more.
            late: Future[T] = Future()
            try:
                late.set_result(task())
            except Exception as exc:
                late.set_exception(exc)
            if on_done is not None:
                on_done(late)
            return late
        self._outstanding += 1

        def job() -> T:
            self._worker_ident = threading.get_ident()
            return task()

        future = self._executor.submit(job)

        def finished(done: Future[T]) -> None:
            self.run_on_main(lambda: self._hand_back(done, on_done))

        future.add_done_callback(finished)
        return future

    def with_progress(
        self,
        parent: QWidget | None,
        words: str,
        task: Callable[[], T],
        on_done: Callable[[Future[T]], None] | None = None,
        note_words: NoteWords | None = None,
    ) -> Future[T]:
        """Like run_in_background, for a job a person waits for (turning the lock on,
        restoring a backup): after a moment a small note says what is happening (and
        `note_words` lets the job change what it says). The window stays alive
        underneath; the note cannot be cancelled, since stopping a half-done lock change
        would be worse than waiting."""
        note = QProgressDialog(words, "", 0, 0, parent)
        note.setCancelButton(None)
        note.setWindowTitle("One moment")
        note.setAccessibleName(words)
        note.setMinimumDuration(PROGRESS_AFTER_MS)
        note.setWindowModality(Qt.WindowModality.WindowModal)
        note.setValue(0)
        if note_words is not None:
            note_words.note = note

        def done(future: Future[T]) -> None:
            if note_words is not None:
                note_words.note = None
            note.reset()
            note.deleteLater()
            if on_done is not None:
                on_done(future)

        return self.run_in_background(task, done)

    def run_on_main(self, closure: Closure) -> None:
        """Run `closure` on the UI thread soon; safe to call from any thread."""
        with self._closures_lock:
            self._closures.append(closure)
        self._closures_pending.emit()

    # -- state -------------------------------------------------------------------------

    @property
    def shut(self) -> bool:
        return self._shut

    @property
    def idle(self) -> bool:
        return self._outstanding == 0

    def on_worker(self) -> bool:
        return threading.get_ident() == self._worker_ident

    def wait_idle(self, timeout_s: float = 30.0) -> None:
        """Block until every job asked for so far has run and its result has been handed
        back. For quitting (nothing half-saved) and for tests; never from a job."""
        while self._outstanding:
            # The worker runs jobs in order, and a job's result is queued for the UI
            # thread before the next job starts: once this marker has run, every
            # result asked for so far is waiting in the queue.
            self._executor.submit(lambda: None).result(timeout=timeout_s)
            self._run_closures()  # may ask for more work; the loop waits for that too

    def shutdown(self) -> None:
        """On quit: finish what was asked (a session being saved is kept), then stop."""
        if self._shut:
            return
        self.wait_idle()
        self._shut = True
        self._executor.shutdown(wait=True)

    # -- handing results back ------------------------------------------------------------

    def _run_closures(self) -> None:
        with self._closures_lock:
            closures, self._closures = self._closures, []
        for closure in closures:
            closure()

    def _hand_back(self, future: Future[Any], on_done: Callable[[Future[Any]], None] | None
                   ) -> None:
        self._outstanding -= 1
        if on_done is not None:
            on_done(future)
        elif future.exception() is not None:
            # Nobody is waiting for this result: an error must not vanish silently.
            raise future.exception()  # type: ignore[misc]
