"""Notice & record: the trigger log (what sets me off, noted in thirty seconds), the
evidence log (what someone has shown over time, as a wall of bricks), small risks (small
experiments in trusting) and a self-examination journal. Lists to search
and filter, entry forms that keep a draft as the person types, delete with undo.

A trigger entry is one key away from anywhere (keys.toml `window.notice.trigger`): the
main window asks this page to `start_practice({"entry": "trigger"})`.
"""

from __future__ import annotations

import copy
from collections import Counter
from datetime import datetime
from enum import Enum
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from ebbtide.core.keys import load_keys
from ebbtide.core.notice import (
    KIND_EVIDENCE,
    KIND_JOURNAL,
    KIND_RISK,
    KIND_TRIGGER,
    Entry,
    EvidenceEntry,
    JournalEntry,
    NoticeWords,
    RiskEntry,
    TriggerEntry,
    load_notice_words,
    short_when,
)
from ebbtide.core.notice_links import worksheet_from_trigger
from ebbtide.core.notice_store import NoticeStore
from ebbtide.core.sealing import StoreError
from ebbtide.core.worksheet import Worksheet
from ebbtide.core.worksheet_store import WorksheetStore
from ebbtide.ui.common.labels import role_label
from ebbtide.ui.common.roles import honest_tabs
from ebbtide.ui.common.steps import StepStack
from ebbtide.ui.context import UiContext
from ebbtide.ui.notice.editing import DraftEditor
from ebbtide.ui.notice.entry_list import EntryList, Filter
from ebbtide.ui.notice.evidence_entry import EvidenceEditor
from ebbtide.ui.notice.journal_entry import JournalEditor
from ebbtide.ui.notice.journal_export import write_journal_pdf, write_journal_text
from ebbtide.ui.notice.risk_entry import RiskEditor
from ebbtide.ui.notice.sure_chart import SureChart
from ebbtide.ui.notice.trigger_entry import TriggerEditor
from ebbtide.ui.notice.wall import BrickWall
from ebbtide.ui.operations import Change, ChangeNotice
from ebbtide.ui.operations import logs as logs_ops
from ebbtide.ui.operations import worksheets as worksheet_ops
from ebbtide.ui.page import Page
from ebbtide.ui.registry import PageKey
from ebbtide.ui.theme import margins, space

PREVIEW = 90
FREE = "free"  # the journal filter's choice for entries with no question
PLANNED = "planned"  # the risks filter's choice for ones not tried yet
PREPARE_MS = 300  # after the page has shown, make the other tabs and forms, one a turn
LOCKED = "Ebbtide is locked. Unlock it to read your entries."


class Step(Enum):
    TRIGGERS = "triggers"
    TRIGGER_ENTRY = "trigger entry"
    EVIDENCE = "evidence"
    EVIDENCE_ENTRY = "evidence entry"
    RISKS = "risks"
    RISK_ENTRY = "risk entry"
    JOURNAL = "journal"
    JOURNAL_ENTRY = "journal entry"


TABS = [Step.TRIGGERS, Step.EVIDENCE, Step.RISKS, Step.JOURNAL]
# Each kind of entry: its list (a tab) and its form.
LIST_OF = {KIND_TRIGGER: Step.TRIGGERS, KIND_EVIDENCE: Step.EVIDENCE, KIND_RISK: Step.RISKS,
           KIND_JOURNAL: Step.JOURNAL}
FORM_OF = {KIND_TRIGGER: Step.TRIGGER_ENTRY, KIND_EVIDENCE: Step.EVIDENCE_ENTRY,
           KIND_RISK: Step.RISK_ENTRY, KIND_JOURNAL: Step.JOURNAL_ENTRY}
KIND_OF = {**{step: kind for kind, step in LIST_OF.items()},
           **{step: kind for kind, step in FORM_OF.items()}}


def _first_line(text: str) -> str:
    line = next((x.strip() for x in text.splitlines() if x.strip()), "")
    return line if len(line) <= PREVIEW else line[: PREVIEW - 1] + "…"


