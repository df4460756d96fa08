"""A report to bring to a therapist: what goes in it, from a date range and the person's
ticks. Pure (no Qt): `build_report(store, choice)` reads the store (on the worker) and
`report_html(content)` lays the words out as simple HTML, with a placeholder image for
each chart; the UI draws the charts with Progress's own chart code and writes the PDF.

Nothing goes in that the person did not choose: the charts and summaries are ticked by
default, every worksheet and journal entry only when ticked one by one, their name only
when typed. What the report shows of a worksheet or an entry is what its own export
shows (`worksheet_export`, `notice.journal_html`).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape

import numpy as np

from ebbtide.core import progress_data, stats
from ebbtide.core.notice import JournalEntry, NoticeWords, journal_html, load_notice_words
from ebbtide.core.notice_stats import ComingBack, coming_back
from ebbtide.core.notice_store import NoticeStore
from ebbtide.core.progress_data import CalmDown, Practices, TimeRange
from ebbtide.core.store import Store, StoreError
from ebbtide.core.worksheet import Worksheet
from ebbtide.core.worksheet_export import worksheet_html
from ebbtide.core.worksheet_store import WorksheetStore

PAPERS = ("A4", "Letter")
#: Where the UI puts each chart's picture (an <img> with this address).
CHART_CALM = "ebbtide-chart:calm"
CHART_HELPS = "ebbtide-chart:helps"
TITLE = "Notes for my therapist"
_WEEKDAYS = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays",
             "Sundays")
SNIPPET = 60  # characters of a worksheet or entry shown in the list to tick


@dataclass(frozen=True)
class ReportChoice:
    first_day: date
    last_day: date
    name: str = ""
    calm_chart: bool = True
    helps_chart: bool = True
    checkins: bool = True
    triggers: bool = True
    worksheets: tuple[str, ...] = ()  # uids, ticked one by one
    journal: tuple[str, ...] = ()
    paper: str = "A4"

    @property
    def range(self) -> TimeRange:
        return progress_data.custom_range(self.first_day, self.last_day)

    @property
    def range_words(self) -> str:
        first, last = sorted((self.first_day, self.last_day))
        return f"{_day(first)} to {_day(last)}"


@dataclass(frozen=True)
class Candidate:
    """A worksheet or journal entry the person may tick: when, and its first words (only
    ever shown on their own screen, in the list to tick)."""

    uid: str
    when_utc: float
    label: str


@dataclass
class Candidates:
    worksheets: list[Candidate] = field(default_factory=list)
    journal: list[Candidate] = field(default_factory=list)
    locked: bool = False  # their words are locked away: nothing to tick


@dataclass(frozen=True)
class CheckinSummary:
    count: int
    days: int
    mean: float
    low: int
    high: int
    feelings: list[tuple[str, int]]


@dataclass
class ReportContent:
    choice: ReportChoice
    made_on: str
    calm: CalmDown | None = None
    x_range: tuple[float, float] = (0.0, 1.0)
    calm_sentence: str = ""
    practices: Practices | None = None
    checkins: CheckinSummary | None = None
    triggers: ComingBack | None = None
    locked: bool = False  # some chosen words could not be read (the lock is on)
    worksheets: list[Worksheet] = field(default_factory=list)
    journal: list[JournalEntry] = field(default_factory=list)
    words: NoticeWords | None = None

    @property
    def calm_drawable(self) -> bool:
        return self.calm is not None and len(self.calm) >= MIN_FOR_CALM

    @property
    def helps_drawable(self) -> bool:
        return self.practices is not None and len(self.practices) > 0


MIN_FOR_CALM = 2  # as Progress: fewer than two rated sessions is no chart


def _day(d: date) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


def _in(t: float, rng: TimeRange) -> bool:
    return ((rng.since_utc is None or t >= rng.since_utc)
            and (rng.until_utc is None or t < rng.until_utc))


def _snippet(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= SNIPPET else words[:SNIPPET - 1].rstrip() + "…"


def _when(t: float) -> str:
    return datetime.fromtimestamp(t).strftime("%a %d %b %Y, %H:%M")


def candidates(store: Store, first_day: date, last_day: date) -> Candidates:
    """Finished worksheets and journal entries in the range, newest first."""
    rng = progress_data.custom_range(first_day, last_day)
    found = Candidates()
    try:
        sheets = [s for s in WorksheetStore(store).all()
                  if s.status == "done" and _in(s.created_utc, rng)]
        entries = [e for e in NoticeStore(store).journal() if _in(e.occurred_utc, rng)]
    except StoreError:
        found.locked = True
        return found
    sheets.sort(key=lambda s: -s.created_utc)
    entries.sort(key=lambda e: -e.occurred_utc)
    found.worksheets = [
        Candidate(s.uid, s.created_utc,
                  f"{_when(s.created_utc)}: {_snippet(s.situation) or 'a worksheet'}")
        for s in sheets]
    found.journal = [
        Candidate(e.uid, e.occurred_utc, f"{_when(e.occurred_utc)}: {_snippet(e.text)}")
        for e in entries]
    return found


def checkin_summary(store: Store, rng: TimeRange) -> CheckinSummary | None:
    found = progress_data.checkins(store, rng)
    if len(found) == 0:
        return None
    days = {date.fromtimestamp(float(t)) for t in found.started}
    return CheckinSummary(
        count=len(found), days=len(days), mean=float(np.mean(found.distress)),
        low=int(np.min(found.distress)), high=int(np.max(found.distress)),
        feelings=progress_data.feelings(store, rng, limit=6),
    )


def build_report(store: Store, choice: ReportChoice, now: float | None = None) -> ReportContent:
    """Everything the chosen parts need, read once (runs on the worker)."""
    rng = choice.range
    made = datetime.fromtimestamp(now if now is not None else time.time())
    content = ReportContent(choice, made_on=_day(made.date()))
    until = rng.until_utc if rng.until_utc is not None else time.time()
    content.x_range = (rng.since_utc if rng.since_utc is not None else until - 86400.0,
                       until)
    if choice.calm_chart or choice.helps_chart:
        content.calm = progress_data.calm_down(store, rng)
        content.practices = progress_data.practices(store, rng)
        content.calm_sentence = stats.summary_sentence(
            f"From {choice.range_words}", content.calm.drop, None, "",
            content.practices.results())
    if choice.checkins:
        content.checkins = checkin_summary(store, rng)
    wanted_sheets, wanted_entries = set(choice.worksheets), set(choice.journal)
    if choice.triggers or wanted_entries:
        content.words = load_notice_words()
    try:
        if choice.triggers:
            content.triggers = coming_back(NoticeStore(store).triggers(), content.words
                                           or load_notice_words(), rng.since_utc,
                                           rng.until_utc)
        if wanted_sheets:
            sheets = WorksheetStore(store)
            content.worksheets = sorted(
                (s for uid in wanted_sheets if (s := sheets.load(uid)) is not None),
                key=lambda s: s.created_utc)
        if wanted_entries:
            content.journal = sorted(
                (e for e in NoticeStore(store).journal() if e.uid in wanted_entries),
                key=lambda e: e.occurred_utc)
    except StoreError:
        content.locked = True
    return content


# -- the words, as HTML ----------------------------------------------------------------------


def _p(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _table(headers: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    head = "".join(f"<th align='left'>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>"
                   for row in rows)
    return (f"<table cellspacing='0' cellpadding='4' border='0' width='100%'>"
            f"<tr>{head}</tr>{body}</table>")


def _hour_words(hour: int) -> str:
    return f"between {hour:02d}:00 and {(hour + 1) % 24:02d}:00"


def report_html(content: ReportContent, chart_width: int = 640) -> str:
    """The report's words as simple HTML for Qt's text layout. Charts are <img> tags
    with the CHART_* addresses, `chart_width` pixels wide; every word of the person's is
    escaped."""
    c = content.choice
    parts = [f"<h1>{escape(TITLE)}</h1>"]
    if c.name.strip():
        parts.append(_p(f"Prepared by {' '.join(c.name.split())}"))
    parts.append(_p(f"From {c.range_words}. Made with Ebbtide on {content.made_on}."))
    parts.append("<p><i>Distress is rated from 0 (calm) to 10 (the most distress I can "
                 "imagine), before and after a practice. Everything here comes from my own "
                 "records, and only what I chose to include.</i></p>")
    if c.calm_chart:
        parts.append("<h2>How I calm down</h2>")
        if content.calm_drawable:
            parts.append(f"<p><img src='{CHART_CALM}' width='{chart_width}'></p>")
        else:
            parts.append(_p("There were fewer than two sessions rated before and after in "
                            "this range, so there is no chart."))
        if content.calm_sentence:
            parts.append(_p(content.calm_sentence))
    if c.helps_chart:
        parts.append("<h2>What helps me</h2>")
        p = content.practices
        if content.helps_drawable and p is not None:
            parts.append(f"<p><img src='{CHART_HELPS}' width='{chart_width}'></p>")
            s = p.summary
            parts.append(_table(
                ("Practice", "Sessions", "Average drop"),
                [(name, int(n), stats.points(float(m)))
                 for name, n, m in zip(p.names, s.counts, s.means, strict=True)]))
        else:
            parts.append(_p("No practice was rated before and after in this range."))
    if c.checkins:
        parts.append("<h2>Check-ins</h2>")
        k = content.checkins
        if k is None:
            parts.append(_p("No check-ins in this range."))
        else:
            days = "1 day" if k.days == 1 else f"{k.days} days"
            parts.append(_p(
                f"{k.count} check-in{'s' if k.count != 1 else ''} on {days}. Distress "
                f"averaged {k.mean:.1f} out of 10 (lowest {k.low}, highest {k.high})."))
            if k.feelings:
                parts.append(_p("Feelings named most often: " + ", ".join(
                    f"{word} ({n})" for word, n in k.feelings) + "."))
    if c.triggers:
        parts.append("<h2>Triggers</h2>")
        t = content.triggers
        if t is None:
            parts.append(_p("The trigger log could not be read (it is locked)."))
        elif t.entries == 0:
            parts.append(_p("No triggers logged in this range."))
        else:
            parts.append(_p(f"{t.entries} trigger{'s' if t.entries != 1 else ''} logged."))
            if t.top:
                parts.append(_table(("What came up", "Kind", "Times"),
                                    [(p_.label, "urge" if p_.kind == "urge" else "tag",
                                      p_.count) for p_ in t.top]))
            hour = int(np.argmax(t.by_hour))
            weekday = int(np.argmax(t.by_weekday))
            parts.append(_p(f"Most often {_hour_words(hour)}, and on "
                            f"{_WEEKDAYS[weekday]}."))
    if content.worksheets:
        parts.append("<h2>Worksheets I chose to include</h2>")
        for sheet in content.worksheets:
            inner = worksheet_html(sheet)
            inner = inner.replace("<html><body>", "").replace("</body></html>", "")
            parts.append(inner.replace("<h2>", "<h3>").replace("</h2>", "</h3>"))
            parts.append("<hr>")
    if content.journal:
        parts.append("<h2>Journal entries I chose to include</h2>")
        words = content.words or load_notice_words()
        body = journal_html(content.journal, words)
        parts.append(body.split("</h1>", 1)[-1])
    if content.locked:
        parts.append(_p("Some of what was chosen could not be read because Ebbtide is "
                        "locked."))
    return "<html><body>" + "\n".join(parts) + "</body></html>"
