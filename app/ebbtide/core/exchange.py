"""Sessions out and back in: CSV for spreadsheets, JSON to move to a new computer.

The JSON format is documented (with its schema) in docs/progress.md:

    {"format": "ebbtide-sessions", "version": 2, "exported_utc": "...Z",
     "sessions": [{"uid", "kind", "content_id", "started_utc", "ended_utc", "duration_s",
                   "distress_before", "distress_after", "completed", "details", "note"}],
     "notice": [{"uid", "kind": "trigger" | "evidence", ...}],
     "self_trust": {"promises": [...], "lists": [...], "decisions": [...]},
     "reach": {"safe_people": [{"uid", "name", ...}], "asks": [{"uid", "worry", ...}]},
     "five_signs": [{"uid", "week": "2026-W48", "scores": {"suspicion": 0-4, ...},
                     "note", "created_utc", "updated_utc"}]}

Version 2 added `notice` (the trigger and evidence logs, core/notice.py); a version 1
file, which has none, still imports. Version 3 added `self_trust` (Trust yourself:
promises, the strengths / values / boundaries lists, the decision log), `reach` (Reach
out's safe people and asks, core/safe_people.py and core/asks.py) and `five_signs` (the
weekly check, core/five_signs.py); a version 1 or 2 file, which has none of them, still
imports.

Import is all or nothing: every record is checked first; the first bad one is named
(by its place in the file and its uid, never by the person's words) and nothing is
imported. Records whose uid is already in the store are skipped, so importing the same
file twice adds nothing.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
import re
import stat
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from ebbtide.core.asks import Ask, AskStore
from ebbtide.core.decisions import Decision
from ebbtide.core.five_signs import FiveSignsError, FiveSignsStore, WeeklyCheck
from ebbtide.core.notice import Entry, NoticeError, entry_from_dict
from ebbtide.core.notice_store import NoticeStore
from ebbtide.core.progress_data import known_kinds
from ebbtide.core.promises import Promise
from ebbtide.core.safe_people import ReachError, SafePeopleStore, SafePerson
from ebbtide.core.self_lists import ListItem
from ebbtide.core.self_trust import SelfTrustError
from ebbtide.core.self_trust_store import SelfTrustRecords, SelfTrustStore
from ebbtide.core.store import (
    INSERT_SESSION as _INSERT_SESSION,
)
from ebbtide.core.store import (
    SessionRecord,
    Store,
    StoreError,
    StoreLocked,
)

_T = TypeVar("_T")

FORMAT_NAME = "ebbtide-sessions"
FORMAT_VERSION = 3
SELF_TRUST_SINCE = 3  # the first format version with a self_trust section
REACH_SINCE_VERSION = 3  # the first version with a `reach` section

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
    self_trust_added: int = 0  # promises, list items and decisions
    reach_added: int = 0  # safe people and asks
    signs_added: int = 0  # weekly checks of the five signs


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


def _readable(read: Callable[[], _T]) -> _T:
    """What `read` unseals, or the one message export gives when it can't."""
    try:
        return read()
    except StoreLocked as exc:
        raise ExchangeError(
            "Some of your notes are locked. Unlock Ebbtide, then export again."
        ) from exc
    except StoreError as exc:  # damaged on disk; the message names no words
        raise ExchangeError(str(exc)) from exc


def _all_notice(store: Store) -> list[dict[str, Any]]:
    return _readable(lambda: [e.to_dict() for e in NoticeStore(store).all_entries()])


def _all_self_trust(store: Store) -> dict[str, Any]:
    return _readable(lambda: SelfTrustStore(store).everything().to_dict())


def _all_reach(store: Store) -> dict[str, list[dict[str, Any]]]:
    return _readable(lambda: {
        "safe_people": [p.to_dict() for p in SafePeopleStore(store).all()],
        "asks": [a.to_dict() for a in AskStore(store).all()]})


def _all_five_signs(store: Store) -> list[dict[str, Any]]:
    return _readable(lambda: [c.to_dict() for c in FiveSignsStore(store).all_checks()])


def export_json(store: Store) -> str:
    """Every session, notes included (a full copy to move to a new computer)."""
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
        "self_trust": _all_self_trust(store),
        "reach": _all_reach(store),
        "five_signs": _all_five_signs(store),
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


