"""What goes into the therapist report (pure core): only what was chosen."""

from __future__ import annotations

from ebbtide.core.report import (
    CHART_CALM,
    CHART_HELPS,
    ReportChoice,
    build_report,
    candidates,
    report_html,
)
from tests.report_data import (
    TICKED_ENTRY,
    TICKED_SHEET,
    UNTICKED_ENTRY,
    UNTICKED_SHEET,
    fill,
    last_days,
)


def test_candidates_list_finished_work_in_the_range(store):
    uids = fill(store)
    first, last = last_days()
    found = candidates(store, first, last)
    assert {c.uid for c in found.worksheets} == {uids[TICKED_SHEET], uids[UNTICKED_SHEET]}
    assert {c.uid for c in found.journal} == {uids[TICKED_ENTRY], uids[UNTICKED_ENTRY]}
    assert candidates(store, first, first).journal == []  # a day with none


def test_nothing_of_the_persons_words_unless_ticked(store):
    uids = fill(store)
    first, last = last_days()
    html = report_html(build_report(store, ReportChoice(first, last)))
    assert CHART_CALM in html and CHART_HELPS in html
    for word in (TICKED_SHEET, UNTICKED_SHEET, TICKED_ENTRY, UNTICKED_ENTRY, "Prepared by"):
        assert word not in html
    html = report_html(build_report(store, ReportChoice(
        first, last, name="<Sam>", calm_chart=False, helps_chart=False,
        worksheets=(uids[UNTICKED_SHEET],), journal=(uids[UNTICKED_ENTRY],))))
    assert "Prepared by &lt;Sam&gt;" in html  # escaped, like every word of theirs
    assert UNTICKED_SHEET in html and UNTICKED_ENTRY in html
    assert TICKED_SHEET not in html and TICKED_ENTRY not in html
    assert CHART_CALM not in html and CHART_HELPS not in html
