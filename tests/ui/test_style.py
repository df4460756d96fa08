"""The design system holds: one typeface shipped and used, sizes and colours only in the
theme, one primary action per view, pages at a readable measure on a wide window, and
sources behind a disclosure a keyboard and a screen reader can open."""

from __future__ import annotations

import ast
import inspect
import re
import tomllib
from collections.abc import Callable
from enum import Enum
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QFontDatabase, QFontInfo
from PySide6.QtWidgets import QApplication, QPushButton, QTabBar, QWidget

from ebbtide.core.paths import resource_path
from ebbtide.core.settings import SettingKey
from ebbtide.ui import theme as theme_module
from ebbtide.ui.common.disclosure import Disclosure
from ebbtide.ui.common.steps import StepStack
from ebbtide.ui.main_window import MainWindow, widest
from ebbtide.ui.registry import PAGES

UI = Path(theme_module.__file__).parent
HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}(?:[0-9A-Fa-f]{2})?\b|[\"']#[0-9A-Fa-f]{3}[\"']")
FONT_SIZE = re.compile(r"font-size\s*:\s*\d+(?:\.\d+)?\s*(?:px|pt)")


@pytest.fixture
def themed(qapp):  # type: ignore[no-untyped-def]
    saved = (qapp.palette(), qapp.styleSheet(), qapp.style().name(), qapp.font())
    yield theme_module.ThemeManager(qapp)
    qapp.setStyle(saved[2])
    qapp.setFont(saved[3])
    qapp.setPalette(saved[0])
    qapp.setStyleSheet(saved[1])


def widget_files() -> list[Path]:
    return [p for p in UI.rglob("*.py") if p != Path(theme_module.__file__)]


def test_no_widget_carries_its_own_colours_font_sizes_or_style_sheet() -> None:
    found = []
    for path in widget_files():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if HEX_COLOUR.search(line) or FONT_SIZE.search(line) or "setStyleSheet(" in line:
                found.append(f"{path.relative_to(UI)}:{n}: {line.strip()}")
    assert found == [], "use a role or a token from ui/theme.py instead:\n" + "\n".join(found)


# Calls that set a gap or a margin: their sizes come from the spacing tokens.
SPACING_CALLS = frozenset({
    "setSpacing", "setContentsMargins", "setHorizontalSpacing", "setVerticalSpacing",
    "addSpacing", "insertSpacing", "addSpacerItem", "insertSpacerItem", "QSpacerItem",
    "QMargins", "margins"})
# Folders another branch converts at the same time; emptied when both are merged.
NOT_YET: tuple[str, ...] = ()


def _literal_sizes(node: ast.AST) -> list[ast.Constant]:
    """Non-zero numbers written into a spacing call's arguments (0 means none). A whole
    number multiplying a token (`2 * space("xxl")`) is a count of steps, not a size."""
    if isinstance(node, ast.Constant):
        plain = isinstance(node.value, int | float) and not isinstance(node.value, bool)
        return [node] if plain and node.value != 0 else []
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        sides = (node.left, node.right)
        if any(isinstance(s, ast.Constant) for s in sides) and any(
                isinstance(s, ast.Call) for s in sides):
            return [n for s in sides if not isinstance(s, ast.Constant)
                    for n in _literal_sizes(s)]
    return [n for child in ast.iter_child_nodes(node) for n in _literal_sizes(child)]


