import pytest

from tests.ui import modal


@pytest.fixture(autouse=True)
def _no_leftover_dialog_answers():
    yield
    for timer in modal._keep:
        timer.stop()
    modal._keep.clear()


@pytest.fixture(autouse=True)
def _empty_clipboard_after_each_test():
    # Mime data a test puts on the clipboard is owned by Qt; left there, it can be
    # freed twice when the interpreter exits (a segfault after every test passed).
    yield
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        QApplication.clipboard().clear()