# Import streams: the file is read a megabyte at a time and sessions go in batches, so
# memory stays bounded whatever the file's size (a million sessions is a few hundred MB).
_CHUNK_BYTES = 1 << 20
_BATCH = 2000
_MAX_VALUE_CHARS = 4 * _MAX_DETAILS_CHARS  # one session record, at the very most
_MAX_INT_DIGITS = 20  # no number Ebbtide writes comes near this
_MAX_DETAILS_DEPTH = 8

Progress = Callable[[float], None]  # 0.0 … 1.0, how much of the file has been read


def import_json(store: Store, data: str | bytes, progress: Progress | None = None
                ) -> ImportReport:
    """Check the whole file, then add every session whose uid is new, in one
    transaction. Raises ImportRejected (nothing imported) on any problem."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return import_stream(store, io.BytesIO(raw), len(raw), progress)


def import_file(store: Store, path: Path, progress: Progress | None = None) -> ImportReport:
    """import_json for a file: refused kindly when it isn't a regular file (a folder, a
    pipe, a device such as /dev/zero) or can't be opened, and read as a stream."""
    try:
        info = path.stat()
    except OSError as exc:
        raise ImportRejected(f"That file couldn't be opened ({exc.strerror or 'error'}). "
                             "Nothing was imported.") from None
    if stat.S_ISDIR(info.st_mode):
        raise ImportRejected("That is a folder, not an export file. Nothing was imported.")
    if not stat.S_ISREG(info.st_mode):
        raise ImportRejected("That isn't an ordinary file (it may be a device or a pipe), "
                             "so it can't be an export. Nothing was imported.")
    try:
        with path.open("rb") as f:
            return import_stream(store, f, info.st_size, progress)
    except OSError as exc:
        raise ImportRejected(f"That file couldn't be read ({exc.strerror or 'error'}). "
                             "Nothing was imported.") from None


def import_stream(store: Store, stream: BinaryIO, size: int,
                  progress: Progress | None = None) -> ImportReport:
    """The streaming import behind import_json and import_file: all of it or none, in
    one transaction, in bounded memory."""
    added = skipped = 0
    with store.transaction() as conn:
        (first_new,) = conn.execute("SELECT COALESCE(MAX(id), 0) FROM sessions").fetchone()
        batch: list[tuple[int, SessionRecord]] = []

        def flush() -> None:
            nonlocal added, skipped
            uids = [r.uid for _, r in batch]
            marks = ",".join("?" * len(uids))
            found = dict(conn.execute(
                f"SELECT uid, id FROM sessions WHERE uid IN ({marks})", uids).fetchall())
            fresh = []
            for position, record in batch:
                if record.uid in found:
                    if found[record.uid] > first_new:  # added by this file: twice in it
                        raise _twice(position, record.uid)
                    skipped += 1
                else:
                    fresh.append(record)
            conn.executemany(_INSERT_SESSION, [store.session_row(r) for r in fresh])
            added += len(fresh)
            batch.clear()

        seen_in_batch: set[str] = set()
        header: dict[str, Any] = {}
        for position, record in _records(stream, size, progress, header):
            if record.uid in seen_in_batch:
                raise _twice(position, record.uid)
            seen_in_batch.add(record.uid)
            batch.append((position, record))
            if len(batch) >= _BATCH:
                flush()
                seen_in_batch.clear()
        if batch:
            flush()
        # The notice entries (format version 2) go in the same transaction.
        version = header.get("version")
        entries = _check_notice(header.get("notice", [])) \
            if isinstance(version, int) and version >= 2 else []
        notices = NoticeStore(store)
        have = notices.uids()
        new_entries = [e for e in entries if e.uid not in have]
        for entry in new_entries:
            notices.write(conn, entry)
        # Trust yourself (format version 3), in the same transaction too.
        own = _self_trust_in(header)
        kept = _add_self_trust(store, conn, own)
        # Reach out's records (format version 3), in the same transaction too.
        people, asks = _check_reach(header.get("reach")) \
            if isinstance(version, int) and version >= REACH_SINCE_VERSION else ([], [])
        reach_added, reach_skipped = _write_reach(store, conn, people, asks)
        # The weekly checks (format version 3): a week that already has a check here
        # keeps it — what the person has now is never overwritten by an old file.
        checks = _check_five_signs(header.get("five_signs", [])) \
            if isinstance(version, int) and version >= 3 else []
        signs = FiveSignsStore(store)
        weeks = signs.weeks()
        new_checks = [c for c in checks if c.week not in weeks]
        for check in new_checks:
            signs.write(conn, check)
    return ImportReport(added=added,
                        skipped_existing=(skipped + len(entries) - len(new_entries)
                                          + len(own.all()) - kept + reach_skipped
                                          + len(checks) - len(new_checks)),
                        notice_added=len(new_entries), self_trust_added=kept,
                        reach_added=reach_added, signs_added=len(new_checks))



