"""The worksheet model: what may be stored, and the before → after changes."""

from __future__ import annotations

import pytest

from ebbtide.core.feelings import load_vocabulary
from ebbtide.core.worksheet import STEP_IDS, FeelingEntry, Quote, Worksheet, WorksheetError


def _sheet() -> Worksheet:
    sheet = Worksheet()
    vocab = load_vocabulary()
    sheet.add_feeling("Betrayed", vocab, 80)
    sheet.add_feeling("anxious", vocab, 60)
    sheet.add_feeling("gutted", vocab, 70)  # the person's own word
    sheet.hot_thought = "They are leaving me."
    sheet.belief_before = 90
    sheet.distress_before = 8
    return sheet


def test_vocabulary_words_are_canonical_and_other_words_are_marked_as_own() -> None:
    sheet = _sheet()
    assert [f.word for f in sheet.feelings] == ["betrayed", "anxious", "gutted"]
    assert sheet.vocabulary_feelings == ["betrayed", "anxious"]
    assert sheet.own_feelings == ["gutted"]
    assert sheet.add_feeling(" BETRAYED ", load_vocabulary()) is None  # already named
    assert sheet.add_feeling("   ", load_vocabulary()) is None
    sheet.remove_feeling("Anxious")
    assert sheet.vocabulary_feelings == ["betrayed"]


def test_changes_show_each_rating_side_by_side_with_its_difference() -> None:
    sheet = _sheet()
    sheet.feelings[0].after = 50
    sheet.feelings[1].after = 60
    sheet.belief_after = 40
    sheet.distress_after = 5
    changes = {c.label: c for c in sheet.changes()}
    assert (changes["betrayed"].before, changes["betrayed"].after) == (80, 50)
    assert changes["betrayed"].delta == -30
    assert changes["anxious"].delta == 0
    assert changes["gutted"].after is None and changes["gutted"].delta is None
    assert changes["Belief in the hot thought"].delta == -50
    assert changes["Distress"].delta == -3 and changes["Distress"].scale_max == 10


def test_nothing_rated_means_no_changes_and_an_empty_sheet_is_empty() -> None:
    assert Worksheet().changes() == []
    assert Worksheet().is_empty()
    sheet = Worksheet()
    sheet.answers["worst"] = "x"
    assert not sheet.is_empty()


@pytest.mark.parametrize(
    ("field", "value"),
    [("belief_before", 101), ("belief_after", -1), ("balanced_belief", 50.5),
     ("distress_before", 11), ("distress_after", True), ("step", len(STEP_IDS)),
     ("pattern", "maybe"), ("accountability", "sort of"), ("status", "lost")],
)
def test_out_of_range_ratings_and_unknown_choices_are_refused(field: str, value: object) -> None:
    sheet = _sheet()
    setattr(sheet, field, value)
    with pytest.raises(WorksheetError):
        sheet.validate()


def test_problems_never_quote_the_persons_words() -> None:
    sheet = _sheet()
    secret = "my very private words"
    sheet.feelings[0].before = 150
    sheet.feelings.append(FeelingEntry(secret + "!" * 80))
    problems = " ".join(sheet.problems())
    assert "feeling 1" in problems and "Feeling 4" in problems
    assert secret not in problems


def test_a_bad_feeling_intensity_is_refused_but_100_and_0_are_fine() -> None:
    sheet = _sheet()
    sheet.feelings[0].before = 100
    sheet.feelings[1].before = 0
    sheet.validate()
    sheet.feelings[1].after = 101
    with pytest.raises(WorksheetError, match="0 to 100"):
        sheet.validate()


def test_tags_and_session_details_hold_vocabulary_words_and_numbers_only() -> None:
    sheet = _sheet()
    sheet.traps = ["mind-reading"]
    sheet.own_traps = ["my own trap name"]
    sheet.feelings[0].after = 30
    tags = sheet.tags()
    assert tags["feelings"] == ["betrayed", "anxious"]
    assert tags["traps"] == ["mind-reading"]
    assert len(tags["created"]) == 10
    details = sheet.session_details()
    assert details["feelings"] == ["betrayed", "anxious"]
    assert details["feelings_before"] == {"betrayed": 80, "anxious": 60}
    assert details["feelings_after"] == {"betrayed": 30}
    assert details["belief_before"] == 90
    flat = repr(tags) + repr(details)
    for own in ("gutted", "my own trap name", "leaving"):
        assert own not in flat


def test_round_trip_through_a_dict_keeps_everything() -> None:
    sheet = _sheet()
    sheet.step = 6
    sheet.answers = {"present-or-past": "the past, mostly"}
    sheet.red_flags = ["hides"]
    sheet.pattern = "mistake"
    again = Worksheet.from_dict(sheet.to_dict(), uid=sheet.uid)
    assert again.to_dict() == sheet.to_dict()


