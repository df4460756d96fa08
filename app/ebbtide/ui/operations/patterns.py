"""Breathing patterns of the person's own: create, change, copy, rename, delete, undo."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ebbtide.core.breathing import Phase
from ebbtide.core.patterns import Pattern, PatternRepository
from ebbtide.ui.operations import Change

if TYPE_CHECKING:
    from ebbtide.ui.context import UiContext

Done = Callable[[Pattern], None] | None
Failed = Callable[[Exception], None] | None


def create_pattern(ctx: UiContext, repo: PatternRepository, name: str, phases: Sequence[Phase],
                   *, initiator: object, on_success: Done = None, on_failure: Failed = None
                   ) -> None:
    ctx.ops.run(lambda _store: repo.create(name, phases), changes=Change.PATTERNS,
                initiator=initiator, on_success=on_success, on_failure=on_failure)


def update_pattern(ctx: UiContext, repo: PatternRepository, uid: str, name: str,
                   phases: Sequence[Phase], *, initiator: object, on_success: Done = None,
                   on_failure: Failed = None) -> None:
    ctx.ops.run(lambda _store: repo.update(uid, name, phases), changes=Change.PATTERNS,
                initiator=initiator, on_success=on_success, on_failure=on_failure)


def duplicate_pattern(ctx: UiContext, repo: PatternRepository, uid: str, *, initiator: object,
                      on_success: Done = None) -> None:
    ctx.ops.run(lambda _store: repo.duplicate(uid), changes=Change.PATTERNS,
                initiator=initiator, on_success=on_success)


def rename_pattern(ctx: UiContext, repo: PatternRepository, uid: str, name: str, *,
                   initiator: object, on_success: Done = None, on_failure: Failed = None
                   ) -> None:
    ctx.ops.run(lambda _store: repo.rename(uid, name), changes=Change.PATTERNS,
                initiator=initiator, on_success=on_success, on_failure=on_failure)


def delete_pattern(ctx: UiContext, repo: PatternRepository, uid: str, *, initiator: object,
                   on_success: Callable[[None], None] | None = None) -> None:
    """Deleted patterns are kept, marked, until undo is no longer offered."""
    ctx.ops.run(lambda _store: repo.delete(uid), changes=Change.PATTERNS,
                initiator=initiator, on_success=on_success)


def undelete_pattern(ctx: UiContext, repo: PatternRepository, uid: str, *, initiator: object,
                     on_success: Callable[[None], None] | None = None) -> None:
    ctx.ops.run(lambda _store: repo.undelete(uid), changes=Change.PATTERNS,
                initiator=initiator, on_success=on_success)
