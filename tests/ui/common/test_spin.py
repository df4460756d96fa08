from PySide6.QtWidgets import QSpinBox

from ebbtide.ui.common.spin import count_suffix
from ebbtide.ui.listen.timer import TimerSetup


def test_one_minute_is_said_as_one_minute(qtbot) -> None:  # type: ignore[no-untyped-def]
    box = QSpinBox()
    qtbot.addWidget(box)
    box.setRange(0, 10)
    box.setValue(1)
    count_suffix(box, "minute", "minutes", " without use")
    assert box.text() == "1 minute without use"
    box.setValue(5)
    assert box.text() == "5 minutes without use"


def test_the_timer_says_1_minute_not_1_minutes(qtbot) -> None:  # type: ignore[no-untyped-def]
    setup = TimerSetup()
    qtbot.addWidget(setup)
    setup.minutes.setValue(1)
    assert setup.minutes.text() == "1 minute"
