"""The held moment at the end of a practice: the change as a soft picture, a warm line,
and a next step that fits; reduced motion means no movement at all."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette

from ebbtide.core.moments import NextAction
from ebbtide.ui.common.moment import ChangePicture, MomentPanel, open_next


@pytest.fixture
def panel(qtbot):  # type: ignore[no-untyped-def]
    p = MomentPanel()
    qtbot.addWidget(p)
    p.resize(520, 260)
    p.show()
    qtbot.waitExposed(p)
    return p


def _has_colour_near(image: QImage, x: int, y: int, colour: QColor) -> bool:
    for dx in range(-3, 4):
        c = image.pixelColor(x + dx, y)
        if abs(c.red() - colour.red()) < 40 and abs(c.green() - colour.green()) < 40 \
                and abs(c.blue() - colour.blue()) < 40:
            return True
    return False


def test_the_picture_puts_before_and_after_where_they_belong(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.show_change(8, 3, reduced_motion=True)
    picture = panel.picture
    assert picture.accessibleDescription() == "Before: 8 out of 10. After: 3 out of 10."
    image = picture.grab().toImage()
    y = int(picture.height() * 0.62)
    accent = picture.palette().color(QPalette.ColorRole.Highlight)
    assert _has_colour_near(image, int(picture.x_of(3)), y, accent)  # landed at 3
    assert not _has_colour_near(image, int(picture.x_of(8)), y, accent)  # began at 8


def test_reduced_motion_shows_the_change_still(panel) -> None:  # type: ignore[no-untyped-def]
    panel.show_change(8, 3, reduced_motion=True)
    assert not panel.picture.animating and panel.picture.progress == 1.0


def test_without_reduced_motion_the_after_dot_drifts_to_its_place(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.show_change(8, 3, reduced_motion=False)
    assert panel.picture.animating and panel.picture.progress < 1.0
    qtbot.waitUntil(lambda: not panel.picture.animating, timeout=5000)
    assert panel.picture.progress == 1.0


@pytest.mark.parametrize(("before", "after", "label", "action"), [
    (8, 4, "Notice what helped", NextAction.NOTICE_WHAT_HELPED),
    (5, 5, "Try another practice", NextAction.ANOTHER_PRACTICE),
    (3, 6, "Steady me now", NextAction.STEADY),
])
def test_the_next_step_fits_the_change(panel, qtbot, before, after, label, action) -> None:  # type: ignore[no-untyped-def]
    panel.show_change(before, after, reduced_motion=True)
    assert panel.step_button.text() == label
    assert panel.step_button.accessibleName() == label
    assert panel.warm_line.text()
    with qtbot.waitSignal(panel.chosen) as chosen:
        panel.step_button.setFocus()
        qtbot.keyClick(panel.step_button, Qt.Key.Key_Space)
    assert chosen.args == [action]


def test_without_ratings_there_is_no_picture_but_still_a_kind_word(panel) -> None:  # type: ignore[no-untyped-def]
    panel.show_change(None, None, reduced_motion=True)
    assert not panel.picture.isVisible()
    assert "Thank you" in panel.warm_line.text()


def test_next_steps_lead_to_the_right_place(ui_ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(ui_ctx.practice_requested) as asked:
        open_next(ui_ctx, NextAction.NOTICE_WHAT_HELPED)
    assert asked.args == ["notice", {"entry": "journal"}]
    with qtbot.waitSignal(ui_ctx.practice_requested) as asked:
        open_next(ui_ctx, NextAction.STEADY)
    assert asked.args == ["steady", {}]


def test_a_single_rating_shows_one_dot(qtbot) -> None:  # type: ignore[no-untyped-def]
    picture = ChangePicture()
    qtbot.addWidget(picture)
    picture.show_change(None, 4, reduced_motion=False)
    assert not picture.animating
    assert picture.accessibleDescription() == "Now: 4 out of 10."
