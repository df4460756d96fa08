"""The five signs, weekly, in the core: the words file, the weekly record and its checks,
one check a week (the same week again overwrites), sealing, the chart's series (gaps,
never zeros), export and import, and the weekly reminder that comes only when asked."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ebbtide.core import exchange, five_signs
from ebbtide.core.content import ContentError
from ebbtide.core.five_signs import (
    FiveSignsError,
    FiveSignsStore,
    WeeklyCheck,
    load_five_signs,
    week_of,
    weekly_series,
)
from ebbtide.core.reminders import ReminderKind, ReminderScheduler, plan_from_settings
from ebbtide.core.settings import SettingKey, Settings
from ebbtide.core.store import Store

IDS = load_five_signs().ids
any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=("Cs",)), max_size=300)
weeks = st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 12, 31)).map(week_of)
scores = st.dictionaries(st.sampled_from(IDS), st.integers(0, 4))
times = st.floats(min_value=0, max_value=7_000_000_000, allow_nan=False)
checks = st.builds(WeeklyCheck, week=weeks, scores=scores, note=any_text,
                   created_utc=times, updated_utc=times)


# -- the words ----------------------------------------------------------------------------


def test_the_shipped_words_name_the_five_signs_of_the_guide() -> None:
    words = load_five_signs()
    assert [s.id for s in words.signs] == ["suspicion", "vulnerability", "intimacy",
                                          "jealousy", "control"]
    assert words.labels == ("Not at all", "A little", "Sometimes", "Often",
                            "Most of the time")
    assert all(s.line and s.why and s.short for s in words.signs)
    assert "guide" in words.source


def test_a_mistake_in_the_words_names_the_file_and_line(tmp_path: Path) -> None:
    shipped = Path(five_signs.__file__).parents[3] / "resources" / "content" / "five_signs.toml"
    text = shipped.read_text(encoding="utf-8").replace('id = "jealousy"', 'id = "suspicion"')
    broken = tmp_path / "five_signs.toml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_five_signs(broken)
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t == 'id = "suspicion"'
                and n > text.splitlines().index('id = "suspicion"') + 1)
    assert f"five_signs.toml, line {line}" in str(caught.value)
    assert "used twice" in str(caught.value)


# -- the record ------------------------------------------------------------------------------


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(check=checks)
def test_a_weekly_check_survives_the_store_and_an_export_unchanged(check: WeeklyCheck) -> None:
    store = Store.in_memory()
    kept = FiveSignsStore(store).save(check, now=check.updated_utc)
    loaded = FiveSignsStore(store).load(check.week)
    assert loaded is not None and loaded.to_dict() == kept.to_dict()
    # Through JSON and back (the export's own form), and into another store.
    again = WeeklyCheck.from_dict(json.loads(json.dumps(kept.to_dict())))
    assert again.to_dict() == kept.to_dict()
    other = Store.in_memory()
    report = exchange.import_json(other, exchange.export_json(store))
    assert report.signs_added == 1
    moved = FiveSignsStore(other).load(check.week)
    assert moved is not None and moved.to_dict() == kept.to_dict()


def test_saving_the_same_week_again_overwrites_it() -> None:
    store = Store.in_memory()
    signs = FiveSignsStore(store)
    first = signs.save(WeeklyCheck("2026-W10", {"suspicion": 3, "jealousy": 4}, "hard"))
    second = signs.save(WeeklyCheck("2026-W10", {"suspicion": 1}, ""))
    assert signs.weeks() == {"2026-W10"}
    kept = signs.load("2026-W10")
    assert kept is not None
    assert kept.scores == {"suspicion": 1}  # jealousy no longer answered: not kept
    assert kept.note == ""
    assert (second.uid, second.created_utc) == (first.uid, first.created_utc)
    # Last week is its own row.
    signs.save(WeeklyCheck("2026-W09", {"control": 2}))
    assert signs.weeks() == {"2026-W09", "2026-W10"}


@pytest.mark.parametrize(("raw", "field"), [
    ({"week": "2026-W54", "uid": "a", "scores": {}}, "week"),
    ({"week": "2026/10", "uid": "a", "scores": {}}, "week"),
    ({"week": "2026-W10", "uid": "a", "scores": {"suspicion": 5}}, "score"),
    ({"week": "2026-W10", "uid": "a", "scores": {"suspicion": True}}, "score"),
    ({"week": "2026-W10", "uid": "a", "scores": {"suspicion": 1.5}}, "score"),
    ({"week": "2026-W10", "uid": "a b", "scores": {}}, "uid"),
    ({"week": "2026-W10", "uid": "a", "scores": {}, "note": 3}, "note"),
    ({"week": "2026-W10", "uid": "a", "scores": {}, "mood": 3}, "unknown field"),
    ({"week": "2026-W10", "scores": {}}, "uid"),
])
def test_a_bad_record_is_refused_naming_the_field_not_the_words(raw: dict, field: str) -> None:
    with pytest.raises(FiveSignsError) as caught:
        WeeklyCheck.from_dict(raw)
    assert field in str(caught.value)


def test_the_scores_and_the_note_are_sealed_not_plain() -> None:
    store = Store.in_memory()
    FiveSignsStore(store).save(WeeklyCheck("2026-W10", {"jealousy": 4}, "SENTINEL-NOTE"))
    row = store.conn.execute("SELECT * FROM five_signs").fetchone()
    plain = " ".join(str(v) for v in row if not isinstance(v, bytes))
    assert "jealousy" not in plain and "SENTINEL" not in plain
    from ebbtide.core.store import sealed_columns

    assert {("five_signs", "scores_sealed"), ("five_signs", "note_sealed")} <= set(
        sealed_columns(store.conn))


def test_weeks_are_iso_weeks_and_read_kindly() -> None:
    assert week_of(date(2026, 11, 30)) == "2026-W49"
    assert week_of(date(2027, 1, 1)) == "2026-W53"  # ISO: still the old year's week
    assert five_signs.previous_week("2027-W01") == "2026-W53"
    assert five_signs.week_words("2026-W49") == "30 Nov – 6 Dec 2026"


# -- the chart's series ---------------------------------------------------------------------------


def test_weeks_without_a_check_are_gaps_never_zeros() -> None:
    data = {"2026-W01": {"suspicion": 0, "jealousy": 2},
            "2026-W04": {"suspicion": 3}}  # W02 and W03 had no check
    series = weekly_series(data, IDS)
    assert series.weeks == ("2026-W01", "2026-W02", "2026-W03", "2026-W04")
    suspicion = series.values[:, IDS.index("suspicion")]
    assert suspicion[0] == 0 and suspicion[3] == 3
    assert np.isnan(suspicion[1]) and np.isnan(suspicion[2])
    # A sign left out that week is a gap too.
    assert np.isnan(series.values[3, IDS.index("jealousy")])
    assert series.checked == 2
    assert np.all(np.diff(series.x) > 6 * 86_400)


def test_the_summary_and_table_say_only_what_was_checked() -> None:
    words = load_five_signs()
    data = {week_of(date(2026, 1, 5) + timedelta(weeks=i)):
            {"suspicion": 3 if i < 4 else 1} for i in range(8)}
    data.pop("2026-W04")
    series = weekly_series(data, IDS)
    text = five_signs.describe(series, words)
    assert text.startswith("7 weekly checks")
    assert "Suspicion: less over the last 3 checks" in text
    rows = five_signs.table_rows(series, words)
    assert len(rows) == 7  # the week with no check is no row
    assert rows[0][1] == "1 a little" and rows[0][2] == "–"


# -- the reminder ------------------------------------------------------------------------


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def _walk(scheduler: ReminderScheduler, clock: Clock, days: int) -> list[tuple[datetime,
                                                                            ReminderKind]]:
    seen = []
    for _ in range(days * 24 * 4):  # every quarter of an hour
        clock.now += timedelta(minutes=15)
        due = scheduler.due()
        if due is not None:
            seen.append((clock.now, due.kind))
    return seen


def test_no_weekly_reminder_unless_the_person_asks(tmp_path: Path) -> None:
    prefs = Settings(tmp_path / "settings.json")
    clock = Clock(datetime(2026, 11, 30, 0, 0))
    assert _walk(ReminderScheduler(plan_from_settings(prefs), clock), clock, 21) == []


def test_when_asked_it_comes_once_on_the_chosen_day_and_time(tmp_path: Path) -> None:
    prefs = Settings(tmp_path / "settings.json")
    prefs.set(SettingKey.SIGNS_REMINDER_ON, True)
    prefs.set(SettingKey.SIGNS_REMINDER_DAY, 2)  # Wednesday
    prefs.set(SettingKey.SIGNS_REMINDER_AT, "17:30")
    clock = Clock(datetime(2026, 11, 30, 0, 0))  # a Monday
    seen = _walk(ReminderScheduler(plan_from_settings(prefs), clock), clock, 21)
    assert [kind for _, kind in seen] == [ReminderKind.SIGNS] * 3
    assert all(when.weekday() == 2 and when.hour == 17 and when.minute >= 30
               for when, _ in seen)


def test_turned_off_from_the_reminder_it_stops(tmp_path: Path) -> None:
    prefs = Settings(tmp_path / "settings.json")
    prefs.set(SettingKey.SIGNS_REMINDER_ON, True)
    clock = Clock(datetime(2026, 12, 6, 17, 0))  # a Sunday, before 18:00
    scheduler = ReminderScheduler(plan_from_settings(prefs), clock)
    assert [k for _, k in _walk(scheduler, clock, 1)] == [ReminderKind.SIGNS]
    assert scheduler.turn_off(ReminderKind.SIGNS).signs_on is False
    assert _walk(scheduler, clock, 14) == []


# -- export and import -------------------------------------------------------------------


def test_an_older_export_without_weekly_checks_still_imports() -> None:
    old = {"format": "ebbtide-sessions", "version": 2, "exported_utc": "2026-01-01T00:00:00Z",
           "sessions": [], "notice": []}
    report = exchange.import_json(Store.in_memory(), json.dumps(old))
    assert (report.added, report.signs_added) == (0, 0)


def test_import_keeps_a_week_already_here_and_refuses_a_bad_check() -> None:
    here = Store.in_memory()
    FiveSignsStore(here).save(WeeklyCheck("2026-W10", {"suspicion": 1}, "mine"))
    there = Store.in_memory()
    FiveSignsStore(there).save(WeeklyCheck("2026-W10", {"suspicion": 4}, "old"))
    FiveSignsStore(there).save(WeeklyCheck("2026-W11", {"control": 2}))
    report = exchange.import_json(here, exchange.export_json(there))
    assert report.signs_added == 1
    kept = FiveSignsStore(here).load("2026-W10")
    assert kept is not None and kept.note == "mine"
    document = json.loads(exchange.export_json(there))
    assert document["version"] == exchange.FORMAT_VERSION >= 3
    document["five_signs"][0]["scores"] = {"suspicion": 9}
    with pytest.raises(exchange.ImportRejected) as caught:
        exchange.import_json(Store.in_memory(), json.dumps(document))
    assert "Weekly check 1" in str(caught.value)


def test_delete_all_my_data_takes_the_weekly_checks_too(paths) -> None:  # type: ignore[no-untyped-def]
    from ebbtide.core.wipe import wipe_all

    store = Store.open(paths.database).store
    FiveSignsStore(store).save(WeeklyCheck("2026-W10", {"jealousy": 4}, "my note"))
    assert wipe_all(paths, store).complete
    fresh = Store.open(paths.database).store
    assert FiveSignsStore(fresh).weeks() == set()
    fresh.close()