def literal_spacings(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", None))
        if name not in SPACING_CALLS:
            continue
        if any(_literal_sizes(arg) for arg in [*node.args, *(k.value for k in node.keywords)]):
            found.append((node.lineno, ast.unparse(node)))
    return sorted(found)


def test_gaps_and_margins_come_from_the_spacing_tokens() -> None:
    found = []
    for path in widget_files():
        where = path.relative_to(UI.parent).as_posix()
        if where.startswith(NOT_YET):
            continue
        for line, call in literal_spacings(path.read_text(encoding="utf-8")):
            found.append(f"{where}:{line}: {call}")
    assert found == [], ("use theme.space(...) or theme.margins(...) instead:\n"
                         + "\n".join(found))


def test_the_spacing_check_sees_a_literal_however_it_is_written() -> None:
    source = """
layout.setSpacing(10)
layout.setContentsMargins(0, 0,
                          12, 0)
layout.setContentsMargins(margins("xl", "l"))
layout.setContentsMargins(space("l") + 2, 0, 0, 0)
row.addSpacing(2 * space("xxl"))
grid.setSpacing(0)
"""
    assert [line for line, _ in literal_spacings(source)] == [2, 3, 6]


def test_the_typeface_ships_with_its_licence_and_is_what_the_app_shows(qapp, themed) -> None:  # type: ignore[no-untyped-def]
    tokens = theme_module.tokens()
    for name in tokens.font_files:
        assert resource_path("fonts", name).is_file(), name
    assert "SIL Open Font License" in resource_path("fonts", "OFL.txt").read_text("utf-8")
    assert "Inter" in resource_path("fonts", "README.md").read_text("utf-8")
    themed.apply("light")
    assert tokens.family in QFontDatabase.families()
    assert QFontInfo(qapp.font()).family() == tokens.family  # not a fallback


def test_headings_are_lighter_than_bold_and_the_scale_steps_down() -> None:
    scale = theme_module.tokens().type
    assert all(step.weight <= 600 for step in scale.values())
    sizes = [scale[n].size for n in ("title", "heading", "body", "caption")]
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == 4


def test_a_missing_token_is_named_with_its_file(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    good = resource_path("themes", "tokens.toml").read_text(encoding="utf-8")
    data = tomllib.loads(good)
    assert data["measure"]["text"] >= 700  # a reading measure, not a full window
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "tokens.toml").write_text(
        good.replace("[space]\nxs = 4\n", "[space]\n"), encoding="utf-8")
    monkeypatch.setattr(theme_module, "resource_path", lambda *p: tmp_path.joinpath(*p))
    theme_module.tokens.cache_clear()
    try:
        with pytest.raises(theme_module.ThemeError, match=r"tokens\.toml.*\[space\] lacks xs"):
            theme_module.tokens()
    finally:
        monkeypatch.undo()
        theme_module.tokens.cache_clear()


def _window(qtbot, ui_ctx, themed, width: int, height: int) -> MainWindow:  # type: ignore[no-untyped-def]
    themed.apply("light")
    ui_ctx.settings.set(SettingKey.WELCOME_SEEN, True)
    window = MainWindow(ui_ctx, themed)
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    return window


def _primaries(window: QWidget, root: QWidget) -> list[str]:
    return [b.text() for b in root.findChildren(QPushButton)
            if b.property("role") == "primary" and b.isVisibleTo(window)]


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _shower(stack: StepStack) -> tuple[Callable[[Enum], None], list[Enum]]:
    """How to move `stack` to each of its steps: through its owner's own method when the
    owner has one for that kind of step (it may show or hide more than the stack, like the
    Reach builder's Next, and it makes the steps built only when first needed), or else
    the stack itself, over the steps it has."""
    first = stack.step
    owner = stack.parentWidget()
    while owner is not None and not any(v is stack for v in vars(owner).values()):
        owner = owner.parentWidget()
    if first is not None and owner is not None:
        for name in ("show_step", "_show"):
            method = getattr(owner, name, None)
            if method is None:
                continue
            kind = next(iter(inspect.signature(method).parameters.values())).annotation
            if kind in (type(first), type(first).__name__):
                return method, list(type(first))
    return stack.show_step, list(stack._views)


def _reveal(widget: QWidget) -> None:
    """Show, in each step stack around `widget`, the step that holds it."""
    chain = []
    child, parent = widget, widget.parentWidget()
    while parent is not None:
        if isinstance(parent, StepStack):
            chain.append((parent, child))
        child, parent = parent, parent.parentWidget()
    for stack, holder in reversed(chain):
        step = next((s for s, v in stack._views.items() if v is holder), None)
        if step is not None:
            _shower(stack)[0](step)
    _settle()


def _tab_views(window: QWidget, root: QWidget, name: str) -> dict[str, list[str]]:
    views = {}
    for bar in root.findChildren(QTabBar):
        if not bar.isVisibleTo(window):
            continue
        first = bar.currentIndex()
        for i in range(bar.count()):
            bar.setCurrentIndex(i)
            _settle()
            views[f"{name} / {bar.tabText(i)}"] = _primaries(window, root)
        bar.setCurrentIndex(first)
        _settle()
    return views


def views_of(window: QWidget, root: QWidget, name: str) -> dict[str, list[str]]:
    """The primary buttons in sight in each view `root` can show: as it is, each tab of
    each tab bar, and each step of each step stack (with the step's tabs)."""
    views = {name: _primaries(window, root)}
    views.update(_tab_views(window, root, name))
    for stack in root.findChildren(StepStack):
        _reveal(stack)
        first = stack.step
        show, steps = _shower(stack)
        for step in steps:
            show(step)
            _settle()
            views[f"{name} {step.name}"] = _primaries(window, root)
            views.update(_tab_views(window, stack.currentWidget(), f"{name} {step.name}"))
        if first is not None:
            show(first)
            _settle()
    return views


# Views with no primary action, and why: each is for reading or watching, and a filled
# button would pull the eye from what the view is for.
NO_PRIMARY = {
    "progress": "charts and summaries to read",
    "self_trust MONTH": "a look back over the month's promises",
    "self_trust / The month": "the same look back, reached by its tab",
    "breathe SESSION": "the breathing picture; its controls are equal and quiet",
    "reach SAFETY": "the lines to call when safety comes first, not a request to make",
    "help": "the guide, to read",
    "crisis lines": "the numbers themselves matter; no button should outshine them",
    "professional help": "pages to read, with links out",
    "locked crisis lines": "the same lines behind the lock",
    "locked breathing": "the breathing picture, with only Stop",
}


def _one_primary_each(views: dict[str, list[str]]) -> dict[str, list[str]]:
    """The views that break the rule: one primary action, or none where NO_PRIMARY says."""
    wrong = {}
    for view, primaries in views.items():
        quiet = any(view == k or view.startswith(k + " ") for k in NO_PRIMARY)
        if len(primaries) != (0 if quiet else 1):
            wrong[view] = primaries
    return wrong


def test_each_view_of_each_page_has_one_primary_action(qtbot, ui_ctx, themed) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, ui_ctx, themed, 1100, 720)
    views = {}
    for n, spec in enumerate(PAGES):
        window.show_page(n)
        _settle()
        views.update(views_of(window, window.page(spec.key), spec.key))
    assert "listen / Meditation timer" in views and "notice / Journal" in views
    assert "notice JOURNAL_ENTRY" in views and "reach PREVIEW" in views
    wrong = _one_primary_each(views)
    assert not wrong, "\n".join(f"{view}: {found}" for view, found in wrong.items())


