"""Privacy proofs over the app's main flows: nothing reaches for the network, the
person's words never reach a log, with the lock on they appear in no file at all (raw
bytes, -wal files and backups included), and files are private to their owner."""

from __future__ import annotations

import os
import socket
import stat
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ebbtide.core.paths import AppPaths
from tests.privacy.flows import run_flows
from tests.privacy.helpers import SENTINEL


def files_under(*roots: Path) -> list[Path]:
    found: list[Path] = []
    for root in roots:
        if root.exists():
            found += [p for p in root.rglob("*") if p.is_file()]
    return found


def needles(words: str) -> list[bytes]:
    # The whole sentence, and a distinctive piece of it, in the encodings SQLite uses.
    piece = "Marlowe reads my messages"
    return [words.encode("utf-8"), piece.encode("utf-8"), piece.encode("utf-16-le")]


def files_containing(words: str, *roots: Path) -> list[str]:
    hits = []
    for path in files_under(*roots):
        data = path.read_bytes()
        if any(n in data for n in needles(words)):
            hits.append(str(path))
    return hits


def test_no_flow_ever_reaches_for_the_network(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch,
) -> None:
    attempts: list[str] = []

    class NoSocket(socket.socket):
        def __init__(self, *args: object, **kwargs: object) -> None:
            attempts.append(f"socket{args}")
            raise OSError("Ebbtide must not open network sockets")

    def refuse(name: str):  # type: ignore[no-untyped-def]
        def fail(*args: object, **kwargs: object) -> None:
            attempts.append(f"{name}{args}")
            raise OSError("Ebbtide must not use the network")
        return fail

    monkeypatch.setattr(socket, "socket", NoSocket)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "socketpair"):
        monkeypatch.setattr(socket, name, refuse(name))
    run_flows(paths, SENTINEL, qtbot, lock_on=True)
    assert attempts == []
    assert "PySide6.QtNetwork" not in sys.modules


def test_words_never_reach_a_log_with_the_lock_off(qtbot: QtBot, paths: AppPaths) -> None:
    run_flows(paths, SENTINEL, qtbot, lock_on=False)
    logs = files_under(paths.log_dir)
    assert logs and paths.log_file.read_text()  # the log was written to
    assert files_containing(SENTINEL, paths.log_dir) == []
    # With the lock off the words are in the store, as the docs say: the proof above
    # is only as strong as this check that the sentence really was saved.
    assert files_containing(SENTINEL, paths.data_dir)


def test_with_the_lock_on_the_words_are_in_no_file_at_all(qtbot: QtBot, paths: AppPaths) -> None:
    run_flows(paths, SENTINEL, qtbot, lock_on=True)
    everything = files_under(paths.data_dir, paths.config_dir, paths.log_dir)
    assert any(p.suffix == ".sqlite3" and p.parent == paths.backups_dir for p in everything)
    assert files_containing(SENTINEL, paths.data_dir, paths.config_dir, paths.log_dir) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_data_folder_is_0700_and_its_files_0600(qtbot: QtBot, paths: AppPaths) -> None:
    os.umask(0o022)  # a usual, permissive umask: privacy must not depend on it
    run_flows(paths, SENTINEL, qtbot, lock_on=True)
    loose = []
    for path in [paths.data_dir, *paths.data_dir.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        want = 0o700 if path.is_dir() else 0o600
        if mode & ~want:
            loose.append(f"{path.relative_to(paths.data_dir.parent)}: {oct(mode)}")
    assert loose == []
