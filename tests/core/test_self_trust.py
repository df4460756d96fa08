"""Trust yourself in the core: each record round-trips through the store and the export,
the month counts only what was kept, carrying and letting go, the decision summary in
kind words, undo, and the words offered checked on load."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ebbtide.core import exchange
from ebbtide.core.content import ContentError
from ebbtide.core.decisions import Decision, due, summary
from ebbtide.core.promises import (
    CARRIED,
    KEPT,
    LET_GO,
    OPEN,
    Promise,
    carried,
    carry_offers,
    kept_by_day,
    month_grid,
    month_words,
)
from ebbtide.core.self_lists import ListItem, in_order, moved
from ebbtide.core.self_trust import (
    HARD_PRACTICE_FROM,
    LOOK_BACK_AFTER_DAYS,
    SelfTrustError,
    load_self_trust_words,
    wants_true_card,
)
from ebbtide.core.self_trust_store import SelfTrustStore
from ebbtide.core.store import Store

TODAY = date(2026, 11, 30)
words_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
                     min_size=1, max_size=300).filter(lambda t: bool(t.strip()))
any_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
                   max_size=300)
times = st.floats(min_value=0, max_value=4_000_000_000, allow_nan=False)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)).map(
    lambda d: d.isoformat())
uids = st.text(alphabet="abcdef0123456789", min_size=8, max_size=32)

promises = st.builds(Promise, text=words_text, day=days,
                     state=st.sampled_from([OPEN, KEPT, LET_GO, CARRIED]),
                     carried_from=st.none() | uids, uid=uids, created_utc=times,
                     updated_utc=times)
items = st.builds(ListItem, text=words_text,
                  list=st.sampled_from(["strengths", "values", "boundaries"]),
                  position=st.integers(0, 1000), uid=uids, created_utc=times,
                  updated_utc=times)
decisions = st.builds(Decision, decision=words_text, value=any_text, decided_on=days,
                      outcome=st.none() | st.sampled_from(["held", "mixed", "not-hoped"]),
                      note=any_text, looked_back_on=st.none() | days, uid=uids,
                      created_utc=times, updated_utc=times)
_SETTINGS = settings(max_examples=60, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])


def _round_trip(store: Store, record: Promise | ListItem | Decision) -> None:
    own = SelfTrustStore(store)
    own.save(record, now=record.updated_utc)
    assert own.everything().all() == [record]
    exported = exchange.export_json(store)
    assert exchange.parse_self_trust(exported).all() == [record]
    # Into an empty store, and the same file twice adds nothing.
    fresh = Store.in_memory()
    assert exchange.import_json(fresh, exported).self_trust_added == 1
    assert exchange.import_json(fresh, exported).self_trust_added == 0
    assert SelfTrustStore(fresh).everything().all() == [record]
    own.delete(record)


@_SETTINGS
@given(promise=promises)
def test_any_promise_round_trips_through_the_store_and_the_export(
        store: Store, promise: Promise) -> None:
    assert Promise.from_dict(promise.to_dict()) == promise
    _round_trip(store, promise)


@_SETTINGS
@given(item=items)
def test_any_list_item_round_trips_through_the_store_and_the_export(
        store: Store, item: ListItem) -> None:
    assert ListItem.from_dict(item.to_dict()) == item
    _round_trip(store, item)


@_SETTINGS
@given(decision=decisions)
def test_any_decision_round_trips_through_the_store_and_the_export(
        store: Store, decision: Decision) -> None:
    assert Decision.from_dict(decision.to_dict()) == decision
    _round_trip(store, decision)


def test_every_word_is_sealed_and_none_is_plain_in_the_tables(store: Store) -> None:
    sealed: list[str] = []
    original = store.seal
    store.seal = lambda text, place=None: (  # type: ignore[method-assign]
        sealed.append(text), original(text, place))[1]
    own = SelfTrustStore(store)
    own.save(Promise("ring Mum back"))
    own.save(ListItem("I keep going", "strengths"))
    own.save(Decision("stayed home", "rest", note="glad"))
    assert "ring Mum back" in sealed and "I keep going" in sealed
    assert any("stayed home" in s and "rest" in s and "glad" in s for s in sealed)
    plain = [str(v) for table, columns in (
        ("promises", "uid, day, state, carried_from"), ("self_list_items", "uid, list"),
        ("decisions", "uid, decided_on")) for row in store.conn.execute(
            f"SELECT {columns} FROM {table}") for v in row]
    assert not any(w in v for v in plain for w in ("Mum", "going", "stayed", "rest"))


def test_the_month_counts_kept_promises_only_and_says_so_kindly() -> None:
    made = [Promise("a", "2026-11-02", KEPT), Promise("b", "2026-11-02", KEPT),
            Promise("c", "2026-11-03", OPEN), Promise("d", "2026-11-04", LET_GO),
            Promise("e", "2026-10-31", KEPT), Promise("f", "2026-11-29", KEPT)]
    by_day = kept_by_day(made, 2026, 11)
    assert by_day == {2: 2, 29: 1}
    assert month_words(sum(by_day.values()), 2026, 11, TODAY) == \
        "You kept 3 small promises this month."
    assert month_words(1, 2026, 10, TODAY) == "You kept 1 small promise in October 2026."
    empty = month_words(0, 2026, 11, TODAY)
    assert "all right" in empty and "miss" not in empty and "fail" not in empty
    # Mondays first; November 2026 begins on a Sunday.
    assert month_grid(2026, 11)[0] == [0, 0, 0, 0, 0, 0, 1]


def test_the_store_counts_the_month_without_unsealing(store: Store) -> None:
    own = SelfTrustStore(store)
    own.save_all([Promise("a", "2026-11-02", KEPT), Promise("b", "2026-11-02", KEPT),
                  Promise("c", "2026-11-03", OPEN), Promise("d", "2026-12-01", KEPT)])
    store.unseal = None  # type: ignore[assignment,method-assign]
    assert own.kept_between("2026-11-01", "2026-11-30") == {"2026-11-02": 2}


def test_yesterdays_open_promise_can_be_carried_to_today_once(store: Store) -> None:
    own = SelfTrustStore(store)
    yesterday = Promise("answer Sam", "2026-11-29")
    old_one = Promise("tidy", "2026-11-01")  # weeks ago: left quietly where it is
    kept = Promise("water", "2026-11-29", KEPT)
    own.save_all([yesterday, old_one, kept])
    offers = carry_offers(own.promises(), TODAY)
    assert [p.text for p in offers] == ["answer Sam"]
    was, now = carried(offers[0], TODAY)
    own.save_all([was, now])
    today = own.promises("2026-11-30", "2026-11-30")
    assert [(p.text, p.state, p.carried_from) for p in today] == \
        [("answer Sam", OPEN, yesterday.uid)]
    assert carry_offers(own.promises(), TODAY) == []  # offered once, not again
    # Undo puts yesterday's back as it was and takes today's copy out.
    own.restore([yesterday], remove=[now])
    assert own.promises("2026-11-30", "2026-11-30") == []
    assert carry_offers(own.promises(), TODAY) == [yesterday]


def test_undo_restores_a_deleted_item_and_a_reorder(store: Store) -> None:
    own = SelfTrustStore(store)
    one, two, three = (ListItem(t, "values", n) for n, t in enumerate(["a", "b", "c"]))
    own.save_all([one, two, three])
    listed = in_order(own.items(), "values")
    before = [i for i in listed]
    changed = moved([ListItem(i.text, i.list, i.position, i.uid, i.created_utc,
                              i.updated_utc) for i in listed], three.uid, -1)
    own.save_all(changed)
    assert [i.text for i in in_order(own.items(), "values")] == ["a", "c", "b"]
    own.restore([b for b in before if b.uid in {c.uid for c in changed}])
    assert [i.text for i in in_order(own.items(), "values")] == ["a", "b", "c"]
    own.delete(two)
    assert [i.text for i in own.items("values")] == ["a", "c"]
    own.restore([two])
    assert [i.text for i in own.items("values")] == ["a", "b", "c"]


def test_decisions_are_offered_for_a_look_back_after_the_named_days() -> None:
    made = date.fromordinal(TODAY.toordinal() - LOOK_BACK_AFTER_DAYS).isoformat()
    almost = date.fromordinal(TODAY.toordinal() - LOOK_BACK_AFTER_DAYS + 1).isoformat()
    ready = Decision("said no", decided_on=made)
    waiting = Decision("asked", decided_on=almost)
    looked = Decision("left", decided_on="2026-01-01", outcome="held")
    assert due([ready, waiting, looked], TODAY) == [ready]


def test_the_decision_summary_counts_what_held_up_and_never_scolds() -> None:
    held = [Decision(str(n), outcome="held") for n in range(7)]
    others = [Decision("m", outcome="mixed"), Decision("n", outcome="not-hoped")]
    assert summary(held + others) == \
        "7 of 9 decisions you looked back on held up. Your judgement counts."
    assert summary([]) == ""
    assert "look back" in summary([Decision("new")])
    none_held = summary(others)
    assert "honestly" in none_held
    for word in ("fail", "wrong", "bad", "should"):
        assert word not in none_held.lower()


def test_the_card_after_a_practice_is_wanted_only_when_on_and_the_practice_was_hard() -> None:
    assert wants_true_card(True, HARD_PRACTICE_FROM)
    assert wants_true_card(True, 10)
    assert not wants_true_card(True, HARD_PRACTICE_FROM - 1)
    assert not wants_true_card(True, None)
    assert not wants_true_card(False, 10)


def test_records_are_checked_naming_the_field_never_the_words() -> None:
    with pytest.raises(SelfTrustError, match="state") as caught:
        Promise.from_dict({**Promise("secret words").to_dict(), "state": "broken"})
    assert "secret" not in str(caught.value)
    with pytest.raises(SelfTrustError, match="day"):
        Promise.from_dict({**Promise("x").to_dict(), "day": "2026-13-01"})
    with pytest.raises(SelfTrustError, match="empty"):
        ListItem.from_dict({**ListItem("x").to_dict(), "text": "  "})
    with pytest.raises(SelfTrustError, match="list"):
        ListItem.from_dict({**ListItem("x").to_dict(), "list": "fears"})
    with pytest.raises(SelfTrustError, match="outcome"):
        Decision.from_dict({**Decision("x").to_dict(), "outcome": "great"})
    with pytest.raises(SelfTrustError, match="unknown"):
        Decision.from_dict({**Decision("x").to_dict(), "score": 3})


def test_a_bad_record_in_an_import_is_named_and_nothing_is_imported(store: Store) -> None:
    SelfTrustStore(store).save(Promise("water"))
    document = json.loads(exchange.export_json(store))
    document["self_trust"]["decisions"] = [{**Decision("x").to_dict(), "outcome": "great"}]
    fresh = Store.in_memory()
    with pytest.raises(exchange.ImportRejected, match="Decision 1 in the file"):
        exchange.import_json(fresh, json.dumps(document))
    assert SelfTrustStore(fresh).everything().all() == []


def test_an_export_from_before_trust_yourself_still_imports(store: Store) -> None:
    old = {"format": "ebbtide-sessions", "version": 2, "exported_utc": "2026-01-01T00:00:00Z",
           "sessions": [], "notice": []}
    report = exchange.import_json(store, json.dumps(old))
    assert report.self_trust_added == 0
    assert json.loads(exchange.export_json(store))["version"] == exchange.FORMAT_VERSION >= 3


def test_the_shipped_words_load_and_offer_starters_for_each_list() -> None:
    words = load_self_trust_words()
    assert "Drink a glass of water" in words.suggestions
    assert "Step outside for five minutes" in words.suggestions
    assert "Answer one message I have been avoiding" in words.suggestions
    assert all(words.lists[k].prompts for k in ("strengths", "values", "boundaries"))
    assert list(words.outcomes.values()) == ["It held up", "Mixed", "Not as I hoped"]
    everything = " ".join([*words.suggestions, *words.not_yet, *words.kept])
    for word in ("streak", "fail", "failed", "missed"):
        assert word not in everything.lower()


def test_a_broken_words_file_is_named_with_its_line(tmp_path: Path) -> None:
    from ebbtide.core.paths import resource_path

    text = resource_path("content", "self_trust.toml").read_text(encoding="utf-8")
    broken = tmp_path / "self_trust.toml"
    broken.write_text(text.replace('title = "Values"', 'title = ""'), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_self_trust_words(broken)
    line = next(n for n, t in enumerate(broken.read_text().splitlines(), 1)
                if t == 'title = ""')
    assert f"self_trust.toml, line {line}" in str(caught.value)
