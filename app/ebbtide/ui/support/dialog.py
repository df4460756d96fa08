"""Professional help, explained: what kinds of therapy are, a first session, what to ask,
finding a therapist or a support group in the person's country. Pages on the left, the
chosen one on the right. Words and directories are data (professional_help.toml).

A link is text until it is clicked: the browser never follows it itself, nothing is
fetched, and a click hands the address to the person's own browser (`open_url`)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.content import ContentError
from ebbtide.core.professional_help import (
    COUNTRY_NAMES,
    HelpPage,
    ProfessionalHelp,
    load_professional_help,
    page_markdown,
)
from ebbtide.ui.common.honest_list import HonestList
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.common.screen_fit import resize_within_screen
from ebbtide.ui.context import UiContext
from ebbtide.ui.theme import margins, space

log = logging.getLogger(__name__)
FIRST_PAGE = "start"
READABLE_WIDTH = 760  # pixels: about 90 characters a line


def open_url(url: QUrl) -> bool:
    """The one place a page's link leaves Ebbtide: the person's own browser, on click."""
    return QDesktopServices.openUrl(url)


class _Browser(QTextBrowser):
    """A text browser that never loads anything by itself (no images, no pages)."""

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        return None

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Lines no longer than people read comfortably on a wide screen.
        wide = self.viewport().width() > READABLE_WIDTH + 40
        self.setLineWrapMode(QTextEdit.LineWrapMode.FixedPixelWidth if wide
                             else QTextEdit.LineWrapMode.WidgetWidth)
        self.setLineWrapColumnOrWidth(READABLE_WIDTH)
        super().resizeEvent(event)


class ProfessionalHelpDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None,
                 page: str = FIRST_PAGE) -> None:
        super().__init__(parent)
        from ebbtide.ui.common.safety import current_country

        self.ctx = ctx
        self.setWindowTitle("Professional help and support groups")
        self.setAccessibleName("Professional help and support groups")
        resize_within_screen(self, 900, 640)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(margins("l"))
        outer.setSpacing(space("m"))
        try:
            self.help: ProfessionalHelp | None = load_professional_help()
        except ContentError as exc:
            log.warning("the professional help pages cannot be shown: %s", exc)
            self.help = None
        row = QHBoxLayout()
        where = QLabel("Directories for:")
        self.country = QComboBox()
        self.country.setAccessibleName("Country whose directories come first")
        where.setBuddy(self.country)
        codes = self.help.countries() if self.help else []
        for code in codes:
            self.country.addItem(COUNTRY_NAMES.get(code, code), code)
        self.country.addItem("Somewhere else", None)
        chosen = current_country(ctx)
        index = self.country.findData(chosen) if chosen in codes else -1
        self.country.setCurrentIndex(index if index >= 0 else self.country.count() - 1)
        row.addWidget(where)
        row.addWidget(self.country)
        row.addStretch(1)
        outer.addLayout(row)
        body = QHBoxLayout()
        body.setSpacing(space("l"))
        self.page_list = HonestList()
        self.page_list.setAccessibleName("Pages about professional help")
        self.page_list.setMaximumWidth(260)
        self.page_list.setMinimumWidth(170)
        self.page_list.setSpacing(space("xs"))
        self.page_list.setWordWrap(True)  # whole titles, on two lines when narrow
        self.page_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.page_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pages: list[HelpPage] = list(self.help.pages) if self.help else []
        self.page_list.addItems([p.title for p in self.pages])
        body.addWidget(self.page_list)
        self.browser = _Browser()
        self.browser.setAccessibleName("Page")
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.anchorClicked.connect(self._link)
        body.addWidget(self.browser, 1)
        outer.addLayout(body, 1)
        if self.help is None:
            outer.insertWidget(0, role_label(
                "These pages are missing from this copy of Ebbtide. The helplines under "
                "Help → If you need help now are still there.", "muted", wrap=True))
        outer.addWidget(role_label(
            "Links open in your own browser only when you click them.", "muted", wrap=True))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.page_list.currentRowChanged.connect(self._show)
        self.country.currentIndexChanged.connect(lambda _i: self._show(self.page_list.currentRow()))
        self.open_page(page)

    def open_page(self, page_id: str) -> None:
        row = next((i for i, p in enumerate(self.pages) if p.id == page_id), 0)
        self.page_list.setCurrentRow(row)
        self._show(row)

    @property
    def current(self) -> HelpPage | None:
        row = self.page_list.currentRow()
        return self.pages[row] if 0 <= row < len(self.pages) else None

    def _show(self, row: int) -> None:
        if self.help is None or not 0 <= row < len(self.pages):
            return
        page = self.pages[row]
        self.browser.setMarkdown(page_markdown(self.help, page, self.country.currentData()))
        self.browser.setAccessibleDescription(page.title)

    def _link(self, url: QUrl) -> None:
        if url.scheme() == "https":
            open_url(url)
