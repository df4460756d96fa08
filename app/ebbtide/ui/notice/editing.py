"""What both entry forms share: a draft saved a moment after each change (through the
one write path), Save (Ctrl+Enter) to finish, Close (Esc) keeping the draft, and a quiet
line saying what has been kept."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.keys import load_keys
from ebbtide.core.notice import MAX_NAME, Entry
from ebbtide.core.sealing import StoreError
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.common.narrow import StackWhenNarrow
from ebbtide.ui.context import UiContext
from ebbtide.ui.operations import logs as logs_ops
from ebbtide.ui.theme import space

AUTOSAVE_MS = 700


def text_box(accessible_name: str, placeholder: str, lines: int = 3) -> QPlainTextEdit:
    """A box for a few lines of the person's own words; Tab moves on, as in a form."""
    box = QPlainTextEdit()
    box.setAccessibleName(accessible_name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    height = box.fontMetrics().lineSpacing() * lines + 18
    box.setFixedHeight(height)
    return box


class PeopleBox(QComboBox):
    """"Who", optional: a name of the person's own, typed or chosen from the names they
    used before."""

    def __init__(self, accessible_name: str, people: list[str]) -> None:
        super().__init__()
        self.setEditable(True)
        self.setAccessibleName(accessible_name)
        line = self.lineEdit()
        assert line is not None
        line.setMaxLength(MAX_NAME)
        line.setPlaceholderText("A name of your own, or leave it empty")
        self.set_people(people)

    def set_people(self, people: list[str]) -> None:
        """The names offered, keeping what is typed now."""
        current = self.currentText()
        self.blockSignals(True)
        self.clear()
        self.addItems(people)
        self.setEditText(current)
        self.blockSignals(False)

    def name(self) -> str:
        return " ".join(self.currentText().split())[:MAX_NAME]


def when_field(accessible_name: str) -> QDateTimeEdit:
    """When something happened, to the minute, with a calendar to pick the day."""
    when = QDateTimeEdit()
    when.setCalendarPopup(True)
    when.setDisplayFormat("ddd d MMM yyyy, HH:mm")
    when.setAccessibleName(accessible_name)
    return when


WHO_WHEN_SIDE_BY_SIDE_FROM = 640  # px: narrower, "who" and "when" stand one above the other


def who_and_when(who: QWidget, when: QWidget) -> QWidget:
    """The "Who (optional):" and "When:" fields of an entry form, side by side on a wide
    window and one above the other on a narrow one (never cut at the edge)."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(question("&Who (optional):", who))
    row.addWidget(who, 1)
    row.addWidget(question("W&hen:", when))
    row.addWidget(when)
    StackWhenNarrow(box, row, below=WHO_WHEN_SIDE_BY_SIDE_FROM)
    return box


def question(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "question")
    label.setWordWrap(True)
    label.setBuddy(buddy)
    return label


class DraftEditor(QWidget):
    """Subclasses build the form in `self.form` and implement `show_entry` (fill the form
    without counting it as an edit), `read_form` (form → self.entry) and `new_entry`."""

    finished = Signal(object)  # the saved, finished Entry
    closed = Signal()
    heading_new: ClassVar[str] = ""
    heading_edit: ClassVar[str] = ""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.entry: Entry = self.new_entry()
        self._loading = False
        self._dirty = False  # changed since it was last handed to the worker
        self.save_timer = QTimer(self)
        self.save_timer.setSingleShot(True)
        self.save_timer.setInterval(AUTOSAVE_MS)
        self.save_timer.timeout.connect(self.flush)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.heading = role_label(self.heading_new, "subtitle", wrap=True)
        outer.addWidget(self.heading)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        inner = QWidget()
        self.form = QVBoxLayout(inner)
        self.form.setContentsMargins(0, space("xs"), space("m"), space("xs"))
        self.form.setSpacing(space("s"))
        scroll.setWidget(inner)
        self.form_scroll = scroll
        outer.addWidget(scroll, 1)

        buttons = QHBoxLayout()
        keys = load_keys()
        self.save_button = QPushButton("&Save")
        self.save_button.setProperty("role", "primary")
        self.save_button.setAccessibleName(
            f"Save this entry ({keys['notice.save'].label})")
        self.close_button = QPushButton("&Close")
        self.close_button.setAccessibleName(
            "Close; what you wrote is kept as a draft you can finish later")
        self.status = role_label("", "muted")
        self.status.setAccessibleName("Saving")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        buttons.addWidget(self.status)
        outer.addLayout(buttons)
        self.buttons = buttons  # a form may add a button of its own after Save
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.close_entry)
        for key_id, slot in (("notice.save", self.save), ("notice.close", self.close_entry)):
            for sequence in keys.sequences(key_id):
                shortcut = QShortcut(QKeySequence(sequence), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)

    # -- for subclasses ------------------------------------------------------------------

    def new_entry(self) -> Entry:
        raise NotImplementedError

    def show_entry(self, entry: Entry) -> None:
        raise NotImplementedError

    def read_form(self) -> None:
        raise NotImplementedError

    def first_field(self) -> QWidget:
        raise NotImplementedError

    def finished_status(self) -> str:
        """What Save makes the entry: finished, unless a form says otherwise."""
        return "done"

    # -- opening -------------------------------------------------------------------------

    def start(self, entry: Entry | None = None) -> None:
        """Show a new entry, or an existing one (a draft to finish, or one to change)."""
        self.flush()
        self.entry = entry if entry is not None else self.new_entry()
        self._dirty = False
        self._loading = True
        try:
            self.show_entry(self.entry)
        finally:
            self._loading = False
        self.heading.setText(self.heading_new if entry is None else self.heading_edit)
        self.status.setText("" if entry is None or entry.status == "done"
                            else "A draft: carry on where you left off.")
        self.form_scroll.verticalScrollBar().setValue(0)
        self.first_field().setFocus()

    # -- saving ----------------------------------------------------------------------------

    def edited(self) -> None:
        if not self._loading:
            self._dirty = True
            self.save_timer.start()

    def flush(self) -> None:
        """Save now what is waiting to be saved (leaving, closing, quitting)."""
        self.save_timer.stop()
        if not self._dirty:
            return
        self._dirty = False
        self.read_form()
        if self.entry.is_empty():
            return
        logs_ops.save_entry(self.ctx, self.entry, initiator=self,
                            on_success=self._kept, on_failure=self._failed)

    def _kept(self, saved: Entry) -> None:
        self.status.setText("Kept as a draft." if saved.status == "draft" else "Saved.")

    def _failed(self, error: Exception) -> None:
        if isinstance(error, StoreError):
            self.status.setText(f"Not saved yet: {error}")
        else:
            self.status.setText("This entry could not be kept as it is. "
                                "Please shorten what you wrote.")

    def save(self) -> None:
        self.save_timer.stop()
        self._dirty = False
        self.read_form()
        if self.entry.is_empty():
            self.status.setText("Write or choose something first; even a word is enough.")
            self.first_field().setFocus()
            return
        self.entry.status = self.finished_status()

        def done(saved: Entry) -> None:
            self.status.setText("Saved." if saved.status == "done" else "Saved as a plan.")
            self.finished.emit(saved)

        logs_ops.save_entry(self.ctx, self.entry, initiator=self, on_success=done,
                            on_failure=self._failed)

    def close_entry(self) -> None:
        self.save_timer.stop()
        self._dirty = False
        self.read_form()
        if not self.entry.is_empty():
            logs_ops.save_entry(self.ctx, self.entry, initiator=self,
                                on_failure=self._failed)
        self.closed.emit()
