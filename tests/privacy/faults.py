"""A simulated full disk: SQLite's own error (SQLITE_FULL, "database or disk is full")
raised at a chosen step, the way a real ENOSPC reaches Python through sqlite3, and
OSError(ENOSPC) for plain file writes. Counting steps first, then failing at each one in
turn, covers every step of an operation."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest


def disk_full_error() -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError("database or disk is full")
    exc.sqlite_errorcode = 13  # type: ignore[attr-defined]
    exc.sqlite_errorname = "SQLITE_FULL"  # type: ignore[attr-defined]
    return exc


def enospc() -> OSError:
    return OSError(errno.ENOSPC, "No space left on device")


class Steps:
    """Counts steps; raises at step `fail_at` (1-based; 0 never)."""

    def __init__(self, fail_at: int = 0) -> None:
        self.fail_at = fail_at
        self.count = 0

    def step(self) -> None:
        self.count += 1
        if self.count == self.fail_at:
            raise disk_full_error()


class FaultyConnection:
    """Wraps a real connection; every statement is a step that may hit a full disk."""

    def __init__(self, conn: sqlite3.Connection, steps: Steps) -> None:
        self._conn = conn
        self._steps = steps

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._steps.step()
        return self._conn.execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._steps.step()
        return self._conn.executemany(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


@contextmanager
def full_disk_in(monkeypatch: pytest.MonkeyPatch, module: Any, steps: Steps) -> Iterator[None]:
    """Every sqlite3.connect in `module` is a step, and so is each statement run on the
    connections it returns."""
    real: Callable[..., sqlite3.Connection] = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> Any:
        steps.step()
        return FaultyConnection(real(*args, **kwargs), steps)

    with monkeypatch.context() as m:
        m.setattr(module.sqlite3, "connect", connect)
        yield
