"""Sessions out (CSV, JSON) and back in: merge by uid, all or nothing, kind messages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from ebbtide.core import exchange
from ebbtide.core.exchange import ImportRejected, export_csv, export_json, import_json
from ebbtide.core.store import (
    SessionKind,
    SessionRecord,
    Store,
)

T0 = 1_750_000_000.0


def fill(store: Store) -> list[SessionRecord]:
    return [
        store.add_session(SessionRecord(
            kind=SessionKind.BREATHING, started_utc=T0, content_id="box", ended_utc=T0 + 300,
            duration_s=300.0, distress_before=7, distress_after=3,
            details={"label": "Box breathing", "cycles": 12},
        )),
        store.add_session(SessionRecord(
            kind=SessionKind.CHECKIN, started_utc=T0 + 3600, distress_before=5,
            details={"feelings": ["anxious", "hurt"]}, note="my own words, kept",
        )),
        store.add_session(SessionRecord(
            kind=SessionKind.AUDIO, started_utc=T0 + 7200.5, content_id="rec-1",
            duration_s=600.0, distress_before=6, distress_after=4, completed=False,
        )),
    ]


def comparable(store: Store) -> list[tuple[object, ...]]:
    return [
        (r.uid, r.kind, r.content_id, r.started_utc, r.ended_utc, r.duration_s,
         r.distress_before, r.distress_after, r.completed, dict(r.details), r.note)
        for r in store.sessions()
    ]


def test_json_round_trip_onto_a_new_computer(store: Store, tmp_path: Path) -> None:
    fill(store)
    text = export_json(store)
    document = json.loads(text)
    assert document["format"] == "ebbtide-sessions" and document["version"] == 3
    assert len(document["sessions"]) == 3
    fresh = Store.open(tmp_path / "new" / "ebbtide.sqlite3").store
    try:
        report = import_json(fresh, text.encode("utf-8"))
        assert report == exchange.ImportReport(added=3, skipped_existing=0)
        assert comparable(fresh) == comparable(store)
    finally:
        fresh.close()


def test_importing_twice_adds_nothing_the_second_time(store: Store) -> None:
    fill(store)
    text = export_json(store)
    report = import_json(store, text)
    assert report == exchange.ImportReport(added=0, skipped_existing=3)
    assert store.count_sessions() == 3


def test_import_merges_by_uid(store: Store) -> None:
    records = fill(store)
    text = export_json(store)
    store.delete_session(records[1].id or 0)
    report = import_json(store, text)
    assert report.added == 1 and report.skipped_existing == 2
    assert sorted(r.uid for r in store.sessions()) == sorted(r.uid for r in records)


def test_csv_has_one_row_a_session_and_no_notes(store: Store) -> None:
    fill(store)
    text = export_csv(store)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["kind"] for r in rows] == ["breathing", "checkin", "audio"]
    assert rows[0]["practice"] == "Box breathing" and rows[0]["drop"] == "4"
    assert rows[1]["feelings"] == "anxious;hurt" and rows[1]["distress_after"] == ""
    assert rows[2]["completed"] == "no" and rows[2]["started_utc"] == f"{T0 + 7200.5:.1f}"
    assert "my own words" not in text


def _export_with(store: Store, change: dict[str, object], position: int = 1) -> str:
    document = json.loads(export_json(store))
    document["sessions"][position].update(change)
    return json.dumps(document)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"distress_before": 11}, "distress before rating"),
        ({"distress_after": 2.5}, "distress after rating"),
        ({"distress_before": True}, "distress before rating"),
        ({"started_utc": "yesterday"}, "start time"),
        ({"started_utc": 1.75e12}, "start time"),  # milliseconds by mistake
        ({"kind": "dancing"}, "kind"),
        ({"kind": []}, "kind"),  # found by the fuzz test: not text at all
        ({"uid": ""}, "id (uid)"),
        ({"details": ["a"]}, "details"),
        ({"completed": "yes"}, "completed"),
        ({"duration_s": -1}, "length"),
        ({"ended_utc": T0 - 10}, "ends before it starts"),
        ({"surprise": 1}, "fields this version doesn't know: surprise"),
    ],
)
def test_a_bad_record_is_named_and_nothing_is_imported(
    store: Store, tmp_path: Path, change: dict[str, object], reason: str
) -> None:
    fill(store)
    bad = _export_with(store, change)
    target = Store.open(tmp_path / "t" / "ebbtide.sqlite3").store
    try:
        kept = target.add_session(SessionRecord(kind=SessionKind.CHECKIN, started_utc=T0 - 99))
        with pytest.raises(ImportRejected) as caught:
            import_json(target, bad)
        message = str(caught.value)
        assert message.startswith("Session 2 in the file")
        assert reason in message and "Nothing was imported." in message
        assert [r.uid for r in target.sessions()] == [kept.uid]  # existing data unchanged
    finally:
        target.close()


def test_a_rejection_never_repeats_the_persons_words(store: Store) -> None:
    fill(store)
    bad = _export_with(store, {"note": 42, "distress_before": 99})
    with pytest.raises(ImportRejected) as caught:
        import_json(store, bad)
    assert "my own words" not in str(caught.value)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("{not json", "couldn't be read as JSON"),
        (b"\xff\xfe\x00bad", "isn't readable text"),
        ('{"format": "something-else", "version": 1, "sessions": []}', "isn't an Ebbtide"),
        ('{"format": "ebbtide-sessions", "version": 4, "sessions": []}', "newer Ebbtide"),
        ('{"format": "ebbtide-sessions", "sessions": []}', "which version"),
        ('{"format": "ebbtide-sessions", "version": 1, "sessions": {}}', "no list"),
    ],
)
def test_files_that_are_not_exports_are_refused_kindly(
    store: Store, data: str | bytes, reason: str
) -> None:
    fill(store)
    before = comparable(store)
    with pytest.raises(ImportRejected, match=reason):
        import_json(store, data)
    assert comparable(store) == before


def test_a_uid_twice_in_one_file_is_refused(store: Store) -> None:
    fill(store)
    document = json.loads(export_json(store))
    document["sessions"].append(dict(document["sessions"][0]))
    with pytest.raises(ImportRejected, match=r"Session 4 in the file .* appears twice"):
        import_json(store, json.dumps(document))


def test_export_says_so_kindly_when_notes_are_locked(store: Store) -> None:
    fill(store)

    class Locked:
        def seal(self, text: str) -> bytes:
            return b"X" + text.encode()

        def unseal(self, blob: bytes, place: object = None) -> str:
            raise ValueError("locked")

    store.sealer = Locked()
    with pytest.raises(exchange.ExchangeError, match="Unlock Ebbtide"):
        export_json(store)


def test_export_of_a_store_that_is_really_locked_says_so_kindly(store: Store) -> None:
    from ebbtide.core import lock
    from ebbtide.core.crypto import ScryptParams

    fill(store)
    lock.enable_lock(store, "quiet harbour morning", params=ScryptParams(n=2**10))
    lock.lock_now(store)
    with pytest.raises(exchange.ExchangeError, match="Unlock Ebbtide") as err:
        export_json(store)
    assert "my own words" not in str(err.value)
