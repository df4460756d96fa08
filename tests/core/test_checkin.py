"""A check-in: a vocabulary word is a plain fact; a word of the person's own is sealed."""

from __future__ import annotations

from ebbtide.core.checkin import feeling_suggestions, make_checkin
from ebbtide.core.store import Store


def test_a_vocabulary_word_is_counted_and_an_own_word_is_kept_as_a_note(store: Store) -> None:
    known = make_checkin(6, "  Betrayed ", now_utc=1_750_000_000.0)
    assert known.details["feelings"] == ["betrayed"] and known.note == ""
    own = make_checkin(4, "like  the floor tilted", now_utc=1_750_000_100.0)
    assert own.details["feelings"] == [] and own.note == "like the floor tilted"
    saved = store.add_session(own)
    raw = store.conn.execute("SELECT details FROM sessions WHERE id=?", (saved.id,)).fetchone()
    assert "floor" not in raw[0]  # the person's words never sit in the plain details


def test_suggestions_are_the_vocabulary_in_order() -> None:
    words = feeling_suggestions()
    assert words == sorted(words) and "betrayed" in words and "safe" in words
