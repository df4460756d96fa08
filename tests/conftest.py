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
def ui_ctx(qapp, paths: AppPaths, store: Store, settings: Settings):  # type: ignore[no-untyped-def]
    from ebbtide.ui.context import UiContext

    ctx = UiContext(paths, store, settings)
    yield ctx
    ctx.stop_all_sound()
