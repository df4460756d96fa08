import pytest

from tests.ui import modal


@pytest.fixture(autouse=True)
def _no_leftover_dialog_answers():
    yield
    for timer in modal._keep:
        timer.stop()
    modal._keep.clear()
