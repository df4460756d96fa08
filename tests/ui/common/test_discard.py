"""A widget taken out of a page never turns up as a window of its own: naming two
feelings in a row once left the first one's row open on the desktop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from ebbtide.core.feelings import load_vocabulary
from ebbtide.core.worksheet import Worksheet
from ebbtide.ui.namecheck.feelings_picker import FeelingRow, FeelingsPicker

UI = Path(__file__).resolve().parents[3] / "app" / "ebbtide" / "ui"


def test_two_feelings_named_at_once_leave_no_stray_window(qtbot) -> None:  # type: ignore[no-untyped-def]
    holder = QWidget()
    qtbot.addWidget(holder)
    picker = FeelingsPicker(load_vocabulary())
    QVBoxLayout(holder).addWidget(picker)
    picker.set_sheet(Worksheet())
    holder.show()
    QApplication.processEvents()
    picker.add_word("betrayed")
    picker.add_word("anxious")  # before the event loop comes round
    QApplication.processEvents()
    stray = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, FeelingRow) and w.isVisible()]
    assert stray == []
    assert [row.isVisibleTo(holder) for row in picker.rows] == [True, True]


def test_widgets_leave_a_page_only_through_discard() -> None:
    offenders = [f"{path.relative_to(UI)}:{n}"
                 for path in UI.rglob("*.py") if path.name != "discard.py"
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if ".setParent(None)" in line]
    assert offenders == []
