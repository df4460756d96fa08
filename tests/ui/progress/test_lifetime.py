"""Progress keeps every session as arrays in memory (and on disk between runs) for one
generation of the store: a write anywhere must show, and arrays kept from an older
generation must never be shown."""

from __future__ import annotations

import time

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from ebbtide.core import progress_data
from ebbtide.core.store import SessionKind, SessionRecord, Store
from ebbtide.ui.context import UiContext
from ebbtide.ui.operations.sessions import save_session
from ebbtide.ui.progress.page import ProgressPage
from tests.conftest import settle

DAY = 86_400.0


def _session(days_ago: float, before: int, after: int) -> SessionRecord:
    return SessionRecord(kind=SessionKind.BREATHING, started_utc=time.time() - days_ago * DAY,
                         content_id="box", distress_before=before, distress_after=after,
                         details={"label": "Box breathing"})


@pytest.fixture
def page(qtbot: QtBot, ui_ctx: UiContext) -> ProgressPage:
    for ago, before, after in ((1, 7, 3), (2, 6, 3), (40, 8, 5)):
        ui_ctx.store.add_session(_session(ago, before, after))
    p = ProgressPage(ui_ctx)
    qtbot.addWidget(p)
    p.resize(1000, 700)
    p.show()
    qtbot.waitExposed(p)
    p.page_shown()
    return p


def _plotted_afters(p: ProgressPage) -> list[float]:
    return sorted(float(v) for v in p.calm.data.after)


def test_a_session_saved_through_the_write_path_shows_at_once(
    page: ProgressPage, ui_ctx: UiContext,
) -> None:
    assert _plotted_afters(page) == [3.0, 3.0]  # the last 30 days
    save_session(ui_ctx, _session(0.1, 9, 1))
    settle(ui_ctx)
    assert _plotted_afters(page) == [1.0, 3.0, 3.0]
    page.range_bar.choose("all")
    assert _plotted_afters(page) == [1.0, 3.0, 3.0, 5.0]


def test_any_write_makes_the_arrays_read_again(page: ProgressPage, ui_ctx: UiContext) -> None:
    page.range_bar.choose("all")
    held = progress_data.lifetime(ui_ctx.store, ui_ctx.paths.cache_dir)
    assert len(held) == 3
    ui_ctx.store.add_session(_session(3, 5, 4))  # no notice at all: the generation says
    fresh = progress_data.lifetime(ui_ctx.store, ui_ctx.paths.cache_dir)
    assert fresh is not held and len(fresh) == 4
    page._cache.clear()
    page.refresh()
    assert _plotted_afters(page) == [3.0, 3.0, 4.0, 5.0]


def test_arrays_kept_from_an_older_generation_are_ignored(store: Store, tmp_path) -> None:
    folder = tmp_path / "cache"
    store.add_session(_session(1, 7, 3))
    first = progress_data.lifetime(store, folder)
    kept = folder / progress_data.LIFETIME_FILE
    assert kept.exists() and len(first) == 1
    old_file = kept.read_bytes()
    store.add_session(_session(2, 8, 2))
    progress_data.forget_lifetime(store)  # as in a new run
    kept.write_bytes(old_file)  # the file an earlier run left, one write behind
    again = progress_data.lifetime(store, folder)
    assert len(again) == 2
    assert sorted(again.calm_down(progress_data.TimeRange()).after.tolist()) == [2.0, 3.0]


def test_arrays_kept_for_this_generation_are_used_as_they_are(
    store: Store, tmp_path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "cache"
    store.add_session(_session(1, 7, 3))
    progress_data.lifetime(store, folder)
    progress_data.forget_lifetime(store)

    def no_reading(*_args: object) -> None:
        raise AssertionError("the store was read although the kept arrays were current")

    monkeypatch.setattr(progress_data.Lifetime, "read", classmethod(no_reading))
    life = progress_data.lifetime(store, folder)
    assert life.calm_down(progress_data.TimeRange()).after.tolist() == [3.0]


def test_a_damaged_kept_file_is_read_past(store: Store, tmp_path) -> None:
    folder = tmp_path / "cache"
    store.add_session(_session(1, 7, 3))
    progress_data.lifetime(store, folder)
    progress_data.forget_lifetime(store)
    kept = folder / progress_data.LIFETIME_FILE
    kept.write_bytes(kept.read_bytes()[:200])
    assert len(progress_data.lifetime(store, folder)) == 1


def test_slices_match_the_queries_for_every_range(store: Store) -> None:
    rng = np.random.default_rng(5)
    kinds = [SessionKind.BREATHING, SessionKind.AUDIO, SessionKind.CHECKIN,
             SessionKind.WORKSHEET, SessionKind.TIMER]
    records = []
    for i in range(400):
        kind = kinds[i % len(kinds)]
        before = int(rng.integers(0, 11))
        after = None if kind == SessionKind.CHECKIN or i % 7 == 0 else int(rng.integers(0, 11))
        records.append(SessionRecord(
            kind=kind, started_utc=time.time() - float(rng.uniform(0, 800)) * DAY,
            content_id=f"c{i % 4}" if kind != SessionKind.WORKSHEET else f"ws{i}",
            distress_before=before, distress_after=after,
            details={"feelings": ["anxious", "Hurt"][: i % 3]} if i % 2 else {}))
    store.add_sessions(records)
    life = progress_data.lifetime(store)
    namer = progress_data.PracticeNamer(store)
    now = time.time()
    for key in ("week", "month", "year", "all"):
        rng_ = progress_data.preset_range(key, now)
        a, b = progress_data.calm_down(store, rng_), life.calm_down(rng_)
        for field in ("ids", "started", "before", "after", "kind_codes"):
            assert np.array_equal(getattr(a, field), getattr(b, field)), (key, field)
        c, d = progress_data.checkins(store, rng_), life.checkins(rng_)
        assert np.array_equal(c.ids, d.ids) and np.array_equal(c.distress, d.distress)
        p, q = progress_data.practices(store, rng_, namer), life.practices(rng_, namer)
        assert p.names == q.names and np.array_equal(p.summary.counts, q.summary.counts)
        assert np.allclose(p.summary.means, q.summary.means, equal_nan=True)
        assert progress_data.feelings(store, rng_) == life.feelings(store, rng_)
        t, u = progress_data.time_of_day(store, rng_), life.time_of_day(rng_)
        assert np.array_equal(t.sessions_by_hour, u.sessions_by_hour)
        assert np.array_equal(t.sessions_by_weekday, u.sessions_by_weekday)
        assert np.allclose(t.drop_by_hour.means, u.drop_by_hour.means, equal_nan=True)


def test_a_store_never_written_since_it_opened_is_read_once(
    store: Store, monkeypatch: pytest.MonkeyPatch,
) -> None:
    with store.transaction() as conn:  # as a store from before generations: no value
        conn.execute("INSERT INTO sessions (uid, kind, content_id, started_utc, "
                     "distress_before, distress_after, completed, details) "
                     "VALUES ('u1', 'breathing', 'box', ?, 7, 3, 1, '{}')", (time.time(),))
    # Outside transaction(), which would write a new one.
    store.conn.execute("DELETE FROM meta WHERE key = 'generation'")
    assert store.data_generation() is None
    first = progress_data.lifetime(store)
    assert progress_data.lifetime(store) is first  # not read again
    store.add_session(_session(1, 6, 2))  # a write: read again, and it shows
    assert len(progress_data.lifetime(store)) == 2
