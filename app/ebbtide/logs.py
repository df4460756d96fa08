"""Logging to a rotated file in the log folder. Log lines carry what happened, never
what a person wrote: code logs ids, counts and exception types, not text."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

LOG_BYTES = 512 * 1024
LOG_BACKUPS = 3


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Each log file is created readable by its owner only (rotation keeps the mode)."""

    def _open(self):  # type: ignore[no-untyped-def]
        stream = super()._open()
        if os.name == "posix":
            os.chmod(self.baseFilename, 0o600)
        return stream


def configure_logging(log_file: Path, level: int = logging.INFO) -> None:
    log_file.parent.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(log_file.parent, 0o700)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_ebbtide", False):
            root.removeHandler(handler)
            handler.close()
    handler = _PrivateRotatingFileHandler(
        log_file, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
    )
    handler._ebbtide = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
