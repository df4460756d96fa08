"""'Delete all my data' removes what Ebbtide kept — and only that."""

from __future__ import annotations

from pathlib import Path

from ebbtide.core import backup as core_backup
from ebbtide.core.asks import Ask, AskStore
from ebbtide.core.notice import EvidenceEntry, TriggerEntry
from ebbtide.core.notice_store import NoticeStore
from ebbtide.core.paths import resolve_paths
from ebbtide.core.safe_people import SafePeopleStore, SafePerson
from ebbtide.core.settings import Settings
from ebbtide.core.store import Store
from ebbtide.core.wipe import data_items, wipe_all
from ebbtide.logs import configure_logging
from tests.privacy.flows import close_log_handlers
from tests.privacy.helpers import add_note_session


def test_everything_of_ours_goes_and_the_persons_other_files_stay(tmp_path: Path) -> None:
    chosen = tmp_path / "Documents"  # a data folder the person chose
    chosen.mkdir()
    (chosen / "tax-return.pdf").write_bytes(b"%PDF their own file")
    paths = resolve_paths(chosen)
    configure_logging(paths.log_file)
    try:
        store = Store.open(paths.database).store
        add_note_session(store, "gone soon")
        # Notice entries live in the same store, so they go with it (and its backups).
        NoticeStore(store).save(TriggerEntry(what="gone soon too", status="done"))
        NoticeStore(store).save(EvidenceEntry(said="gone as well", status="done"))
        # So do Reach out's safe people and asks.
        SafePeopleStore(store).save(SafePerson(name="gone Jo", message="gone, could you call?"))
        AskStore(store).save(Ask(worry="gone worry", message="gone ask"))
        core_backup.daily_backup_if_due(store, paths)
        settings = Settings.load(paths.settings_file)
        settings.set("theme", "dark")
        settings.save()
        paths.recordings_dir.mkdir()
        (paths.recordings_dir / "session-3.ogg").write_bytes(b"OggS")
        (paths.data_dir / "ebbtide.sqlite3.damaged-20260101-000000").write_bytes(b"old")
        listed = data_items(paths)
        assert paths.backups_dir in listed and paths.recordings_dir in listed
        report = wipe_all(paths, store)
    finally:
        close_log_handlers()
    assert report.complete and "Everything Ebbtide kept is deleted" in report.summary()
    assert sorted(p.name for p in chosen.iterdir()) == ["tax-return.pdf"]
    assert not any(b"gone" in p.read_bytes() for p in chosen.rglob("*") if p.is_file())
