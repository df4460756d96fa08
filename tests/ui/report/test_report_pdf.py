"""The therapist report as a PDF, read back with pdftotext: what is in it and, as
important, what is not."""

from __future__ import annotations

import re

from ebbtide.core.report import ReportChoice, build_report
from ebbtide.ui.report.render import ReportPages
from tests.report_data import (
    TICKED_ENTRY,
    TICKED_SHEET,
    UNTICKED_ENTRY,
    UNTICKED_SHEET,
    fill,
    last_days,
    pdf_info,
    pdf_text,
)


def _render(store, tmp_path, **choice):  # type: ignore[no-untyped-def]
    first, last = last_days()
    path = tmp_path / "report.pdf"
    ReportPages(build_report(store, ReportChoice(first, last, **choice))).write_pdf(path)
    return path


def test_by_default_only_charts_and_summaries(qapp, store, tmp_path):
    fill(store)
    path = _render(store, tmp_path)
    text = pdf_text(path)
    for heading in ("Notes for my therapist", "How I calm down", "What helps me",
                    "Check-ins", "Triggers"):
        assert heading in text
    assert "Box breathing" in text and "Body scan" in text  # the table under the chart
    assert "late reply" in text and "3 triggers logged" in text
    # No worksheet, no journal entry, no name: nothing the person did not choose.
    for word in (TICKED_SHEET, UNTICKED_SHEET, TICKED_ENTRY, UNTICKED_ENTRY):
        assert word not in text
    assert "Prepared by" not in text
    assert "Worksheets I chose" not in text and "Journal entries I chose" not in text
    pages = int(re.search(r"Pages:\s+(\d+)", pdf_info(path)).group(1))
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert path.stat().st_mode & 0o077 == 0  # the person's alone


def test_ticked_worksheets_and_entries_only(qapp, store, tmp_path):
    uids = fill(store)
    path = _render(store, tmp_path, name="  Sam   Rivers ",
                   worksheets=(uids[TICKED_SHEET],), journal=(uids[TICKED_ENTRY],),
                   calm_chart=False, triggers=False)
    text = pdf_text(path)
    assert "Prepared by Sam Rivers" in text
    assert TICKED_SHEET in text and TICKED_ENTRY in text
    assert UNTICKED_SHEET not in text and UNTICKED_ENTRY not in text
    assert "How I calm down" not in text and "Triggers" not in text
    assert "What helps me" in text and "Check-ins" in text


def test_a4_and_letter(qapp, store, tmp_path):
    fill(store)
    a4 = pdf_info(_render(store, tmp_path, paper="A4"))
    assert "595" in a4 and "842" in a4 and "A4" in a4
    letter = pdf_info(_render(store, tmp_path, paper="Letter"))
    assert "612 x 792" in letter


def test_an_empty_range_says_so(qapp, store, tmp_path):
    text = pdf_text(_render(store, tmp_path))
    assert "fewer than two sessions" in text
    assert "No check-ins in this range." in text
    assert "Page 1 of 1" in text


def test_ink_on_white_even_in_the_dark_theme(qapp, store):
    """A dark theme's palette has light text; paper does not."""
    from PySide6.QtGui import QColor, QPalette

    saved = qapp.palette()
    dark = QPalette(saved)
    dark.setColor(QPalette.ColorRole.Text, QColor("#f0f0f0"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
    qapp.setPalette(dark)
    try:
        first, last = last_days()
        page = ReportPages(build_report(store, ReportChoice(first, last))).image(0, 600)
    finally:
        qapp.setPalette(saved)
    # The title's band: some pixels are near black (ink), none of the text is light grey
    # on white, which would be invisible.
    inked = sum(1 for x in range(40, 400) for y in range(30, 90)
                if QColor(page.pixel(x, y)).lightness() < 80)
    assert inked > 200


def test_a_heading_stays_with_its_words(qapp, store, tmp_path):
    import subprocess

    fill(store)
    path = _render(store, tmp_path)
    pages = int(re.search(r"Pages:\s+(\d+)", pdf_info(path)).group(1))
    for n in range(1, pages + 1):
        page = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"],
                              check=True, capture_output=True, text=True).stdout
        if "\nCheck-ins\n" in f"\n{page}":
            assert "check-ins on" in page  # not the heading alone at a page's foot
