"""Sessions out and back in: CSV for spreadsheets, JSON to move to a new computer.

The JSON format is documented (with its schema) in docs/progress.md:

    {"format": "ebbtide-sessions", "version": 2, "exported_utc": "...Z",
     "sessions": [{"uid", "kind", "content_id", "started_utc", "ended_utc", "duration_s",
                   "distress_before", "distress_after", "completed", "details", "note"}],
     "notice": [{"uid", "kind": "trigger" | "evidence", ...}]}

Version 2 added `notice` (the trigger and evidence logs, core/notice.py); a version 1
file, which has none, still imports.

Import is all or nothing: every record is checked first; the first bad one is named
(by its place in the file and its uid, never by the person's words) and nothing is
imported. Records whose uid is already in the store are skipped, so importing the same
file twice adds nothing.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ebbtide.core.notice import Entry, NoticeError, entry_from_dict
from ebbtide.core.notice_store import NoticeStore
from ebbtide.core.progress_data import known_kinds
from ebbtide.core.store import SessionRecord, Store, StoreError, StoreLocked

FORMAT_NAME = "ebbtide-sessions"
FORMAT_VERSION = 2

SESSION_FIELDS = (
    "uid", "kind", "content_id", "started_utc", "ended_utc", "duration_s",
    "distress_before", "distress_after", "completed", "details", "note",
)
CSV_COLUMNS = (
    "uid", "kind", "practice", "content_id", "started_local", "started_utc", "ended_utc",
    "duration_s", "distress_before", "distress_after", "drop", "completed", "feelings",
)

# Far outside any real session, so a typo'd timestamp (milliseconds, say) is caught.
_EARLIEST_UTC = 0.0
_LATEST_UTC = 7_258_118_400.0  # 2200-01-01
_UID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_MAX_DETAILS_CHARS = 100_000


class ExchangeError(RuntimeError):
    """Export could not be made; the message is meant for the person."""


class ImportRejected(ValueError):
    """The file was not imported; the message says kindly which record and why."""


@dataclass(frozen=True)
class ImportReport:
    added: int
    skipped_existing: int
    notice_added: int = 0  # trigger and evidence entries


# -- export ----------------------------------------------------------------------------------


def _all_sessions(store: Store) -> list[SessionRecord]:
    try:
        return store.sessions()
    except (StoreLocked, ValueError) as exc:  # a sealed note that cannot be read while locked
        raise ExchangeError(
            "Some of your notes are locked. Unlock Ebbtide, then export again."
        ) from exc
    except StoreError as exc:  # a note damaged on disk; the message names no words
        raise ExchangeError(str(exc)) from exc


def _all_notice(store: Store) -> list[dict[str, Any]]:
    try:
        return [entry.to_dict() for entry in NoticeStore(store).all_entries()]
    except StoreLocked as exc:
        raise ExchangeError(
            "Some of your notes are locked. Unlock Ebbtide, then export again."
        ) from exc
    except StoreError as exc:
        raise ExchangeError(str(exc)) from exc


def export_json(store: Store) -> str:
    """Every session and notice entry, the person's words included (a full copy to move
    to a new computer)."""
    records = [
        {
            "uid": r.uid,
            "kind": r.kind,
            "content_id": r.content_id,
            "started_utc": r.started_utc,
            "ended_utc": r.ended_utc,
            "duration_s": r.duration_s,
            "distress_before": r.distress_before,
            "distress_after": r.distress_after,
            "completed": r.completed,
            "details": dict(r.details),
            "note": r.note,
        }
        for r in _all_sessions(store)
    ]
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "sessions": records,
        "notice": _all_notice(store),
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


def export_csv(store: Store) -> str:
    """One row a session, for a spreadsheet. Facts only: notes stay out of the CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in _all_sessions(store):
        label = r.details.get("label")
        feelings = r.details.get("feelings")
        writer.writerow([
            r.uid,
            r.kind,
            label if isinstance(label, str) else "",
            r.content_id,
            time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(r.started_utc)),
            _number(r.started_utc),
            "" if r.ended_utc is None else _number(r.ended_utc),
            _number(r.duration_s),
            "" if r.distress_before is None else r.distress_before,
            "" if r.distress_after is None else r.distress_after,
            "" if r.drop is None else r.drop,
            "yes" if r.completed else "no",
            ";".join(f for f in feelings if isinstance(f, str))
            if isinstance(feelings, list) else "",
        ])
    return out.getvalue()


