"""Bringing sessions in from an export file: all of it or none, merged by uid."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ebbtide.core import exchange
from ebbtide.ui.operations import Change

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ebbtide.ui.context import UiContext


def import_sessions(ctx: UiContext, data: bytes, *, initiator: object, parent: QWidget,
                    on_success: Callable[[exchange.ImportReport], None],
                    on_failure: Callable[[Exception], None]) -> None:
    ctx.ops.run(lambda store: exchange.import_json(store, data),
                changes=Change.SESSIONS | Change.LOGS, initiator=initiator,
                on_success=on_success, on_failure=on_failure,
                progress="Bringing your sessions in…", parent=parent)
