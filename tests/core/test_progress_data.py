"""The queries behind Progress return what the store holds, and use its indexes."""

from __future__ import annotations

import time

import numpy as np
import pytest

from ebbtide.core import progress_data as pd
from ebbtide.core.store import (
    SessionKind,
    SessionRecord,
    Store,
)

DAY = 86_400.0
T0 = 1_750_000_000.0  # June 2025


def add(store: Store, day: float, kind: str = SessionKind.BREATHING, before: int | None = 6,
        after: int | None = 3, content_id: str = "box", **details: object) -> SessionRecord:
    return store.add_session(SessionRecord(
        kind=kind, started_utc=T0 + day * DAY, content_id=content_id,
        distress_before=before, distress_after=after, details=details,
    ))


def test_calm_down_returns_rated_sessions_in_range_oldest_first(store: Store) -> None:
    late = add(store, 5, before=8, after=2)
    early = add(store, 1, kind=SessionKind.AUDIO, before=5, after=4, content_id="body-scan-15")
    add(store, 2, before=None, after=None)  # not rated: not on the calm-down chart
    add(store, 30)  # outside the range
    data = pd.calm_down(store, pd.TimeRange(T0, T0 + 10 * DAY))
    assert data.ids.tolist() == [early.id, late.id]
    assert data.before.tolist() == [5.0, 8.0] and data.after.tolist() == [4.0, 2.0]
    assert data.drop.tolist() == [1.0, 6.0]
    kinds = pd.known_kinds()
    assert [kinds[k] for k in data.kind_codes] == [SessionKind.AUDIO, SessionKind.BREATHING]
    assert len(pd.calm_down(store, pd.TimeRange())) == 3


def test_range_queries_use_the_start_time_indexes(store: Store) -> None:
    rng = pd.TimeRange(T0, T0 + 7 * DAY)
    for sql, params in (
        pd.calm_down_sql(rng), pd.checkins_sql(rng), pd.practices_sql(rng),
        pd.feelings_sql(rng, 8), pd.time_of_day_sql(rng),
    ):
        plan = " | ".join(
            str(row[-1]) for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql, params)
        )
        assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, plan
        assert "SCAN sessions" not in plan, plan


def test_checkins_give_the_checkin_distress_over_time(store: Store) -> None:
    a = add(store, 1, kind=SessionKind.CHECKIN, before=7, after=None, content_id="")
    b = add(store, 2, kind=SessionKind.CHECKIN, before=4, after=None, content_id="")
    add(store, 3, kind=SessionKind.BREATHING)
    data = pd.checkins(store, pd.TimeRange(T0, T0 + 10 * DAY))
    assert data.ids.tolist() == [a.id, b.id]
    assert data.distress.tolist() == [7.0, 4.0]


def test_practices_are_grouped_named_and_ordered_most_helpful_first(store: Store) -> None:
    for before, after in ((8, 4), (7, 4), (6, 4)):  # drops 4, 3, 2
        add(store, 1, before=before, after=after, label="Box breathing")
    add(store, 2, kind=SessionKind.AUDIO, before=6, after=5, content_id="rec-a")  # own recording
    add(store, 3, kind=SessionKind.WORKSHEET, before=7, after=2, content_id="ws-1")
    add(store, 4, kind=SessionKind.WORKSHEET, before=7, after=6, content_id="ws-2")
    add(store, 0, kind=SessionKind.BREATHING, before=9, after=9, content_id="own-1")
    result = pd.practices(store, pd.TimeRange())
    assert result.names == ["Box breathing", "Worksheets", "Your recording 1",
                            "Your own pattern 1"]
    assert result.summary.counts.tolist() == [3, 2, 1, 1]
    assert result.summary.means.tolist() == [3.0, 3.0, 1.0, 0.0]
    assert result.summary.spreads[0] == pytest.approx(1.0)
    assert result.summary.spreads[1] == pytest.approx(np.std([5, 1], ddof=1))


def test_neutral_names_are_numbered_by_first_use_not_by_range(store: Store) -> None:
    add(store, 1, content_id="own-first", before=5, after=5)
    add(store, 9, content_id="own-second", before=5, after=2)
    later = pd.practices(store, pd.TimeRange(T0 + 5 * DAY, None))
    assert later.names == ["Your own pattern 2"]


def test_feelings_named_most_often(store: Store) -> None:
    add(store, 1, kind=SessionKind.CHECKIN, feelings=["anxious", "hurt"])
    add(store, 2, kind=SessionKind.WORKSHEET, feelings=["anxious"], content_id="w")
    add(store, 3, kind=SessionKind.CHECKIN, feelings=["hopeful", "anxious"])
    add(store, 50, kind=SessionKind.CHECKIN, feelings=["angry"])  # out of range
    words = pd.feelings(store, pd.TimeRange(T0, T0 + 10 * DAY))
    assert words == [("anxious", 3), ("hopeful", 1), ("hurt", 1)]


