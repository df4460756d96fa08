"""Logging to a rotated file in the log folder. Log lines carry what happened, never
what a person wrote: code logs ids, counts and exception types, not text."""

from __future__ import annotations

import logging
import os
from pathlib import Path

LOG_BYTES = 512 * 1024
LOG_BACKUPS = 3


class _PrivateRotatingFileHandler(logging.FileHandler):
    """Rotates at `max_bytes` into `.1` … `.<backups>`, as logging.handlers'
    RotatingFileHandler does, without importing logging.handlers (socket, pickle and
    queue, several milliseconds of every start-up). Each file is created readable by its
    owner only."""

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        super().__init__(path, encoding="utf-8", delay=True)
        self.max_bytes = max_bytes
        self.backups = backups

    def _open(self):  # type: ignore[no-untyped-def]
        stream = super()._open()
        if os.name == "posix":
            os.chmod(self.baseFilename, 0o600)
        return stream

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full(record):
                self._rotate()
        except Exception:
            self.handleError(record)
            return
        super().emit(record)

    def _full(self, record: logging.LogRecord) -> bool:
        if self.max_bytes <= 0:
            return False
        if self.stream is None:
            self.stream = self._open()
        line = f"{self.format(record)}{self.terminator}"
        self.stream.seek(0, 2)
        return bool(self.stream.tell() + len(line.encode("utf-8")) >= self.max_bytes)

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        for n in range(self.backups - 1, 0, -1):
            older = f"{self.baseFilename}.{n}"
            if os.path.exists(older):
                os.replace(older, f"{self.baseFilename}.{n + 1}")
        if self.backups > 0 and os.path.exists(self.baseFilename):
            os.replace(self.baseFilename, f"{self.baseFilename}.1")
        self.stream = self._open()


def configure_logging(log_file: Path, level: int = logging.INFO) -> None:
    log_file.parent.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(log_file.parent, 0o700)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_ebbtide", False):
            root.removeHandler(handler)
            handler.close()
    handler = _PrivateRotatingFileHandler(log_file, LOG_BYTES, LOG_BACKUPS)
    handler._ebbtide = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