def _self_trust_in(header: dict[str, Any]) -> SelfTrustRecords:
    version = header.get("version")
    if isinstance(version, int) and version >= SELF_TRUST_SINCE and "self_trust" in header:
        return _check_self_trust(header["self_trust"])
    return SelfTrustRecords()


def _add_self_trust(store: Store, conn: Any, records: SelfTrustRecords) -> int:
    """Write the records whose uid is new; returns how many."""
    own = SelfTrustStore(store)
    return _add_new(records.all(), own.uids(), lambda r: own.write(conn, r))


def _add_new(records: list[Any], have: set[str], write: Callable[[Any], object]) -> int:
    """Write each record whose uid isn't here yet (an import never overwrites); how many."""
    fresh = [r for r in records if r.uid not in have]
    for record in fresh:
        write(record)
    return len(fresh)


def parse_self_trust(data: str | bytes) -> SelfTrustRecords:
    """Trust yourself's records in an export file, every one checked (empty before
    format version 3). Raises ImportRejected."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    header: dict[str, Any] = {}
    for _ in _records(io.BytesIO(raw), len(raw), None, header):
        pass
    return _self_trust_in(header)


def _check_self_trust(raw: Any) -> SelfTrustRecords:
    if not isinstance(raw, dict) or set(raw) - {"promises", "lists", "decisions"}:
        raise ImportRejected("This export's Trust yourself section isn't one Ebbtide "
                             "writes. Nothing was imported.")
    seen: set[str] = set()  # one uid once, across the three lists
    return SelfTrustRecords(
        promises=_checked(raw.get("promises", []), "promises", "Promise", Promise.from_dict,
                          SelfTrustError, seen),
        items=_checked(raw.get("lists", []), "lists", "List item", ListItem.from_dict,
                       SelfTrustError, seen),
        decisions=_checked(raw.get("decisions", []), "decisions", "Decision",
                           Decision.from_dict, SelfTrustError, seen))


def _checked(items: Any, plural: str, what: str, make: Callable[[Any], Any],
             error: type[Exception], seen: set[str] | None = None) -> list[Any]:
    """Every record of one list in the file, made by `make`; the first that can't be used
    (or comes twice) refuses the whole import, named by its place and uid, never by the
    person's words (`error` is the record type's own, which names only the field)."""
    if not isinstance(items, list):
        raise ImportRejected(f"This export's {plural} aren't a list. Nothing was imported.")
    seen = set() if seen is None else seen
    records: list[Any] = []
    for position, item in enumerate(items, start=1):
        uid = item.get("uid") if isinstance(item, dict) else None
        where = f"{what} {position} in the file"
        if isinstance(uid, str) and _UID.match(uid):
            where += f" (id {uid})"
        try:
            record = make(item)
        except error as exc:
            raise ImportRejected(f"{where} can't be used: {exc}. Nothing was imported.") \
                from None
        if record.uid in seen:
            raise ImportRejected(f"{where} appears twice. Nothing was imported.")
        seen.add(record.uid)
        records.append(record)
    return records


def _write_reach(store: Store, conn: Any, people: list[SafePerson], asks: list[Ask]
                 ) -> tuple[int, int]:
    """Add the safe people and asks whose uid is new; (added, skipped)."""
    people_store, ask_store = SafePeopleStore(store), AskStore(store)
    added = (_add_new(people, people_store.uids(), lambda p: people_store.write(conn, p))
             + _add_new(asks, ask_store.uids(), lambda a: ask_store.write(conn, a)))
    return added, len(people) + len(asks) - added


def _check_reach(raw: Any) -> tuple[list[SafePerson], list[Ask]]:
    """Every safe person and ask in the file, checked; refused whole (naming the record
    by its place and uid, never by its words) when one can't be used."""
    if raw is None:
        return [], []
    if not isinstance(raw, dict) or set(raw) - {"safe_people", "asks"}:
        raise ImportRejected("This export's Reach out section can't be read. "
                             "Nothing was imported.")
    return (_checked(raw.get("safe_people", []), "safe people", "Safe person",
                     SafePerson.from_dict, ReachError),
            _checked(raw.get("asks", []), "asks", "Ask", Ask.from_dict, ReachError))


