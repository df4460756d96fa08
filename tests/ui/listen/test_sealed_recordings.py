"""Listen with the lock on: a person's own recording, sealed on disk, plays like any
other; one whose file was changed on disk gets kind words and nothing breaks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from ebbtide.core import lock as core_lock
from ebbtide.core.crypto import ScryptParams
from ebbtide.core.recordings import CANT_OPEN
from ebbtide.core.sealed_files import is_sealed
from ebbtide.ui.listen.page import ListenPage, Step
from tests.conftest import settle
from tests.privacy.test_sealed_recordings import sentinel_wav
from tests.ui.listen.test_page import backend, clock, meditation, page  # noqa: F401

PASSPHRASE = "a quiet harbour at dawn"


@pytest.fixture
def locked_page(page: ListenPage) -> ListenPage:  # noqa: F811
    core_lock.enable_lock(page.ctx.store, PASSPHRASE, params=ScryptParams(n=2**10),
                          recordings_dir=page.ctx.paths.recordings_dir)
    return page


def _add(qtbot, listen: ListenPage, source: Path) -> str:  # type: ignore[no-untyped-def]
    listen.import_files([source])
    qtbot.waitUntil(lambda: listen.library.recording_list.count() == 1, timeout=5000)
    settle(listen.ctx)
    recording = listen.recordings.all()[0]
    assert is_sealed(listen.recordings.path_of(recording))
    return recording.uid


def _begin(qtbot, listen: ListenPage, uid: str) -> None:  # type: ignore[no-untyped-def]
    listen.library.select("recording", uid)
    qtbot.mouseClick(listen.library.begin_button, Qt.MouseButton.LeftButton)


def test_a_sealed_recording_plays_in_listen(qtbot, locked_page: ListenPage,  # type: ignore[no-untyped-def]
                                            tmp_path: Path, backend) -> None:  # noqa: F811
    uid = _add(qtbot, locked_page, sentinel_wav(tmp_path / "from my therapist.wav", 3.0))
    _begin(qtbot, locked_page, uid)
    qtbot.waitUntil(lambda: locked_page.stack.step is Step.PLAYING, timeout=5000)
    assert locked_page.player is not None
    assert locked_page.player.length_s == pytest.approx(3.0, abs=0.05)
    # Sound reaches the device: the mix holds the recording, not silence.
    qtbot.waitUntil(lambda: bool(backend.streams), timeout=5000)
    assert any(np.abs(s["pcm"]).max() > 0 for s in backend.streams)
    assert locked_page.message.isHidden()


def test_a_changed_sealed_recording_is_refused_kindly(qtbot, locked_page: ListenPage,  # type: ignore[no-untyped-def]
                                                      tmp_path: Path) -> None:
    uid = _add(qtbot, locked_page, sentinel_wav(tmp_path / "week 3.wav", 2.0))
    recording = locked_page.recordings.get(uid)
    assert recording is not None
    path = locked_page.recordings.path_of(recording)
    damaged = bytearray(path.read_bytes())
    damaged[len(damaged) // 2] ^= 0x01
    path.write_bytes(bytes(damaged))
    _begin(qtbot, locked_page, uid)
    qtbot.waitUntil(lambda: locked_page.message.isVisible(), timeout=5000)
    assert locked_page.message.text() == CANT_OPEN
    assert locked_page.stack.step is Step.CHOOSE and locked_page.player is None
    assert locked_page.library.begin_button.isEnabled()  # nothing stuck: it can be tried again
