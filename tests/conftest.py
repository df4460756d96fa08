"""Shared test set-up. Qt runs offscreen, and every test gets its own data, config and
log folders under tmp_path, so no test ever touches a real home folder."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

# Before any Qt import anywhere in the test run.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_ACCESSIBILITY", "0")

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO / "app") not in sys.path:
    sys.path.insert(0, str(REPO / "app"))

from ebbtide.core.paths import AppPaths, resolve_paths  # noqa: E402
from ebbtide.core.settings import Settings  # noqa: E402
from ebbtide.core.store import Store  # noqa: E402


@pytest.fixture(autouse=True)
def _private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.setenv("EBBTIDE_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return resolve_paths(tmp_path / "data")


@pytest.fixture
def store(paths: AppPaths) -> Iterator[Store]:
    opened = Store.open(paths.database)
    yield opened.store
    opened.store.close()


@pytest.fixture
def settings(paths: AppPaths) -> Settings:
    return Settings.load(paths.settings_file)


@pytest.fixture
def make_ui_ctx(qapp, paths: AppPaths, store: Store, settings: Settings):  # type: ignore[no-untyped-def]
    """Make the context pages are handed; `make_ui_ctx(engine)` gives it that audio engine
    (a fake device, a recording backend) instead of the real one."""
    from ebbtide.ui.context import UiContext

    made: list[UiContext] = []

    def make(audio=None):  # type: ignore[no-untyped-def]
        factory = None if audio is None else (lambda _volume, _muted: audio)
        ctx = UiContext(paths, store, settings, audio=factory)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.stop_all_sound()
        ctx.finish_writes()  # every write asked for lands before the store closes


@pytest.fixture
def ui_ctx(make_ui_ctx):  # type: ignore[no-untyped-def]
    return make_ui_ctx()


def settle(ctx) -> None:  # type: ignore[no-untyped-def]
    """Let every write and job asked for so far land, and its result reach the page."""
    ctx.tasks.wait_idle()
