"""What keeps coming back: tags and urges counted in a range, by week, hour and weekday."""

from __future__ import annotations

from datetime import datetime

from ebbtide.core.notice import TriggerEntry, load_notice_words
from ebbtide.core.notice_stats import coming_back


def at(text: str) -> float:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").timestamp()


def test_the_most_logged_tags_and_urges_come_first_counted_however_spelt() -> None:
    entries = [
        TriggerEntry(tags=["late reply"], urges=["check-phone"], occurred_utc=at(
            "2026-11-02 21:10"), status="done"),  # a Monday
        TriggerEntry(tags=["Late reply", "phone face down"], urges=["check-phone"],
                     occurred_utc=at("2026-11-03 21:40"), status="done"),
        TriggerEntry(tags=["late reply"], own_urges=["scroll"], occurred_utc=at(
            "2026-11-12 08:05"), status="done"),
        TriggerEntry(tags=["late reply"], occurred_utc=at("2026-11-12 09:00")),  # a draft
    ]
    result = coming_back(entries, load_notice_words())
    assert result.entries == 3
    assert [(p.label, p.kind, p.count) for p in result.top] == [
        ("late reply", "tag", 3), ("Check their phone", "urge", 2),
        ("phone face down", "tag", 1), ("scroll", "urge", 1)]
    assert [w.strftime("%Y-%m-%d") for w in result.week_starts] == ["2026-11-02",
                                                                    "2026-11-09"]
    assert result.per_week.tolist() == [2, 1]
    assert result.top_by_week["late reply"].tolist() == [2, 1]
    assert result.top_by_week["Check their phone"].tolist() == [2, 0]
    assert result.by_hour[21] == 2 and result.by_hour[8] == 1
    assert result.by_weekday.tolist() == [1, 1, 0, 1, 0, 0, 0]


def test_only_the_range_counts_and_nothing_logged_is_empty() -> None:
    entries = [TriggerEntry(tags=["a"], occurred_utc=at("2026-01-05 10:00"), status="done"),
               TriggerEntry(tags=["b"], occurred_utc=at("2026-03-05 10:00"), status="done")]
    result = coming_back(entries, load_notice_words(), since_utc=at("2026-02-01 00:00"))
    assert [p.label for p in result.top] == ["b"]
    empty = coming_back([], load_notice_words())
    assert empty.entries == 0 and empty.top == [] and empty.by_hour.sum() == 0
