"""A worksheet as plain text: to save, print, or bring to a therapist. The PDF export
lays this same text out with Qt's own writer (in the UI)."""

from __future__ import annotations

import html
from datetime import datetime

from ebbtide.core.feelings import Vocabulary, load_vocabulary
from ebbtide.core.traps import Traps, load_traps
from ebbtide.core.worksheet import Worksheet, WorksheetPrompts, load_prompts


def _rating(value: int | None, top: int = 100) -> str:
    return "not rated" if value is None else f"{value} / {top}"


class Heading(str):
    """A line that names a part of the worksheet (bold in the PDF)."""


class Words(str):
    """The person's own words, kept exactly, line breaks and all."""


def _block(title: str, body: str) -> list[str]:
    if not body.strip():
        return []
    return [Heading(title), Words(body.rstrip("\n")), ""]


def export_filename(sheet: Worksheet, suffix: str) -> str:
    """A file name that says what and when, and never contains the person's words."""
    when = datetime.fromtimestamp(sheet.created_utc).strftime("%Y-%m-%d-%H%M")
    return f"ebbtide-worksheet-{when}.{suffix}"


def worksheet_text(
    sheet: Worksheet,
    prompts: WorksheetPrompts | None = None,
    vocabulary: Vocabulary | None = None,
    traps: Traps | None = None,
) -> str:
    """Every filled part of the worksheet, in step order, as readable plain text.
    Empty steps are left out; the person's words are kept exactly."""
    lines = worksheet_lines(sheet, prompts, vocabulary, traps)
    return "\n".join(lines).rstrip("\n") + "\n"


def worksheet_html(
    sheet: Worksheet,
    prompts: WorksheetPrompts | None = None,
    vocabulary: Vocabulary | None = None,
    traps: Traps | None = None,
) -> str:
    """The same as `worksheet_text`, as simple HTML for the PDF: headings in bold, the
    person's words escaped and kept with their line breaks."""
    parts = []
    for n, line in enumerate(worksheet_lines(sheet, prompts, vocabulary, traps)):
        text = html.escape(line)
        if n == 0:
            parts.append(f"<h2>{text}</h2>")
        elif isinstance(line, Heading):
            parts.append(f"<h3>{text}</h3>")
        elif isinstance(line, Words):
            parts.append(f'<p style="white-space: pre-wrap;">{text}</p>')
        elif line:
            indent = len(line) - len(line.lstrip(" "))
            parts.append(f"<div>{'&nbsp;' * indent * 2}{text.strip()}</div>")
    return "<html><body>" + "\n".join(parts) + "</body></html>"


def worksheet_lines(
    sheet: Worksheet,
    prompts: WorksheetPrompts | None = None,
    vocabulary: Vocabulary | None = None,
    traps: Traps | None = None,
) -> list[str]:
    """The export as lines; `Heading` and `Words` lines say what they are."""
    prompts = prompts or load_prompts()
    vocabulary = vocabulary or load_vocabulary()
    traps = traps or load_traps()
    steps = prompts.steps
    when = datetime.fromtimestamp(sheet.created_utc).strftime("%A %d %B %Y, %H:%M")
    lines: list[str] = [Heading(f"Name & Check worksheet — {when}"),
             "Finished" if sheet.status == "done" else "Not finished yet", ""]

    if sheet.distress_before is not None or sheet.distress_after is not None:
        lines += [f"Distress at the start: {_rating(sheet.distress_before, 10)}",
                  f"Distress at the end: {_rating(sheet.distress_after, 10)}", ""]

    lines += _block(f"1. {steps['situation'].title}", sheet.situation)

    if sheet.feelings or sheet.body_places or sheet.urges or sheet.own_urge.strip():
        lines.append(Heading(f"2. {steps['feelings'].title}"))
        for f in sheet.feelings:
            known = vocabulary.lookup(f.word) if not f.own else None
            meaning = f" — {known.definition}" if known else " (my own word)"
            lines.append(f"   • {f.word}{meaning}")
            lines.append(f"     at the start {_rating(f.before)}; "
                         f"at the end {_rating(f.after)}")
        if sheet.body_places:
            lines.append(f"   Where I felt it: {', '.join(sheet.body_places)}")
        urge_texts = {u.id: u.text for u in steps["feelings"].urges}
        if sheet.urges or sheet.own_urge.strip():
            lines.append("   What it made me want to do:")
            lines += [f"   • {urge_texts.get(u, u)}" for u in sheet.urges]
            if sheet.own_urge.strip():
                lines.append(Words(sheet.own_urge.rstrip("\n")))
        lines.append("")

    if sheet.thoughts.strip() or sheet.hot_thought.strip() or sheet.belief_before is not None:
        lines.append(Heading(f"3. {steps['thoughts'].title}"))
        if sheet.thoughts.strip():
            lines.append(Words(sheet.thoughts.rstrip("\n")))
        if sheet.hot_thought.strip():
            lines.append(f"   The hot thought: {sheet.hot_thought}")
        lines.append(f"   How much I believed it: {_rating(sheet.belief_before)}")
        lines.append("")

    if sheet.traps or sheet.own_traps:
        lines.append(Heading(f"4. {steps['traps'].title}"))
        for trap_id in sheet.traps:
            trap = traps.lookup(trap_id)
            lines.append(f"   • {trap.name} — {trap.description}" if trap else f"   • {trap_id}")
        for own in sheet.own_traps:
            lines.append(f"   • {own} (my own name for it)")
        lines.append("")

    if sheet.evidence_for.strip() or sheet.evidence_against.strip():
        lines.append(Heading(f"5. {steps['evidence'].title}"))
        lines += _block("   For:", sheet.evidence_for)
        lines += _block("   Against:", sheet.evidence_against)

    exp = prompts.expectations
    for number, step_id in ((6, "now-or-then"), (7, "expectations"), (8, "if-fear-true")):
        section: list[str] = []
        if step_id == "expectations":
            if sheet.pattern:
                section.append(f"   {exp.pattern_question} {exp.pattern_choices[sheet.pattern]}")
            if sheet.accountability:
                section.append(f"   {exp.accountability_question} "
                               f"{exp.accountability_choices[sheet.accountability]}")
            if sheet.red_flags:
                section.append("   Red flags I noticed:")
                section += [f"   • {exp.red_flags.get(flag, flag)}" for flag in sheet.red_flags]
        if step_id == "if-fear-true" and sheet.fits_facts:
            fits = steps[step_id]
            section.append(f"   {fits.fits_question} {fits.fits_choices[sheet.fits_facts]}")
        for question in steps[step_id].questions:
            answer = sheet.answers.get(question.id, "")
            if answer.strip():
                section += [f"   {question.text}", Words(answer.rstrip("\n"))]
        if section:
            lines += [Heading(f"{number}. {steps[step_id].title}"), *section, ""]

    if sheet.balanced_thought.strip() or sheet.balanced_belief is not None:
        lines.append(Heading(f"9. {steps['balanced'].title}"))
        if sheet.balanced_thought.strip():
            lines.append(Words(sheet.balanced_thought.rstrip("\n")))
        lines.append(f"   How much I believe it: {_rating(sheet.balanced_belief)}")
        lines.append("")

    changes = sheet.changes()
    if changes:
        lines.append(Heading(f"10. {steps['rerate'].title}: start → end"))
        for change in changes:
            lines.append(f"   {change.label}: {_rating(change.before, change.scale_max)} → "
                         f"{_rating(change.after, change.scale_max)}")
        lines.append("")
    return lines
