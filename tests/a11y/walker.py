"""Reads a running Ebbtide the way a screen reader does: over the AT-SPI bus.

Runs under the system Python (Debian's python3-pyatspi is not in the venv); the test
starts it as a subprocess and reads the JSON it prints.
Usage: walker.py APP-COMMAND... It starts the app, walks the welcome and
the lock offer, then shows each page by keyboard from the page list and walks what is
showing; on Check in it types 6 on the distress scale and saves, noting the events."""

from __future__ import annotations

import contextlib
import json
import sys
import time

import pyatspi  # type: ignore[import-not-found]
from gi.repository import GLib  # type: ignore[import-not-found]

INTERACTIVE_ROLES = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_ENTRY,
    pyatspi.ROLE_PASSWORD_TEXT, pyatspi.ROLE_SPIN_BUTTON, pyatspi.ROLE_SLIDER,
    pyatspi.ROLE_LIST, pyatspi.ROLE_TABLE, pyatspi.ROLE_TREE, pyatspi.ROLE_PAGE_TAB_LIST,
    pyatspi.ROLE_PAGE_TAB, pyatspi.ROLE_TEXT, pyatspi.ROLE_LIST_BOX, pyatspi.ROLE_MENU_ITEM,
}
LABEL_ROLES = {pyatspi.ROLE_LABEL, pyatspi.ROLE_STATIC, pyatspi.ROLE_HEADING}
CHART_ROLES = {pyatspi.ROLE_CHART, pyatspi.ROLE_IMAGE, pyatspi.ROLE_CANVAS}

events: list[dict[str, str]] = []


def pump(seconds: float) -> None:
    """Let events arrive (pyatspi delivers them from the GLib main loop)."""
    context = GLib.MainContext.default()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        while context.pending():
            context.iteration(False)
        time.sleep(0.02)


def on_event(event) -> None:  # type: ignore[no-untyped-def]
    try:
        source = event.source.name if event.source else ""
    except Exception:
        source = ""
    events.append({"type": event.type, "source": source, "on": event.detail1,
                   "text": str(event.any_data) if event.any_data is not None else ""})


def text_of(node) -> str | None:  # type: ignore[no-untyped-def]
    try:
        text = node.queryText()
    except NotImplementedError:
        return None
    return text.getText(0, -1)


def states(node) -> set[str]:  # type: ignore[no-untyped-def]
    return {pyatspi.stateToString(s) for s in node.getState().getStates()}


def walk(node, out: list[dict[str, object]], depth: int = 0) -> None:  # type: ignore[no-untyped-def]
    if depth > 60:
        return
    try:
        st = states(node)
        role = node.getRole()
    except Exception:
        return
    if depth and "showing" not in st and role not in (pyatspi.ROLE_MENU_ITEM,):
        return
    if role == pyatspi.ROLE_MENU_ITEM and "showing" not in st:
        return
    out.append({
        "role": node.getRoleName(), "name": node.name or "",
        "description": node.description or "", "text": text_of(node),
        "states": sorted(st), "interactive": role in INTERACTIVE_ROLES or "focusable" in st,
        "label": role in LABEL_ROLES, "chart": role in CHART_ROLES,
        "labelled_by": [r.getTarget(i).name for r in node.getRelationSet()
                        if r.getRelationType() == pyatspi.RELATION_LABELLED_BY
                        for i in range(r.getNTargets())],
        "attributes": dict(a.split(":", 1) for a in (node.getAttributes() or []) if ":" in a),
    })
    for i in range(node.childCount):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        if child is not None:
            walk(child, out, depth + 1)


def find(node, pred, depth: int = 0):  # type: ignore[no-untyped-def]
    if depth > 60:
        return None
    try:
        if pred(node):
            return node
        children = [node.getChildAtIndex(i) for i in range(node.childCount)]
    except Exception:
        return None
    for child in children:
        if child is not None:
            hit = find(child, pred, depth + 1)
            if hit is not None:
                return hit
    return None


def showing(node) -> bool:  # type: ignore[no-untyped-def]
    return "showing" in states(node)


def press(node) -> None:  # type: ignore[no-untyped-def]
    # Qt may answer for a node the press itself replaced; the effect is checked after.
    with contextlib.suppress(GLib.GError):
        _press(node)


def _press(node) -> None:  # type: ignore[no-untyped-def]
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ("press", "click", "Press", "SetFocus", "toggle"):
            action.doAction(i)
            return
    action.doAction(0)


def app_for(pid: int, timeout: float = 20.0):  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            try:
                if app is not None and app.get_process_id() == pid and app.childCount:
                    return app
            except Exception:
                continue
        time.sleep(0.2)
    raise SystemExit(f"No application with pid {pid} appeared on the accessibility bus.")


def wait_for(fn, timeout: float = 10.0):  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        hit = fn()
        if hit is not None:
            return hit
        pump(0.1)
    return None


