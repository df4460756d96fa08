"""Issue 21: one node has focus. Qt tells a screen reader that a list's current item and a
tab bar's current tab are focused even while the person is somewhere else; these tests
read the accessible tree as a screen reader would and count what claims focus: the
control with focus and, in a list or a tab bar, the item within it that the keys move.
(The same, over the real AT-SPI bus, is tests/a11y.)"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QLineEdit, QTabBar, QTabWidget, QVBoxLayout, QWidget

from ebbtide.ui.common.honest_list import HonestList
from ebbtide.ui.common.roles import honest_tabs


def _claiming_focus(widget: QWidget) -> list[str]:
    found: list[str] = []

    def walk(node: QAccessibleInterface) -> None:
        if node.state().focused:
            found.append(f"{node.role().name}: {node.text(QAccessible.Text.Name)}")
        for i in range(node.childCount()):
            child = node.child(i)
            if child is not None:
                walk(child)

    walk(QAccessible.queryAccessibleInterface(widget))
    return found


def _window(qtbot, *parts: QWidget) -> tuple[QWidget, QLineEdit]:  # type: ignore[no-untyped-def]
    QAccessible.setActive(True)
    window = QWidget()
    layout = QVBoxLayout(window)
    for part in parts:
        layout.addWidget(part)
    elsewhere = QLineEdit()
    elsewhere.setAccessibleName("Somewhere else")
    layout.addWidget(elsewhere)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    return window, elsewhere


def test_a_list_claims_focus_only_while_it_has_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    pages = HonestList()
    pages.setAccessibleName("Pages")
    pages.addItems(["Check in", "Breathe", "Listen"])
    chosen: list[int] = []
    pages.currentRowChanged.connect(chosen.append)
    pages.setCurrentRow(1)
    window, elsewhere = _window(qtbot, pages)
    elsewhere.setFocus()
    qtbot.waitUntil(elsewhere.hasFocus)
    assert _claiming_focus(window) == ["EditableText: Somewhere else"]
    # The app still knows which item is chosen, and nothing was announced as a change.
    assert pages.currentRow() == 1 and pages.currentItem().text() == "Breathe"
    assert chosen == [1]

    pages.setFocus()
    qtbot.waitUntil(pages.hasFocus)
    assert _claiming_focus(window) == ["List: Pages", "ListItem: Breathe"]
    qtbot.keyClick(pages, Qt.Key.Key_Down)  # moves on from the chosen item, not the first
    assert pages.currentRow() == 2 and chosen == [1, 2]
    assert _claiming_focus(window) == ["List: Pages", "ListItem: Listen"]


def test_choosing_an_item_from_elsewhere_does_not_make_it_claim_focus(qtbot) -> None:  # type: ignore[no-untyped-def]
    pages = HonestList()
    pages.addItems(["Check in", "Breathe"])
    window, elsewhere = _window(qtbot, pages)
    elsewhere.setFocus()
    qtbot.waitUntil(elsewhere.hasFocus)
    pages.setCurrentRow(0)  # Ctrl+1, from anywhere
    assert pages.currentRow() == 0
    assert _claiming_focus(window) == ["EditableText: Somewhere else"]


def test_a_key_reaching_the_list_before_its_focus_moves_from_the_chosen_item(qtbot) -> None:  # type: ignore[no-untyped-def]
    pages = HonestList()
    pages.addItems(["Check in", "Breathe", "Listen"])
    pages.setCurrentRow(1)
    _kept_alive = _window(qtbot, pages)
    qtbot.keyClick(pages, Qt.Key.Key_Down)
    assert pages.currentRow() == 2


def test_tabs_claim_focus_only_while_the_tab_bar_has_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    charts = QTabWidget()
    charts.tabBar().setAccessibleName("Charts")
    honest_tabs(charts)
    charts.addTab(QWidget(), "Calm-down over time")
    charts.addTab(QWidget(), "What helps me")
    logs = QTabBar()
    honest_tabs(logs)
    logs.addTab("Trigger log")
    logs.addTab("Journal")
    window, elsewhere = _window(qtbot, charts, logs)
    elsewhere.setFocus()
    qtbot.waitUntil(elsewhere.hasFocus)
    assert _claiming_focus(window) == ["EditableText: Somewhere else"]

    charts.tabBar().setFocus()
    qtbot.waitUntil(charts.tabBar().hasFocus)
    assert _claiming_focus(window) == ["PageTabList: Charts", "PageTab: Calm-down over time"]
    qtbot.keyClick(charts.tabBar(), Qt.Key.Key_Right)
    assert _claiming_focus(window) == ["PageTabList: Charts", "PageTab: What helps me"]

    tabs = QAccessible.queryAccessibleInterface(logs)
    assert tabs.role() == QAccessible.Role.PageTabList
    assert [tabs.child(i).text(QAccessible.Text.Name) for i in range(tabs.childCount())] == [
        "Trigger log", "Journal"]
    assert tabs.child(0).state().selected and not tabs.child(1).state().selected
