"""A worksheet that ends in a next step: urges, thoughts or pictures, the
fits-the-facts branch (and the safety card before any of it), and worksheets saved by
the previous version still reading, with renamed feeling words shown by today's name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ebbtide.core import progress_data as pd
from ebbtide.core.feelings import load_vocabulary
from ebbtide.core.store import SessionKind, SessionRecord, Store
from ebbtide.core.traps import load_traps
from ebbtide.core.worksheet import (
    FITS_CHOICES,
    FORMAT_VERSION,
    Worksheet,
    WorksheetError,
    load_prompts,
    next_step,
)
from ebbtide.core.worksheet_export import worksheet_text
from ebbtide.core.worksheet_store import WorksheetStore

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "worksheet_v1.json"


def test_the_feelings_step_asks_about_urges_and_thoughts_may_be_pictures() -> None:
    prompts = load_prompts()
    urges = {u.id: u for u in prompts.steps["feelings"].urges}
    assert list(urges) == ["check-phone", "question", "withdraw", "leave"]
    assert "phone" in urges["check-phone"].text and "Question" in urges["question"].text
    assert all(u.opposite for u in urges.values())
    assert "want to do" in prompts.steps["feelings"].urges_lead
    assert "thoughts or pictures" in prompts.steps["thoughts"].lead
    fits = prompts.steps["if-fear-true"]
    assert tuple(fits.fits_choices) == FITS_CHOICES and "fit the facts" in fits.fits_question


def test_a_feeling_that_fits_leads_to_solving_or_one_clear_request() -> None:
    step = next_step(Worksheet(fits_facts="yes", urges=["question"]))
    assert step.kind == "fits" and not step.show_safety_card
    assert "request" in step.text and "problem" in step.text
    assert step.opposite_actions == () and step.practices == ()


def test_a_feeling_that_does_not_fit_leads_to_acting_opposite_with_a_practice() -> None:
    step = next_step(Worksheet(fits_facts="no", urges=["check-phone", "leave", "gone"]))
    assert step.kind == "opposite" and "opposite" in step.title
    assert len(step.opposite_actions) == 2  # one for each urge we know
    assert "phone out of reach" in step.opposite_actions[0]
    assert step.practices == ("breathe", "listen")


@pytest.mark.parametrize(("fits", "kind"), [("partly", "partly"), ("unsure", "unsure"),
                                            ("", "unsure")])
def test_partly_and_not_sure_have_their_own_gentle_steps(fits: str, kind: str) -> None:
    step = next_step(Worksheet(fits_facts=fits, urges=["withdraw"]))
    assert step.kind == kind and step.practices
    assert bool(step.opposite_actions) == (kind == "partly")


@pytest.mark.parametrize("fits", ["", *FITS_CHOICES])
def test_with_a_safety_flag_the_branch_is_the_safety_card(fits: str) -> None:
    step = next_step(Worksheet(fits_facts=fits, urges=["question"], red_flags=["harmed"]))
    assert step.kind == "safety" and step.show_safety_card
    assert step.opposite_actions == () and step.practices == ()


def test_urges_and_fits_are_kept_checked_and_exported() -> None:
    sheet = Worksheet(urges=["withdraw"], own_urge="Drive to their work", fits_facts="partly")
    again = Worksheet.from_dict(sheet.to_dict(), uid=sheet.uid)
    assert (again.urges, again.own_urge, again.fits_facts) == (
        ["withdraw"], "Drive to their work", "partly")
    assert sheet.step_filled("feelings") and sheet.step_filled("if-fear-true")
    assert "Drive to their work" in sheet.searchable_text()
    assert "Drive" not in json.dumps(sheet.session_details())  # own words stay sealed
    text = worksheet_text(sheet)
    assert "Go quiet and pull away" in text and "Drive to their work" in text
    assert "fit the facts I wrote down? Partly" in text
    with pytest.raises(WorksheetError, match="fit the facts"):
        Worksheet(fits_facts="maybe").validate()
    with pytest.raises(WorksheetError, match="urges"):
        Worksheet(urges=[3]).validate()  # type: ignore[list-item]


# -- old worksheets ----------------------------------------------------------------------


def _v1_body() -> dict[str, object]:
    body = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert body["version"] == 1 and "urges" not in body
    return body


def _check_upgraded(sheet: Worksheet) -> None:
    assert [f.word for f in sheet.feelings] == [
        "longing for reassurance", "self-critical", "jealous", "knotted up"]
    assert [(f.before, f.after) for f in sheet.feelings][:2] == [(70, 40), (60, None)]
    assert sheet.feelings[3].own
    assert sheet.urges == [] and sheet.own_urge == "" and sheet.fits_facts == ""
    assert sheet.step == 6 and sheet.red_flags == ["afraid", "hides"]
    assert sheet.traps == ["mind-reading", "magnifying", "emotional-reasoning"]
    assert sheet.answers["repair"] == "An apology. No, I haven't told them."
    assert sheet.thoughts.endswith("I'm stupid for believing them.")  # their words, untouched
    assert sheet.to_dict()["version"] == FORMAT_VERSION == 3


def test_a_version_1_worksheet_reads_with_todays_feeling_words() -> None:
    _check_upgraded(Worksheet.from_dict(_v1_body(), uid="old"))


def test_a_version_1_worksheet_in_the_store_opens_and_saves_as_version_2(store: Store
                                                                         ) -> None:
    body = _v1_body()
    store.conn.execute(
        "INSERT INTO worksheets (uid, status, created_utc, updated_utc, tags, body_sealed)"
        " VALUES (?, 'draft', ?, ?, '{}', ?)",
        ("old-uid", 1_790_000_000.0, 1_790_000_100.0, store.seal(json.dumps(body))))
    sheets = WorksheetStore(store)
    sheet = sheets.load("old-uid")
    assert sheet is not None
    _check_upgraded(sheet)
    # Old traps still have their names (the renamed "magnifying" kept its id).
    trap = load_traps().lookup("magnifying")
    assert trap is not None and trap.name == "Mental filter"
    sheets.finish(sheet, now=1_790_000_200.0)
    details = store.sessions(kinds=[SessionKind.WORKSHEET])[0].details
    assert details["feelings"] == ["longing for reassurance", "self-critical", "jealous"]
    assert sheets.search(feeling="needy") == [sheets.load("old-uid")]


def test_charts_count_an_old_name_under_the_new_one(store: Store) -> None:
    for word in ("needy", "longing for reassurance", "stupid"):
        store.add_session(SessionRecord(kind=SessionKind.CHECKIN, started_utc=1_790_000_000.0,
                                        distress_before=5, details={"feelings": [word]}))
    assert pd.feelings(store, pd.TimeRange()) == [("longing for reassurance", 2),
                                                   ("self-critical", 1)]
    assert load_vocabulary().lookup("Needy") is load_vocabulary().lookup(
        "longing for reassurance")
