"""Child process for the crash test: writes through the store API and prints a line for
every record *after* the store said it was saved. The parent kills it with SIGKILL.

    python crash_writer.py DB [PASSPHRASE]      write forever
    python crash_writer.py DB PASSPHRASE --enable-lock   turn the lock on, then print
    python crash_writer.py DB PASSPHRASE --disable-lock  turn it off (backups and the
                                                         recordings beside DB follow)
    python crash_writer.py DB PASSPHRASE --change-passphrase NEW
    python crash_writer.py DB PASSPHRASE --restore BACKUP   restore BACKUP into DB"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ebbtide.core import lock as core_lock
from ebbtide.core.crypto import ScryptParams
from ebbtide.core.store import SessionRecord, Store, new_uid


def main() -> None:
    db = Path(sys.argv[1])
    passphrase = sys.argv[2] if len(sys.argv) > 2 else ""
    store = Store.open(db).store
    backups = db.parent / "backups"
    recordings = db.parent / "recordings"  # the layout AppPaths gives a data folder
    if "--enable-lock" in sys.argv:
        print("ready", flush=True)
        core_lock.enable_lock(store, passphrase, params=ScryptParams(n=2**10),
                              backups_dir=backups, recordings_dir=recordings)
        print("enabled", flush=True)
        return
    if "--disable-lock" in sys.argv:
        print("ready", flush=True)
        core_lock.disable_lock(store, passphrase, backups_dir=backups,
                               recordings_dir=recordings)
        print("disabled", flush=True)
        return
    if "--change-passphrase" in sys.argv:
        new = sys.argv[sys.argv.index("--change-passphrase") + 1]
        print("ready", flush=True)
        core_lock.change_passphrase(store, passphrase, new, backups_dir=backups)
        print("changed", flush=True)
        return
    if "--restore" in sys.argv:
        from ebbtide.core import backup as core_backup
        from ebbtide.core.paths import resolve_paths

        source = Path(sys.argv[sys.argv.index("--restore") + 1])
        if passphrase:
            core_lock.unlock(store, passphrase)
        print("ready", flush=True)
        core_backup.restore_backup(resolve_paths(db.parent), source, store)
        print("restored", flush=True)
        return
    if passphrase:
        core_lock.unlock(store, passphrase)
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        record = store.add_session(SessionRecord(
            kind="checkin", started_utc=time.time(), distress_before=n % 11,
            note=f"note {n}: the words of a hard evening",
        ))
        print(f"S {record.uid}", flush=True)
        # A worksheet and its session in one transaction: both or neither.
        uid = new_uid()
        now = time.time()
        with store.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO sessions (uid, kind, started_utc, details, note_sealed) "
                "VALUES (?, 'worksheet', ?, '{}', NULL)", (new_uid(), now))
            conn.execute(
                "INSERT INTO worksheets (uid, session_id, status, created_utc, updated_utc, "
                "tags, body_sealed) VALUES (?, ?, 'done', ?, ?, '{}', ?)",
                (uid, cur.lastrowid, now, now, store.seal(f"worksheet {n} " + "words " * 40,
                                                     ("worksheets", "body_sealed", uid))))
        print(f"W {uid}", flush=True)


if __name__ == "__main__":
    main()
