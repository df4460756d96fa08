"""Where decoded sound waits while it plays: temporary files in the data folder's cache
(`AppPaths.cache_dir`), each 0600 in a 0700 folder. No numpy here, so start-up can empty
the folder without loading the sound modules."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from ebbtide.core.paths import ensure_private_dir

log = logging.getLogger(__name__)

CACHE_PREFIX = "ebbtide-voice-"

_cache_dir: Path | None = None


def use_cache_dir(cache_dir: Path | None) -> int:
    """Decoded sound goes to `cache_dir` from now on (None: to memory). Removes files left
    by an earlier run (a crash, or Windows, which cannot unlink an open file) and returns
    how many."""
    global _cache_dir
    _cache_dir = cache_dir
    return clear_cache(cache_dir) if cache_dir is not None else 0


def current_cache_dir() -> Path | None:
    return _cache_dir


def new_cache_file(cache_dir: Path) -> tuple[Path, int]:
    """A new temporary file only its owner can read (0600), open for writing."""
    import secrets  # here, not at the top: start-up imports this module

    ensure_private_dir(cache_dir)
    for _ in range(8):
        path = cache_dir / f"{CACHE_PREFIX}{secrets.token_hex(8)}.pcm"
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY
                         | getattr(os, "O_BINARY", 0), 0o600)
        except FileExistsError:
            continue
        return path, fd
    raise FileExistsError("no free name for a temporary sound file")


def clear_cache(cache_dir: Path) -> int:
    """Remove temporary sound files left by an earlier run. Returns how many."""
    removed = 0
    if not cache_dir.is_dir():
        return 0
    for path in cache_dir.glob(f"{CACHE_PREFIX}*"):
        try:
            path.unlink()
            removed += 1
        except OSError as exc:
            log.info("An old temporary sound file could not be removed (%s)",
                     type(exc).__name__)
    return removed
