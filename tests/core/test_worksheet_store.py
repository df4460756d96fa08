"""Keeping worksheets: drafts, finishing (a session), history search, delete and undo,
and any text at all coming back exactly as it went in."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ebbtide.core.feelings import load_vocabulary
from ebbtide.core.store import SessionKind, Store
from ebbtide.core.worksheet import Worksheet
from ebbtide.core.worksheet_store import WorksheetStore


def _filled(situation: str = "No reply since six.") -> Worksheet:
    sheet = Worksheet(created_utc=1_800_000_000.0)
    vocab = load_vocabulary()
    sheet.add_feeling("abandoned", vocab, 85)
    sheet.add_feeling("knotted up", vocab, 60)
    sheet.situation = situation
    sheet.hot_thought = "They've had enough of me."
    sheet.belief_before = 90
    sheet.traps = ["mind-reading", "fortune-telling"]
    sheet.distress_before = 8
    return sheet


def test_a_draft_is_saved_and_offered_to_continue_at_its_step(store: Store) -> None:
    sheets = WorksheetStore(store)
    sheet = _filled()
    sheet.step = 4
    sheets.save(sheet)
    draft = sheets.latest_draft()
    assert draft is not None and draft.uid == sheet.uid
    assert draft.step == 4 and draft.situation == "No reply since six."
    assert store.count_sessions() == 0  # a draft is not a practice yet


def test_the_database_holds_the_words_only_in_the_sealed_body(store: Store) -> None:
    sheets = WorksheetStore(store)
    sheets.save(_filled())
    tags_text, body = store.conn.execute("SELECT tags, body_sealed FROM worksheets").fetchone()
    tags = json.loads(tags_text)
    assert tags["feelings"] == ["abandoned"]  # the own word "knotted up" is not a tag
    assert tags["traps"] == ["mind-reading", "fortune-telling"]
    assert "knotted" not in tags_text and "enough of me" not in tags_text
    assert "enough of me" in store.unseal(body)


def test_finishing_records_one_session_and_editing_updates_it(store: Store) -> None:
    sheets = WorksheetStore(store)
    sheet = _filled()
    sheet.feelings[0].after = 40
    sheet.belief_after = 50
    sheet.distress_after = 4
    sheet.active_s = 420.0
    sheets.finish(sheet, now=1_800_000_600.0)
    sessions = store.sessions(kinds=[SessionKind.WORKSHEET])
    assert len(sessions) == 1
    session = sessions[0]
    assert session.content_id == sheet.uid and session.id == sheet.session_id
    assert (session.distress_before, session.distress_after) == (8, 4)
    assert session.duration_s == 420.0
    assert session.details["feelings"] == ["abandoned"]
    assert session.details["feelings_before"] == {"abandoned": 85}
    assert session.details["feelings_after"] == {"abandoned": 40}
    assert (session.details["belief_before"], session.details["belief_after"]) == (90, 50)
    assert "knotted" not in json.dumps(dict(session.details)) and session.note == ""
    assert sheets.latest_draft() is None

    again = sheets.load(sheet.uid)
    assert again is not None and again.status == "done"
    again.distress_after = 3
    sheets.save(again)
    sessions = store.sessions(kinds=[SessionKind.WORKSHEET])
    assert len(sessions) == 1 and sessions[0].distress_after == 3


def test_delete_hides_it_and_its_session_and_undo_brings_both_back(store: Store) -> None:
    sheets = WorksheetStore(store)
    sheet = sheets.finish(_filled())
    sheets.delete(sheet.uid)
    assert sheets.load(sheet.uid) is None and sheets.all() == []
    assert store.sessions(kinds=[SessionKind.WORKSHEET]) == []
    restored = sheets.undelete(sheet.uid)
    assert restored is not None and restored.situation == "No reply since six."
    assert len(store.sessions(kinds=[SessionKind.WORKSHEET])) == 1
    sheets.delete(sheet.uid)
    assert sheets.purge_deleted() == 1
    assert sheets.undelete(sheet.uid) is None


def test_history_search_by_text_feeling_trap_and_date(store: Store) -> None:
    sheets = WorksheetStore(store)
    first = _filled("The café, Tuesday. Ärger über nichts.")
    sheets.save(first)
    second = Worksheet(created_utc=1_900_000_000.0)
    second.add_feeling("hopeful", load_vocabulary(), 40)
    second.traps = ["labelling"]
    second.situation = "Dinner went well."
    sheets.finish(second)

    def uids(**kw: object) -> list[str]:
        return [s.uid for s in sheets.search(**kw)]  # type: ignore[arg-type]

    assert uids(text="ärger") == [first.uid]
    assert uids(text="DINNER") == [second.uid]
    assert uids(feeling="abandoned") == [first.uid]
    assert uids(feeling="Knotted Up") == [first.uid]  # own words are found too
    assert uids(trap="labelling") == [second.uid]
    assert uids(since_utc=1_850_000_000.0) == [second.uid]
    assert uids(until_utc=1_850_000_000.0) == [first.uid]
    assert uids(text="nothing like this") == []
    assert set(uids()) == {first.uid, second.uid}


def test_own_feeling_words_are_offered_again_once_each(store: Store) -> None:
    sheets = WorksheetStore(store)
    sheets.save(_filled())
    other = _filled()
    other.uid = "another"
    other.feelings[1].word = "Knotted  up"
    sheets.save(other)
    # The same word with other spacing is offered once, the most recent spelling first.
    assert sheets.own_feeling_words() == ["Knotted  up"]


def test_an_unreadable_worksheet_is_left_out_not_fatal(store: Store) -> None:
    sheets = WorksheetStore(store)
    sheets.save(_filled())
    with store.transaction() as conn:
        conn.execute("UPDATE worksheets SET body_sealed=?", (store.seal("{not json"),))
    assert sheets.all() == []


def test_a_megabyte_of_text_in_one_field_round_trips(store: Store) -> None:
    sheets = WorksheetStore(store)
    sheet = _filled("Ω≈ç√ 🌊 שלום عربى e\u0301 " * 40_000)
    assert len(sheet.situation.encode("utf-8")) > 1_000_000
    sheets.save(sheet)
    loaded = sheets.load(sheet.uid)
    assert loaded is not None and loaded.situation == sheet.situation


any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=300)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(situation=any_text, thought=any_text, answer=any_text, own_word=any_text)
def test_any_text_round_trips_through_save_and_load_unchanged(
    store: Store, situation: str, thought: str, answer: str, own_word: str
) -> None:
    sheets = WorksheetStore(store)
    sheet = Worksheet()
    sheet.situation = situation
    sheet.hot_thought = thought
    sheet.answers["worst"] = answer
    sheet.own_traps = [answer]
    word = " ".join(own_word.split())[:60]
    if word:
        sheet.add_feeling(word, load_vocabulary(), 50)
    sheets.save(sheet)
    loaded = sheets.load(sheet.uid)
    assert loaded is not None
    assert loaded.situation == situation
    assert loaded.hot_thought == thought
    assert loaded.answers["worst"] == answer
    assert loaded.own_traps == [answer]
    assert loaded.to_dict() == sheet.to_dict()
