"""Crisis help where the person is, and a gentle card — never an alarm — when a moment
is very hard: after a check-in or a practice rated 8 or more, or a crisis word."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ebbtide.core.help_lines import SOMEWHERE_ELSE, load_help_lines
from ebbtide.core.settings import SettingKey
from ebbtide.ui.checkin.page import CheckinPage
from ebbtide.ui.common.safety import GentleCard
from ebbtide.ui.help_dialogs import CrisisDialog
from ebbtide.ui.settings_dialog import SettingsDialog
from tests.conftest import settle


def open_cards(page: QWidget) -> list[GentleCard]:
    return [w for w in page.findChildren(GentleCard) if w.isVisible()]


def check_in(qtbot, ui_ctx, rating: str, word: str) -> CheckinPage:  # type: ignore[no-untyped-def]
    page = CheckinPage(ui_ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.keyClicks(page.scale, rating)
    page.feeling.setText(word)
    page.save()
    settle(ui_ctx)
    return page


def test_a_check_in_at_ten_with_hopeless_brings_the_gentle_card(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page = check_in(qtbot, ui_ctx, "10", "hopeless")
    assert "Saved: 10 out of 10" in page.status.text()  # saved first, as always
    [card] = open_cards(page)
    assert card.focusWidget() is card.help_button  # help first, a practice second
    asked: list[int] = []
    ui_ctx.crisis_requested.connect(lambda: asked.append(1))
    qtbot.mouseClick(card.help_button, Qt.MouseButton.LeftButton)
    assert asked == [1] and open_cards(page) == []


def test_a_crisis_word_alone_brings_it_too_and_esc_closes_it(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page = check_in(qtbot, ui_ctx, "4", "I feel there's no way out")
    [card] = open_cards(page)
    qtbot.keyClick(card, Qt.Key.Key_Escape)
    assert open_cards(page) == []
    assert len(ui_ctx.store.sessions()) == 1  # the card stores nothing of its own


def test_an_ordinary_hard_check_in_gets_no_card(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page = check_in(qtbot, ui_ctx, "7", "hurt")
    assert open_cards(page) == []


def test_the_practice_on_the_card_starts_a_short_breath(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page = check_in(qtbot, ui_ctx, "9", "")
    [card] = open_cards(page)
    asked: list[tuple[str, dict]] = []  # type: ignore[type-arg]
    ui_ctx.practice_requested.connect(lambda key, options: asked.append((key, options)))
    qtbot.mouseClick(card.practice_button, Qt.MouseButton.LeftButton)
    assert asked == [("breathe", {"pattern": "extended-exhale", "minutes": 1})]


def test_help_now_shows_the_persons_country_first_and_remembers_a_change(
        qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    ui_ctx.set_setting(SettingKey.COUNTRY, "NZ")
    dialog = CrisisDialog(ui_ctx)
    qtbot.addWidget(dialog)
    nz = load_help_lines().for_country("NZ")
    au = load_help_lines().for_country("AU")
    assert nz is not None and au is not None
    text = dialog.lines.text()
    assert text.index(nz.emergency.call[0]) < text.index(au.emergency.call[0])
    assert "1737" in text and "findahelpline.com" in text
    dialog.country.setCurrentIndex(dialog.country.findData("AU"))
    assert ui_ctx.settings[SettingKey.COUNTRY] == "AU"
    text = dialog.lines.text()
    assert text.index("13 11 14") < text.index("1737")  # Lifeline before NZ's line


def test_somewhere_else_lists_every_country_and_the_directory(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    ui_ctx.set_setting(SettingKey.COUNTRY, SOMEWHERE_ELSE)
    dialog = CrisisDialog(ui_ctx)
    qtbot.addWidget(dialog)
    assert dialog.country.currentData() == SOMEWHERE_ELSE
    text = dialog.lines.text()
    assert all(c.name in text for c in load_help_lines().countries.values())
    assert text.rstrip().splitlines()[-1].startswith("Anywhere else")


def test_the_country_can_be_chosen_in_settings(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(ui_ctx)
    qtbot.addWidget(dialog)
    assert dialog.country.currentData() is None  # the computer's region, until chosen
    dialog.country.setCurrentIndex(dialog.country.findData("IE"))
    assert ui_ctx.settings[SettingKey.COUNTRY] == "IE"
