"""The record a breathing session leaves: one function, used by the Breathe page and by
the "steady me now" path, so both save sessions Progress reads the same way."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from ebbtide.core.breathing import BreathingSession
from ebbtide.core.patterns import Pattern
from ebbtide.core.sessions import SessionKind, SessionRecord, worth_saving


def breathing_record(pattern: Pattern, session: BreathingSession, *, started_utc: float,
                     distress_before: int | None, completed: bool,
                     extra: Mapping[str, Any] | None = None) -> SessionRecord | None:
    """The session as practised so far, or None when there was too little to keep."""
    state = session.state()
    practised = max(0.0, state.breathing_s)
    if not worth_saving(practised, rated_before=distress_before is not None):
        return None
    ramp = session.schedule.ramp
    planned_end = session.end_time()
    details: dict[str, Any] = {
        "phases": pattern.definition(),
        "ramp": None if ramp is None else {"target_bpm": ramp.target_bpm,
                                           "minutes": ramp.minutes},
        "plan": {"mode": session.plan.mode.value, "amount": session.plan.amount},
        "planned_s": None if planned_end is None else round(planned_end, 1),
        "actual_s": round(practised, 1),
        "cycles_completed": state.cycles_completed,
        "pace_steps": session.schedule.pace_steps,
    }
    if pattern.preset:
        details["label"] = pattern.name
    details.update(extra or {})
    return SessionRecord(
        kind=SessionKind.BREATHING,
        started_utc=started_utc,
        ended_utc=time.time(),
        content_id=pattern.id,
        duration_s=practised,
        distress_before=distress_before,
        completed=completed,
        details=details,
    )
