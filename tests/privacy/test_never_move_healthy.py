"""Issue 13, item 7: a full disk (or a permission or I/O error) at start is never taken
for damage — nothing is moved aside, the person is told what is wrong, and the store
opens whole once the disk has room. After a real move-aside, the next start still says
so, offers the set-aside file and the newest good backup, and never backs the fresh,
empty store up as today's backup."""

from __future__ import annotations

import hashlib
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from ebbtide.core import backup as core_backup
from ebbtide.core import store as core_store
from ebbtide.core.paths import AppPaths
from ebbtide.core.settings import Settings
from ebbtide.core.store import MOVED_ASIDE_KEY, Store, StoreUnavailable, move_aside
from ebbtide.ui.context import UiContext
from ebbtide.ui.privacy.settings_tab import offer_restore_after_damage
from tests.conftest import settle
from tests.privacy.faults import Steps, full_disk_in
from tests.privacy.helpers import add_note_session
from tests.ui.modal import when_modal_opens


def _files(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


def _healthy_store(paths: AppPaths, notes: int = 5) -> None:
    store = Store.open(paths.database).store
    for i in range(notes):
        add_note_session(store, f"note {i}")
    # Leave a WAL behind, as an app that was killed does: the read-only probe then needs
    # to make -shm, which a full disk refuses.
    store.conn.execute("PRAGMA wal_autocheckpoint = 0")
    add_note_session(store, "the newest note, still in the WAL")
    kept = {p: p.read_bytes() for p in (paths.database, Path(f"{paths.database}-wal"))}
    store.conn.close()
    for path, data in kept.items():
        path.write_bytes(data)


def test_a_full_disk_at_every_step_of_start_moves_nothing_and_loses_nothing(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch,
) -> None:
    _healthy_store(paths)
    counting = Steps()
    with full_disk_in(monkeypatch, core_store, counting):
        Store.open(paths.database).store.close()
    total = counting.count
    assert total >= 8
    told = 0
    for step in range(1, total + 1):
        before = _files(paths.data_dir)
        try:
            with full_disk_in(monkeypatch, core_store, Steps(step)):
                Store.open(paths.database).store.close()
        except StoreUnavailable as exc:
            told += 1
            assert "disk is full" in str(exc) and "Nothing has been moved" in str(exc)
            assert not [p for p in paths.data_dir.iterdir() if ".damaged-" in p.name]
            assert set(_files(paths.data_dir)) <= set(before) | {"ebbtide.sqlite3-shm",
                                                                  "ebbtide.sqlite3-wal"}
        opened = Store.open(paths.database)  # the disk has room again
        assert opened.moved_aside is None
        assert opened.store.count_sessions() == 6, f"step {step}"
        opened.store.close()
    assert told == total
    print(f"\ndisk full at start: {total} steps, each told and nothing moved or lost")


def test_a_full_disk_while_backing_up_before_an_upgrade_is_not_damage(
    paths: AppPaths,
) -> None:
    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    paths.database.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(fixtures / "store_v3.sqlite3", paths.database)

    def no_room(_path: Path) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(StoreUnavailable, match="No space left"):
        Store.open(paths.database, before_migrate=no_room)
    assert not [p for p in paths.data_dir.iterdir() if ".damaged-" in p.name]
    assert Store.open(paths.database).moved_aside is None


def test_after_a_move_aside_the_next_start_still_asks_and_no_empty_backup_is_made(
    paths: AppPaths,
) -> None:
    _healthy_store(paths)
    paths.database.with_name("ebbtide.sqlite3-wal").unlink()
    paths.database.with_name("ebbtide.sqlite3-shm").unlink(missing_ok=True)
    paths.database.write_bytes(b"not a database any more" * 50)
    first = Store.open(paths.database)
    assert first.moved_aside is not None
    first.store.close()  # the app was closed (or killed) before it could ask
    second = Store.open(paths.database)
    assert second.moved_aside is None
    assert second.store.meta_get(MOVED_ASIDE_KEY) == str(first.moved_aside)
    assert core_backup.daily_backup_if_due(second.store, paths,
                                           now=datetime(2026, 5, 1, 9)) is None
    assert core_backup.list_backups(paths) == []
    second.store.close()


def test_the_set_aside_file_is_offered_when_it_is_whole(
    qtbot: QtBot, paths: AppPaths,
) -> None:
    _healthy_store(paths, notes=2)
    moved = move_aside(paths.database)  # as an older Ebbtide did on a full disk
    opened = Store.open(paths.database)
    ctx = UiContext(paths, opened.store, Settings.load(paths.settings_file))
    seen: list[str] = []

    def answer(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen.append(box.informativeText())
        if len(seen) == 1:
            next(b for b in box.buttons() if b.text() == "Bring back the set-aside file").click()
        else:
            box.accept()

    when_modal_opens(answer)
    when_modal_opens(answer, timeout_ms=10_000)
    assert offer_restore_after_damage(None, ctx, moved)
    settle(ctx)
    assert "opens now" in seen[0] and str(moved) in seen[0]
    assert ctx.store.count_sessions() == 3 and ctx.store.meta_get(MOVED_ASIDE_KEY) is None
    ctx.tasks.shutdown()
    opened.store.close()


@pytest.mark.parametrize(("button", "again"), [("Try again", True), ("Quit", False)])
def test_at_start_the_person_is_told_and_can_try_again(
    qtbot: QtBot, button: str, again: bool,
) -> None:
    from ebbtide import application

    seen: list[str] = []

    def answer(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == button).click()

    when_modal_opens(answer)
    text = str(StoreUnavailable("Database or disk is full."))
    assert application._ask_to_try_again(text) is again
    assert seen and "can't open your data right now" in seen[0]
    assert "Nothing has been moved" in seen[0]