def test_each_dialog_and_window_has_one_primary_action(qtbot, ui_ctx, themed) -> None:  # type: ignore[no-untyped-def]
    from ebbtide.core.breathing import BreathingClock
    from ebbtide.ui.breathe.pattern_editor import PatternEditor
    from ebbtide.ui.common.safety import GentleCard
    from ebbtide.ui.help_dialogs import CrisisDialog, HelpDialog, WelcomeDialog
    from ebbtide.ui.privacy.lock import (
        AskPassphraseDialog,
        LockScreen,
        PassphraseDialog,
        RecoveryKeyDialog,
    )
    from ebbtide.ui.privacy.lock_help import CrisisHelpDialog, LockedBreathingDialog
    from ebbtide.ui.privacy.settings_tab import ConfirmDeleteDialog
    from ebbtide.ui.report.composer import ReportDialog
    from ebbtide.ui.settings_dialog import SettingsDialog
    from ebbtide.ui.steady.window import SteadyWindow
    from ebbtide.ui.support.dialog import ProfessionalHelpDialog
    from tests.fakes import FakeClock

    themed.apply("light")
    recovery = LockScreen(has_passphrase=True)
    recovery._toggle_recovery()
    shown = {
        "settings": SettingsDialog(ui_ctx),
        "help": HelpDialog(),
        "welcome": WelcomeDialog(ui_ctx.paths, lambda: None),
        "crisis lines": CrisisDialog(ui_ctx),
        "professional help": ProfessionalHelpDialog(ui_ctx),
        "report": ReportDialog(ui_ctx),
        "lock screen": LockScreen(has_passphrase=True),
        "lock screen, recovery key": recovery,
        "privacy screen": LockScreen(has_passphrase=False),
        "new passphrase": PassphraseDialog("Turn on the lock", "Choose a passphrase.",
                                           need_current=False),
        "change passphrase": PassphraseDialog("Change passphrase", "A new one.",
                                              need_current=True),
        "recovery key": RecoveryKeyDialog("ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"),
        "ask passphrase": AskPassphraseDialog("Export", "Type your passphrase.", "Export",
                                              None),
        "locked crisis lines": CrisisHelpDialog(ui_ctx),
        "locked breathing": LockedBreathingDialog(ui_ctx, None, BreathingClock(FakeClock())),
        "delete all": ConfirmDeleteDialog(ui_ctx),
        "gentle card": GentleCard(ui_ctx),
        "pattern editor": PatternEditor(),
        "steady": SteadyWindow(ui_ctx, open_page=lambda key, options: None,
                               clock=FakeClock()),
    }
    views = {}
    for name, widget in shown.items():
        qtbot.addWidget(widget)
        widget.show()
        _settle()
        views.update(views_of(widget, widget, name))
        widget.hide()
    assert "settings / Sound" in views and "steady CHANGE" in views
    wrong = _one_primary_each(views)
    assert not wrong, "\n".join(f"{view}: {found}" for view, found in wrong.items())


