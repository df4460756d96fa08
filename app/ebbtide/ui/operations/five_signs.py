"""The weekly check of the five signs: saving a week's check (the same week again
overwrites it). The worker gets a copy, so the page's own stays the person's to edit."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING

from ebbtide.core.five_signs import FiveSignsStore, WeeklyCheck
from ebbtide.ui.operations import Change

if TYPE_CHECKING:
    from ebbtide.ui.context import UiContext


def save_check(ctx: UiContext, check: WeeklyCheck, *, initiator: object,
               on_success: Callable[[WeeklyCheck], None] | None = None,
               on_failure: Callable[[Exception], None] | None = None) -> None:
    """Keep this week's check; `on_success` gets the saved copy."""
    snapshot = copy.deepcopy(check)
    ctx.ops.run(lambda store: FiveSignsStore(store).save(snapshot), changes=Change.FIVE_SIGNS,
                initiator=initiator, on_success=on_success, on_failure=on_failure)
