"""The Name & Check worksheet as pure data: its ten steps, what a person wrote in each,
checks on what may be stored, the before → after changes shown at the end, and the
one next step it ends on (`next_step`). The safety path lives here too: red flags about
fear, control or harm (`safety_flag_on`) hide every prompt that involves the other
person (`visible_prompts`) and turn the next step into the safety card.

The structure follows the seven-column thought record (situation, moods 0–100, the
thoughts with a hot one, evidence for and against, a balanced thought, re-rating) and
DBT's "check the facts", joined with the rebuilding-trust guide's own questions. The
words a person sees live in resources/content/prompts.toml (`load_prompts`).

Nothing here logs, and no error message ever contains what the person wrote.
"""

from __future__ import annotations

import functools
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ebbtide.core.content import (
    TomlSource,
    check_known_keys,
    load_content,
    one_line_text,
    table_of,
)
from ebbtide.core.feelings import MAX_OWN_WORD, Vocabulary, load_vocabulary, normalise_word

STEP_IDS: tuple[str, ...] = (
    "situation",
    "feelings",
    "thoughts",
    "traps",
    "evidence",
    "now-or-then",
    "expectations",
    "if-fear-true",
    "balanced",
    "rerate",
)
#: From this step on (0-based, "the thoughts") the hot thought stays in view.
HOT_THOUGHT_STEP = STEP_IDS.index("thoughts")

PATTERN_CHOICES = ("mistake", "pattern", "unsure")
ACCOUNTABILITY_CHOICES = ("yes", "partly", "no", "unsure")
#: "Does what I feel fit the facts?" — the answer that picks the next step.
FITS_CHOICES = ("yes", "partly", "no", "unsure")
STATUSES = ("draft", "done")

RATING_MAX = 100  # feelings and beliefs
DISTRESS_MAX = 10  # the same 0–10 scale as every other practice
# Generous on purpose (a whole letter can be pasted into one field); only here so a
# runaway paste cannot fill the disk.
MAX_TEXT = 4_000_000
# 2: urges, own_urge and fits_facts; feeling words renamed in feelings.toml are stored
# by their new name (a version-1 body is upgraded as it is read).
# 3: from_trigger (the trigger entry it was started from) and quotes (moments quoted
# from the evidence log). A version-2 body reads as one with neither.
FORMAT_VERSION = 3
QUOTE_SIDES = ("for", "against")
MAX_QUOTES = 200


class WorksheetError(ValueError):
    """A worksheet that cannot be stored as it is. The message never quotes its text."""


def new_uid() -> str:
    return uuid.uuid4().hex


@dataclass
class FeelingEntry:
    """One named feeling with its intensity at the start and on re-rating (0–100)."""

    word: str
    before: int | None = None
    after: int | None = None
    own: bool = False  # the person's own word, not one from the vocabulary

    def to_dict(self) -> dict[str, Any]:
        return {"word": self.word, "before": self.before, "after": self.after,
                "own": self.own}


@dataclass
class Quote:
    """A moment from the evidence log quoted into evidence for or against: which entry
    (its uid, so it can be found again), which side, and the line as it was quoted."""

    uid: str
    side: str  # one of QUOTE_SIDES
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"uid": self.uid, "side": self.side, "text": self.text}


