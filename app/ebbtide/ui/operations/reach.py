"""Reach out: safe people added, changed, deleted and brought back; asks kept when they
are copied, how they went set later. The worker gets a copy of each record, so the
person can go on typing into theirs while it is written."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING

from ebbtide.core.asks import Ask, AskStore
from ebbtide.core.safe_people import SafePeopleStore, SafePerson
from ebbtide.core.store import Store
from ebbtide.ui.operations import Change

if TYPE_CHECKING:
    from ebbtide.ui.context import UiContext

Done = Callable[[object], None]


def save_person(ctx: UiContext, person: SafePerson, *, initiator: object,
                on_success: Callable[[SafePerson], None] | None = None,
                on_failure: Callable[[Exception], None] | None = None) -> None:
    snapshot = copy.deepcopy(person)
    ctx.ops.run(lambda store: SafePeopleStore(store).save(snapshot), changes=Change.REACH,
                initiator=initiator, on_success=on_success, on_failure=on_failure)


def delete_person(ctx: UiContext, uid: str, *, initiator: object,
                  on_success: Done | None = None) -> None:
    ctx.ops.run(lambda store: SafePeopleStore(store).delete(uid), changes=Change.REACH,
                initiator=initiator, on_success=on_success)


def undelete_person(ctx: UiContext, uid: str, *, initiator: object,
                    on_success: Done | None = None) -> None:
    ctx.ops.run(lambda store: SafePeopleStore(store).undelete(uid), changes=Change.REACH,
                initiator=initiator, on_success=on_success)


def save_ask(ctx: UiContext, ask: Ask, *, initiator: object,
             on_success: Callable[[Ask], None] | None = None,
             on_failure: Callable[[Exception], None] | None = None) -> None:
    snapshot = copy.deepcopy(ask)
    ctx.ops.run(lambda store: AskStore(store).save(snapshot), changes=Change.REACH,
                initiator=initiator, on_success=on_success, on_failure=on_failure)


def set_outcome(ctx: UiContext, uid: str, outcome: str | None, *, initiator: object,
                on_success: Callable[[Ask | None], None] | None = None) -> None:
    ctx.ops.run(lambda store: AskStore(store).set_outcome(uid, outcome),
                changes=Change.REACH, initiator=initiator, on_success=on_success)


def delete_ask(ctx: UiContext, uid: str, *, initiator: object,
               on_success: Done | None = None) -> None:
    ctx.ops.run(lambda store: AskStore(store).delete(uid), changes=Change.REACH,
                initiator=initiator, on_success=on_success)


def undelete_ask(ctx: UiContext, uid: str, *, initiator: object,
                 on_success: Done | None = None) -> None:
    ctx.ops.run(lambda store: AskStore(store).undelete(uid), changes=Change.REACH,
                initiator=initiator, on_success=on_success)


def forget_deleted(ctx: UiContext, *, initiator: object) -> None:
    """Deleted and not brought back: removed for good (on leaving the page)."""
    def purge(store: Store) -> int:
        return SafePeopleStore(store).purge_deleted() + AskStore(store).purge_deleted()

    ctx.ops.run(purge, changes=Change.REACH, initiator=initiator)
