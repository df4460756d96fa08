"""Bringing sessions in from an export file: all of it or none, merged by uid. The file
is read on the worker as a stream (never whole into memory, never on the UI thread), and
how far it has got is passed back to the UI thread as it goes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from ebbtide.core import exchange
from ebbtide.ui.operations import Change

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ebbtide.ui.context import UiContext


class _ProgressRelay(QObject):
    """Lives on the UI thread; the worker emits, the UI thread is called (queued)."""

    moved = Signal(float)

    def __init__(self, on_progress: Callable[[float], None], parent: QObject | None) -> None:
        super().__init__(parent)
        self._on_progress = on_progress
        self._last = -1
        self.finished = False  # a late progress report never overwrites the outcome
        self.moved.connect(self._deliver)

    def report(self, fraction: float) -> None:  # called on the worker
        percent = int(fraction * 100)
        if percent != self._last:
            self._last = percent
            self.moved.emit(fraction)

    @Slot(float)
    def _deliver(self, fraction: float) -> None:
        if not self.finished:
            self._on_progress(fraction)


def import_sessions(ctx: UiContext, source: Path | bytes, *, initiator: object,
                    parent: QWidget, on_success: Callable[[exchange.ImportReport], None],
                    on_failure: Callable[[Exception], None],
                    on_progress: Callable[[float], None] | None = None) -> None:
    relay = _ProgressRelay(on_progress or (lambda _f: None), parent)

    def write(store: exchange.Store) -> exchange.ImportReport:
        if isinstance(source, Path):
            return exchange.import_file(store, source, relay.report)
        return exchange.import_json(store, source, relay.report)

    def finished(report: exchange.ImportReport) -> None:
        relay.finished = True
        relay.deleteLater()
        on_success(report)

    def failed(error: Exception) -> None:
        relay.finished = True
        relay.deleteLater()
        on_failure(error)

    ctx.ops.run(write,
                changes=(Change.SESSIONS | Change.LOGS | Change.SELF_TRUST | Change.REACH
                         | Change.FIVE_SIGNS),
                initiator=initiator, on_success=finished,
                on_failure=failed, progress="Bringing your sessions in…", parent=parent)