def main() -> None:
    import subprocess

    # Start the app inside this D-Bus session, so it and we share one AT-SPI bus.
    proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
    try:
        run(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def key(keysym: int) -> None:
    """A key press, sent the way a person's keyboard would (XTest, via the registry)."""
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
    pump(0.15)


KEY_DOWN, KEY_HOME, KEY_ESCAPE = 0xFF54, 0xFF50, 0xFF1B


def run(pid: int) -> None:
    app = app_for(pid)
    # Everything under object: (announcements among them, where Qt and AT-SPI send them).
    pyatspi.Registry.registerEventListener(on_event, "object:")
    pump(0.3)
    result: dict[str, object] = {"pages": {}, "events": {}}
    pages: dict[str, object] = result["pages"]  # type: ignore[assignment]

    def window(pred):  # type: ignore[no-untyped-def]
        for i in range(app.childCount):
            w = app.getChildAtIndex(i)
            if w is not None and pred(w):
                return w
        return None

    def dialog_with(button: str):  # type: ignore[no-untyped-def]
        return window(lambda w: w.getRole() in (pyatspi.ROLE_DIALOG, pyatspi.ROLE_ALERT)
                      and showing(w)
                      and find(w, lambda n: n.name == button) is not None)

    # First run: the welcome, then the offer of a lock. Walk each, then answer it.
    for title, button in (("Welcome", "Begin"), ("Lock offer", "Not now")):
        dialog = wait_for(lambda b=button: dialog_with(b))
        if dialog is None:
            raise SystemExit(f"The {title} dialog never showed on the accessibility bus.")
        nodes: list[dict[str, object]] = []
        walk(dialog, nodes)
        pages[dialog.name] = nodes
        press(find(dialog, lambda n, b=button: n.name == b))
        pump(0.5)
    main_window = wait_for(lambda: window(lambda w: w.getRole() == pyatspi.ROLE_FRAME
                                          and showing(w)))
    if main_window is None:
        raise SystemExit("The main window never showed on the accessibility bus.")
    nav = find(main_window, lambda n: n.getRole() in (pyatspi.ROLE_LIST, pyatspi.ROLE_LIST_BOX,
                                                      pyatspi.ROLE_TABLE, pyatspi.ROLE_TREE)
               and n.name == "Pages")
    titles = [nav.getChildAtIndex(i).name for i in range(nav.childCount)]
    result["navigation"] = titles
    for index, title in enumerate(titles):
        # As a person would: focus the page list and press Down to the next page.
        nav.queryComponent().grabFocus()
        pump(0.2)
        key(KEY_DOWN if index else KEY_HOME)
        pump(2.0)  # on a busy machine 1.2 s sometimes walked the page before it had swapped
        nodes = []
        walk(main_window, nodes)
        pages[title] = nodes
        if index == 0:
            checkin(main_window, result)
            after: list[dict[str, object]] = []
            walk(main_window, after)  # and again, with the saved check-in's words
            pages[f"{title}, after saving"] = after
        if title == "Breathe":
            breathe(main_window, result)
        nav = find(main_window, lambda n: n.name == "Pages")
    print(json.dumps(result))


def button_named(main_window, start: str):  # type: ignore[no-untyped-def]
    return wait_for(lambda: find(main_window, lambda n: showing(n) and "sensitive" in states(n)
                                 and (n.name or "").startswith(start)), timeout=3)


def breathe(main_window, result: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    pages: dict[str, object] = result["pages"]  # type: ignore[assignment]

    def look(step: str) -> None:
        nodes: list[dict[str, object]] = []
        walk(main_window, nodes)
        pages[f"Breathe, {step}"] = nodes

    """With spoken cues chosen, begin a breath, skip the rating, breathe a while, stop
    with Esc: note what was announced and which nodes took focus on the way."""
    found = result["events"]
    spoken = button_named(main_window, "Spoken")
    if spoken is None:
        raise SystemExit("No 'Spoken words' check box on Breathe.")
    if "checked" not in states(spoken):
        press(spoken)
    events.clear()
    press(button_named(main_window, "Begin breathing"))
    pump(0.5)
    look("rating before")
    skip = button_named(main_window, "Skip the rating")
    if skip is not None:
        press(skip)
    pump(4.0)  # the 3-2-1, then a breath in
    look("breathing")
    pump(4.5)  # and on into the hold
    key(KEY_ESCAPE)
    pump(0.5)
    look("rating after")
    skip = button_named(main_window, "Skip the rating")
    if skip is not None:
        press(skip)
    pump(1.0)
    look("end")
    found["breathe"] = list(events)  # type: ignore[index]
    events.clear()
    back = button_named(main_window, "Back to patterns")
    if back is not None:
        press(back)
        pump(0.3)


def checkin(main_window, result: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    """Choose 6 on the distress scale with the keyboard, save, and note what was said."""
    found = result["events"]
    scale = find(main_window, lambda n: showing(n) and "focusable" in states(n)
                 and (n.name or "").startswith("Distress right now"))
    if scale is None:
        raise SystemExit("No focusable distress scale on Check in.")
    scale.queryComponent().grabFocus()
    pump(0.3)
    events.clear()
    key(ord("6"))
    pump(0.6)
    found["choose"] = list(events)  # type: ignore[index]
    result["scale_after_choosing"] = {"name": scale.name, "description": scale.description}
    events.clear()
    save = find(main_window, lambda n: n.getRole() == pyatspi.ROLE_PUSH_BUTTON
                and showing(n) and (n.name or "").startswith("Save check-in"))
    press(save)
    pump(1.5)
    found["save"] = list(events)  # type: ignore[index]
    events.clear()


if __name__ == "__main__":
    main()
