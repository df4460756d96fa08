"""Welcome (shown once, then from Help) and crisis lines, in words from
resources/content/help.toml; and Help itself: a small browser for the user guide
(docs/guide), whose keys chapter is made from keys.toml."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.content import ContentError
from ebbtide.core.guide import INDEX, KEYS_CHAPTER, Chapter, chapter_markdown, guide_chapters
from ebbtide.core.help_lines import SOMEWHERE_ELSE, load_help_lines
from ebbtide.core.help_text import HelpSection, load_help_text
from ebbtide.core.paths import AppPaths
from ebbtide.core.settings import SettingKey
from ebbtide.ui.common.fit import least_height
from ebbtide.ui.common.honest_list import HonestList
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.common.roles import set_role
from ebbtide.ui.common.screen_fit import resize_within_screen
from ebbtide.ui.context import UiContext
from ebbtide.ui.theme import margins, space

log = logging.getLogger(__name__)


class _TextDialog(QDialog):
    def __init__(self, section: HelpSection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(section.title)
        self.setAccessibleName(section.title)
        self.setMinimumWidth(560)
        self.body_layout = QVBoxLayout(self)
        self.body_layout.setContentsMargins(margins("xl", "xl", "l"))
        self.body_layout.setSpacing(space("m"))
        heading = role_label(section.title, "title")
        self.body_layout.addWidget(heading)
        self.body = QLabel(section.body)
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body_layout.addWidget(self.body)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        set_role(self.buttons, "group")  # claims focus only if it has it, not for its button
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self.accept)


class WelcomeDialog(_TextDialog):
    #: Once, just after the first paint (a first run builds the window behind it then).
    painted = Signal()

    def __init__(self, paths: AppPaths, on_crisis: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(load_help_text().welcome, parent)
        where = role_label(f"Your data is kept in:\n{paths.data_dir}", "muted", wrap=True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body_layout.addWidget(where)
        crisis = QPushButton("If you need help now")
        crisis.setAccessibleName("If you need help now: crisis phone lines you can reach now")
        crisis.clicked.connect(on_crisis)
        self.body_layout.addWidget(crisis, 0, Qt.AlignmentFlag.AlignLeft)
        begin = self.buttons.addButton("Begin", QDialogButtonBox.ButtonRole.AcceptRole)
        begin.setProperty("role", "primary")
        begin.setAccessibleName("Begin")
        begin.setDefault(True)
        self._begin = begin
        self._painted = False
        self.buttons.removeButton(self.buttons.button(QDialogButtonBox.StandardButton.Close))
        self.body_layout.addWidget(self.buttons)


    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Qt sizes a new window to at most 2/3 of the screen, which on an 800×600 screen
        # cut off the welcome's last paragraph: as tall as its wrapped words need.
        need = least_height(self, self.width())
        room = self.screen().availableGeometry().height() if self.screen() else need
        if self.height() < min(need, room):
            self.resize(self.width(), min(need, room))
        self._begin.setFocus()  # Enter begins; the crisis button is one Tab away

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.painted.emit)  # after this paint pass is done


class HelpDialog(QDialog):
    """The user guide: chapters on the left, the chosen one on the right. Links between
    chapters open the chapter; a web link opens in the person's own browser only when
    they click it. Esc closes, like every dialog."""

    def __init__(self, parent: QWidget | None = None, chapter: str = INDEX) -> None:
        super().__init__(parent)
        self.setWindowTitle("Help")
        self.setAccessibleName("Help: the Ebbtide guide")
        resize_within_screen(self, 860, 620)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(margins("l"))
        try:
            self.chapters: list[Chapter] = guide_chapters()
        except (ContentError, FileNotFoundError) as exc:
            # A copy of Ebbtide without its guide still shows the keys, made from data.
            log.warning("the user guide cannot be shown: %s", exc)
            self.chapters = [Chapter(KEYS_CHAPTER, "Keys")]
            missing = role_label("The rest of this guide is missing from this copy of "
                                 "Ebbtide. The keys are below.", "muted", wrap=True)
            outer.addWidget(missing)
        row = QHBoxLayout()
        row.setSpacing(space("l"))
        self.chapter_list = HonestList()
        self.chapter_list.setAccessibleName("Chapters of the guide")
        self.chapter_list.addItems([c.title for c in self.chapters])
        self.chapter_list.setMaximumWidth(220)
        self.chapter_list.setSpacing(space("xs"))
        row.addWidget(self.chapter_list)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Guide chapter")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._link)
        row.addWidget(self.browser, 1)
        outer.addLayout(row, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.chapter_list.currentRowChanged.connect(self._show)
        self.open_chapter(chapter)

    def open_chapter(self, file: str) -> None:
        row = next((i for i, c in enumerate(self.chapters) if c.file == file), 0)
        self.chapter_list.setCurrentRow(row)

    @property
    def current(self) -> Chapter:
        return self.chapters[max(0, self.chapter_list.currentRow())]

    def _show(self, row: int) -> None:
        if row < 0:
            return
        chapter = self.chapters[row]
        self.browser.setMarkdown(chapter_markdown(chapter))
        self.browser.setAccessibleDescription(chapter.title)

    def _link(self, url: QUrl) -> None:
        if url.isRelative() and url.path().endswith(".md"):
            self.open_chapter(url.path().rsplit("/", 1)[-1])
            self.browser.setFocus()
        elif url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)


class CrisisDialog(QDialog):
    """"If you need help now": the person's country first, the others below, and a
    directory for everywhere else. The country can be changed here (it is remembered)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from ebbtide.ui.common.safety import HelpLinesView, current_country

        self.ctx = ctx
        words = load_help_text()
        directory = load_help_lines()
        self.setWindowTitle(words.crisis.title)
        self.setAccessibleName(words.crisis.title)
        self.setMinimumWidth(560)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(margins("xl", "xl", "l"))
        outer.setSpacing(space("m"))
        outer.addWidget(role_label(words.crisis.title, "title"))
        intro = role_label(words.crisis_intro, wrap=True)
        outer.addWidget(intro)
        row = QHBoxLayout()
        where = QLabel("Show first the help in:")
        self.country = QComboBox()
        self.country.setAccessibleName("Country whose help lines come first")
        where.setBuddy(self.country)
        for code, help_here in directory.countries.items():
            self.country.addItem(help_here.name, code)
        self.country.addItem("Somewhere else", SOMEWHERE_ELSE)
        chosen = current_country(ctx)
        index = self.country.findData(chosen) if chosen else -1
        self.country.setCurrentIndex(index if index >= 0 else self.country.count() - 1)
        row.addWidget(where)
        row.addWidget(self.country)
        row.addStretch(1)
        outer.addLayout(row)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # The person's own safe people first (when they have written any), then the lines.
        from ebbtide.ui.reach.people import CompactPeople

        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setContentsMargins(0, 0, space("s"), 0)
        column.setSpacing(space("m"))
        self.people = CompactPeople(ctx, heading="Your safe people")
        column.addWidget(self.people)
        reach_row = QHBoxLayout()
        self.reach_button = QPushButton("Reach out: your safe people…")
        self.reach_button.setAccessibleName("Reach out: your safe people, and a clear ask")
        self.reach_button.clicked.connect(self._reach_out)
        reach_row.addWidget(self.reach_button)
        reach_row.addStretch(1)
        column.addLayout(reach_row)
        self.lines = HelpLinesView(directory, chosen)
        column.addWidget(self.lines)
        column.addStretch(1)
        scroll.setWidget(inner)
        scroll.setAccessibleName("Your safe people and the help lines")
        scroll.setMinimumHeight(260)
        outer.addWidget(scroll, 1)
        outer.addWidget(role_label(words.crisis_closing, "muted", wrap=True))
        # Quiet, below the lines: for later, when the moment has passed.
        self.professional = QPushButton("Finding a therapist or a support group")
        self.professional.setProperty("role", "link")
        self.professional.setAccessibleName("Finding a therapist or a support group")
        self.professional.clicked.connect(self._professional_help)
        outer.addWidget(self.professional, 0, Qt.AlignmentFlag.AlignLeft)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.country.currentIndexChanged.connect(self._country_chosen)
        resize_within_screen(self, 620, 620)

    def _professional_help(self) -> None:
        from ebbtide.ui.support.dialog import ProfessionalHelpDialog

        ProfessionalHelpDialog(self.ctx, self, "finding").exec()
    def _reach_out(self) -> None:
        from ebbtide.ui.registry import PageKey

        self.accept()
        self.ctx.practice_requested.emit(PageKey.REACH, {})

    def _country_chosen(self, _index: int) -> None:
        code = self.country.currentData()
        self.lines.show_country(code)
        # Remembered, so the safety card and the lock screen show the same country.
        self.ctx.set_setting(SettingKey.COUNTRY, code)
