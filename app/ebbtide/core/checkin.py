"""A check-in: how much distress right now (0–10), and optionally a word for the feeling.

A word from Ebbtide's feelings vocabulary is a plain fact (charted as "most named");
a word of the person's own is their words, so it is sealed in the session's note.
"""

from __future__ import annotations

from ebbtide.core.feelings import load_vocabulary
from ebbtide.core.store import SessionKind, SessionRecord


def feeling_suggestions() -> list[str]:
    return sorted(load_vocabulary().words())


def make_checkin(distress: int, feeling: str, now_utc: float) -> SessionRecord:
    word = " ".join(feeling.split())  # tidy spaces; keep the person's spelling
    known = load_vocabulary().lookup(word)
    return SessionRecord(
        kind=SessionKind.CHECKIN,
        content_id="checkin",
        started_utc=now_utc,
        ended_utc=now_utc,
        distress_before=distress,
        details={"label": "Check-in", "feelings": [known.word] if known else []},
        note="" if known else word,
    )