def describe_trigger(entry: TriggerEntry, words: NoticeWords, checked: bool = False) -> str:
    when = short_when(entry.occurred_utc)
    head = [when]
    if entry.status == "draft":
        head.append("not finished")
    if checked:
        head.append("checked in a worksheet")
    if entry.now_or_then:
        head.append(words.label("now_or_then", entry.now_or_then).lower())
    lines = [" · ".join(head)]
    middle = []
    if entry.feelings:
        middle.append(", ".join(
            f.word + (f" {f.intensity}" if f.intensity is not None else "")
            for f in entry.feelings[:4]))
    urges = [words.label("urges", u).lower() for u in entry.urges] + entry.own_urges
    if urges:
        middle.append("wanted to " + ", ".join(urges[:3]))
    if entry.tags:
        middle.append(" ".join(f"#{t}" for t in entry.tags[:4]))
    if middle:
        lines.append(" · ".join(middle))
    if entry.what.strip():
        lines.append(f"“{_first_line(entry.what)}”")
    return "\n".join(lines)


def describe_evidence(entry: EvidenceEntry, words: NoticeWords) -> str:
    when = short_when(entry.occurred_utc, clock=False)
    head = [f"{'Kept' if entry.kept else 'Broken'}, {when}"]
    if entry.who.strip():
        head.append(entry.who)
    if entry.shows:
        head.append(", ".join(words.label("shows", s).lower() for s in entry.shows))
    if entry.status == "draft":
        head.append("not finished")
    said = f"Said: “{_first_line(entry.said)}”" if entry.said.strip() else ""
    did = f"Did: “{_first_line(entry.did)}”" if entry.did.strip() else ""
    return "\n".join([" · ".join(head), *(line for line in (said, did) if line)])


def describe_risk(entry: RiskEntry, words: NoticeWords) -> str:
    when = short_when(entry.occurred_utc, clock=False)
    went = {"better": "better than feared", "as-feared": "about as feared",
            "hard": "it was hard"}
    head = [when, went[entry.outcome] if entry.outcome and entry.status == "done"
            else "planned, not tried yet"]
    if entry.who.strip():
        head.append(entry.who)
    if entry.sure_before is not None or entry.sure_after is not None:
        before = "–" if entry.sure_before is None else f"{entry.sure_before}"
        after = "–" if entry.sure_after is None else f"{entry.sure_after}"
        head.append(f"sure it would go wrong: {before} → {after}")
    risk = f"“{_first_line(entry.risk)}”" if entry.risk.strip() else ""
    fear = f"Feared: “{_first_line(entry.fear)}”" if entry.fear.strip() else ""
    return "\n".join([" · ".join(head), *(line for line in (risk, fear) if line)])


def describe_journal(entry: JournalEntry, words: NoticeWords) -> str:
    when = short_when(entry.occurred_utc)
    head = [when] + (["not finished"] if entry.status == "draft" else [])
    asked = entry.question(words) or "Writing freely"
    return "\n".join([" · ".join(head), asked, f"“{_first_line(entry.text)}”"])


def _most_used(items: list[str]) -> list[tuple[str, object]]:
    counts = Counter(items)
    return [(f"{item} ({n})", item) for item, n in
            sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))]


