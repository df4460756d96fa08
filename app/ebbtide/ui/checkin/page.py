"""Home: "How are you right now?" — a check-in of distress 0–10 and an optional feeling
word, saved as a session that Progress charts."""

from __future__ import annotations

import time
from concurrent.futures import Future
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.checkin import make_checkin
from ebbtide.core.sessions import days_in_a_row, streak_words
from ebbtide.core.settings import SettingKey
from ebbtide.ui.common.announce import announce
from ebbtide.ui.common.distress import DistressScale
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.common.narrow import StackWhenNarrow
from ebbtide.ui.operations import Change, ChangeNotice
from ebbtide.ui.operations.sessions import save_session
from ebbtide.ui.page import Page
from ebbtide.ui.theme import space

# (label, page key, options the page's start_practice() understands)
NEXT_STEPS: list[tuple[str, str, dict[str, object]]] = [
    ("Breathe slowly for two minutes", "breathe",
     {"pattern": "extended-exhale", "minutes": 2}),
    ("Listen: Now, or then?", "listen", {"meditation": "now-or-then"}),
    ("Name it and check the thought", "namecheck", {}),
]


STREAK_LOOKS_BACK_DAYS = 400
NEXT_STEPS_SIDE_BY_SIDE_FROM = 700  # px of page width


