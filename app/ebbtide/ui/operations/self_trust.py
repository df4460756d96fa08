"""Trust yourself: saving promises, list items and decisions, delete, and undo (writing
back the copies a view kept). The worker gets copies, so a view's own objects never
change under it while the write runs."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ebbtide.core.self_trust_store import Record, SelfTrustStore
from ebbtide.core.store import Store
from ebbtide.ui.operations import Change

if TYPE_CHECKING:
    from ebbtide.ui.context import UiContext

Done = Callable[[None], None] | None


def save(ctx: UiContext, records: Iterable[Record], *, initiator: object,
         on_success: Done = None) -> None:
    """Add or overwrite records (by uid), all in one transaction."""
    snapshot = copy.deepcopy(list(records))

    def write(store: Store) -> None:
        SelfTrustStore(store).save_all(snapshot)

    ctx.ops.run(write, changes=Change.SELF_TRUST, initiator=initiator, on_success=on_success)


def delete(ctx: UiContext, record: Record, *, initiator: object,
           on_success: Done = None) -> None:
    snapshot = copy.deepcopy(record)

    def write(store: Store) -> None:
        SelfTrustStore(store).delete(snapshot)

    ctx.ops.run(write, changes=Change.SELF_TRUST, initiator=initiator, on_success=on_success)


def restore(ctx: UiContext, records: Iterable[Record], remove: Iterable[Record] = (), *,
            initiator: object, on_success: Done = None) -> None:
    """Undo: put `records` back exactly as they were, and take out `remove`."""
    back = copy.deepcopy(list(records))
    gone = copy.deepcopy(list(remove))

    def write(store: Store) -> None:
        SelfTrustStore(store).restore(back, gone)

    ctx.ops.run(write, changes=Change.SELF_TRUST, initiator=initiator, on_success=on_success)
