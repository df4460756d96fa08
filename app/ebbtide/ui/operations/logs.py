"""Notice & record: saving trigger and evidence entries (drafts as the person types,
finished ones), delete and undo. The worker gets a copy of the entry, so the person can
go on typing into theirs while it is written."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING

from ebbtide.core.notice import Entry
from ebbtide.core.notice_store import NoticeStore
from ebbtide.core.store import Store
from ebbtide.ui.operations import Change

if TYPE_CHECKING:
    from ebbtide.ui.context import UiContext

Failed = Callable[[Exception], None]


def save_entry(ctx: UiContext, entry: Entry, *, initiator: object,
               on_success: Callable[[Entry], None] | None = None,
               on_failure: Failed | None = None) -> None:
    """Save a draft or a finished entry, by uid; `on_success` gets the saved copy."""
    snapshot = copy.deepcopy(entry)
    ctx.ops.run(lambda store: NoticeStore(store).save(snapshot), changes=Change.LOGS,
                initiator=initiator, on_success=on_success, on_failure=on_failure)


def delete_entry(ctx: UiContext, uid: str, *, initiator: object,
                 on_success: Callable[[None], None] | None = None) -> None:
    ctx.ops.run(lambda store: NoticeStore(store).delete(uid), changes=Change.LOGS,
                initiator=initiator, on_success=on_success)


def undelete_entry(ctx: UiContext, uid: str, *, initiator: object,
                   on_success: Callable[[Entry | None], None] | None = None) -> None:
    ctx.ops.run(lambda store: NoticeStore(store).undelete(uid), changes=Change.LOGS,
                initiator=initiator, on_success=on_success)


def forget_deleted(ctx: UiContext, *, initiator: object) -> None:
    """Entries deleted and not brought back are removed for good (on leaving the page)."""
    def purge(store: Store) -> int:
        return NoticeStore(store).purge_deleted()

    ctx.ops.run(purge, changes=Change.LOGS, initiator=initiator)
