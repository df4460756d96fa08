"""When it isn't safe: naming fear, control or harm in the worksheet brings the safety card
with the person's own country's domestic-abuse line, and takes away every prompt that
suggests telling or asking the other person; the worksheet ends in one next step."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ebbtide.core.help_lines import load_help_lines
from ebbtide.core.settings import SettingKey
from ebbtide.core.worksheet import STEP_IDS, Worksheet
from ebbtide.core.worksheet_store import WorksheetStore
from ebbtide.ui.namecheck.page import NameCheckPage
from ebbtide.ui.namecheck.steps import ExpectationsStep, FeelingsStep, IfFearTrueStep
from tests.conftest import settle


def open_sheet(qtbot, ui_ctx, sheet: Worksheet | None = None) -> NameCheckPage:  # type: ignore[no-untyped-def]
    page = NameCheckPage(ui_ctx)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    settle(ui_ctx)
    if sheet is None:
        page.start_new()
    else:
        page.open_sheet(sheet)
    return page


def view_of(page: NameCheckPage, kind: type):  # type: ignore[no-untyped-def]
    assert page.editor is not None
    return next(v for v in page.editor.views if isinstance(v, kind))


def test_a_safety_flag_shows_the_card_with_this_countrys_line_and_hides_asking_them(
        qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    ui_ctx.set_setting(SettingKey.COUNTRY, "NZ")
    page = open_sheet(qtbot, ui_ctx)
    assert page.editor is not None
    page.editor.go_to(STEP_IDS.index("expectations"))
    step = view_of(page, ExpectationsStep)
    told = step.fields["told-them"]
    assert told.isVisible() and not step.safety_card.isVisible()

    step.flags["harmed"].click()  # "They have threatened or hurt me."
    assert step.safety_card.isVisible()
    assert not told.isVisible() and not step.question_labels["told-them"].isVisible()
    refuge = load_help_lines().for_country("NZ").abuse[0]  # type: ignore[union-attr]
    assert refuge.call[0] in step.safety_card.lines.text()
    assert "not your fault" in step.safety_card.body.text()
    assert "repair" in step.fields and step.fields["repair"].isVisible()

    step.flags["harmed"].click()
    assert not step.safety_card.isVisible() and told.isVisible()


def test_another_red_flag_alone_keeps_the_plain_words_not_the_card(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page = open_sheet(qtbot, ui_ctx)
    assert page.editor is not None
    page.editor.go_to(STEP_IDS.index("expectations"))
    step = view_of(page, ExpectationsStep)
    step.flags["mocks"].click()
    assert step.named.isVisible() and not step.safety_card.isVisible()
    assert step.fields["told-them"].isVisible()


def test_a_saved_worksheet_with_a_safety_flag_reopens_with_the_card(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    sheet = Worksheet(situation="After the call")
    sheet.red_flags = ["controls"]
    WorksheetStore(ui_ctx.store).save(sheet)
    page = open_sheet(qtbot, ui_ctx, WorksheetStore(ui_ctx.store).load(sheet.uid))
    assert page.editor is not None
    page.editor.go_to(STEP_IDS.index("expectations"))
    step = view_of(page, ExpectationsStep)
    assert step.safety_card.isVisible() and not step.fields["told-them"].isVisible()


def test_urges_and_does_it_fit_the_facts_are_kept(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page = open_sheet(qtbot, ui_ctx)
    assert page.editor is not None
    page.editor.go_to(STEP_IDS.index("feelings"))
    feelings = view_of(page, FeelingsStep)
    feelings.urges["check-phone"].click()
    qtbot.keyClicks(feelings.own_urge, "drive past their house")
    page.editor.go_to(STEP_IDS.index("if-fear-true"))
    fits = view_of(page, IfFearTrueStep)
    no = next(b for b in fits.fits.buttons() if b.property("choice") == "no")
    no.click()
    page.editor.flush()
    settle(ui_ctx)
    [saved] = WorksheetStore(ui_ctx.store).all()
    assert saved.urges == ["check-phone"] and saved.own_urge == "drive past their house"
    assert saved.fits_facts == "no"


def test_the_end_offers_one_next_step_that_fits_the_answer(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    sheet = Worksheet(situation="They were late", fits_facts="no", urges=["question"])
    page = open_sheet(qtbot, ui_ctx, sheet)
    assert page.editor is not None
    page.editor.finish()
    settle(ui_ctx)
    view = page.end.next_step
    assert "opposite" in view.title.text().lower()
    assert view.opposite.isVisibleTo(page) and view.opposite.text().count("•") == 1
    assert view.practice_buttons["breathe"].isVisibleTo(page)
    assert not view.safety_card.isVisibleTo(page)
    asked: list[tuple[str, dict]] = []  # type: ignore[type-arg]
    ui_ctx.practice_requested.connect(lambda key, options: asked.append((key, options)))
    view.practice_buttons["breathe"].click()
    assert asked and asked[0][0] == "breathe"


def test_with_a_safety_flag_the_end_is_the_safety_card_and_no_practice_nudge(
        qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    sheet = Worksheet(situation="They took my phone", fits_facts="yes")
    sheet.red_flags = ["afraid"]
    page = open_sheet(qtbot, ui_ctx, sheet)
    assert page.editor is not None
    page.editor.finish()
    settle(ui_ctx)
    view = page.end.next_step
    assert view.safety_card.isVisibleTo(page)
    assert not any(b.isVisibleTo(page) for b in view.practice_buttons.values())
    asked: list[int] = []
    ui_ctx.crisis_requested.connect(lambda: asked.append(1))
    qtbot.mouseClick(view.safety_card.help_button, Qt.MouseButton.LeftButton)
    assert asked == [1]


def test_on_a_small_screen_the_safety_card_is_never_clipped(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page = open_sheet(qtbot, ui_ctx)
    assert page.editor is not None
    page.resize(560, 560)  # what an 800×600 window leaves beside the navigation
    page.editor.go_to(STEP_IDS.index("expectations"))
    step = view_of(page, ExpectationsStep)
    step.flags["afraid"].click()
    qtbot.waitUntil(lambda: not page.editor.step_list.isVisible())
    viewport = step.parentWidget()
    assert viewport is not None
    assert step.minimumSizeHint().width() <= viewport.width()
    assert step.safety_card.width() <= viewport.width()