class CheckinPage(Page):
    title = "Check in"

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx, parent)
        self._last_saved: int | None = None
        outer = QVBoxLayout(self)
        side, gap = space("xxl"), space("l")
        outer.setContentsMargins(side, space("xl"), side, space("l"))
        outer.setSpacing(gap)

        heading = role_label("How are you right now?", "title")
        heading.setAccessibleName("How are you right now?")
        outer.addWidget(heading)
        intro = QLabel(
            "A moment to notice, without judging it. Rate how much distress you feel, "
            "from 0 to 10. There is no right answer."
        )
        intro.setProperty("role", "subtitle")
        intro.setWordWrap(True)
        outer.addWidget(intro)

        card = QFrame()
        card.setProperty("role", "card")
        form = QVBoxLayout(card)
        form.setContentsMargins(space("l") + space("xs"), space("l"), space("l") + space("xs"),
                                space("l"))
        form.setSpacing(space("m"))
        form.addWidget(QLabel("Distress right now (type a number, or click)"))
        self.scale = DistressScale("Distress right now")
        form.addWidget(self.scale)

        feeling_row = QHBoxLayout()
        feeling_label = QLabel("A word for the feeling (optional):")
        self.feeling = QLineEdit()
        self.feeling.setPlaceholderText("for example: anxious, hurt, hopeful")
        self.feeling.setAccessibleName("A word for the feeling, optional")
        self.feeling.setMaxLength(80)
        feeling_label.setBuddy(self.feeling)
        feeling_row.addWidget(feeling_label)
        feeling_row.addWidget(self.feeling, 1)
        form.addLayout(feeling_row)

        buttons = QHBoxLayout()
        self.save_button = QPushButton("Save check-in")
        self.save_button.setProperty("role", "primary")
        self.save_button.setAccessibleName("Save check-in")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.save_button)
        self.status = role_label("", "muted")
        buttons.addWidget(self.status, 1)
        form.addLayout(buttons)
        outer.addWidget(card)
        # Only when the person asked for it in Settings; never a word about a gap.
        self.streak = role_label("", "muted")
        self.streak.hide()
        outer.addWidget(self.streak)
        outer.addWidget(self._build_next_steps())
        outer.addStretch(1)

        self.scale.valueChanged.connect(self._rating_changed)
        self.feeling.returnPressed.connect(self.save)
        # Suggestions load when the field is first entered, not while the window opens.
        self.feeling.installEventFilter(self)

    def _build_next_steps(self) -> QWidget:
        """A gentle way on from the check-in to a practice: suggestions, never orders."""
        box = QFrame()
        row = QVBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(space("xs"))
        prompt = role_label("If something might help right now:", "muted")
        row.addWidget(prompt)
        buttons = QHBoxLayout()
        buttons.setSpacing(space("xs"))
        self.next_steps: list[QPushButton] = []
        for text, key, options in NEXT_STEPS:
            # Suggestions, not the page's action: quiet text buttons, as wide as their words.
            button = QPushButton(text)
            button.setProperty("role", "text")
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            button.setAccessibleName(text)
            button.clicked.connect(lambda _=False, k=key, o=options: self._go_on(k, o))
            buttons.addWidget(button)
            self.next_steps.append(button)
        buttons.addStretch(1)
        buttons.setAlignment(Qt.AlignmentFlag.AlignLeft)
        row.addLayout(buttons)
        # On a small window the three ways on stand one above the other, never cut.
        StackWhenNarrow(box, buttons, below=NEXT_STEPS_SIDE_BY_SIDE_FROM)
        return box

    def _go_on(self, key: str, options: dict[str, object]) -> None:
        """Carry the distress just rated (or just saved) on, so it is not asked twice."""
        rated = self.scale.value()
        if rated is None:
            rated = self._last_saved
        self.ctx.practice_requested.emit(
            key, {**options, "distress": rated} if options and rated is not None else options
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.feeling and event.type() == QEvent.Type.FocusIn:
            self.feeling.removeEventFilter(self)
            self._install_feeling_completer()
        return super().eventFilter(watched, event)

    def _install_feeling_completer(self) -> None:
        from PySide6.QtWidgets import QCompleter

        from ebbtide.core.checkin import feeling_suggestions

        completer = QCompleter(feeling_suggestions(), self.feeling)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.feeling.setCompleter(completer)

    def page_shown(self) -> None:
        self.scale.setFocus()
        self._show_streak()

    def data_changed(self, notice: ChangeNotice) -> None:
        if notice.touches(Change.SESSIONS) or notice.setting is SettingKey.SHOW_STREAKS:
            self._show_streak()

    def _show_streak(self) -> None:
        if not self.ctx.settings[SettingKey.SHOW_STREAKS]:
            self.streak.hide()
            return
        store, today = self.ctx.store, date.today()
        since = time.time() - STREAK_LOOKS_BACK_DAYS * 86_400

        def shown(future: Future[list[date]]) -> None:
            words = streak_words(days_in_a_row(future.result(), today))
            self.streak.setText(words)
            self.streak.setVisible(bool(words) and
                                   bool(self.ctx.settings[SettingKey.SHOW_STREAKS]))

        self.ctx.tasks.run_in_background(lambda: store.practice_days(since), shown)

    def _rating_changed(self, value: int | None) -> None:
        self.save_button.setEnabled(value is not None)
        if value is not None:
            self.status.setText("")

    def save(self) -> None:
        value = self.scale.value()
        if value is None:
            self.status.setText("Choose a number from 0 to 10 first.")
            return
        record = make_checkin(value, self.feeling.text(), now_utc=time.time())
        self.save_button.setEnabled(False)  # one tap, one check-in
        word = self.feeling.text()
        save_session(self.ctx, record, initiator=self,
                     on_success=lambda saved: self._saved(value, word),
                     on_failure=self._not_saved)

    def _saved(self, value: int, word: str) -> None:
        # Said only once the check-in is on disk.
        self._last_saved = value
        self.status.setText(f"Saved: {value} out of 10. Thank you for checking in.")
        announce(self.status, self.status.text())  # focus goes back to the scale
        self.scale.clear()
        self.feeling.clear()
        self.scale.setFocus()
        from ebbtide.ui.common.safety import offer_gentle_card  # not needed at start-up

        offer_gentle_card(self.ctx, self, value, [word])

    def _not_saved(self, error: Exception) -> None:
        self.save_button.setEnabled(self.scale.value() is not None)
        self.status.setText(f"That check-in could not be saved: {error} "
                            "Your rating is still here; please try again.")
        announce(self.status, self.status.text(), assertive=True)
