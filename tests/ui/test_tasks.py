"""The one worker: jobs run in order off the UI thread, results come back on it, errors
are handed back, and the window keeps living while a long job runs."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future

import pytest
from PySide6.QtCore import QTimer

from ebbtide.ui.tasks import TaskManager


@pytest.fixture
def tasks(qapp):  # type: ignore[no-untyped-def]
    manager = TaskManager()
    yield manager
    manager.shutdown()


def test_jobs_run_in_order_off_the_ui_thread_and_results_come_back_on_it(tasks) -> None:  # type: ignore[no-untyped-def]
    ui_thread = threading.get_ident()
    ran_on: list[int] = []
    handed_back_on: list[int] = []
    results: list[int] = []

    def job(n: int) -> int:
        ran_on.append(threading.get_ident())
        return n

    def done(future: Future[int]) -> None:
        handed_back_on.append(threading.get_ident())
        results.append(future.result())

    for n in range(5):
        tasks.run_in_background(lambda n=n: job(n), done)
    tasks.wait_idle()
    assert results == [0, 1, 2, 3, 4]
    assert len(set(ran_on)) == 1 and ran_on[0] != ui_thread  # one worker, not the UI
    assert set(handed_back_on) == {ui_thread}


def test_an_error_is_handed_back_not_lost(tasks) -> None:  # type: ignore[no-untyped-def]
    seen: list[BaseException | None] = []

    def broken() -> None:
        raise ValueError("unreadable")

    tasks.run_in_background(broken, lambda f: seen.append(f.exception()))
    tasks.wait_idle()
    assert isinstance(seen[0], ValueError)


def test_the_window_keeps_living_while_a_long_job_runs(qtbot, tasks) -> None:  # type: ignore[no-untyped-def]
    # The job waits until the window has handled five timer ticks. Run on the UI thread,
    # it would block them and give up; on the worker it sees them. No clock is counted,
    # so a loaded machine changes nothing but how long it takes.
    ticks: list[int] = []
    window_lived = threading.Event()

    def tick() -> None:
        ticks.append(1)
        if len(ticks) >= 5:
            window_lived.set()

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(tick)
    timer.start()
    future = tasks.run_in_background(lambda: window_lived.wait(30))
    qtbot.waitUntil(future.done, timeout=40000)
    timer.stop()
    assert future.result() is True  # the UI thread went on handling events meanwhile


def test_quitting_lets_what_was_asked_for_land(qtbot) -> None:  # type: ignore[no-untyped-def]
    manager = TaskManager()
    kept: list[int] = []
    for n in range(3):
        manager.run_in_background(lambda n=n: (time.sleep(0.05), kept.append(n)))
    manager.shutdown()
    assert kept == [0, 1, 2]
    manager.shutdown()  # twice is harmless (the window and the app both ask)


def test_a_job_asked_for_after_quitting_began_still_runs(qtbot) -> None:  # type: ignore[no-untyped-def]
    manager = TaskManager()
    manager.shutdown()
    kept: list[int] = []
    manager.run_in_background(lambda: kept.append(1) or 7,
                              lambda f: kept.append(f.result()))
    assert kept == [1, 7]  # a late autosave is written, not dropped
