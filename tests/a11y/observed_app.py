"""Starts Ebbtide as a person would, plus one quiet observer for the accessibility suite:
every few tenths of a second it notes the text each visible label shows, per window, in
the JSON file named by EBBTIDE_A11Y_LABELS. AT-SPI gives a label no text of its own
(only its name), so this is how the suite knows what a sighted person sees."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMainWindow

from ebbtide.cli import main
from ebbtide.ui import main_window

OUT = Path(os.environ["EBBTIDE_A11Y_LABELS"])
seen: dict[str, dict[str, str]] = {}


def visible_text(label: QLabel | QAbstractButton) -> str:
    text = label.text()
    if (isinstance(label, QLabel) and label.textFormat().name != "PlainText"
            and "<" in text and ">" in text):
        text = QTextDocumentFragment.fromHtml(text).toPlainText()
    return " ".join(text.replace("&&", "\0").replace("&", "").replace("\0", "&").split())


def note() -> None:
    changed = False
    for window in QApplication.topLevelWidgets():
        if not window.isVisible():
            continue
        key = (window.windowTitle().split(" — ")[0] if isinstance(window, QMainWindow)
               else window.accessibleName() or window.windowTitle())
        labels = seen.setdefault(key, {})
        for label in window.findChildren(QLabel):
            text = visible_text(label)
            if (text and label.window() is window and label.isVisible()
                    and label.pixmap().isNull() and text not in labels):
                labels[text] = label.accessibleName()
                changed = True
        # Buttons and boxes: what they show, and the name they are read by.
        buttons = seen.setdefault(f"{key} (buttons)", {})
        for button in window.findChildren(QAbstractButton):
            text = visible_text(button)
            if (text and button.window() is window and button.isVisible()
                    and buttons.get(text) != button.accessibleName()):
                buttons[text] = button.accessibleName()
                changed = True
    if changed:
        OUT.write_text(json.dumps(seen))


_init = main_window.MainWindow.__init__


def _observed_init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
    _init(self, *args, **kwargs)
    timer = QTimer(self)
    timer.timeout.connect(note)
    timer.start(150)


main_window.MainWindow.__init__ = _observed_init  # type: ignore[method-assign]
sys.exit(main(sys.argv[1:]))
