"""The log file: rotated at its size limit into a few old copies, each private."""

from __future__ import annotations

import logging
import os
import stat

from ebbtide.logs import _PrivateRotatingFileHandler


def test_the_log_rotates_into_three_private_copies_and_no_more(tmp_path) -> None:
    folder = tmp_path / "logs"
    folder.mkdir()
    path = folder / "ebbtide.log"
    handler = _PrivateRotatingFileHandler(path, max_bytes=400, backups=3)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log = logging.getLogger("tests.logs.rotation")
    log.propagate = False
    log.addHandler(handler)
    try:
        for n in range(200):
            log.warning("line %03d of the log, long enough to fill it", n)
    finally:
        log.removeHandler(handler)
        handler.close()
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["ebbtide.log", "ebbtide.log.1", "ebbtide.log.2", "ebbtide.log.3"]
    for p in folder.iterdir():
        assert p.stat().st_size < 400
        if os.name == "posix":
            assert stat.S_IMODE(p.stat().st_mode) == 0o600
    # The newest line is in the current file, the one before it in .1.
    assert path.read_text().splitlines()[-1].startswith("line 199")
    last_of_first = (folder / "ebbtide.log.1").read_text().splitlines()[-1]
    assert path.read_text().splitlines()[0] == f"line {int(last_of_first[5:8]) + 1:03d}" \
        " of the log, long enough to fill it"
