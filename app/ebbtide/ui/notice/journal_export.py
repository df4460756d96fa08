"""Journal entries out to a file of the person's own: plain text, or a PDF laid out by
Qt (QPdfWriter and QTextDocument, as Name & Check's worksheets are)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from ebbtide.core.notice import JournalEntry, NoticeWords, journal_html, journal_text
from ebbtide.ui import theme


def _make_private(path: Path) -> None:
    # An export holds the person's own words: readable by them alone, like the store.
    if os.name == "posix":
        os.chmod(path, 0o600)


def write_journal_text(entries: list[JournalEntry], words: NoticeWords, path: Path) -> None:
    path.write_text(journal_text(entries, words), encoding="utf-8")
    _make_private(path)


def write_journal_pdf(entries: list[JournalEntry], words: NoticeWords, path: Path) -> None:
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter)
    writer.setTitle("Self-examination journal")
    writer.setCreator("Ebbtide")
    document = QTextDocument()
    document.setDefaultFont(theme.font("print"))
    document.setHtml(journal_html(entries, words))
    document.print_(writer)
    del writer  # finishes the file
    _make_private(path)
