"""Accessible roles Qt can't tell from the widget alone: a checkable button that is one
of an exclusive set (a radio button), a chart drawn on a canvas, a composite control
whose inner buttons are only a picture of its value (the distress scale), a button
that opens words beneath it (a disclosure: expandable, expanded or collapsed), and tabs
that say they have focus only when they do.

`set_role(widget, role)` marks the widget; one factory, installed on first use, gives it
an accessible interface with that role. The interfaces are kept until their widget is
destroyed (Qt owns them; Python must not collect them first).

Why tabs need this: Qt marks the current tab of every tab bar as focused, and a tab
widget as focused whenever its tab bar is, so a screen reader met two or three nodes
claiming focus at once on Listen, Progress and Notice. `honest_tabs()` fixes both."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import (
    QAbstractButton,
    QAccessibleWidget,
    QApplication,
    QTabBar,
    QTabWidget,
    QWidget,
)

_PROPERTY = "ebbtideAccessibleRole"
_ROLES = {
    "radio": QAccessible.Role.RadioButton,
    "chart": QAccessible.Role.Chart,
    "slider": QAccessible.Role.Slider,
    "tabs": QAccessible.Role.PageTabList,
    "pane": QAccessible.Role.Client,
    "group": QAccessible.Role.Grouping,
    "disclosure": QAccessible.Role.Button,
}
_alive: dict[int, QAccessibleWidget] = {}
_installed = False


class _RoleAccessible(QAccessibleWidget):
    def __init__(self, widget: QWidget, role: str) -> None:
        super().__init__(widget, _ROLES[role], "")
        self._role = role

    def text(self, t: QAccessible.Text) -> str:
        widget = self.widget()
        if t == QAccessible.Text.Name and not widget.accessibleName() \
                and isinstance(widget, QAbstractButton):
            return _plain(widget.text())
        return super().text(t)

    def state(self) -> QAccessible.State:
        state = super().state()
        widget = self.widget()
        if self._role == "disclosure" and isinstance(widget, QAbstractButton):
            # Read as "expanded" or "collapsed", not as a pressed toggle.
            state.expandable = True
            state.expanded = widget.isChecked()
            state.collapsed = not widget.isChecked()
            state.checkable = False
            state.checked = False
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            state.checkable = True
            state.checked = widget.isChecked()
        # Qt counts a widget whose focus proxy has focus as focused (a tab widget whose
        # bar has it): only the widget with focus says so (and, in a tab bar, its tab).
        state.focused = QApplication.focusWidget() is widget
        return state

    def childCount(self) -> int:
        # A chart's canvas and the scale's picture buttons are not separate controls.
        if self._role in ("chart", "slider"):
            return 0
        if self._role == "tabs":
            return self._bar().count()
        return super().childCount()

    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        if self._role in ("chart", "slider"):
            return None
        if self._role == "tabs":
            return self._tab(index) if 0 <= index < self._bar().count() else None
        return super().child(index)

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        if self._role == "tabs":
            return child.index if isinstance(child, _TabAccessible) else -1
        return super().indexOfChild(child)

    def _bar(self) -> QTabBar:
        bar = self.widget()
        assert isinstance(bar, QTabBar)
        return bar

    def _tab(self, index: int) -> _TabAccessible:
        tabs = _tabs_of.setdefault(id(self.widget()), {})
        if index not in tabs:
            tab = _TabAccessible(self._bar(), index)
            QAccessible.registerAccessibleInterface(tab)
            tabs[index] = tab
        return tabs[index]

    def actionNames(self) -> list[str]:
        if isinstance(self.widget(), QAbstractButton):
            return [QAccessibleWidget.pressAction(), *super().actionNames()]
        return super().actionNames()

    def doAction(self, name: str) -> None:
        widget = self.widget()
        if name == QAccessibleWidget.pressAction() and isinstance(widget, QAbstractButton):
            widget.click()
        else:
            super().doAction(name)


class _TabAccessible(QAccessibleInterface):
    """One tab of a marked tab bar: focused only while the bar has focus and this tab is
    the current one (Qt's own says focused whenever it is current)."""

    def __init__(self, bar: QTabBar, index: int) -> None:
        super().__init__()
        self.bar = bar
        self.index = index

    def isValid(self) -> bool:
        return self.index < self.bar.count()

    def object(self) -> None:  # type: ignore[override]
        return None

    def role(self) -> QAccessible.Role:
        return QAccessible.Role.PageTab

    def state(self) -> QAccessible.State:
        state = QAccessible.State()
        if not self.isValid():
            state.invalid = True
            return state
        current = self.bar.currentIndex() == self.index
        state.focusable = True
        state.selectable = True
        state.selected = current
        state.focused = current and self.bar.hasFocus()
        state.disabled = not self.bar.isTabEnabled(self.index)
        state.invisible = not self.bar.isVisible()
        return state

    def rect(self) -> QRect:
        if not self.isValid():
            return QRect()
        place = self.bar.tabRect(self.index)
        return QRect(self.bar.mapToGlobal(place.topLeft()), place.size())

    def text(self, t: QAccessible.Text) -> str:
        if not self.isValid():
            return ""
        if t == QAccessible.Text.Name:
            return self.bar.accessibleTabName(self.index) or _plain(self.bar.tabText(self.index))
        if t == QAccessible.Text.Description:
            return self.bar.tabToolTip(self.index)
        return ""

    def setText(self, t: QAccessible.Text, text: str) -> None:
        pass

    def parent(self) -> QAccessibleInterface:
        return QAccessible.queryAccessibleInterface(self.bar)

    def child(self, index: int) -> None:  # type: ignore[override]
        return None

    def childCount(self) -> int:
        return 0

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        return -1

    def childAt(self, x: int, y: int) -> None:  # type: ignore[override]
        return None


def _plain(text: str) -> str:
    """A button's words as read: `&` marks a mnemonic, `&&` is an ampersand."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


_tabs_of: dict[int, dict[int, _TabAccessible]] = {}


def _forget(key_of: int) -> None:
    _alive.pop(key_of, None)
    for tab in _tabs_of.pop(key_of, {}).values():
        QAccessible.deleteAccessibleInterface(QAccessible.uniqueId(tab))


def _factory(key: str, obj: object) -> QAccessibleWidget | None:
    if not isinstance(obj, QWidget):
        return None
    role = obj.property(_PROPERTY)
    if role not in _ROLES:
        return None
    interface = _RoleAccessible(obj, role)
    key_of = id(obj)
    _alive[key_of] = interface
    obj.destroyed.connect(lambda _=None: _forget(key_of))
    return interface


def honest_tabs(tabs: QTabWidget | QTabBar) -> None:
    """Tabs that claim focus only when they have it (see the module's note)."""
    if isinstance(tabs, QTabWidget):
        set_role(tabs, "pane")
        if not tabs.tabBar().accessibleName():
            tabs.tabBar().setAccessibleName(tabs.accessibleName())
        tabs = tabs.tabBar()
    set_role(tabs, "tabs")


def set_role(widget: QWidget, role: str) -> None:
    """Give `widget` the accessible role `role` ("radio", "chart", "slider", "tabs",
    "pane", "group" or "disclosure"), best
    before the widget is shown, so no screen reader has met it under another role."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed = True
    widget.setProperty(_PROPERTY, role)
    made = QAccessible.queryAccessibleInterface(widget)
    if made is not None and not isinstance(made, _RoleAccessible):
        # Qt made the plain one already (a setter announced a change): make ours instead.
        QAccessible.deleteAccessibleInterface(QAccessible.uniqueId(made))
