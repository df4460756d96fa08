"""Naming feelings three ways: type to search (with suggestions and definitions), the
wheel (a core feeling, then the words beneath it), or a word of the person's own. Each
chosen feeling gets an intensity from 0 to 100. Works on a Worksheet's `feelings`."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QEnterEvent, QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.feelings import MAX_OWN_WORD, Feeling, Vocabulary, normalise_word
from ebbtide.core.worksheet import FeelingEntry, Worksheet, WorksheetError
from ebbtide.ui.common.discard import discard
from ebbtide.ui.common.flow import FlowLayout
from ebbtide.ui.common.honest_list import HonestList
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.namecheck.rating import RatingInput
from ebbtide.ui.theme import margins, space, tokens

SUGGESTION_LIMIT = 8
OWN_ROLE = Qt.ItemDataRole.UserRole + 1


class FeelingRow(QFrame):
    """One chosen feeling: its word, what it means, its intensity, and a way to remove it."""

    removed = Signal(str)
    rated = Signal()
    entered = Signal()  # Enter in the intensity box: done with this one

    def __init__(self, entry: FeelingEntry, meaning: str, tone: str | None, *,
                 after: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        self.after = after
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, space("xs"), space("xs"), space("xs"))
        # A strip in the colour of the feeling's core, as on the wheel.
        strip = QFrame()
        strip.setFixedWidth(4)
        strip.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # The theme colours each tone (resources/themes/tokens.toml [tones]).
        strip.setProperty("tone", tone if tone in tokens().tones else "none")
        layout.addWidget(strip)
        layout.addSpacing(space("s"))
        words = QVBoxLayout()
        word = QLabel(entry.word)
        word.setTextFormat(Qt.TextFormat.PlainText)
        word.setProperty("role", "strong")
        words.addWidget(word)
        detail = role_label(meaning, "muted")
        detail.setTextFormat(Qt.TextFormat.PlainText)
        detail.setWordWrap(True)
        words.addWidget(detail)
        layout.addLayout(words, 2)
        label = f"How strong is {entry.word} now" if after else f"How strong is {entry.word}"
        self.rating = RatingInput(label)
        self.rating.setValue(entry.after if after else entry.before)
        self.rating.valueChanged.connect(self._rated)
        self.rating.spin.installEventFilter(self)
        layout.addWidget(self.rating, 3)
        self.remove: QToolButton | None = None
        if not after:
            remove = QToolButton()
            self.remove = remove
            remove.setText("✕")
            remove.setToolTip("Remove this feeling")
            remove.setAccessibleName(f"Remove {entry.word}")
            remove.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            remove.clicked.connect(lambda: self.removed.emit(entry.word))
            layout.addWidget(remove)

    def focusables(self) -> list[QWidget]:
        return [self.rating.spin] + ([self.remove] if self.remove is not None else [])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.rating.spin and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.rating.spin.interpretText()
            self.entered.emit()
            return True
        return super().eventFilter(watched, event)

    def _rated(self, value: int | None) -> None:
        if self.after:
            self.entry.after = value
        else:
            self.entry.before = value
        self.rated.emit()


def meaning_of(entry: FeelingEntry, vocabulary: Vocabulary) -> tuple[str, str | None]:
    """(definition or a note that it is the person's own word, tone for its colour)."""
    known = None if entry.own else vocabulary.lookup(entry.word)
    if known is None:
        return "Your own word", None
    return known.definition, known.tone


class WordButton(QPushButton):
    """A word of the wheel: focus or the pointer on it shows what it means. (Handled
    here rather than by an event filter, which Python would run for every event of a
    hundred buttons.)"""

    def __init__(self, text: str, show_meaning: Callable[[str], None]) -> None:
        super().__init__(text)
        self._show_meaning = show_meaning

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._show_meaning(str(self.property("feeling")))
        super().focusInEvent(event)

    def enterEvent(self, event: QEnterEvent) -> None:
        self._show_meaning(str(self.property("feeling")))
        super().enterEvent(event)


class FeelingsPicker(QWidget):
    changed = Signal()

    def __init__(self, vocabulary: Vocabulary, own_words: list[str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vocabulary = vocabulary
        self.own_words = list(own_words or [])
        self.sheet = Worksheet()
        self._word_buttons: dict[str, QPushButton] = {}
        self._core = vocabulary.cores()[0].word
        self.definition = QLabel(" ")

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(space("m"))

        # -- type to search ------------------------------------------------------------
        search_row = QHBoxLayout()
        search_label = QLabel("&Type a feeling:")
        self.search = QLineEdit()
        self.search.setPlaceholderText("worried, let down, hopeful…")
        self.search.setAccessibleName("Type a feeling to search")
        self.search.setAccessibleDescription(
            "Suggestions appear below. Enter adds the feeling; Down arrow moves into the "
            "suggestions. A word that is not in the list is kept as your own.")
        self.search.setMaxLength(MAX_OWN_WORD)
        search_label.setBuddy(self.search)
        self.add_own = QPushButton("Keep as my own word")
        self.add_own.setAccessibleName("Add what I typed as my own feeling word")
        self.add_own.setEnabled(False)
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.add_own)
        outer.addLayout(search_row)

        self.suggestions = HonestList()
        self.suggestions.setAccessibleName("Suggested feelings")
        self.suggestions.hide()
        outer.addWidget(self.suggestions)
        self.search_note = role_label("", "muted", wrap=True)
        self.search_note.setTextFormat(Qt.TextFormat.PlainText)
        self.search_note.hide()
        outer.addWidget(self.search_note)

        # -- what has been chosen, near where it was typed ----------------------------
        chosen_label = QLabel("Your feelings, and how strong each one is (0–100):")
        outer.addWidget(chosen_label)
        self.none_yet = role_label("None yet. Any feeling counts, and so do mixed ones.", "muted")
        outer.addWidget(self.none_yet)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(space("xs"))
        outer.addLayout(self.rows_box)
        self.rows: list[FeelingRow] = []

        # -- the wheel: a core, then the words beneath it ---------------------------------
        wheel_label = role_label("Or find it, starting from one of six core feelings:", "muted")
        outer.addWidget(wheel_label)
        # The cores wrap onto a second line on a narrow window instead of running off it.
        cores_row = QWidget()
        cores = FlowLayout(cores_row, spacing=space("s"))
        self._core_group = QButtonGroup(self)
        self._core_group.setExclusive(True)
        self.core_buttons: dict[str, QPushButton] = {}
        for feeling in vocabulary.cores():
            button = QPushButton(feeling.word.capitalize())
            button.setCheckable(True)
            button.setAccessibleName(f"Core feeling: {feeling.word}. Show the words beneath it")
            button.setToolTip(feeling.definition)
            button.setProperty("role", "feeling-core")
            button.setProperty("tone", feeling.tone)
            button.setMinimumWidth(96)
            self._core_group.addButton(button)
            button.clicked.connect(lambda _=False, w=feeling.word: self.show_core(w))
            cores.addWidget(button)
            self.core_buttons[feeling.word] = button
        outer.addWidget(cores_row)

        # One grid of words per core, shown one at a time. Each is made when its core is
        # first chosen (a hundred buttons are most of a form's cost) and put in the Tab
        # order right after the cores, where it reads.
        self.grids: dict[str, QFrame] = {}
        self._outer = outer

        self.definition.setProperty("role", "muted")
        self.definition.setWordWrap(True)
        outer.addWidget(self.definition)


        self.search.textChanged.connect(self._search_changed)
        self.search.installEventFilter(self)
        self.suggestions.installEventFilter(self)
        self.suggestions.itemActivated.connect(self._suggestion_chosen)
        self.suggestions.currentItemChanged.connect(self._suggestion_focused)
        self.add_own.clicked.connect(self._add_typed_as_own)
        self.show_core(self._core)

    # -- binding to a worksheet ------------------------------------------------------------

    def set_sheet(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self._rebuild_rows()
        self._sync_word_buttons()

    def chosen_words(self) -> list[str]:
        return [f.word for f in self.sheet.feelings]

    # -- adding and removing -----------------------------------------------------------

    def add_word(self, word: str) -> bool:
        try:
            entry = self.sheet.add_feeling(word, self.vocabulary)
        except WorksheetError:
            self.search_note.setText(f"A feeling word can be at most {MAX_OWN_WORD} characters.")
            self.search_note.show()
            return False
        if entry is None:
            return False
        if entry.own and not any(normalise_word(w) == normalise_word(entry.word)
                                 for w in self.own_words):
            self.own_words.insert(0, entry.word)
        self._rebuild_rows()
        self._sync_word_buttons()
        self.changed.emit()
        return True

    def remove_word(self, word: str) -> None:
        self.sheet.remove_feeling(word)
        self._rebuild_rows()
        self._sync_word_buttons()
        self.changed.emit()

    def _rebuild_rows(self) -> None:
        for row in self.rows:
            discard(row)
        self.rows = []
        for entry in self.sheet.feelings:
            meaning, tone = meaning_of(entry, self.vocabulary)
            row = FeelingRow(entry, meaning, tone)
            row.removed.connect(self.remove_word)
            row.rated.connect(self.changed)
            row.entered.connect(self._back_to_search)
            self.rows_box.addWidget(row)
            self.rows.append(row)
        self.none_yet.setVisible(not self.rows)
        # New rows belong in the Tab order right after the search, not at its end.
        previous: QWidget = self.suggestions
        for row in self.rows:
            for widget in row.focusables():
                QWidget.setTabOrder(previous, widget)
                previous = widget
        QWidget.setTabOrder(previous, next(iter(self.core_buttons.values())))

    # -- the wheel -------------------------------------------------------------------------

    def show_core(self, core: str) -> None:
        self._core = core
        self.core_buttons[core].setChecked(True)
        self._ensure_grid(core)
        for word, grid in self.grids.items():
            grid.setVisible(word == core)
        core_feeling = self.vocabulary.lookup(core)
        assert core_feeling is not None
        self.definition.setText(f"{core}: {core_feeling.definition}")

    def _ensure_grid(self, core: str) -> None:
        if core in self.grids:
            return
        feeling = self.vocabulary.lookup(core)
        assert feeling is not None
        grid = self._make_grid(feeling)
        grid.hide()
        self._outer.insertWidget(self._outer.indexOf(self.definition), grid)
        self.grids[core] = grid
        previous: QWidget = list(self.core_buttons.values())[-1]
        for button in grid.findChildren(WordButton):
            QWidget.setTabOrder(previous, button)
            previous = button
        self._sync_word_buttons()

    def _make_grid(self, core: Feeling) -> QFrame:
        holder = QFrame()
        holder.setProperty("role", "card")
        grid = QGridLayout(holder)
        grid.setContentsMargins(margins("m"))
        grid.setHorizontalSpacing(space("s"))
        grid.setVerticalSpacing(space("s"))
        grid.addWidget(self._word_button(core, f"{core.word} (in general)"), 0, 0, 1, 3,
                       Qt.AlignmentFlag.AlignLeft)
        for row, specific in enumerate(self.vocabulary.children(core.word), start=1):
            grid.addWidget(self._word_button(specific), row, 0, Qt.AlignmentFlag.AlignTop)
            arrow = role_label("›", "muted")
            grid.addWidget(arrow, row, 1, Qt.AlignmentFlag.AlignTop)
            # The more precise words wrap within their row on a narrow window.
            precise_row = QWidget()
            flow = FlowLayout(precise_row, spacing=space("s"))
            for precise in self.vocabulary.children(specific.word):
                flow.addWidget(self._word_button(precise))
            grid.addWidget(precise_row, row, 2)
        grid.setColumnStretch(2, 1)
        return holder

    def _word_button(self, feeling: Feeling, text: str | None = None) -> QPushButton:
        button = WordButton(text or feeling.word, self._show_meaning)
        button.setCheckable(True)
        button.setToolTip(feeling.definition)
        button.setAccessibleName(f"{feeling.word}: {feeling.definition}")
        # The wheel's middle ring reads a little stronger than its outer words.
        button.setProperty("role", "feeling")
        if feeling.level == 1:
            button.setProperty("weight", "strong")
        button.toggled.connect(lambda on, w=feeling.word: self._word_toggled(w, on))
        button.setProperty("feeling", feeling.word)
        self._word_buttons[feeling.word] = button
        return button

    def _word_toggled(self, word: str, on: bool) -> None:
        chosen = self.sheet.find_feeling(word) is not None
        if on and not chosen:
            self.add_word(word)
        elif not on and chosen:
            self.remove_word(word)

    def _sync_word_buttons(self) -> None:
        for word, button in self._word_buttons.items():
            button.blockSignals(True)
            button.setChecked(self.sheet.find_feeling(word) is not None)
            button.blockSignals(False)

    # -- search ---------------------------------------------------------------------------

    def _matching_own_words(self, text: str) -> list[str]:
        needle = normalise_word(text)
        return [w for w in self.own_words if needle and needle in normalise_word(w)]

    def _search_changed(self, text: str) -> None:
        self.suggestions.clear()
        found = self.vocabulary.search(text, limit=SUGGESTION_LIMIT)
        for feeling in found:
            item = QListWidgetItem(f"{feeling.word} — {feeling.definition}")
            item.setData(Qt.ItemDataRole.UserRole, feeling.word)
            item.setData(OWN_ROLE, False)
            self.suggestions.addItem(item)
        for own in self._matching_own_words(text)[:4]:
            item = QListWidgetItem(f"{own} — your own word")
            item.setData(Qt.ItemDataRole.UserRole, own)
            item.setData(OWN_ROLE, True)
            self.suggestions.addItem(item)
        has_text = bool(text.strip())
        rows = self.suggestions.count()
        if rows:
            row_height = max(self.suggestions.sizeHintForRow(0), 18)
            self.suggestions.setFixedHeight(min(rows, 5) * row_height + 6)
        self.suggestions.setVisible(rows > 0)
        self.add_own.setEnabled(has_text and text.strip() not in self.vocabulary)
        typed = text.strip()
        close_words = any(f.word.startswith(normalise_word(text)) for f in found)
        if has_text and not rows:
            self.search_note.setText(
                f"Not in our list — press Enter to keep “{typed}” as your own word.")
        elif has_text and not close_words and self.vocabulary.lookup(text) is None:
            self.search_note.setText(
                f"Some words that may fit are below (Down arrow to choose), or keep "
                f"“{typed}” as your own word.")
        else:
            self.search_note.setText("")
        self.search_note.setVisible(bool(self.search_note.text()))

    def _back_to_search(self) -> None:
        self.search.setFocus()

    def _rate_newest(self) -> None:
        """After naming a feeling by keyboard, go straight to how strong it is; Enter
        there comes back to the search box for the next one."""
        if self.rows:
            self.rows[-1].rating.spin.setFocus()
            self.rows[-1].rating.spin.selectAll()

    def _enter_in_search(self) -> None:
        """Enter adds the feeling typed: an exact word, or the only word starting with
        it. When several could be meant, it moves into the suggestions to choose one;
        when none fit, the typed word is kept as the person's own."""
        text = self.search.text()
        if not text.strip():
            return
        exact = self.vocabulary.lookup(text)
        own = [w for w in self.own_words if normalise_word(w) == normalise_word(text)]
        prefixed = [f for f in self.vocabulary.search(text)
                    if f.word.startswith(normalise_word(text))]
        if exact is not None:
            word = exact.word
        elif own:
            word = own[0]
        elif len(prefixed) == 1:
            word = prefixed[0].word
        elif self.suggestions.count():
            self.suggestions.setFocus()
            self.suggestions.setCurrentRow(0)
            return
        else:
            word = text
        added = self.add_word(word)
        self.search.clear()
        if added:
            self._rate_newest()

    def _add_typed_as_own(self) -> None:
        if self.search.text().strip():
            added = self.add_word(self.search.text())
            self.search.clear()
            if added:
                self._rate_newest()

    def _suggestion_chosen(self, item: QListWidgetItem) -> None:
        added = self.add_word(str(item.data(Qt.ItemDataRole.UserRole)))
        self.search.clear()
        if added:
            self._rate_newest()
        else:
            self.search.setFocus()

    def _suggestion_focused(self, item: QListWidgetItem | None,
                            _previous: QListWidgetItem | None) -> None:
        if item is not None:
            self.suggestions.setAccessibleDescription(item.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.search:
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self._enter_in_search()
                    return True
                if key == Qt.Key.Key_Down and self.suggestions.count():
                    self.suggestions.setFocus()
                    self.suggestions.setCurrentRow(0)
                    return True
            elif watched is self.suggestions:
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    item = self.suggestions.currentItem()
                    if item is not None:
                        self._suggestion_chosen(item)
                    return True
                if key == Qt.Key.Key_Up and self.suggestions.currentRow() <= 0:
                    self.search.setFocus()
                    return True
        return super().eventFilter(watched, event)

    def _show_meaning(self, word: str) -> None:
        feeling = self.vocabulary.lookup(word)
        if feeling is not None:
            self.definition.setText(f"{feeling.word}: {feeling.definition}")
