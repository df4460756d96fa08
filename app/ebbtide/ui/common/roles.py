"""Accessible roles Qt can't tell from the widget alone: a checkable button that is one
of an exclusive set (a radio button), a chart drawn on a canvas, a composite control
whose inner buttons are only a picture of its value (the distress scale), and a button
that opens words beneath it (a disclosure: expandable, expanded or collapsed).

`set_role(widget, role)` marks the widget; one factory, installed on first use, gives it
an accessible interface with that role. The interfaces are kept until their widget is
destroyed (Qt owns them; Python must not collect them first)."""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QAbstractButton, QAccessibleWidget, QWidget

_PROPERTY = "ebbtideAccessibleRole"
_ROLES = {
    "radio": QAccessible.Role.RadioButton,
    "chart": QAccessible.Role.Chart,
    "slider": QAccessible.Role.Slider,
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
            return widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
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
        return state

    def childCount(self) -> int:
        # A chart's canvas and the scale's picture buttons are not separate controls.
        return 0 if self._role in ("chart", "slider") else super().childCount()

    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        return None if self._role in ("chart", "slider") else super().child(index)

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


def _factory(key: str, obj: object) -> QAccessibleWidget | None:
    if not isinstance(obj, QWidget):
        return None
    role = obj.property(_PROPERTY)
    if role not in _ROLES:
        return None
    interface = _RoleAccessible(obj, role)
    key_of = id(obj)
    _alive[key_of] = interface
    obj.destroyed.connect(lambda _=None: _alive.pop(key_of, None))
    return interface


def set_role(widget: QWidget, role: str) -> None:
    """Give `widget` the accessible role `role` ("radio", "chart", "slider" or
    "disclosure"), best
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