def test_time_of_day_is_in_local_time(store: Store) -> None:
    rec = add(store, 0.3, before=6, after=2)
    add(store, 0.3, before=None, after=None)
    local = time.localtime(rec.started_utc)
    tod = pd.time_of_day(store, pd.TimeRange())
    assert tod.sessions_by_hour[local.tm_hour] == 2
    assert tod.sessions_by_weekday[local.tm_wday] == 2
    assert tod.drop_by_hour.means[local.tm_hour] == 4.0
    assert tod.drop_by_hour.counts[local.tm_hour] == 1


def test_session_facts_leave_out_the_note(store: Store) -> None:
    rec = store.add_session(SessionRecord(
        kind=SessionKind.CHECKIN, started_utc=T0, distress_before=6, distress_after=3,
        details={"feelings": ["hurt"], "label": "Steady me now"}, note="private words",
    ))
    facts = pd.session_facts(store, rec.id or 0)
    assert facts is not None
    text = pd.describe_session(facts)
    assert "Steady me now" in text and "6 → 3 (came down 3 points)" in text
    assert "hurt" in text and "private" not in text
    assert pd.session_facts(store, 99_999) is None


def test_nearest_segment_finds_the_session_under_the_pointer(store: Store) -> None:
    add(store, 1, before=8, after=2)
    add(store, 2, before=5, after=4)
    data = pd.calm_down(store, pd.TimeRange())
    x_per_px = DAY / 100  # 100 pixels a day
    assert pd.nearest_segment(data, T0 + 2 * DAY, 4.5, x_per_px, 0.05) == 1
    assert pd.nearest_segment(data, T0 + DAY + 3 * x_per_px, 5, x_per_px, 0.05) == 0
    assert pd.nearest_segment(data, T0 + 1.5 * DAY, 5, x_per_px, 0.05) is None  # gap
    assert pd.nearest_segment(data, T0 + 2 * DAY, 9.5, x_per_px, 0.05) is None  # above


def test_previous_range_has_the_same_length() -> None:
    rng = pd.TimeRange(100.0, 130.0)
    assert rng.previous() == pd.TimeRange(70.0, 100.0)
    assert pd.TimeRange(None, 5.0).previous() is None


def test_preset_ranges_are_whole_local_days_ending_today() -> None:
    import datetime as dt

    now = time.mktime((2025, 6, 15, 14, 30, 0, 0, 0, -1))
    week = pd.preset_range("week", now)
    assert week.since_utc == time.mktime((2025, 6, 9, 0, 0, 0, 0, 0, -1))
    assert week.until_utc == time.mktime((2025, 6, 16, 0, 0, 0, 0, 0, -1))
    assert pd.preset_range("all", now) == pd.TimeRange()
    custom = pd.custom_range(dt.date(2025, 3, 9), dt.date(2025, 3, 3))  # backwards is fine
    assert custom.since_utc == time.mktime((2025, 3, 3, 0, 0, 0, 0, 0, -1))
    assert pd.custom_words(dt.date(2025, 3, 3), dt.date(2025, 3, 9))[0] == (
        "From 3 Mar 2025 to 9 Mar 2025"
    )


def test_own_patterns_are_numbered_in_the_order_they_were_made(store: Store) -> None:
    with store.transaction() as conn:
        for uid, made in (("made-second", 200.0), ("made-first", 100.0)):
            conn.execute(
                "INSERT INTO custom_patterns (uid, name, definition, created_utc, "
                "updated_utc) VALUES (?, 'my words', '{}', ?, ?)", (uid, made, made),
            )
    add(store, 1, content_id="made-second", before=6, after=2)
    add(store, 2, content_id="made-first", before=6, after=5)
    result = pd.practices(store, pd.TimeRange())
    assert result.names == ["Your own pattern 2", "Your own pattern 1"]
    assert "my words" not in result.names


def test_a_thin_practice_never_tops_the_list(store: Store) -> None:
    add(store, 1, before=9, after=1, label="Lucky once")  # drop 8, but only once
    for _ in range(3):
        add(store, 2, kind=SessionKind.AUDIO, before=6, after=4, content_id="scan", label="Scan")
    result = pd.practices(store, pd.TimeRange())
    assert result.names == ["Scan", "Lucky once"]


def test_calm_down_keeps_every_rating_from_0_to_10(store: Store) -> None:
    pairs = [(10, 0), (0, 10), (10, 10), (0, 0), (7, 3)]
    for day, (before, after) in enumerate(pairs):
        add(store, day, kind=SessionKind.WORKSHEET, before=before, after=after, content_id="w")
    data = pd.calm_down(store, pd.TimeRange())
    assert list(zip(data.before.tolist(), data.after.tolist(), strict=True)) == pairs
    assert set(data.kind_codes.tolist()) == {pd.known_kinds().index(SessionKind.WORKSHEET)}