def test_on_a_wide_window_each_page_keeps_to_its_measure_and_is_centred(
        qtbot, ui_ctx, themed) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, ui_ctx, themed, 1920, 1080)
    for n, spec in enumerate(PAGES):
        window.show_page(n)
        QApplication.processEvents()
        page = window.page(spec.key)
        frame = window._page_frames[spec.key]
        room = frame.viewport().width()
        assert page.width() <= widest(page) < room, spec.key
        left, right = page.x(), room - page.x() - page.width()
        assert abs(left - right) <= 2, f"{spec.key} is not centred: {left} vs {right}"
        if page.measure == "text":
            assert page.width() <= theme_module.measure("text") + 2 * theme_module.space("xxl")


def test_a_small_window_gives_a_page_all_its_width(qtbot, ui_ctx, themed) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, ui_ctx, themed, 800, 600)
    for n, spec in enumerate(PAGES):
        window.show_page(n)
        QApplication.processEvents()
        frame = window._page_frames[spec.key]
        scroll_bar = frame.verticalScrollBar()
        gap = scroll_bar.width() if scroll_bar.isVisible() else 0
        assert window.page(spec.key).width() >= frame.viewport().width() - gap - 1, spec.key


def test_why_this_helps_opens_by_keyboard_and_says_so(qtbot) -> None:  # type: ignore[no-untyped-def]
    holder = Disclosure("Why this helps", "Balban et al. 2023, Cell Reports Medicine.")
    qtbot.addWidget(holder)
    holder.show()
    assert not holder.body.isVisible()
    button = holder.button
    assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    access = QAccessible.queryAccessibleInterface(button)
    assert access.text(QAccessible.Text.Name) == "Why this helps"
    assert access.state().expandable and access.state().collapsed
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert holder.body.isVisible() and "Balban" in holder.body.text()
    assert access.state().expanded and not access.state().collapsed
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert not holder.body.isVisible()


def test_breathe_leads_with_one_warm_line_and_keeps_the_study_behind_the_disclosure(
        qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    from ebbtide.ui.breathe.page import BreathePage

    page = BreathePage(ui_ctx)
    qtbot.addWidget(page)
    page.show()
    for row in range(page.pattern_list.count()):
        page.pattern_list.setCurrentRow(row)
        pattern = page.pattern
        if pattern is None or not pattern.preset:
            continue
        line = page.pattern_helps.text()
        assert line and len(line) <= 100 and not re.search(r"\d{4}|et al", line), line
        assert not page.why_this_helps.body.isVisible()
        assert pattern.source in page.why_this_helps.text()


def test_at_800_by_600_the_check_in_fits_and_progress_shows_all_its_tabs(
        qtbot, ui_ctx, themed) -> None:  # type: ignore[no-untyped-def]
    from ebbtide.ui.common.fit import least_height

    window = _window(qtbot, ui_ctx, themed, 800, 600)
    QApplication.processEvents()
    assert not window._page_frames["checkin"].verticalScrollBar().isVisible()
    window.show_page(next(n for n, s in enumerate(PAGES) if s.key == "progress"))
    QApplication.processEvents()
    page = window.page("progress")
    bar = page.tabs.tabBar()  # type: ignore[attr-defined]
    last = bar.tabRect(bar.count() - 1)
    assert last.right() <= bar.width(), "a tab is out of sight"
    assert [bar.tabText(i) for i in range(bar.count())][3] == "When"
    assert bar.tabToolTip(4) == "What keeps coming back"  # the full name is still there
    # The charts get the height their words need; the page scrolls instead of squeezing.
    assert page.tabs.height() >= least_height(page.tabs, page.tabs.width())  # type: ignore[attr-defined]
    window.resize(1920, 1080)
    QApplication.processEvents()
    assert bar.tabText(4) == "What keeps coming back"