def _number(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


# -- import ----------------------------------------------------------------------------------


def import_json(store: Store, data: str | bytes) -> ImportReport:
    """Check the whole file, then add every session whose uid is new, in one
    transaction. Raises ImportRejected (nothing imported) on any problem."""
    records, entries = parse_document(data)
    existing = {uid for (uid,) in store.conn.execute("SELECT uid FROM sessions")}
    new = [r for r in records if r.uid not in existing]
    notices = NoticeStore(store)
    have = notices.uids()
    new_entries = [e for e in entries if e.uid not in have]
    if new or new_entries:
        # One transaction: all of it lands, or none of it.
        with store.transaction() as conn:
            for record in new:
                store.insert_session(conn, record)
            for entry in new_entries:
                notices.write(conn, entry)
    return ImportReport(added=len(new), skipped_existing=len(records) - len(new)
                        + len(entries) - len(new_entries), notice_added=len(new_entries))


def parse_export(data: str | bytes) -> list[SessionRecord]:
    """The sessions in an export file, every one checked. Raises ImportRejected."""
    return parse_document(data)[0]


def parse_document(data: str | bytes) -> tuple[list[SessionRecord], list[Entry]]:
    """The sessions and notice entries in an export file, every one checked."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportRejected(
                "This file isn't an Ebbtide export: it isn't readable text. "
                "Nothing was imported."
            ) from None
    try:
        document = json.loads(data)
    except json.JSONDecodeError as exc:
        raise ImportRejected(
            f"This file couldn't be read as JSON (line {exc.lineno}, column {exc.colno}). "
            "It may be damaged or not an Ebbtide export. Nothing was imported."
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ImportRejected(
            "This file isn't an Ebbtide sessions export. Nothing was imported."
        )
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ImportRejected(
            "This export doesn't say which version of the format it uses. "
            "Nothing was imported."
        )
    if version > FORMAT_VERSION:
        raise ImportRejected(
            f"This export was made by a newer Ebbtide (format version {version}); this "
            f"one reads up to version {FORMAT_VERSION}. Please update Ebbtide, then try "
            "again. Nothing was imported."
        )
    if version < 1:
        raise ImportRejected(
            f"This export has an unknown format version ({version}). Nothing was imported."
        )
    sessions = document.get("sessions")
    if not isinstance(sessions, list):
        raise ImportRejected(
            "This export has no list of sessions in it. Nothing was imported."
        )
    kinds = set(known_kinds())
    seen: set[str] = set()
    records: list[SessionRecord] = []
    for position, raw in enumerate(sessions, start=1):
        record = _check_record(raw, position, kinds)
        if record.uid in seen:
            raise ImportRejected(
                f"Session {position} in the file (id {record.uid}) appears twice. "
                "Nothing was imported."
            )
        seen.add(record.uid)
        records.append(record)
    return records, _check_notice(document.get("notice", []) if version >= 2 else [])


def _check_notice(raw_entries: Any) -> list[Entry]:
    if not isinstance(raw_entries, list):
        raise ImportRejected(
            "This export's notice entries aren't a list. Nothing was imported.")
    entries: list[Entry] = []
    seen: set[str] = set()
    for position, raw in enumerate(raw_entries, start=1):
        uid = raw.get("uid") if isinstance(raw, dict) else None
        where = f"Notice entry {position} in the file"
        if isinstance(uid, str) and _UID.match(uid):
            where += f" (id {uid})"
        try:
            entry = entry_from_dict(raw)
        except NoticeError as exc:  # names the field, never the person's words
            raise ImportRejected(f"{where} can't be used: {exc}. Nothing was imported.") \
                from None
        if entry.uid in seen:
            raise ImportRejected(f"{where} appears twice. Nothing was imported.")
        seen.add(entry.uid)
        entries.append(entry)
    return entries


def _check_record(raw: Any, position: int, kinds: set[str]) -> SessionRecord:
    where = f"Session {position} in the file"

    def reject(why: str) -> ImportRejected:
        return ImportRejected(f"{where} {why}. Nothing was imported.")

    if not isinstance(raw, dict):
        raise reject("isn't a session record")
    uid = raw.get("uid")
    if not isinstance(uid, str) or not _UID.match(uid):
        raise reject("has a missing or unreadable id (uid)")
    where = f"Session {position} in the file (id {uid})"
    unknown = set(raw) - set(SESSION_FIELDS)
    if unknown:
        raise reject(f"has fields this version doesn't know: {', '.join(sorted(unknown))}")
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in kinds:
        raise reject("is of a kind this version of Ebbtide doesn't know")
    content_id = raw.get("content_id", "")
    if not isinstance(content_id, str) or len(content_id) > 200:
        raise reject("has an unreadable practice id (content_id)")
    started = _finite(raw.get("started_utc"))
    if started is None or not _EARLIEST_UTC <= started <= _LATEST_UTC:
        raise reject("has a start time that isn't a date Ebbtide can use (started_utc)")
    ended_raw = raw.get("ended_utc")
    ended = None if ended_raw is None else _finite(ended_raw)
    if ended_raw is not None and (ended is None or ended < started):
        raise reject("ends before it starts, or its end time is unreadable (ended_utc)")
    duration = _finite(raw.get("duration_s", 0.0))
    if duration is None or duration < 0:
        raise reject("has a length that isn't a number of seconds from 0 up (duration_s)")
    ratings: dict[str, int | None] = {}
    for name in ("distress_before", "distress_after"):
        value = raw.get(name)
        if value is not None and (
            not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10
        ):
            words = name.replace("distress_", "distress ")
            raise reject(f"has a {words} rating that isn't a whole number from 0 to 10")
        ratings[name] = value
    completed = raw.get("completed", True)
    if not isinstance(completed, bool):
        raise reject("should say true or false for completed")
    details = raw.get("details", {})
    if not isinstance(details, Mapping):
        raise reject("has details that aren't a table of facts")
    if len(json.dumps(details)) > _MAX_DETAILS_CHARS:
        raise reject("has details far larger than Ebbtide ever writes")
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise reject("has a note that isn't text")
    try:
        return SessionRecord(
            kind=kind,
            started_utc=started,
            content_id=content_id,
            ended_utc=ended,
            duration_s=duration,
            distress_before=ratings["distress_before"],
            distress_after=ratings["distress_after"],
            completed=completed,
            details=dict(details),
            note=note,
            uid=uid,
        )
    except ValueError:
        raise reject("doesn't hold together as a session") from None


def _finite(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None
