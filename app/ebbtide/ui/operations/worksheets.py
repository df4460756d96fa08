"""Worksheets: drafts saved as the person writes, finishing (which records a session),
delete and undo. The worker gets a copy of the worksheet, so the person can go on
typing into theirs while it is written."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING

from ebbtide.core.worksheet import Worksheet
from ebbtide.core.worksheet_store import WorksheetStore
from ebbtide.ui.operations import Change

if TYPE_CHECKING:
    from ebbtide.ui.context import UiContext

Failed = Callable[[Exception], None]


def save_worksheet(ctx: UiContext, sheets: WorksheetStore, sheet: Worksheet, *,
                   initiator: object, on_success: Callable[[Worksheet], None],
                   on_failure: Failed) -> None:
    """Save a draft, or an edit to a finished worksheet (whose session follows)."""
    snapshot = copy.deepcopy(sheet)

    def job(_store: object) -> Worksheet:
        sheets.save(snapshot)
        return snapshot

    changes = Change.WORKSHEETS | (Change.SESSIONS if snapshot.status == "done" else Change(0))
    ctx.ops.run(job, changes=changes, initiator=initiator, on_success=on_success,
                on_failure=on_failure)


def finish_worksheet(ctx: UiContext, sheets: WorksheetStore, sheet: Worksheet, *,
                     initiator: object, on_success: Callable[[Worksheet], None],
                     on_failure: Failed) -> None:
    """Mark it done and record it as a session; `on_success` gets the finished copy."""
    snapshot = copy.deepcopy(sheet)
    ctx.ops.run(lambda _store: sheets.finish(snapshot),
                changes=Change.WORKSHEETS | Change.SESSIONS, initiator=initiator,
                on_success=on_success, on_failure=on_failure)


def delete_worksheet(ctx: UiContext, sheets: WorksheetStore, uid: str, *, initiator: object,
                     on_success: Callable[[None], None]) -> None:
    ctx.ops.run(lambda _store: sheets.delete(uid), changes=Change.WORKSHEETS | Change.SESSIONS,
                initiator=initiator, on_success=on_success)


def undelete_worksheet(ctx: UiContext, sheets: WorksheetStore, uid: str, *,
                       initiator: object, on_success: Callable[[Worksheet | None], None]
                       ) -> None:
    ctx.ops.run(lambda _store: sheets.undelete(uid),
                changes=Change.WORKSHEETS | Change.SESSIONS, initiator=initiator,
                on_success=on_success)
