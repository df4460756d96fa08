"""Fuzzing what comes from outside: the settings file and the JSON import. Random bytes,
truncated files and damaged fields never crash, and never change what is already kept."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ebbtide.audio.decode import recording_duration
from ebbtide.core import exchange
from ebbtide.core.settings import SETTINGS, Settings
from ebbtide.core.store import SessionRecord, Store

FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12,
)


# -- settings ------------------------------------------------------------------------------


def _check_loaded(loaded: Settings, raw: Any) -> None:
    for key, spec in SETTINGS.items():
        value = loaded[key]
        assert spec.check(value), key
        if not (isinstance(raw, dict) and key in raw and raw[key] == value):
            assert value == spec.default, key


@FUZZ
@given(st.binary(max_size=400))
def test_settings_from_random_bytes_never_raise_and_keep_defaults(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settings.json"
        path.write_bytes(data)
        try:
            raw = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raw = None
        _check_loaded(Settings.load(path), raw)


@FUZZ
@given(st.dictionaries(st.sampled_from(sorted(SETTINGS)) | st.text(max_size=10), json_values,
                       max_size=8))
def test_settings_with_wrong_values_fall_back_one_by_one(raw: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settings.json"
        path.write_text(json.dumps(raw))
        _check_loaded(Settings.load(path), raw)


@FUZZ
@given(st.integers(min_value=0, max_value=10_000))
def test_a_truncated_settings_file_keeps_defaults(cut: int) -> None:
    full = json.dumps({"theme": "dark", "volume": 40, "lock_idle_minutes": 15}).encode()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settings.json"
        path.write_bytes(full[: cut % (len(full) + 1)])
        loaded = Settings.load(path)
        assert loaded["volume"] in (40, SETTINGS["volume"].default)


# -- JSON import ----------------------------------------------------------------------------


def _store_with_history() -> Store:
    store = Store.in_memory()
    for i in range(3):
        store.add_session(SessionRecord(kind="breathing", started_utc=1_700_000_000.0 + i,
                                        content_id="box", duration_s=60.0, distress_before=6,
                                        distress_after=3, note=f"kept note {i}",
                                        uid=f"kept-{i}"))
    return store


def _snapshot(store: Store) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in store.conn.execute("SELECT * FROM sessions ORDER BY id")]


def _import_and_check(data: str | bytes) -> None:
    store = _store_with_history()
    before = _snapshot(store)
    try:
        exchange.import_json(store, data)
    except exchange.ImportRejected as exc:
        assert "Nothing was imported" in str(exc)
        assert _snapshot(store) == before
    else:
        after = _snapshot(store)
        assert after[: len(before)] == before  # only ever added to, never changed
    store.close()


def _valid_export() -> dict[str, Any]:
    source = _store_with_history()
    source.add_session(SessionRecord(kind="checkin", started_utc=time.time(),
                                     distress_before=5, note="from the other computer"))
    document: dict[str, Any] = json.loads(exchange.export_json(source))
    source.close()
    return document


VALID = _valid_export()


@FUZZ
@given(st.binary(max_size=600))
def test_import_of_random_bytes(data: bytes) -> None:
    _import_and_check(data)


@FUZZ
@given(st.integers(min_value=0, max_value=100_000))
def test_import_of_a_truncated_export(cut: int) -> None:
    full = json.dumps(VALID).encode()
    _import_and_check(full[: cut % (len(full) + 1)])


@FUZZ
@given(st.integers(min_value=0, max_value=3), st.sampled_from(exchange.SESSION_FIELDS),
       json_values)
def test_import_with_one_damaged_field(which: int, field: str, value: Any) -> None:
    document = json.loads(json.dumps(VALID))
    sessions = document["sessions"]
    sessions[which % len(sessions)][field] = value
    _import_and_check(json.dumps(document))


@FUZZ
@given(st.sampled_from(["format", "version", "sessions"]), json_values)
def test_import_with_a_damaged_header(key: str, value: Any) -> None:
    document = json.loads(json.dumps(VALID))
    document[key] = value
    _import_and_check(json.dumps(document))


def test_a_good_import_adds_only_what_is_new() -> None:
    store = _store_with_history()
    before = _snapshot(store)
    report = exchange.import_json(store, json.dumps(VALID))
    assert report.added == 1 and report.skipped_existing == 3
    assert _snapshot(store)[:3] == before
    store.close()


# -- audio import ---------------------------------------------------------------------------


def _good_audio(folder: Path, suffix: str) -> Path:
    import numpy as np
    import soundfile

    path = folder / f"good{suffix}"
    t = np.arange(44100 // 2) / 44100
    soundfile.write(str(path), (0.2 * np.sin(2 * np.pi * 220 * t)).astype("float32"), 44100)
    return path


def _library_state(library: Any, folder: Path) -> tuple[Any, ...]:
    files = sorted((p.name, p.read_bytes()) for p in folder.iterdir()) if folder.exists() else []
    rows = [tuple(r) for r in library.store.conn.execute("SELECT * FROM recordings ORDER BY id")]
    return tuple(files), tuple(rows)


def _import_audio_and_check(data: bytes, suffix: str) -> None:
    from ebbtide.core.recordings import RecordingLibrary

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "recordings"
        store = Store.in_memory()
        library = RecordingLibrary(store, folder, recording_duration)
        library.import_file(_good_audio(Path(tmp), ".wav"), "From my therapist")
        before = _library_state(library, folder)
        candidate = Path(tmp) / f"candidate{suffix}"
        candidate.write_bytes(data)
        try:
            library.import_file(candidate, "New one")
        except ValueError as exc:  # RecordingError and AudioFileError are ValueErrors
            # The message for the person names the file (str() may leave it out: a file
            # name can be personal and exception text can reach a log).
            assert "candidate" in getattr(exc, "message", str(exc))
            assert _library_state(library, folder) == before
        else:
            files, rows = _library_state(library, folder)
            assert rows[:1] == before[1] and len(rows) == 2  # added, nothing else changed
            assert set(before[0]) <= set(files)
        store.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000), st.sampled_from([".wav", ".flac", ".ogg", ".mp3", ".m4a"]))
def test_audio_import_of_random_bytes(data: bytes, suffix: str) -> None:
    _import_audio_and_check(data, suffix)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([".wav", ".flac", ".ogg"]), st.floats(min_value=0.0, max_value=0.999))
def test_audio_import_of_a_truncated_file(suffix: str, keep: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        full = _good_audio(Path(tmp), suffix).read_bytes()
    _import_audio_and_check(full[: int(len(full) * keep)], suffix)