def _twice(position: int, uid: str) -> ImportRejected:
    return ImportRejected(f"Session {position} in the file (id {uid}) appears twice. "
                          "Nothing was imported.")


def parse_export(data: str | bytes) -> list[SessionRecord]:
    """The sessions in an export file, every one checked. Raises ImportRejected."""
    return parse_document(data)[0]


def parse_document(data: str | bytes) -> tuple[list[SessionRecord], list[Entry]]:
    """The sessions and notice entries in an export file, every one checked."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    records: list[SessionRecord] = []
    seen: set[str] = set()
    header: dict[str, Any] = {}
    for position, record in _records(io.BytesIO(raw), len(raw), None, header):
        if record.uid in seen:
            raise _twice(position, record.uid)
        seen.add(record.uid)
        records.append(record)
    version = header.get("version")
    entries = _check_notice(header.get("notice", [])) \
        if isinstance(version, int) and version >= 2 else []
    return records, entries


def _not_json(line: int, column: int) -> ImportRejected:
    return ImportRejected(
        f"This file couldn't be read as JSON (line {line}, column {column}). "
        "It may be damaged or not an Ebbtide export. Nothing was imported."
    )


def _refuse_constant(name: str) -> Any:
    raise ImportRejected(f"This file holds a number that isn't a number ({name}), which "
                         "Ebbtide never writes. Nothing was imported.")


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_INT_DIGITS:
        raise ImportRejected(f"This file holds a number {len(text)} digits long, far "
                             "larger than Ebbtide ever writes. Nothing was imported.")
    return int(text)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        _refuse_constant(text)
    return value


_DECODER = json.JSONDecoder(parse_constant=_refuse_constant, parse_int=_bounded_int,
                            parse_float=_finite_float)


class _JsonStream:
    """Just enough of a streaming JSON reader for an export: the top-level object's keys
    one by one, and the sessions list one record at a time (each with the standard
    decoder), from a buffer refilled a megabyte at a time."""

    def __init__(self, stream: BinaryIO, size: int, progress: Progress | None) -> None:
        self.stream = stream
        self.size = max(1, size)
        self.read_bytes = 0
        self.progress = progress
        self.text = codecs.getincrementaldecoder("utf-8-sig")()
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.lines_before = 0  # newlines in what was already dropped from the buffer
        self.line_start = 0  # offset in the file's text where the current line starts
        self.dropped = 0

    def fill(self) -> None:
        if self.eof:
            return
        chunk = self.stream.read(_CHUNK_BYTES)
        self.read_bytes += len(chunk)
        try:
            more = self.text.decode(chunk, final=not chunk)
        except UnicodeDecodeError:
            raise ImportRejected("This file isn't an Ebbtide export: it isn't readable "
                                 "text. Nothing was imported.") from None
        if not chunk:
            self.eof = True
        gone = self.buf[: self.pos]
        newlines = gone.count("\n")
        if newlines:
            self.line_start = self.dropped + gone.rindex("\n") + 1
        self.lines_before += newlines
        self.dropped += self.pos
        self.buf = self.buf[self.pos:] + more
        self.pos = 0
        if self.progress is not None:
            self.progress(min(1.0, self.read_bytes / self.size))

    def error_at(self, offset: int) -> ImportRejected:
        line = self.lines_before + self.buf.count("\n", 0, offset) + 1
        before = self.buf.rfind("\n", 0, offset)
        start = before + 1 if before >= 0 else self.line_start - self.dropped
        return _not_json(line, offset - start + 1)

    def peek(self) -> str:
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buf) or self.eof:
                return self.buf[self.pos] if self.pos < len(self.buf) else ""
            self.fill()

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise self.error_at(self.pos)
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if self.eof or len(self.buf) - self.pos > _MAX_VALUE_CHARS:
                    raise self.error_at(exc.pos) from None
                self.fill()
                continue
            except RecursionError:
                raise ImportRejected("This file is nested far more deeply than an Ebbtide "
                                     "export ever is. Nothing was imported.") from None
            if end == len(self.buf) and not self.eof:
                self.fill()  # a number may go on in the next chunk
                continue
            self.pos = end
            return value


def _records(stream: BinaryIO, size: int, progress: Progress | None,
             header: dict[str, Any] | None = None) -> Iterator[tuple[int, SessionRecord]]:
    """The sessions one by one; every other top-level value (small: the header, the
    notice entries) is left in `header` for the caller once the file is read."""
    reader = _JsonStream(stream, size, progress)
    header = {} if header is None else header
    if reader.peek() != "{":
        if reader.peek() == "":
            raise _not_json(1, 1)
        reader.value()  # valid JSON (or not: then that is said), but not an object
        raise ImportRejected("This file isn't an Ebbtide sessions export. Nothing was "
                             "imported.")
    reader.expect("{")
    had_sessions = False
    while reader.peek() != "}":
        key = reader.value()
        if not isinstance(key, str):
            raise reader.error_at(reader.pos)
        reader.expect(":")
        if key == "sessions":
            _check_header(header)
            if reader.peek() != "[":
                raise ImportRejected(
                    "This export has no list of sessions in it. Nothing was imported.")
            reader.expect("[")
            kinds = set(known_kinds())
            position = 0
            while reader.peek() != "]":
                position += 1
                yield position, _check_record(reader.value(), position, kinds)
                if reader.peek() == ",":
                    reader.pos += 1
                elif reader.peek() != "]":
                    raise reader.error_at(reader.pos)
            reader.expect("]")
            had_sessions = True
        else:
            header[key] = reader.value()
        if reader.peek() == ",":
            reader.pos += 1
        elif reader.peek() != "}":
            raise reader.error_at(reader.pos)
    reader.expect("}")
    if reader.peek() != "":
        raise reader.error_at(reader.pos)
    _check_header(header)
    if not had_sessions:
        raise ImportRejected("This export has no list of sessions in it. Nothing was imported.")


def _check_notice(raw_entries: Any) -> list[Entry]:
    return _checked(raw_entries, "notice entries", "Notice entry", entry_from_dict,
                    NoticeError)


def _check_five_signs(raw_checks: Any) -> list[WeeklyCheck]:
    if not isinstance(raw_checks, list):
        raise ImportRejected(
            "This export's weekly checks aren't a list. Nothing was imported.")
    checks: list[WeeklyCheck] = []
    weeks: set[str] = set()
    for position, raw in enumerate(raw_checks, start=1):
        where = f"Weekly check {position} in the file"
        try:
            check = WeeklyCheck.from_dict(raw)
        except FiveSignsError as exc:  # names the field, never the person's words
            raise ImportRejected(f"{where} can't be used: {exc}. Nothing was imported.") \
                from None
        if check.week in weeks:
            raise ImportRejected(f"{where} is a second check for the same week. "
                                 "Nothing was imported.")
        weeks.add(check.week)
        checks.append(check)
    return checks


def _check_header(document: dict[str, Any]) -> None:
    if document.get("format") != FORMAT_NAME:
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


def _text_problem(value: Any, depth: int = 0) -> str | None:
    """Why some text in a record can't be kept: a lone surrogate (not Unicode), or
    details nested deeper than Ebbtide writes. None when all is well."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "has text with a broken character in it (not valid Unicode)"
        return None
    if depth > _MAX_DETAILS_DEPTH and isinstance(value, dict | list):
        return "has details nested far more deeply than Ebbtide ever writes"
    if isinstance(value, dict):
        for k, v in value.items():
            problem = _text_problem(k, depth + 1) or _text_problem(v, depth + 1)
            if problem:
                return problem
    elif isinstance(value, list):
        for v in value:
            problem = _text_problem(v, depth + 1)
            if problem:
                return problem
    return None


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
    problem = _text_problem(details)
    if problem:
        raise reject(problem)
    if len(json.dumps(details)) > _MAX_DETAILS_CHARS:
        raise reject("has details far larger than Ebbtide ever writes")
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise reject("has a note that isn't text")
    problem = _text_problem(content_id) or _text_problem(note) or _text_problem(details)
    if problem:
        raise reject(problem)
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
