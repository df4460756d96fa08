"""Reach out's records: safe people and asks keep every word exactly (store, lock,
export), the one-ask-per-worry rule, the message made from the steps, and the words
file checked on load."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ebbtide.core import exchange
from ebbtide.core.asks import (
    DAY_S,
    RECENT_ASK_DAYS,
    SAFETY_LOOKBACK_DAYS,
    Ask,
    AskStore,
    compose_message,
    load_reach_words,
    recent_ask,
    safety_named_recently,
    same_worry,
)
from ebbtide.core.content import ContentError
from ebbtide.core.safe_people import ReachError, SafePeopleStore, SafePerson
from ebbtide.core.store import Store
from ebbtide.core.worksheet import Worksheet
from tests.core.content_files import broken_copy

any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=("Cs",)),
                   max_size=200)
short = st.text(min_size=1, max_size=30).filter(lambda t: bool(t.strip()))
times = st.floats(min_value=0, max_value=4_000_000_000, allow_nan=False)
uids = st.text(alphabet="abcdef0123456789", min_size=8, max_size=32)


def _distinct(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = " ".join(item.split()).casefold()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


people = st.builds(
    SafePerson, name=short, helps=st.lists(short, max_size=5).map(_distinct),
    helps_own=any_text, reach=any_text, message=any_text, created_utc=times,
    updated_utc=times)
asks = st.builds(
    Ask, worry=st.text(max_size=80), facts=any_text, feeling=any_text, because=any_text,
    need=any_text, why=any_text, message=any_text, person_uid=st.none() | uids,
    outcome=st.none() | st.sampled_from(["helped", "didnt", "not-sent"]),
    asked_utc=times, updated_utc=times)


# Each example gets a fresh uid (the default), so examples never overwrite each other.


def _imported(exported: str) -> Store:
    fresh = Store.in_memory()
    exchange.import_json(fresh, exported)
    return fresh


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(person=people)
def test_any_safe_person_round_trips_through_the_store_and_the_export(
        store: Store, person: SafePerson) -> None:
    assert SafePerson.from_dict(person.to_dict()) == person
    SafePeopleStore(store).save(person, now=person.updated_utc)
    assert SafePeopleStore(store).load(person.uid) == person
    assert SafePeopleStore(_imported(exchange.export_json(store))).load(person.uid) == person


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ask=asks)
def test_any_ask_round_trips_through_the_store_and_the_export(store: Store, ask: Ask) -> None:
    assert Ask.from_dict(ask.to_dict()) == ask
    AskStore(store).save(ask, now=ask.updated_utc)
    assert AskStore(store).load(ask.uid) == ask
    assert AskStore(_imported(exchange.export_json(store))).load(ask.uid) == ask


def test_the_words_are_sealed_never_plain_in_the_table(store: Store) -> None:
    SafePeopleStore(store).save(SafePerson(name="Jo", message="could you call?"))
    AskStore(store).save(Ask(worry="late replies", message="I need a quick message"))
    for table in ("safe_people", "asks"):
        columns = [r[1] for r in store.conn.execute(f"PRAGMA table_info({table})")]
        plain = {"id", "uid", "created_utc", "asked_utc", "updated_utc", "deleted"}
        assert set(columns) - plain == {"body_sealed"}


def test_delete_is_undone_until_purged(store: Store) -> None:
    kept = SafePeopleStore(store)
    person = kept.save(SafePerson(name="Jo"))
    kept.delete(person.uid)
    assert kept.all() == []
    kept.undelete(person.uid)
    assert [p.name for p in kept.all()] == ["Jo"]
    kept.delete(person.uid)
    assert kept.purge_deleted() == 1
    kept.undelete(person.uid)
    assert kept.all() == []


def test_a_safe_person_needs_a_name_and_errors_name_fields_not_words() -> None:
    with pytest.raises(ReachError, match="name"):
        SafePerson(name="  ").validate()
    with pytest.raises(ReachError) as caught:
        SafePerson(name="x" * 81 + "secret").validate()
    assert "secret" not in str(caught.value)


def test_the_outcome_can_be_set_later_and_cleared(store: Store) -> None:
    ask = AskStore(store).save(Ask(worry="w", message="m"))
    assert AskStore(store).set_outcome(ask.uid, "didnt").outcome == "didnt"  # type: ignore[union-attr]
    assert AskStore(store).load(ask.uid).outcome_words == "It didn't help"  # type: ignore[union-attr]
    AskStore(store).set_outcome(ask.uid, None)
    assert AskStore(store).load(ask.uid).outcome is None  # type: ignore[union-attr]


# -- one ask per worry -------------------------------------------------------------------------

NOW = 1_780_000_000.0


def test_the_same_worry_asked_recently_is_found() -> None:
    earlier = Ask(worry="Late replies", message="first", asked_utc=NOW - 2 * DAY_S)
    assert recent_ask([earlier], "  late   REPLIES ", now=NOW) is earlier


def test_the_newest_of_several_recent_asks_is_the_one_shown() -> None:
    older = Ask(worry="late replies", asked_utc=NOW - 5 * DAY_S)
    newer = Ask(worry="late replies", asked_utc=NOW - 1 * DAY_S)
    assert recent_ask([older, newer], "late replies", now=NOW) is newer


def test_an_old_ask_about_the_same_worry_does_not_stop_a_new_one() -> None:
    old = Ask(worry="late replies", asked_utc=NOW - (RECENT_ASK_DAYS + 1) * DAY_S)
    assert recent_ask([old], "late replies", now=NOW) is None


def test_a_different_worry_is_its_own_ask() -> None:
    earlier = Ask(worry="late replies", asked_utc=NOW - DAY_S)
    assert recent_ask([earlier], "the work trip", now=NOW) is None
    assert recent_ask([earlier], "", now=NOW) is None  # no name, nothing to match
    assert not same_worry("", "")


def test_an_ask_never_sent_was_never_asked() -> None:
    unsent = Ask(worry="late replies", asked_utc=NOW - DAY_S, outcome="not-sent")
    assert recent_ask([unsent], "late replies", now=NOW) is None


# -- the message ---------------------------------------------------------------------------------


def test_the_message_follows_the_guides_template() -> None:
    words = load_reach_words()
    ask = Ask(facts="You were two hours later than you said.", feeling="anxious.",
              because="the old fear", need="a quick message when plans change",
              why="we'd have calmer evenings")
    assert compose_message(words, ask) == (
        "You were two hours later than you said. I'm feeling anxious because of the old "
        "fear. I know you're not responsible for that, but I need a quick message when "
        "plans change. It would help us both because we'd have calmer evenings.")


def test_a_skipped_step_leaves_no_empty_sentence() -> None:
    words = load_reach_words()
    message = compose_message(words, Ask(feeling="scared", need="a hug"))
    assert message == ("I'm feeling scared. I know you're not responsible for that, but I "
                       "need a hug.")
    assert compose_message(words, Ask(facts="Where were you?")) == "Where were you?"
    assert compose_message(words, Ask()) == ""


def test_the_words_file_is_checked_and_a_mistake_names_its_line(tmp_path) -> None:
    bad = broken_copy(tmp_path, "reach.toml", '{ id = "why",', '{ id = "whyy",')
    with pytest.raises(ContentError) as caught:
        load_reach_words(bad)
    assert "reach.toml, line" in str(caught.value) and "whyy" in str(caught.value)
    bad = broken_copy(tmp_path, "reach.toml", "because of {because}", "because of {becaus}")
    with pytest.raises(ContentError, match="becaus"):
        load_reach_words(bad)


def test_three_to_five_kinds_of_people_are_suggested() -> None:
    assert 3 <= len(load_reach_words().people_suggestions) <= 5


# -- the safety rule ---------------------------------------------------------------------------


def test_a_safety_flag_in_a_recent_worksheet_keeps_the_builder_closed() -> None:
    afraid = Worksheet(red_flags=["afraid"], created_utc=NOW - DAY_S, updated_utc=NOW - DAY_S)
    other = Worksheet(red_flags=["hides"], created_utc=NOW, updated_utc=NOW)
    assert safety_named_recently([other, afraid], now=NOW)
    assert not safety_named_recently([other], now=NOW)
    long_ago = NOW - (SAFETY_LOOKBACK_DAYS + 1) * DAY_S
    old = Worksheet(red_flags=["controls"], created_utc=long_ago, updated_utc=long_ago)
    assert not safety_named_recently([old], now=NOW)


# -- export ------------------------------------------------------------------------------------


def test_a_version_2_export_still_imports(store: Store) -> None:
    document = {"format": "ebbtide-sessions", "version": 2, "sessions": [], "notice": []}
    report = exchange.import_json(store, json.dumps(document))
    assert report.added == 0 and report.reach_added == 0


def test_importing_twice_adds_reach_records_once(store: Store) -> None:
    SafePeopleStore(store).save(SafePerson(name="Jo"))
    AskStore(store).save(Ask(worry="w", message="m", asked_utc=time.time()))
    exported = exchange.export_json(store)
    fresh = Store.in_memory()
    assert exchange.import_json(fresh, exported).reach_added == 2
    assert exchange.import_json(fresh, exported).reach_added == 0
    assert json.loads(exported)["version"] == exchange.FORMAT_VERSION == 3


def test_a_bad_ask_in_a_file_is_named_without_its_words(store: Store) -> None:
    document = {"format": "ebbtide-sessions", "version": 3, "sessions": [],
                "reach": {"asks": [{"uid": "abc123", "asked_utc": 1.0, "updated_utc": 1.0,
                                    "worry": "secret words", "outcome": "maybe"}]}}
    with pytest.raises(exchange.ImportRejected) as caught:
        exchange.import_json(store, json.dumps(document))
    assert "abc123" in str(caught.value) and "secret" not in str(caught.value)
    assert AskStore(store).all() == []


def test_the_lock_encrypts_safe_people_and_asks_and_they_open_after_unlock(
        store: Store) -> None:
    from ebbtide.core import lock as core_lock

    person = SafePeopleStore(store).save(SafePerson(name="Jo", message="sentinel-call-me"))
    ask = AskStore(store).save(Ask(worry="sentinel-worry", message="sentinel-ask"))
    core_lock.enable_lock(store, "a long enough passphrase")
    for table in ("safe_people", "asks"):
        for (blob,) in store.conn.execute(f"SELECT body_sealed FROM {table}"):
            assert b"sentinel" not in bytes(blob) and b"Jo" not in bytes(blob)
    core_lock.lock_now(store)
    core_lock.unlock(store, "a long enough passphrase")
    assert SafePeopleStore(store).load(person.uid) == person
    assert AskStore(store).load(ask.uid) == ask
