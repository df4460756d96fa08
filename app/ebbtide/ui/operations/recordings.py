"""The person's own recordings: add (checked and copied in), rename, remove, undo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ebbtide.core.recordings import Recording, RecordingError, RecordingLibrary
from ebbtide.ui.operations import Change

if TYPE_CHECKING:
    from ebbtide.ui.context import UiContext

# What an import hands back: the recordings added, and a kind sentence per file that
# could not be used.
ImportResult = tuple[list[Recording], list[str]]


def import_recordings(ctx: UiContext, library: RecordingLibrary, files: list[Path],
                      describe_problem: Callable[[Exception], str], *, initiator: object,
                      on_success: Callable[[ImportResult], None],
                      on_failure: Callable[[Exception], None]) -> None:
    """Each file is checked and copied on the worker; one bad file does not stop the rest.
    `describe_problem` words a file's own error (it knows the audio errors)."""

    def job(_store: object) -> ImportResult:
        added: list[Recording] = []
        problems: list[str] = []
        for f in files:
            try:
                added.append(library.import_file(f))
            except (RecordingError, ValueError, OSError) as exc:
                problems.append(describe_problem(exc))
        return added, problems

    ctx.ops.run(job, changes=Change.RECORDINGS, initiator=initiator,
                on_success=on_success, on_failure=on_failure)


def rename_recording(ctx: UiContext, library: RecordingLibrary, uid: str, title: str, *,
                     initiator: object, on_success: Callable[[None], None],
                     on_failure: Callable[[Exception], None]) -> None:
    ctx.ops.run(lambda _store: library.rename(uid, title), changes=Change.RECORDINGS,
                initiator=initiator, on_success=on_success, on_failure=on_failure)


def remove_recording(ctx: UiContext, library: RecordingLibrary, uid: str, *,
                     initiator: object, on_success: Callable[[None], None]) -> None:
    """Marked removed (undo brings it back); an earlier removal can no longer be undone
    once another is made, so its file goes now."""

    def job(_store: object) -> None:
        library.purge_deleted()
        library.delete(uid)

    ctx.ops.run(job, changes=Change.RECORDINGS, initiator=initiator, on_success=on_success)


def undo_remove_recording(ctx: UiContext, library: RecordingLibrary, uid: str, *,
                          initiator: object, on_success: Callable[[None], None]) -> None:
    ctx.ops.run(lambda _store: library.undo_delete(uid), changes=Change.RECORDINGS,
                initiator=initiator, on_success=on_success)


def forget_removed_recordings(ctx: UiContext, library: RecordingLibrary, *,
                              initiator: object) -> None:
    """Undo is no longer offered (the person left the page): the files go for good."""
    ctx.ops.run(lambda _store: library.purge_deleted(), changes=Change.RECORDINGS,
                initiator=initiator)
