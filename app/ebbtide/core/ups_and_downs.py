"""Progress that isn't a straight line: one sentence that notices a hard (or a calmer)
week without alarm, chosen from the person's own sessions. No Qt, no store.

Healing has ups and downs; a hard week is said plainly, set beside something that is
still true ("the last month is still calmer than March"), and never compared with
anyone else. Every sentence is one of TEMPLATES, so a test can read them all for words
that scold or compare.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

# Points of typical distress after practice (0–10): a week this much above or below
# the weeks before it is called harder or calmer; less is "much like them".
NOTABLE_CHANGE = 1.0
# A month this much calmer than an earlier one is said to be calmer.
CALMER_MARGIN = 0.3
MIN_IN_WEEK = 2  # rated sessions this week before anything is said about it
MIN_TO_COMPARE = 3  # rated sessions in what it is compared with

TEMPLATES: dict[str, str] = {
    "harder": "This week was harder than the weeks before it. Ups and downs are part of "
              "healing, and a hard week doesn't undo what you have practised.",
    "harder_month_calmer": "This week was harder; the last month is still calmer than "
                           "{month}. Ups and downs are part of healing.",
    "calmer": "This week was calmer than the weeks before it.",
    "calmer_month_calmer": "This week was calmer than the weeks before it, and the last "
                           "month is calmer than {month}.",
    "steady": "This week was much like the weeks before it.",
}


@dataclass(frozen=True)
class Earlier:
    """A calendar month to set the last month beside: its name and where sessions
    landed (distress after practice) in it."""

    name: str  # "March"
    after: npt.ArrayLike


def _mean(values: npt.ArrayLike) -> tuple[float, int]:
    v = np.asarray(values, dtype=np.float64)
    v = v[~np.isnan(v)]
    return (float(v.mean()) if v.size else float("nan")), int(v.size)


def week_sentence(this_week: npt.ArrayLike, weeks_before: npt.ArrayLike,
                  last_month: npt.ArrayLike, earlier: Earlier | None = None) -> str:
    """`this_week`, `weeks_before` (the four weeks before it) and `last_month` (the last
    30 days) hold distress after practice, one per rated session; `earlier` an earlier
    calendar month. Returns "" while there is too little to go on."""
    week, n_week = _mean(this_week)
    before, n_before = _mean(weeks_before)
    if n_week < MIN_IN_WEEK or n_before < MIN_TO_COMPARE:
        return ""
    month_calmer = ""
    if earlier is not None:
        month, n_month = _mean(last_month)
        then, n_then = _mean(earlier.after)
        if n_month >= MIN_TO_COMPARE and n_then >= MIN_TO_COMPARE \
                and then - month >= CALMER_MARGIN:
            month_calmer = earlier.name
    if week - before >= NOTABLE_CHANGE:
        key = "harder_month_calmer" if month_calmer else "harder"
    elif before - week >= NOTABLE_CHANGE:
        key = "calmer_month_calmer" if month_calmer else "calmer"
    else:
        key = "steady"
    return TEMPLATES[key].format(month=month_calmer)
