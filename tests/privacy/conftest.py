"""Privacy tests use a cheap scrypt cost so they stay quick; the real cost is measured
by benchmarks/store.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ebbtide.core import lock as core_lock
from tests.privacy.helpers import FAST_SCRYPT


@pytest.fixture(autouse=True)
def _fast_scrypt(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(core_lock, "DEFAULT_SCRYPT", FAST_SCRYPT)
    yield


@pytest.fixture(autouse=True)
def _no_leftover_dialog_answers() -> Iterator[None]:
    yield
    from tests.ui import modal

    for timer in modal._keep:
        timer.stop()
    modal._keep.clear()
