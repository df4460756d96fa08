"""Help is the user guide: F1 opens it, chapters are a list, links between chapters
work, the keys shown are the keys defined, and Esc closes it."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from ebbtide.core.keys import load_keys
from ebbtide.ui.help_dialogs import HelpDialog
from ebbtide.ui.main_window import MainWindow
from tests.ui.a11y import unnamed_controls
from tests.ui.modal import activate, when_modal_opens


def test_f1_opens_the_guide_which_reads_and_moves_between_chapters(qtbot, ui_ctx) -> None:
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    activate(qtbot, window)
    seen: dict[str, object] = {}

    def read(dialog) -> None:
        assert isinstance(dialog, HelpDialog)
        seen["title"] = dialog.windowTitle()
        seen["first"] = dialog.browser.toPlainText()
        seen["chapters"] = [dialog.chapter_list.item(i).text()
                            for i in range(dialog.chapter_list.count())]
        seen["unnamed"] = unnamed_controls(dialog)
        dialog.browser.anchorClicked.emit(QUrl("breathe.md"))  # a link in the index
        seen["after_link"] = (dialog.current.file, dialog.browser.toPlainText())
        dialog.chapter_list.setFocus()
        qtbot.keyClick(dialog.chapter_list, Qt.Key.Key_End)
        seen["last"] = dialog.browser.toPlainText()
        qtbot.keyClick(dialog.chapter_list, Qt.Key.Key_Escape)
        seen["closed"] = not dialog.isVisible()

    when_modal_opens(read)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert seen["title"] == "Help"
    assert "The Ebbtide guide" in str(seen["first"])
    assert "not a medical device" in str(seen["first"])
    assert seen["chapters"][:3] == ["The Ebbtide guide", "Check in", "Breathe"]
    assert seen["unnamed"] == []
    file, text = seen["after_link"]  # type: ignore[misc]
    assert file == "breathe.md" and "Paced breathing you can follow" in text
    assert "If you need help now" in str(seen["last"])  # Getting help, the last chapter
    assert seen["closed"] is True
    assert QApplication.activeModalWidget() is None


def test_the_keys_chapter_shows_the_keys_as_defined(qtbot) -> None:
    dialog = HelpDialog(chapter="keys.md")
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    keys = load_keys()
    assert dialog.current.file == "keys.md"
    for binding in keys.bindings:
        assert binding.label in text and binding.does in text, binding.id
    assert "Ctrl+1 … Ctrl+9" not in text
    assert "Made by docs/gen_keys.py" not in text  # the note for editors stays in the file


def test_every_key_in_keys_toml_is_a_sequence_qt_reads_the_same(qtbot) -> None:
    for binding in load_keys().bindings:
        for text in binding.sequences:
            sequence = QKeySequence(text)
            assert sequence.count() == 1, (binding.id, text)
            assert sequence.toString(QKeySequence.SequenceFormat.PortableText) == text


def test_the_main_windows_shortcuts_come_from_keys_toml(qtbot, ui_ctx) -> None:
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    shortcuts = {a.text().replace("&", ""): [s.toString() for s in a.shortcuts()]
                 for a in window.actions()}
    keys = load_keys()
    assert shortcuts["Settings…"] == list(keys.sequences("window.settings"))
    assert shortcuts["Quit"] == list(keys.sequences("window.quit"))
    assert shortcuts["Help"] == list(keys.sequences("window.help"))
    assert shortcuts["Progress"] == list(keys.sequences("window.go.progress"))


def test_a_copy_without_its_guide_still_shows_the_keys(qtbot, monkeypatch) -> None:
    from ebbtide.core.content import ContentError
    from ebbtide.ui import help_dialogs

    def missing() -> None:
        raise ContentError("the file is missing")

    monkeypatch.setattr(help_dialogs, "guide_chapters", missing)
    dialog = HelpDialog()
    qtbot.addWidget(dialog)
    assert [c.file for c in dialog.chapters] == ["keys.md"]
    assert "Ctrl+L" in dialog.browser.toPlainText()
