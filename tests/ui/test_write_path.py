"""One write path: pages never write to the store themselves; every write runs on the one
worker and is announced once, saying what changed and who asked; two writes asked for at
once never collide."""

from __future__ import annotations

import ast
import sqlite3
import threading
from pathlib import Path

import pytest

from ebbtide.core.sealing import StoreError
from ebbtide.core.sessions import SessionKind, SessionRecord
from ebbtide.ui.operations import Change, ChangeNotice
from ebbtide.ui.operations.sessions import save_session
from tests.conftest import settle

UI = Path(__file__).resolve().parents[2] / "app" / "ebbtide" / "ui"

# Methods that change stored data, on the store or on the core's repositories.
STORE_WRITES = {"add_session", "add_sessions", "update_session", "save_session",
                "delete_session", "meta_set", "transaction", "insert_session",
                "rewrite_session"}
REPOSITORY_WRITES = {"create", "update", "duplicate", "rename", "delete", "undelete",
                     "import_file", "purge_deleted", "undo_delete", "save", "finish"}
REPOSITORIES = {"repo", "sheets", "recordings", "library", "notices"}
# Core functions that change the person's data, whatever module they are reached through.
CORE_WRITES = {"enable_lock", "disable_lock", "change_passphrase", "set_new_passphrase",
               "unlock", "unlock_with_recovery_key", "sync_backups", "wipe_all",
               "restore_backup", "backup_to_folder", "import_json", "daily_backup_if_due"}


def _receiver_name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def writes_outside_operations() -> list[str]:
    found: list[str] = []
    for path in sorted(UI.rglob("*.py")):
        if "operations" in path.relative_to(UI).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            where = f"{path.relative_to(UI)}:{node.lineno}"
            if isinstance(func, ast.Attribute):
                receiver = _receiver_name(func.value)
                if receiver.endswith("_ops"):
                    continue  # an operation (ui/operations/…): the one write path itself
                store_write = func.attr in STORE_WRITES or func.attr in CORE_WRITES
                repo_write = func.attr in REPOSITORY_WRITES and receiver in REPOSITORIES
                if store_write or repo_write:
                    found.append(f"{where} {receiver}.{func.attr}")
            elif isinstance(func, ast.Name) and func.id in CORE_WRITES:
                found.append(f"{where} {func.id}")
    return found


def test_no_page_or_widget_writes_to_the_store_itself() -> None:
    assert writes_outside_operations() == []


def test_no_ui_code_holds_sql_not_even_the_operations() -> None:
    """Operations call the core (store, repositories, lock); SQL stays in core."""
    found = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("transaction", "execute", "executemany")):
                found.append(f"{path.relative_to(UI)}:{node.lineno} .{node.func.attr}(")
    assert found == []


def test_the_walk_finds_a_write_when_one_is_there(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "ui" / "some_page.py"
    page.parent.mkdir()
    page.write_text("def save(self):\n    self.ctx.store.add_session(record)\n"
                    "    self.repo.rename(uid, name)\n    wipe_all(paths)\n")
    monkeypatch.setattr(f"{__name__}.UI", page.parent)
    assert [w.split(" ")[1] for w in writes_outside_operations()] == [
        "store.add_session", "repo.rename", "wipe_all"]


def test_a_write_is_announced_once_with_what_changed_and_who_asked(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    notices: list[ChangeNotice] = []
    ui_ctx.ops.changed.connect(notices.append)
    asker = object()
    saved: list[SessionRecord] = []
    record = SessionRecord(kind=SessionKind.CHECKIN, started_utc=100.0, distress_before=5)
    save_session(ui_ctx, record, initiator=asker, on_success=saved.append)
    assert notices == []  # nothing is said before it is on disk
    settle(ui_ctx)
    assert [(n.changes, n.initiator) for n in notices] == [(Change.SESSIONS, asker)]
    assert saved and saved[0].id is not None
    assert [s.uid for s in ui_ctx.store.sessions()] == [record.uid]


def test_saving_again_by_uid_updates_the_same_session(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    record = SessionRecord(kind=SessionKind.BREATHING, started_utc=10.0, distress_before=7)
    save_session(ui_ctx, record)
    from dataclasses import replace

    save_session(ui_ctx, replace(record, distress_after=3))  # asked before the first landed
    settle(ui_ctx)
    [kept] = ui_ctx.store.sessions()
    assert (kept.distress_before, kept.distress_after) == (7, 3)


def test_a_store_problem_is_told_kindly_and_announces_nothing(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    told: list[str] = []
    notices: list[ChangeNotice] = []
    ui_ctx.notice.connect(told.append)
    ui_ctx.ops.changed.connect(notices.append)

    def broken(_store: object) -> None:
        raise StoreError("The disk is full, so this wasn't saved.")

    ui_ctx.ops.run(broken, changes=Change.SESSIONS)
    settle(ui_ctx)
    assert told == ["The disk is full, so this wasn't saved."] and notices == []


def test_two_writes_at_once_never_collide(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    """The race the one worker fixes: a write while another transaction is open."""
    store = ui_ctx.store
    holding = threading.Event()
    release = threading.Event()

    def long_write(s: object) -> None:  # a slow write, holding its transaction open
        with store.transaction():
            holding.set()
            release.wait(5)

    ui_ctx.ops.run(long_write, changes=Change.SESSIONS)
    assert holding.wait(5)
    # Written past the worker, as pages once did, the second write fails outright:
    with pytest.raises(sqlite3.OperationalError, match="within a transaction"):
        store.add_session(SessionRecord(kind=SessionKind.CHECKIN, started_utc=1.0))
    # Through the one write path it waits its turn and lands.
    record = SessionRecord(kind=SessionKind.CHECKIN, started_utc=2.0, distress_before=4)
    save_session(ui_ctx, record)
    release.set()
    settle(ui_ctx)
    assert [s.uid for s in store.sessions()] == [record.uid]
