"""Where Notice & record meets Name & Check. Pure core.

- `worksheet_from_trigger`: "Check this thought" on a trigger entry starts a worksheet
  with what the entry already says (what happened, the feelings with how strong, where
  in the body, the urges), and the worksheet remembers the entry it came from
  (`Worksheet.from_trigger`), so the trigger log can show it was checked.
- `quote_evidence`: a moment from the evidence log as one short dated line, for the
  worksheet's evidence for or against ("what has this person done over time?"). The
  worksheet keeps the moment's uid with the line (`Worksheet.quotes`).
"""

from __future__ import annotations

from ebbtide.core.feelings import MAX_OWN_WORD, load_vocabulary
from ebbtide.core.notice import EvidenceEntry, NoticeWords, TriggerEntry, short_when
from ebbtide.core.worksheet import Quote, Worksheet, load_prompts

QUOTE_CHARS = 140  # a quote is a line, not the whole entry: the entry stays in the log


def worksheet_from_trigger(entry: TriggerEntry, words: NoticeWords) -> Worksheet:
    """A new worksheet draft with the trigger entry's situation and feelings filled in."""
    sheet = Worksheet(from_trigger=entry.uid)
    sheet.situation = entry.what.strip()
    vocabulary = load_vocabulary()
    for feeling in entry.feelings:
        try:
            sheet.add_feeling(feeling.word[:MAX_OWN_WORD], vocabulary, feeling.intensity)
        except ValueError:
            continue  # a word the worksheet cannot hold is left in the entry
    sheet.body_places = list(entry.body)
    # The urges both lists share carry over as ticks; the rest as the person's own words.
    worksheet_urges = {u.id for u in load_prompts().steps["feelings"].urges}
    sheet.urges = [u for u in entry.urges if u in worksheet_urges]
    others = [words.label("urges", u).lower() for u in entry.urges
              if u not in worksheet_urges] + list(entry.own_urges)
    sheet.own_urge = ", ".join(others)[:500]
    return sheet


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= QUOTE_CHARS else line[: QUOTE_CHARS - 1] + "…"


def quote_line(entry: EvidenceEntry, words: NoticeWords) -> str:
    """Said “I'll ring at six”; did: “Rang at six” — Sam, kept, Mon 02 Mar 2026 (reliability).
    What they did alone reads as the quote itself."""
    said, did = entry.said.strip(), entry.did.strip()
    if said and did:
        head = f"Said “{_short(said)}”; did: “{_short(did)}”"
    elif said:
        head = f"Said “{_short(said)}”"
    else:
        head = f"“{_short(did)}”" if did else "A moment"
    facts = [entry.who.strip()] if entry.who.strip() else []
    facts.append("kept" if entry.kept else "broken")
    facts.append(short_when(entry.occurred_utc, clock=False))
    shows = ", ".join(words.label("shows", s).lower() for s in entry.shows)
    tail = f" ({shows})" if shows else ""
    return f"{head} — {', '.join(facts)}{tail}"


def quote_evidence(sheet: Worksheet, entries: list[EvidenceEntry], side: str,
                   words: NoticeWords) -> int:
    """Add each moment as a line under evidence `side` ("for" or "against") and remember
    it. A moment already quoted on that side is not added twice. Returns how many."""
    field = "evidence_for" if side == "for" else "evidence_against"
    have = {q.uid for q in sheet.quotes if q.side == side}
    lines = []
    for entry in entries:
        if entry.uid in have:
            continue
        line = quote_line(entry, words)
        sheet.quotes.append(Quote(entry.uid, side, line))
        lines.append(line)
    if lines:
        text = getattr(sheet, field).rstrip("\n")
        setattr(sheet, field, "\n".join([text, *lines] if text else lines))
    return len(lines)


def keep_quotes_in_text(sheet: Worksheet) -> None:
    """A quote whose line the person has since taken out of the box is forgotten too."""
    texts = {"for": sheet.evidence_for, "against": sheet.evidence_against}
    sheet.quotes = [q for q in sheet.quotes if q.text in texts.get(q.side, "")]