class NoticePage(Page):
    title = "Notice & record"
    measure = "wide"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.words = load_notice_words()
        self.notices = NoticeStore(ctx.store, remember=True)
        self._stale = dict.fromkeys(TABS, True)
        # Trigger entry uid → the worksheet it was checked in (read with the log).
        self._checked: dict[str, str] = {}
        self._links_stale = True
        keys = load_keys()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(margins("xl", "xl", "l"))
        layout.setSpacing(space("m"))
        # "and", not "&": a screen reader reads a label's "&" as nothing at all.
        layout.addWidget(role_label(self.title.replace("&", "and"), "title"))
        layout.addWidget(role_label(
            "Notice what sets you off, and record what people show you over time.",
            "subtitle", wrap=True))
        self.tabs = QTabBar()
        self.tabs.setAccessibleName("Which log")
        honest_tabs(self.tabs)
        self.tabs.addTab("Trigger log")
        self.tabs.addTab("Evidence wall")
        self.tabs.addTab("Small risks")
        self.tabs.addTab("Journal")
        self.tabs.setExpanding(False)
        layout.addWidget(self.tabs)
        self.steps = StepStack()
        layout.addWidget(self.steps, 1)

        # -- the trigger log -------------------------------------------------------------
        triggers = QWidget()
        t_layout = QVBoxLayout(triggers)
        t_layout.setContentsMargins(margins(0, "s", 0))
        row = QHBoxLayout()
        quick = keys["window.notice.trigger"].label
        self.new_trigger_button = QPushButton(f"Log a &trigger  ({quick})")
        self.new_trigger_button.setProperty("role", "primary")
        self.new_trigger_button.setAccessibleName(
            f"Log a trigger now. {quick} does this from anywhere in Ebbtide")
        row.addWidget(self.new_trigger_button)
        row.addWidget(role_label(
            "When something sets you off: what happened, what you felt, the urge, what "
            "helped.", "muted", wrap=True), 1)
        t_layout.addLayout(row)
        self.trigger_list = EntryList(
            ctx, noun="trigger entry", nouns="trigger entries", words=self.words,
            describe=lambda e: describe_trigger(e, self.words, e.uid in self._checked)
            if isinstance(e, TriggerEntry) else "",
            filters=[
                Filter("Only entries with this tag", "Any tag",
                       lambda es: _most_used([t for e in es if isinstance(e, TriggerEntry)
                                              for t in e.tags]),
                       lambda e, key: isinstance(e, TriggerEntry) and any(
                           t.casefold() == str(key).casefold() for t in e.tags), label="Tag"),
                Filter("Only entries with this urge", "Any urge",
                       lambda es: [(self.words.label("urges", u), u) for u in
                                   dict.fromkeys(u for e in es if isinstance(e, TriggerEntry)
                                                 for u in e.urges)],
                       lambda e, key: isinstance(e, TriggerEntry) and key in e.urges, label="Urge"),
                Filter("Only entries that felt like now, or like then", "Now or then",
                       lambda _es: [(c.label, c.id) for c in self.words.now_or_then],
                       lambda e, key: isinstance(e, TriggerEntry) and e.now_or_then == key,
                       label="Felt like"),
            ],
            empty_text=(
                "Nothing logged yet, and that is fine. When something sets you off, "
                f"press {quick} wherever you are and take thirty seconds: over weeks, "
                "what keeps coming back shows itself, and so does what helps."))
        t_layout.addWidget(self.trigger_list, 1)
        self.check_button = QPushButton("Check this t&hought")
        self.trigger_list.action_row.insertWidget(2, self.check_button)
        self.check_button.clicked.connect(self._check_current)
        self.trigger_list.current_changed.connect(self._show_check_button)
        self._show_check_button(None)
        self.steps.add_step(Step.TRIGGERS, triggers)
        # The other tabs are made when first shown: opening the page builds one list.
        self.lists: dict[Step, EntryList] = {}
        self._builders = {Step.EVIDENCE: self._build_evidence,
                          Step.RISKS: self._build_risks, Step.JOURNAL: self._build_journal}
        self._list_built(Step.TRIGGERS, self.trigger_list)
        self.tabs.currentChanged.connect(lambda i: self.show_step(TABS[i]))
        self.new_trigger_button.clicked.connect(lambda: self.new_entry(KIND_TRIGGER))
        # The forms are made when first needed (the feelings picker is most of the
        # page's cost), or a moment after the page has shown, ready for the next entry.
        self._trigger_editor: TriggerEditor | None = None
        self._evidence_editor: EvidenceEditor | None = None
        self._risk_editor: RiskEditor | None = None
        self._journal_editor: JournalEditor | None = None
        self._prepare = QTimer(self)
        self._prepare.setSingleShot(True)
        self._prepare.setInterval(PREPARE_MS)
        self._prepare.timeout.connect(self._prepare_forms)
        self.show_step(Step.TRIGGERS)


    # -- the tabs, made when first shown ----------------------------------------------------

    def _list_built(self, step: Step, listing: EntryList) -> None:
        self.lists[step] = listing
        listing.open_requested.connect(self.open_entry)

    def _ensure_view(self, step: Step) -> None:
        builder = self._builders.pop(step, None)
        if builder is not None:
            builder()

    def _build_evidence(self) -> None:
        evidence = QWidget(self.steps)  # made inside the stack: styled once, as built
        e_layout = QVBoxLayout(evidence)
        e_layout.setContentsMargins(margins(0, "s", 0))
        row = QHBoxLayout()
        self.new_moment_button = QPushButton("Add a &moment")
        self.new_moment_button.setProperty("role", "primary")
        self.new_moment_button.setAccessibleName(
            "Add a moment: what someone said or promised, and what they did")
        row.addWidget(self.new_moment_button)
        row.addWidget(role_label(
            "Said it, did it: each kept moment is a brick. Broken ones leave a gap, "
            "honestly.", "muted", wrap=True), 1)
        e_layout.addLayout(row)
        self.wall = BrickWall(self.words)
        # The wall scrolls when a long record outgrows its share of the page; the line
        # between wall and list can be dragged.
        wall_scroll = QScrollArea()
        wall_scroll.setWidgetResizable(True)
        wall_scroll.setFrameShape(QFrame.Shape.NoFrame)
        wall_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        wall_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        wall_scroll.setMinimumHeight(130)
        wall_scroll.setWidget(self.wall)
        # Laid from the ground up: a young wall sits at the bottom with room above it.
        wall_scroll.setAlignment(Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft)
        self.wall.current_changed.connect(
            lambda _uid: self._keep_in_view(wall_scroll))
        self.wall_scroll = wall_scroll
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(wall_scroll, 1)
        self.legend = role_label("", "muted", wrap=True)
        top_layout.addWidget(self.legend)
        self.wall_top = top
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(top)
        e_layout.addWidget(self.split, 1)
        self.evidence_list = EntryList(
            self.ctx, noun="moment", nouns="moments", words=self.words,
            describe=lambda e: describe_evidence(e, self.words)
            if isinstance(e, EvidenceEntry) else "",
            filters=[
                Filter("Only moments with this person", "Anyone",
                       lambda es: _most_used([e.who for e in es
                                              if isinstance(e, EvidenceEntry) and e.who]),
                       lambda e, key: isinstance(e, EvidenceEntry) and e.who == key,
                       label="Person"),
                Filter("Only kept, or only broken", "Kept or broken",
                       lambda _es: [("Kept", "kept"), ("Broken", "broken")],
                       lambda e, key: isinstance(e, EvidenceEntry) and e.outcome == key,
                       label="Kept"),
                Filter("Only moments that show this", "Shows anything",
                       lambda _es: [(c.label, c.id) for c in self.words.shows],
                       lambda e, key: isinstance(e, EvidenceEntry) and key in e.shows,
                       label="Shows"),
            ],
            empty_text=(
                "No moments yet. Trust grows from small things noticed over time: a call "
                "made when promised, a hard truth told, care when you were low. Add one "
                "when you see it; broken promises belong here too."))
        self.split.addWidget(self.evidence_list)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        self._split_dragged = False
        self.split.splitterMoved.connect(self._split_moved)
        self.steps.add_step(Step.EVIDENCE, evidence)
        self._list_built(Step.EVIDENCE, self.evidence_list)
        self.new_moment_button.clicked.connect(lambda: self.new_entry(KIND_EVIDENCE))
        self.wall.current_changed.connect(self._wall_moved)
        self.evidence_list.current_changed.connect(self.wall.select_uid)



    def _build_risks(self) -> None:
        # -- small risks ---------------------------------------------------------------------
        risks = QWidget(self.steps)
        r_layout = QVBoxLayout(risks)
        r_layout.setContentsMargins(margins(0, "s", 0))
        row = QHBoxLayout()
        self.new_risk_button = QPushButton("Plan a small &risk")
        self.new_risk_button.setProperty("role", "primary")
        self.new_risk_button.setAccessibleName(
            "Plan a small risk: what you will try, what you fear, how sure you are")
        row.addWidget(self.new_risk_button)
        row.addWidget(role_label(
            "A small experiment: write what you fear and how sure you are, try it, then "
            "see what really happened.", "muted", wrap=True), 1)
        r_layout.addLayout(row)
        self.sure_chart = SureChart()
        r_layout.addWidget(self.sure_chart)
        self.risk_list = EntryList(
            self.ctx, noun="small risk", nouns="small risks", words=self.words,
            describe=lambda e: describe_risk(e, self.words)
            if isinstance(e, RiskEntry) else "",
            filters=[
                Filter("Only risks that went this way", "However it went",
                       lambda _es: [("Better than feared", "better"),
                                    ("About as feared", "as-feared"),
                                    ("It was hard", "hard"),
                                    ("Planned, not tried yet", PLANNED)],
                       lambda e, key: isinstance(e, RiskEntry) and (
                           e.status == "draft" if key == PLANNED
                           else e.status == "done" and e.outcome == key), label="Went"),
                Filter("Only risks with this person", "Anyone",
                       lambda es: _most_used([e.who for e in es
                                              if isinstance(e, RiskEntry) and e.who]),
                       lambda e, key: isinstance(e, RiskEntry) and e.who == key, label="Person"),
            ],
            empty_text=(
                "No small risks yet. Trust grows by testing it a little at a time: say how "
                "you feel, ask for something small, let someone help. Plan one here, and "
                "afterwards write down what really happened."))
        r_layout.addWidget(self.risk_list, 1)
        self.steps.add_step(Step.RISKS, risks)
        self._list_built(Step.RISKS, self.risk_list)
        self.new_risk_button.clicked.connect(lambda: self.new_entry(KIND_RISK))

    def _build_journal(self) -> None:
        # -- the journal ---------------------------------------------------------------------
        journal = QWidget(self.steps)
        j_layout = QVBoxLayout(journal)
        j_layout.setContentsMargins(margins(0, "s", 0))
        self.prompt_index = 0
        card = QFrame()
        card.setProperty("role", "card")
        c_layout = QVBoxLayout(card)
        c_layout.setContentsMargins(margins("l", "m"))
        c_layout.addWidget(role_label("A question to sit with:", "muted"))
        self.prompt_label = role_label("", "subtitle", wrap=True)
        c_layout.addWidget(self.prompt_label)
        self.prompt_hint = role_label("", "muted", wrap=True)
        c_layout.addWidget(self.prompt_hint)
        row = QHBoxLayout()
        self.write_prompt_button = QPushButton("&Write about this")
        self.write_prompt_button.setProperty("role", "primary")
        self.write_prompt_button.setAccessibleName("Write about this question")
        self.next_prompt_button = QPushButton("Another &question")
        self.next_prompt_button.setAccessibleName("Show another question")
        self.free_button = QPushButton("Write &freely")
        self.free_button.setAccessibleName("Write a journal entry with no question")
        for button in (self.write_prompt_button, self.next_prompt_button, self.free_button):
            row.addWidget(button)
        row.addStretch(1)
        c_layout.addLayout(row)
        j_layout.addWidget(card)
        self.journal_list = EntryList(
            self.ctx, noun="journal entry", nouns="journal entries", words=self.words,
            describe=lambda e: describe_journal(e, self.words)
            if isinstance(e, JournalEntry) else "",
            filters=[
                Filter("Only entries answering this question", "Any question",
                       lambda _es: [("Written freely", FREE),
                                    *((c.label, c.id) for c in self.words.journal)],
                       lambda e, key: isinstance(e, JournalEntry) and (
                           e.prompt is None if key == FREE else e.prompt == key), label="Question"),
            ],
            empty_text=(
                "Nothing written yet. These questions are about where mistrust comes from "
                "and what you need to feel safe; there are no right answers, and a few "
                "lines are plenty."))
        j_layout.addWidget(self.journal_list, 1)
        export_row = QHBoxLayout()
        self.export_text_button = QPushButton("Export as &text…")
        self.export_text_button.setAccessibleName(
            "Export the journal entries listed as a plain text file")
        self.export_pdf_button = QPushButton("Export as &PDF…")
        self.export_pdf_button.setAccessibleName(
            "Export the journal entries listed as a PDF")
        export_row.addStretch(1)
        export_row.addWidget(self.export_text_button)
        export_row.addWidget(self.export_pdf_button)
        j_layout.addLayout(export_row)
        self.steps.add_step(Step.JOURNAL, journal)
        self._list_built(Step.JOURNAL, self.journal_list)
        self.show_prompt(0)
        self.write_prompt_button.clicked.connect(
            lambda: self.write_journal(self.words.journal[self.prompt_index].id))
        self.next_prompt_button.clicked.connect(lambda: self.show_prompt(self.prompt_index + 1))
        self.free_button.clicked.connect(lambda: self.write_journal(None))
        self.export_text_button.clicked.connect(lambda: self.export_journal("txt"))
        self.export_pdf_button.clicked.connect(lambda: self.export_journal("pdf"))


    @property
    def trigger_editor(self) -> TriggerEditor:
        if self._trigger_editor is None:
            # Made inside the stack: its style is worked out once, as it is built,
            # rather than again for every widget when it is moved in.
            self._trigger_editor = TriggerEditor(self.ctx, self.words, own_tags=[],
                                                 own_urges=[], parent=self.steps)
            self._add_editor(Step.TRIGGER_ENTRY, self._trigger_editor)
        return self._trigger_editor

    @property
    def evidence_editor(self) -> EvidenceEditor:
        if self._evidence_editor is None:
            self._evidence_editor = EvidenceEditor(self.ctx, self.words, people=[],
                                                   parent=self.steps)
            self._add_editor(Step.EVIDENCE_ENTRY, self._evidence_editor)
        return self._evidence_editor

    @property
    def risk_editor(self) -> RiskEditor:
        if self._risk_editor is None:
            self._risk_editor = RiskEditor(self.ctx, self.words, people=[], parent=self.steps)
            self._add_editor(Step.RISK_ENTRY, self._risk_editor)
        return self._risk_editor

    @property
    def journal_editor(self) -> JournalEditor:
        if self._journal_editor is None:
            self._journal_editor = JournalEditor(self.ctx, self.words, parent=self.steps)
            self._add_editor(Step.JOURNAL_ENTRY, self._journal_editor)
        return self._journal_editor

    def _add_editor(self, step: Step, editor: DraftEditor) -> None:
        self.steps.add_step(step, editor)
        editor.finished.connect(self._finished)
        editor.closed.connect(self._back_to_list)

    def _prepare_forms(self) -> None:
        # A moment after the page shows: the other tabs and the forms, one at a time,
        # so each turn of the event loop stays short.
        if self._builders:
            self._ensure_view(next(iter(self._builders)))
        elif self._trigger_editor is None:
            _ = self.trigger_editor
        elif self._evidence_editor is None:
            _ = self.evidence_editor
        elif self._risk_editor is None:
            _ = self.risk_editor
        elif self._journal_editor is None:
            _ = self.journal_editor
        if self._builders or len(self._editors()) < len(FORM_OF):
            self._prepare.start()

    def _editors(self) -> list[DraftEditor]:
        made = (self._trigger_editor, self._evidence_editor, self._risk_editor,
                self._journal_editor)
        return [e for e in made if e is not None]

    def editor_for(self, kind: str) -> DraftEditor:
        if kind == KIND_TRIGGER:
            return self.trigger_editor
        if kind == KIND_EVIDENCE:
            return self.evidence_editor
        if kind == KIND_RISK:
            return self.risk_editor
        return self.journal_editor

    # -- steps ----------------------------------------------------------------------------

    @property
    def step(self) -> Step:
        step = self.steps.step
        assert isinstance(step, Step)
        return step

    def show_step(self, step: Step) -> None:
        kind = KIND_OF[step]
        if self.step in FORM_OF.values() and step in TABS:
            self.editor_for(KIND_OF[self.step]).flush()
        self._ensure_view(LIST_OF[kind])  # each made when first needed
        if step in FORM_OF.values():
            self.editor_for(kind)
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(TABS.index(LIST_OF[kind]))
        self.tabs.blockSignals(False)
        self.steps.show_step(step)
        if step in TABS and self._stale[step]:
            self.reload()

    def new_entry(self, kind: str) -> None:
        self.open_entry(None, kind)

    def open_entry(self, entry: Entry | None, kind: str | None = None) -> None:
        kind = entry.kind if entry is not None else (kind or KIND_TRIGGER)
        # The form changes its own copy; the one read from the store stays as it is.
        entry = copy.deepcopy(entry)
        self._offer_own_words(kind)
        self.show_step(FORM_OF[kind])
        if kind == KIND_TRIGGER:
            self.trigger_editor.set_checked(entry is not None and entry.uid in self._checked)
        self.editor_for(kind).start(entry)

    # -- "Check this thought": a worksheet from a trigger entry ------------------------------

    def _show_check_button(self, uid: object) -> None:
        checked = isinstance(uid, str) and uid in self._checked
        self.check_button.setEnabled(uid is not None)
        self.check_button.setText("Open its wor&ksheet" if checked else "Check this t&hought")
        self.check_button.setAccessibleName(
            "Open the worksheet this thought was checked in" if checked else
            "Check this thought: start a Name and Check worksheet with what happened and "
            "the feelings filled in")

    def _check_current(self) -> None:
        entry = self.trigger_list.current()
        if isinstance(entry, TriggerEntry):
            self.check_thought(entry)

    def check_thought(self, entry: TriggerEntry) -> None:
        """Open the worksheet this entry was checked in, or start one from it (saved as a
        draft through the one write path, then opened in Name & Check)."""
        existing = self._checked.get(entry.uid)
        if existing is not None:
            self._open_worksheet(existing)
            return
        sheet = worksheet_from_trigger(entry, self.words)

        def started(saved: Worksheet) -> None:
            self._checked[entry.uid] = saved.uid
            self.trigger_list.forget_lines()
            self._open_worksheet(saved.uid)

        def failed(error: Exception) -> None:
            self.trigger_list.notice.setText(f"The worksheet could not be started: {error}")

        worksheet_ops.save_worksheet(self.ctx, WorksheetStore(self.ctx.store), sheet,
                                     initiator=self, on_success=started, on_failure=failed)

    def _open_worksheet(self, uid: str) -> None:
        self.ctx.practice_requested.emit(PageKey.NAMECHECK, {"worksheet": uid})

    def _read_links(self) -> None:
        if not self._links_stale:
            return
        links = WorksheetStore(self.ctx.store).checked_triggers()
        self._links_stale = False
        if links != self._checked:
            self._checked = links
            self.trigger_list.forget_lines()

    def _offer_own_words(self, kind: str) -> None:
        try:
            if kind == KIND_TRIGGER:
                self.trigger_editor.set_offered(self.notices.own_tags(),
                                                self.notices.own_urges())
            elif kind == KIND_EVIDENCE:
                self.evidence_editor.set_people(self.notices.people())
            elif kind == KIND_RISK:
                self.risk_editor.set_people(self.notices.people())
        except StoreError:
            pass  # locked: nothing to offer until it is opened

    def _finished(self, entry: Entry) -> None:
        if isinstance(entry, TriggerEntry) and self.trigger_editor.check_after:
            self.trigger_editor.check_after = False
            self.check_thought(entry)
        step = LIST_OF[entry.kind]
        self.show_step(step)
        self.lists[step].select_uid(entry.uid)
        self.lists[step].list.setFocus()

    def _back_to_list(self) -> None:
        step = LIST_OF[KIND_OF[self.step]]
        self.show_step(step)
        self.lists[step].list.setFocus()

    def _fit_legend(self) -> None:
        """The wall's part never gets less than the wall's least and the whole legend
        under it: on a small window the page scrolls rather than the two overlapping."""
        width = max(1, self.legend.width())
        legend = self.legend.heightForWidth(width) if self.legend.text() else 0
        self.wall_top.setMinimumHeight(self.wall_scroll.minimumHeight() + max(0, legend) + 8)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if Step.EVIDENCE in self.lists:
            QTimer.singleShot(0, self._fit_legend)

    def _fit_split(self) -> None:
        """Give the wall the room it needs (up to most of the page), once laid out,
        until the person drags the line between wall and list themselves."""
        self._fit_legend()
        if self._split_dragged or not self.split.isVisible():
            return
        total = sum(self.split.sizes())
        legend = self.legend.sizeHint().height() + 12
        wall = min(self.wall.wall_height() + legend, int(total * 0.62))
        self.split.setSizes([wall, max(total - wall, 160)])

    def _keep_in_view(self, scroll: QScrollArea) -> None:
        if 0 <= self.wall.current < len(self.wall.bricks):
            centre = self.wall.bricks[self.wall.current].rect.center().toPoint()
            scroll.ensureVisible(centre.x(), centre.y(), 10, 30)

    def _split_moved(self, _pos: int, _index: int) -> None:
        self._split_dragged = True

    def _wall_moved(self, uid: str | None) -> None:
        # A moment filtered out of the list is still read out by the wall itself.
        if uid is not None:
            self.evidence_list.select_uid(uid)

    # -- the journal ----------------------------------------------------------------------

    def show_prompt(self, index: int) -> None:
        questions = self.words.journal
        self.prompt_index = index % len(questions)
        choice = questions[self.prompt_index]
        self.prompt_label.setText(choice.label)
        self.prompt_hint.setText(choice.description)

    def write_journal(self, prompt: str | None) -> None:
        self.journal_editor.set_prompt(prompt)
        self.new_entry(KIND_JOURNAL)

    def ask_export_path(self, kind: str) -> Path | None:
        stamp = datetime.now().strftime("%Y-%m-%d")
        suggested = Path.home() / f"ebbtide-journal-{stamp}.{kind}"
        filters = "Plain text (*.txt)" if kind == "txt" else "PDF (*.pdf)"
        chosen, _ = QFileDialog.getSaveFileName(self, "Export journal", str(suggested),
                                                filters)
        return Path(chosen) if chosen else None

    def export_journal(self, kind: str) -> None:
        """The entries listed now (after search and filters), newest first."""
        entries = [e for e in self.journal_list.found() if isinstance(e, JournalEntry)]
        if not entries:
            self.journal_list.notice.setText("Nothing listed to export.")
            return
        path = self.ask_export_path(kind)
        if path is None:
            return
        try:
            if kind == "pdf":
                write_journal_pdf(entries, self.words, path)
            else:
                write_journal_text(entries, self.words, path)
        except OSError as exc:
            self.ctx.notice.emit(f"Could not export there ({exc.strerror or 'error'}). "
                                 "Try another folder.")
            return
        n = len(entries)
        self.journal_list.notice.setText(
            f"Exported {n} entr{'ies' if n != 1 else 'y'} to {path.name}.")
        self.ctx.notice.emit(f"Exported to {path.name}. It holds your own words: keep it "
                             "somewhere private.")

    # -- data ---------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read again the log the person is looking at (the others wait until shown)."""
        step = LIST_OF[KIND_OF[self.step]]
        self._stale[step] = False
        try:
            if step is Step.TRIGGERS:
                self._read_links()
                self.trigger_list.set_entries(list(self.notices.triggers(drafts=True)))
            elif step is Step.EVIDENCE:
                self._show_evidence(self.notices.evidence(drafts=True),
                                    self.notices.risks())
            elif step is Step.RISKS:
                risks = self.notices.risks(drafts=True)
                self.risk_list.set_entries(list(risks))
                self.sure_chart.set_entries([r for r in risks if r.status == "done"])
            else:
                self.journal_list.set_entries(list(self.notices.journal(drafts=True)))
        except StoreError:
            for listing in self.lists.values():
                listing.show_message(LOCKED)
            if Step.EVIDENCE in self.lists:
                self.wall.set_entries([])
                self.legend.setText("")
            if Step.RISKS in self.lists:
                self.sure_chart.set_entries([])
            self._stale = dict.fromkeys(self._stale, True)

    def _show_evidence(self, evidence: list[EvidenceEntry], risks: list[RiskEntry]) -> None:
        self.evidence_list.set_entries(list(evidence))
        done = [e for e in evidence if e.status == "done"]
        brave = [r for r in risks if r.kept]  # small risks that went better than feared
        self.wall.set_entries([*done, *brave])
        QTimer.singleShot(0, self._fit_split)
        kept = sum(1 for e in done if e.kept)
        if done or brave:
            tints = ", ".join(c.label.lower() for c in self.words.shows)
            risk_words = (f" and {len(brave)} small risk{'s' if len(brave) != 1 else ''} "
                          "that went better than feared (outlined inside)" if brave else "")
            self.legend.setText(
                f"{kept} kept moment{'s' if kept != 1 else ''}{risk_words}, "
                f"{len(done) - kept} broken. Deeper to paler: {tints}. Hover a brick, or "
                "move through them with the arrow keys, to read it.")
        else:
            self.legend.setText("")
        self.wall.select_uid(self.evidence_list.current_uid())

    def data_changed(self, notice: ChangeNotice) -> None:
        if notice.touches(Change.LOCK):
            self.notices.forget()  # no words kept in memory past a lock
        if notice.touches(Change.WORKSHEETS | Change.LOCK):
            self._links_stale = True
            self._stale[Step.TRIGGERS] = True
        if notice.touches(Change.LOGS | Change.LOCK | Change.WORKSHEETS):
            if notice.touches(Change.LOGS | Change.LOCK):
                self._stale = dict.fromkeys(self._stale, True)
            if self.isVisible() and self.step in TABS:
                self.reload()

    # -- coming and going -------------------------------------------------------------------

    def start_practice(self, options: dict[str, object]) -> None:
        kind = options.get("entry")
        prompt = options.get("prompt")
        known = [c.id for c in self.words.journal]
        if kind == KIND_JOURNAL and isinstance(prompt, str) and prompt in known:
            # The weekly question: the journal shows it, and an entry on it opens.
            self._ensure_view(Step.JOURNAL)
            self.show_prompt(known.index(prompt))
            self.write_journal(prompt)
            return
        self.new_entry(kind if isinstance(kind, str) and kind in LIST_OF else KIND_TRIGGER)

    def page_shown(self) -> None:
        if self.step in TABS and self._stale[self.step]:
            self.reload()
        if self._builders or len(self._editors()) < len(FORM_OF):
            self._prepare.start()

    def page_hidden(self) -> None:
        self._prepare.stop()
        for editor in self._editors():
            editor.flush()
        # Undo lasts until the person leaves the page; then deleted entries go for good.
        if any(listing.last_deleted for listing in self.lists.values()):
            for listing in self.lists.values():
                listing.forget_undo()
            logs_ops.forget_deleted(self.ctx, initiator=self)
