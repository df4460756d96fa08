"""Progress that isn't a straight line: the sentence that notices a hard or a calmer
week, never alarms, never scolds, never compares the person with anyone."""

from __future__ import annotations

import re

from ebbtide.core import ups_and_downs
from ebbtide.core.ups_and_downs import TEMPLATES, Earlier, week_sentence

WEEKS_BEFORE = [3, 4, 3, 3, 4, 3, 2, 3]  # landing around 3 of 10 after practice


def test_a_harder_week_is_noticed_without_alarm() -> None:
    text = week_sentence([6, 5, 6], WEEKS_BEFORE, [6, 5, 6, *WEEKS_BEFORE])
    assert text.startswith("This week was harder")
    assert "Ups and downs are part of healing" in text
    assert "!" not in text


def test_a_harder_week_beside_a_month_still_calmer_than_an_earlier_one() -> None:
    text = week_sentence([6, 5, 6], WEEKS_BEFORE, [6, 5, 6, *WEEKS_BEFORE],
                         Earlier("March", [7, 6, 7, 6]))
    assert text.startswith("This week was harder; the last month is still calmer than March.")


def test_an_earlier_month_that_was_calmer_is_not_brought_up() -> None:
    text = week_sentence([6, 5, 6], WEEKS_BEFORE, [6, 5, 6, *WEEKS_BEFORE],
                         Earlier("March", [1, 2, 1]))
    assert "March" not in text and text.startswith("This week was harder")


def test_a_calmer_week() -> None:
    assert week_sentence([1, 2, 1], [4, 5, 4, 5], [1, 2, 1, 4, 5, 4, 5]) == TEMPLATES["calmer"]


def test_a_week_like_the_others() -> None:
    assert week_sentence([3, 4], WEEKS_BEFORE, WEEKS_BEFORE) == TEMPLATES["steady"]


def test_too_little_data_says_nothing() -> None:
    assert week_sentence([], WEEKS_BEFORE, WEEKS_BEFORE) == ""
    assert week_sentence([6], WEEKS_BEFORE, WEEKS_BEFORE) == ""  # one session is no week
    assert week_sentence([6, 7, 6], [3, 3], [6, 7, 6, 3, 3]) == ""  # nothing to compare
    nan = float("nan")
    assert week_sentence([nan, nan, 6], WEEKS_BEFORE, WEEKS_BEFORE) == ""


FORBIDDEN = ("fail", "worse than others", "should", "must", "ought", "behind", "lazy",
             "bad", "wrong", "disappoint", "only ", "again?", "you need to", "broke")
OTHERS = ("other people", "others", "everyone", "most people", "average person", "users",
          "compared with", "normal")


def test_no_template_scolds() -> None:
    for key, template in TEMPLATES.items():
        lower = template.lower()
        assert not [w for w in FORBIDDEN if w in lower], key


def test_no_template_compares_the_person_with_anyone_else() -> None:
    for key, template in TEMPLATES.items():
        lower = template.lower()
        assert not [w for w in OTHERS if w in lower], key
        # The only thing ever compared with is the person's own time.
        assert set(re.findall(r"than ([a-z{}]+)", lower)) <= {"the", "{month}"}, key


def test_every_template_can_be_reached() -> None:
    seen = {
        week_sentence([6, 5, 6], WEEKS_BEFORE, WEEKS_BEFORE),
        week_sentence([6, 5, 6], WEEKS_BEFORE, [3, 3, 3], Earlier("May", [6, 6, 6])),
        week_sentence([1, 1], [4, 4, 4], [1, 1, 4]),
        week_sentence([1, 1], [4, 4, 4], [1, 1, 4], Earlier("May", [6, 6, 6])),
        week_sentence([3, 3], [3, 3, 3], [3, 3, 3]),
    }
    assert seen == {t.format(month="May") for t in TEMPLATES.values()}
    assert ups_and_downs.MIN_IN_WEEK >= 2
