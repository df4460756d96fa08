"""Help for when it isn't safe, shown the same way wherever it is needed: the help lines
for the person's country first, the safety card the worksheet shows when fear, control
or harm is named, and the gentle card a very hard moment brings up. The words and
numbers are data (help.toml, help_lines.toml, crisis_words.toml); nothing here stores
anything, and nothing here suggests telling or asking the other person anything."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.crisis_words import load_crisis_words, needs_gentle_card
from ebbtide.core.help_lines import (
    CountryHelp,
    HelpDirectory,
    HelpLine,
    chosen_country,
    load_help_lines,
)
from ebbtide.core.help_text import load_help_text
from ebbtide.core.keys import load_keys
from ebbtide.core.settings import SettingKey
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.context import UiContext
from ebbtide.ui.theme import margins, space


def current_country(ctx: UiContext) -> str | None:
    """The person's choice in Settings, else the country the system's region names."""
    return chosen_country(ctx.settings[SettingKey.COUNTRY], QLocale.system().name())


def _selectable(label: QLabel) -> QLabel:
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    return label


def line_words(line: HelpLine) -> str:
    """"Samaritans: call 116 123 (any time)" — one line a person can read aloud."""
    ways = "; ".join(line.ways())
    hours = line.hours[:1].lower() + line.hours[1:] if line.hours else ""
    return f"{line.name}: {ways}" + (f" ({hours})" if hours else "")


def quick_hide_label() -> str:
    """The quick-hide key as people read it ("Ctrl+Shift+H"), from keys.toml."""
    for binding in load_keys().bindings:
        if "hide" in binding.id:
            return binding.label
    return ""


class HelpLinesView(QWidget):
    """Every country's lines, the person's own first; then where to look elsewhere."""

    def __init__(self, directory: HelpDirectory, country: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.directory = directory
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(space("m"))
        self.show_country(country)

    def show_country(self, country: str | None) -> None:
        while (item := self.layout_.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        self.blocks: list[QLabel] = []
        for n, help_here in enumerate(self.directory.ordered_for(country)):
            self._add_country(help_here, first=(n == 0 and
                                                self.directory.for_country(country) is not None))
        d = self.directory.directory
        elsewhere = _selectable(QLabel(f"Anywhere else: {d.name}, {d.web}. {d.about}"))
        elsewhere.setWordWrap(True)
        self.layout_.addWidget(elsewhere)
        self.blocks.append(elsewhere)

    def _add_country(self, help_here: CountryHelp, first: bool) -> None:
        title = role_label(help_here.name, "heading" if first else "strong")
        self.layout_.addWidget(title)
        self.blocks.append(title)
        text = "\n".join(line_words(line) for line in help_here.lines())
        body = _selectable(QLabel(text))
        body.setWordWrap(True)
        self.layout_.addWidget(body)
        self.blocks.append(body)

    def text(self) -> str:
        return "\n".join(b.text() for b in self.blocks)


class SafetyCard(QFrame):
    """The worksheet's safety card: fear of a partner is taken seriously, it is not the
    person's fault, and how to reach a domestic-abuse line in their country."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setProperty("role", "safety")
        words = load_help_text().safety
        layout = QVBoxLayout(self)
        layout.setContentsMargins(margins("l", "m"))
        layout.setSpacing(space("s"))
        self.title = role_label(words.title, "heading")
        layout.addWidget(self.title)
        body = words.body
        hide = quick_hide_label()
        if hide:
            body = body.replace("the quick-hide key", f"the quick-hide key ({hide})")
        self.body = _selectable(QLabel(body))
        self.body.setWordWrap(True)
        layout.addWidget(self.body)
        self.lines = _selectable(QLabel())
        self.lines.setWordWrap(True)
        layout.addWidget(self.lines)
        row = QHBoxLayout()
        self.help_button = QPushButton("All the help lines")
        self.help_button.setAccessibleName("All the help lines, for every country")
        self.help_button.clicked.connect(ctx.crisis_requested.emit)
        row.addWidget(self.help_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        """The lines for the person's country (they may have changed it meanwhile)."""
        directory = load_help_lines()
        here = directory.for_country(current_country(self.ctx))
        if here is None:
            d = directory.directory
            self.lines.setText(f"To find a domestic-abuse or crisis line where you are: "
                               f"{d.web}. In danger right now: your local emergency number.")
            return
        rows = [line_words(line) for line in here.abuse]
        rows.append(line_words(here.emergency))
        self.lines.setText(f"In {here.name}:\n" + "\n".join(rows))


class GentleCard(QDialog):
    """Never an alarm: "this sounds very hard", help first, a practice second, and one
    key (Esc) closes it. Shown for a distress of 8 or more or a crisis word; it stores
    nothing and counts nowhere."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        words = load_crisis_words().card
        self.setWindowTitle(words.title)
        self.setAccessibleName(words.title)
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(margins("xl", "xl", "l"))
        layout.setSpacing(space("m"))
        layout.addWidget(role_label(words.title, "title"))
        text = role_label(words.text, wrap=True)
        layout.addWidget(text)
        self.help_button = QPushButton(words.help_button)
        self.help_button.setProperty("role", "primary")
        self.help_button.setAccessibleName(words.help_button)
        self.help_button.clicked.connect(self._help)
        layout.addWidget(self.help_button)
        layout.addWidget(role_label(words.practice_text, "muted", wrap=True))
        self.practice_button = QPushButton(words.practice_button)
        self.practice_button.setAccessibleName(words.practice_button)
        self.practice_button.clicked.connect(self._practice)
        layout.addWidget(self.practice_button)
        layout.addWidget(role_label(words.close_hint, "muted", wrap=True))
        self.ctx = ctx
        self.help_button.setDefault(True)
        self.help_button.setFocus()  # help first: Enter reaches it, Esc closes

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.help_button.setFocus()

    def _help(self) -> None:
        self.accept()
        self.ctx.crisis_requested.emit()

    def _practice(self) -> None:
        self.accept()
        self.ctx.practice_requested.emit("breathe", {"pattern": "extended-exhale",
                                                     "minutes": 1})


def offer_gentle_card(ctx: UiContext, parent: QWidget, distress: int | None,
                      feeling_words: list[str]) -> GentleCard | None:
    """After a check-in or an after-rating: the gentle card, when distress is 8 or more
    or a feeling word is one of the crisis words. Opened without blocking, so whatever
    the person was doing stays where it was behind it."""
    if not needs_gentle_card(distress, feeling_words):
        return None
    card = GentleCard(ctx, parent)
    card.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    card.open()
    return card
