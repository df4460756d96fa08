"""The app's main flows, run end to end against one data folder, for the privacy proofs
(no network, no words in logs or — with the lock on — anywhere on disk, permissions)."""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ebbtide.audio.decode import recording_duration
from ebbtide.core import backup as core_backup
from ebbtide.core import exchange
from ebbtide.core import lock as core_lock
from ebbtide.core.paths import AppPaths
from ebbtide.core.settings import SettingKey, Settings
from ebbtide.core.store import Store
from ebbtide.logs import configure_logging
from tests.privacy.helpers import (
    PASSPHRASE,
    add_note_session,
    add_recording_row,
    add_worksheet,
    worksheet_body,
)


def close_log_handlers() -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_ebbtide", False):
            root.removeHandler(handler)
            handler.close()


def run_flows(paths: AppPaths, secret_words: str, qtbot: object, *, lock_on: bool) -> None:
    """Open the store, save sessions and worksheets, export and import, back up and
    restore, lock and unlock (if `lock_on`), and build the main window with its lock and
    settings. Logging at DEBUG, so anything that would log words would show."""
    configure_logging(paths.log_file, level=logging.DEBUG)
    try:
        _run(paths, secret_words, qtbot, lock_on)
    finally:
        for handler in logging.getLogger().handlers:
            handler.flush()
        close_log_handlers()


