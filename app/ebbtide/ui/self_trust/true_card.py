""""Things that are true about you": the person's own strengths, values and boundaries,
shown at the end of a hard practice (before-rating HARD_PRACTICE_FROM or more) only if
they turned it on (SettingKey.SHOW_TRUE_ABOUT_YOU). Breathe's and Listen's result
screens each hold one; `show_for(before)` decides."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from ebbtide.core.sealing import StoreError
from ebbtide.core.self_lists import in_order
from ebbtide.core.self_trust import LIST_KINDS, load_self_trust_words, wants_true_card
from ebbtide.core.self_trust_store import SelfTrustStore
from ebbtide.core.settings import SettingKey
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.context import UiContext
from ebbtide.ui.theme import margins, space

ITEMS_SHOWN = 3  # from each list: a few lines to read, not a page


class TrueAboutYouCard(QFrame):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(margins("l", "m"))
        layout.setSpacing(space("xs"))
        words = load_self_trust_words()
        self.title = role_label(words.card_title, "heading", wrap=True)
        layout.addWidget(self.title)
        self.body = role_label("", "", wrap=True)
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.body)
        self.hide()

    def show_for(self, before: int | None) -> bool:
        """Show the card when it is wanted after this practice and there is something
        to show; hide it otherwise. True when shown."""
        text = ""
        if wants_true_card(self.ctx.settings[SettingKey.SHOW_TRUE_ABOUT_YOU], before):
            try:
                text = self._text()
            except StoreError:  # locked: nothing to show until it is opened
                text = ""
        self.body.setText(text)
        self.setVisible(bool(text))
        return bool(text)

    def _text(self) -> str:
        words = load_self_trust_words()
        items = SelfTrustStore(self.ctx.store).items()
        lines = []
        for kind in LIST_KINDS:
            mine = [i.text for i in in_order(items, kind)][:ITEMS_SHOWN]
            if mine:
                lines.append(f"{words.lists[kind].title}: " + "; ".join(mine))
        return "\n".join(lines)