def test_a_body_from_a_newer_version_or_damaged_is_refused_kindly() -> None:
    with pytest.raises(WorksheetError, match="newer"):
        Worksheet.from_dict({"version": 99})
    with pytest.raises(WorksheetError):
        Worksheet.from_dict({"version": 1, "feelings": [{"no word": 1}]})
    with pytest.raises(WorksheetError):
        Worksheet.from_dict([1, 2])


def test_which_steps_are_filled() -> None:
    sheet = _sheet()
    filled = [s for s in STEP_IDS if sheet.step_filled(s)]
    assert filled == ["situation", "feelings", "thoughts"]
    sheet.answers["cope"] = "I'd call my sister"
    assert sheet.step_filled("if-fear-true")
    assert Worksheet.hot_thought_visible(2) and not Worksheet.hot_thought_visible(1)


def test_every_problem_is_named_in_order_and_none_quotes_the_words() -> None:
    """What a person is told when a worksheet cannot be kept (or a saved one cannot be
    read): every problem, in the order of the steps, none quoting what they wrote."""
    sheet = Worksheet(status="lost", step=10, active_s=-1, distress_before=11,
                      distress_after=True)
    sheet.situation = 5  # type: ignore[assignment]
    sheet.own_urge = None  # type: ignore[assignment]
    sheet.thoughts = "my words " * 444_445  # over 4,000,000 characters
    sheet.belief_before, sheet.belief_after = 101, -1
    sheet.balanced_belief = 50.5  # type: ignore[assignment]
    sheet.feelings = [FeelingEntry("  "), FeelingEntry("Hurt", 150, 40),
                      FeelingEntry("hurt", None, 101), FeelingEntry("my words " * 7)]
    sheet.body_places = ["chest", 3]  # type: ignore[list-item]
    sheet.urges = "run"  # type: ignore[assignment]
    sheet.own_traps = [None]  # type: ignore[list-item]
    sheet.answers = {"q": 1, 2: "a"}  # type: ignore[dict-item]
    sheet.pattern = ["pattern"]  # type: ignore[assignment]  # not even hashable
    sheet.accountability, sheet.fits_facts = "sort of", {}  # type: ignore[assignment]
    sheet.from_trigger = "t" * 65
    sheet.quotes = [Quote("u", "for", "ok"), Quote("u2", "for", 7)]  # type: ignore[arg-type]
    assert sheet.problems() == [
        "The worksheet's status is not one we know.",
        "The step must be from 1 to 10.",
        "The time spent cannot be less than nothing.",
        "Distress at the start must be a whole number from 0 to 10.",
        "Distress at the end must be a whole number from 0 to 10.",
        "What happened must be text.",
        "Your own urge must be text.",
        "The thoughts is too long to keep (over 4,000,000 characters).",
        "Belief in the hot thought must be a whole number from 0 to 100.",
        "Belief in the hot thought at the end must be a whole number from 0 to 100.",
        "Belief in the balanced thought must be a whole number from 0 to 100.",
        "Feeling 1 needs a word.",
        "The intensity of feeling 2 must be a whole number from 0 to 100.",
        "Feeling 3 is named twice.",
        "The re-rated intensity of feeling 3 must be a whole number from 0 to 100.",
        "Feeling 4 is longer than 60 characters.",
        "The list body places must hold only text.",
        "The list urges must hold only text.",
        "The list own traps must hold only text.",
        "An answer must be text.",
        "An answer's question must be text.",
        "“Mistake or pattern” must be one of the choices.",
        "“Did they take responsibility” must be one of the choices.",
        "“Does it fit the facts” must be one of the choices.",
        "The trigger entry it came from is not one we can find.",
        "A quoted moment must be text.",
    ]
    sheet.answers, sheet.quotes = [], [Quote("u", "sideways", "x")]  # type: ignore[assignment]
    assert sheet.problems()[-6:] == [
        "The answers must be a table of text.",
        "“Mistake or pattern” must be one of the choices.",
        "“Did they take responsibility” must be one of the choices.",
        "“Does it fit the facts” must be one of the choices.",
        "The trigger entry it came from is not one we can find.",
        "A quoted moment is not in a form we can keep.",
    ]


def test_a_saved_body_with_a_list_for_a_choice_is_refused_not_a_crash() -> None:
    body = _sheet().to_dict()
    for field in ("pattern", "accountability", "fits_facts"):
        damaged = {**body, field: ["yes"]}
        with pytest.raises(WorksheetError, match="one of the choices"):
            Worksheet.from_dict(damaged, uid="a1")
    # Keys of the body that are not fields are ignored, as before.
    again = Worksheet.from_dict({**body, "from_the_future": 1}, uid="a1")
    assert again.to_dict() == body
