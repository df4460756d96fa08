"""Saving a practice: one function for every kind, by uid (add, or overwrite later)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ebbtide.core.sessions import SessionRecord
from ebbtide.ui.operations import Change

if TYPE_CHECKING:
    from ebbtide.ui.context import UiContext


def save_session(
    ctx: UiContext,
    record: SessionRecord,
    *,
    initiator: object | None = None,
    on_success: Callable[[SessionRecord], None] | None = None,
    on_failure: Callable[[Exception], None] | None = None,
) -> None:
    """Keep `record` (a new session, or a later version of one by its uid)."""
    ctx.ops.run(lambda store: store.save_session(record), changes=Change.SESSIONS,
                initiator=initiator, on_success=on_success, on_failure=on_failure)
