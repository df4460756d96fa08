"""The result screen's rule: which change a before and after make, the warm line and
the next step for each, and the words file checked on load."""

from __future__ import annotations

import pytest

from ebbtide.core.content import ContentError
from ebbtide.core.moments import (
    Change,
    NextAction,
    change_of,
    load_moment_words,
)
from tests.core.content_files import broken_copy


@pytest.mark.parametrize(("before", "after", "change"), [
    (8, 4, Change.LARGER_DROP), (5, 3, Change.LARGER_DROP), (10, 0, Change.LARGER_DROP),
    (6, 5, Change.LITTLE), (4, 4, Change.LITTLE), (0, 0, Change.LITTLE),
    (3, 4, Change.ROSE), (2, 9, Change.ROSE),
    (None, 4, Change.UNRATED), (7, None, Change.UNRATED), (None, None, Change.UNRATED),
])
def test_each_before_and_after_falls_in_one_change(before, after, change) -> None:  # type: ignore[no-untyped-def]
    assert change_of(before, after) is change


def test_a_larger_drop_offers_to_notice_what_helped() -> None:
    [step] = load_moment_words().next_steps(7, 3)
    assert step.action is NextAction.NOTICE_WHAT_HELPED
    assert "helped" in step.label


def test_little_or_no_change_offers_another_practice_and_a_kind_word() -> None:
    words = load_moment_words()
    for before, after in ((5, 5), (6, 5)):
        [step] = words.next_steps(before, after)
        assert step.action is NextAction.ANOTHER_PRACTICE
        assert any(kind in words.line_for(before, after).lower()
                   for kind in ("all right", "still counts", "can help"))


def test_a_rise_offers_a_kind_word_and_the_steady_path() -> None:
    words = load_moment_words()
    [step] = words.next_steps(3, 6)
    assert step.action is NextAction.STEADY
    assert "fault" in words.line_for(3, 6) or "gently" in words.line_for(3, 6)


def test_without_both_ratings_nothing_is_compared() -> None:
    words = load_moment_words()
    assert words.line_for(None, None) == "Thank you for taking this time for yourself."
    assert words.next_steps(None, 5)[0].action is NextAction.ANOTHER_PRACTICE


def test_no_line_grades_the_person() -> None:
    words = load_moment_words()
    text = " ".join(" ".join(lines) for lines in words.lines.values()).lower()
    text += " ".join(s.label + s.line for steps in words.steps.values() for s in steps).lower()
    for word in ("fail", "should", "wrong", "bad", "better than", "worse", "only "):
        assert word not in text


def test_an_unknown_action_is_named_with_its_file_and_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = broken_copy(tmp_path, "moments.toml", 'action = "steady"', 'action = "shout"')
    with pytest.raises(ContentError) as caught:
        load_moment_words(path)
    assert "moments.toml, line" in str(caught.value) and "shout" in str(caught.value)


def test_missing_lines_are_named(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = broken_copy(tmp_path, "moments.toml", "[unrated]\nlines = [",
                       "[unrated]\nwords = [")
    with pytest.raises(ContentError) as caught:
        load_moment_words(path)
    assert "moments.toml" in str(caught.value) and "words" in str(caught.value)
