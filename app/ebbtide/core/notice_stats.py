"""What keeps coming back in the trigger log: the tags and urges logged most often in a
time range, week by week, and by hour of day and day of the week (local time). Pure
core, for Progress's "What keeps coming back" chart. Nothing is stored.

Tags are the person's own words: they are counted together however they were spelt
("Late reply" and "late reply"), shown as first written.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
import numpy.typing as npt

from ebbtide.core.notice import NoticeWords, TriggerEntry

TOP = 8  # the most-logged tags and urges listed
WEEKLY_LINES = 3  # of those, how many are followed week by week
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Pattern:
    label: str  # a tag as the person wrote it, or an urge's label
    kind: str  # "tag" or "urge"
    count: int


@dataclass
class ComingBack:
    entries: int = 0
    top: list[Pattern] = field(default_factory=list)
    week_starts: list[datetime] = field(default_factory=list)  # local Mondays
    per_week: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # For the first WEEKLY_LINES of `top`: how often each was logged, week by week.
    top_by_week: dict[str, IntArray] = field(default_factory=dict)
    by_hour: IntArray = field(default_factory=lambda: np.zeros(24, dtype=np.int64))
    by_weekday: IntArray = field(default_factory=lambda: np.zeros(7, dtype=np.int64))


def _monday(moment: datetime) -> datetime:
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday())


def coming_back(entries: list[TriggerEntry], words: NoticeWords,
                since_utc: float | None = None, until_utc: float | None = None
                ) -> ComingBack:
    """Count finished trigger entries that happened in [since_utc, until_utc)."""
    chosen = [e for e in entries if e.status == "done"
              and (since_utc is None or e.occurred_utc >= since_utc)
              and (until_utc is None or e.occurred_utc < until_utc)]
    result = ComingBack(entries=len(chosen))
    if not chosen:
        return result
    counts: Counter[tuple[str, str]] = Counter()
    spelling: dict[tuple[str, str], str] = {}
    keys_of: list[set[tuple[str, str]]] = []
    for entry in chosen:
        keys: set[tuple[str, str]] = set()
        for tag in entry.tags:
            key = ("tag", " ".join(tag.split()).casefold())
            spelling.setdefault(key, tag)
            keys.add(key)
        for urge in entry.urges:
            key = ("urge", urge)
            spelling.setdefault(key, words.label("urges", urge))
            keys.add(key)
        for urge in entry.own_urges:
            key = ("urge", " ".join(urge.split()).casefold())
            spelling.setdefault(key, urge)
            keys.add(key)
        counts.update(keys)
        keys_of.append(keys)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], spelling[kv[0]].casefold()))
    result.top = [Pattern(spelling[k], k[0], n) for k, n in ranked[:TOP]]

    local = [datetime.fromtimestamp(e.occurred_utc) for e in chosen]
    first = _monday(min(local))
    weeks = [(_monday(m) - first).days // 7 for m in local]
    n_weeks = max(weeks) + 1
    result.week_starts = [first + timedelta(days=7 * w) for w in range(n_weeks)]
    result.per_week = np.bincount(weeks, minlength=n_weeks).astype(np.int64)
    for key, _n in ranked[:WEEKLY_LINES]:
        marks = [w for w, keys in zip(weeks, keys_of, strict=True) if key in keys]
        result.top_by_week[spelling[key]] = np.bincount(
            marks, minlength=n_weeks).astype(np.int64)
    result.by_hour = np.bincount([m.hour for m in local], minlength=24).astype(np.int64)
    result.by_weekday = np.bincount([m.weekday() for m in local],
                                    minlength=7).astype(np.int64)
    return result
