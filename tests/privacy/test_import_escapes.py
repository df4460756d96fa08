"""Issue 13, items 12 and 13 (not the audio parts): hostile or odd import files get a
clear message and change nothing; a malformed row already in the store never breaks
Progress; a big import streams (progress from the file as it is read)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from ebbtide.core import exchange
from ebbtide.core.exchange import ImportRejected, export_json, import_file, import_json
from ebbtide.core.progress_data import PracticeNamer, TimeRange, feelings, practices
from ebbtide.core.store import SessionRecord, Store

T0 = 1_780_000_000.0


def _document(**session: object) -> dict[str, object]:
    record = {"uid": "s1", "kind": "checkin", "started_utc": T0, "details": {}, "note": ""}
    record.update(session)
    return {"format": "ebbtide-sessions", "version": 1, "sessions": [record]}


def _refused(store: Store, data: str | bytes, reason: str) -> None:
    before = store.count_sessions()
    with pytest.raises(ImportRejected, match=reason) as caught:
        import_json(store, data)
    assert "Nothing was imported" in str(caught.value)
    assert store.count_sessions() == before


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_numbers_are_refused(store: Store, number: str) -> None:
    text = json.dumps(_document(details={"label": "x"})).replace('"x"', number)
    _refused(store, text, "isn't a number")


def test_a_malformed_row_already_stored_never_breaks_progress(store: Store) -> None:
    store.add_session(SessionRecord(kind="breathing", started_utc=T0, content_id="box",
                                    distress_before=6, distress_after=3))
    with store.transaction() as conn:  # as an older Ebbtide's import left it
        conn.execute("INSERT INTO sessions (uid, kind, content_id, started_utc, details) "
                     "VALUES ('bad', 'breathing', 'box', ?, '{\"label\": NaN, "
                     "\"feelings\": [NaN]}')", (T0 + 1,))
    namer = PracticeNamer(store)
    everything = TimeRange(0, time.time() + 1)
    found = practices(store, everything, namer)
    assert found is not None
    assert namer.labels([1, 2]) == {}
    assert feelings(store, everything) == []


def test_deep_nesting_is_refused_kindly(store: Store) -> None:
    _refused(store, "[" * 200_000 + "]" * 200_000, "nested far more deeply")
    deep = json.dumps(_document()).replace('"details": {}', '"details": ' +
                                           '{"a": ' * 50 + "1" + "}" * 50)
    _refused(store, deep, "nested far more deeply")


def test_a_5000_digit_number_is_refused_kindly(store: Store) -> None:
    text = json.dumps(_document()).replace(f"{T0}", "9" * 5000)
    _refused(store, text, "5000 digits long")


def test_a_lone_surrogate_is_refused_kindly(store: Store) -> None:
    text = json.dumps(_document(note="x")).replace('"note": "x"', '"note": "a\\ud800b"')
    _refused(store, text, "broken character")


def test_folders_pipes_and_devices_are_named_for_what_they_are(
    store: Store, tmp_path: Path,
) -> None:
    with pytest.raises(ImportRejected, match="is a folder"):
        import_file(store, tmp_path)
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(ImportRejected, match="isn't an ordinary file"):
        import_file(store, fifo)  # would wait forever if it were read
    with pytest.raises(ImportRejected, match="isn't an ordinary file"):
        import_file(store, Path("/dev/zero"))  # would fill memory if it were read
    with pytest.raises(ImportRejected, match="couldn't be opened"):
        import_file(store, tmp_path / "gone.json")


def test_a_file_name_that_isnt_utf8_imports(store: Store, tmp_path: Path) -> None:
    source = Store.in_memory()
    source.add_session(SessionRecord(kind="checkin", started_utc=T0, note="café"))
    name = Path(os.fsdecode(bytes(tmp_path) + b"/export-caf\xe9.json"))
    name.write_text(export_json(source))
    assert import_file(store, name).added == 1


def test_a_big_import_streams_with_progress(store: Store, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exchange, "_CHUNK_BYTES", 4096)  # many chunks from a small file
    monkeypatch.setattr(exchange, "_BATCH", 50)
    sessions = [{"uid": f"u{i}", "kind": "checkin", "started_utc": T0 + i,
                 "distress_before": i % 11, "details": {}, "note": f"note {i}"}
                for i in range(3000)]
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"format": "ebbtide-sessions", "version": 1,
                                "sessions": sessions}, indent=1))
    seen: list[float] = []
    report = import_file(store, path, seen.append)
    assert report.added == 3000 and store.count_sessions() == 3000
    assert len(seen) > 10 and seen == sorted(seen) and seen[-1] == 1.0
    # A duplicate far apart (in different batches) is still caught, and nothing lands.
    sessions[2999]["uid"] = "u5"
    for s in sessions:
        s["uid"] = "again-" + str(s["uid"])
    path.write_text(json.dumps({"format": "ebbtide-sessions", "version": 1,
                                "sessions": sessions}))
    with pytest.raises(ImportRejected, match=r"Session 3000 .* appears twice"):
        import_file(store, path)
    assert store.count_sessions() == 3000