@dataclass(frozen=True)
class Change:
    """A rating at the start and at the end, for the side-by-side summary."""

    kind: str  # "feeling", "belief", "distress"
    label: str
    before: int | None
    after: int | None
    scale_max: int

    @property
    def delta(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass
class Worksheet:
    uid: str = field(default_factory=new_uid)
    created_utc: float = field(default_factory=time.time)
    updated_utc: float = 0.0
    status: str = "draft"
    step: int = 0  # where the person was, so a draft reopens there
    active_s: float = 0.0  # time actually spent on it, across visits
    distress_before: int | None = None
    distress_after: int | None = None
    # 1 What happened
    situation: str = ""
    # 2 Feelings, where they sit, and what they make the person want to do
    feelings: list[FeelingEntry] = field(default_factory=list)
    body_places: list[str] = field(default_factory=list)
    urges: list[str] = field(default_factory=list)  # urge ids
    own_urge: str = ""
    # 3 Thoughts
    thoughts: str = ""
    hot_thought: str = ""
    belief_before: int | None = None
    # 4 Thinking traps
    traps: list[str] = field(default_factory=list)  # trap ids
    own_traps: list[str] = field(default_factory=list)  # the person's own names
    # 5 Evidence (one item a line, kept exactly as typed)
    evidence_for: str = ""
    evidence_against: str = ""
    # 6–8 The guide's and DBT's questions: question id → answer
    answers: dict[str, str] = field(default_factory=dict)
    # 7 Realistic expectations
    pattern: str = ""
    accountability: str = ""
    red_flags: list[str] = field(default_factory=list)
    # 8 If the fear came true: does the feeling fit the facts? (one of FITS_CHOICES)
    fits_facts: str = ""
    # 9 Balanced thought
    balanced_thought: str = ""
    balanced_belief: int | None = None
    # 10 Re-rate (feelings' `after` lives on each FeelingEntry)
    belief_after: int | None = None
    # Where it came from: the uid of a trigger entry ("Check this thought"), or "".
    from_trigger: str = ""
    # Moments quoted from the evidence log (their lines are also in evidence_for/against).
    quotes: list[Quote] = field(default_factory=list)
    # Set by the store, not part of the stored body.
    session_id: int | None = None

    # -- editing -------------------------------------------------------------------

    def add_feeling(self, word: str, vocabulary: Vocabulary, intensity: int | None = None
                    ) -> FeelingEntry | None:
        """Add a feeling by word. A vocabulary word is stored in its canonical form; any
        other word is kept as the person typed it (trimmed) and marked as their own.
        Returns None when it is empty or already named."""
        cleaned = " ".join(word.split())
        if not cleaned or self.find_feeling(cleaned) is not None:
            return None
        if len(cleaned) > MAX_OWN_WORD:
            raise WorksheetError(f"A feeling word can be at most {MAX_OWN_WORD} characters.")
        known = vocabulary.lookup(cleaned)
        entry = FeelingEntry(known.word if known else cleaned, intensity, None,
                             own=known is None)
        self.feelings.append(entry)
        return entry

    def find_feeling(self, word: str) -> FeelingEntry | None:
        key = normalise_word(word)
        return next((f for f in self.feelings if normalise_word(f.word) == key), None)

    def remove_feeling(self, word: str) -> None:
        entry = self.find_feeling(word)
        if entry is not None:
            self.feelings.remove(entry)

    # -- reading ---------------------------------------------------------------------

    @property
    def vocabulary_feelings(self) -> list[str]:
        return [f.word for f in self.feelings if not f.own]

    @property
    def own_feelings(self) -> list[str]:
        return [f.word for f in self.feelings if f.own]

    @staticmethod
    def hot_thought_visible(step: int) -> bool:
        return step >= HOT_THOUGHT_STEP

    def is_empty(self) -> bool:
        """Nothing entered yet: such a draft is not worth keeping."""
        blank = Worksheet(uid=self.uid, created_utc=self.created_utc,
                          updated_utc=self.updated_utc, status=self.status, step=self.step,
                          active_s=self.active_s, session_id=self.session_id)
        return self.to_dict() == blank.to_dict()

    def step_filled(self, step_id: str) -> bool:
        """Whether the person wrote or chose anything on a step (for the step list)."""
        a = self.answers
        return {
            "situation": bool(self.situation.strip()) or self.distress_before is not None,
            "feelings": bool(self.feelings or self.body_places or self.urges
                             or self.own_urge.strip()),
            "thoughts": bool(self.thoughts.strip() or self.hot_thought.strip()
                             or self.belief_before is not None),
            "traps": bool(self.traps or self.own_traps),
            "evidence": bool(self.evidence_for.strip() or self.evidence_against.strip()),
            "now-or-then": any(a.get(q, "").strip() for q in _questions_of("now-or-then")),
            "expectations": bool(self.pattern or self.accountability or self.red_flags
                                 or any(a.get(q, "").strip()
                                        for q in _questions_of("expectations"))),
            "if-fear-true": bool(self.fits_facts) or any(
                a.get(q, "").strip() for q in _questions_of("if-fear-true")),
            "balanced": bool(self.balanced_thought.strip()
                             or self.balanced_belief is not None),
            "rerate": (self.belief_after is not None or self.distress_after is not None
                       or any(f.after is not None for f in self.feelings)),
        }[step_id]

    def changes(self) -> list[Change]:
        """Each rating at the start and at the end, for the end screen: every feeling,
        belief in the hot thought, and distress. Included when either side is rated."""
        found = [
            Change("feeling", f.word, f.before, f.after, RATING_MAX)
            for f in self.feelings
            if f.before is not None or f.after is not None
        ]
        if self.belief_before is not None or self.belief_after is not None:
            found.append(Change("belief", "Belief in the hot thought", self.belief_before,
                                self.belief_after, RATING_MAX))
        if self.distress_before is not None or self.distress_after is not None:
            found.append(Change("distress", "Distress", self.distress_before,
                                self.distress_after, DISTRESS_MAX))
        return found

    def searchable_text(self) -> str:
        """Everything the person wrote, for searching the history (never logged)."""
        parts = [self.situation, self.own_urge, self.thoughts, self.hot_thought,
                 self.evidence_for, self.evidence_against, self.balanced_thought,
                 *self.answers.values(),
                 *self.own_traps, *(f.word for f in self.feelings), *self.body_places]
        return "\n".join(p for p in parts if p)

    def tags(self) -> dict[str, Any]:
        """Plain facts for filtering without unsealing: vocabulary feeling words, trap
        ids and the dates. A person's own words never go here."""
        return {
            "feelings": self.vocabulary_feelings,
            "traps": list(self.traps),
            "created": _utc_date(self.created_utc),
            "updated": _utc_date(self.updated_utc or self.created_utc),
        }

    def session_details(self) -> dict[str, Any]:
        """`details` for the SessionKind.WORKSHEET session: numbers and vocabulary ids only.
        Red flags are never here: what a person ticked about their safety stays in the
        sealed worksheet and counts in no chart."""
        vocab = [f for f in self.feelings if not f.own]
        return {
            "label": "Name & Check worksheet",
            "feelings": [f.word for f in vocab],
            "feelings_before": {f.word: f.before for f in vocab if f.before is not None},
            "feelings_after": {f.word: f.after for f in vocab if f.after is not None},
            "belief_before": self.belief_before,
            "belief_after": self.belief_after,
            "balanced_belief": self.balanced_belief,
            "traps": list(self.traps),
        }

    # -- checking and (de)serialising ---------------------------------------------------

    def problems(self) -> list[str]:
        """Everything that stops this worksheet being stored, in plain words. Run on
        every body read too (the history reads them all), so the usual case — nothing
        wrong — is checked without building a message."""
        found: list[str] = []

        def rating(value: Any, what: str, top: int) -> None:
            if value is None:
                return
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top:
                found.append(f"{what} must be a whole number from 0 to {top}.")

        def text(value: Any, what: str) -> None:
            if not isinstance(value, str):
                found.append(f"{what} must be text.")
            elif len(value) > MAX_TEXT:
                found.append(f"{what} is too long to keep (over {MAX_TEXT:,} characters).")

        if self.status not in STATUSES:
            found.append("The worksheet's status is not one we know.")
        if not isinstance(self.step, int) or not 0 <= self.step < len(STEP_IDS):
            found.append(f"The step must be from 1 to {len(STEP_IDS)}.")
        if not isinstance(self.active_s, int | float) or self.active_s < 0:
            found.append("The time spent cannot be less than nothing.")
        rating(self.distress_before, "Distress at the start", DISTRESS_MAX)
        rating(self.distress_after, "Distress at the end", DISTRESS_MAX)
        for name, what in _TEXT_FIELDS:
            value = getattr(self, name)
            if type(value) is not str or len(value) > MAX_TEXT:
                text(value, what)
        rating(self.belief_before, "Belief in the hot thought", RATING_MAX)
        rating(self.belief_after, "Belief in the hot thought at the end", RATING_MAX)
        rating(self.balanced_belief, "Belief in the balanced thought", RATING_MAX)
        seen: set[str] = set()
        for n, entry in enumerate(self.feelings, start=1):
            if not isinstance(entry.word, str) or not entry.word.strip():
                found.append(f"Feeling {n} needs a word.")
                continue
            if len(entry.word) > MAX_OWN_WORD:
                found.append(f"Feeling {n} is longer than {MAX_OWN_WORD} characters.")
            key = normalise_word(entry.word)
            if key in seen:
                found.append(f"Feeling {n} is named twice.")
            seen.add(key)
            for value, what in ((entry.before, "The intensity of feeling {n}"),
                                (entry.after, "The re-rated intensity of feeling {n}")):
                if value is not None:
                    rating(value, what.format(n=n), RATING_MAX)
        for name in _TEXT_LISTS:
            items = getattr(self, name)
            if not isinstance(items, list) or not _only_text(items):
                found.append(f"The list {name.replace('_', ' ')} must hold only text.")
        if not isinstance(self.answers, dict):
            found.append("The answers must be a table of text.")
        else:
            for key, value in self.answers.items():
                text(key, "An answer's question")
                text(value, "An answer")
        if self.pattern not in _PATTERN_OR_NONE:
            found.append("“Mistake or pattern” must be one of the choices.")
        if self.accountability not in _ACCOUNTABILITY_OR_NONE:
            found.append("“Did they take responsibility” must be one of the choices.")
        if self.fits_facts not in _FITS_OR_NONE:
            found.append("“Does it fit the facts” must be one of the choices.")
        if not isinstance(self.from_trigger, str) or len(self.from_trigger) > 64:
            found.append("The trigger entry it came from is not one we can find.")
        if not isinstance(self.quotes, list) or len(self.quotes) > MAX_QUOTES:
            found.append(f"A worksheet keeps at most {MAX_QUOTES} quoted moments.")
        else:
            for quote in self.quotes:
                if not isinstance(quote, Quote) or quote.side not in QUOTE_SIDES or \
                        not isinstance(quote.uid, str) or not 0 < len(quote.uid) <= 64:
                    found.append("A quoted moment is not in a form we can keep.")
                    break
                text(quote.text, "A quoted moment")
        return found

    def validate(self) -> None:
        problems = self.problems()
        if problems:
            raise WorksheetError(" ".join(problems))

    def to_dict(self) -> dict[str, Any]:
        """The stored body (it is sealed by the store). Store-level facts — status,
        dates, the linked session — live in their own columns."""
        return {
            "version": FORMAT_VERSION,
            "step": self.step,
            "active_s": self.active_s,
            "distress_before": self.distress_before,
            "distress_after": self.distress_after,
            "situation": self.situation,
            "feelings": [f.to_dict() for f in self.feelings],
            "body_places": list(self.body_places),
            "urges": list(self.urges),
            "own_urge": self.own_urge,
            "thoughts": self.thoughts,
            "hot_thought": self.hot_thought,
            "belief_before": self.belief_before,
            "traps": list(self.traps),
            "own_traps": list(self.own_traps),
            "evidence_for": self.evidence_for,
            "evidence_against": self.evidence_against,
            "answers": dict(self.answers),
            "pattern": self.pattern,
            "accountability": self.accountability,
            "red_flags": list(self.red_flags),
            "fits_facts": self.fits_facts,
            "balanced_thought": self.balanced_thought,
            "balanced_belief": self.balanced_belief,
            "belief_after": self.belief_after,
            "from_trigger": self.from_trigger,
            "quotes": [q.to_dict() for q in self.quotes],
        }

    @classmethod
    def from_dict(cls, body: Any, **store_facts: Any) -> Worksheet:
        """Rebuild from a stored body; `store_facts` are uid, status, dates, session_id.
        Raises WorksheetError (never quoting the text) when the body is not usable."""
        if not isinstance(body, dict):
            raise WorksheetError("The saved worksheet is not in a form we can read.")
        version = body.get("version")
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise WorksheetError("This worksheet was saved by a newer Ebbtide.")
        if version < 2:
            body = _upgrade_v1(body)
        known = _body_keys()
        # Keyed by the field names themselves (interned), so the constructor matches its
        # thirty arguments by identity instead of comparing strings from the JSON.
        values = {known[k]: v for k, v in body.items() if k in known}
        try:
            raw_quotes = values.pop("quotes", [])
            if not isinstance(raw_quotes, list):
                raise TypeError("quotes")
            quotes = [Quote(str(q["uid"]), str(q["side"]), str(q["text"]))
                      for q in raw_quotes]
            raw_feelings = values.pop("feelings", [])
            feelings = [
                FeelingEntry(str(f["word"]), f.get("before"), f.get("after"),
                             bool(f.get("own", False)))
                for f in raw_feelings
            ]
            sheet = cls(feelings=feelings, quotes=quotes, **values, **store_facts)
        except (TypeError, KeyError, AttributeError) as exc:
            raise WorksheetError("The saved worksheet is missing parts we need.") from exc
        sheet.validate()
        return sheet


@functools.cache
def _body_keys() -> dict[str, str]:
    """The fields a stored body may set (every key `to_dict` writes but the version),
    each mapped to itself as the field's name, worked out once: making a blank worksheet
    for each body read cost a third of reading the history."""
    return {name: name for name in Worksheet().to_dict() if name != "version"}


_TEXT_FIELDS = (("situation", "What happened"), ("own_urge", "Your own urge"),
                ("thoughts", "The thoughts"), ("hot_thought", "The hot thought"),
                ("evidence_for", "Evidence for"), ("evidence_against", "Evidence against"),
                ("balanced_thought", "The balanced thought"))
_TEXT_LISTS = ("body_places", "urges", "traps", "own_traps", "red_flags")
# Tuples, not sets: a damaged body may hold a list here, which a set could not look up.
_PATTERN_OR_NONE = ("", *PATTERN_CHOICES)
_ACCOUNTABILITY_OR_NONE = ("", *ACCOUNTABILITY_CHOICES)
_FITS_OR_NONE = ("", *FITS_CHOICES)


def _only_text(items: list[Any]) -> bool:
    # A loop, not all(<generator>): read for every list of every worksheet, where
    # making the generator cost more than the checking.
    for item in items:  # noqa: SIM110
        if not isinstance(item, str):
            return False
    return True


def _utc_date(stamp: float) -> str:
    return datetime.fromtimestamp(stamp, UTC).date().isoformat()


def _upgrade_v1(body: dict[str, Any]) -> dict[str, Any]:
    """A version-1 body, read by this version: vocabulary feeling words that have since
    been renamed (feelings.toml `aliases`) take their new name, so an old worksheet
    shows the words of today. Everything else reads as it was."""
    vocabulary = load_vocabulary()
    upgraded = dict(body)
    feelings = body.get("feelings")
    if isinstance(feelings, list):
        renamed = []
        for entry in feelings:
            if isinstance(entry, dict) and not entry.get("own") and isinstance(
                    entry.get("word"), str):
                known = vocabulary.lookup(entry["word"])
                if known is not None and known.word != entry["word"]:
                    entry = {**entry, "word": known.word}
            renamed.append(entry)
        upgraded["feelings"] = renamed
    return upgraded


# ------------------------------------------------------------------------ prompts


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    # It suggests telling, asking or confronting the other person: hidden while a
    # safety flag is on (see `visible_prompts`).
    involves_other: bool = False


@dataclass(frozen=True)
class Urge:
    id: str
    text: str
    opposite: str  # the opposite action, offered when the feeling does not fit the facts


@dataclass(frozen=True)
class StepText:
    id: str
    title: str
    lead: str
    placeholder: str = ""
    hints: tuple[str, ...] = ()
    tip: str = ""
    source: str = ""
    questions: tuple[Question, ...] = ()
    # The feelings step: what the feeling makes the person want to do.
    urges_lead: str = ""
    own_urge_placeholder: str = ""
    urges: tuple[Urge, ...] = ()
    # The if-fear-true step: does the feeling fit the facts? (FITS_CHOICES → words)
    fits_question: str = ""
    fits_choices: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ExpectationTexts:
    pattern_question: str
    accountability_question: str
    pattern_choices: dict[str, str]
    accountability_choices: dict[str, str]
    red_flags_lead: str
    red_flags_named: str
    red_flags: dict[str, str]
    # Flags about fear, control or harm (`safety = true` in the data).
    safety_flags: frozenset[str] = frozenset()
    safety_named: str = ""


@dataclass(frozen=True)
class NextStepText:
    kind: str  # one of NEXT_STEP_KINDS
    title: str
    text: str


@dataclass(frozen=True)
class NextStep:
    """Where a worksheet ends (see `next_step`)."""

    kind: str  # "safety", "fits", "partly", "opposite" or "unsure"
    title: str
    text: str
    opposite_actions: tuple[str, ...] = ()  # for the urges the person ticked
    practices: tuple[str, ...] = ()  # page keys offered in one click ("breathe", …)
    show_safety_card: bool = False


@dataclass(frozen=True)
class WorksheetPrompts:
    intro_title: str
    intro_text: str
    intro_source: str
    distress_before: str
    distress_after: str
    distress_scale: str
    steps: dict[str, StepText]
    expectations: ExpectationTexts
    next_steps: dict[str, NextStepText] = field(default_factory=dict)
    practices: tuple[str, ...] = ()

    def step(self, index: int) -> StepText:
        return self.steps[STEP_IDS[index]]

    def question_text(self, question_id: str) -> str:
        for step in self.steps.values():
            for q in step.questions:
                if q.id == question_id:
                    return q.text
        return question_id


def load_prompts(path: Path | None = None) -> WorksheetPrompts:
    """The worksheet's words (cached), or those in `path` (tests)."""
    return load_content(parse_prompts, path, "prompts.toml")


def _questions_of(step_id: str) -> tuple[str, ...]:
    return tuple(q.id for q in load_prompts().steps[step_id].questions)


_STEP_KEYS = ("title", "lead", "placeholder", "hints", "tip", "source", "questions")
_EXTRA_KEYS = {
    "feelings": ("urges_lead", "own_urge_placeholder", "urges"),
    "expectations": ("pattern_question", "accountability_question", "pattern_choices",
                     "accountability_choices", "red_flags_lead", "red_flags_named",
                     "red_flags", "safety_named"),
    "if-fear-true": ("fits_question", "fits_choices"),
}
NEXT_STEP_KINDS = ("safety", "fits", "partly", "opposite", "unsure")
PRACTICES = ("breathe", "listen")


def parse_prompts(source: TomlSource) -> WorksheetPrompts:
    data = source.data
    check_known_keys(source, data, ("intro", "distress", "steps", "next_step"))
    intro = table_of(source, data.get("intro"), "[intro]", "intro")
    distress = table_of(source, data.get("distress"), "[distress]", "distress")
    steps_table = table_of(source, data.get("steps"), "[steps]", "steps")

    def line(table: dict[str, Any], key: str, *keys: str | int, limit: int = 600) -> str:
        return one_line_text(source, table.get(key), key, *keys, key, limit=limit)

    for step_id in steps_table:
        if step_id not in STEP_IDS:
            raise source.error(f"there is no worksheet step called {step_id!r}",
                               "steps", step_id)
    steps: dict[str, StepText] = {}
    question_ids: set[str] = set()
    for step_id in STEP_IDS:
        if step_id not in steps_table:
            raise source.error(f"the step {step_id!r} is missing", "steps")
        keys = ("steps", step_id)
        table = table_of(source, steps_table[step_id], f"the step {step_id!r}", *keys)
        allowed = _STEP_KEYS + _EXTRA_KEYS.get(step_id, ())
        check_known_keys(source, table, allowed, *keys)
        hints = table.get("hints", [])
        if not isinstance(hints, list):
            raise source.error("hints must be a list of lines", *keys, "hints")
        for hint in hints:
            one_line_text(source, hint, "each hint", *keys, "hints")
        questions: list[Question] = []
        for n, q in enumerate(table.get("questions", [])):
            qkeys = (*keys, "questions", n)
            q_table = table_of(source, q, "a question", *qkeys)
            check_known_keys(source, q_table, ("id", "text", "involves_other"), *qkeys)
            qid = line(q_table, "id", *qkeys, limit=40)
            if qid in question_ids:
                raise source.error(f"the question id {qid!r} is used twice", *qkeys, "id")
            question_ids.add(qid)
            involves = q_table.get("involves_other", False)
            if not isinstance(involves, bool):
                raise source.error("involves_other must be true or false",
                                   *qkeys, "involves_other")
            questions.append(Question(qid, line(q_table, "text", *qkeys), involves))
        placeholder = table.get("placeholder", "")
        if not isinstance(placeholder, str):
            raise source.error("placeholder must be text", *keys, "placeholder")
        steps[step_id] = StepText(
            id=step_id,
            title=line(table, "title", *keys, limit=60),
            lead=line(table, "lead", *keys),
            placeholder=placeholder,
            hints=tuple(hints),
            tip=line(table, "tip", *keys) if "tip" in table else "",
            source=line(table, "source", *keys) if "source" in table else "",
            questions=tuple(questions),
            **_step_extras(source, step_id, table),
        )

    exp = steps_table["expectations"]
    keys = ("steps", "expectations")

    def choices(name: str, expected: tuple[str, ...]) -> dict[str, str]:
        table = table_of(source, exp.get(name), name, *keys, name)
        if tuple(table) != expected:
            raise source.error(f"{name} must have exactly: {', '.join(expected)}",
                               *keys, name)
        return {k: one_line_text(source, v, k, *keys, name, k) for k, v in table.items()}

    flags = table_of(source, exp.get("red_flags"), "red_flags", *keys, "red_flags")
    flag_texts: dict[str, str] = {}
    safety_flags: set[str] = set()
    for flag_id, value in flags.items():
        fkeys = (*keys, "red_flags", flag_id)
        if isinstance(value, dict):
            check_known_keys(source, value, ("text", "safety"), *fkeys)
            if not isinstance(value.get("safety", False), bool):
                raise source.error("safety must be true or false", *fkeys)
            if value.get("safety"):
                safety_flags.add(flag_id)
            value = value.get("text")
        flag_texts[flag_id] = one_line_text(source, value, flag_id, *fkeys)
    if not safety_flags:
        raise source.error("at least one red flag must be marked safety = true (fear, "
                           "control or harm)", *keys, "red_flags")
    expectations = ExpectationTexts(
        pattern_question=line(exp, "pattern_question", *keys),
        accountability_question=line(exp, "accountability_question", *keys),
        pattern_choices=choices("pattern_choices", PATTERN_CHOICES),
        accountability_choices=choices("accountability_choices", ACCOUNTABILITY_CHOICES),
        red_flags_lead=line(exp, "red_flags_lead", *keys),
        red_flags_named=line(exp, "red_flags_named", *keys),
        red_flags=flag_texts,
        safety_flags=frozenset(safety_flags),
        safety_named=line(exp, "safety_named", *keys),
    )
    next_table = table_of(source, data.get("next_step"), "[next_step]", "next_step")
    check_known_keys(source, next_table, ("practices", *NEXT_STEP_KINDS), "next_step")
    practices = next_table.get("practices")
    if not isinstance(practices, list) or not practices or any(
            p not in PRACTICES for p in practices):
        raise source.error(f"practices must list some of: {', '.join(PRACTICES)}",
                           "next_step", "practices")
    next_steps: dict[str, NextStepText] = {}
    for kind in NEXT_STEP_KINDS:
        if kind not in next_table:
            raise source.error(f"the next step {kind!r} is missing", "next_step")
        entry = table_of(source, next_table[kind], f"[next_step.{kind}]", "next_step", kind)
        check_known_keys(source, entry, ("title", "text"), "next_step", kind)
        next_steps[kind] = NextStepText(kind, line(entry, "title", "next_step", kind, limit=80),
                                        line(entry, "text", "next_step", kind))
    return WorksheetPrompts(
        intro_title=line(intro, "title", "intro", limit=80),
        intro_text=one_line_text(source, intro.get("text"), "text", "intro", "text",
                                 limit=1000),
        intro_source=line(intro, "source", "intro"),
        distress_before=line(distress, "before", "distress"),
        distress_after=line(distress, "after", "distress"),
        distress_scale=line(distress, "scale", "distress"),
        steps=steps,
        expectations=expectations,
        next_steps=next_steps,
        practices=tuple(practices),
    )


def _step_extras(source: TomlSource, step_id: str, table: dict[str, Any]) -> dict[str, Any]:
    """The words only one step has: the feelings step's urges, the if-fear-true step's
    "does it fit the facts?" choices."""
    keys = ("steps", step_id)
    if step_id == "feelings":
        urges_table = table_of(source, table.get("urges"), "urges", *keys, "urges")
        urges = []
        for urge_id, entry in urges_table.items():
            ukeys = (*keys, "urges", urge_id)
            body = table_of(source, entry, f"the urge {urge_id!r}", *ukeys)
            check_known_keys(source, body, ("text", "opposite"), *ukeys)
            urges.append(Urge(urge_id, one_line_text(source, body.get("text"), "text",
                                                     *ukeys, "text", limit=80),
                              one_line_text(source, body.get("opposite"), "opposite",
                                            *ukeys, "opposite")))
        if not urges:
            raise source.error("the feelings step needs some urges", *keys, "urges")
        return {
            "urges_lead": one_line_text(source, table.get("urges_lead"), "urges_lead",
                                        *keys, "urges_lead"),
            "own_urge_placeholder": one_line_text(
                source, table.get("own_urge_placeholder"), "own_urge_placeholder",
                *keys, "own_urge_placeholder", limit=80),
            "urges": tuple(urges),
        }
    if step_id == "if-fear-true":
        choices = table_of(source, table.get("fits_choices"), "fits_choices",
                           *keys, "fits_choices")
        if tuple(choices) != FITS_CHOICES:
            raise source.error(f"fits_choices must have exactly: {', '.join(FITS_CHOICES)}",
                               *keys, "fits_choices")
        return {
            "fits_question": one_line_text(source, table.get("fits_question"),
                                           "fits_question", *keys, "fits_question"),
            "fits_choices": {k: one_line_text(source, v, k, *keys, "fits_choices", k)
                             for k, v in choices.items()},
        }
    return {}


# ------------------------------------------------------------------ the safety path


def safety_flag_on(sheet: Worksheet, prompts: WorksheetPrompts | None = None) -> bool:
    """Whether the person ticked a flag about fear, control or harm."""
    flags = (prompts or load_prompts()).expectations.safety_flags
    return any(flag in flags for flag in sheet.red_flags)


def visible_prompts(step: StepText, sheet: Worksheet,
                    prompts: WorksheetPrompts | None = None) -> tuple[Question, ...]:
    """The questions of `step` to show: all of them, except that while a safety flag is
    on, none that suggests telling, asking or confronting the other person."""
    if not safety_flag_on(sheet, prompts):
        return step.questions
    return tuple(q for q in step.questions if not q.involves_other)


def next_step(sheet: Worksheet, prompts: WorksheetPrompts | None = None) -> NextStep:
    """The one next step the worksheet ends on, following DBT's check the facts:
    a safety flag → the safety card; the feeling fits the facts → solve the problem or
    prepare one clear request; it does not → act opposite to its urge, with a practice
    offered; partly → both; not answered or not sure → a practice, then look again."""
    prompts = prompts or load_prompts()
    if safety_flag_on(sheet, prompts):
        text = prompts.next_steps["safety"]
        return NextStep("safety", text.title, text.text, show_safety_card=True)
    kind = {"yes": "fits", "partly": "partly", "no": "opposite"}.get(sheet.fits_facts,
                                                                      "unsure")
    text = prompts.next_steps[kind]
    opposite: tuple[str, ...] = ()
    if kind in ("opposite", "partly"):
        by_id = {u.id: u for u in prompts.steps["feelings"].urges}
        opposite = tuple(by_id[u].opposite for u in sheet.urges if u in by_id)
    practices = prompts.practices if kind != "fits" else ()
    return NextStep(kind, text.title, text.text, opposite, practices)
