"""Notice & record in the core: the records and their checks, keeping them sealed,
delete and undo, the person's own tags offered again, export and import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ebbtide.core import exchange
from ebbtide.core.content import ContentError
from ebbtide.core.notice import (
    EvidenceEntry,
    FeelingNote,
    JournalEntry,
    NoticeError,
    RiskEntry,
    TriggerEntry,
    clean_words,
    journal_html,
    journal_text,
    load_notice_words,
    matches,
)
from ebbtide.core.notice_store import NoticeStore
from ebbtide.core.store import Store

any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=("Cs",)), max_size=200)
short = st.text(min_size=1, max_size=30).filter(lambda t: bool(t.strip()))
times = st.floats(min_value=0, max_value=4_000_000_000, allow_nan=False)


def _distinct(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = " ".join(item.split()).casefold()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


feelings = st.lists(
    st.builds(FeelingNote, word=short,
              intensity=st.none() | st.integers(0, 100), own=st.booleans()),
    max_size=5,
).map(lambda fs: [f for i, f in enumerate(fs)
                  if " ".join(f.word.split()).casefold() not in
                  {" ".join(g.word.split()).casefold() for g in fs[:i]}])

triggers = st.builds(
    TriggerEntry,
    what=any_text, feelings=feelings,
    body=st.lists(short, max_size=4).map(_distinct),
    urges=st.lists(st.sampled_from(["check-phone", "question", "leave", "old-id"]),
                   unique=True),
    own_urges=st.lists(short, max_size=3).map(_distinct),
    did=any_text, helped=any_text,
    now_or_then=st.none() | st.sampled_from(["now", "then", "both", "unsure"]),
    tags=st.lists(short, max_size=5).map(_distinct),
    occurred_utc=times, created_utc=times, updated_utc=times,
    status=st.sampled_from(["draft", "done"]),
)
evidence = st.builds(
    EvidenceEntry,
    said=any_text, did=any_text,
    shows=st.lists(st.sampled_from(["reliability", "honesty", "compassion"]), unique=True),
    who=st.text(max_size=80), outcome=st.sampled_from(["kept", "broken"]),
    occurred_utc=times, created_utc=times, updated_utc=times,
    status=st.sampled_from(["draft", "done"]),
)

percent = st.none() | st.integers(0, 100)
risks = st.builds(
    RiskEntry,
    risk=any_text, who=st.text(max_size=80), fear=any_text, sure_before=percent,
    happened=any_text, sure_after=percent,
    outcome=st.none() | st.sampled_from(["better", "as-feared", "hard"]),
    occurred_utc=times, created_utc=times, updated_utc=times,
    status=st.sampled_from(["draft", "done"]),
)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entry=risks)
def test_any_small_risk_round_trips_through_the_store_and_the_export(
    store: Store, entry: RiskEntry
) -> None:
    assert RiskEntry.from_dict(entry.to_dict()) == entry
    notices = NoticeStore(store)
    notices.save(entry, now=entry.updated_utc)
    assert notices.load(entry.uid) == entry
    assert entry in exchange.parse_document(exchange.export_json(store))[1]


journals = st.builds(
    JournalEntry, text=st.text(alphabet=st.characters(codec=None, exclude_categories=("Cs",)),
                               max_size=2000),
    prompt=st.none() | st.sampled_from(["roots", "feel-safe", "a-retired-question"]),
    occurred_utc=times, created_utc=times, updated_utc=times,
    status=st.sampled_from(["draft", "done"]),
)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entry=journals)
def test_any_journal_entry_round_trips_through_the_store_and_the_export(
    store: Store, entry: JournalEntry
) -> None:
    assert JournalEntry.from_dict(entry.to_dict()) == entry
    notices = NoticeStore(store)
    notices.save(entry, now=entry.updated_utc)
    assert notices.load(entry.uid) == entry
    assert entry in exchange.parse_document(exchange.export_json(store))[1]


def test_the_journal_is_written_out_as_text_and_escaped_html() -> None:
    words = load_notice_words()
    entries = [JournalEntry(text="First <b>line</b>\n\nSecond & last", prompt="roots",
                            status="done"),
               JournalEntry(text="Free writing", status="done")]
    text = journal_text(entries, words)
    assert "Which experiences taught me what I believe about trust?" in text
    assert "First <b>line</b>" in text and "Free writing" in text
    html = journal_html(entries, words)
    assert "&lt;b&gt;line&lt;/b&gt;" in html and "Second &amp; last" in html
    assert "<b>" not in html
    assert [c.id for c in words.journal][:2] == ["roots", "now-or-then"]


def test_a_small_risk_checks_its_certainty_and_outcome_and_only_better_is_a_brick() -> None:
    with pytest.raises(NoticeError, match="how sure before"):
        RiskEntry.from_dict({**RiskEntry().to_dict(), "sure_before": 101})
    with pytest.raises(NoticeError, match="how it went"):
        RiskEntry.from_dict({**RiskEntry().to_dict(), "outcome": "fine"})
    assert RiskEntry(outcome="better", status="done").kept
    assert not RiskEntry(outcome="better", status="draft").kept
    assert not RiskEntry(outcome="hard", status="done").kept


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entry=triggers)
def test_any_trigger_entry_round_trips_through_the_store_and_the_export(
    store: Store, entry: TriggerEntry
) -> None:
    assert TriggerEntry.from_dict(entry.to_dict()) == entry
    notices = NoticeStore(store)
    notices.save(entry, now=entry.updated_utc)
    assert notices.load(entry.uid) == entry
    assert entry in exchange.parse_document(exchange.export_json(store))[1]


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entry=evidence)
def test_any_evidence_entry_round_trips_through_the_store_and_the_export(
    store: Store, entry: EvidenceEntry
) -> None:
    assert EvidenceEntry.from_dict(entry.to_dict()) == entry
    notices = NoticeStore(store)
    notices.save(entry, now=entry.updated_utc)
    assert notices.load(entry.uid) == entry
    assert entry in exchange.parse_document(exchange.export_json(store))[1]


def test_the_words_are_sealed_never_plain_in_the_table(store: Store) -> None:
    calls: list[str] = []
    original = store.seal
    store.seal = lambda text, place=None: (  # type: ignore[method-assign]
        calls.append(text), original(text, place))[1]
    NoticeStore(store).save(TriggerEntry(what="the words", tags=["late reply"], status="done"))
    NoticeStore(store).save(EvidenceEntry(said="I'll call", who="Sam", status="done"))
    assert any("the words" in c and "late reply" in c for c in calls)
    assert any("I'll call" in c and "Sam" in c for c in calls)
    plain = [str(v) for row in store.conn.execute(
        "SELECT uid, kind, status, occurred_utc FROM notice_entries") for v in row]
    assert not any("words" in v or "Sam" in v for v in plain)


def test_delete_hides_an_entry_and_undo_brings_it_back(store: Store) -> None:
    notices = NoticeStore(store)
    entry = notices.save(TriggerEntry(what="a", status="done"))
    notices.delete(entry.uid)
    assert notices.triggers() == [] and notices.load(entry.uid) is None
    assert notices.undelete(entry.uid) == entry
    assert notices.triggers() == [entry]
    notices.delete(entry.uid)
    assert notices.purge_deleted() == 1
    assert notices.undelete(entry.uid) is None


def test_drafts_are_kept_apart_and_the_latest_is_offered_again(store: Store) -> None:
    notices = NoticeStore(store)
    notices.save(TriggerEntry(what="older", status="draft"), now=1)
    newer = notices.save(TriggerEntry(what="newer", status="draft"), now=2)
    notices.save(TriggerEntry(what="done", status="done"), now=3)
    assert [e.what for e in notices.triggers()] == ["done"]
    assert len(notices.triggers(drafts=True)) == 3
    assert notices.latest_draft("trigger") == newer
    assert notices.latest_draft("evidence") is None


def test_own_tags_and_urges_are_offered_again_most_recent_first_each_once(
    store: Store,
) -> None:
    notices = NoticeStore(store)
    notices.save(TriggerEntry(tags=["late reply"], own_urges=["scroll"], occurred_utc=1,
                              status="done"))
    notices.save(TriggerEntry(tags=["phone face down", "Late reply"], occurred_utc=2,
                              status="done"))
    assert notices.own_tags() == ["phone face down", "Late reply"]
    assert notices.own_urges() == ["scroll"]
    notices.save(EvidenceEntry(who="Sam", status="done"))
    assert notices.people() == ["Sam"]


@pytest.mark.parametrize("change, field", [
    ({"status": "maybe"}, "status"),
    ({"now_or_then": "Yesterday"}, "now or then"),
    ({"tags": ["a", "A"]}, "tags"),
    ({"tags": ["x" * 41]}, "tags"),
    ({"feelings": [{"word": "sad", "intensity": 101, "own": False}]}, "intensity"),
    ({"occurred_utc": float("nan")}, "when it happened"),
    ({"what": "x" * 5001}, "what happened"),
    ({"said": "evidence field"}, "unknown fields"),
    ({"uid": "has spaces"}, "uid"),
])
def test_a_record_that_does_not_hold_together_is_refused_naming_the_field(
    change: dict[str, object], field: str
) -> None:
    raw = {**TriggerEntry(what="private words").to_dict(), **change}
    with pytest.raises(NoticeError, match=field) as caught:
        TriggerEntry.from_dict(raw)
    assert "private words" not in str(caught.value)


def test_evidence_outcome_and_shows_are_checked() -> None:
    with pytest.raises(NoticeError, match="outcome"):
        EvidenceEntry.from_dict({**EvidenceEntry().to_dict(), "outcome": "maybe"})
    with pytest.raises(NoticeError, match="what it shows"):
        EvidenceEntry.from_dict({**EvidenceEntry().to_dict(), "shows": ["Nice"]})


def test_a_damaged_entry_is_left_out_and_the_rest_still_read(store: Store) -> None:
    notices = NoticeStore(store)
    good = notices.save(TriggerEntry(what="fine", status="done"), now=1)
    bad = notices.save(TriggerEntry(what="soon damaged", status="done"), now=2)
    with store.transaction() as conn:
        conn.execute("UPDATE notice_entries SET body_sealed=? WHERE uid=?",
                     (store.seal("{not json"), bad.uid))
    assert notices.triggers() == [good]


def test_search_finds_the_persons_words_and_the_labels_of_what_they_chose() -> None:
    words = load_notice_words()
    entry = TriggerEntry(what="No reply all afternoon", urges=["check-phone"],
                         tags=["late reply"])
    assert matches(entry, "AFTERNOON", words)
    assert matches(entry, "their phone", words)
    assert matches(entry, "late", words)
    assert not matches(entry, "holiday", words)
    assert matches(EvidenceEntry(said="I'll be home by six"), "home")


def test_clean_words_trims_and_keeps_each_once() -> None:
    assert clean_words([" late  reply ", "Late reply", "", "phone"]) == ["late reply", "phone"]


def test_the_shipped_words_load_and_name_the_guides_three() -> None:
    words = load_notice_words()
    assert [c.id for c in words.shows] == ["reliability", "honesty", "compassion"]
    assert {"check-phone", "question", "withdraw", "leave"} <= {c.id for c in words.urges}
    assert {c.id for c in words.now_or_then} >= {"now", "then"}
    assert words.label("urges", "gone-id") == "gone-id"


def test_a_broken_words_file_names_its_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "notice.toml"
    bad.write_text('[urges.Check]\nlabel = "x"\ndescription = "y"\n'
                   "[now_or_then.now]\nlabel = 'Now'\ndescription = 'n'\n"
                   "[shows.honesty]\nlabel = 'H'\ndescription = 'h'\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"notice\.toml.*line 1"):
        load_notice_words(bad)


def test_a_version_1_export_still_imports_and_version_2_brings_the_entries(
    store: Store, tmp_path: Path
) -> None:
    v1 = {"format": "ebbtide-sessions", "version": 1, "sessions": [
        {"uid": "s1", "kind": "checkin", "started_utc": 1_700_000_000.0}]}
    report = exchange.import_json(store, json.dumps(v1))
    assert (report.added, report.notice_added) == (1, 0)
    notices = NoticeStore(store)
    notices.save(TriggerEntry(what="then", tags=["late reply"], status="done"))
    notices.save(EvidenceEntry(said="six", outcome="broken", status="done"))
    exported = exchange.export_json(store)
    assert json.loads(exported)["version"] == exchange.FORMAT_VERSION >= 2
    fresh = Store.open(tmp_path / "other.sqlite3").store
    report = exchange.import_json(fresh, exported)
    assert (report.added, report.notice_added) == (1, 2)
    assert NoticeStore(fresh).triggers()[0].tags == ["late reply"]
    assert NoticeStore(fresh).evidence()[0].outcome == "broken"
    again = exchange.import_json(fresh, exported)
    assert (again.added, again.notice_added) == (0, 0)
    fresh.close()


def test_a_bad_notice_entry_rejects_the_whole_file_naming_it_not_its_words(
    store: Store,
) -> None:
    document = {"format": "ebbtide-sessions", "version": 2, "sessions": [
        {"uid": "s1", "kind": "checkin", "started_utc": 1_700_000_000.0}],
        "notice": [{**TriggerEntry(what="secret words", uid="n1").to_dict(),
                    "status": "nearly"}]}
    with pytest.raises(exchange.ImportRejected, match=r"Notice entry 1.*id n1") as caught:
        exchange.import_json(store, json.dumps(document))
    assert "secret words" not in str(caught.value)
    assert store.count_sessions() == 0


@pytest.mark.parametrize(("kind", "noun", "occurred", "created"), [
    (TriggerEntry, "a trigger entry", "when it happened", "when it was written"),
    (EvidenceEntry, "an evidence entry", "when it happened", "when it was written"),
    (RiskEntry, "a small risk", "when it happened", "when it was written"),
    (JournalEntry, "a journal entry", "when it was written", "when it was started"),
])
def test_every_kind_of_entry_refuses_the_same_way_and_names_what_is_wrong(
    kind: type, noun: str, occurred: str, created: str,
) -> None:
    good = kind().to_dict()
    assert kind.from_dict(good).to_dict() == good
    for raw, said in (
        (["not", "a", "table"], f"{noun} must be a table of fields"),
        ({**good, "kind": "elsewhere"}, f"this is not {noun}"),
        ({**good, "colour": "blue"}, "unknown fields: colour"),
        ({**good, "occurred_utc": "yesterday"}, occurred),
        ({**good, "created_utc": float("inf")}, created),
        ({**good, "updated_utc": -1e30}, "when it was last changed"),
        ({**good, "status": "maybe"}, "status"),
        ({**good, "uid": ""}, "uid"),
    ):
        with pytest.raises(NoticeError, match=said):
            kind.from_dict(raw)