def _import_recording(store: Store, paths: AppPaths, title: str, words: str) -> None:
    """A recording whose raw samples spell the words (so a byte search finds them if the
    sound lies plain anywhere), imported as the Listen page does."""
    import numpy as np
    import soundfile

    from ebbtide.core.recordings import RecordingLibrary

    source = paths.data_dir.parent / "from-therapist.wav"
    spoken = words.encode("utf-8")
    spoken += b" " * (len(spoken) % 2)
    pcm = np.frombuffer(spoken * (44100 // len(spoken) + 1), dtype="<i2")[:22050]
    soundfile.write(str(source), pcm, 44100, subtype="PCM_16")
    RecordingLibrary(store, paths.recordings_dir, recording_duration).import_file(source, title)


def _play_recordings(store: Store, paths: AppPaths) -> None:
    """Decode every recording as Listen does, through the data folder's sound cache."""
    from ebbtide.audio.decode import decode
    from ebbtide.core.recordings import RecordingLibrary

    library = RecordingLibrary(store, paths.recordings_dir, recording_duration)
    for recording in library.all():
        if not library.path_of(recording).is_file():
            continue  # a row without a file (add_recording_row)
        voice = decode(library.path_of(recording), cache_dir=paths.cache_dir,
                       opener=library.opener(recording))
        assert voice.read_all().shape[0] > 0
        voice.close()


def _run(paths: AppPaths, words: str, qtbot: object, lock_on: bool) -> None:
    from ebbtide.core.paths import ensure_private_dir
    from ebbtide.ui.context import UiContext
    from ebbtide.ui.main_window import MainWindow
    from ebbtide.ui.privacy.lock import install_lock
    from ebbtide.ui.privacy.settings_tab import privacy_settings_tabs
    from ebbtide.ui.settings_dialog import SettingsDialog

    ensure_private_dir(paths.data_dir)  # as the app does at start-up
    settings = Settings.load(paths.settings_file)
    settings.set(SettingKey.LOCK_IDLE_MINUTES, 5)
    settings.save()
    opened = Store.open(paths.database,
                        before_migrate=core_backup.before_migrate_hook(paths))
    store = opened.store
    session = add_note_session(store, words)
    sheet = add_worksheet(store, words + " (worksheet)")
    # And through the worksheet pages' own store, with words in several places.
    from ebbtide.core.worksheet import Worksheet
    from ebbtide.core.worksheet_store import WorksheetStore

    worksheets = WorksheetStore(store)
    full = Worksheet(situation=words, hot_thought=words + " (hot thought)",
                     own_traps=[words + " (own trap)"], distress_before=8, distress_after=5)
    worksheets.finish(full)
    add_recording_row(store, words + " (recording title)")
    # Notice & record: a trigger and an evidence entry with the words in every field.
    from ebbtide.core.notice import (
        EvidenceEntry,
        FeelingNote,
        JournalEntry,
        RiskEntry,
        TriggerEntry,
    )
    from ebbtide.core.notice_store import NoticeStore

    notices = NoticeStore(store)
    trigger = notices.save(TriggerEntry(
        what=words, feelings=[FeelingNote(words[:60], 70, own=True)], body=[words[:60]],
        urges=["check-phone"], own_urges=[words[:80]], did=words + " (did)",
        helped=words + " (helped)", now_or_then="then", tags=[words[:40]], status="done"))
    notices.save(EvidenceEntry(said=words, did=words + " (did)", who=words[:80],
                               shows=["honesty"], outcome="broken", status="done"))
    notices.save(TriggerEntry(what=words + " (draft)"))
    notices.save(RiskEntry(risk=words, who=words[:80], fear=words + " (fear)",
                           sure_before=80, happened=words + " (happened)", sure_after=30,
                           outcome="better", status="done"))
    notices.save(JournalEntry(text=words + " (journal)", prompt="roots", status="done"))
    # Trust yourself: a promise, a list item and a decision in the person's words.
    from ebbtide.core.decisions import Decision
    from ebbtide.core.promises import Promise
    from ebbtide.core.self_lists import ListItem
    from ebbtide.core.self_trust_store import SelfTrustStore

    SelfTrustStore(store).save_all([
        Promise(words[:200]), ListItem(words[:200] + " (value)", "values"),
        Decision(words[:200], words[:100], outcome="held", note=words + " (held)")])

    # Reach out: a safe person and an ask, with the words in every field.
    from ebbtide.core.asks import Ask, AskStore
    from ebbtide.core.safe_people import SafePeopleStore, SafePerson

    safe_person = SafePeopleStore(store).save(SafePerson(
        name=words[:80], helps=[words[:60]], helps_own=words[:300], reach=words[:300],
        message=words + " (ready message)"))
    AskStore(store).save(Ask(worry=words[:80], facts=words, feeling=words + " (feeling)",
                             because=words, need=words + " (need)", why=words,
                             message=words + " (ask)", person_uid=safe_person.uid,
                             outcome="helped"))

    # The five signs, weekly: the note in the person's words (the scores are sealed too).
    from ebbtide.core.five_signs import FiveSignsStore, WeeklyCheck

    signs = FiveSignsStore(store)
    signs.save(WeeklyCheck("2026-W10", {"jealousy": 4, "control": 3}, words + " (week)"))

    # A worksheet started from the trigger ("Check this thought") quoting a moment from
    # the evidence log: the quote lives only in the worksheet's sealed body.
    from ebbtide.core.notice import load_notice_words
    from ebbtide.core.notice_links import quote_evidence, worksheet_from_trigger

    checked = worksheet_from_trigger(trigger, load_notice_words())
    quote_evidence(checked, [EvidenceEntry(did=words + " (quoted)", who=words[:80],
                                           status="done")], "against", load_notice_words())
    worksheets.save(checked)
    from ebbtide.core.breathing import Phase, PhaseKind
    from ebbtide.core.patterns import PatternRepository

    PatternRepository(store, preset_patterns=[]).create(
        words[:60], [Phase(PhaseKind.INHALE, 4), Phase(PhaseKind.EXHALE, 6)]
    )  # a pattern named in the person's own words
    _import_recording(store, paths, words + " (imported recording)", words)
    yesterday = datetime.now() - timedelta(days=1)
    core_backup.daily_backup_if_due(store, paths, now=yesterday)
    core_backup.daily_backup_if_due(store, paths)

    exported = exchange.export_json(store)
    exchange.export_csv(store)
    exchange.import_json(store, exported)  # the same records again: nothing doubles

    if lock_on:
        key = core_lock.enable_lock(store, PASSPHRASE, backups_dir=paths.backups_dir,
                                    recordings_dir=paths.recordings_dir)
        add_note_session(store, words + " (after the lock)")
        _import_recording(store, paths, words + " (after the lock)", words)
        _play_recordings(store, paths)
        core_lock.lock_now(store)
        with contextlib.suppress(core_lock.WrongSecret):
            core_lock.unlock(store, "a wrong passphrase")
        core_lock.unlock_with_recovery_key(store, key.recovery_key)
        core_lock.change_passphrase(store, PASSPHRASE, PASSPHRASE + " two",
                                    backups_dir=paths.backups_dir)
        core_backup.backup_store(store, paths.backups_dir, core_backup.KIND_DAILY)

    newest = core_backup.list_backups(paths)[0]
    core_backup.restore_backup(paths, newest, store)
    assert store.get_session(session.id or 0) is not None
    assert worksheet_body(store, sheet).startswith(words)
    kept = notices.load(trigger.uid)
    # Trust yourself came back with the backup too.
    assert [d.note for d in SelfTrustStore(store).decisions()] == [words + " (held)"]
    assert kept is not None and kept.what == words and kept.tags == [words[:40]]
    kept_person = SafePeopleStore(store).load(safe_person.uid)
    assert kept_person is not None and kept_person.message == words + " (ready message)"
    assert [a.message for a in AskStore(store).all()] == [words + " (ask)"]

    week = signs.load("2026-W10")
    assert week is not None and week.note == words + " (week)" and week.scores["jealousy"] == 4
    reloaded = worksheets.load(full.uid)
    assert reloaded is not None and reloaded.situation == words

    ctx = UiContext(paths, store, settings)
    window = MainWindow(ctx)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    qtbot.waitExposed(window)  # type: ignore[attr-defined]
    window.windowHandle().requestActivate()  # window shortcuts need the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # type: ignore[attr-defined]
    controller = install_lock(window, ctx)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    assert controller.locked
    if lock_on:
        controller.try_unlock("wrong again, sorry", recovery=False)
        controller.try_unlock(PASSPHRASE + " two", recovery=False)
    else:
        controller.screens[0].show_requested.emit()
    assert not controller.locked
    dialog = SettingsDialog(ctx, window)
    for title, tab in privacy_settings_tabs(ctx):
        dialog.tabs.addTab(tab, title)
    dialog.show()
    dialog.close()
    window.close()
    ctx.stop_all_sound()
    store.close()
