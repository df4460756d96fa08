"""A broken paste (a lone surrogate: half of an emoji) in a session's note is kept
exactly as it came, with the lock off and on, instead of failing to save. (Trust
yourself refuses one with a clear message, and worksheets and notice entries keep it
through JSON escapes: tested with them.)"""

from __future__ import annotations

import pytest

from ebbtide.core import lock as core_lock
from ebbtide.core.store import Store
from tests.privacy.helpers import PASSPHRASE, add_note_session

BROKEN = "half a wave \ud83c and the rest"


@pytest.mark.parametrize("locked", [False, True])
def test_a_broken_paste_in_a_note_is_kept(store: Store, locked: bool) -> None:
    if locked:
        core_lock.enable_lock(store, PASSPHRASE)
    session = add_note_session(store, BROKEN)
    kept = store.get_session(session.id)
    assert kept is not None and kept.note == BROKEN
